// Publishes signed checkpoints on the checkpoints topic (DESIGN.md §6,
// docs/proofs.md): record key = the ledger partition as decimal text, value
// = the signed note exactly as stored, Kafka partition = the ledger
// partition. The topic is created with the ledger's partition count when
// absent.
//
// Never blocks admission: Publish() only queues the record (the topic check
// is done once, bounded, and retried on the next checkpoint after a
// failure); delivery reports arrive on later calls. Every checkpoint that
// could not be queued or was not acked is counted in failures(). A lost
// checkpoint costs nothing: the store keeps every note, and the next one
// supersedes it.
//
// Thread safety: one thread at a time (the node's sequencer thread).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "ledger/base/status.h"
#include "ledger/log/kafka_config.h"

namespace pl::log {

inline constexpr std::string_view kCheckpointsTopic = "patent.ledger.checkpoints.v1";

class CheckpointPublisher {
 public:
  // `config` is the events' configuration; its topic is replaced by
  // `topic`. Does not contact the cluster.
  static Result<std::unique_ptr<CheckpointPublisher>> Open(const KafkaConfig& config, std::uint32_t partitions,
                                                           std::string topic = std::string(kCheckpointsTopic));
  ~CheckpointPublisher();  // waits a bounded time for outstanding reports

  // Queues the note of `partition`. A failure is counted and returned.
  Status Publish(std::uint32_t partition, const std::string& note);
  // Waits up to `timeout_ms` for the delivery reports of everything queued.
  void Flush(int timeout_ms);

  std::uint64_t published() const;  // acked
  std::uint64_t failures() const;   // not queued or not acked
  std::string last_error() const;

 private:
  struct Impl;
  explicit CheckpointPublisher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace pl::log
