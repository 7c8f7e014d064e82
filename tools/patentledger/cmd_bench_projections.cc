// bench projections: replay of the three projections from the local store
// against a raw sequential scan of the events column family, incremental
// catch-up latency, peak RSS.
//
// The ledger is built here fast: the sample generator's envelopes (real
// Ed25519 signatures) are sealed by the node's Sequencer with every
// signature taken as valid -- verification (~100 us each) is what the
// ingest benchmark measures, not this one; `verify` still passes on the
// result. Measurements run in child processes (`--phase`), so the peak RSS
// printed is the replay's own, not the builder's.
//
// The machine is shared and noisy: a replay's ratio to the raw scan moves
// by a tenth or more between runs. `--rounds N` runs the replay child N
// times (each its own raw scan and fresh replay) and prints the round with
// the median ratio, the range of the ratios and the largest peak RSS.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <vector>

#include <nlohmann/json.hpp>

#include "ledger/codec/codec.h"
#include "ledger/crypto/crypto.h"
#include "ledger/domain/identifiers.h"
#include "ledger/node/precheck.h"
#include "ledger/node/sequencer.h"
#include "ledger/sample/generator.h"
#include "ledger/store/store.h"
#include "tools/patentledger/bench_machine.h"
#include "tools/patentledger/cli.h"
#include "tools/patentledger/projection_cli.h"

namespace pl::cli {
namespace {

using Clock = std::chrono::steady_clock;
// How long a store may take to settle (no compaction running or pending)
// before a measurement.
constexpr double kSettleSecondsMax = 1800;
double Since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

class BenchLedger {
 public:
  static Result<std::unique_ptr<BenchLedger>> Create(const std::string& dir, std::uint32_t partitions,
                                                     std::uint64_t seed) {
    std::unique_ptr<BenchLedger> b(new BenchLedger());
    b->dir_ = dir;
    auto gen = sample::Generator::Create({.seed = seed, .submissions = std::size_t(1) << 40, .reject_share = 0.0});
    if (!gen.ok()) return gen.status();
    b->gen_ = std::move(*gen);
    const auto& a = b->gen_->authority();
    store::LedgerConfig config;
    config.origin = "bench-projections";
    config.partitions = partitions;
    config.anchor = {a.key.public_key().key_id(), a.key.public_key().algorithm(), a.key.public_key().raw(),
                     a.organisation, domain::kRoleAuthority, false, 0};
    auto store = store::Store::Create(dir, config);
    if (!store.ok()) return store.status();
    return b;
  }

  // Seals generated submissions until `count` more events are stored.
  Status Append(std::uint64_t count) {
    auto store = store::Store::Open(dir_);
    if (!store.ok()) return store.status();
    node::KeyCache cache;
    auto seq = node::Sequencer::Open(store->get(), &cache);
    if (!seq.ok()) return seq.status();
    std::uint64_t added = 0;
    Progress progress("sealing");
    while (added < count) {
      (*seq)->BeginGroup(NowUtcUs());
      std::vector<Bytes> envelopes;
      for (std::size_t i = 0; i < 4096 && added < count; ++i) {
        sample::Generated g;
        if (!gen_->Next(&g)) return Status::Internal("generator ran dry");
        envelopes.push_back(std::move(g.envelope));
        node::Prechecked pc = Trusted(envelopes.back());
        auto r = (*seq)->Admit(pc, envelopes.back());
        if (!r.ok()) return r.status();
        if (r->accepted() && !r->replayed) ++added;
      }
      PL_RETURN_IF_ERROR((*seq)->Commit());
      progress.Tick(added);
    }
    progress.Finish(added);
    // Closing the store would leave its compactions to the next process
    // to open it: the measurements below, on a settled ledger instead.
    return (*store)->WaitForCompactions(kSettleSecondsMax);
  }

 private:
  BenchLedger() = default;
  // Precheck without the signature check (see the file comment).
  static node::Prechecked Trusted(const Bytes& envelope) {
    node::Prechecked pc;
    auto view = codec::VerifyEnvelope(envelope);
    PL_ASSERT(view.ok());  // the generator's own bytes
    auto s = codec::DecodeSubmission(view->submission_bytes);
    PL_ASSERT(s.ok());
    pc.submission = std::move(*s);
    pc.submission_bytes = view->submission_bytes;
    pc.digest = crypto::Sha256(view->submission_bytes);
    for (const auto& sig : view->signatures) {
      pc.signatures.push_back(sig.signature);
      pc.outcomes.push_back({std::string(sig.key_id), domain::SignatureCheck::kValid});
    }
    if (!domain::IsKeyEvent(pc.submission.body)) {
      pc.canonical_patent = domain::CanonicalPatentNumber(pc.submission.patent).value_or("");
    }
    return pc;
  }
  std::string dir_;
  std::unique_ptr<sample::Generator> gen_;
};

// CPU seconds (user + system, all threads) used by this process so far.
double CpuSeconds() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// Child: raw scan, then a full replay into WORK/state.
int ReplayPhase(const std::string& work, std::size_t batch) {
  auto store = store::Store::Open(work + "/ledger");
  if (!store.ok()) return Fail(store.status());
  auto scan = [&](std::uint64_t* bytes) {
    std::uint64_t n = 0;
    for (std::uint32_t p = 0; p < (*store)->partitions(); ++p) {
      Status s = (*store)->ScanEvents(p, 0, [&](std::uint64_t, ByteSpan sealed) {
        *bytes += sealed.size() + sealed[sealed.size() / 2];
        ++n;
        return true;
      });
      if (!s.ok()) return std::uint64_t(0);
    }
    return n;
  };
  std::uint64_t bytes = 0;
  scan(&bytes);  // warm the page cache: both timed runs read warm data
  bytes = 0;
  auto t0 = Clock::now();
  double cpu0 = CpuSeconds();
  std::uint64_t raw_events = scan(&bytes);
  double raw_s = Since(t0), raw_cpu = CpuSeconds() - cpu0;
  // The same scan with work done on each event (one thread); the events
  // and seconds, or the first failure.
  auto timed_scan = [&](auto&& per_event, std::uint64_t* events, double* seconds) {
    *events = 0;
    const auto start = Clock::now();
    for (std::uint32_t p = 0; p < (*store)->partitions(); ++p) {
      Status bad;
      Status s = (*store)->ScanEvents(p, 0, [&](std::uint64_t, ByteSpan sealed) {
        bad = per_event(sealed);
        ++*events;
        return bad.ok();
      });
      PL_RETURN_IF_ERROR(s);
      PL_RETURN_IF_ERROR(bad);
    }
    *seconds = Since(start);
    return Status::Ok();
  };
  // Each event's FlatBuffers verified and its leaf hashed, nothing decoded
  // into domain values: what any reader that checks the chain must do.
  std::uint64_t verified = 0;
  double verify_s = 0;
  Status s = timed_scan(
      [](ByteSpan sealed) {
        auto view = codec::DecodeSealedEvent(sealed);
        if (!view.ok()) return view.status();
        static constexpr std::uint8_t kLeafPrefix = 0x00;  // OpenSSL's: not optimised away
        (void)crypto::Sha256({ByteSpan(&kLeafPrefix, 1), sealed});
        return Status::Ok();
      },
      &verified, &verify_s);
  if (!s.ok()) return Fail(s);
  // Each event decoded and hashed as the replay's reader does: the ceiling
  // of a replay whose reader is one thread.
  std::uint64_t decoded = 0;
  double decode_s = 0;
  s = timed_scan(
      [](ByteSpan sealed) {
        projections::Event event;
        return projections::DecodeEvent(sealed, &event);
      },
      &decoded, &decode_s);
  if (!s.ok()) return Fail(s);
  ProjectionArgs args;
  args.state_dir = work + "/state";
  args.batch = batch;
  args.rebuild = true;
  auto set = ProjectionSet::Open(args, ProjectionNames());
  if (!set.ok()) return Fail(set.status());
  projections::RunOptions options;
  options.batch_events = batch;
  options.in_memory = true;  // a full replay into a fresh state (decision 0023)
  const double load = LoadAverage();
  t0 = Clock::now();
  cpu0 = CpuSeconds();
  auto run = projections::CatchUp(**store, (*set)->hosts(), options);
  double replay_s = Since(t0), replay_cpu = CpuSeconds() - cpu0;
  if (!run.ok()) return Fail(run.status());
  // The compactions the bulk loads set off, outside the replay's figures
  // (reported apart): the catch-up then starts from a settled state.
  t0 = Clock::now();
  for (auto* host : (*set)->hosts()) {
    Status s = host->WaitForCompactions(kSettleSecondsMax);
    if (!s.ok()) return Fail(s);
  }
  const double settle_s = Since(t0), settle_cpu = CpuSeconds() - cpu0 - replay_cpu;
  nlohmann::ordered_json j{{"raw_events", raw_events},   {"raw_bytes", bytes},
                           {"raw_seconds", raw_s},        {"raw_cpu_seconds", raw_cpu},
                           {"verify_events", verified},   {"verify_seconds", verify_s},
                           {"decode_events", decoded},    {"decode_seconds", decode_s},
                           {"replay_events", run->events_read}, {"replay_seconds", replay_s},
                           {"replay_cpu_seconds", replay_cpu},  {"bulk_loads", run->bulk_writes},
                           {"settle_seconds", settle_s},        {"settle_cpu_seconds", settle_cpu},
                           {"load_average", load},
                           {"peak_rss_kib", PeakRssKib()}};
  std::printf("%s\n", j.dump().c_str());
  return kExitOk;
}

// Child: catch the state up with what was appended since. The timer runs
// around the catch-up itself: source and state are already open, as in a
// long-running consumer.
int CatchUpPhase(const std::string& work, std::size_t batch) {
  auto store = store::Store::Open(work + "/ledger");
  if (!store.ok()) return Fail(store.status());
  ProjectionArgs args;
  args.state_dir = work + "/state";
  auto set = ProjectionSet::Open(args, ProjectionNames());
  if (!set.ok()) return Fail(set.status());
  projections::RunOptions options;
  options.batch_events = batch;
  Status settled = (*store)->WaitForCompactions(kSettleSecondsMax);
  if (!settled.ok()) return Fail(settled);
  auto t0 = Clock::now();
  auto run = projections::CatchUp(**store, (*set)->hosts(), options);
  double s = Since(t0);
  if (!run.ok()) return Fail(run.status());
  nlohmann::ordered_json j{{"events", run->events_read}, {"seconds", s}};
  std::printf("%s\n", j.dump().c_str());
  return kExitOk;
}

Result<nlohmann::json> RunChild(const std::string& args) {
  std::error_code ec;
  std::string self = std::filesystem::read_symlink("/proc/self/exe", ec).string();
  std::string command = "'" + self + "' bench projections " + args;
  std::FILE* p = ::popen(command.c_str(), "r");
  if (p == nullptr) return Status::IoError("cannot run " + command);
  std::string out;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  if (::pclose(p) != 0) return Status::Internal("child failed: " + command);
  auto j = nlohmann::json::parse(out, nullptr, false);
  if (j.is_discarded()) return Status::Internal("child printed no JSON: " + out);
  return j;
}

// Events per second of one of a replay child's measurements ("raw",
// "verify", "decode", "replay"): its NAME_events over its NAME_seconds.
double Rate(const nlohmann::json& replay, const std::string& name) {
  return replay[name + "_events"].get<double>() / replay[name + "_seconds"].get<double>();
}
double ReplayOverRaw(const nlohmann::json& replay) { return Rate(replay, "replay") / Rate(replay, "raw"); }

// The figures of a run, as text or one JSON object: those of the round with
// the median replay / raw-scan ratio, with every round's ratio and rate and
// the largest peak RSS. REQUIRES: rounds non-empty.
void PrintFigures(std::vector<nlohmann::json> rounds, const nlohmann::json& catchup, std::uint32_t partitions,
                  double build_s, bool json) {
  nlohmann::json ratios = nlohmann::json::array(), rates = nlohmann::json::array();
  double rss_kib = 0;
  for (const auto& r : rounds) {
    ratios.push_back(ReplayOverRaw(r));
    rates.push_back(Rate(r, "replay"));
    rss_kib = std::max(rss_kib, r["peak_rss_kib"].get<double>());
  }
  std::sort(rounds.begin(), rounds.end(),
            [](const nlohmann::json& a, const nlohmann::json& b) { return ReplayOverRaw(a) < ReplayOverRaw(b); });
  const double ratio_min = ReplayOverRaw(rounds.front()), ratio_max = ReplayOverRaw(rounds.back());
  const nlohmann::json& replay = rounds[(rounds.size() - 1) / 2];  // the lower median when even
  const double raw_rate = Rate(replay, "raw"), verify_rate = Rate(replay, "verify");
  const double decode_rate = Rate(replay, "decode"), replay_rate = Rate(replay, "replay");
  nlohmann::ordered_json j{{"events", replay["replay_events"]},
                           {"partitions", partitions},
                           {"ledger_build_seconds", build_s},
                           {"raw_scan_events_per_s", raw_rate},
                           {"verify_scan_events_per_s", verify_rate},
                           {"verify_scan_over_raw_scan", verify_rate / raw_rate},
                           {"decode_scan_events_per_s", decode_rate},
                           {"decode_scan_over_raw_scan", decode_rate / raw_rate},
                           {"replay_events_per_s", replay_rate},
                           {"replay_over_raw_scan", replay_rate / raw_rate},
                           {"rounds", rounds.size()},
                           {"replay_over_raw_scan_by_round", ratios},
                           {"replay_events_per_s_by_round", rates},
                           {"replay_seconds", replay["replay_seconds"]},
                           {"replay_cpu_seconds", replay["replay_cpu_seconds"]},
                           {"raw_scan_cpu_seconds", replay["raw_cpu_seconds"]},
                           {"load_average_at_replay", replay["load_average"]},
                           {"replay_bulk_loads", replay["bulk_loads"]},
                           {"replay_peak_rss_mib", rss_kib / 1024},
                           {"state_settle_seconds", replay["settle_seconds"]},
                           {"state_settle_cpu_seconds", replay["settle_cpu_seconds"]},
                           {"catchup_events", catchup["events"]},
                           {"catchup_ms", catchup["seconds"].get<double>() * 1000}};
  if (json) {
    std::printf("%s\n", j.dump().c_str());
    return;
  }
  std::printf("events                         %llu in %u partitions (ledger sealed in %.1f s)\n",
              (unsigned long long)replay["replay_events"].get<std::uint64_t>(), partitions, build_s);
  std::printf("raw scan of events CF          %.0f events/s\n", raw_rate);
  std::printf("scan + verify + hash, 1 thread %.0f events/s (%.3f of the raw scan: any checking reader's ceiling)\n",
              verify_rate, verify_rate / raw_rate);
  std::printf("scan + decode + hash, 1 thread %.0f events/s (%.3f of the raw scan: this reader's ceiling)\n",
              decode_rate, decode_rate / raw_rate);
  std::printf("replay, 3 projections          %.0f events/s (%.2f s)\n", replay_rate,
              replay["replay_seconds"].get<double>());
  if (rounds.size() == 1) {
    std::printf("replay / raw scan              %.3f\n", replay_rate / raw_rate);
  } else {
    std::printf("replay / raw scan              %.3f (median of %zu rounds, each its own raw scan and replay: %.3f to %.3f)\n",
                replay_rate / raw_rate, rounds.size(), ratio_min, ratio_max);
  }
  std::printf("replay CPU (all threads)       %.1f s; raw scan CPU %.2f s; load average %.1f\n",
              replay["replay_cpu_seconds"].get<double>(), replay["raw_cpu_seconds"].get<double>(),
              replay["load_average"].get<double>());
  std::printf("bulk loads (all projections)   %llu\n", (unsigned long long)replay["bulk_loads"].get<std::uint64_t>());
  std::printf("state compactions afterwards   %.1f s (%.1f s CPU), not in the replay's figures\n",
              replay["settle_seconds"].get<double>(), replay["settle_cpu_seconds"].get<double>());
  std::printf("catch-up of %llu new events    %.1f ms\n", (unsigned long long)catchup["events"].get<std::uint64_t>(),
              catchup["seconds"].get<double>() * 1000);
  std::printf("peak RSS (replay process)      %.0f MiB%s\n", rss_kib / 1024, rounds.size() == 1 ? "" : " (the largest of the rounds)");
}

}  // namespace

void RegisterProjectionBench(CLI::App& bench) {
  auto* cmd = bench.add_subcommand("projections", "Replay of all three projections vs a raw scan; catch-up latency; RSS");
  static std::uint64_t events = 1000000, incremental = 1000, seed = 42;
  static std::uint32_t partitions = 4, rounds = 1;
  static std::size_t batch = projections::limits::kBatchEventsDefault;
  static std::string work, phase;
  static bool json = false, keep = false;
  cmd->add_option("--events", events, "Events in the ledger before the replay");
  cmd->add_option("--incremental", incremental, "Events appended for the catch-up measurement");
  cmd->add_option("--partitions", partitions, "Ledger partitions")->check(CLI::Range(1u, 256u));
  cmd->add_option("--batch", batch, "Events per projection commit");
  cmd->add_option("--rounds", rounds, "Replays (each with its own raw scan); the median round is printed")
      ->check(CLI::Range(1u, 9u));
  cmd->add_option("--seed", seed, "Generator seed");
  cmd->add_option("--work", work, "Work directory (default: a fresh temporary one)");
  cmd->add_option("--phase", phase, "Internal: run one measurement (replay, catchup) in WORK")->group("");
  cmd->add_flag("--json", json, "Print the figures as one JSON object");
  cmd->add_flag("--keep", keep, "Keep the work directory");
  cmd->callback([] {
    if (phase == "replay") return (void)(ExitStatus() = ReplayPhase(work, batch));
    if (phase == "catchup") return (void)(ExitStatus() = CatchUpPhase(work, batch));
    namespace fs = std::filesystem;
    std::error_code ec;
    if (work.empty()) work = (fs::temp_directory_path() / ("patentledger-bench-proj-" + std::to_string(::getpid()))).string();
    fs::remove_all(work, ec);
    fs::create_directories(work, ec);
    std::fprintf(stderr, "sealing %llu events into %u partitions...\n", (unsigned long long)events, partitions);
    auto t0 = Clock::now();
    auto ledger = BenchLedger::Create(work + "/ledger", partitions, seed);
    if (!ledger.ok()) return (void)Fail(ledger.status());
    Status s = (*ledger)->Append(events);
    if (!s.ok()) return (void)Fail(s);
    double build_s = Since(t0);
    const std::string common = "--work '" + work + "' --batch " + std::to_string(batch);
    std::vector<nlohmann::json> replays;
    for (std::uint32_t r = 1; r <= rounds; ++r) {
      std::fprintf(stderr, "raw scan and replay (round %u of %u)...\n", r, rounds);
      auto replay = RunChild("--phase replay " + common);
      if (!replay.ok()) return (void)Fail(replay.status());
      replays.push_back(std::move(*replay));
    }
    s = (*ledger)->Append(incremental);
    if (!s.ok()) return (void)Fail(s);
    auto catchup = RunChild("--phase catchup " + common);
    if (!catchup.ok()) return (void)Fail(catchup.status());
    PrintFigures(std::move(replays), *catchup, partitions, build_s, json);
    if (!keep) fs::remove_all(work, ec);
  });
}

}  // namespace pl::cli
