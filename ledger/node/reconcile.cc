#include "ledger/node/reconcile.h"

#include <algorithm>
#include <optional>
#include <vector>

#include "ledger/codec/codec.h"
#include "ledger/node/precheck.h"
#include "ledger/node/sequencer.h"

namespace pl::node {
namespace {

// Events imported per commit (one synced WriteBatch).
constexpr std::size_t kImportGroupEventsMax = 1024;

struct Incoming {
  std::int64_t recorded_at_us;
  std::uint32_t partition;
  Bytes sealed;
};

Status Fork(std::uint32_t p, std::uint64_t seq) {
  return Status::Corruption("fork: partition " + std::to_string(p) + " seq " + std::to_string(seq) +
                            " differs between the local store and the other copy of the log; stopping");
}

bool Same(const Bytes& a, ByteSpan b) { return std::equal(a.begin(), a.end(), b.begin(), b.end()); }

}  // namespace

Result<ReconcileReport> Reconcile(store::Store* store, log::KafkaEventSource& source) {
  const std::uint32_t partitions = store->partitions();
  if (source.partitions() != partitions) {
    return Status::FailedPrecondition("the other copy of the log has " + std::to_string(source.partitions()) +
                                      " partitions, the ledger " + std::to_string(partitions));
  }
  ReconcileReport report;
  std::vector<std::vector<Incoming>> incoming(partitions);
  std::vector<std::uint64_t> heads(partitions), source_next(partitions);
  for (std::uint32_t p = 0; p < partitions; ++p) {
    auto head = store->GetHead(p);
    if (!head.ok()) return head.status();
    heads[p] = head->next_seq;
    Status mismatch;
    // Compares `bytes` with what this copy holds at (p, seq).
    auto held_equals = [&](std::uint64_t seq, ByteSpan bytes) -> Status {
      if (seq >= heads[p]) {
        return Same(incoming[p][seq - heads[p]].sealed, bytes) ? Status::Ok() : Fork(p, seq);
      }
      auto stored = store->GetEvent(p, seq);
      if (!stored.ok()) return stored.status();
      if (!*stored) return Status::Corruption("store: partition " + std::to_string(p) + " has no event at seq " + std::to_string(seq));
      return Same(**stored, bytes) ? Status::Ok() : Fork(p, seq);
    };
    source.set_duplicate_check([&](std::uint32_t, std::uint64_t seq, ByteSpan bytes) { return held_equals(seq, bytes); });
    std::uint64_t next = 0;
    Status s = source.Scan(p, 0, [&](std::uint64_t seq, ByteSpan sealed) {
      next = seq + 1;
      if (seq < heads[p]) {
        mismatch = held_equals(seq, sealed);
        ++report.compared;
        return mismatch.ok();
      }
      auto view = codec::DecodeSealedEvent(sealed);
      if (!view.ok()) {
        mismatch = view.status();
        return false;
      }
      incoming[p].push_back(Incoming{view->header.recorded_at_us, p, Bytes(sealed.begin(), sealed.end())});
      return true;
    });
    PL_RETURN_IF_ERROR(mismatch);
    PL_RETURN_IF_ERROR(s.WithContext("reading partition " + std::to_string(p)));
    source_next[p] = next;
  }
  source.set_duplicate_check(nullptr);

  // Import in admission order.
  std::vector<const Incoming*> order;
  for (const auto& v : incoming) for (const auto& e : v) order.push_back(&e);
  std::stable_sort(order.begin(), order.end(), [](const Incoming* a, const Incoming* b) {
    return a->recorded_at_us != b->recorded_at_us ? a->recorded_at_us < b->recorded_at_us : a->partition < b->partition;
  });
  if (!order.empty()) {
    KeyCache keys;
    auto sequencer = Sequencer::Open(store, &keys);
    if (!sequencer.ok()) return sequencer.status();
    for (std::size_t i = 0; i < order.size();) {
      (*sequencer)->BeginGroup(order[i]->recorded_at_us);
      const std::size_t end = std::min(order.size(), i + kImportGroupEventsMax);
      for (; i < end; ++i) PL_RETURN_IF_ERROR((*sequencer)->Import(order[i]->sealed));
      PL_RETURN_IF_ERROR((*sequencer)->Commit());
    }
    report.imported = order.size();
  }

  // The outbox cursor: exactly what the source lacks is left to publish.
  for (std::uint32_t p = 0; p < partitions; ++p) {
    auto head = store->GetHead(p);
    if (!head.ok()) return head.status();
    const std::uint64_t published = std::min(source_next[p], head->next_seq);
    report.missing_in_source += head->next_seq - published;
    PL_RETURN_IF_ERROR(store->SetOutboxCursor(p, published));
  }
  return report;
}

}  // namespace pl::node
