// The archive audit: AuditStore's checks over an archive file, with the tree
// recomputed from the events and compared with the archive's checkpoints.
#include <map>
#include <optional>

#include "ledger/archive/archive.h"
#include "ledger/merkle/tree.h"
#include "ledger/node/audit.h"
#include "ledger/node/audit_internal.h"
#include "ledger/node/checkpoints.h"

namespace pl::node {
namespace {

// The anchor and every key enrolled in the archive's registry stream
// (partition 0). Undecodable events are skipped here: the scan names them.
Result<KeyMap> KeysOf(archive::ArchiveReader& reader, const crypto::PublicKey& anchor) {
  KeyMap keys;
  auto raw_anchor = crypto::PublicKey::FromRaw(anchor.algorithm(), anchor.raw());
  if (!raw_anchor.ok()) return raw_anchor.status();
  keys.emplace(anchor.key_id(), std::make_unique<crypto::PublicKey>(std::move(*raw_anchor)));
  if (reader.partitions() == 0) return keys;
  Status s = reader.Scan(0, 0, [&](std::uint64_t, ByteSpan sealed) {
    auto view = codec::DecodeSealedEvent(sealed);
    if (!view.ok()) return true;
    auto envelope = codec::VerifyEnvelope(view->envelope);
    if (!envelope.ok()) return true;
    auto sub = codec::DecodeSubmission(envelope->submission_bytes);
    if (!sub.ok()) return true;
    if (const auto* e = std::get_if<domain::KeyEnrolled>(&sub->body)) {
      auto raw = HexDecode(e->public_key_hex);
      if (!raw) return true;
      auto key = crypto::PublicKey::FromRaw(e->algorithm, *raw);
      if (key.ok() && key->key_id() == e->key_id) keys.emplace(e->key_id, std::make_unique<crypto::PublicKey>(std::move(*key)));
    }
    return true;
  });
  if (!s.ok() && !s.IsCorruption()) return s;  // corruption: the scan names it
  return keys;
}

}  // namespace

Result<AuditReport> AuditArchive(const std::string& path, const crypto::PublicKey& anchor, const crypto::PublicKey& log_key,
                                 const std::function<void(std::uint64_t)>& progress) {
  auto reader = archive::ArchiveReader::Open(path, archive::ArchiveReader::DigestPolicy::kReportDigest);
  if (!reader.ok()) return reader.status();
  archive::ArchiveReader& r = **reader;
  auto keys = KeysOf(r, anchor);
  if (!keys.ok()) return keys.status();
  AuditReport report;
  std::unordered_map<std::string, StreamTip> streams;
  for (std::uint32_t p = 0; p < r.partitions(); ++p) {
    std::map<std::uint64_t, std::optional<Hash256>> roots;  // checkpoint size -> recomputed root
    for (const auto& c : r.info().checkpoints) {
      if (c.partition == p) roots[c.tree_size] = c.tree_size == 0 ? std::optional(merkle::EmptyRoot()) : std::nullopt;
    }
    std::uint64_t expected = 0;
    Hash256 last{};
    merkle::Frontier tree;
    auto fail = [&](std::uint64_t seq, const std::string& what) {
      report.ok = false;
      report.bad_partition = p;
      report.bad_seq = seq;
      report.problem = "partition " + std::to_string(p) + " seq " + std::to_string(seq) + ": " + what;
      return false;
    };
    Status scan = r.Scan(p, 0, [&](std::uint64_t seq, ByteSpan sealed) {
      if (seq != expected) return fail(expected, "missing (the archive's next event is seq " + std::to_string(seq) + ")");
      std::string stream;
      if (auto problem = CheckSealedEvent(sealed, p, seq, last, *keys, streams, report, &stream); !problem.empty()) {
        return fail(seq, problem);
      }
      const Hash256 leaf = merkle::LeafHash(sealed);
      tree.Append(leaf, [](merkle::NodeId, const Hash256&) {});
      if (auto it = roots.find(tree.size()); it != roots.end()) it->second = tree.Root();
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
      if (!scan.IsCorruption()) return scan;
      fail(expected, "archive damaged: " + scan.message());
      return report;
    }
    if (!report.ok) return report;
    for (const auto& c : r.info().checkpoints) {
      if (c.partition != p) continue;
      auto cp = OpenPartitionCheckpoint(c.note, r.info().origin, p, log_key);
      if (!cp.ok()) {
        fail(c.tree_size, "checkpoint of tree size " + std::to_string(c.tree_size) + ": " + cp.status().message());
        return report;
      }
      const auto& root = roots[c.tree_size];
      if (cp->size != c.tree_size || !root || *root != cp->root) {
        fail(c.tree_size, "the signed checkpoint of tree size " + std::to_string(c.tree_size) +
                              " does not match the tree of the archive's events");
        return report;
      }
      ++report.checkpoints;
    }
  }
  if (!r.info().digest_ok) {
    report.ok = false;
    report.problem = "every event checks out, but the archive's digest does not match: a checkpoint or the trailer is damaged";
  }
  return report;
}

}  // namespace pl::node
