#include "ledger/node/audit.h"
#include "ledger/node/audit_internal.h"

#include <memory>
#include <unordered_map>

#include "ledger/codec/codec.h"
#include "ledger/crypto/crypto.h"
#include "ledger/domain/identifiers.h"
#include "ledger/merkle/tree.h"
#include "ledger/node/checkpoints.h"

namespace pl::node {

std::string CheckEventBody(ByteSpan envelope_bytes, const codec::SealedHeader& h, const KeyMap& keys,
                           std::unordered_map<std::string, StreamTip>& streams, AuditReport& report,
                           std::string* stream_out) {
  auto envelope = codec::VerifyEnvelope(envelope_bytes);
  if (!envelope.ok()) return "envelope: " + envelope.status().message();
  auto s = codec::DecodeSubmission(envelope->submission_bytes);
  if (!s.ok()) return "submission: " + s.status().message();
  for (const auto& sig : envelope->signatures) {
    auto it = keys.find(std::string(sig.key_id));
    if (it == keys.end()) return "signed by unknown key " + std::string(sig.key_id);
    if (!it->second->VerifySubmission(envelope->submission_bytes, sig.signature)) {
      return "signature of key " + std::string(sig.key_id) + " does not verify";
    }
    ++report.signatures;
  }
  std::string stream;
  if (!domain::IsKeyEvent(s->body)) {
    auto canonical = domain::CanonicalPatentNumber(s->patent);
    if (!canonical) return "invalid patent number " + s->patent;
    stream = *canonical;
  }
  StreamTip& tip = streams[stream];
  if (h.stream_version != tip.count) {
    return "stream version " + std::to_string(h.stream_version) + " of " + stream + ", expected " + std::to_string(tip.count);
  }
  if (h.stream_prev_hash != tip.last) return "stream_prev_hash does not match the previous event of " + stream;
  *stream_out = std::move(stream);
  return "";
}

std::string CheckSealedEvent(ByteSpan sealed, std::uint32_t p, std::uint64_t seq, const Hash256& prev,
                             const KeyMap& keys, std::unordered_map<std::string, StreamTip>& streams,
                             AuditReport& report, std::string* stream) {
  auto view = codec::DecodeSealedEvent(sealed);
  if (!view.ok()) return "undecodable sealed event: " + view.status().message();
  const auto& h = view->header;
  if (h.partition != p || h.seq != seq) {
    return "event claims partition " + std::to_string(h.partition) + " seq " + std::to_string(h.seq);
  }
  if (h.prev_hash != prev) return "prev_hash does not match the leaf hash of the previous event";
  return CheckEventBody(view->envelope, h, keys, streams, report, stream);
}

Result<AuditReport> AuditStore(const store::Store& store, const std::function<void(std::uint64_t)>& progress) {
  AuditReport report;
  auto registry = store.LoadKeys();
  if (!registry.ok()) return registry.status();
  KeyMap keys;
  for (const auto& [id, record] : registry->all()) {
    auto key = crypto::PublicKey::FromRaw(record.algorithm, record.public_key);
    if (!key.ok()) return key.status().WithContext("enrolled key " + id);
    keys.emplace(id, std::make_unique<crypto::PublicKey>(std::move(*key)));
  }
  std::unordered_map<std::string, StreamTip> streams;
  std::optional<crypto::PublicKey> log_key;
  if (auto raw = store.GetLogKey(); !raw.ok()) {
    return raw.status();
  } else if (!raw->empty()) {
    auto key = crypto::PublicKey::FromRaw(domain::KeyAlgorithm::kEd25519, *raw);
    if (!key.ok()) return key.status().WithContext("log key");
    log_key.emplace(std::move(*key));
  }

  for (std::uint32_t p = 0; p < store.config().partitions; ++p) {
    std::uint64_t expected = 0;
    Hash256 last{};
    // The tree recomputed from the events; every node it completes is
    // compared with the stored one, so a bad node is named by the event
    // that completes it.
    merkle::Frontier tree;
    std::string tree_problem;
    Status tree_io;
    auto latest = store.GetLatestCheckpoint(p);
    if (!latest.ok()) return latest.status();
    std::optional<Hash256> root_at_checkpoint;
    if (*latest && (*latest)->first == 0) root_at_checkpoint = merkle::EmptyRoot();
    auto compare_node = [&](merkle::NodeId id, const Hash256& h) {
      if (!tree_problem.empty() || !tree_io.ok()) return;
      auto stored = store.GetTreeNode(p, id.level, id.index);
      ++report.tree_nodes;
      if (stored.ok() && *stored == h) return;
      if (!stored.ok() && !stored.status().IsNotFound() && !stored.status().IsCorruption()) {
        tree_io = stored.status();
        return;
      }
      tree_problem = "stored Merkle node level " + std::to_string(id.level) + " index " + std::to_string(id.index) +
                     (stored.ok() ? " differs from the tree of the events" : ": " + stored.status().message());
    };
    auto fail = [&](std::uint64_t seq, const std::string& what) {
      report.ok = false;
      report.bad_partition = p;
      report.bad_seq = seq;
      report.problem = "partition " + std::to_string(p) + " seq " + std::to_string(seq) + ": " + what;
      return false;
    };
    Status scan = store.ScanEvents(p, 0, [&](std::uint64_t seq, ByteSpan sealed) {
      if (seq != expected) return fail(expected, "missing (next stored event is seq " + std::to_string(seq) + ")");
      std::string stream;
      if (auto problem = CheckSealedEvent(sealed, p, seq, last, keys, streams, report, &stream); !problem.empty()) {
        return fail(seq, problem);
      }
      Hash256 leaf = merkle::LeafHash(sealed);
      tree.Append(leaf, compare_node);
      if (!tree_io.ok()) return false;
      if (!tree_problem.empty()) return fail(seq, tree_problem);
      if (*latest && (*latest)->first == tree.size()) root_at_checkpoint = tree.Root();
      StreamTip& tip = streams[stream];
      tip.count++;
      tip.last = leaf;
      last = leaf;
      ++expected;
      ++report.events;
      if (progress && report.events % 10000 == 0) progress(report.events);
      return true;
    });
    if (!scan.ok()) {
      if (scan.IsCorruption()) {
        fail(expected, "storage corruption: " + scan.message());
        return report;
      }
      return scan;
    }
    PL_RETURN_IF_ERROR(tree_io);
    if (!report.ok) return report;
    auto head = store.GetHead(p);
    if (!head.ok()) return head.status();
    if (head->next_seq != expected) {
      fail(expected, "head says " + std::to_string(head->next_seq) + " events, the log holds " + std::to_string(expected));
      return report;
    }
    if (head->last_hash != last) {
      fail(expected == 0 ? 0 : expected - 1, "head hash differs from the last event's leaf hash");
      return report;
    }
    if (*latest) {
      const auto& [size, note] = **latest;
      if (!log_key) {
        fail(size, "a checkpoint is stored but the ledger has no log key");
        return report;
      }
      auto cp = OpenPartitionCheckpoint(note, store.config().origin, p, *log_key);
      if (!cp.ok()) {
        fail(size, "checkpoint of tree size " + std::to_string(size) + ": " + cp.status().message());
        return report;
      }
      if (cp->size != size || size > expected || !root_at_checkpoint || *root_at_checkpoint != cp->root) {
        fail(size, "the signed checkpoint of tree size " + std::to_string(size) +
                       " does not match the tree of the stored events");
        return report;
      }
      ++report.checkpoints;
    }
  }
  return report;
}

}  // namespace pl::node
