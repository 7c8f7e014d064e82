// bench verify: `verify --dir` of an existing ledger measured against the
// machine's signature-verification limit in the same run. Prints figures;
// asserts nothing.
#include <algorithm>
#include <cmath>
#include <thread>

#include <nlohmann/json.hpp>

#include "ledger/node/audit.h"
#include "ledger/store/store.h"
#include "tools/patentledger/bench_machine.h"
#include "tools/patentledger/cli.h"

namespace pl::cli {

void RegisterVerifyBench(CLI::App& bench) {
  auto* cmd = bench.add_subcommand("verify", "verify --dir throughput vs the machine's Ed25519 verify limit "
                                             "(make a ledger with bench ingest --keep)");
  static std::string dir;
  static bool json = false;
  cmd->add_option("--dir", dir, "Ledger directory to audit")->required();
  cmd->add_flag("--json", json, "Print the figures as one JSON object");
  cmd->callback([] {
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    std::fprintf(stderr, "measuring the Ed25519 verify rates (ours on one core, openssl on 1 and %u)...\n", cores);
    const double load_before = LoadAverage();
    const double ours_before = SingleCoreVerifyRate(2.0);
    const double openssl_one = OpensslVerifyRate(1);
    const double openssl_all = OpensslVerifyRate(cores);

    auto store = store::Store::Open(dir);
    if (!store.ok()) return (void)Fail(store.status());
    Progress progress("verify");
    auto start = std::chrono::steady_clock::now();
    auto report = node::AuditStore(**store, [&](std::uint64_t n) { progress.Tick(n); });
    const double seconds = SecondsSince(start);
    if (!report.ok()) return (void)Fail(report.status());
    progress.Finish(report->events);
    const double ours_after = SingleCoreVerifyRate(2.0);
    const double load_after = LoadAverage();
    const double ours = (ours_before + ours_after) / 2;

    const double events_rate = double(report->events) / seconds;
    const double signature_rate = double(report->signatures) / seconds;
    const double ratio_ours = signature_rate / (double(cores) * ours);
    const double ratio_openssl = openssl_all > 0 ? signature_rate / openssl_all : 0;
    nlohmann::ordered_json j{{"ok", report->ok},
                             {"events", report->events},
                             {"signatures", report->signatures},
                             {"cores", cores},
                             {"seconds", seconds},
                             {"events_per_s", std::round(events_rate)},
                             {"signatures_per_s", std::round(signature_rate)},
                             {"single_core_ed25519_verify_per_s", std::round(ours)},
                             {"openssl_speed_ed25519_verify_per_s", std::round(openssl_one)},
                             {"openssl_speed_multi_ed25519_verify_per_s", std::round(openssl_all)},
                             {"ratio_signatures_to_cores_x_verify", ratio_ours},
                             {"ratio_signatures_to_openssl_multi", ratio_openssl},
                             {"load_average_before_after", {load_before, load_after}},
                             {"peak_rss_mib", PeakRssKib() / 1024}};
    if (json) {
      std::printf("%s\n", j.dump().c_str());
    } else {
      std::printf("cores                                  %u\n", cores);
      std::printf("load average (1 min)                   %.2f before, %.2f after\n", load_before, load_after);
      std::printf("single-core Ed25519 verify (ours)      %.0f /s (before %.0f, after %.0f)\n", ours, ours_before,
                  ours_after);
      std::printf("openssl speed ed25519 verify           %.0f /s one core, %.0f /s -multi %u\n", openssl_one,
                  openssl_all, cores);
      std::printf("audit                                  %s, %llu events, %llu signatures, %.2f s\n",
                  report->ok ? "ok" : report->problem.c_str(), (unsigned long long)report->events,
                  (unsigned long long)report->signatures, seconds);
      std::printf("events verified                        %.0f /s\n", events_rate);
      std::printf("signatures verified                    %.0f /s\n", signature_rate);
      std::printf("ratio signatures/(cores x ours)        %.3f\n", ratio_ours);
      std::printf("ratio signatures/(openssl -multi)      %.3f\n", ratio_openssl);
      std::printf("peak RSS                               %ld MiB\n", PeakRssKib() / 1024);
    }
  });
}

}  // namespace pl::cli
