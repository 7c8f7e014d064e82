// The ledger node in embedded mode: admission and sealing on one RocksDB
// store.
//
// Pipeline: submissions wait in a bounded queue; the sequencer thread takes
// up to kCommitGroupSubmissionsMax of them as a group; a pool of verifier
// threads (one per core) checks sizes, decodes and verifies signatures of the
// group in parallel, while the sequencer decides and seals the previous group
// in order and commits it in one synced WriteBatch. Receipts are released
// only after that commit (store.h: durability).
//
// Thread safety: Submit/TrySubmit may be called from any number of threads.
#pragma once

#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>

#include "ledger/base/bytes.h"
#include "ledger/base/limits.h"
#include "ledger/base/status.h"
#include "ledger/crypto/crypto.h"
#include "ledger/log/checkpoint_publisher.h"
#include "ledger/log/kafka_config.h"
#include "ledger/node/receipt.h"
#include "ledger/store/store.h"

namespace pl::node {

// When a receipt says "accepted" (DESIGN.md §2).
enum class AckPolicy {
  kLocal,       // RocksDB WAL synced; Kafka publishing follows in the background
  kReplicated,  // RocksDB synced AND Kafka acked with acks=all (default with Kafka)
};

struct NodeOptions {
  std::string dir;
  std::size_t verify_threads = 0;  // 0: one per core
  std::size_t queue_depth = limits::kAdmissionQueueDepthMax;
  std::size_t group_submissions_max = limits::kCommitGroupSubmissionsMax;
  // Time source for recorded_at (UTC µs). Default: the system clock.
  std::function<std::int64_t()> clock_us;
  // Automatic checkpoints (docs/decisions/0015): after a commit, a partition
  // that grew by at least `checkpoint_every_events` events, or grew at all
  // and was last checkpointed `checkpoint_every_ms` ago or more, gets a
  // checkpoint signed by `checkpoint_key` (which must be the ledger's log
  // key). Both 0 or no key: none. Checkpoints are issued after the group's
  // receipts are released; they never delay a receipt.
  std::shared_ptr<const crypto::PrivateKey> checkpoint_key;
  std::uint64_t checkpoint_every_events = 0;
  std::int64_t checkpoint_every_ms = 0;
  // Kafka (ledger/log publisher). Unset: embedded mode, nothing published.
  // With it, the node publishes every committed event in seq order, on its
  // sequencer thread, starting with what the outbox cursor says is still
  // unpublished when the node opens.
  std::optional<log::KafkaConfig> kafka;
  // kReplicated: an accepted receipt is released only once Kafka acked the
  // event; if it did not (broker down, timeout), the receipt is "busy, retry"
  // -- the event is recorded, and resubmitting the same bytes returns its
  // receipt once it is replicated. Never "accepted" before the ack.
  AckPolicy ack = AckPolicy::kReplicated;
  // With Kafka and automatic checkpoints: each checkpoint is also queued on
  // this topic (log::CheckpointPublisher; created when absent). A failed
  // checkpoint publish is counted, never waited for, never blocks admission.
  std::string checkpoints_topic = std::string(log::kCheckpointsTopic);
  // With Kafka: reconcile the store with the topic before admitting
  // (reconcile.h): import what the store lacks, leave what the topic lacks to
  // the publisher, refuse to open on a fork. Skipped (and left to the
  // publisher's cursor) when Kafka cannot be reached.
  bool reconcile_on_start = true;
};

class Node {
 public:
  static Result<std::unique_ptr<Node>> Open(NodeOptions options);
  // Stops accepting, answers everything queued, joins the threads.
  ~Node();

  // Waits for room in the queue; the future yields the receipt once the
  // submission is decided (and, if accepted, durable).
  std::future<Receipt> Submit(Bytes envelope);
  // Never waits: kBusy ("busy, retry") when the queue is full.
  Result<std::future<Receipt>> TrySubmit(Bytes envelope);

  // Read access for queries. Safe concurrently with admission.
  const store::Store& store() const;

  struct Counters {
    std::uint64_t accepted = 0, rejected = 0, replayed = 0, errors = 0, groups = 0;
    std::uint64_t checkpoints = 0, checkpoint_errors = 0;
    std::uint64_t publish_failures = 0;  // Kafka publishing rounds that did not finish
    std::uint64_t checkpoints_published = 0;        // acked on the checkpoints topic (so far)
    std::uint64_t checkpoint_publish_failures = 0;  // not queued or not acked
  };
  // The last checkpoint failure (empty when none): a failed checkpoint does
  // not stop admission, it is counted and reported here.
  std::string last_checkpoint_error() const;
  Counters counters() const;

 private:
  struct Impl;
  explicit Node(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace pl::node
