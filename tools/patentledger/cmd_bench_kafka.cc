// bench kafka: what Kafka costs. The same seeded input is ingested by an
// embedded node and by a node publishing with the replicated ack policy
// (receipt after Kafka's acks=all); then the topic is replayed into a fresh
// ledger (verified import) and, for comparison, consumed raw. Prints
// figures and the ratios; asserts nothing.
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <future>

#include <nlohmann/json.hpp>

#include "ledger/base/bytes.h"
#include "ledger/crypto/crypto.h"
#include "ledger/log/event_source.h"
#include "ledger/node/node.h"
#include "ledger/node/reconcile.h"
#include "ledger/store/store.h"
#include "tools/patentledger/bench_input.h"
#include "tools/patentledger/bench_machine.h"
#include "tools/patentledger/cli.h"
#include "tools/patentledger/kafka_cli.h"

namespace pl::cli {
namespace {

struct IngestFigures {
  double seconds = 0;
  std::size_t submitted = 0, accepted = 0, rejected = 0, other = 0;
};

// Submits every line of `path` with a bounded window of pending receipts.
Result<IngestFigures> Ingest(node::NodeOptions options, const std::string& path) {
  auto node = node::Node::Open(std::move(options));
  if (!node.ok()) return node.status();
  auto reader = LineReader::Open(path);
  if (!reader.ok()) return reader.status();
  IngestFigures f;
  std::deque<std::future<node::Receipt>> window;
  auto settle = [&](std::future<node::Receipt>& fut) {
    node::Receipt r = fut.get();
    if (r.status == node::Receipt::Status::kAccepted) ++f.accepted;
    else if (r.status == node::Receipt::Status::kRejected) ++f.rejected;
    else ++f.other;
  };
  std::string line;
  auto start = std::chrono::steady_clock::now();
  while ((*reader)->Next(&line)) {
    auto envelope = Base64Decode(line);
    if (!envelope) continue;
    window.push_back((*node)->Submit(std::move(*envelope)));
    ++f.submitted;
    while (window.size() > limits::kAdmissionQueueDepthMax) {
      settle(window.front());
      window.pop_front();
    }
  }
  for (auto& fut : window) settle(fut);
  f.seconds = SecondsSince(start);
  return f;
}

}  // namespace

void RegisterKafkaBench(CLI::App& bench) {
  auto* cmd = bench.add_subcommand("kafka", "Ingest with Kafka (replicated ack) vs embedded; replay from Kafka vs raw consume");
  static std::size_t count = 20000;
  static std::uint32_t partitions = 4;
  static std::uint64_t seed = 42;
  static KafkaCliOptions kafka;
  AddKafkaOptions(cmd, &kafka, "--bootstrap");
  cmd->add_option("--count", count, "Submissions to ingest");
  cmd->add_option("--partitions", partitions, "Ledger partitions");
  cmd->add_option("--seed", seed, "Generator seed");
  cmd->callback([] {
    namespace fs = std::filesystem;
    auto config = MakeKafkaConfig(kafka);
    if (!config.ok()) return (void)Fail(config.status());
    if (!config->configured()) return (void)Fail(kExitUsage, "bench kafka needs --bootstrap BOOTSTRAP");
    if (kafka.topic == log::kEventsTopic) config->topic = "pl.bench." + std::to_string(::getpid());
    std::error_code ec;
    const std::string work = (fs::temp_directory_path() / ("patentledger-bench-kafka-" + std::to_string(::getpid()))).string();
    fs::remove_all(work, ec);
    fs::create_directories(work, ec);
    std::fprintf(stderr, "generating %zu submissions (seed %llu)...\n", count, (unsigned long long)seed);
    auto generated = GenerateBenchInput(work, count, seed, "bench", partitions);
    if (!generated.ok()) return (void)Fail(generated.status());
    const store::LedgerConfig& ledger = generated->ledger;
    for (const char* name : {"embedded", "kafka", "replayed"}) {
      auto created = store::Store::Create(work + "/" + name, ledger);
      if (!created.ok()) return (void)Fail(created.status());
    }
    const std::string input = generated->submissions;

    node::NodeOptions embedded;
    embedded.dir = work + "/embedded";
    std::fprintf(stderr, "ingest, embedded...\n");
    auto e = Ingest(embedded, input);
    if (!e.ok()) return (void)Fail(e.status());
    node::NodeOptions replicated;
    replicated.dir = work + "/kafka";
    replicated.kafka = *config;
    replicated.ack = node::AckPolicy::kReplicated;
    std::fprintf(stderr, "ingest, Kafka (replicated ack) to %s...\n", config->topic.c_str());
    auto k = Ingest(replicated, input);
    if (!k.ok()) return (void)Fail(k.status());

    std::fprintf(stderr, "replay from Kafka...\n");
    auto replay_source = log::KafkaEventSource::Open(*config);
    if (!replay_source.ok()) return (void)Fail(replay_source.status());
    auto replay_store = store::Store::Open(work + "/replayed");
    if (!replay_store.ok()) return (void)Fail(replay_store.status());
    auto start = std::chrono::steady_clock::now();
    auto report = node::Reconcile(replay_store->get(), **replay_source);
    if (!report.ok()) return (void)Fail(report.status());
    const double replay_seconds = SecondsSince(start);

    std::fprintf(stderr, "raw consume...\n");
    auto raw = log::KafkaEventSource::Open(*config);
    if (!raw.ok()) return (void)Fail(raw.status());
    std::size_t raw_events = 0, raw_bytes = 0;
    start = std::chrono::steady_clock::now();
    for (std::uint32_t p = 0; p < partitions; ++p) {
      Status s = (*raw)->Scan(p, 0, [&](std::uint64_t, ByteSpan b) {
        ++raw_events;
        raw_bytes += b.size();
        return true;
      });
      if (!s.ok()) return (void)Fail(s);
    }
    const double raw_seconds = SecondsSince(start);

    nlohmann::ordered_json j{
        {"submissions", e->submitted},
        {"embedded", {{"seconds", e->seconds}, {"accepted", e->accepted}, {"per_s", std::round(e->submitted / e->seconds)}}},
        {"kafka_replicated",
         {{"seconds", k->seconds}, {"accepted", k->accepted}, {"busy_or_error", k->other},
          {"per_s", std::round(k->submitted / k->seconds)}}},
        {"ratio_kafka_to_embedded", e->seconds / k->seconds},
        {"replay", {{"events", report->imported}, {"seconds", replay_seconds}, {"per_s", std::round(report->imported / replay_seconds)}}},
        {"raw_consume", {{"events", raw_events}, {"bytes", raw_bytes}, {"seconds", raw_seconds},
                         {"per_s", std::round(raw_events / raw_seconds)}}},
        {"ratio_replay_to_raw_consume", raw_seconds / replay_seconds}};
    std::printf("%s\n", j.dump(2).c_str());
    fs::remove_all(work, ec);
  });
}

}  // namespace pl::cli
