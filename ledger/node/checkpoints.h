// Checkpoints of the ledger's partitions: the Merkle root at a tree size,
// signed by the log key as a C2SP signed note (ledger/merkle/checkpoint.h)
// and stored. docs/decisions/0015 says which key and which names.
#pragma once

#include <cstdint>
#include <string>

#include "ledger/base/status.h"
#include "ledger/crypto/crypto.h"
#include "ledger/merkle/checkpoint.h"
#include "ledger/merkle/tree.h"
#include "ledger/store/store.h"

namespace pl::node {

// The checkpoint origin of one partition's log: "<ledger origin>/p<N>".
// The note key name is the ledger origin itself.
std::string PartitionOrigin(const std::string& ledger_origin, std::uint32_t partition);

// Reads complete tree nodes of `partition` from the store.
// REQUIRES: `store` outlives the reader.
merkle::NodeReader TreeReader(const store::Store& store, std::uint32_t partition);

// RFC 9162 inclusion proof of leaf `index` in the stored tree of `size`
// leaves of `partition`: merkle::InclusionProof with every node it needs
// fetched in one store call (Store::GetTreeNodes: the upper levels from the
// in-memory tree cache, the O(L) lower nodes in one MultiGet).
Result<std::vector<Hash256>> StoredInclusionProof(const store::Store& store, std::uint32_t partition,
                                                  std::uint64_t index, std::uint64_t size);

// RFC 9162 consistency proof between the stored trees of `size1` and
// `size2` leaves of `partition`, its nodes fetched as for
// StoredInclusionProof; errors as merkle::ConsistencyProof.
Result<std::vector<Hash256>> StoredConsistencyProof(const store::Store& store, std::uint32_t partition,
                                                    std::uint64_t size1, std::uint64_t size2);

// Checks that `key` is the ledger's log key; a ledger that has none yet
// (created before checkpoints) records this one. kInvalidArgument for
// another key or a key that is not Ed25519.
Status AdoptLogKey(store::Store& store, const crypto::PublicKey& key);

// The ledger's log public key; kFailedPrecondition when none is recorded.
Result<crypto::PublicKey> LogKey(const store::Store& store);

// Signs and stores the checkpoint of `partition` at (`size`, `root`).
// REQUIRES: the store holds that tree (the caller computed the root from
// committed nodes or the sequencer's committed frontier).
Result<std::string> IssueCheckpoint(store::Store& store, std::uint32_t partition, std::uint64_t size,
                                    const Hash256& root, const crypto::PrivateKey& key);

// Issues a checkpoint of `partition` at its current head, root from the
// stored nodes (O(log n) reads).
Result<std::string> IssueCheckpointAtHead(store::Store& store, std::uint32_t partition, const crypto::PrivateKey& key);

// Opens a stored or received checkpoint note of `partition` with the log key.
Result<merkle::Checkpoint> OpenPartitionCheckpoint(const std::string& note, const std::string& ledger_origin,
                                                   std::uint32_t partition, const crypto::PublicKey& log_key);

}  // namespace pl::node
