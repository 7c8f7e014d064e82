// AuditEvents: the audit loop over any EventSource (audit_internal.h).
#include <algorithm>
#include <map>
#include <thread>

#include "ledger/base/limits.h"
#include "ledger/domain/identifiers.h"
#include "ledger/node/audit_internal.h"
#include "ledger/node/checkpoints.h"
#include "ledger/node/worker_pool.h"

namespace pl::node {

EventFacts ExamineEvent(ByteSpan sealed, const KeyMap& keys) {
  EventFacts f;
  auto view = codec::DecodeSealedEvent(sealed);
  if (!view.ok()) {
    f.decode_problem = "undecodable sealed event: " + view.status().message();
    return f;
  }
  f.header = view->header;
  f.leaf = merkle::LeafHash(sealed);
  auto envelope = codec::VerifyEnvelope(view->envelope);
  if (!envelope.ok()) {
    f.body_problem = "envelope: " + envelope.status().message();
    return f;
  }
  auto s = codec::DecodeSubmission(envelope->submission_bytes);
  if (!s.ok()) {
    f.body_problem = "submission: " + s.status().message();
    return f;
  }
  for (const auto& sig : envelope->signatures) {
    auto it = keys.find(std::string(sig.key_id));
    if (it == keys.end()) {
      f.body_problem = "signed by unknown key " + std::string(sig.key_id);
      return f;
    }
    const AuditKey& key = it->second;
    if (!key.key->VerifySubmission(envelope->submission_bytes, sig.signature)) {
      f.body_problem = "signature of key " + std::string(sig.key_id) + " does not verify";
      return f;
    }
    if (f.header.recorded_at_us <= key.enrolled_at_us) {
      f.body_problem = "signed by key " + std::string(sig.key_id) + " before the registry enrolled it";
      return f;
    }
    if (key.revoked_at_us && f.header.recorded_at_us > *key.revoked_at_us) {
      f.body_problem = "signed by key " + std::string(sig.key_id) + " after the registry revoked it";
      return f;
    }
    ++f.signatures;
  }
  if (!domain::IsKeyEvent(s->body)) {
    auto canonical = domain::CanonicalPatentNumber(s->patent);
    if (!canonical) {
      f.body_problem = "invalid patent number " + s->patent;
      return f;
    }
    f.stream = *canonical;
  }
  return f;
}

Result<KeyMap> KeysOfSource(EventSource& source, const crypto::PublicKey& anchor) {
  KeyMap keys;
  auto raw_anchor = crypto::PublicKey::FromRaw(anchor.algorithm(), anchor.raw());
  if (!raw_anchor.ok()) return raw_anchor.status();
  keys.emplace(anchor.key_id(), AuditKey{std::make_unique<crypto::PublicKey>(std::move(*raw_anchor)), INT64_MIN, std::nullopt});
  if (source.partitions() == 0) return keys;
  Status s = source.Scan(0, 0, [&](std::uint64_t, ByteSpan sealed) {
    auto view = codec::DecodeSealedEvent(sealed);
    if (!view.ok()) return true;
    auto envelope = codec::VerifyEnvelope(view->envelope);
    if (!envelope.ok()) return true;
    auto sub = codec::DecodeSubmission(envelope->submission_bytes);
    if (!sub.ok()) return true;
    const std::int64_t at = view->header.recorded_at_us;
    if (const auto* e = std::get_if<domain::KeyEnrolled>(&sub->body)) {
      auto raw = HexDecode(e->public_key_hex);
      if (!raw) return true;
      auto key = crypto::PublicKey::FromRaw(e->algorithm, *raw);
      if (key.ok() && key->key_id() == e->key_id) {
        keys.emplace(e->key_id, AuditKey{std::make_unique<crypto::PublicKey>(std::move(*key)), at, std::nullopt});
      }
    } else if (const auto* r = std::get_if<domain::KeyRevoked>(&sub->body)) {
      auto it = keys.find(r->key_id);
      if (it != keys.end() && !it->second.revoked_at_us) it->second.revoked_at_us = at;
    }
    return true;
  });
  if (!s.ok() && !s.IsCorruption()) return s;  // corruption: the audit names it
  return keys;
}

namespace {

struct StreamTip {
  std::uint64_t count = 0;
  Hash256 last{};
};

// The sequential half of the audit of one partition: consumes examined
// events in seq order.
class PartitionChecker {
 public:
  PartitionChecker(const AuditSubject& subject, std::uint32_t partition,
                   std::unordered_map<std::string, StreamTip>* streams, AuditReport* report,
                   const std::function<void(std::uint64_t)>& progress)
      : subject_(subject), p_(partition), streams_(*streams), report_(*report), progress_(progress) {
    for (const auto& c : subject.checkpoints) {
      if (c.partition == p_) roots_[c.tree_size] = c.tree_size == 0 ? std::optional(merkle::EmptyRoot()) : std::nullopt;
    }
  }

  // Checks the next event; false once a problem was found (then found()).
  bool Check(const EventFacts& f) {
    const std::uint64_t seq = next_;
    if (auto problem = ProblemOf(f); !problem.empty()) return Fail(seq, problem);
    if (subject_.tree_node) {
      std::string node_problem;
      tree_.Append(f.leaf, [&](merkle::NodeId id, const Hash256& h) {
        if (!node_problem.empty() || !io_.ok()) return;
        ++report_.tree_nodes;
        auto problem = subject_.tree_node(p_, id, h);
        if (!problem.ok()) io_ = problem.status();
        else node_problem = std::move(*problem);
      });
      if (!io_.ok()) return false;
      if (!node_problem.empty()) return Fail(seq, node_problem);
    } else {
      tree_.Append(f.leaf, [](merkle::NodeId, const Hash256&) {});
    }
    if (auto it = roots_.find(tree_.size()); it != roots_.end()) it->second = tree_.Root();
    StreamTip& tip = streams_[f.stream];
    tip.count++;
    tip.last = f.leaf;
    last_ = f.leaf;
    ++next_;
    ++report_.events;
    report_.signatures += f.signatures;
    if (progress_ && report_.events % 10000 == 0) progress_(report_.events);
    return true;
  }

  bool Fail(std::uint64_t seq, const std::string& what) {
    report_.ok = false;
    report_.bad_partition = p_;
    report_.bad_seq = seq;
    report_.problem = "partition " + std::to_string(p_) + " seq " + std::to_string(seq) + ": " + what;
    return false;
  }

  // After the last event: the end hook and this partition's checkpoints.
  Status Finish() {
    if (subject_.partition_end) {
      auto finding = subject_.partition_end(p_, next_, last_);
      if (!finding.ok()) return finding.status();
      if (*finding) return (Fail((*finding)->seq, (*finding)->problem), Status::Ok());
    }
    for (const auto& c : subject_.checkpoints) {
      if (c.partition != p_) continue;
      const std::string what =
          "checkpoint of tree size " + std::to_string(c.tree_size) + (c.where.empty() ? "" : " (" + c.where + ")");
      if (subject_.log_key == nullptr) return (Fail(c.tree_size, "a checkpoint is recorded but the ledger has no log key"), Status::Ok());
      auto cp = OpenPartitionCheckpoint(c.note, subject_.origin, p_, *subject_.log_key);
      if (!cp.ok()) return (Fail(c.tree_size, what + ": " + cp.status().message()), Status::Ok());
      if (cp->size > next_) {
        return (Fail(next_, "the signed " + what + " is larger than the " + std::to_string(next_) + " events of " +
                                subject_.name),
                Status::Ok());
      }
      const auto& root = roots_[c.tree_size];
      if (cp->size != c.tree_size || !root || *root != cp->root) {
        return (Fail(c.tree_size, "the signed " + what + " does not match the tree of " + subject_.name + "'s events"),
                Status::Ok());
      }
      ++report_.checkpoints;
    }
    return Status::Ok();
  }

  std::uint64_t next() const { return next_; }
  const Status& io() const { return io_; }

 private:
  std::string ProblemOf(const EventFacts& f) {
    if (!f.decode_problem.empty()) return f.decode_problem;
    const auto& h = f.header;
    if (h.partition != p_ || h.seq != next_) {
      return "event claims partition " + std::to_string(h.partition) + " seq " + std::to_string(h.seq);
    }
    if (h.prev_hash != last_) return "prev_hash does not match the leaf hash of the previous event";
    if (!f.body_problem.empty()) return f.body_problem;
    StreamTip& tip = streams_[f.stream];
    if (h.stream_version != tip.count) {
      return "stream version " + std::to_string(h.stream_version) + " of " + f.stream + ", expected " +
             std::to_string(tip.count);
    }
    if (h.stream_prev_hash != tip.last) return "stream_prev_hash does not match the previous event of " + f.stream;
    return "";
  }

  const AuditSubject& subject_;
  const std::uint32_t p_;
  std::unordered_map<std::string, StreamTip>& streams_;
  AuditReport& report_;
  const std::function<void(std::uint64_t)>& progress_;
  std::map<std::uint64_t, std::optional<Hash256>> roots_;  // checkpoint size -> recomputed root
  merkle::Frontier tree_;
  std::uint64_t next_ = 0;
  Hash256 last_{};
  Status io_;
};

// Reads ahead of the checker: events are copied into chunks; a full chunk
// is examined (signatures, leaf hash) on the pool's threads while the
// previous chunk is checked in order on the caller's thread. At most two
// chunks are in flight plus the one being filled, so memory is bounded by
// 3 x kAuditChunkEvents events. The key map is fixed before the audit
// starts (every key the source enrols), so examination needs no order.
class ChunkPipeline {
 public:
  ChunkPipeline(WorkerPool& pool, const KeyMap& keys, PartitionChecker& checker)
      : pool_(pool), keys_(keys), checker_(checker), filling_(std::make_unique<Chunk>()) {
    filling_->events.reserve(limits::kAuditChunkEvents);
  }
  ~ChunkPipeline() {
    if (pending_) pending_->job->Wait();  // its workers read the chunk
  }

  // Adds an event (copied); false once the checker found a problem.
  bool Add(ByteSpan sealed) {
    filling_->events.emplace_back(sealed.begin(), sealed.end());
    return filling_->events.size() < limits::kAuditChunkEvents || Rotate();
  }
  // Checks everything added, in order; false on a problem.
  bool Drain() {
    if (!Rotate()) return false;
    return CheckPending();
  }

 private:
  struct Chunk {
    std::vector<Bytes> events;
    std::vector<EventFacts> facts;
    std::shared_ptr<WorkerPool::Job> job;
  };

  // Starts examining the filled chunk, then checks the one before it.
  bool Rotate() {
    std::unique_ptr<Chunk> started = std::move(filling_);
    filling_ = std::make_unique<Chunk>();
    filling_->events.reserve(limits::kAuditChunkEvents);
    Chunk* c = started.get();
    c->facts.resize(c->events.size());
    c->job = pool_.Start(c->events.size(), [c, &keys = keys_](std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end; ++i) c->facts[i] = ExamineEvent(c->events[i], keys);
    });
    bool ok = CheckPending();
    pending_ = std::move(started);
    return ok;
  }

  bool CheckPending() {
    if (!pending_) return true;
    pending_->job->Wait();
    std::unique_ptr<Chunk> done = std::move(pending_);
    for (const EventFacts& f : done->facts) {
      if (!checker_.Check(f)) return false;
    }
    return true;
  }

  WorkerPool& pool_;
  const KeyMap& keys_;
  PartitionChecker& checker_;
  std::unique_ptr<Chunk> filling_;
  std::unique_ptr<Chunk> pending_;  // being examined by the pool
};

}  // namespace

Result<AuditReport> AuditEvents(const AuditSubject& subject, const std::function<void(std::uint64_t)>& progress) {
  AuditReport report;
  std::unordered_map<std::string, StreamTip> streams;
  WorkerPool pool(std::max(1u, std::thread::hardware_concurrency()));
  for (std::uint32_t p = 0; p < subject.events->partitions(); ++p) {
    PartitionChecker checker(subject, p, &streams, &report, progress);
    ChunkPipeline pipeline(pool, *subject.keys, checker);
    std::uint64_t delivered = 0;
    auto drain = [&] { return pipeline.Drain(); };
    bool gap = false;
    Status scan = subject.events->Scan(p, 0, [&](std::uint64_t seq, ByteSpan sealed) {
      if (seq != delivered) {
        if (drain()) {
          checker.Fail(delivered, "missing (" + subject.name + "'s next event is seq " + std::to_string(seq) + ")");
        }
        gap = true;
        return false;
      }
      ++delivered;
      return pipeline.Add(sealed);
    });
    if (!gap && report.ok && checker.io().ok()) drain();  // what the scan left, also before its error
    PL_RETURN_IF_ERROR(checker.io());
    if (!report.ok) return report;
    if (!scan.ok()) {
      if (!scan.IsCorruption()) return scan;
      checker.Fail(delivered, subject.damage + ": " + scan.message());
      return report;
    }
    PL_RETURN_IF_ERROR(checker.Finish());
    if (!report.ok) return report;
  }
  return report;
}

}  // namespace pl::node
