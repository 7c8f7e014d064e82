// project, digest, contracts: catching projections up and reading them.
#include <nlohmann/json.hpp>

#include "projections/framework/vocabulary.h"
#include "projections/techcontract/feed.h"
#include "tools/patentledger/cli.h"
#include "tools/patentledger/projection_cli.h"

namespace pl::cli {
namespace {

void PrintSummaries(const std::vector<ProjectionSummary>& summaries, const std::string& source,
                    const projections::RunReport* run, bool json) {
  if (json) {
    nlohmann::ordered_json j;
    j["source"] = source;
    if (run != nullptr) j["events_read"] = run->events_read;
    auto list = nlohmann::ordered_json::array();
    for (const auto& s : summaries) list.push_back({{"projection", s.name}, {"positions", s.positions}, {"digest", s.digest_hex}});
    j["projections"] = list;
    std::printf("%s\n", j.dump().c_str());
    return;
  }
  std::printf("source %s", source.c_str());
  if (run != nullptr) std::printf(", %llu events applied now", (unsigned long long)run->events_read);
  std::printf("\n");
  for (const auto& s : summaries) {
    std::printf("%-13s positions %s  digest %s\n", s.name.c_str(), s.positions.c_str(), s.digest_hex.c_str());
  }
}

std::vector<std::string> Selected(const std::vector<std::string>& only) {
  return only.empty() ? ProjectionNames() : only;
}

void RegisterProject(CLI::App& app) {
  auto* cmd = app.add_subcommand("project", "Catch projections up from a ledger or an archive; print positions and digests");
  static ProjectionArgs args;
  static std::vector<std::string> only;
  static bool json = false, log_commits = false;
  static std::int64_t interleave = -1;
  AddProjectionOptions(cmd, args);
  cmd->get_option("--state")->required()->description("Projection state directory (created, then caught up incrementally)");
  cmd->add_option("--only", only, "Projections to run (default: all)")
      ->check(CLI::IsMember({"ownership", "techcontract", "statistics"}))
      ->delimiter(',');
  cmd->add_option("--interleave-seed", interleave, "Read partitions round-robin in random chunks (determinism tests)");
  cmd->add_flag("--log-commits", log_commits, "Print a line after every commit");
  cmd->add_flag("--json", json, "One JSON object");
  cmd->callback([] {
    if (!args.has_source()) return (void)Fail(kExitUsage, "project: give --dir LEDGER or --archive FILE");
    auto set = ProjectionSet::Open(args, Selected(only));
    if (!set.ok()) return (void)Fail(set.status());
    std::optional<std::uint64_t> seed;
    if (interleave >= 0) seed = std::uint64_t(interleave);
    auto run = (*set)->CatchUp(args, log_commits, seed);
    if (!run.ok()) return (void)Fail(run.status());
    auto summaries = Summaries(**set);
    if (!summaries.ok()) return (void)Fail(summaries.status());
    PrintSummaries(*summaries, (*set)->source_description(), &*run, json);
  });
}

void RegisterDigest(CLI::App& app) {
  auto* cmd = app.add_subcommand("digest", "Positions and state digest of each projection in a state directory");
  static std::string state;
  static bool json = false;
  cmd->add_option("--state", state, "Projection state directory")->required()->check(CLI::ExistingDirectory);
  cmd->add_flag("--json", json, "One JSON object");
  cmd->callback([] {
    ProjectionArgs args;
    args.state_dir = state;
    auto set = ProjectionSet::Open(args, ProjectionNames());
    if (!set.ok()) return (void)Fail(set.status());
    auto summaries = Summaries(**set);
    if (!summaries.ok()) return (void)Fail(summaries.status());
    PrintSummaries(*summaries, (*set)->source_description(), nullptr, json);
  });
}

void RegisterContracts(CLI::App& app) {
  auto* cmd = app.add_subcommand("contracts", "The technology-contract sharing feed (CSV, documented in docs/techcontract.md)");
  static ProjectionArgs args;
  static std::string out = "-", as_of;
  static bool csv = true;
  AddProjectionOptions(cmd, args);
  cmd->add_flag("--csv", csv, "CSV with a header (the only format for now)");
  cmd->add_option("--as-of", as_of, "Only contracts effective on or before this date (YYYY-MM-DD)");
  cmd->add_option("--out", out, "Output file, - for stdout");
  cmd->callback([] {
    if (!args.has_source() && args.state_dir.empty()) return (void)Fail(kExitUsage, "contracts: give --dir, --archive or --state");
    projections::techcontract::FeedFilter filter;
    if (!as_of.empty()) {
      auto d = ParseDate(as_of);
      if (!d.ok()) return (void)Fail(kExitUsage, "--as-of: " + d.status().message());
      filter.effective_on_or_before = *d;
    }
    auto set = ProjectionSet::Open(args, {"techcontract"});
    if (!set.ok()) return (void)Fail(set.status());
    auto run = (*set)->CatchUp(args);
    if (!run.ok()) return (void)Fail(run.status());
    auto summaries = Summaries(**set);
    if (!summaries.ok()) return (void)Fail(summaries.status());
    auto output = OpenOutput(out);
    if (!output.ok()) return (void)Fail(output.status());
    std::vector<std::string> preamble = {"patentledger technology-contract feed; source " + (*set)->source_description(),
                                         "techcontract positions=" + summaries->front().positions +
                                             " digest=" + summaries->front().digest_hex};
    if (filter.effective_on_or_before) preamble.push_back("as_of=" + projections::DayText(*filter.effective_on_or_before));
    projections::techcontract::CsvContractSink sink(*output, preamble);
    auto count = projections::techcontract::PublishContracts((*set)->Find("techcontract")->tables(), filter, sink);
    if (*output != stdout) std::fclose(*output);
    if (!count.ok()) return (void)Fail(count.status());
  });
}

}  // namespace

void RegisterProjectionCommands(CLI::App& app) {
  RegisterProject(app);
  RegisterDigest(app);
  RegisterContracts(app);
  RegisterReportCommand(app);
  if (auto* bench = app.get_subcommand("bench")) RegisterProjectionBench(*bench);
}

}  // namespace pl::cli
