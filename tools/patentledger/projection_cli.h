// Shared pieces of the projection commands (project, digest, contracts,
// report, query --as-of, bench projections): the state directory layout,
// the source options, catch-up with progress, and positions/digests output.
//
// State layout: STATE/ownership, STATE/techcontract, STATE/statistics, each
// a projection store (projections/framework/host.h).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "ledger/base/status.h"
#include "projections/framework/host.h"
#include "projections/framework/runner.h"
#include "projections/framework/sources.h"
#include "tools/patentledger/kafka_cli.h"

namespace pl::cli {

// Projection names in their fixed order.
const std::vector<std::string>& ProjectionNames();

// Options every projection command shares.
struct ProjectionArgs {
  std::string ledger_dir;       // --dir
  std::string archive_path;     // --archive / --from-archive
  KafkaCliOptions kafka;        // --kafka, -X, --kafka-config, --topic: the events topic
  std::string state_dir;        // --state; empty: a temporary directory (fresh replay)
  std::size_t batch = projections::limits::kBatchEventsDefault;
  std::string recorded_before;  // --recorded-before
  bool rebuild = false;
  // --replay-memory: MiB an in-memory replay keeps before a bulk load.
  std::size_t replay_memory_mib = projections::limits::kInMemoryReplayBytesMax >> 20;
  bool has_kafka() const { return !kafka.bootstrap.empty() || !kafka.config_file.empty(); }
  bool has_source() const { return !ledger_dir.empty() || !archive_path.empty() || has_kafka(); }
};

// Adds --dir, --archive (or `archive_flag`), the Kafka source options
// (--kafka, -X, --kafka-config, --topic; unless !kafka_source), --state,
// --batch, --recorded-before, --rebuild and --replay-memory to `cmd`.
void AddProjectionOptions(CLI::App* cmd, ProjectionArgs& args, const std::string& archive_flag = "--archive",
                          bool kafka_source = true);

// Projection hosts opened in a state directory.
class ProjectionSet {
 public:
  // Opens `names` under args.state_dir (or a fresh temporary directory,
  // removed by the destructor). Rebuilds them first when args.rebuild.
  static Result<std::unique_ptr<ProjectionSet>> Open(const ProjectionArgs& args, const std::vector<std::string>& names);
  ~ProjectionSet();

  projections::ProjectionHost* Find(const std::string& name);
  std::vector<projections::ProjectionHost*> hosts();
  const std::string& state_dir() const { return state_dir_; }
  // "store:DIR" / "archive:FILE" / "kafka:BOOTSTRAP/TOPIC" after CatchUp,
  // else "state:DIR".
  const std::string& source_description() const { return source_; }

  // Catches every host up from the source named in `args` (no-op without
  // one). Progress on a terminal; `log_commits` prints one line per commit
  // to stdout (the crash test reads them).
  Result<projections::RunReport> CatchUp(const ProjectionArgs& args, bool log_commits = false,
                                         std::optional<std::uint64_t> interleave_seed = std::nullopt);

 private:
  ProjectionSet() = default;
  std::string state_dir_, source_;
  bool temporary_ = false;
  std::vector<std::unique_ptr<projections::ProjectionHost>> hosts_;
};

struct ProjectionSummary {
  std::string name, positions, digest_hex;
};
Result<std::vector<ProjectionSummary>> Summaries(ProjectionSet& set);

void RegisterProjectionCommands(CLI::App& app);
void RegisterReportCommand(CLI::App& app);
void RegisterProjectionBench(CLI::App& bench);
// query --as-of-date / --as-of-recorded / --pledge: the ownership register.
struct RegisterQueryArgs {
  ProjectionArgs projection;
  std::vector<std::string> patents;
  std::string as_of_date, as_of_recorded;
  // Terms (the patent's, licences', declarations') are judged on this date
  // (YYYY-MM-DD); empty: the as-of date, else the as-of recorded time's UTC
  // day, else today (UTC).
  std::string on;
  bool pledge = false, json = false, history = false;
};
int RunRegisterQuery(const RegisterQueryArgs& args);

}  // namespace pl::cli
