// Reads back the checkpoints topic written by CheckpointPublisher
// (checkpoint_publisher.h): every record, partition by partition in offset
// order, up to the end offsets found when the read starts. The notes are
// returned as they are; opening them with the log key is the caller's job.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ledger/base/status.h"
#include "ledger/log/kafka_config.h"

namespace pl::log {

// Records read from the checkpoints topic at most: a checkpoint every few
// thousand events keeps far below it; more means the wrong topic.
inline constexpr std::size_t kCheckpointRecordsMax = 1 << 20;

struct CheckpointRecord {
  std::uint32_t partition = 0;  // the Kafka partition = the ledger partition
  std::int64_t offset = 0;
  std::string key;
  std::string note;
};

// `config` is the events' configuration; its topic is replaced by `topic`.
// kNotFound when the topic does not exist; kInvalidArgument beyond
// kCheckpointRecordsMax records.
Result<std::vector<CheckpointRecord>> ReadCheckpointRecords(const KafkaConfig& config, const std::string& topic);

}  // namespace pl::log
