#include "projections/framework/runner.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <numeric>
#include <thread>

#include "ledger/crypto/crypto.h"
#include "ledger/domain/identifiers.h"

namespace pl::projections {
namespace {

std::string Where(std::uint32_t partition, std::uint64_t seq) {
  return "partition " + std::to_string(partition) + " seq " + std::to_string(seq);
}

// splitmix64: a fully specified generator, so a seed means the same
// interleaving everywhere.
std::uint64_t NextRandom(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

struct Cursor {
  std::uint64_t next_seq = 0;
  Hash256 last_hash{};
  bool done = false;
};

// A decoded event that owns its bytes (the spans in `event` point into
// `sealed`, which never moves: the holder is heap-allocated).
struct OwnedEvent {
  Bytes sealed;
  Event event;
};
using Batch = std::vector<std::unique_ptr<OwnedEvent>>;

// Batches from the reader thread to the appliers; bounded.
template <typename T>
class BatchQueue {
 public:
  explicit BatchQueue(std::size_t max) : max_(max) {}
  // Blocks while full. False when the consumer has stopped.
  bool Push(T batch) {
    std::unique_lock lock(mu_);
    changed_.wait(lock, [&] { return stopped_ || batches_.size() < max_; });
    if (stopped_) return false;
    batches_.push_back(std::move(batch));
    changed_.notify_all();
    return true;
  }
  // Blocks while empty. False once closed and drained, or stopped.
  bool Pop(T* batch) {
    std::unique_lock lock(mu_);
    changed_.wait(lock, [&] { return stopped_ || closed_ || !batches_.empty(); });
    if (stopped_ || batches_.empty()) return false;
    *batch = std::move(batches_.front());
    batches_.pop_front();
    changed_.notify_all();
    return true;
  }
  void Close() {
    std::lock_guard lock(mu_);
    closed_ = true;
    changed_.notify_all();
  }
  void Stop() {
    std::lock_guard lock(mu_);
    stopped_ = true;
    changed_.notify_all();
  }

 private:
  const std::size_t max_;
  std::mutex mu_;
  std::condition_variable changed_;
  std::deque<T> batches_;
  bool closed_ = false, stopped_ = false;
};

// Where the reader hands its batches: false when the projections stopped.
using BatchSink = std::function<bool(Batch)>;

// The reader: scans the source, checks and decodes every event once, and
// hands batches of batch_events to its sink. Runs on its own thread.
class Reader {
 public:
  Reader(EventSource& source, const RunOptions& options, std::vector<Cursor> cursors, BatchSink sink)
      : source_(source), options_(options), cursors_(std::move(cursors)), sink_(std::move(sink)) {}

  Status Go() {
    Status s;
    if (options_.interleave_seed) {
      s = Interleaved(*options_.interleave_seed);
    } else {
      for (std::uint32_t p = 0; p < cursors_.size() && s.ok() && !Stopped(); ++p) s = Pump(p, 0);
    }
    if (s.ok() && !batch_.empty()) s = Flush();
    return s;
  }
  std::uint64_t events_read() const { return events_read_; }

 private:
  bool Stopped() const { return options_.events_max && events_read_ >= *options_.events_max; }

  Status Interleaved(std::uint64_t seed) {
    std::uint64_t rng = seed;
    std::vector<std::uint32_t> order(cursors_.size());
    while (!Stopped()) {
      std::iota(order.begin(), order.end(), 0);
      for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[NextRandom(rng) % i]);
      bool any = false;
      for (std::uint32_t p : order) {
        if (cursors_[p].done) continue;
        any = true;
        PL_RETURN_IF_ERROR(Pump(p, 1 + NextRandom(rng) % limits::kInterleaveChunkEventsMax));
      }
      if (!any) break;
    }
    return Status::Ok();
  }

  // Reads up to `max_events` events of partition p (0: all).
  Status Pump(std::uint32_t p, std::uint64_t max_events) {
    Cursor& c = cursors_[p];
    std::uint64_t taken = 0;
    Status error;
    Status s = source_.Scan(p, c.next_seq, [&](std::uint64_t seq, ByteSpan sealed) {
      if (Stopped()) return false;
      error = OnEvent(p, seq, sealed);
      if (!error.ok() || c.done) return false;
      ++taken;
      return max_events == 0 || taken < max_events;
    });
    PL_RETURN_IF_ERROR(s);
    PL_RETURN_IF_ERROR(error);
    if (max_events == 0 || taken < max_events) c.done = true;
    return Status::Ok();
  }

  Status OnEvent(std::uint32_t p, std::uint64_t seq, ByteSpan sealed) {
    Cursor& c = cursors_[p];
    // A seq already read is a duplicate (Kafka redelivers): dropped. A seq
    // beyond the next one is a gap: an error.
    if (seq < c.next_seq) return Status::Ok();
    if (seq != c.next_seq) return Status::Corruption(Where(p, c.next_seq) + ": source skipped to seq " + std::to_string(seq));
    auto owned = std::make_unique<OwnedEvent>();
    owned->sealed.assign(sealed.begin(), sealed.end());
    Status s = DecodeEvent(owned->sealed, &owned->event);
    if (!s.ok()) return s.WithContext(Where(p, seq));
    const codec::SealedHeader& h = owned->event.header;
    if (h.partition != p || h.seq != seq) {
      return Status::Corruption(Where(p, seq) + ": event says partition " + std::to_string(h.partition) + " seq " +
                                std::to_string(h.seq));
    }
    if (h.prev_hash != c.last_hash) {
      return Status::Corruption(Where(p, seq) + ": prev_hash does not match the previous event's leaf hash");
    }
    if (options_.recorded_before_us && h.recorded_at_us >= *options_.recorded_before_us) {
      c.done = true;
      return Status::Ok();
    }
    ++events_read_;
    c.next_seq = seq + 1;
    c.last_hash = owned->event.leaf_hash;
    batch_.push_back(std::move(owned));
    if (batch_.size() >= options_.batch_events) return Flush();
    return Status::Ok();
  }

  Status Flush() {
    if (!sink_(std::move(batch_))) return Status::Internal("the projections stopped");
    batch_ = Batch();
    return Status::Ok();
  }

  EventSource& source_;
  const RunOptions& options_;
  std::vector<Cursor> cursors_;
  BatchSink sink_;
  Batch batch_;
  std::uint64_t events_read_ = 0;
};

// Applies one batch to one host, skipping what it applied before, and
// commits. Hosts are independent: one thread each.
Status ApplyBatch(ProjectionHost& host, const Batch& batch, std::uint64_t* applied) {
  for (const auto& owned : batch) {
    const Event& e = owned->event;
    auto it = host.positions().find(e.header.partition);
    const std::uint64_t next = it == host.positions().end() ? 0 : it->second.next_seq;
    if (next > e.header.seq) continue;  // applied before
    PL_ASSERT(next == e.header.seq);    // the reader starts at the lowest host position
    PL_RETURN_IF_ERROR(host.Apply(e));
    ++*applied;
  }
  return host.Commit();
}

Result<std::vector<Cursor>> InitCursors(EventSource& source, const std::vector<ProjectionHost*>& hosts) {
  std::vector<Cursor> cursors(source.partitions());
  for (std::uint32_t p = 0; p < cursors.size(); ++p) {
    bool first = true;
    for (ProjectionHost* h : hosts) {
      auto it = h->positions().find(p);
      PartitionPosition pos = it == h->positions().end() ? PartitionPosition{} : it->second;
      if (first || pos.next_seq < cursors[p].next_seq) {
        cursors[p] = Cursor{pos.next_seq, pos.last_hash, false};
        first = false;
      }
    }
  }
  for (ProjectionHost* h : hosts) {
    for (const auto& [p, pos] : h->positions()) {
      if (p >= cursors.size() && pos.next_seq > 0) {
        return Status::FailedPrecondition(std::string(h->name()) + " has applied events of partition " +
                                          std::to_string(p) + ", which this source does not have");
      }
    }
  }
  return cursors;
}

// The apply side: every batch to every host (in parallel when it is big
// enough), then the commit callback.
Status ApplyAll(BatchQueue<Batch>& queue, const std::vector<ProjectionHost*>& hosts, const RunOptions& options,
                RunReport& report) {
  Batch batch;
  std::vector<std::uint64_t> applied(hosts.size(), 0);
  std::vector<Status> results(hosts.size());
  while (queue.Pop(&batch)) {
    if (batch.size() >= limits::kParallelApplyEventsMin && hosts.size() > 1) {
      std::vector<std::thread> threads;
      for (std::size_t i = 1; i < hosts.size(); ++i) {
        threads.emplace_back([&, i] { results[i] = ApplyBatch(*hosts[i], batch, &applied[i]); });
      }
      results[0] = ApplyBatch(*hosts[0], batch, &applied[0]);
      for (auto& t : threads) t.join();
    } else {
      for (std::size_t i = 0; i < hosts.size(); ++i) results[i] = ApplyBatch(*hosts[i], batch, &applied[i]);
    }
    for (const Status& s : results) PL_RETURN_IF_ERROR(s);
    report.events_read += batch.size();
    report.events_applied = std::accumulate(applied.begin(), applied.end(), std::uint64_t(0));
    ++report.commits;
    report.kept_in_memory = false;
    report.bulk_writes = 0;
    for (ProjectionHost* h : hosts) {
      report.kept_in_memory = report.kept_in_memory || h->holds_unwritten();
      report.bulk_writes += h->tables().bulk_writes();
    }
    if (options.on_commit) options.on_commit(report);
  }
  return Status::Ok();
}

// The apply side of an in-memory replay: one thread per host, each with its
// own queue of the same batches, so that a host writing a bulk load does
// not hold the others up (they run up to kDecoupledBatchesMax batches
// ahead). Each host still applies every batch in order. `on_commit`
// follows the batches that every host has applied, with kept_in_memory set:
// nothing is durable before EndInMemory().
class DecoupledApply {
 public:
  DecoupledApply(const std::vector<ProjectionHost*>& hosts, const RunOptions& options, RunReport& report)
      : hosts_(hosts), options_(options), report_(report), progress_(hosts.size()) {
    for (std::size_t i = 0; i < hosts.size(); ++i) {
      queues_.push_back(std::make_unique<BatchQueue<SharedBatch>>(limits::kDecoupledBatchesMax));
    }
  }

  // The reader's sink: every batch to every host.
  bool Push(Batch batch) {
    auto shared = std::make_shared<const Batch>(std::move(batch));
    for (auto& q : queues_) {
      if (!q->Push(shared)) return false;
    }
    return true;
  }
  void Close() {
    for (auto& q : queues_) q->Close();
  }

  // Runs the host threads until the batches end or one fails; its error.
  Status Run() {
    std::vector<Status> results(hosts_.size());
    std::vector<std::thread> threads;
    for (std::size_t i = 1; i < hosts_.size(); ++i) {
      threads.emplace_back([this, i, &results] { results[i] = HostLoop(i); });
    }
    results[0] = HostLoop(0);
    for (auto& t : threads) t.join();
    for (const Status& s : results) PL_RETURN_IF_ERROR(s);
    return Status::Ok();
  }

 private:
  using SharedBatch = std::shared_ptr<const Batch>;
  struct HostProgress {
    std::uint64_t batches = 0, events = 0, applied = 0, bulk_writes = 0;
  };

  Status HostLoop(std::size_t i) {
    SharedBatch batch;
    std::uint64_t applied = 0;
    while (queues_[i]->Pop(&batch)) {
      Status s = ApplyBatch(*hosts_[i], *batch, &applied);
      if (!s.ok()) {
        for (auto& q : queues_) q->Stop();  // the reader and the other hosts stop too
        return s;
      }
      Done(i, batch->size(), applied, hosts_[i]->tables().bulk_writes());
      batch.reset();
    }
    return Status::Ok();
  }

  // Host i has applied one more batch: reports the batches all hosts have.
  void Done(std::size_t i, std::size_t events, std::uint64_t applied, std::uint64_t bulk_writes) {
    std::lock_guard lock(mu_);
    HostProgress& p = progress_[i];
    ++p.batches;
    p.events += events;
    p.applied = applied;
    p.bulk_writes = bulk_writes;
    const HostProgress* slowest = &progress_[0];
    for (const HostProgress& q : progress_) {
      if (q.batches < slowest->batches) slowest = &q;
    }
    if (slowest->batches <= report_.commits) return;
    report_.commits = slowest->batches;
    report_.events_read = slowest->events;
    report_.events_applied = 0;
    report_.bulk_writes = 0;
    for (const HostProgress& q : progress_) {
      report_.events_applied += q.applied;
      report_.bulk_writes += q.bulk_writes;
    }
    report_.kept_in_memory = true;
    if (options_.on_commit) options_.on_commit(report_);
  }

  const std::vector<ProjectionHost*>& hosts_;
  const RunOptions& options_;
  RunReport& report_;
  std::vector<std::unique_ptr<BatchQueue<SharedBatch>>> queues_;
  std::mutex mu_;
  std::vector<HostProgress> progress_;  // guarded by mu_
};

// In-memory replay: every host must start empty.
Status BeginInMemory(const std::vector<ProjectionHost*>& hosts, std::size_t bytes_max) {
  for (ProjectionHost* h : hosts) {
    if (!h->positions().empty() || h->pending_events() != 0) {
      return Status::FailedPrecondition(std::string(h->name()) +
                                        " is not empty: an in-memory replay starts from a fresh or rebuilt state");
    }
  }
  for (ProjectionHost* h : hosts) h->BeginInMemory(bytes_max / hosts.size());
  return Status::Ok();
}

// Writes (or, after a failure, drops) what the hosts kept in memory; the
// hosts write their files in parallel.
Status EndInMemory(const std::vector<ProjectionHost*>& hosts, bool write, RunReport& report) {
  std::vector<Status> results(hosts.size());
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < hosts.size(); ++i) {
    threads.emplace_back([&, i] { results[i] = hosts[i]->EndInMemory(write); });
  }
  results[0] = hosts[0]->EndInMemory(write);
  for (auto& t : threads) t.join();
  for (const Status& s : results) PL_RETURN_IF_ERROR(s);
  report.kept_in_memory = false;
  report.bulk_writes = 0;
  for (ProjectionHost* h : hosts) report.bulk_writes += h->tables().bulk_writes();
  return Status::Ok();
}

}  // namespace

Status DecodeEvent(ByteSpan sealed, Event* event) {
  codec::DecodedEvent decoded;
  PL_RETURN_IF_ERROR(codec::DecodeSealedEventFully(sealed, &decoded));
  event->header = decoded.header;
  event->submission_bytes = decoded.envelope.submission_bytes;
  event->submission = std::move(decoded.submission);
  if (!domain::IsKeyEvent(event->submission.body)) {
    auto canonical = domain::CanonicalPatentNumber(event->submission.patent);
    if (!canonical) return Status::Corruption("sealed event names an invalid patent number");
    event->submission.patent = std::move(*canonical);
  }
  static constexpr std::uint8_t kLeafPrefix = 0x00;  // RFC 9162 leaf
  event->leaf_hash = crypto::Sha256({ByteSpan(&kLeafPrefix, 1), sealed});
  return Status::Ok();
}

Result<RunReport> CatchUp(EventSource& source, const std::vector<ProjectionHost*>& hosts,
                          const RunOptions& options) {
  PL_ASSERT(!hosts.empty());
  PL_ASSERT(options.batch_events >= 1 && options.batch_events <= limits::kBatchEventsMax);
  auto cursors = InitCursors(source, hosts);
  if (!cursors.ok()) return cursors.status();
  if (options.in_memory) PL_RETURN_IF_ERROR(BeginInMemory(hosts, options.in_memory_bytes_max));
  RunReport report;
  Status read_status, apply_status;
  if (options.in_memory) {
    DecoupledApply apply(hosts, options, report);
    Reader reader(source, options, std::move(*cursors), [&](Batch b) { return apply.Push(std::move(b)); });
    std::thread reading([&] {
      read_status = reader.Go();
      apply.Close();
    });
    apply_status = apply.Run();  // a failed host has stopped the reader
    reading.join();
  } else {
    BatchQueue<Batch> queue(limits::kPipelineBatchesMax);
    Reader reader(source, options, std::move(*cursors), [&](Batch b) { return queue.Push(std::move(b)); });
    std::thread reading([&] {
      read_status = reader.Go();
      queue.Close();
    });
    apply_status = ApplyAll(queue, hosts, options, report);
    queue.Stop();  // unblocks a reader waiting for room after an apply error
    reading.join();
  }
  if (options.in_memory) {
    const bool ok = apply_status.ok() && read_status.ok();
    Status ended = EndInMemory(hosts, ok, report);
    if (ok) {
      PL_RETURN_IF_ERROR(ended);
      if (options.on_commit) options.on_commit(report);
    }
  }
  // A reader that stopped because the appliers failed reports that failure.
  PL_RETURN_IF_ERROR(apply_status);
  PL_RETURN_IF_ERROR(read_status);
  return report;
}

}  // namespace pl::projections
