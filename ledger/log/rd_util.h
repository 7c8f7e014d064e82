// Internal to ledger/log: librdkafka handles and error mapping. Never
// included from outside this folder (STYLE.md: third-party types stay in
// their adapter).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <librdkafka/rdkafka.h>

#include "ledger/base/status.h"
#include "ledger/log/kafka_config.h"

namespace pl::log::internal {

struct RdKafkaDeleter {
  void operator()(rd_kafka_t* rk) const { rd_kafka_destroy(rk); }
};
using RdKafkaPtr = std::unique_ptr<rd_kafka_t, RdKafkaDeleter>;

// Seconds a metadata or admin request may take before the caller gets kBusy.
inline constexpr int kRequestTimeoutMs = 10000;

// A librdkafka error as a Status: broker/transport trouble is kBusy (retry
// later), a bad setting kInvalidArgument, anything else kIoError.
Status FromRdError(rd_kafka_resp_err_t err, std::string_view what, std::string_view detail = {});

// A client of `type` with the user's properties, then `forced` on top (the
// ledger's safety settings; a user value that contradicts one is refused,
// naming the key). kInvalidArgument naming the key librdkafka rejects.
Result<RdKafkaPtr> NewClient(rd_kafka_type_t type, const KafkaConfig& config,
                             const std::vector<std::pair<std::string, std::string>>& forced,
                             void (*configure)(rd_kafka_conf_t*, void*) = nullptr, void* configure_arg = nullptr);

// A consumer that reads partitions by explicit assignment and commits
// nothing: every reader keeps its own position (a store's head, a
// projection's last applied seq). The group id, when the user gives none,
// only satisfies the consumer API.
Result<RdKafkaPtr> NewReader(const KafkaConfig& config);

// Partition count of `topic`; kNotFound when the topic does not exist.
Result<int> TopicPartitions(rd_kafka_t* rk, const std::string& topic, int timeout_ms = kRequestTimeoutMs);

// Milliseconds ReadToEnd waits for the next record before giving up (kBusy).
inline constexpr int kReadIdleTimeoutMs = 30000;

// Assigns `partition` of `topic` to the consumer `rk` from its earliest
// offset and calls `fn` with each record up to the end offset found at the
// start (a snapshot), until `fn` returns a non-ok Status or false in
// `*more`; then unassigns. A record error ends the read with it.
Status ReadToEnd(rd_kafka_t* rk, const std::string& topic, std::uint32_t partition,
                 const std::function<Status(const rd_kafka_message_t&, bool* more)>& fn);

}  // namespace pl::log::internal

namespace pl::log::internal {

// topic.cc: creates `topic` with `partitions` partitions when absent (Admin
// API CreateTopics, replication factor -1 = the broker's
// default.replication.factor, `configs` as topic configs, e.g.
// cleanup.policy=compact); kFailedPrecondition naming both counts when it
// exists with another partition count.
Status EnsureTopicWith(rd_kafka_t* rk, const std::string& topic, std::uint32_t partitions,
                       int timeout_ms = kRequestTimeoutMs,
                       const std::vector<std::pair<std::string, std::string>>& configs = {});

}  // namespace pl::log::internal
