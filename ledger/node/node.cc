#include "ledger/node/node.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

#include "ledger/base/assert.h"
#include "ledger/base/murmur2.h"
#include "ledger/codec/codec.h"
#include "ledger/crypto/crypto.h"
#include "ledger/domain/admission.h"
#include "ledger/node/precheck.h"
#include "ledger/node/worker_pool.h"

namespace pl::node {
namespace {

// The key registry's own stream (KeyEnrolled / KeyRevoked) is kept under the
// empty patent number and sealed in partition 0 (schemas/FORMAT.md).
const std::string kRegistryStream;

struct Pending {
  Bytes envelope;
  std::promise<Receipt> promise;
};

// One group on its way through the pipeline.
struct Group {
  std::vector<Pending> items;
  std::vector<Prechecked> checked;
  std::shared_ptr<WorkerPool::Job> job;
};

std::int64_t SystemClockUs() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Hash256 LeafHash(ByteSpan sealed) {
  static const std::uint8_t kLeafPrefix[1] = {0x00};
  return crypto::Sha256({ByteSpan(kLeafPrefix, 1), sealed});
}

}  // namespace

struct Node::Impl {
  NodeOptions options;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<WorkerPool> pool;
  KeyCache key_cache;

  // Owned by the sequencer thread.
  domain::KeyRegistry keys;
  std::vector<store::PartitionHead> heads;
  bool failed = false;  // a commit failed and the state could not be reloaded

  std::mutex mu;
  std::condition_variable not_empty, not_full;
  std::deque<Pending> queue;
  bool stopping = false;
  Counters counters;
  std::thread sequencer;

  Status LoadState() {
    auto loaded = store->LoadKeys();
    if (!loaded.ok()) return loaded.status();
    keys = std::move(*loaded);
    for (const auto& [id, record] : keys.all()) {
      if (key_cache.Find(id)) continue;
      auto key = crypto::PublicKey::FromRaw(record.algorithm, record.public_key);
      if (!key.ok()) return key.status().WithContext("enrolled key " + id);
      key_cache.Add(id, std::make_shared<const crypto::PublicKey>(std::move(*key)));
    }
    heads.clear();
    for (std::uint32_t p = 0; p < store->config().partitions; ++p) {
      auto head = store->GetHead(p);
      if (!head.ok()) return head.status();
      heads.push_back(*head);
    }
    return Status::Ok();
  }

  std::optional<Group> Take(bool wait) {
    std::unique_lock lock(mu);
    if (wait) not_empty.wait(lock, [&] { return stopping || !queue.empty(); });
    if (queue.empty()) return std::nullopt;
    Group g;
    std::size_t n = std::min(queue.size(), options.group_submissions_max);
    g.items.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      g.items.push_back(std::move(queue.front()));
      queue.pop_front();
    }
    lock.unlock();
    not_full.notify_all();
    return g;
  }

  void Launch(Group& g) {
    g.checked.resize(g.items.size());
    g.job = pool->Start(g.items.size(), [this, &g](std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end; ++i) g.checked[i] = Precheck(g.items[i].envelope, key_cache);
    });
  }

  void Run() {
    std::optional<Group> next;
    while (true) {
      if (!next) {
        next = Take(/*wait=*/true);
        if (!next) return;  // stopping and drained
        Launch(*next);
      }
      Group current = std::move(*next);
      next.reset();
      // Overlap: verify the following group while this one is sealed.
      next = Take(/*wait=*/false);
      if (next) Launch(*next);
      current.job->Wait();
      SealAndCommit(current);
    }
  }

  void SealAndCommit(Group& g);
};

namespace {

// Per-group working state of the sequencer: overlays over the store so that
// submissions later in the group see the effects of earlier ones.
struct GroupState {
  std::unordered_map<std::string, std::optional<domain::PatentState>> states;
  std::unordered_map<std::string, store::StoredReceipt> receipts;
  std::vector<std::string> touched;  // patents in first-touch order
  std::vector<std::string> new_keys;
};

}  // namespace

void Node::Impl::SealAndCommit(Group& g) {
  std::vector<Receipt> receipts(g.items.size());
  if (failed) {
    for (std::size_t i = 0; i < g.items.size(); ++i) {
      g.items[i].promise.set_value(Receipt::Failed(Receipt::Status::kError, "", "node stopped after a storage failure"));
    }
    return;
  }
  GroupState gs;
  store::CommitGroup commit;
  std::vector<store::PartitionHead> new_heads = heads;
  std::vector<bool> head_touched(heads.size(), false);
  std::int64_t now_us = options.clock_us();
  Status storage_error;

  for (std::size_t i = 0; i < g.items.size() && storage_error.ok(); ++i) {
    Prechecked& pc = g.checked[i];
    Receipt& receipt = receipts[i];
    if (pc.reject) {
      receipt = Receipt::Rejected(pc.submission.submission_id, *pc.reject, pc.reject_message);
      continue;
    }
    const domain::Submission& s = pc.submission;
    // Keys enrolled after the parallel check (earlier in this group or the
    // previous one) are verified here.
    for (std::size_t k = 0; k < pc.outcomes.size(); ++k) {
      if (pc.outcomes[k].check != domain::SignatureCheck::kKeyUnknown) continue;
      if (auto key = key_cache.Find(pc.outcomes[k].key_id)) {
        pc.outcomes[k].check = key->VerifySubmission(pc.submission_bytes, pc.signatures[k])
                                   ? domain::SignatureCheck::kValid
                                   : domain::SignatureCheck::kInvalid;
      }
    }
    bool key_event = domain::IsKeyEvent(s.body);
    const std::string& stream = key_event ? kRegistryStream : pc.canonical_patent;

    // State of the stream (group overlay first, then the store).
    domain::PatentState* state = nullptr;
    if (key_event || !stream.empty()) {
      auto it = gs.states.find(stream);
      if (it == gs.states.end()) {
        auto loaded = store->GetPatentState(stream);
        if (!loaded.ok()) {
          storage_error = loaded.status();
          break;
        }
        it = gs.states.emplace(stream, std::move(*loaded)).first;
      }
      if (it->second) state = &*it->second;
    }
    // Prior acceptance of the same submission id.
    std::optional<store::StoredReceipt> prior;
    if (auto it = gs.receipts.find(s.submission_id); it != gs.receipts.end()) {
      prior = it->second;
    } else {
      auto stored = store->GetReceipt(s.submission_id);
      if (!stored.ok()) {
        storage_error = stored.status();
        break;
      }
      prior = *stored;
    }
    domain::PriorAcceptance prior_view;
    domain::AdmissionInput input;
    input.submission = &s;
    input.signatures = pc.outcomes;
    input.submission_digest = pc.digest;
    if (prior) {
      prior_view.submission_digest = prior->submission_digest;
      input.prior = &prior_view;
    }
    domain::Verdict verdict = domain::Decide(input, keys, key_event ? nullptr : state);

    if (verdict.outcome == domain::Verdict::Outcome::kReject) {
      receipt = Receipt::Rejected(s.submission_id, verdict.code, std::move(verdict.message));
      continue;
    }
    if (verdict.outcome == domain::Verdict::Outcome::kAlreadyAccepted) {
      receipt.status = Receipt::Status::kAccepted;
      receipt.submission_id = s.submission_id;
      receipt.partition = prior->partition;
      receipt.seq = prior->seq;
      receipt.stream_version = prior->stream_version;
      receipt.leaf_hash = prior->leaf_hash;
      receipt.flags = prior->flags;
      receipt.replayed = true;
      continue;
    }

    // Accepted: seal it.
    std::uint32_t partition = key_event ? 0 : PartitionForKey(stream, std::uint32_t(heads.size()));
    auto& st_slot = gs.states[stream];
    if (!st_slot) st_slot.emplace();
    if (std::find(gs.touched.begin(), gs.touched.end(), stream) == gs.touched.end()) gs.touched.push_back(stream);
    domain::PatentState& st = *st_slot;
    store::PartitionHead& head = new_heads[partition];
    head_touched[partition] = true;
    codec::SealedHeader header;
    header.partition = partition;
    header.seq = head.next_seq;
    header.stream_version = st.event_count;
    header.recorded_at_us = std::max(now_us, head.last_recorded_at_us);
    header.prev_hash = head.last_hash;
    header.stream_prev_hash = st.last_leaf_hash;
    header.flags = verdict.flags;
    Bytes sealed = codec::EncodeSealedEvent(g.items[i].envelope, header);
    Hash256 leaf = LeafHash(sealed);

    if (key_event) {
      domain::ApplyKeyEvent(keys, s);
      ++st.event_count;
      st.last_leaf_hash = leaf;
      const std::string& id = std::holds_alternative<domain::KeyEnrolled>(s.body)
                                  ? std::get<domain::KeyEnrolled>(s.body).key_id
                                  : std::get<domain::KeyRevoked>(s.body).key_id;
      gs.new_keys.push_back(id);
      if (const auto* e = std::get_if<domain::KeyEnrolled>(&s.body)) {
        auto key = crypto::PublicKey::FromRaw(e->algorithm, keys.Find(e->key_id)->public_key);
        PL_ASSERT(key.ok());  // Precheck parsed the same bytes
        key_cache.Add(e->key_id, std::make_shared<const crypto::PublicKey>(std::move(*key)));
      }
    } else {
      domain::Apply(st, s, verdict.flags, leaf);
    }
    head.next_seq = header.seq + 1;
    head.last_hash = leaf;
    head.last_recorded_at_us = header.recorded_at_us;

    store::StoredReceipt stored{partition, header.seq, header.stream_version, verdict.flags, leaf, pc.digest};
    gs.receipts[s.submission_id] = stored;
    commit.receipts.emplace_back(s.submission_id, stored);
    commit.stream_entries.push_back(store::StreamEntry{stream, header.stream_version, partition, header.seq});
    commit.events.push_back(store::CommitGroup::Event{partition, header.seq, std::move(sealed)});

    receipt.status = Receipt::Status::kAccepted;
    receipt.submission_id = s.submission_id;
    receipt.partition = partition;
    receipt.seq = header.seq;
    receipt.stream_version = header.stream_version;
    receipt.leaf_hash = leaf;
    receipt.flags = verdict.flags;
  }

  if (storage_error.ok() && !commit.events.empty()) {
    for (const auto& patent : gs.touched) commit.states.emplace_back(patent, &*gs.states[patent]);
    for (const auto& id : gs.new_keys) commit.keys.push_back(keys.Find(id));
    for (std::uint32_t p = 0; p < new_heads.size(); ++p) {
      if (head_touched[p]) commit.heads.emplace_back(p, new_heads[p]);
    }
    storage_error = store->Commit(commit);
  }

  Counters delta;
  if (!storage_error.ok()) {
    // Nothing of this group is durable, and decisions later in the group may
    // rest on acceptances that were not stored: every submission of the group
    // gets "error, retry" -- never "accepted", never a rejection. The
    // sequencer's memory (keys, heads) is reloaded from the store.
    if (!LoadState().ok()) failed = true;
    std::string message = "not recorded, retry: " + storage_error.ToString();
    for (std::size_t i = 0; i < receipts.size(); ++i) {
      receipts[i] = Receipt::Failed(Receipt::Status::kError, g.checked[i].submission.submission_id, message);
    }
  } else {
    heads = std::move(new_heads);
  }
  for (std::size_t i = 0; i < receipts.size(); ++i) {
    switch (receipts[i].status) {
      case Receipt::Status::kAccepted: ++(receipts[i].replayed ? delta.replayed : delta.accepted); break;
      case Receipt::Status::kRejected: ++delta.rejected; break;
      default: ++delta.errors; break;
    }
    g.items[i].promise.set_value(std::move(receipts[i]));
  }
  std::lock_guard lock(mu);
  counters.accepted += delta.accepted;
  counters.rejected += delta.rejected;
  counters.replayed += delta.replayed;
  counters.errors += delta.errors;
  ++counters.groups;
}

Node::Node(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Result<std::unique_ptr<Node>> Node::Open(NodeOptions options) {
  auto impl = std::make_unique<Impl>();
  if (!options.clock_us) options.clock_us = SystemClockUs;
  if (options.verify_threads == 0) options.verify_threads = std::max(1u, std::thread::hardware_concurrency());
  if (options.queue_depth == 0 || options.group_submissions_max == 0) {
    return Status::InvalidArgument("queue depth and group size must be positive");
  }
  auto store = store::Store::Open(options.dir);
  if (!store.ok()) return store.status();
  impl->store = std::move(*store);
  impl->options = std::move(options);
  PL_RETURN_IF_ERROR(impl->LoadState());
  impl->pool = std::make_unique<WorkerPool>(impl->options.verify_threads);
  Impl* raw = impl.get();
  impl->sequencer = std::thread([raw] { raw->Run(); });
  return std::unique_ptr<Node>(new Node(std::move(impl)));
}

Node::~Node() {
  {
    std::lock_guard lock(impl_->mu);
    impl_->stopping = true;
  }
  impl_->not_empty.notify_all();
  impl_->not_full.notify_all();
  impl_->sequencer.join();
}

std::future<Receipt> Node::Submit(Bytes envelope) {
  Pending p{std::move(envelope), {}};
  auto future = p.promise.get_future();
  std::unique_lock lock(impl_->mu);
  impl_->not_full.wait(lock, [&] { return impl_->stopping || impl_->queue.size() < impl_->options.queue_depth; });
  if (impl_->stopping) {
    p.promise.set_value(Receipt::Failed(Receipt::Status::kBusy, "", "node is stopping; retry"));
    return future;
  }
  impl_->queue.push_back(std::move(p));
  lock.unlock();
  impl_->not_empty.notify_one();
  return future;
}

Result<std::future<Receipt>> Node::TrySubmit(Bytes envelope) {
  std::unique_lock lock(impl_->mu);
  if (impl_->stopping || impl_->queue.size() >= impl_->options.queue_depth) {
    return Status::Busy("admission queue is full (" + std::to_string(impl_->options.queue_depth) + "); retry");
  }
  Pending p{std::move(envelope), {}};
  auto future = p.promise.get_future();
  impl_->queue.push_back(std::move(p));
  lock.unlock();
  impl_->not_empty.notify_one();
  return future;
}

const store::Store& Node::store() const { return *impl_->store; }

Node::Counters Node::counters() const {
  std::lock_guard lock(impl_->mu);
  return impl_->counters;
}

}  // namespace pl::node
