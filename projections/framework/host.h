// A projection bound to its own RocksDB: positions per partition, commits,
// digest, rebuild. One host per projection per state directory.
//
// Meta keys: "format" -> name "/" version; "pos/" u32 BE partition ->
// next_seq u64 BE | last leaf hash (32) | last recorded_at_us u64 BE.
//
// Thread safety: none.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "ledger/base/bytes.h"
#include "ledger/base/status.h"
#include "projections/framework/kv_store.h"
#include "projections/framework/projection.h"
#include "projections/framework/tables.h"

namespace pl::projections {

struct PartitionPosition {
  std::uint64_t next_seq = 0;       // events 0..next_seq-1 are applied
  Hash256 last_hash{};              // leaf hash of event next_seq-1 (zero when none)
  std::int64_t last_recorded_at_us = 0;
  bool operator==(const PartitionPosition&) const = default;
};
using Positions = std::map<std::uint32_t, PartitionPosition>;

// "0:1233,1:998": partition and last applied seq; "-" when nothing applied.
std::string PositionsText(const Positions& positions);

class ProjectionHost {
 public:
  // Opens `dir` (created when absent) for `projection`. `rebuild`: drops
  // whatever `dir` holds first (also a state of another format version).
  static Result<std::unique_ptr<ProjectionHost>> Open(const std::string& dir,
                                                      std::unique_ptr<Projection> projection,
                                                      bool rebuild = false);
  ~ProjectionHost();

  Projection& projection() { return *projection_; }
  const char* name() const { return projection_->name(); }
  const std::string& dir() const { return dir_; }
  Tables& tables() { return *tables_; }
  const Tables& tables() const { return *tables_; }

  // Committed positions, plus those of applied but uncommitted events.
  const Positions& positions() const { return positions_; }
  const Positions& committed_positions() const { return committed_; }

  // REQUIRES: event.header.seq == positions()[partition].next_seq (the
  // runner checks continuity and skips what this host already applied).
  Status Apply(const Event& event);
  // Flushes and commits the batch with the positions. On failure the batch
  // is discarded and the host reattached at its committed state. In
  // in-memory mode the batch may go on instead (host.cc).
  Status Commit();
  std::uint64_t pending_events() const { return pending_events_; }

  // Full replay in memory (tables.h, decision 0023): commits keep their
  // writes in memory until `bytes_max` is passed or EndInMemory();
  // committed_positions() are those last written. REQUIRES: nothing
  // pending.
  void BeginInMemory(std::size_t bytes_max);
  // Writes what is kept and leaves in-memory mode. On failure, or when
  // `write` is false (a failed replay), the host is reloaded at what was
  // last written.
  Status EndInMemory(bool write = true);
  bool in_memory() const { return tables_->in_memory(); }
  // Applied events that are not durable yet (in-memory replay).
  bool holds_unwritten() const { return tables_->holds_unwritten() || (in_memory() && pending_events_ > 0); }

  // Digest of the committed tables (tables.h). REQUIRES: nothing pending.
  Result<Hash256> Digest() const;
  // Drops every table and position: the next catch-up replays from seq 0.
  Status Rebuild();
  // The state's RocksDB settled (kv_store.h); benchmarks.
  Status WaitForCompactions(double seconds_max) { return store_->WaitForCompactions(seconds_max); }

 private:
  ProjectionHost() = default;
  Status Load();
  Status CommitBatch();
  std::string dir_;
  std::unique_ptr<Projection> projection_;
  std::unique_ptr<KvStore> store_;
  std::unique_ptr<Tables> tables_;
  Positions positions_, committed_;
  std::uint64_t pending_events_ = 0;
};

}  // namespace pl::projections
