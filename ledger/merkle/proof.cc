// Proof construction and verification, RFC 9162 sections 2.1.3 and 2.1.4.
#include <algorithm>
#include <bit>
#include <memory>

#include "ledger/base/assert.h"
#include "ledger/merkle/tree.h"

namespace pl::merkle {
namespace {

// The largest power of two strictly below n. REQUIRES: n >= 2.
std::uint64_t SplitPoint(std::uint64_t n) {
  PL_ASSERT(n >= 2);
  return std::uint64_t(1) << (std::bit_width(n - 1) - 1);
}

// MTH(D[begin:end]). Every range the RFC's recursion produces is either a
// perfect subtree aligned to its size (one stored node) or the tree's
// ragged right edge, which splits into such subtrees: O(log n) reads.
Result<Hash256> SubtreeHash(std::uint64_t begin, std::uint64_t end, const NodeReader& read) {
  const std::uint64_t n = end - begin;
  PL_ASSERT(n >= 1);
  if (std::has_single_bit(n)) {
    const auto level = std::uint8_t(std::countr_zero(n));
    PL_ASSERT(begin % n == 0);  // the recursion only yields aligned perfect subtrees
    return read(NodeId{level, begin >> level});
  }
  const std::uint64_t k = SplitPoint(n);
  auto left = SubtreeHash(begin, begin + k, read);
  if (!left.ok()) return left;
  auto right = SubtreeHash(begin + k, end, read);
  if (!right.ok()) return right;
  return NodeHash(*left, *right);
}

// PATH(m, D[begin:end]) appended to `out`, leaf level first.
Status Path(std::uint64_t m, std::uint64_t begin, std::uint64_t end, const NodeReader& read,
            std::vector<Hash256>& out) {
  const std::uint64_t n = end - begin;
  if (n == 1) return Status::Ok();
  const std::uint64_t k = SplitPoint(n);
  if (m < k) {
    PL_RETURN_IF_ERROR(Path(m, begin, begin + k, read, out));
    auto sibling = SubtreeHash(begin + k, end, read);
    if (!sibling.ok()) return sibling.status();
    out.push_back(*sibling);
  } else {
    PL_RETURN_IF_ERROR(Path(m - k, begin + k, end, read, out));
    auto sibling = SubtreeHash(begin, begin + k, read);
    if (!sibling.ok()) return sibling.status();
    out.push_back(*sibling);
  }
  return Status::Ok();
}

// SUBPROOF(m, D[begin:end], b) appended to `out`.
Status SubProof(std::uint64_t m, std::uint64_t begin, std::uint64_t end, bool b, const NodeReader& read,
                std::vector<Hash256>& out) {
  const std::uint64_t n = end - begin;
  if (m == n) {
    if (b) return Status::Ok();
    auto h = SubtreeHash(begin, end, read);
    if (!h.ok()) return h.status();
    out.push_back(*h);
    return Status::Ok();
  }
  const std::uint64_t k = SplitPoint(n);
  if (m <= k) {
    PL_RETURN_IF_ERROR(SubProof(m, begin, begin + k, b, read, out));
    auto h = SubtreeHash(begin + k, end, read);
    if (!h.ok()) return h.status();
    out.push_back(*h);
  } else {
    PL_RETURN_IF_ERROR(SubProof(m - k, begin + k, end, false, read, out));
    auto h = SubtreeHash(begin, begin + k, read);
    if (!h.ok()) return h.status();
    out.push_back(*h);
  }
  return Status::Ok();
}

bool Equal(const Hash256& a, ByteSpan b) { return b.size() == a.size() && std::equal(a.begin(), a.end(), b.begin()); }

std::string N(std::uint64_t v) { return std::to_string(v); }

}  // namespace

Result<Hash256> RootAt(std::uint64_t size, const NodeReader& read) {
  if (size == 0) return EmptyRoot();
  return SubtreeHash(0, size, read);
}

Result<std::vector<Hash256>> InclusionProof(std::uint64_t index, std::uint64_t size, const NodeReader& read) {
  if (index >= size) {
    return Status::InvalidArgument("leaf " + N(index) + " is not in a tree of " + N(size) + " leaves");
  }
  std::vector<Hash256> proof;
  PL_RETURN_IF_ERROR(Path(index, 0, size, read, proof));
  return proof;
}

namespace {

// The nodes `walk(reader)` reads, in order, with a reader that records them.
template <typename Walk>
std::vector<NodeId> RecordReads(const Walk& walk) {
  std::vector<NodeId> ids;
  NodeReader record = [&ids](NodeId id) -> Result<Hash256> {
    ids.push_back(id);
    return Hash256{};
  };
  const Status walked = walk(record);
  PL_ASSERT(walked.ok());  // the recording reader never fails
  return ids;
}

}  // namespace

std::vector<NodeId> InclusionProofNodes(std::uint64_t index, std::uint64_t size) {
  if (index >= size) return {};
  return RecordReads([&](const NodeReader& read) {
    std::vector<Hash256> ignored;
    return Path(index, 0, size, read, ignored);
  });
}

std::vector<NodeId> ConsistencyProofNodes(std::uint64_t size1, std::uint64_t size2) {
  if (size1 == 0 || size1 >= size2) return {};
  return RecordReads([&](const NodeReader& read) {
    std::vector<Hash256> ignored;
    return SubProof(size1, 0, size2, true, read, ignored);
  });
}

NodeReader ListReader(const std::vector<NodeId>* ids, const std::vector<Hash256>* hashes) {
  auto next = std::make_shared<std::size_t>(0);
  return [ids, hashes, next](NodeId id) -> Result<Hash256> {
    const std::size_t i = (*next)++;
    if (i >= ids->size() || i >= hashes->size() || (*ids)[i].level != id.level || (*ids)[i].index != id.index) {
      return Status::Internal("tree node level " + N(id.level) + " index " + N(id.index) +
                              " read out of the prefetched order");
    }
    return (*hashes)[i];
  };
}

Result<std::vector<Hash256>> ConsistencyProof(std::uint64_t size1, std::uint64_t size2, const NodeReader& read) {
  if (size1 == 0 || size1 > size2) {
    return Status::InvalidArgument("no consistency proof from size " + N(size1) + " to size " + N(size2) +
                                   " (needs 0 < from <= to)");
  }
  std::vector<Hash256> proof;
  if (size1 == size2) return proof;
  PL_RETURN_IF_ERROR(SubProof(size1, 0, size2, true, read, proof));
  return proof;
}

Status VerifyInclusion(std::uint64_t index, std::uint64_t size, ByteSpan leaf_hash, const std::vector<Hash256>& proof,
                       ByteSpan root) {
  if (index >= size) return Status::InvalidArgument("leaf index " + N(index) + " is not below tree size " + N(size));
  if (leaf_hash.size() != 32) return Status::InvalidArgument("leaf hash has " + N(leaf_hash.size()) + " bytes, not 32");
  std::uint64_t fn = index;
  std::uint64_t sn = size - 1;
  Hash256 r;
  std::copy(leaf_hash.begin(), leaf_hash.end(), r.begin());
  for (const Hash256& p : proof) {
    if (sn == 0) return Status::InvalidArgument("inclusion proof is longer than the tree is deep");
    if ((fn & 1) == 1 || fn == sn) {
      r = NodeHash(p, r);
      // Skip the levels where this node has no right sibling (ragged edge).
      while ((fn & 1) == 0 && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      r = NodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return Status::InvalidArgument("inclusion proof is too short for a tree of " + N(size) + " leaves");
  if (!Equal(r, root)) return Status::InvalidArgument("inclusion proof does not lead to the root");
  return Status::Ok();
}

Status VerifyConsistency(std::uint64_t size1, std::uint64_t size2, const std::vector<Hash256>& proof, ByteSpan root1,
                         ByteSpan root2) {
  if (size1 > size2) return Status::InvalidArgument("first size " + N(size1) + " exceeds second size " + N(size2));
  if (size1 == 0) return Status::InvalidArgument("a consistency proof from the empty tree proves nothing");
  if (size1 == size2) {
    if (!proof.empty()) return Status::InvalidArgument("equal sizes need an empty proof");
    if (root1.size() != root2.size() || !std::equal(root1.begin(), root1.end(), root2.begin())) {
      return Status::InvalidArgument("equal sizes but different roots");
    }
    return Status::Ok();
  }
  if (proof.empty()) return Status::InvalidArgument("consistency proof is empty");
  if (root1.size() != 32) return Status::InvalidArgument("first root has " + N(root1.size()) + " bytes, not 32");
  // When size1 is a power of two the old root is itself a node of the new
  // tree and the proof omits it: start from it.
  std::vector<Hash256> path;
  if (std::has_single_bit(size1)) {
    Hash256 first;
    std::copy(root1.begin(), root1.end(), first.begin());
    path.push_back(first);
  }
  path.insert(path.end(), proof.begin(), proof.end());
  std::uint64_t fn = size1 - 1;
  std::uint64_t sn = size2 - 1;
  while ((fn & 1) == 1) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash256 fr = path[0];
  Hash256 sr = path[0];
  for (std::size_t i = 1; i < path.size(); ++i) {
    const Hash256& c = path[i];
    if (sn == 0) return Status::InvalidArgument("consistency proof is longer than the tree is deep");
    if ((fn & 1) == 1 || fn == sn) {
      fr = NodeHash(c, fr);
      sr = NodeHash(c, sr);
      while ((fn & 1) == 0 && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      sr = NodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return Status::InvalidArgument("consistency proof is too short");
  if (!Equal(fr, root1)) return Status::InvalidArgument("consistency proof does not lead to the first root");
  if (!Equal(sr, root2)) return Status::InvalidArgument("consistency proof does not lead to the second root");
  return Status::Ok();
}

}  // namespace pl::merkle
