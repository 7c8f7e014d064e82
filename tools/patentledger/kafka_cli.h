// Kafka options shared by submit, publish, replay and tail:
//   --kafka BOOTSTRAP (or --bootstrap), -X key=value (librdkafka property,
//   repeatable, kcat style), --kafka-config FILE (key=value lines), --topic.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "ledger/base/status.h"
#include "ledger/log/kafka_config.h"

namespace pl::cli {

struct KafkaCliOptions {
  std::string bootstrap;
  std::vector<std::string> properties;
  std::string config_file;
  std::string topic = std::string(log::kEventsTopic);
};

// `bootstrap_flag` is "--kafka" or "--bootstrap".
void AddKafkaOptions(CLI::App* cmd, KafkaCliOptions* options, const std::string& bootstrap_flag);

// The file's properties, then -X ones, then --kafka/--bootstrap (so the
// command line wins). kInvalidArgument naming the bad property.
Result<log::KafkaConfig> MakeKafkaConfig(const KafkaCliOptions& options);

}  // namespace pl::cli
