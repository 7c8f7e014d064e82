// A full audit of a store: for every partition, seq contiguity from 0, the
// partition hash chain, each event's stream version and stream chain, every
// signature against the enrolled keys, the stored head, every stored
// Merkle tree node against the tree recomputed from the events, and the
// latest checkpoint (log-key signature, root at its size). Stops at the
// first bad position and names it.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "ledger/base/status.h"
#include "ledger/crypto/crypto.h"
#include "ledger/log/kafka_config.h"
#include "ledger/store/store.h"

namespace pl::node {

struct AuditReport {
  std::uint64_t events = 0;      // events checked
  std::uint64_t signatures = 0;  // signatures verified
  std::uint64_t tree_nodes = 0;  // stored Merkle nodes compared
  std::uint64_t checkpoints = 0; // checkpoints verified (the latest of each partition)
  bool ok = true;
  std::uint32_t bad_partition = 0;
  std::uint64_t bad_seq = 0;
  std::string problem;  // "partition 0 seq 17: prev_hash does not match ..."
  std::uint64_t duplicates = 0;  // Kafka: identical copies of an event, dropped
  std::string remark;            // said beside the result, e.g. "no checkpoints topic: events only"
};

// Returns a Status only when the audit itself could not run (I/O); a store
// that fails the audit is reported in AuditReport. `progress` (may be empty)
// is called with the number of events checked so far.
Result<AuditReport> AuditStore(const store::Store& store, const std::function<void(std::uint64_t)>& progress = {});

// The same audit of an archive file (ledger/archive) alone: seq contiguity
// from 0, both chains, every signature against `anchor` and the keys
// enrolled in the archive, and every checkpoint in the archive (signed by
// `log_key`) against the tree recomputed from its events. A digest
// mismatch that no event explains is reported too.
Result<AuditReport> AuditArchive(const std::string& path, const crypto::PublicKey& anchor,
                                 const crypto::PublicKey& log_key,
                                 const std::function<void(std::uint64_t)>& progress = {});

// The same audit of the Kafka events topic (`events.topic`): seq
// contiguity from 0 per partition (an identical duplicate is dropped and
// counted, the same seq with other bytes is a fork and fails), both chains,
// every signature against `anchor` and the keys enrolled on partition 0,
// and every note on `checkpoints_topic` (signed by `log_key`, origin
// `origin` or, when empty, the one the notes name) against the tree
// recomputed from the topic's events. When the checkpoints topic does not
// exist, only the events are audited and `remark` says so.
Result<AuditReport> AuditKafka(const log::KafkaConfig& events, const std::string& checkpoints_topic,
                               const crypto::PublicKey& anchor, const crypto::PublicKey& log_key,
                               const std::string& origin, const std::function<void(std::uint64_t)>& progress = {});

}  // namespace pl::node
