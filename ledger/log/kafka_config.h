// Kafka client settings for the ledger: librdkafka properties passed through
// verbatim (bootstrap.servers, security.protocol, sasl.*, ssl.*, timeouts),
// plus the topic name. The only place properties are parsed; the safety
// settings the ledger relies on are added on top by producer.cc and
// consumer.cc, and a property that would weaken them is refused there.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ledger/base/status.h"

namespace pl::log {

// The events topic (DESIGN.md §6). Schema changes only add fields, so the
// version in the name changes only with an incompatible format.
inline constexpr std::string_view kEventsTopic = "patent.ledger.events.v1";

struct KafkaConfig {
  std::string topic = std::string(kEventsTopic);
  // In order; a later value of the same key wins (as in librdkafka).
  std::vector<std::pair<std::string, std::string>> properties;

  // The value of `key`, or empty.
  std::string Get(std::string_view key) const;
  void Set(std::string key, std::string value);
  // True when bootstrap.servers (or metadata.broker.list) is set.
  bool configured() const;
};

// "key=value" (kcat's -X form). kInvalidArgument naming the text when there
// is no '=' or the key is empty.
Status ParseProperty(std::string_view text, KafkaConfig* config);

// A properties file: one key=value per line; blank lines and lines starting
// with '#' ignored. kInvalidArgument naming file and line.
Status LoadPropertiesFile(const std::string& path, KafkaConfig* config);

}  // namespace pl::log
