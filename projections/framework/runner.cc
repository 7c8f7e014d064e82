#include "projections/framework/runner.h"

#include <algorithm>
#include <numeric>

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

class Run {
 public:
  Run(EventSource& source, const std::vector<ProjectionHost*>& hosts, const RunOptions& options)
      : source_(source), hosts_(hosts), options_(options) {}

  Result<RunReport> Go() {
    PL_RETURN_IF_ERROR(InitCursors());
    if (options_.interleave_seed) {
      PL_RETURN_IF_ERROR(Interleaved(*options_.interleave_seed));
    } else {
      for (std::uint32_t p = 0; p < cursors_.size() && !Stopped(); ++p) PL_RETURN_IF_ERROR(Pump(p, 0));
    }
    PL_RETURN_IF_ERROR(CommitAll());
    return report_;
  }

 private:
  bool Stopped() const { return options_.events_max && report_.events_read >= *options_.events_max; }

  Status InitCursors() {
    cursors_.assign(source_.partitions(), Cursor{});
    for (std::uint32_t p = 0; p < cursors_.size(); ++p) {
      bool first = true;
      for (ProjectionHost* h : hosts_) {
        auto it = h->positions().find(p);
        PartitionPosition pos = it == h->positions().end() ? PartitionPosition{} : it->second;
        if (first || pos.next_seq < cursors_[p].next_seq) {
          cursors_[p] = Cursor{pos.next_seq, pos.last_hash, false};
          first = false;
        }
      }
    }
    for (ProjectionHost* h : hosts_) {
      for (const auto& [p, pos] : h->positions()) {
        if (p >= cursors_.size() && pos.next_seq > 0) {
          return Status::FailedPrecondition(std::string(h->name()) + " has applied events of partition " +
                                            std::to_string(p) + ", which this source does not have");
        }
      }
    }
    return Status::Ok();
  }

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

  // Applies up to `max_events` events of partition p (0: all).
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
    if (seq != c.next_seq) return Status::Corruption(Where(p, c.next_seq) + ": source skipped to seq " + std::to_string(seq));
    Status s = DecodeEvent(sealed, &event_);
    if (!s.ok()) return s.WithContext(Where(p, seq));
    const codec::SealedHeader& h = event_.header;
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
    ++report_.events_read;
    for (ProjectionHost* host : hosts_) {
      auto it = host->positions().find(p);
      std::uint64_t host_next = it == host->positions().end() ? 0 : it->second.next_seq;
      if (host_next > seq) continue;  // applied before
      PL_ASSERT(host_next == seq);     // cursors start at the lowest host position
      PL_RETURN_IF_ERROR(host->Apply(event_));
      ++report_.events_applied;
    }
    c.next_seq = seq + 1;
    c.last_hash = event_.leaf_hash;
    if (++in_batch_ >= options_.batch_events) return CommitAll();
    return Status::Ok();
  }

  Status CommitAll() {
    in_batch_ = 0;
    bool any = false;
    for (ProjectionHost* h : hosts_) {
      if (h->pending_events() == 0) continue;
      any = true;
      PL_RETURN_IF_ERROR(h->Commit());
    }
    if (!any) return Status::Ok();
    ++report_.commits;
    if (options_.on_commit) options_.on_commit(report_);
    return Status::Ok();
  }

  EventSource& source_;
  const std::vector<ProjectionHost*>& hosts_;
  const RunOptions& options_;
  std::vector<Cursor> cursors_;
  RunReport report_;
  std::size_t in_batch_ = 0;
  Event event_;
};

}  // namespace

Status DecodeEvent(ByteSpan sealed, Event* event) {
  auto view = codec::DecodeSealedEvent(sealed);
  if (!view.ok()) return view.status();
  auto envelope = codec::VerifyEnvelope(view->envelope);
  if (!envelope.ok()) return Status::Corruption(envelope.status().message());
  auto submission = codec::DecodeSubmission(envelope->submission_bytes);
  if (!submission.ok()) return Status::Corruption(submission.status().message());
  event->header = view->header;
  event->submission_bytes = envelope->submission_bytes;
  event->submission = std::move(*submission);
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
  Run run(source, hosts, options);
  return run.Go();
}

}  // namespace pl::projections
