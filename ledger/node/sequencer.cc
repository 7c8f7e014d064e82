#include "ledger/node/sequencer.h"

#include <algorithm>

#include "ledger/base/assert.h"
#include "ledger/base/murmur2.h"
#include "ledger/crypto/crypto.h"
#include "ledger/domain/admission.h"
#include "ledger/domain/identifiers.h"

namespace pl::node {
namespace {

// The key registry's own stream (KeyEnrolled / KeyRevoked) is kept under the
// empty patent number and sealed in partition 0 (schemas/FORMAT.md).
const std::string kRegistryStream;
constexpr std::uint32_t kRegistryPartition = 0;

Hash256 LeafHash(ByteSpan sealed) {
  static const std::uint8_t kLeafPrefix[1] = {0x00};
  return crypto::Sha256({ByteSpan(kLeafPrefix, 1), sealed});
}

const std::string& KeyIdOf(const domain::Submission& s) {
  if (const auto* e = std::get_if<domain::KeyEnrolled>(&s.body)) return e->key_id;
  return std::get<domain::KeyRevoked>(s.body).key_id;
}

Receipt AcceptedReceipt(const std::string& submission_id, const store::StoredReceipt& r, bool replayed) {
  Receipt receipt;
  receipt.status = Receipt::Status::kAccepted;
  receipt.submission_id = submission_id;
  receipt.partition = r.partition;
  receipt.seq = r.seq;
  receipt.stream_version = r.stream_version;
  receipt.leaf_hash = r.leaf_hash;
  receipt.flags = r.flags;
  receipt.replayed = replayed;
  return receipt;
}

// Signatures by keys enrolled after the parallel check ran (earlier in this
// group or the previous one) are verified here, by the sequencer.
void VerifyLateSignatures(Prechecked& pc, const KeyCache& cache) {
  for (std::size_t k = 0; k < pc.outcomes.size(); ++k) {
    if (pc.outcomes[k].check != domain::SignatureCheck::kKeyUnknown) continue;
    if (auto key = cache.Find(pc.outcomes[k].key_id)) {
      pc.outcomes[k].check = key->VerifySubmission(pc.submission_bytes, pc.signatures[k])
                                 ? domain::SignatureCheck::kValid
                                 : domain::SignatureCheck::kInvalid;
    }
  }
}

}  // namespace

Result<std::unique_ptr<Sequencer>> Sequencer::Open(store::Store* store, KeyCache* key_cache) {
  std::unique_ptr<Sequencer> s(new Sequencer(store, key_cache));
  PL_RETURN_IF_ERROR(s->LoadState());
  return s;
}

Status Sequencer::LoadState() {
  auto loaded = store_->LoadKeys();
  if (!loaded.ok()) return loaded.status();
  keys_ = std::move(*loaded);
  for (const auto& [id, record] : keys_.all()) {
    if (key_cache_->Find(id)) continue;
    auto key = crypto::PublicKey::FromRaw(record.algorithm, record.public_key);
    if (!key.ok()) return key.status().WithContext("enrolled key " + id);
    key_cache_->Add(id, std::make_shared<const crypto::PublicKey>(std::move(*key)));
  }
  heads_.clear();
  trees_.clear();
  for (std::uint32_t p = 0; p < store_->config().partitions; ++p) {
    auto head = store_->GetHead(p);
    if (!head.ok()) return head.status();
    heads_.push_back(*head);
    auto tree = LoadTree(p, head->next_seq);
    if (!tree.ok()) return tree.status();
    PL_ASSERT(tree->size() == head->next_seq);
    trees_.push_back(std::move(*tree));
  }
  return Status::Ok();
}

Result<merkle::Frontier> Sequencer::LoadTree(std::uint32_t partition, std::uint64_t size) {
  auto reader = [this, partition](merkle::NodeId id) { return store_->GetTreeNode(partition, id.level, id.index); };
  auto loaded = merkle::Frontier::Load(size, reader);
  if (loaded.ok() || !loaded.status().IsNotFound() || size == 0) return loaded;
  // The last event's leaf is written in the same batch as the head, and a
  // rebuild writes it in its final batch: when it is present, a missing
  // node is corruption. When it is absent the store predates trees (or a
  // rebuild was interrupted): rebuild from the events, rewriting any nodes
  // already there with the same values.
  auto last_leaf = store_->GetTreeNode(partition, 0, size - 1);
  if (last_leaf.ok()) {
    return Status::Corruption("partition " + std::to_string(partition) + ": " + loaded.status().message());
  }
  if (!last_leaf.status().IsNotFound()) return last_leaf.status();
  merkle::Frontier tree;
  std::vector<store::CommitGroup::TreeNode> nodes;
  Status write;
  auto emit = [&](merkle::NodeId id, const Hash256& h) { nodes.push_back({partition, id.level, id.index, h}); };
  Status scan = store_->Scan(partition, 0, [&](std::uint64_t seq, ByteSpan sealed) {
    if (seq >= size) return false;
    tree.Append(LeafHash(sealed), emit);
    if (nodes.size() >= 100000) {
      write = store_->PutTreeNodes(nodes);
      nodes.clear();
      if (!write.ok()) return false;
    }
    return true;
  });
  PL_RETURN_IF_ERROR(scan);
  PL_RETURN_IF_ERROR(write);
  if (tree.size() != size) {
    return Status::Corruption("partition " + std::to_string(partition) + " holds " + std::to_string(tree.size()) +
                              " events, its head says " + std::to_string(size));
  }
  PL_RETURN_IF_ERROR(store_->PutTreeNodes(nodes));
  return tree;
}

void Sequencer::BeginGroup(std::int64_t now_us) {
  now_us_ = now_us;
  new_heads_ = heads_;
  new_trees_ = trees_;
  head_touched_.assign(heads_.size(), false);
  group_last_recorded_at_us_ = 0;
  for (const auto& h : heads_) group_last_recorded_at_us_ = std::max(group_last_recorded_at_us_, h.last_recorded_at_us);
  states_.clear();
  receipts_.clear();
  touched_.clear();
  new_keys_.clear();
  commit_ = store::CommitGroup{};
}

Result<domain::PatentState*> Sequencer::StateOf(const std::string& stream) {
  auto it = states_.find(stream);
  if (it == states_.end()) {
    auto loaded = store_->GetPatentState(stream);
    if (!loaded.ok()) return loaded.status();
    it = states_.emplace(stream, std::move(*loaded)).first;
  }
  return it->second ? &*it->second : nullptr;
}

Result<std::optional<store::StoredReceipt>> Sequencer::PriorReceipt(const std::string& submission_id) {
  if (auto it = receipts_.find(submission_id); it != receipts_.end()) {
    return std::optional<store::StoredReceipt>(it->second);
  }
  return store_->GetReceipt(submission_id);
}

store::StoredReceipt Sequencer::Append(const domain::Submission& s, const std::string& stream, Bytes sealed,
                                       const codec::SealedHeader& header, const Hash256& digest) {
  auto& slot = states_[stream];
  if (!slot) slot.emplace();
  if (std::find(touched_.begin(), touched_.end(), stream) == touched_.end()) touched_.push_back(stream);
  domain::PatentState& st = *slot;
  PL_ASSERT(header.stream_version == st.event_count);
  PL_ASSERT(header.seq == new_heads_[header.partition].next_seq);
  const Hash256 leaf = LeafHash(sealed);

  if (domain::IsKeyEvent(s.body)) {
    domain::ApplyKeyEvent(keys_, s);
    ++st.event_count;
    st.last_leaf_hash = leaf;
    new_keys_.push_back(KeyIdOf(s));
    if (const auto* e = std::get_if<domain::KeyEnrolled>(&s.body)) {
      auto key = crypto::PublicKey::FromRaw(e->algorithm, keys_.Find(e->key_id)->public_key);
      PL_ASSERT(key.ok());  // Precheck parsed the same bytes
      key_cache_->Add(e->key_id, std::make_shared<const crypto::PublicKey>(std::move(*key)));
    }
  } else {
    domain::Apply(st, s, header.flags, leaf);
  }
  store::PartitionHead& head = new_heads_[header.partition];
  head_touched_[header.partition] = true;
  head.next_seq = header.seq + 1;
  head.last_hash = leaf;
  head.last_recorded_at_us = header.recorded_at_us;
  group_last_recorded_at_us_ = std::max(group_last_recorded_at_us_, header.recorded_at_us);
  merkle::Frontier& tree = new_trees_[header.partition];
  PL_ASSERT(tree.size() == header.seq);  // the tree's size is the partition's next seq
  tree.Append(leaf, [&](merkle::NodeId id, const Hash256& h) {
    commit_.tree_nodes.push_back(store::CommitGroup::TreeNode{header.partition, id.level, id.index, h});
  });

  store::StoredReceipt stored{header.partition, header.seq, header.stream_version, header.flags, leaf, digest};
  receipts_[s.submission_id] = stored;
  commit_.receipts.emplace_back(s.submission_id, stored);
  commit_.stream_entries.push_back(store::StreamEntry{stream, header.stream_version, header.partition, header.seq});
  commit_.events.push_back(store::CommitGroup::Event{header.partition, header.seq, std::move(sealed)});
  return stored;
}

Result<Receipt> Sequencer::Admit(Prechecked& pc, ByteSpan envelope) {
  PL_ASSERT(!failed_);
  if (pc.reject) return Receipt::Rejected(pc.submission.submission_id, *pc.reject, pc.reject_message);
  const domain::Submission& s = pc.submission;
  VerifyLateSignatures(pc, *key_cache_);
  const bool key_event = domain::IsKeyEvent(s.body);
  const std::string& stream = key_event ? kRegistryStream : pc.canonical_patent;
  domain::PatentState* state = nullptr;
  if (key_event || !stream.empty()) {
    auto found = StateOf(stream);
    if (!found.ok()) return found.status();
    state = *found;
  }
  auto prior = PriorReceipt(s.submission_id);
  if (!prior.ok()) return prior.status();

  domain::PriorAcceptance prior_view;
  domain::AdmissionInput input;
  input.submission = &s;
  input.signatures = pc.outcomes;
  input.submission_digest = pc.digest;
  if (*prior) {
    prior_view.submission_digest = (*prior)->submission_digest;
    input.prior = &prior_view;
  }
  domain::Verdict verdict = domain::Decide(input, keys_, key_event ? nullptr : state);
  switch (verdict.outcome) {
    case domain::Verdict::Outcome::kReject:
      return Receipt::Rejected(s.submission_id, verdict.code, std::move(verdict.message));
    case domain::Verdict::Outcome::kAlreadyAccepted:
      return AcceptedReceipt(s.submission_id, **prior, /*replayed=*/true);
    case domain::Verdict::Outcome::kAccept: break;
  }

  codec::SealedHeader header;
  header.partition = key_event ? kRegistryPartition : PartitionForKey(stream, partitions());
  const store::PartitionHead& head = new_heads_[header.partition];
  header.seq = head.next_seq;
  header.stream_version = state ? state->event_count : 0;
  // recorded_at never goes backwards, whatever the clock does, and is
  // strictly increasing across all partitions of the ledger, so that merging
  // the partitions by recorded_at gives back the admission order -- what a
  // replay needs when a key enrolled or revoked in partition 0 decides events
  // of other partitions (docs/decisions/0020).
  header.recorded_at_us = std::max(now_us_, group_last_recorded_at_us_ + 1);
  PL_ASSERT(header.recorded_at_us > head.last_recorded_at_us);
  header.prev_hash = head.last_hash;
  header.stream_prev_hash = state ? state->last_leaf_hash : Hash256{};
  header.flags = verdict.flags;
  Bytes sealed = codec::EncodeSealedEvent(envelope, header);
  return AcceptedReceipt(s.submission_id, Append(s, stream, std::move(sealed), header, pc.digest), false);
}

Status Sequencer::Import(ByteSpan sealed) {
  PL_ASSERT(!failed_);
  auto view = codec::DecodeSealedEvent(sealed);
  if (!view.ok()) return view.status();
  const codec::SealedHeader& h = view->header;
  const std::string where = "partition " + std::to_string(h.partition) + " seq " + std::to_string(h.seq);
  auto bad = [&](const std::string& what) { return Status::Corruption(where + ": " + what); };
  if (h.partition >= partitions()) return bad("this ledger has " + std::to_string(partitions()) + " partitions");
  const store::PartitionHead& head = new_heads_[h.partition];
  if (h.seq != head.next_seq) return bad("expected seq " + std::to_string(head.next_seq) + " next");
  if (h.prev_hash != head.last_hash) return bad("prev_hash does not match the previous event's leaf hash");
  if (h.recorded_at_us < head.last_recorded_at_us) return bad("recorded_at goes backwards");

  Prechecked pc = Precheck(view->envelope, *key_cache_);
  if (pc.reject) return bad(std::string(domain::RejectCodeName(*pc.reject)) + ": " + pc.reject_message);
  const domain::Submission& s = pc.submission;
  const bool key_event = domain::IsKeyEvent(s.body);
  const std::string& stream = key_event ? kRegistryStream : pc.canonical_patent;
  const std::uint32_t home = key_event ? kRegistryPartition
                             : stream.empty() ? h.partition
                                              : PartitionForKey(stream, partitions());
  if (home != h.partition) return bad("the event belongs in partition " + std::to_string(home));
  domain::PatentState* state = nullptr;
  if (key_event || !stream.empty()) {
    auto found = StateOf(stream);
    if (!found.ok()) return found.status();
    state = *found;
  }
  if (h.stream_version != (state ? state->event_count : 0)) return bad("stream version does not continue its stream");
  if (h.stream_prev_hash != (state ? state->last_leaf_hash : Hash256{})) {
    return bad("stream_prev_hash does not match the stream's previous event");
  }
  VerifyLateSignatures(pc, *key_cache_);
  auto prior = PriorReceipt(s.submission_id);
  if (!prior.ok()) return prior.status();
  if (*prior) return bad("submission " + s.submission_id + " is already in the log");
  domain::AdmissionInput input;
  input.submission = &s;
  input.signatures = pc.outcomes;
  input.submission_digest = pc.digest;
  domain::Verdict verdict = domain::Decide(input, keys_, key_event ? nullptr : state);
  if (!verdict.accepted()) {
    return bad("the rules do not admit it: " + std::string(domain::RejectCodeName(verdict.code)) + ": " +
               verdict.message);
  }
  if (verdict.flags != h.flags) return bad("flags differ from what the rules give");
  Append(s, stream, Bytes(sealed.begin(), sealed.end()), h, pc.digest);
  return Status::Ok();
}

Status Sequencer::Commit() {
  PL_ASSERT(!failed_);
  if (commit_.events.empty()) return Status::Ok();
  for (const auto& stream : touched_) commit_.states.emplace_back(stream, &*states_[stream]);
  for (const auto& id : new_keys_) commit_.keys.push_back(keys_.Find(id));
  for (std::uint32_t p = 0; p < new_heads_.size(); ++p) {
    if (head_touched_[p]) commit_.heads.emplace_back(p, new_heads_[p]);
  }
  Status s = store_->Commit(commit_);
  if (s.ok()) {
    heads_ = new_heads_;
    trees_ = new_trees_;
    return s;
  }
  // Nothing of the group is durable; forget it and reload what is.
  if (Status reload = LoadState(); !reload.ok()) {
    failed_ = true;
    return Status::FailedPrecondition(s.ToString() + "; reloading state failed too: " + reload.ToString());
  }
  return s;
}

}  // namespace pl::node
