// Reconciliation of a ledger store with the other copy of its log, the Kafka
// topic: DESIGN.md §6, "On start a node reconciles each partition".
//
// For each partition the source is read from seq 0:
// - a seq the store holds: the bytes MUST be identical, else a fork:
//   kCorruption "fork: partition P seq S ..." and nothing is changed;
// - seqs beyond the store's head (a new or older disk): imported with
//   Sequencer::Import (signatures, chains and rules re-checked), all
//   partitions merged by recorded_at -- the admission order (decision 0020);
// - seqs the source lacks: the outbox cursor is moved back to the source's
//   end so the publisher sends them; and forward when the source already
//   holds what the cursor had not counted (no needless duplicates).
// Duplicates in the source (a seq seen before) are compared and dropped.
//
// REQUIRES: no Sequencer is open on `store` (run before the node starts).
// Holds the events to import in memory before importing them.
#pragma once

#include <cstdint>

#include "ledger/base/status.h"
#include "ledger/log/event_source.h"
#include "ledger/store/store.h"

namespace pl::node {

struct ReconcileReport {
  std::uint64_t imported = 0;         // events the store lacked
  std::uint64_t missing_in_source = 0;  // events the source lacked (left to the publisher)
  std::uint64_t compared = 0;         // events both held (identical)
};

Result<ReconcileReport> Reconcile(store::Store* store, log::KafkaEventSource& source);

}  // namespace pl::node
