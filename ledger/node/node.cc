#include "ledger/node/node.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "ledger/base/assert.h"
#include "ledger/node/checkpoints.h"
#include "ledger/log/event_source.h"
#include "ledger/log/publisher.h"
#include "ledger/node/reconcile.h"
#include "ledger/node/precheck.h"
#include "ledger/node/sequencer.h"
#include "ledger/node/worker_pool.h"

namespace pl::node {
namespace {

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

// Local ack policy: after a failed publishing round the sequencer does not
// try again for this long, so a Kafka outage does not slow admission.
constexpr std::int64_t kPublishRetryPauseUs = 5'000'000;

std::int64_t SystemClockUs() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Stops on a fork or a topic that does not fit; goes on when Kafka cannot
// be reached or the topic does not exist yet (the publisher then publishes
// from the cursor and creates it).
Status ReconcileWithKafka(store::Store* store, const log::KafkaConfig& config) {
  auto source = log::KafkaEventSource::Open(config);
  if (!source.ok()) {
    if (source.status().IsNotFound() || source.status().IsBusy() || source.status().code() == Status::Code::kIoError) {
      return Status::Ok();
    }
    return source.status().WithContext("reconciling with Kafka");
  }
  auto report = Reconcile(store, **source);
  if (report.ok() || report.status().IsBusy() || report.status().code() == Status::Code::kIoError) return Status::Ok();
  return report.status().WithContext("reconciling with Kafka");
}

}  // namespace

struct Node::Impl {
  NodeOptions options;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<WorkerPool> pool;
  KeyCache key_cache;
  std::unique_ptr<Sequencer> sequencer;  // owned by the sequencer thread
  std::unique_ptr<log::Publisher> publisher;  // null in embedded mode; sequencer thread only
  // Null without Kafka or without automatic checkpoints; sequencer thread
  // (and the destructor after the join) only.
  std::unique_ptr<log::CheckpointPublisher> checkpoint_publisher;
  std::int64_t publish_retry_at_us = 0;

  std::mutex mu;
  std::condition_variable not_empty, not_full;
  std::deque<Pending> queue;
  bool stopping = false;
  Counters counters;
  std::thread sequencer_thread;

  // Groups live on the heap: verifier threads write into them by address.
  std::unique_ptr<Group> Take(bool wait) {
    std::unique_lock lock(mu);
    if (wait) not_empty.wait(lock, [&] { return stopping || !queue.empty(); });
    if (queue.empty()) return nullptr;
    auto group = std::make_unique<Group>();
    Group& g = *group;
    std::size_t n = std::min(queue.size(), options.group_submissions_max);
    g.items.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      g.items.push_back(std::move(queue.front()));
      queue.pop_front();
    }
    lock.unlock();
    not_full.notify_all();
    return group;
  }

  void Launch(Group& g) {
    g.checked.resize(g.items.size());
    g.job = pool->Start(g.items.size(), [this, &g](std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end; ++i) g.checked[i] = Precheck(g.items[i].envelope, key_cache);
    });
  }

  // One publishing round; counts a failure. Sequencer thread only.
  Status Publish() {
    Status s = publisher->PublishPending();
    if (!s.ok()) {
      publish_retry_at_us = options.clock_us() + kPublishRetryPauseUs;
      std::lock_guard lock(mu);
      ++counters.publish_failures;
    }
    return s;
  }

  void Run() {
    // Resume from the outbox cursor: what was committed before a crash but
    // never acked is published before anything new.
    if (publisher) (void)Publish();  // a failure is counted; the next group retries
    std::unique_ptr<Group> next;
    while (true) {
      if (!next) {
        next = Take(/*wait=*/true);
        if (!next) return;  // stopping and drained
        Launch(*next);
      }
      std::unique_ptr<Group> current = std::move(next);
      // Overlap: verify the following group while this one is sealed.
      next = Take(/*wait=*/false);
      if (next) Launch(*next);
      current->job->Wait();
      SealAndCommit(*current);
    }
  }

  void SealAndCommit(Group& g);
  void ReleaseCommitted(Group& g, std::vector<Receipt>& receipts);
  void Answer(Group& g, std::vector<Receipt>& receipts);
  void MaybeCheckpoint();
  // REQUIRES: mu held.
  void CountCheckpointPublishing() {
    counters.checkpoints_published = checkpoint_publisher->published();
    counters.checkpoint_publish_failures = checkpoint_publisher->failures();
  }

  // Automatic checkpoints, sequencer thread only: the tree size and time of
  // each partition's last checkpoint.
  std::vector<std::uint64_t> checkpointed_size;
  std::vector<std::int64_t> checkpointed_at_us;
  std::string last_checkpoint_error;  // guarded by mu
};

void Node::Impl::MaybeCheckpoint() {
  if (!options.checkpoint_key || (options.checkpoint_every_events == 0 && options.checkpoint_every_ms == 0)) return;
  const std::int64_t now_us = options.clock_us();
  for (std::uint32_t p = 0; p < sequencer->partitions(); ++p) {
    const merkle::Frontier& tree = sequencer->tree(p);
    const std::uint64_t grown = tree.size() - checkpointed_size[p];
    if (grown == 0) continue;
    const bool by_count = options.checkpoint_every_events != 0 && grown >= options.checkpoint_every_events;
    const bool by_time = options.checkpoint_every_ms != 0 &&
                         now_us - checkpointed_at_us[p] >= options.checkpoint_every_ms * 1000;
    if (!by_count && !by_time) continue;
    // The frontier is the committed tree: its root needs no reads.
    auto note = IssueCheckpoint(*store, p, tree.size(), tree.Root(), *options.checkpoint_key);
    {
      std::lock_guard lock(mu);
      if (!note.ok()) {
        ++counters.checkpoint_errors;
        last_checkpoint_error = note.status().ToString();
        continue;
      }
      ++counters.checkpoints;
      checkpointed_size[p] = tree.size();
      checkpointed_at_us[p] = now_us;
    }
    if (checkpoint_publisher) {
      // Outside mu: only queued (the first call also checks the topic,
      // bounded); a failure is counted, admission goes on.
      (void)checkpoint_publisher->Publish(p, *note);
      std::lock_guard lock(mu);
      CountCheckpointPublishing();
    }
  }
}

void Node::Impl::SealAndCommit(Group& g) {
  std::vector<Receipt> receipts(g.items.size());
  if (sequencer->failed()) {
    for (auto& r : receipts) r = Receipt::Failed(Receipt::Status::kError, "", "node stopped after a storage failure");
    return Answer(g, receipts);
  }
  sequencer->BeginGroup(options.clock_us());
  Status storage_error;
  for (std::size_t i = 0; i < g.items.size() && storage_error.ok(); ++i) {
    auto receipt = sequencer->Admit(g.checked[i], g.items[i].envelope);
    if (!receipt.ok()) storage_error = receipt.status();
    else receipts[i] = std::move(*receipt);
  }
  if (storage_error.ok()) storage_error = sequencer->Commit();
  if (!storage_error.ok()) {
    // Nothing of this group is durable, and decisions later in the group may
    // rest on acceptances that were not stored: every submission of the group
    // gets "error, retry" -- never "accepted", never a rejection.
    std::string message = "not recorded, retry: " + storage_error.ToString();
    for (std::size_t i = 0; i < receipts.size(); ++i) {
      receipts[i] = Receipt::Failed(Receipt::Status::kError, g.checked[i].submission.submission_id, message);
    }
    return Answer(g, receipts);
  }
  ReleaseCommitted(g, receipts);
  // Checkpoints come after the group's receipts: they never delay one.
  MaybeCheckpoint();
}

// Releases the receipts of a committed group according to the ack policy.
void Node::Impl::ReleaseCommitted(Group& g, std::vector<Receipt>& receipts) {
  if (!publisher) return Answer(g, receipts);
  if (options.ack == AckPolicy::kLocal) {
    Answer(g, receipts);
    if (options.clock_us() >= publish_retry_at_us) (void)Publish();  // counted; retried after the pause
    return;
  }
  // kReplicated: an accepted receipt (new or the original of a resubmission)
  // is released only when the cursor of its partition is past its seq.
  Status published = Publish();
  for (auto& r : receipts) {
    if (!r.accepted() || publisher->cursor(r.partition) > r.seq) continue;
    r = Receipt::Failed(Receipt::Status::kBusy, r.submission_id,
                        "recorded as partition " + std::to_string(r.partition) + " seq " + std::to_string(r.seq) +
                            " but not yet replicated to Kafka (" + published.ToString() +
                            "); retry: resubmitting the same bytes returns its receipt once replicated");
  }
  Answer(g, receipts);
}

// Releases the receipts of a group (after its commit) and counts them.
void Node::Impl::Answer(Group& g, std::vector<Receipt>& receipts) {
  Counters delta;
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
  if (impl->options.kafka && impl->options.reconcile_on_start) {
    Status s = ReconcileWithKafka(impl->store.get(), *impl->options.kafka);
    if (!s.ok()) return s;
  }
  if (impl->options.kafka) {
    auto publisher = log::Publisher::Open(impl->store.get(), *impl->options.kafka);
    if (!publisher.ok()) return publisher.status().WithContext("Kafka publisher");
    impl->publisher = std::move(*publisher);
    const auto& o = impl->options;
    if (o.checkpoint_key && (o.checkpoint_every_events != 0 || o.checkpoint_every_ms != 0)) {
      auto cp = log::CheckpointPublisher::Open(*o.kafka, impl->store->partitions(), o.checkpoints_topic);
      if (!cp.ok()) return cp.status().WithContext("Kafka checkpoint publisher");
      impl->checkpoint_publisher = std::move(*cp);
    }
  }
  auto sequencer = Sequencer::Open(impl->store.get(), &impl->key_cache);
  if (!sequencer.ok()) return sequencer.status();
  impl->sequencer = std::move(*sequencer);
  if (impl->options.checkpoint_key) {
    PL_RETURN_IF_ERROR(AdoptLogKey(*impl->store, impl->options.checkpoint_key->public_key()));
  }
  for (std::uint32_t p = 0; p < impl->sequencer->partitions(); ++p) {
    auto latest = impl->store->GetLatestCheckpoint(p);
    if (!latest.ok()) return latest.status();
    impl->checkpointed_size.push_back(*latest ? (*latest)->first : 0);
    impl->checkpointed_at_us.push_back(impl->options.clock_us());
  }
  impl->pool = std::make_unique<WorkerPool>(impl->options.verify_threads);
  Impl* raw = impl.get();
  impl->sequencer_thread = std::thread([raw] { raw->Run(); });
  return std::unique_ptr<Node>(new Node(std::move(impl)));
}

Node::~Node() {
  {
    std::lock_guard lock(impl_->mu);
    impl_->stopping = true;
  }
  impl_->not_empty.notify_all();
  impl_->not_full.notify_all();
  impl_->sequencer_thread.join();
  // Local ack policy: a last round for what the pause left unpublished (the
  // next start resumes from the cursor anyway).
  if (impl_->publisher && impl_->options.ack == AckPolicy::kLocal) (void)impl_->Publish();
  if (impl_->checkpoint_publisher) {
    impl_->checkpoint_publisher->Flush(5000);  // bounded; what is not acked by then is counted
    std::lock_guard lock(impl_->mu);
    impl_->CountCheckpointPublishing();
  }
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

std::string Node::last_checkpoint_error() const {
  std::lock_guard lock(impl_->mu);
  return impl_->last_checkpoint_error;
}

}  // namespace pl::node
