// The projection contract (after Redpanda's state machine): a projection is
// a deterministic fold over sealed events. The runner decodes each event
// once and hands it to Apply(); the projection writes only through its
// Tables; at the end of a batch the runner calls Flush() and commits the
// pending writes together with the last applied (partition, seq) in ONE
// atomic write, so tables and positions never disagree, even after kill -9.
//
// Determinism (MUST): the committed tables depend only on the set of events
// applied -- not on batch sizes, not on how partitions are interleaved
// (events of one partition always come in seq order; partitions are
// independent logs). Anything that combines events of several partitions
// MUST be keyed and merged canonically (see techcontract's contract merge).
// A projection MUST NOT read clocks, randomness or the environment.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ledger/base/bytes.h"
#include "ledger/base/status.h"
#include "ledger/codec/codec.h"
#include "ledger/domain/types.h"
#include "projections/framework/tables.h"

namespace pl::projections {

// A sealed event as the runner decoded it. Valid only during Apply().
struct Event {
  codec::SealedHeader header;
  Hash256 leaf_hash{};       // SHA-256(0x00 || sealed bytes)
  ByteSpan submission_bytes;  // the exact signed submission bytes
  domain::Submission submission;  // `patent` already canonical
};

class Projection {
 public:
  virtual ~Projection() = default;

  // Stable name: the state directory's name and the digest's label.
  virtual const char* name() const = 0;
  // Format version of the tables; a store written by another version is
  // refused (rebuild it).
  virtual std::uint32_t format_version() const = 0;
  // Table names in digest order. Fixed for a format version.
  virtual std::vector<std::string> table_names() const = 0;

  // Binds the projection to its tables; drops any cached state. Called
  // after opening and after every rebuild or failed batch.
  virtual void Attach(Tables* tables) = 0;
  // Folds one event into the pending batch. kCorruption only for an event
  // the ledger could not have accepted (the replay must stop).
  virtual Status Apply(const Event& event) = 0;
  // Writes what Apply() kept in memory into the pending tables; the batch
  // is then complete.
  virtual Status Flush() = 0;
  // After a successful commit: may drop clean cached state (bounded memory).
  virtual void AfterCommit() {}
  // Bytes Apply() holds for the next Flush() beyond its caches (an
  // in-memory replay counts them against its budget).
  virtual std::size_t held_bytes() const { return 0; }
};

}  // namespace pl::projections
