// The projection store: one RocksDB per projection, one column family per
// table plus `meta` (source positions, format). The only file of
// projections/ that includes RocksDB (kv_store.cc).
//
// Durability (MUST): Write() applies all its writes atomically -- after a
// crash either all of them are visible or none. WriteOptions::sync is false:
// a projection is derived data, so a power loss may lose the last batches
// (never part of one: RocksDB's point-in-time WAL recovery) and catch-up
// redoes them; a process crash (kill -9) loses nothing that Write() returned
// for (docs/decisions/0009-projection-store.md).
//
// Thread safety: Get/Scan may run concurrently with each other and with one
// Write(); Write() calls must not overlap.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/base/status.h"

namespace pl::projections {

// One put (value set) or delete (no value).
struct KvWrite {
  std::uint32_t table = 0;  // index into the table names; meta_table() for meta
  std::string key;
  std::optional<std::string> value;
};

using KvVisitor = std::function<bool(std::string_view key, std::string_view value)>;

// Feeds one table's entries to a bulk load: put(key, value) for a put,
// put(key, nullptr) for a delete, keys strictly increasing.
using KvSortedPut = std::function<Status(std::string_view key, const std::string* value)>;
using KvSortedSource = std::function<Status(std::uint32_t table, const KvSortedPut& put)>;

class KvStore {
 public:
  // Opens (creating when absent) the store in `dir` with `tables` in this
  // order. An existing store must have exactly these tables
  // (kFailedPrecondition otherwise: rebuild it).
  static Result<std::unique_ptr<KvStore>> Open(const std::string& dir, const std::vector<std::string>& tables);
  // Removes the store in `dir` (and the directory). Ok when absent.
  static Status Destroy(const std::string& dir);
  ~KvStore();

  std::uint32_t meta_table() const;
  const std::vector<std::string>& table_names() const;

  Result<std::optional<std::string>> Get(std::uint32_t table, std::string_view key) const;
  // Calls fn(key, value) for every key starting with `prefix`, in key order,
  // until fn returns false. The views are valid only during the call.
  Status Scan(std::uint32_t table, std::string_view prefix, const KvVisitor& fn) const;
  Status Write(const std::vector<KvWrite>& writes);
  // Bulk load: source(t, put) is called for every table and then meta; the
  // entries it puts are written as one sorted file per table and all files
  // are ingested in ONE atomic step (all visible after a crash, or none).
  // Durable when it returns Ok (the files and the manifest are synced).
  // Entries replace any stored value of the same key, as Write() would.
  Status IngestSorted(const KvSortedSource& source);
  // Waits until RocksDB has no flush or compaction running or pending (a
  // state just bulk-loaded settles before it is measured: benchmarks).
  // Gives up with kBusy after `seconds_max`.
  Status WaitForCompactions(double seconds_max);

 private:
  struct Impl;
  explicit KvStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace pl::projections
