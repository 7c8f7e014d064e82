// publish, replay --from kafka, tail: the ledger's events topic from the
// command line (ledger/log).
#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

#include "ledger/base/bytes.h"
#include "ledger/codec/codec.h"
#include "ledger/log/event_source.h"
#include "ledger/log/publisher.h"
#include "ledger/node/reconcile.h"
#include "ledger/store/store.h"
#include "tools/patentledger/cli.h"
#include "tools/patentledger/kafka_cli.h"

namespace pl::cli {
namespace {

nlohmann::ordered_json HeadsJson(const store::Store& store, const log::Publisher* publisher) {
  auto heads = nlohmann::ordered_json::array();
  for (std::uint32_t p = 0; p < store.config().partitions; ++p) {
    auto head = store.GetHead(p);
    if (!head.ok()) continue;
    nlohmann::ordered_json h{{"partition", p}, {"next_seq", head->next_seq}, {"last_hash", HexEncode(head->last_hash)}};
    if (publisher) h["published"] = publisher->cursor(p);
    heads.push_back(std::move(h));
  }
  return heads;
}

void RegisterPublish(CLI::App& app) {
  auto* cmd = app.add_subcommand("publish", "Publish what the outbox cursor says Kafka still lacks (what a node does on start)");
  static std::string dir;
  static KafkaCliOptions kafka;
  static std::vector<std::string> rewinds;
  cmd->add_option("--dir", dir, "Ledger directory")->required();
  AddKafkaOptions(cmd, &kafka, "--kafka");
  cmd->add_option("--rewind", rewinds, "PARTITION:SEQ -- publish again from this seq (repeatable)")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->callback([] {
    auto config = MakeKafkaConfig(kafka);
    if (!config.ok()) return (void)Fail(config.status());
    if (!config->configured()) return (void)Fail(kExitUsage, "publish needs --kafka BOOTSTRAP (or bootstrap.servers in --kafka-config)");
    auto store = store::Store::Open(dir);
    if (!store.ok()) return (void)Fail(store.status());
    // As a node does on start: compare with the topic (a fork stops here),
    // import what the store lacks, point the cursor at what the topic lacks.
    if (auto source = log::KafkaEventSource::Open(*config); source.ok()) {
      auto report = node::Reconcile(store->get(), **source);
      if (!report.ok() && !report.status().IsBusy()) return (void)Fail(report.status().WithContext("reconciling"));
    } else if (!source.status().IsNotFound()) {
      return (void)Fail(source.status());
    }
    auto publisher = log::Publisher::Open(store->get(), *config);
    if (!publisher.ok()) return (void)Fail(publisher.status());
    for (const auto& r : rewinds) {
      std::size_t colon = r.find(':');
      unsigned long p = 0;
      unsigned long long seq = 0;
      if (colon == std::string::npos || std::sscanf(r.c_str(), "%lu:%llu", &p, &seq) != 2) {
        return (void)Fail(kExitUsage, "--rewind '" + r + "' is not PARTITION:SEQ");
      }
      if (Status s = (*publisher)->Rewind(std::uint32_t(p), seq); !s.ok()) return (void)Fail(s.WithContext("--rewind " + r));
    }
    Status s = (*publisher)->PublishPending();
    nlohmann::ordered_json out{{"ok", s.ok()}, {"partitions", HeadsJson(**store, publisher->get())}};
    if (!s.ok()) out["error"] = s.ToString();
    std::printf("%s\n", out.dump().c_str());
    if (s.IsBusy()) ExitStatus() = kExitRetry;
    else if (!s.ok()) ExitStatus() = Fail(s);
  });
}

void RegisterReplay(CLI::App& app) {
  auto* cmd = app.add_subcommand("replay", "Rebuild a ledger store from the Kafka topic, verifying every event (Sequencer::Import)");
  static std::string from = "kafka", dir;
  static KafkaCliOptions kafka;
  cmd->add_option("--from", from, "Source of the events")->check(CLI::IsMember({"kafka"}));
  cmd->add_option("--dir", dir,
                  "Ledger directory, created with `patentledger init` and the same trust anchor and partitions; "
                  "a replay continues from its heads")
      ->required();
  AddKafkaOptions(cmd, &kafka, "--bootstrap");
  cmd->callback([] {
    auto config = MakeKafkaConfig(kafka);
    if (!config.ok()) return (void)Fail(config.status());
    if (!config->configured()) return (void)Fail(kExitUsage, "replay needs --bootstrap BOOTSTRAP (or bootstrap.servers in --kafka-config)");
    auto store = store::Store::Open(dir);
    if (!store.ok()) return (void)Fail(store.status());
    auto source = log::KafkaEventSource::Open(*config);
    if (!source.ok()) return (void)Fail(source.status());
    const std::uint32_t partitions = (*store)->config().partitions;
    if ((*source)->partitions() != partitions) {
      return (void)Fail(kExitFailure, "topic " + config->topic + " has " + std::to_string((*source)->partitions()) +
                                          " partitions but the ledger in " + dir + " has " + std::to_string(partitions));
    }
    auto report = node::Reconcile(store->get(), **source);
    if (!report.ok()) return (void)Fail(report.status().WithContext("replay"));
    const std::uint64_t total = report->imported;
    nlohmann::ordered_json out{{"imported", total},
                               {"compared", report->compared},
                               {"missing_on_topic", report->missing_in_source},
                               {"duplicates_dropped", (*source)->duplicates()},
                               {"records_read", (*source)->records()},
                               {"partitions", HeadsJson(**store, nullptr)}};
    std::printf("%s\n", out.dump().c_str());
  });
}

void RegisterTail(CLI::App& app) {
  auto* cmd = app.add_subcommand("tail", "Events on the Kafka topic as JSON lines (each seq once, in seq order per partition)");
  static KafkaCliOptions kafka;
  static std::uint32_t partition = 0;
  static bool one_partition = false;
  static std::uint64_t from = 0;
  AddKafkaOptions(cmd, &kafka, "--bootstrap");
  cmd->add_option("--partition", partition, "Only this partition")->check([](const std::string&) {
    one_partition = true;
    return std::string();
  });
  cmd->add_option("--from", from, "First seq");
  cmd->callback([] {
    auto config = MakeKafkaConfig(kafka);
    if (!config.ok()) return (void)Fail(config.status());
    if (!config->configured()) return (void)Fail(kExitUsage, "tail needs --bootstrap BOOTSTRAP (or bootstrap.servers in --kafka-config)");
    auto source = log::KafkaEventSource::Open(*config);
    if (!source.ok()) return (void)Fail(source.status());
    auto json = codec::JsonCodec::Create();
    if (!json.ok()) return (void)Fail(json.status());
    if (one_partition && partition >= (*source)->partitions()) {
      return (void)Fail(kExitUsage, "--partition " + std::to_string(partition) + ": topic " + config->topic + " has " +
                                        std::to_string((*source)->partitions()) + " partitions");
    }
    Status error;
    for (std::uint32_t p = 0; p < (*source)->partitions() && error.ok(); ++p) {
      if (one_partition && p != partition) continue;
      Status s = (*source)->Scan(p, from, [&](std::uint64_t, ByteSpan sealed) {
        auto text = (*json)->SealedEventToJson(sealed);
        if (!text.ok()) {
          error = text.status();
          return false;
        }
        std::printf("%s\n", text->c_str());
        return true;
      });
      if (error.ok()) error = s;
    }
    std::fflush(stdout);
    if (!error.ok()) return (void)Fail(error);
  });
}

}  // namespace

void RegisterKafkaBench(CLI::App& bench);  // cmd_bench_kafka.cc

void RegisterKafkaCommands(CLI::App& app) {
  if (auto* bench = app.get_subcommand("bench")) RegisterKafkaBench(*bench);
  RegisterPublish(app);
  RegisterReplay(app);
  RegisterTail(app);
}

}  // namespace pl::cli
