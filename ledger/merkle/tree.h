// RFC 9162 (section 2.1) Merkle tree over a partition's leaf hashes: pure
// functions, no I/O. Stored nodes reach these functions through a
// NodeReader, so the same code serves the RocksDB store (O(log n) reads per
// proof) and in-memory trees (tests, audit).
//
// Hashing (schemas/FORMAT.md sections 6-7): a leaf of the tree is the
// event's leaf hash SHA-256(0x00 || sealed event bytes), used as it is (not
// hashed again); an interior node is SHA-256(0x01 || left || right); the
// root of the empty tree is SHA-256 of the empty string.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "ledger/base/bytes.h"
#include "ledger/base/status.h"

namespace pl::merkle {

// The perfect subtree at `level` whose leaves are
// [index << level, (index + 1) << level). Level 0 nodes are the leaves.
struct NodeId {
  std::uint8_t level = 0;
  std::uint64_t index = 0;
};

// Reads the hash of a complete node, one that a tree of the current size
// holds entirely. kNotFound / kCorruption from storage pass through.
using NodeReader = std::function<Result<Hash256>(NodeId)>;
// Receives each node completed by an append, the leaf itself first.
using NodeWriter = std::function<void(NodeId, const Hash256&)>;

Hash256 LeafHash(ByteSpan leaf_input);  // SHA-256(0x00 || leaf_input)
Hash256 NodeHash(const Hash256& left, const Hash256& right);
Hash256 EmptyRoot();

// The right edge of a tree: one perfect-subtree hash per set bit of the
// size, largest (leftmost) first. Enough to append and to compute the
// root without reading anything. At most 64 hashes.
class Frontier {
 public:
  // The frontier of a tree of `size` leaves, read from stored nodes.
  static Result<Frontier> Load(std::uint64_t size, const NodeReader& read);

  std::uint64_t size() const { return size_; }
  // Appends one leaf hash; `write` gets the leaf (level 0) and every
  // interior node the append completes, bottom up.
  void Append(const Hash256& leaf_hash, const NodeWriter& write);
  Hash256 Root() const;

 private:
  std::uint64_t size_ = 0;
  std::vector<Hash256> nodes_;
};

// The root of the tree's first `size` leaves.
Result<Hash256> RootAt(std::uint64_t size, const NodeReader& read);

// RFC 9162 2.1.3.1 PATH(index, D[size]), leaf level first.
// kInvalidArgument unless index < size.
Result<std::vector<Hash256>> InclusionProof(std::uint64_t index, std::uint64_t size, const NodeReader& read);

// The stored nodes that InclusionProof(index, size, read) reads, in the
// order it reads them. They depend only on (index, size), so a store can
// fetch them all in one batched read and serve them with ListReader.
// Empty unless index < size.
std::vector<NodeId> InclusionProofNodes(std::uint64_t index, std::uint64_t size);

// Serves `ids[i]` as `hashes[i]`, read in that order; kInternal for a read
// that does not follow the list. REQUIRES: both outlive the reader.
NodeReader ListReader(const std::vector<NodeId>* ids, const std::vector<Hash256>* hashes);

// RFC 9162 2.1.4.1 PROOF(size1, D[size2]). kInvalidArgument unless
// 0 < size1 <= size2 (empty when size1 == size2).
Result<std::vector<Hash256>> ConsistencyProof(std::uint64_t size1, std::uint64_t size2, const NodeReader& read);

// The stored nodes that ConsistencyProof(size1, size2, read) reads, in
// order (as InclusionProofNodes). Empty unless 0 < size1 < size2.
std::vector<NodeId> ConsistencyProofNodes(std::uint64_t size1, std::uint64_t size2);

// RFC 9162 2.1.3.2. Ok when `proof` shows that `leaf_hash` is leaf `index`
// of the tree of `size` leaves whose root is `root`; otherwise
// kInvalidArgument saying what does not hold. Roots and leaves are spans
// so that a value of the wrong length is simply refused, never trusted.
Status VerifyInclusion(std::uint64_t index, std::uint64_t size, ByteSpan leaf_hash, const std::vector<Hash256>& proof,
                       ByteSpan root);

// RFC 9162 2.1.4.2. Ok when `proof` shows that the tree of `size1` leaves
// with root `root1` is a prefix of the tree of `size2` leaves with root
// `root2`. A proof from the empty tree is refused: it proves nothing.
Status VerifyConsistency(std::uint64_t size1, std::uint64_t size2, const std::vector<Hash256>& proof, ByteSpan root1,
                         ByteSpan root2);

// An in-memory tree over `leaves` (tests, archive audit): a NodeReader that
// computes any complete node from the leaves. O(2^level) per node.
NodeReader InMemoryReader(const std::vector<Hash256>* leaves);

}  // namespace pl::merkle
