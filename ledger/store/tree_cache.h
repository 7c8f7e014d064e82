// The upper levels of each partition's Merkle tree, kept in memory so that a
// proof reads only its few lowest nodes from RocksDB. Pure memory: no
// RocksDB, no hashing; the store fills it from the tree column family and
// appends what each commit wrote (store.cc, README.md "Tree cache").
//
// Invariant (MUST): for every partition that is loaded and every level
// >= lowest_level(partition), the cache holds exactly the nodes [0, count)
// of that level, and each one is byte-equal to the node stored in the tree
// column family. Nothing is ever cached that is not durably stored, so a
// miss (not loaded, a lower level, an index beyond count) is always safe:
// the caller reads RocksDB instead.
//
// Memory: at most `bytes_max` of hashes in all (bytes_max / partitions per
// partition; std::vector growth may reserve up to twice that). A partition
// keeps the levels from the lowest one that fits its budget upwards; when
// its tree grows past the budget its lowest cached level is dropped.
//
// Thread safety: Find() and loaded() may run concurrently with everything.
// Install() and Append() are writer calls: the store serialises them (one
// writer, its commit mutex) and each takes the partition's lock exclusively
// only while it changes memory, never during I/O.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <utility>
#include <vector>

#include "ledger/base/bytes.h"

namespace pl::store {

class TreeCache {
 public:
  // No level cached: the level number one past the deepest possible tree.
  static constexpr std::uint8_t kNoLevel = 64;

  struct Node {
    std::uint8_t level = 0;
    std::uint64_t index = 0;
    Hash256 hash{};
  };
  // One level's nodes [0, size()) as loaded from storage.
  using Level = std::vector<Hash256>;

  TreeCache(std::uint32_t partitions, std::size_t bytes_max);

  std::size_t partition_bytes_max() const { return partition_bytes_max_; }

  // The lowest level whose nodes, with every level above, fit in
  // `bytes_max` for a tree of `tree_size` leaves (kNoLevel: none fits).
  static std::uint8_t LowestLevelFor(std::uint64_t tree_size, std::size_t bytes_max);

  bool loaded(std::uint32_t partition) const;
  std::uint8_t lowest_level(std::uint32_t partition) const;
  // Hashes held for `partition` (tests, benchmarks).
  std::size_t node_count(std::uint32_t partition) const;

  // Writer: makes `partition` loaded with levels[l] for l >= lowest (each
  // the prefix [0, size) of its level as stored; levels below `lowest` are
  // ignored). REQUIRES: not loaded yet.
  void Install(std::uint32_t partition, std::uint8_t lowest, std::array<Level, kNoLevel> levels);

  // Writer: records nodes just durably written for `partition`, in write
  // order. A node extending its level's prefix is appended, one inside it
  // replaces the cached value (a rewrite), one beyond it is ignored (the
  // prefix must stay gap-free; the node is read from storage). No-op when
  // the partition is not loaded. Then drops lowest levels while over budget.
  void Append(std::uint32_t partition, const std::vector<Node>& nodes);

  // Reader: for each i with ids[i] cached, sets out[i] and found[i]; returns
  // how many were found. `out` and `found` have ids.size() elements.
  std::size_t Find(std::uint32_t partition, const std::vector<std::pair<std::uint8_t, std::uint64_t>>& ids,
                   Hash256* out, bool* found) const;

 private:
  struct Partition {
    mutable std::shared_mutex mu;  // exclusive only while levels change
    std::atomic<bool> loaded{false};
    std::uint8_t lowest = kNoLevel;  // guarded by mu
    std::size_t nodes = 0;           // sum of levels[l].size(); guarded by mu
    std::array<Level, kNoLevel> levels;
  };
  void DropOverBudget(Partition& p);

  std::size_t partition_bytes_max_;
  std::vector<std::unique_ptr<Partition>> partitions_;
};

}  // namespace pl::store
