// The node's durable copy and admission state, on RocksDB. The only layer
// that includes RocksDB headers. Key layouts: README.md.
//
// Durability (MUST): Commit() writes one WriteBatch with WriteOptions::sync =
// true; when it returns ok, every event, state, receipt, key and head in the
// group is on disk, and none of them is visible before. A crash during
// Commit() leaves either all of the group or none of it.
//
// Thread safety: reads may run concurrently with each other and with one
// Commit(); Commit() calls must not overlap (one writer per ledger).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ledger/base/bytes.h"
#include "ledger/base/event_source.h"
#include "ledger/base/status.h"
#include "ledger/domain/state.h"

namespace pl::store {

struct LedgerConfig {
  std::string origin;  // the ledger's name, e.g. "cnipa.example/patent-ledger"
  std::uint32_t partitions = 1;
  domain::KeyRecord anchor;  // the trust-anchor AUTHORITY key
};

struct PartitionHead {
  std::uint64_t next_seq = 0;
  Hash256 last_hash{};  // leaf hash of the event at next_seq - 1; zero when empty
  std::int64_t last_recorded_at_us = 0;
};

// What is kept for an accepted submission id (88 bytes on disk).
struct StoredReceipt {
  std::uint32_t partition = 0;
  std::uint64_t seq = 0;
  std::uint64_t stream_version = 0;
  std::uint32_t flags = 0;
  Hash256 leaf_hash{};
  Hash256 submission_digest{};
};

struct StreamEntry {
  std::string patent;  // canonical number; empty for the key registry stream
  std::uint64_t version = 0;
  std::uint32_t partition = 0;
  std::uint64_t seq = 0;
};

// Everything one commit group changes.
struct CommitGroup {
  struct Event {
    std::uint32_t partition = 0;
    std::uint64_t seq = 0;
    Bytes sealed;
  };
  std::vector<Event> events;
  std::vector<StreamEntry> stream_entries;
  std::vector<std::pair<std::string, const domain::PatentState*>> states;  // final state per patent
  std::vector<std::pair<std::string, StoredReceipt>> receipts;            // by submission id
  std::vector<const domain::KeyRecord*> keys;
  std::vector<std::pair<std::uint32_t, PartitionHead>> heads;
  // Merkle tree nodes completed by this group's events (ledger/merkle):
  // written in the same batch, so the tree always matches the heads.
  struct TreeNode {
    std::uint32_t partition = 0;
    std::uint8_t level = 0;
    std::uint64_t index = 0;
    Hash256 hash{};
  };
  std::vector<TreeNode> tree_nodes;
};

// Default memory for the upper levels of the Merkle trees kept in memory
// (tree_cache.h), all partitions together: 32 MiB holds every node above
// the leaves of a 1,000,000-event partition, or levels >= 5 of a
// 16,000,000-event one. Proofs read only the levels below from RocksDB.
inline constexpr std::size_t kTreeCacheBytesDefault = 32u << 20;

struct StoreOptions {
  // 0: no tree cache (every proof node is read from RocksDB).
  std::size_t tree_cache_bytes = kTreeCacheBytesDefault;
};

class Store : public EventSource {
 public:
  // Creates a new ledger in `dir` (which must not hold one).
  static Result<std::unique_ptr<Store>> Create(const std::string& dir, const LedgerConfig& config,
                                               const StoreOptions& options = StoreOptions());
  // Opens an existing ledger; kFailedPrecondition when `dir` holds none.
  static Result<std::unique_ptr<Store>> Open(const std::string& dir, const StoreOptions& options = StoreOptions());
  ~Store() override;

  const LedgerConfig& config() const;

  Result<std::optional<domain::PatentState>> GetPatentState(const std::string& patent) const;
  Result<std::optional<StoredReceipt>> GetReceipt(const std::string& submission_id) const;
  // Every key ever enrolled, including the anchor.
  Result<domain::KeyRegistry> LoadKeys() const;
  Result<PartitionHead> GetHead(std::uint32_t partition) const;

  Status Commit(const CommitGroup& group);

  // Outbox (ledger/log publisher): the next seq of `partition` to publish to
  // Kafka; 0 when nothing was published yet.
  Result<std::uint64_t> GetOutboxCursor(std::uint32_t partition) const;
  // Moves the cursor (forwards after delivery reports, backwards to publish
  // again). Written with the WAL but NOT synced: a cursor advance lost in a
  // crash only makes the publisher send again events Kafka already holds,
  // which every consumer drops by seq. kInvalidArgument beyond the head.
  // May run concurrently with Commit() (different keys).
  Status SetOutboxCursor(std::uint32_t partition, std::uint64_t next_seq);

  Result<std::optional<Bytes>> GetEvent(std::uint32_t partition, std::uint64_t seq) const;
  // Calls `fn(seq, sealed)` for events of `partition` from `from_seq` in
  // order, until it returns false or the partition ends.
  Status ScanEvents(std::uint32_t partition, std::uint64_t from_seq,
                    const std::function<bool(std::uint64_t, ByteSpan)>& fn) const;
  // EventSource: ScanEvents, and a missing seq is kCorruption.
  std::uint32_t partitions() const override { return config().partitions; }
  Status Scan(std::uint32_t partition, std::uint64_t from_seq,
              const std::function<bool(std::uint64_t, ByteSpan)>& fn) override;
  // The events of one patent's stream, in version order.
  Result<std::vector<StreamEntry>> GetStream(const std::string& patent) const;
  // Canonical numbers of every recorded patent, in key order, at most `limit`.
  Result<std::vector<std::string>> ListPatents(std::size_t limit) const;

  // A complete Merkle tree node of `partition` (ledger/merkle NodeId);
  // kNotFound when it is not stored. Always read from RocksDB, never from
  // the tree cache: the audit checks what is on disk.
  Result<Hash256> GetTreeNode(std::uint32_t partition, std::uint8_t level, std::uint64_t index) const;
  // Several tree nodes of `partition`, (level, index) each, for proofs; the
  // hashes in the order asked. Nodes of the cached upper levels come from
  // memory (tree_cache.h; loaded from the checksum-verified tree family on
  // the partition's first call, extended after each commit), the rest from
  // one batched read (RocksDB MultiGet, checksums verified as for
  // GetTreeNode). Fails like GetTreeNode on the first node (in that order)
  // that is missing or bad. Turns off RocksDB's per-thread perf counters
  // (PerfLevel kDisable) on the calling thread.
  Result<std::vector<Hash256>> GetTreeNodes(std::uint32_t partition,
                                            const std::vector<std::pair<std::uint8_t, std::uint64_t>>& ids) const;
  // Writes tree nodes outside a commit group (rebuilding the tree of a
  // store created before trees were kept). Synced.
  Status PutTreeNodes(const std::vector<CommitGroup::TreeNode>& nodes);
  // Flushes the tree family's memtable and compacts it into sorted files,
  // as RocksDB does in the background on a long-running node (benchmarks).
  Status CompactTree();
  // Waits until RocksDB has no flush or compaction running or pending (a
  // store just written settles before it is measured: benchmarks). Gives
  // up with kBusy after `seconds_max`.
  Status WaitForCompactions(double seconds_max);
  // Hashes held in memory for `partition`'s tree, and the lowest level
  // held (64: none, or not loaded yet). Benchmarks and tests.
  std::pair<std::size_t, std::uint8_t> TreeCacheStats(std::uint32_t partition) const;

  // Signed checkpoints (C2SP signed notes), one per (partition, tree size).
  // MUST be called only with a note whose tree the store holds; synced.
  Status PutCheckpoint(std::uint32_t partition, std::uint64_t tree_size, const std::string& note);
  // The checkpoint of the largest tree size, or of exactly `tree_size`.
  Result<std::optional<std::pair<std::uint64_t, std::string>>> GetLatestCheckpoint(std::uint32_t partition) const;
  Result<std::optional<std::string>> GetCheckpoint(std::uint32_t partition, std::uint64_t tree_size) const;

  // The checkpoint (log) public key, raw Ed25519 bytes; empty when none has
  // been recorded yet. docs/decisions/0015.
  Result<Bytes> GetLogKey() const;
  Status PutLogKey(ByteSpan raw_public_key);

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  static Result<std::unique_ptr<Impl>> OpenDb(const std::string& dir, bool create, const StoreOptions& options);
  std::unique_ptr<Impl> impl_;
};

}  // namespace pl::store
