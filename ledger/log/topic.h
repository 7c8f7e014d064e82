// The events topic: created with the ledger's partition count when absent
// (ledger partition p is Kafka partition p, DESIGN.md §6).
#pragma once

#include <cstdint>

#include "ledger/base/status.h"
#include "ledger/log/kafka_config.h"

namespace pl::log {

// Creates config.topic with `partitions` partitions if it does not exist.
// kFailedPrecondition when it exists with a different partition count (the
// ledger could not keep partition p on Kafka partition p); kBusy when the
// cluster does not answer.
Status EnsureTopic(const KafkaConfig& config, std::uint32_t partitions);

// The partition count of config.topic; kNotFound when it does not exist.
Result<std::uint32_t> TopicPartitionCount(const KafkaConfig& config);

}  // namespace pl::log
