#include "ledger/merkle/tree.h"

#include <bit>

#include "ledger/base/assert.h"
#include "ledger/crypto/crypto.h"

namespace pl::merkle {
namespace {

constexpr std::uint8_t kLeafPrefix[1] = {0x00};
constexpr std::uint8_t kNodePrefix[1] = {0x01};

}  // namespace

Hash256 LeafHash(ByteSpan leaf_input) { return crypto::Sha256({ByteSpan(kLeafPrefix, 1), leaf_input}); }

Hash256 NodeHash(const Hash256& left, const Hash256& right) {
  return crypto::Sha256({ByteSpan(kNodePrefix, 1), ByteSpan(left), ByteSpan(right)});
}

Hash256 EmptyRoot() { return crypto::Sha256(ByteSpan()); }

Result<Frontier> Frontier::Load(std::uint64_t size, const NodeReader& read) {
  Frontier f;
  std::uint64_t begin = 0;
  for (int level = 63; level >= 0; --level) {
    if (((size >> level) & 1) == 0) continue;
    auto h = read(NodeId{std::uint8_t(level), begin >> level});
    if (!h.ok()) return h.status().WithContext("loading the tree's right edge at size " + std::to_string(size));
    f.nodes_.push_back(*h);
    begin += std::uint64_t(1) << level;
  }
  PL_ASSERT(begin == size);
  f.size_ = size;
  return f;
}

void Frontier::Append(const Hash256& leaf_hash, const NodeWriter& write) {
  Hash256 h = leaf_hash;
  NodeId id{0, size_};
  write(id, h);
  // Every set low bit of the old size is a left sibling waiting for this
  // subtree: merge while the node just completed is a right child.
  while ((id.index & 1) == 1) {
    PL_ASSERT(!nodes_.empty());
    h = NodeHash(nodes_.back(), h);
    nodes_.pop_back();
    id = NodeId{std::uint8_t(id.level + 1), id.index >> 1};
    write(id, h);
  }
  nodes_.push_back(h);
  ++size_;
  PL_ASSERT(nodes_.size() == std::size_t(std::popcount(size_)));
}

Hash256 Frontier::Root() const {
  if (nodes_.empty()) return EmptyRoot();
  Hash256 r = nodes_.back();
  for (std::size_t i = nodes_.size() - 1; i-- > 0;) r = NodeHash(nodes_[i], r);
  return r;
}

NodeReader InMemoryReader(const std::vector<Hash256>* leaves) {
  return [leaves](NodeId id) -> Result<Hash256> {
    if (id.level >= 64) return Status::InvalidArgument("tree level " + std::to_string(id.level));
    const std::uint64_t width = std::uint64_t(1) << id.level;
    const std::uint64_t begin = id.index << id.level;
    if ((begin >> id.level) != id.index || begin + width > leaves->size() || begin + width < begin) {
      return Status::NotFound("tree node level " + std::to_string(id.level) + " index " + std::to_string(id.index) +
                              " is not complete in a tree of " + std::to_string(leaves->size()) + " leaves");
    }
    std::vector<Hash256> row(leaves->begin() + std::ptrdiff_t(begin), leaves->begin() + std::ptrdiff_t(begin + width));
    while (row.size() > 1) {
      for (std::size_t i = 0; i < row.size() / 2; ++i) row[i] = NodeHash(row[2 * i], row[2 * i + 1]);
      row.resize(row.size() / 2);
    }
    return row[0];
  };
}

}  // namespace pl::merkle
