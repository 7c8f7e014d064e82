#include "ledger/node/checkpoints.h"

#include <algorithm>

namespace pl::node {

std::string PartitionOrigin(const std::string& ledger_origin, std::uint32_t partition) {
  return ledger_origin + "/p" + std::to_string(partition);
}

merkle::NodeReader TreeReader(const store::Store& store, std::uint32_t partition) {
  return [&store, partition](merkle::NodeId id) { return store.GetTreeNode(partition, id.level, id.index); };
}

namespace {

// Runs `prove(reader)` with the nodes `ids` fetched in one store call (the
// tree cache, then one MultiGet), or with the node-by-node reader when
// there are none (argument errors, trivial proofs).
template <typename Prove>
auto WithPrefetchedNodes(const store::Store& store, std::uint32_t partition, const std::vector<merkle::NodeId>& ids,
                         const Prove& prove) -> decltype(prove(merkle::NodeReader())) {
  if (ids.empty()) return prove(TreeReader(store, partition));
  std::vector<std::pair<std::uint8_t, std::uint64_t>> keys;
  keys.reserve(ids.size());
  for (const auto& id : ids) keys.emplace_back(id.level, id.index);
  auto hashes = store.GetTreeNodes(partition, keys);
  if (!hashes.ok()) return hashes.status();
  return prove(merkle::ListReader(&ids, &*hashes));
}

}  // namespace

Result<std::vector<Hash256>> StoredInclusionProof(const store::Store& store, std::uint32_t partition,
                                                  std::uint64_t index, std::uint64_t size) {
  return WithPrefetchedNodes(store, partition, merkle::InclusionProofNodes(index, size),
                             [&](const merkle::NodeReader& read) { return merkle::InclusionProof(index, size, read); });
}

Result<std::vector<Hash256>> StoredConsistencyProof(const store::Store& store, std::uint32_t partition,
                                                    std::uint64_t size1, std::uint64_t size2) {
  return WithPrefetchedNodes(
      store, partition, merkle::ConsistencyProofNodes(size1, size2),
      [&](const merkle::NodeReader& read) { return merkle::ConsistencyProof(size1, size2, read); });
}

Status AdoptLogKey(store::Store& store, const crypto::PublicKey& key) {
  if (key.algorithm() != domain::KeyAlgorithm::kEd25519) {
    return Status::InvalidArgument("the log key must be Ed25519 (C2SP signed-note type 0x01)");
  }
  auto recorded = store.GetLogKey();
  if (!recorded.ok()) return recorded.status();
  if (recorded->empty()) return store.PutLogKey(key.raw());
  if (!std::equal(recorded->begin(), recorded->end(), key.raw().begin(), key.raw().end())) {
    return Status::InvalidArgument("key " + key.key_id() + " is not this ledger's log key");
  }
  return Status::Ok();
}

Result<crypto::PublicKey> LogKey(const store::Store& store) {
  auto raw = store.GetLogKey();
  if (!raw.ok()) return raw.status();
  if (raw->empty()) {
    return Status::FailedPrecondition("this ledger has no log key yet (issue a checkpoint with --key first)");
  }
  return crypto::PublicKey::FromRaw(domain::KeyAlgorithm::kEd25519, *raw);
}

Result<std::string> IssueCheckpoint(store::Store& store, std::uint32_t partition, std::uint64_t size,
                                    const Hash256& root, const crypto::PrivateKey& key) {
  merkle::Checkpoint c{PartitionOrigin(store.config().origin, partition), size, root};
  auto text = merkle::CheckpointText(c);
  if (!text.ok()) return text.status();
  auto note = merkle::SignNote(*text, store.config().origin, key);
  if (!note.ok()) return note.status().WithContext("signing checkpoint");
  PL_RETURN_IF_ERROR(store.PutCheckpoint(partition, size, *note));
  return note;
}

Result<std::string> IssueCheckpointAtHead(store::Store& store, std::uint32_t partition, const crypto::PrivateKey& key) {
  auto head = store.GetHead(partition);
  if (!head.ok()) return head.status();
  auto root = merkle::RootAt(head->next_seq, TreeReader(store, partition));
  if (!root.ok()) return root.status().WithContext("partition " + std::to_string(partition));
  return IssueCheckpoint(store, partition, head->next_seq, *root, key);
}

Result<merkle::Checkpoint> OpenPartitionCheckpoint(const std::string& note, const std::string& ledger_origin,
                                                   std::uint32_t partition, const crypto::PublicKey& log_key) {
  return merkle::OpenCheckpoint(note, PartitionOrigin(ledger_origin, partition), ledger_origin, log_key);
}

}  // namespace pl::node
