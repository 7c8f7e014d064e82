// The store audit: AuditEvents over the store, plus every stored Merkle
// node and each partition's head.
#include "ledger/node/audit.h"

#include "ledger/node/audit_internal.h"

namespace pl::node {
namespace {

// The store's events as they are stored: a missing seq reaches the audit
// (which names it) instead of ending the scan.
class StoredEvents : public EventSource {
 public:
  explicit StoredEvents(const store::Store& store) : store_(store) {}
  std::uint32_t partitions() const override { return store_.config().partitions; }
  Status Scan(std::uint32_t partition, std::uint64_t from_seq,
              const std::function<bool(std::uint64_t, ByteSpan)>& fn) override {
    return store_.ScanEvents(partition, from_seq, fn);
  }

 private:
  const store::Store& store_;
};

}  // namespace

Result<AuditReport> AuditStore(const store::Store& store, const std::function<void(std::uint64_t)>& progress) {
  StoredEvents events(store);
  const auto& anchor = store.config().anchor;
  auto anchor_key = crypto::PublicKey::FromRaw(anchor.algorithm, anchor.public_key);
  if (!anchor_key.ok()) return anchor_key.status().WithContext("trust anchor");
  auto keys = KeysOfSource(events, *anchor_key);
  if (!keys.ok()) return keys.status();
  std::optional<crypto::PublicKey> log_key;
  if (auto raw = store.GetLogKey(); !raw.ok()) {
    return raw.status();
  } else if (!raw->empty()) {
    auto key = crypto::PublicKey::FromRaw(domain::KeyAlgorithm::kEd25519, *raw);
    if (!key.ok()) return key.status().WithContext("log key");
    log_key.emplace(std::move(*key));
  }

  AuditSubject subject;
  subject.events = &events;
  subject.keys = &*keys;
  subject.origin = store.config().origin;
  subject.log_key = log_key ? &*log_key : nullptr;
  subject.name = "the store";
  subject.damage = "storage corruption";
  for (std::uint32_t p = 0; p < store.config().partitions; ++p) {
    auto latest = store.GetLatestCheckpoint(p);
    if (!latest.ok()) return latest.status();
    if (*latest) subject.checkpoints.push_back({p, (*latest)->first, (*latest)->second, ""});
  }
  // Every node the recomputed tree completes is compared with the stored
  // one, so a bad node is named by the event that completes it.
  subject.tree_node = [&](std::uint32_t p, merkle::NodeId id, const Hash256& h) -> Result<std::string> {
    auto stored = store.GetTreeNode(p, id.level, id.index);
    if (stored.ok() && *stored == h) return std::string();
    if (!stored.ok() && !stored.status().IsNotFound() && !stored.status().IsCorruption()) return stored.status();
    return "stored Merkle node level " + std::to_string(id.level) + " index " + std::to_string(id.index) +
           (stored.ok() ? " differs from the tree of the events" : ": " + stored.status().message());
  };
  subject.partition_end = [&](std::uint32_t p, std::uint64_t count,
                              const Hash256& last) -> Result<std::optional<Finding>> {
    auto head = store.GetHead(p);
    if (!head.ok()) return head.status();
    if (head->next_seq != count) {
      return std::optional(Finding{count, "head says " + std::to_string(head->next_seq) + " events, the log holds " +
                                              std::to_string(count)});
    }
    if (head->last_hash != last) {
      return std::optional(Finding{count == 0 ? 0 : count - 1, "head hash differs from the last event's leaf hash"});
    }
    return std::optional<Finding>();
  };
  return AuditEvents(subject, progress);
}

}  // namespace pl::node
