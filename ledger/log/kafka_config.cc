#include "ledger/log/kafka_config.h"

#include <fstream>

namespace pl::log {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string KafkaConfig::Get(std::string_view key) const {
  for (auto it = properties.rbegin(); it != properties.rend(); ++it) {
    if (it->first == key) return it->second;
  }
  return {};
}

void KafkaConfig::Set(std::string key, std::string value) { properties.emplace_back(std::move(key), std::move(value)); }

bool KafkaConfig::configured() const { return !Get("bootstrap.servers").empty() || !Get("metadata.broker.list").empty(); }

Status ParseProperty(std::string_view text, KafkaConfig* config) {
  std::size_t eq = text.find('=');
  if (eq == std::string_view::npos) {
    return Status::InvalidArgument("Kafka property '" + std::string(text) + "' is not key=value");
  }
  std::string_view key = Trim(text.substr(0, eq));
  if (key.empty()) return Status::InvalidArgument("Kafka property '" + std::string(text) + "' has an empty key");
  config->Set(std::string(key), std::string(Trim(text.substr(eq + 1))));
  return Status::Ok();
}

Status LoadPropertiesFile(const std::string& path, KafkaConfig* config) {
  std::ifstream in(path);
  if (!in) return Status::InvalidArgument("cannot read Kafka properties file " + path);
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    std::string_view t = Trim(line);
    if (t.empty() || t.front() == '#') continue;
    Status s = ParseProperty(t, config);
    if (!s.ok()) return s.WithContext(path + ":" + std::to_string(number));
  }
  if (in.bad()) return Status::IoError("reading " + path);
  return Status::Ok();
}

}  // namespace pl::log
