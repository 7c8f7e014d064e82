#include "tools/patentledger/projection_cli.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "ledger/log/event_source.h"
#include "projections/framework/vocabulary.h"
#include "projections/ownership/ownership.h"
#include "projections/statistics/statistics.h"
#include "projections/techcontract/techcontract.h"
#include "tools/patentledger/cli.h"

namespace pl::cli {
namespace {

// --replay-memory's upper bound: 1 TiB.
constexpr std::size_t kReplayMemoryMibMax = std::size_t(1) << 20;

std::unique_ptr<projections::Projection> Make(const std::string& name) {
  if (name == projections::ownership::kName) return std::make_unique<projections::ownership::OwnershipProjection>();
  if (name == projections::techcontract::kName) {
    return std::make_unique<projections::techcontract::TechContractProjection>();
  }
  return std::make_unique<projections::statistics::StatisticsProjection>();
}

Result<std::string> TemporaryDir() {
  std::string templ = (std::filesystem::temp_directory_path() / "patentledger-replay-XXXXXX").string();
  if (::mkdtemp(templ.data()) == nullptr) return Status::IoError("cannot create a temporary directory");
  return templ;
}

// The store or archive (projections/framework/sources.h), or the events
// topic (ledger/log/event_source.h); exactly one.
Result<projections::OpenedSource> OpenProjectionSource(const ProjectionArgs& args) {
  if (!args.has_kafka()) return projections::OpenSource({args.ledger_dir, args.archive_path});
  if (!args.ledger_dir.empty() || !args.archive_path.empty()) {
    return Status::InvalidArgument("give exactly one source: --dir, --archive or --kafka");
  }
  auto config = MakeKafkaConfig(args.kafka);
  if (!config.ok()) return config.status();
  if (!config->configured()) return Status::InvalidArgument("--kafka-config has no bootstrap.servers");
  auto source = log::KafkaEventSource::Open(*config);
  if (!source.ok()) return source.status();
  return projections::OpenedSource{std::move(*source), "kafka:" + config->Get("bootstrap.servers") + "/" + config->topic};
}

}  // namespace

const std::vector<std::string>& ProjectionNames() {
  static const std::vector<std::string> names = {projections::ownership::kName, projections::techcontract::kName,
                                                 projections::statistics::kName};
  return names;
}

void AddProjectionOptions(CLI::App* cmd, ProjectionArgs& args, const std::string& archive_flag, bool kafka_source) {
  cmd->add_option("--dir", args.ledger_dir, "Ledger directory to read (the node's store)");
  cmd->add_option(archive_flag, args.archive_path, "Archive file to read (written by export --archive)");
  if (kafka_source) AddKafkaOptions(cmd, &args.kafka, "--kafka");
  cmd->add_option("--state", args.state_dir,
                  "Projection state directory (kept, caught up incrementally); default: a fresh temporary replay");
  cmd->add_option("--batch", args.batch, "Events per commit")
      ->check(CLI::Range(std::size_t(1), projections::limits::kBatchEventsMax));
  cmd->add_option("--recorded-before", args.recorded_before,
                  "Stop each partition before its first event recorded at or after this UTC time "
                  "(2024-12-31T00:00:00Z or microseconds)");
  cmd->add_flag("--rebuild", args.rebuild, "Drop the projection state and replay from the start");
  cmd->add_option("--replay-memory", args.replay_memory_mib,
                  "MiB of tables a replay into an empty state keeps in memory before writing them to disk "
                  "(the peak is several times this; see the README)")
      ->check(CLI::Range(std::size_t(1), kReplayMemoryMibMax));
}

Result<std::unique_ptr<ProjectionSet>> ProjectionSet::Open(const ProjectionArgs& args,
                                                           const std::vector<std::string>& names) {
  std::unique_ptr<ProjectionSet> set(new ProjectionSet());
  set->state_dir_ = args.state_dir;
  if (set->state_dir_.empty()) {
    auto dir = TemporaryDir();
    if (!dir.ok()) return dir.status();
    set->state_dir_ = *dir;
    set->temporary_ = true;
  }
  set->source_ = "state:" + set->state_dir_;
  for (const auto& name : names) {
    // --rebuild drops the state before opening it: a state of an older
    // format (which Open would refuse) is rebuilt too.
    auto host = projections::ProjectionHost::Open(set->state_dir_ + "/" + name, Make(name), args.rebuild);
    if (!host.ok()) return host.status();
    set->hosts_.push_back(std::move(*host));
  }
  return set;
}

ProjectionSet::~ProjectionSet() {
  hosts_.clear();
  if (temporary_) {
    std::error_code ec;
    std::filesystem::remove_all(state_dir_, ec);
  }
}

projections::ProjectionHost* ProjectionSet::Find(const std::string& name) {
  for (auto& h : hosts_) {
    if (name == h->name()) return h.get();
  }
  return nullptr;
}

std::vector<projections::ProjectionHost*> ProjectionSet::hosts() {
  std::vector<projections::ProjectionHost*> out;
  for (auto& h : hosts_) out.push_back(h.get());
  return out;
}

Result<projections::RunReport> ProjectionSet::CatchUp(const ProjectionArgs& args, bool log_commits,
                                                      std::optional<std::uint64_t> interleave_seed) {
  if (!args.has_source()) return projections::RunReport{};
  auto source = OpenProjectionSource(args);
  if (!source.ok()) return source.status();
  source_ = source->description;
  projections::RunOptions options;
  options.batch_events = args.batch;
  options.interleave_seed = interleave_seed;
  // A replay into an empty state (--rebuild, or a temporary one) folds in
  // memory and bulk-loads the tables (decision 0023); a state that already
  // holds events is caught up batch by batch.
  options.in_memory = args.rebuild || temporary_;
  for (auto* h : hosts()) options.in_memory = options.in_memory && h->positions().empty();
  options.in_memory_bytes_max = args.replay_memory_mib << 20;
  if (!args.recorded_before.empty()) {
    std::int64_t t = 0;
    if (!projections::ParseTime(args.recorded_before, &t)) {
      return Status::InvalidArgument("--recorded-before: '" + args.recorded_before + "' is not a UTC time");
    }
    for (auto* h : hosts()) {
      for (const auto& [p, pos] : h->committed_positions()) {
        if (pos.next_seq > 0 && pos.last_recorded_at_us >= t) {
          return Status::FailedPrecondition(std::string(h->name()) + " already holds events recorded at or after " +
                                            args.recorded_before + ": use a fresh --state or --rebuild");
        }
      }
    }
    options.recorded_before_us = t;
  }
  Progress progress("replay");
  std::uint64_t read = 0;
  options.on_commit = [&](const projections::RunReport& r) {
    read = r.events_read;
    progress.Tick(r.events_read);
    if (log_commits && !r.kept_in_memory) {
      std::printf("committed %llu\n", (unsigned long long)r.events_read);
      std::fflush(stdout);
    }
  };
  auto report = projections::CatchUp(*source->source, hosts(), options);
  progress.Finish(report.ok() ? report->events_read : read);
  return report;
}

Result<std::vector<ProjectionSummary>> Summaries(ProjectionSet& set) {
  std::vector<ProjectionSummary> out;
  for (auto* h : set.hosts()) {
    auto digest = h->Digest();
    if (!digest.ok()) return digest.status();
    out.push_back({h->name(), projections::PositionsText(h->committed_positions()), HexEncode(*digest)});
  }
  return out;
}

}  // namespace pl::cli
