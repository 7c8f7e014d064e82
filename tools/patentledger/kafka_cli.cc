#include "tools/patentledger/kafka_cli.h"

namespace pl::cli {

void AddKafkaOptions(CLI::App* cmd, KafkaCliOptions* options, const std::string& bootstrap_flag) {
  cmd->add_option(bootstrap_flag, options->bootstrap, "Kafka bootstrap servers, host:port[,host:port...]");
  cmd->add_option("-X", options->properties,
                  "librdkafka property key=value (repeatable), e.g. -X security.protocol=SASL_SSL")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--kafka-config", options->config_file, "File of librdkafka properties, one key=value a line");
  cmd->add_option("--topic", options->topic, "Events topic");
}

Result<log::KafkaConfig> MakeKafkaConfig(const KafkaCliOptions& options) {
  log::KafkaConfig config;
  config.topic = options.topic;
  if (config.topic.empty()) return Status::InvalidArgument("--topic is empty");
  if (!options.config_file.empty()) PL_RETURN_IF_ERROR(log::LoadPropertiesFile(options.config_file, &config));
  for (const auto& p : options.properties) PL_RETURN_IF_ERROR(log::ParseProperty(p, &config).WithContext("-X"));
  if (!options.bootstrap.empty()) config.Set("bootstrap.servers", options.bootstrap);
  return config;
}

}  // namespace pl::cli
