// The in-memory upper levels of the Merkle tree (ledger/store/tree_cache.h):
// the cache alone, and proofs served through it byte-identical to proofs
// from an in-memory tree, across commits that extend the tree, budgets that
// force levels out, concurrent commits, and reopening.
#define BOOST_TEST_MODULE store_tree_cache
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <thread>

#include "ledger/merkle/tree.h"
#include "ledger/node/checkpoints.h"
#include "ledger/store/store.h"
#include "ledger/store/tree_cache.h"
#include "tests/node/node_test_util.h"

using namespace pl;
using pl::testing::TempDir;

namespace {

using Ids = std::vector<std::pair<std::uint8_t, std::uint64_t>>;

Hash256 H(std::uint64_t v) {
  std::string s = "node " + std::to_string(v);
  return merkle::LeafHash(AsBytes(s));
}

std::vector<Hash256> Leaves(std::uint64_t n) {
  std::vector<Hash256> leaves;
  for (std::uint64_t i = 0; i < n; ++i) leaves.push_back(H(i));
  return leaves;
}

std::unique_ptr<store::Store> CreateStore(const std::string& dir, std::size_t cache_bytes) {
  store::LedgerConfig config;
  config.origin = "test";
  config.partitions = 2;
  config.anchor = {"k", domain::KeyAlgorithm::kEd25519, Bytes(32, 1), "org", domain::kRoleAuthority, false, 0};
  store::StoreOptions options;
  options.tree_cache_bytes = cache_bytes;
  auto st = store::Store::Create(dir, config, options);
  BOOST_REQUIRE_MESSAGE(st.ok(), st.status().ToString());
  return std::move(*st);
}

std::unique_ptr<store::Store> OpenStore(const std::string& dir, std::size_t cache_bytes) {
  store::StoreOptions options;
  options.tree_cache_bytes = cache_bytes;
  auto st = store::Store::Open(dir, options);
  BOOST_REQUIRE_MESSAGE(st.ok(), st.status().ToString());
  return std::move(*st);
}

// Appends leaves [tree.size(), end) to partition `p` in one commit group
// with its head, as the sequencer does.
void CommitLeaves(store::Store& st, std::uint32_t p, merkle::Frontier& tree, const std::vector<Hash256>& leaves,
                  std::uint64_t end) {
  store::CommitGroup group;
  while (tree.size() < end) {
    tree.Append(leaves[tree.size()], [&](merkle::NodeId id, const Hash256& h) {
      group.tree_nodes.push_back({p, id.level, id.index, h});
    });
  }
  group.heads.push_back({p, store::PartitionHead{end, leaves[end - 1], 0}});
  BOOST_REQUIRE(st.Commit(group).ok());
}

// Every inclusion proof of the tree of `size` (every `step`th leaf) and
// consistency proofs into it, stored vs in memory.
void CheckProofs(const store::Store& st, std::uint32_t p, const std::vector<Hash256>& leaves, std::uint64_t size,
                 std::uint64_t step) {
  const std::vector<Hash256> prefix(leaves.begin(), leaves.begin() + std::ptrdiff_t(size));
  const auto memory = merkle::InMemoryReader(&prefix);
  for (std::uint64_t i = 0; i < size; i += step) {
    auto stored = node::StoredInclusionProof(st, p, i, size);
    BOOST_REQUIRE_MESSAGE(stored.ok(), stored.status().ToString());
    auto want = merkle::InclusionProof(i, size, memory);
    BOOST_REQUIRE(want.ok());
    BOOST_TEST((*stored == *want), "leaf " << i << " of " << size);
    auto from = std::max<std::uint64_t>(1, i);
    auto consistency = node::StoredConsistencyProof(st, p, from, size);
    BOOST_REQUIRE_MESSAGE(consistency.ok(), consistency.status().ToString());
    auto want_consistency = merkle::ConsistencyProof(from, size, memory);
    BOOST_REQUIRE(want_consistency.ok());
    BOOST_TEST((*consistency == *want_consistency), "consistency " << from << " to " << size);
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE(lowest_level_is_the_deepest_that_fits_the_budget) {
  using store::TreeCache;
  BOOST_TEST(TreeCache::LowestLevelFor(0, 0) == 0);  // nothing to hold: everything fits
  // 1,000,000 leaves: levels >= 1 hold 999,993 nodes, all levels 1,999,993.
  BOOST_TEST(TreeCache::LowestLevelFor(1000000, 999993 * 32) == 1);
  BOOST_TEST(TreeCache::LowestLevelFor(1000000, 999993 * 32 - 1) == 2);
  BOOST_TEST(TreeCache::LowestLevelFor(1000000, 1999993 * 32) == 0);
  BOOST_TEST(TreeCache::LowestLevelFor(8, 32) == 3);  // just the root of 8
  BOOST_TEST(TreeCache::LowestLevelFor(8, 31) == 4);  // nothing: level 4 has no node
}

BOOST_AUTO_TEST_CASE(cache_keeps_a_gap_free_prefix_per_level_and_drops_its_lowest_level_over_budget) {
  store::TreeCache cache(1, 6 * 32);
  Ids ids = {{1, 0}, {1, 1}, {2, 0}, {0, 0}};
  Hash256 out[4];
  bool found[4];
  BOOST_TEST(cache.Find(0, ids, out, found) == 0u);  // not loaded
  cache.Append(0, {{1, 0, H(10)}});                   // ignored: not loaded
  std::array<store::TreeCache::Level, store::TreeCache::kNoLevel> levels;
  levels[0] = {H(0)};  // below the lowest level: not kept
  levels[1] = {H(10)};
  cache.Install(0, 1, std::move(levels));
  BOOST_TEST(cache.Find(0, ids, out, found) == 1u);
  BOOST_TEST((found[0] && out[0] == H(10) && !found[1] && !found[2] && !found[3]));
  cache.Append(0, {{1, 2, H(12)}, {1, 1, H(11)}, {2, 0, H(20)}, {1, 0, H(99)}});  // 2 beyond the prefix: ignored
  BOOST_TEST(cache.Find(0, ids, out, found) == 3u);
  BOOST_TEST((out[0] == H(99) && out[1] == H(11) && out[2] == H(20)));
  BOOST_TEST(cache.node_count(0) == 3u);
  cache.Append(0, {{1, 2, H(12)}, {1, 3, H(13)}, {2, 1, H(21)}, {3, 0, H(30)}});  // 7 nodes > 6: level 1 goes
  BOOST_TEST(cache.lowest_level(0) == 2);
  BOOST_TEST(cache.node_count(0) == 3u);
  BOOST_TEST(cache.Find(0, ids, out, found) == 1u);
  BOOST_TEST((!found[0] && found[2] && out[2] == H(20)));
}

BOOST_AUTO_TEST_CASE(cached_proofs_equal_in_memory_proofs_across_commits_budgets_and_reopen) {
  TempDir dir("tree-cache");
  const auto leaves = Leaves(700);
  {
    // 1 KiB for 2 partitions: 16 nodes each, so levels drop as the tree grows.
    auto st = CreateStore(dir.path(), 1024);
    merkle::Frontier tree;
    std::uint64_t size = 0, group = 1;
    while (size < 300) {
      size = std::min<std::uint64_t>(300, size + group);
      group = group % 13 + 1;  // groups of 1..13 leaves
      CommitLeaves(*st, 0, tree, leaves, size);
      CheckProofs(*st, 0, leaves, size, size < 40 ? 1 : 17);
    }
    BOOST_TEST(st->TreeCacheStats(0).second > 1);  // levels were dropped
    BOOST_TEST(st->TreeCacheStats(0).first <= 16u);
  }
  for (std::size_t bytes : {std::size_t(0), std::size_t(256), store::kTreeCacheBytesDefault}) {
    auto st = OpenStore(dir.path(), bytes);
    CheckProofs(*st, 0, leaves, 300, 1);
    CheckProofs(*st, 0, leaves, 257, 5);  // an earlier tree size of the same log
    const auto [nodes, lowest] = st->TreeCacheStats(0);
    if (bytes == store::kTreeCacheBytesDefault) BOOST_TEST((lowest == 0 && nodes == 2 * 300u - 4u));
    if (bytes == 0) BOOST_TEST(nodes == 0u);
    // Extend after reopen: the loaded cache follows the new commits.
    merkle::Frontier tree;
    for (std::uint64_t i = 0; i < 300; ++i) tree.Append(leaves[i], [](merkle::NodeId, const Hash256&) {});
    if (bytes == store::kTreeCacheBytesDefault) {
      CommitLeaves(*st, 0, tree, leaves, 533);
      CheckProofs(*st, 0, leaves, 533, 3);
    }
  }
  BOOST_TEST(OpenStore(dir.path(), 0)->GetHead(0)->next_seq == 533u);
}

BOOST_AUTO_TEST_CASE(proofs_stay_correct_while_commits_extend_the_tree) {
  TempDir dir("tree-cache-concurrent");
  const auto leaves = Leaves(4000);
  std::vector<Hash256> roots{merkle::EmptyRoot()};  // roots[n]: the tree of n leaves
  {
    merkle::Frontier f;
    for (const auto& l : leaves) {
      f.Append(l, [](merkle::NodeId, const Hash256&) {});
      roots.push_back(f.Root());
    }
  }
  auto st = CreateStore(dir.path(), 2048);
  merkle::Frontier tree;
  CommitLeaves(*st, 1, tree, leaves, 1);
  std::atomic<bool> done{false};
  std::atomic<std::uint64_t> checked{0}, failed{0};
  std::thread reader([&] {
    std::uint64_t k = 0;
    while (!done.load()) {
      auto head = st->GetHead(1);
      if (!head.ok()) {
        ++failed;
        continue;
      }
      const std::uint64_t size = head->next_seq, index = (k++ * 7919) % size;
      auto proof = node::StoredInclusionProof(*st, 1, index, size);
      if (!proof.ok() || !merkle::VerifyInclusion(index, size, leaves[index], *proof, roots[size]).ok()) ++failed;
      ++checked;
    }
  });
  for (std::uint64_t size = 1; size < leaves.size();) {
    size = std::min<std::uint64_t>(leaves.size(), size + 1 + size % 9);
    CommitLeaves(*st, 1, tree, leaves, size);
  }
  done = true;
  reader.join();
  BOOST_TEST(failed.load() == 0u);
  BOOST_TEST(checked.load() > 0u);
  CheckProofs(*st, 1, leaves, leaves.size(), 97);
}
