// The single writer of a ledger: decides submissions in order against the
// admission state, seals the accepted ones (partition seq, stream version,
// both chains, flags) and commits each group in one synced WriteBatch. It
// also imports sealed events from another copy of the log (replay from
// Kafka, reconciliation), re-checking each one exactly as if it were being
// admitted now, so an imported store is as trustworthy as one built here.
//
// Group lifecycle: BeginGroup(), then any number of Admit()/Import(), then
// Commit(). Until Commit() returns ok nothing is durable and no receipt may
// be released (store.h: durability). Decisions later in a group see the
// effects of earlier ones through an in-memory overlay.
//
// Thread safety: one thread only (the node's sequencer thread, or a replay
// tool). The KeyCache it is given is shared with verifier threads.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "ledger/base/bytes.h"
#include "ledger/base/status.h"
#include "ledger/codec/codec.h"
#include "ledger/domain/state.h"
#include "ledger/merkle/tree.h"
#include "ledger/node/precheck.h"
#include "ledger/node/receipt.h"
#include "ledger/store/store.h"

namespace pl::node {

class Sequencer {
 public:
  // REQUIRES: `store` and `key_cache` outlive the sequencer.
  static Result<std::unique_ptr<Sequencer>> Open(store::Store* store, KeyCache* key_cache);

  void BeginGroup(std::int64_t now_us);

  // Decides one prechecked submission whose envelope bytes are `envelope`.
  // The receipt is what the submitter gets if Commit() succeeds. A Status
  // only when state could not be read (the group must then be abandoned).
  Result<Receipt> Admit(Prechecked& pc, ByteSpan envelope);

  // Appends one sealed event received from another copy of this ledger.
  // kCorruption naming partition and seq unless the event is exactly the
  // next one of its partition (seq, prev_hash), continues its stream
  // (stream_version, stream_prev_hash), carries valid signatures of enrolled
  // keys, and is admitted by the rules now with the same flags.
  // REQUIRES: `sealed` outlives Commit().
  Status Import(ByteSpan sealed);

  // Commits the group. On failure nothing of it is stored and the in-memory
  // state is reloaded from the store (kFailedPrecondition if even that fails:
  // the node must stop).
  Status Commit();

  // Events of the current group in commit order (after a successful Commit,
  // the events just made durable).
  const std::vector<store::CommitGroup::Event>& group_events() const { return commit_.events; }
  std::uint32_t partitions() const { return std::uint32_t(heads_.size()); }
  const store::PartitionHead& head(std::uint32_t partition) const { return heads_[partition]; }
  // The committed Merkle tree's right edge of `partition` (size = head's next_seq).
  const merkle::Frontier& tree(std::uint32_t partition) const { return trees_[partition]; }
  const domain::KeyRegistry& keys() const { return keys_; }
  // True after a commit failed and the state could not be reloaded: the
  // sequencer must not be used again.
  bool failed() const { return failed_; }

 private:
  Sequencer(store::Store* store, KeyCache* key_cache) : store_(store), key_cache_(key_cache) {}
  Status LoadState();
  // Loads the tree of `partition`, rebuilding it from the events when the
  // store predates trees (no nodes stored).
  Result<merkle::Frontier> LoadTree(std::uint32_t partition, std::uint64_t size);
  // The stream's state: group overlay first, then the store. Null when the
  // stream does not exist.
  Result<domain::PatentState*> StateOf(const std::string& stream);
  Result<std::optional<store::StoredReceipt>> PriorReceipt(const std::string& submission_id);
  // Folds an accepted event into the overlay and the commit group.
  store::StoredReceipt Append(const domain::Submission& s, const std::string& stream, Bytes sealed,
                              const codec::SealedHeader& header, const Hash256& digest);

  store::Store* store_;
  KeyCache* key_cache_;
  domain::KeyRegistry keys_;
  std::vector<store::PartitionHead> heads_;  // committed heads
  std::vector<merkle::Frontier> trees_;      // committed trees, one per partition
  bool failed_ = false;

  // The group in progress.
  std::int64_t now_us_ = 0;
  std::int64_t group_last_recorded_at_us_ = 0;  // latest recorded_at of any partition
  std::vector<store::PartitionHead> new_heads_;
  std::vector<bool> head_touched_;
  std::vector<merkle::Frontier> new_trees_;
  std::unordered_map<std::string, std::optional<domain::PatentState>> states_;
  std::unordered_map<std::string, store::StoredReceipt> receipts_;
  std::vector<std::string> touched_;   // streams in first-touch order
  std::vector<std::string> new_keys_;  // key ids enrolled or revoked
  store::CommitGroup commit_;
};

}  // namespace pl::node
