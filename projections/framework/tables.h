// A projection's tables as it sees them while applying a batch: the
// committed contents in its KvStore plus the batch's pending writes on top.
// Reads see pending writes first. Nothing reaches RocksDB until Commit(),
// which writes every pending table write and the given meta writes in one
// atomic batch.
//
// Thread safety: none; owned by the runner's apply thread.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/base/bytes.h"
#include "ledger/base/status.h"
#include "projections/framework/kv_store.h"

namespace pl::projections {

class Tables {
 public:
  // REQUIRES: `store` outlives this object.
  explicit Tables(KvStore* store);

  std::uint32_t count() const { return std::uint32_t(pending_.size()); }
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
  // Writes the pending writes plus `meta` atomically and clears them.
  Status Commit(const std::vector<std::pair<std::string, std::string>>& meta);
  // Forgets the pending writes (after a failed apply).
  void Discard();

  // SHA-256 over the committed tables in order: for each table its name,
  // then every (key, value) in key order, each length-prefixed (u32 BE), and
  // the table's entry count (u64 BE). REQUIRES: nothing pending.
  Result<Hash256> Digest() const;

 private:
  KvStore* store_;
  std::vector<std::map<std::string, std::optional<std::string>, std::less<>>> pending_;
};

}  // namespace pl::projections
