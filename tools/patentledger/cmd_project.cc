// project, digest, contracts: catching projections up and reading them.
#include <cerrno>
#include <cstring>

#include <nlohmann/json.hpp>

#include "ledger/log/keyed_producer.h"
#include "projections/framework/vocabulary.h"
#include "projections/techcontract/feed.h"
#include "tools/patentledger/cli.h"
#include "tools/patentledger/kafka_cli.h"
#include "tools/patentledger/output.h"
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

// patent.techcontract.v1: key = contract id, value = ContractJson (one line).
inline constexpr char kContractsTopic[] = "patent.techcontract.v1";

class KafkaContractSink : public projections::techcontract::ContractSink {
 public:
  explicit KafkaContractSink(log::KeyedProducer* producer) : producer_(producer) {}
  Status Put(const projections::techcontract::Contract& contract) override {
    return producer_->Put(contract.contract_id, projections::techcontract::ContractJson(contract));
  }
  Status Finish() override { return producer_->Flush(); }

 private:
  log::KeyedProducer* producer_;
};

// The same records as JSON lines (ContractJson), for consumers that want
// the Kafka values without Kafka.
class JsonLinesContractSink : public projections::techcontract::ContractSink {
 public:
  explicit JsonLinesContractSink(std::FILE* out) : out_(out) {}
  Status Put(const projections::techcontract::Contract& contract) override {
    std::string line = projections::techcontract::ContractJson(contract) + "\n";
    if (std::fwrite(line.data(), 1, line.size(), out_) != line.size()) {
      return Status::IoError(std::string("writing the contract feed: ") + std::strerror(errno));
    }
    return Status::Ok();
  }
  Status Finish() override {
    if (std::fflush(out_) == 0) return Status::Ok();
    return Status::IoError(std::string("writing the contract feed: ") + std::strerror(errno));
  }

 private:
  std::FILE* out_;
};

std::vector<std::string> Selected(const std::vector<std::string>& only) {
  return only.empty() ? ProjectionNames() : only;
}

void RegisterProject(CLI::App& app) {
  auto* cmd = app.add_subcommand("project",
                                 "Catch projections up from a ledger, an archive or the events topic; print positions and digests");
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
    if (!args.has_source()) return (void)Fail(kExitUsage, "project: give --dir LEDGER, --archive FILE or --kafka BOOTSTRAP");
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
  auto* cmd = app.add_subcommand("contracts",
                                 "The technology-contract sharing feed (CSV or Kafka, documented in docs/techcontract.md)");
  static ProjectionArgs args;
  static std::string out = "-", as_of;
  static bool csv = true, json = false;
  static KafkaCliOptions feed;
  feed.topic = kContractsTopic;
  AddProjectionOptions(cmd, args, "--archive", /*kafka_source=*/false);
  AddKafkaOptions(cmd, &feed, "--kafka");
  cmd->get_option("--kafka")->description("Publish to Kafka instead of CSV: bootstrap servers, host:port[,...]");
  cmd->get_option("--topic")->description("Feed topic (created, compacted, when absent)");
  cmd->add_flag("--csv", csv, "CSV with a header (the default)");
  cmd->add_flag("--json", json, "One JSON object per contract and line (the Kafka values)");
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
    if (!feed.bootstrap.empty() || !feed.config_file.empty()) {
      auto config = MakeKafkaConfig(feed);
      if (!config.ok()) return (void)Fail(config.status());
      if (!config->configured()) return (void)Fail(kExitUsage, "contracts: --kafka-config has no bootstrap.servers");
      auto producer = log::KeyedProducer::Open(*config);
      if (!producer.ok()) return (void)Fail(producer.status());
      KafkaContractSink sink(producer->get());
      auto count = projections::techcontract::PublishContracts((*set)->Find("techcontract")->tables(), filter, sink);
      if (!count.ok()) return (void)Fail(count.status());
      nlohmann::ordered_json j{{"topic", config->topic},
                               {"published", *count},
                               {"source", (*set)->source_description()},
                               {"positions", summaries->front().positions},
                               {"digest", summaries->front().digest_hex}};
      std::printf("%s\n", j.dump().c_str());
      return;
    }
    auto output = Output::Open(out);
    if (!output.ok()) return (void)Fail(output.status());
    std::vector<std::string> preamble = {"patentledger technology-contract feed; source " + (*set)->source_description(),
                                         "techcontract positions=" + summaries->front().positions +
                                             " digest=" + summaries->front().digest_hex};
    if (filter.effective_on_or_before) preamble.push_back("as_of=" + projections::DayText(*filter.effective_on_or_before));
    std::unique_ptr<projections::techcontract::ContractSink> sink;
    if (json) sink = std::make_unique<JsonLinesContractSink>((*output)->file());
    else sink = std::make_unique<projections::techcontract::CsvContractSink>((*output)->file(), preamble);
    auto count = projections::techcontract::PublishContracts((*set)->Find("techcontract")->tables(), filter, *sink);
    // On failure the partial file is removed.
    if (!count.ok()) return (void)Fail(count.status().WithContext("'" + out + "'"));
    if (Status s = (*output)->Close(); !s.ok()) return (void)Fail(s);
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
