// A small producer for keyed feeds derived from the ledger (the
// technology-contract feed, patent.techcontract.v1): one value per key,
// idempotent producer with acks=all, the topic created when absent.
// Re-publishing a key is harmless on a compacted topic: the latest value
// wins. Not for the events topic (publisher.h keeps its cursor and order).
//
// Thread safety: one thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "ledger/base/status.h"
#include "ledger/log/kafka_config.h"

namespace pl::log {

// Partitions of a feed topic created by KeyedProducer (an existing topic
// keeps its own count).
inline constexpr std::uint32_t kFeedTopicPartitionsDefault = 1;

class KeyedProducer {
 public:
  // Creates the client (checks every property) and config.topic with
  // `partitions` partitions and cleanup.policy=compact when it does not
  // exist. kBusy when the cluster does not answer.
  static Result<std::unique_ptr<KeyedProducer>> Open(const KafkaConfig& config,
                                                     std::uint32_t partitions = kFeedTopicPartitionsDefault);
  ~KeyedProducer();

  // Queues one record (partitioned by key, Java-compatible).
  Status Put(std::string_view key, std::string_view value);
  // Waits for every delivery report; the first failure, if any.
  Status Flush();
  // Records acknowledged so far.
  std::uint64_t delivered() const;

 private:
  struct Impl;
  KeyedProducer() = default;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pl::log
