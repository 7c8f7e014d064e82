// The one audit loop shared by the store, archive and Kafka audits
// (audit.cc, audit_archive.cc, audit_kafka.cc), and its pieces. Not part of
// the node's API.
#pragma once

#include <climits>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "ledger/base/event_source.h"
#include "ledger/codec/codec.h"
#include "ledger/crypto/crypto.h"
#include "ledger/merkle/tree.h"
#include "ledger/node/audit.h"

namespace pl::node {

// A signing key as the registry stream shows it. It may sign events
// recorded after its KeyEnrolled and up to its KeyRevoked (the revocation
// itself may still carry its signature): recorded_at is strictly increasing
// across all partitions, so it is the admission order (decision 0020), and
// admission refuses a signer that is unknown or revoked at that point.
struct AuditKey {
  std::unique_ptr<crypto::PublicKey> key;
  std::int64_t enrolled_at_us = INT64_MIN;     // recorded_at of its KeyEnrolled; the anchor: always valid
  std::optional<std::int64_t> revoked_at_us;  // recorded_at of its KeyRevoked, if any
};
using KeyMap = std::unordered_map<std::string, AuditKey>;

// The anchor and every key enrolled in `source`'s registry stream
// (partition 0), with when it was enrolled and revoked. Events that do not
// decode are skipped here: the audit names them. A damaged source
// (kCorruption) yields the keys read so far.
Result<KeyMap> KeysOfSource(EventSource& source, const crypto::PublicKey& anchor);

// What one sealed event shows on its own, without its neighbours: safe to
// compute on any thread (reads `keys` only).
struct EventFacts {
  std::string decode_problem;  // not a sealed event; nothing below is set
  codec::SealedHeader header;
  std::string body_problem;    // envelope, submission or signature; "" when none
  std::uint32_t signatures = 0;  // verified signatures
  std::string stream;            // canonical patent number, "" for key events
  Hash256 leaf{};                // merkle::LeafHash of the sealed bytes
};
EventFacts ExamineEvent(ByteSpan sealed, const KeyMap& keys);

// A checkpoint to compare with the tree recomputed from the events.
struct AuditCheckpoint {
  std::uint32_t partition = 0;
  std::uint64_t tree_size = 0;  // as recorded beside the note (or read from its unverified text)
  std::string note;             // the C2SP signed note, opened with the log key
  std::string where;            // where it was read, for messages ("" when obvious)
};

// A bad position found by a hook.
struct Finding {
  std::uint64_t seq = 0;
  std::string problem;
};

// What to audit. `events`, `keys` MUST outlive the call.
struct AuditSubject {
  EventSource* events = nullptr;
  const KeyMap* keys = nullptr;
  std::string origin;                         // the ledger origin the checkpoints name
  const crypto::PublicKey* log_key = nullptr;  // null: any checkpoint fails
  std::vector<AuditCheckpoint> checkpoints;    // any order, several per partition allowed
  std::string name = "the log";                // "the store", "the archive", "the topic"
  std::string damage = "damaged";              // prefix of a kCorruption from the source
  // Store only: each node the recomputed tree completes (leaf first), to
  // compare with the stored one: the problem, "" when equal, or an I/O error.
  std::function<Result<std::string>(std::uint32_t, merkle::NodeId, const Hash256&)> tree_node;
  // Store only: after a partition's events (their count and the last leaf
  // hash): a problem to report, or an I/O error.
  std::function<Result<std::optional<Finding>>(std::uint32_t, std::uint64_t, const Hash256&)> partition_end;
};

// Per partition in order: seq contiguity from 0, both chains, every
// signature, the hooks, then that partition's checkpoints. Stops at the
// first bad position (the lowest seq of the first bad partition). A Status
// only when the audit could not run.
Result<AuditReport> AuditEvents(const AuditSubject& subject, const std::function<void(std::uint64_t)>& progress);

}  // namespace pl::node
