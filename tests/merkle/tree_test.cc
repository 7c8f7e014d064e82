#define BOOST_TEST_MODULE merkle
#include <boost/test/unit_test.hpp>

#include <map>
#include <tuple>

#include "ledger/crypto/crypto.h"
#include "ledger/merkle/tree.h"

using namespace pl;
using namespace pl::merkle;

namespace {

std::vector<Hash256> Leaves(std::uint64_t n) {
  std::vector<Hash256> leaves;
  for (std::uint64_t i = 0; i < n; ++i) {
    std::string input = "leaf " + std::to_string(i);
    leaves.push_back(LeafHash(AsBytes(input)));
  }
  return leaves;
}

// The RFC 9162 definition of MTH, written directly, as the reference.
Hash256 ReferenceRoot(const std::vector<Hash256>& d, std::size_t begin, std::size_t end) {
  if (end == begin) return EmptyRoot();
  if (end - begin == 1) return d[begin];
  std::size_t k = 1;
  while (k * 2 < end - begin) k *= 2;
  return NodeHash(ReferenceRoot(d, begin, begin + k), ReferenceRoot(d, begin + k, end));
}

// A store of nodes as the ledger keeps them: written by Frontier::Append.
struct NodeMap {
  std::map<std::pair<int, std::uint64_t>, Hash256> nodes;
  NodeWriter Writer() {
    return [this](NodeId id, const Hash256& h) {
      BOOST_TEST(nodes.count({id.level, id.index}) == 0u, "node written twice");
      nodes[{id.level, id.index}] = h;
    };
  }
  NodeReader Reader() const {
    return [this](NodeId id) -> Result<Hash256> {
      auto it = nodes.find({id.level, id.index});
      if (it == nodes.end()) return Status::NotFound("node missing");
      return it->second;
    };
  }
};

}  // namespace

BOOST_AUTO_TEST_CASE(empty_tree_root_is_sha256_of_nothing) {
  // Well-known: SHA-256("") = e3b0c442...
  BOOST_TEST(HexEncode(EmptyRoot()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  Frontier f;
  BOOST_TEST(HexEncode(f.Root()) == HexEncode(EmptyRoot()));
}

BOOST_AUTO_TEST_CASE(frontier_root_matches_reference_at_every_size_and_reloads_from_stored_nodes) {
  const auto leaves = Leaves(70);
  NodeMap stored;
  Frontier f;
  for (std::uint64_t n = 0; n < leaves.size(); ++n) {
    f.Append(leaves[n], stored.Writer());
    const Hash256 want = ReferenceRoot(leaves, 0, n + 1);
    BOOST_TEST(HexEncode(f.Root()) == HexEncode(want), "size " << n + 1);
    auto root = RootAt(n + 1, stored.Reader());
    BOOST_REQUIRE(root.ok());
    BOOST_TEST(HexEncode(*root) == HexEncode(want));
    auto reloaded = Frontier::Load(n + 1, stored.Reader());
    BOOST_REQUIRE(reloaded.ok());
    BOOST_TEST(HexEncode(reloaded->Root()) == HexEncode(want));
  }
  // Every complete node is written exactly once: 2n - popcount(n) nodes.
  BOOST_TEST(stored.nodes.size() == 2 * 70u - 3u);
}

BOOST_AUTO_TEST_CASE(inclusion_proofs_verify_for_every_leaf_and_fail_when_anything_changes) {
  const auto leaves = Leaves(33);
  NodeMap stored;
  Frontier f;
  for (const auto& l : leaves) f.Append(l, stored.Writer());
  for (std::uint64_t size = 1; size <= leaves.size(); ++size) {
    const Hash256 root = ReferenceRoot(leaves, 0, size);
    for (std::uint64_t i = 0; i < size; ++i) {
      auto proof = InclusionProof(i, size, stored.Reader());
      BOOST_REQUIRE(proof.ok());
      auto mem = InclusionProof(i, size, InMemoryReader(&leaves));
      BOOST_REQUIRE(mem.ok());
      BOOST_TEST((*proof == *mem));
      BOOST_TEST(VerifyInclusion(i, size, leaves[i], *proof, root).ok(), "leaf " << i << " size " << size);
      BOOST_TEST(!VerifyInclusion(i, size, leaves[(i + 1) % leaves.size()], *proof, root).ok());
      if (size > 1) {
        BOOST_TEST(!VerifyInclusion((i + 1) % size, size, leaves[i], *proof, root).ok());
        auto bad = *proof;
        bad[0][5] ^= 0x01;
        BOOST_TEST(!VerifyInclusion(i, size, leaves[i], bad, root).ok());
        bad = *proof;
        bad.pop_back();
        BOOST_TEST(!VerifyInclusion(i, size, leaves[i], bad, root).ok());
      }
      auto longer = *proof;
      longer.push_back(root);
      BOOST_TEST(!VerifyInclusion(i, size, leaves[i], longer, root).ok());
    }
  }
  BOOST_TEST(!InclusionProof(5, 5, stored.Reader()).ok());
}

BOOST_AUTO_TEST_CASE(consistency_proofs_verify_for_every_pair_and_fail_when_anything_changes) {
  const auto leaves = Leaves(20);
  NodeMap stored;
  Frontier f;
  for (const auto& l : leaves) f.Append(l, stored.Writer());
  for (std::uint64_t n = 1; n <= leaves.size(); ++n) {
    const Hash256 r2 = ReferenceRoot(leaves, 0, n);
    for (std::uint64_t m = 1; m <= n; ++m) {
      const Hash256 r1 = ReferenceRoot(leaves, 0, m);
      auto proof = ConsistencyProof(m, n, stored.Reader());
      BOOST_REQUIRE(proof.ok());
      BOOST_TEST(VerifyConsistency(m, n, *proof, r1, r2).ok(), m << " -> " << n);
      if (m < n) {
        auto bad = *proof;
        bad.back()[0] ^= 0x80;
        BOOST_TEST(!VerifyConsistency(m, n, bad, r1, r2).ok());
        BOOST_TEST(!VerifyConsistency(m, n, *proof, r2, r2).ok());
        const Hash256 other = ReferenceRoot(leaves, 1, n);
        BOOST_TEST(!VerifyConsistency(m, n, *proof, r1, other).ok());
      }
    }
  }
  BOOST_TEST(!ConsistencyProof(0, 3, stored.Reader()).ok());
  BOOST_TEST(!ConsistencyProof(4, 3, stored.Reader()).ok());
}

BOOST_AUTO_TEST_CASE(proof_reads_are_logarithmic) {
  // A tree of 2^20 + 12345 leaves is never materialised: the reader counts
  // reads and returns a hash derived from the position.
  std::uint64_t reads = 0;
  NodeReader counting = [&](NodeId id) -> Result<Hash256> {
    ++reads;
    Hash256 h{};
    h[0] = id.level;
    for (int b = 0; b < 8; ++b) h[1 + b] = std::uint8_t(id.index >> (8 * b));
    return h;
  };
  const std::uint64_t size = (1u << 20) + 12345;
  BOOST_REQUIRE(InclusionProof(777, size, counting).ok());
  BOOST_TEST(reads <= 2u * 21u);
  reads = 0;
  BOOST_REQUIRE(ConsistencyProof(1000, size, counting).ok());
  BOOST_TEST(reads <= 2u * 21u);
}

BOOST_AUTO_TEST_CASE(prefetched_inclusion_proofs_equal_the_direct_ones) {
  // InclusionProofNodes + ListReader (one batched store read per proof)
  // give exactly the proof that reading node by node gives.
  for (std::uint64_t size : {1u, 2u, 3u, 7u, 8u, 9u, 31u, 64u, 100u}) {
    const auto leaves = Leaves(size);
    NodeMap map;
    Frontier f;
    for (const auto& l : leaves) f.Append(l, map.Writer());
    for (std::uint64_t i = 0; i < size; ++i) {
      const auto ids = InclusionProofNodes(i, size);
      std::vector<Hash256> hashes;
      for (const auto& id : ids) hashes.push_back(*map.Reader()(id));
      auto batched = InclusionProof(i, size, ListReader(&ids, &hashes));
      auto direct = InclusionProof(i, size, map.Reader());
      BOOST_REQUIRE(batched.ok());
      BOOST_REQUIRE(direct.ok());
      BOOST_TEST((*batched == *direct), "size " << size << " leaf " << i);
      BOOST_TEST(VerifyInclusion(i, size, leaves[i], *batched, f.Root()).ok());
    }
    BOOST_TEST(InclusionProofNodes(size, size).empty());
  }
  // A reader served out of order refuses rather than answering wrongly.
  const auto ids = InclusionProofNodes(5, 9);
  std::vector<Hash256> hashes(ids.size());
  BOOST_REQUIRE(ids.size() >= 2u);
  std::vector<NodeId> shuffled(ids.rbegin(), ids.rend());
  BOOST_TEST(!InclusionProof(5, 9, ListReader(&shuffled, &hashes)).ok());
}
