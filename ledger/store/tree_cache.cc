#include "ledger/store/tree_cache.h"

#include <mutex>

#include "ledger/base/assert.h"

namespace pl::store {

TreeCache::TreeCache(std::uint32_t partitions, std::size_t bytes_max)
    : partition_bytes_max_(partitions == 0 ? 0 : bytes_max / partitions) {
  for (std::uint32_t p = 0; p < partitions; ++p) partitions_.push_back(std::make_unique<Partition>());
}

std::uint8_t TreeCache::LowestLevelFor(std::uint64_t tree_size, std::size_t bytes_max) {
  // Complete nodes at level l: tree_size >> l. Walk down from the top while
  // the levels so far still fit.
  std::uint64_t nodes = 0;
  std::uint8_t lowest = kNoLevel;
  for (int l = kNoLevel - 1; l >= 0; --l) {
    nodes += tree_size >> l;
    if (nodes > bytes_max / sizeof(Hash256)) break;
    lowest = std::uint8_t(l);
  }
  return lowest;
}

bool TreeCache::loaded(std::uint32_t partition) const {
  PL_ASSERT(partition < partitions_.size());
  return partitions_[partition]->loaded.load(std::memory_order_acquire);
}

std::uint8_t TreeCache::lowest_level(std::uint32_t partition) const {
  PL_ASSERT(partition < partitions_.size());
  const Partition& p = *partitions_[partition];
  std::shared_lock lock(p.mu);
  return p.lowest;
}

std::size_t TreeCache::node_count(std::uint32_t partition) const {
  PL_ASSERT(partition < partitions_.size());
  const Partition& p = *partitions_[partition];
  std::shared_lock lock(p.mu);
  return p.nodes;
}

void TreeCache::Install(std::uint32_t partition, std::uint8_t lowest, std::array<Level, kNoLevel> levels) {
  PL_ASSERT(partition < partitions_.size());
  PL_ASSERT(lowest <= kNoLevel);
  Partition& p = *partitions_[partition];
  PL_ASSERT(!p.loaded.load(std::memory_order_relaxed));
  std::unique_lock lock(p.mu);
  p.lowest = lowest;
  p.nodes = 0;
  for (int l = 0; l < kNoLevel; ++l) {
    if (l < lowest) continue;
    p.levels[l] = std::move(levels[l]);
    p.nodes += p.levels[l].size();
  }
  DropOverBudget(p);
  p.loaded.store(true, std::memory_order_release);
}

void TreeCache::Append(std::uint32_t partition, const std::vector<Node>& nodes) {
  PL_ASSERT(partition < partitions_.size());
  Partition& p = *partitions_[partition];
  if (!p.loaded.load(std::memory_order_acquire)) return;
  std::unique_lock lock(p.mu);
  for (const Node& n : nodes) {
    if (n.level < p.lowest || n.level >= kNoLevel) continue;
    Level& level = p.levels[n.level];
    if (n.index < level.size()) {
      level[n.index] = n.hash;  // the store rewrote it: keep equal to storage
    } else if (n.index == level.size()) {
      level.push_back(n.hash);
      ++p.nodes;
    }  // beyond the prefix: left to storage (the prefix stays gap-free)
  }
  DropOverBudget(p);
}

void TreeCache::DropOverBudget(Partition& p) {
  while (p.lowest < kNoLevel && p.nodes * sizeof(Hash256) > partition_bytes_max_) {
    p.nodes -= p.levels[p.lowest].size();
    Level().swap(p.levels[p.lowest]);  // frees the memory
    ++p.lowest;
  }
}

std::size_t TreeCache::Find(std::uint32_t partition, const std::vector<std::pair<std::uint8_t, std::uint64_t>>& ids,
                            Hash256* out, bool* found) const {
  PL_ASSERT(partition < partitions_.size());
  const Partition& p = *partitions_[partition];
  for (std::size_t i = 0; i < ids.size(); ++i) found[i] = false;
  if (!p.loaded.load(std::memory_order_acquire)) return 0;
  std::size_t hits = 0;
  std::shared_lock lock(p.mu);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const auto [level, index] = ids[i];
    if (level < p.lowest || level >= kNoLevel || index >= p.levels[level].size()) continue;
    out[i] = p.levels[level][index];
    found[i] = true;
    ++hits;
  }
  return hits;
}

}  // namespace pl::store
