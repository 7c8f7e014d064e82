// A projection's tables as it sees them while applying a batch: the
// committed contents in its KvStore plus the batch's pending writes on top.
// Reads see pending writes first. Nothing reaches RocksDB until Commit(),
// which writes every pending table write and the given meta writes in one
// atomic batch.
//
// In-memory mode (a full replay into an empty store, decision 0023):
// Commit() keeps the batch in memory -- reads go on seeing it -- instead of
// writing it; when what is kept passes a byte budget, and at
// EndInMemory(), all of it and the latest meta are written as sorted files
// ingested in one atomic step (KvStore::IngestSorted). A crash in between
// leaves the store as of the last such write.
//
// Pending writes of a table live in a hash map (a Put or Get is one hash
// lookup; a bulk load sorts the keys once). A table the projection scans
// by group while writes are pending (KeepGrouped: a group is a key's
// prefix up to its n-th NUL byte) also indexes its pending keys by group,
// so a Scan by a whole group sorts just that group's keys. Any other Scan
// of pending writes is still correct, at the cost of a pass over them.
//
// A bulk load past the budget is written on a thread of its own while the
// projection goes on applying into fresh maps; reads see, in order, the
// pending writes, the bulk load being written, and the store. One bulk load
// is in flight at a time: the next one (and EndInMemory) waits for it and
// reports its failure.
//
// Thread safety: none; owned by the runner's apply thread. A bulk load's
// thread reads only the maps handed to it, which nothing changes meanwhile.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "ledger/base/bytes.h"
#include "ledger/base/status.h"
#include "projections/framework/kv_store.h"

namespace pl::projections {

class Tables {
 public:
  // REQUIRES: `store` outlives this object.
  explicit Tables(KvStore* store);
  // Waits for a bulk load in flight (its outcome is then the store's).
  ~Tables();
  Tables(const Tables&) = delete;
  Tables& operator=(const Tables&) = delete;

  std::uint32_t count() const { return std::uint32_t(pending_.size()); }
  // The projection scans `table` by group while its writes are pending: a
  // group is a key's prefix up to and including its `separators`-th NUL
  // byte (keys with fewer belong to none). REQUIRES: nothing pending in it;
  // separators > 0.
  void KeepGrouped(std::uint32_t table, std::size_t separators);
  Result<std::optional<std::string>> Get(std::uint32_t table, std::string_view key) const;
  void Put(std::uint32_t table, std::string key, std::string value);
  void Delete(std::uint32_t table, std::string key);
  // Committed and pending entries with `prefix`, merged, in key order.
  Status Scan(std::uint32_t table, std::string_view prefix, const KvVisitor& fn) const;

  // Pending entries (puts only) with `prefix`, in key order: what this batch
  // wrote, without reading the store.
  void ScanPending(std::uint32_t table, std::string_view prefix, const KvVisitor& fn) const;

  // Meta entries (positions, format) are not part of the tables' digest.
  Result<std::optional<std::string>> GetMeta(std::string_view key) const;
  Status ScanMeta(std::string_view prefix, const KvVisitor& fn) const;

  bool has_pending() const;
  // Writes the pending writes plus `meta` atomically and clears them; in
  // in-memory mode keeps them (see above) and writes only past the budget.
  Status Commit(const std::vector<std::pair<std::string, std::string>>& meta);
  // Forgets the pending writes (after a failed apply), in in-memory mode
  // everything kept since the last bulk load was handed off (that one still
  // lands, or fails, on its thread).
  void Discard();

  // REQUIRES: nothing pending. `bytes_max`: budget of kept entries (keys,
  // values and a per-entry overhead estimate).
  void BeginInMemory(std::size_t bytes_max);
  // Waits for the bulk load in flight, writes what is kept (if anything)
  // and leaves in-memory mode. Either failure is returned.
  Status EndInMemory();
  bool in_memory() const { return in_memory_; }
  // True when the last Commit() left writes in memory (not durable).
  bool holds_unwritten() const { return in_memory_ && (has_pending() || !kept_meta_.empty() || writing_); }
  // Kept bytes, plus `held_elsewhere` (a projection's unflushed bytes), pass
  // the budget.
  bool over_budget(std::size_t held_elsewhere = 0) const { return kept_bytes_ + held_elsewhere > bytes_max_; }
  // Bulk loads that have landed.
  std::uint64_t bulk_writes() const { return bulk_writes_; }

  // SHA-256 over the committed tables in order: for each table its name,
  // then every (key, value) in key order, each length-prefixed (u32 BE), and
  // the table's entry count (u64 BE). REQUIRES: nothing pending.
  Result<Hash256> Digest() const;

 private:
  using Value = std::optional<std::string>;  // nullopt: deleted
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  using Entries = std::unordered_map<std::string, Value, StringHash, std::equal_to<>>;
  // One table's pending writes, hashed, and grouped if asked (see the file
  // comment).
  struct Pending {
    std::size_t group_separators = 0;  // 0: not grouped
    Entries hashed;
    // Group -> its entries in `hashed` (nodes: stable addresses).
    std::unordered_map<std::string, std::vector<const Entries::value_type*>, StringHash, std::equal_to<>> groups;

    bool empty() const { return hashed.empty(); }
    void clear();
    const Value* Find(std::string_view key) const;
    // The entry for `key`, inserted as nullopt when absent; *inserted says.
    std::pair<const std::string*, Value*> Emplace(std::string key, bool* inserted);
    // Entries with `prefix` in key order (collected and sorted).
    std::vector<std::pair<std::string_view, const Value*>> InOrder(std::string_view prefix) const;
    template <typename F>
    void ForEach(F&& fn) {
      for (auto& [key, value] : hashed) fn(key, value);
    }
    // `key`'s group: its prefix up to the group_separators-th NUL (empty:
    // none, or not grouped).
    std::string_view GroupOf(std::string_view key) const;
  };
  using Meta = std::map<std::string, std::string, std::less<>>;
  // A bulk load being written on its own thread.
  struct InFlight {
    std::vector<Pending> tables;
    Meta meta;
    Status status;
    std::thread thread;
  };
  void Account(const std::string& key, const Value* old_value, std::size_t new_value_bytes);
  // Pending entries with `prefix` in key order, over those of the bulk load
  // in flight (pending ones win).
  std::vector<std::pair<std::string_view, const Value*>> Unwritten(std::uint32_t table, std::string_view prefix) const;
  // Hands everything kept to a bulk load on its own thread.
  Status WriteKept();
  // Waits for the bulk load in flight, if any: its status.
  Status FinishWriting();
  // Writes `tables` and `meta` in one atomic bulk load.
  Status WriteSorted(const std::vector<Pending>& tables, const Meta& meta);

  KvStore* store_;
  std::vector<Pending> pending_;
  bool in_memory_ = false;
  // In in-memory mode: nothing committed yet (reads need not ask RocksDB).
  bool store_empty_ = false;
  std::size_t bytes_max_ = 0;
  std::size_t kept_bytes_ = 0;
  Meta kept_meta_;
  std::unique_ptr<InFlight> writing_;
  std::uint64_t bulk_writes_ = 0;
};

}  // namespace pl::projections
