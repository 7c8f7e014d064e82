// Proof files (JSON) written by `prove` and checked by `verify-proof`, and
// the checks themselves, which need only the ledger's log public key: no
// store. Layout: docs/proofs.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ledger/base/bytes.h"
#include "ledger/base/status.h"
#include "ledger/crypto/crypto.h"
#include "ledger/store/store.h"

namespace pl::cli {

// {"type":"inclusion", "origin", "partition", "seq", "tree_size", "leaf_hash",
//  "proof":[b64...], "sealed_event": b64, "checkpoint": note}
Result<nlohmann::ordered_json> BuildInclusionProof(const store::Store& store, std::uint32_t partition,
                                                   std::uint64_t seq, std::optional<std::uint64_t> tree_size);
// {"type":"consistency", "origin", "partition", "from", "to", "proof":[b64...],
//  "checkpoint_from": note, "checkpoint_to": note}
Result<nlohmann::ordered_json> BuildConsistencyProof(const store::Store& store, std::uint32_t partition,
                                                     std::uint64_t from, std::uint64_t to);

struct VerifiedProof {
  std::string summary;  // what was proven, one line
};
// Checks a proof document with the log key alone. `origin` (empty: the
// document's) is the ledger origin the verifier trusts; `checkpoint` (empty:
// the document's) a checkpoint note given beside the proof.
// kInvalidArgument naming what does not hold.
Result<VerifiedProof> VerifyProofDocument(const nlohmann::json& doc, const crypto::PublicKey& log_key,
                                          const std::string& origin, const std::string& checkpoint);

// Pieces shared with certificates.
Result<std::vector<Hash256>> ParseHashList(const nlohmann::json& list, const std::string& what);
nlohmann::json HashList(const std::vector<Hash256>& hashes);
// The stored checkpoint of `partition` at `tree_size`, or the latest one.
Result<std::pair<std::uint64_t, std::string>> FindCheckpoint(const store::Store& store, std::uint32_t partition,
                                                            std::optional<std::uint64_t> tree_size);

}  // namespace pl::cli
