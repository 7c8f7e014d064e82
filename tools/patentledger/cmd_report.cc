// report: the monitoring report for a cut-off, from a fresh replay or a
// caught-up state.
#include "projections/framework/vocabulary.h"
#include "projections/report/model.h"
#include "projections/report/writers.h"
#include "tools/patentledger/cli.h"
#include "tools/patentledger/projection_cli.h"

namespace pl::cli {

void RegisterReportCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("report", "Monitoring statistics for a cut-off: CSV, report.json and report.html");
  static ProjectionArgs args;
  static std::string as_of, out, period = "quarter";
  static std::uint64_t suppress_below = 0;
  AddProjectionOptions(cmd, args, "--from-archive");
  cmd->add_option("--as-of", as_of, "Cut-off effective date, inclusive (YYYY-MM-DD)")->required();
  cmd->add_option("--out", out, "Output directory")->required();
  cmd->add_option("--period", period, "month, quarter or year")->check(CLI::IsMember({"month", "quarter", "year"}));
  cmd->add_option("--suppress-below", suppress_below, "Hide cells describing fewer than K acts (public release)");
  cmd->callback([] {
    if (!args.has_source() && args.state_dir.empty()) {
      return (void)Fail(kExitUsage, "report: give --dir LEDGER, --from-archive FILE, --kafka BOOTSTRAP or --state DIR");
    }
    auto date = ParseDate(as_of);
    if (!date.ok()) return (void)Fail(kExitUsage, "--as-of: " + date.status().message());
    projections::report::ReportOptions options;
    options.as_of = *date;
    options.granularity = *projections::report::ParseGranularity(period);
    options.suppress_below = suppress_below;
    auto set = ProjectionSet::Open(args, {"techcontract", "statistics"});
    if (!set.ok()) return (void)Fail(set.status());
    auto run = (*set)->CatchUp(args);
    if (!run.ok()) return (void)Fail(run.status());
    auto summaries = Summaries(**set);
    if (!summaries.ok()) return (void)Fail(summaries.status());
    auto report = projections::report::BuildReport((*set)->Find("statistics")->tables(),
                                                   &(*set)->Find("techcontract")->tables(), options);
    if (!report.ok()) return (void)Fail(report.status());
    report->source = (*set)->source_description();
    for (const auto& s : *summaries) report->coverage.push_back({s.name, s.positions, s.digest_hex});
    Status written = projections::report::WriteReport(*report, out);
    if (!written.ok()) return (void)Fail(written);
    std::printf("report as of %s (%s) written to %s: %zu tables, report.json, report.html\n",
                projections::DayText(options.as_of).c_str(), period.c_str(), out.c_str(), report->tables.size());
    for (const auto& s : *summaries) {
      std::printf("%-13s positions %s  digest %s\n", s.name.c_str(), s.positions.c_str(), s.digest_hex.c_str());
    }
  });
}

}  // namespace pl::cli
