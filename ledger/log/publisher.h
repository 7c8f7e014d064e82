// The outbox publisher: follows the outbox cursor of each partition in the
// store and publishes the sealed events after it to the events topic, in seq
// order, with an idempotent producer (enable.idempotence=true, acks=all).
// Delivery reports advance the cursor over the delivered prefix.
//
// Guarantees (MUST):
// - An event is published only after its commit (the caller publishes what
//   the store's heads cover; nothing else is read).
// - The cursor of partition p never passes an event Kafka has not acked with
//   acks=all: when PublishPending() returns ok, every event below the heads
//   it saw is on Kafka, replicated to min.insync.replicas.
// - After any failure (a record not acked, a fatal producer error) the
//   producer is destroyed and recreated, and the next call starts again at
//   the cursor: events may reach the topic twice (consumers drop a seq they
//   already have), never out of order and never skipped.
//
// Record layout (DESIGN.md §6): key = canonical patent number (empty for the
// key registry stream), value = the sealed event bytes, partition = the
// ledger partition, headers ce_id (submission id), ce_type (kind), ce_time
// (recorded_at, RFC 3339 UTC), content-type.
//
// Thread safety: one thread at a time (the node's sequencer thread or a tool).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "ledger/base/status.h"
#include "ledger/log/kafka_config.h"
#include "ledger/store/store.h"

namespace pl::log {

// Events queued to the producer before waiting for their delivery reports.
// Bounds the producer's memory (values are copied) after a long outage.
inline constexpr std::size_t kPublishBatchEventsMax = 4096;

// Default librdkafka message.timeout.ms: how long a record may wait for its
// acks=all before it is reported failed (and a `replicated` receipt becomes
// "busy, retry"). A user property of the same name replaces it.
inline constexpr int kMessageTimeoutMsDefault = 15000;

inline constexpr char kContentType[] = "application/x-flatbuffers; schema=patent-ledger/v1/SealedEvent";

class Publisher {
 public:
  // REQUIRES: `store` outlives the publisher. Does not contact the cluster
  // (the topic is checked or created on the first publish), so a node can
  // start while Kafka is down. kInvalidArgument for a bad property.
  static Result<std::unique_ptr<Publisher>> Open(store::Store* store, KafkaConfig config);
  ~Publisher();

  // Publishes every committed event at or after the cursor, waits for the
  // delivery reports, advances the cursors. Ok: all published. kBusy: Kafka
  // did not ack some (cursor at the first one not acked; retry later).
  // kFailedPrecondition: the topic does not fit the ledger (stop).
  Status PublishPending();

  // Next seq to publish, per partition (in memory, as last written).
  std::uint64_t cursor(std::uint32_t partition) const { return cursors_[partition]; }
  // Moves the cursor of `partition` back to `next_seq` so that the events
  // from there are published again (operations; tests of duplicates).
  Status Rewind(std::uint32_t partition, std::uint64_t next_seq);

  // How many times the producer was recreated after a failure.
  std::uint64_t producer_resets() const { return producer_resets_; }

  // Fault tests: makes the current producer fail as librdkafka does on a
  // fatal idempotence error (rd_kafka_test_fatal_error).
  void SimulateFatalError();

 private:
  struct Producer;
  Publisher(store::Store* store, KafkaConfig config);
  Status ResetProducer();
  // One round: at most kPublishBatchEventsMax events; `*more` when events
  // were left for the next round.
  Status PublishRound(bool* more);

  store::Store* store_;
  KafkaConfig config_;
  std::unique_ptr<Producer> producer_;
  bool topic_checked_ = false;
  std::vector<std::uint64_t> cursors_;
  std::uint64_t producer_resets_ = 0;
};

}  // namespace pl::log
