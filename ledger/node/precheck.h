// The stateless, parallel half of admission: size limit, FlatBuffers
// Verifier, decoding, and the cryptographic check of every signature against
// the keys known when the check runs. Pure apart from reading the key cache.
#pragma once

#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "ledger/base/bytes.h"
#include "ledger/crypto/crypto.h"
#include "ledger/domain/admission.h"
#include "ledger/domain/types.h"

namespace pl::node {

// Parsed public keys by key id, shared by the verifier threads. Keys are only
// ever added (a revoked key stays: revocation is the domain's check).
class KeyCache {
 public:
  std::shared_ptr<const crypto::PublicKey> Find(const std::string& key_id) const;
  void Add(const std::string& key_id, std::shared_ptr<const crypto::PublicKey> key);

 private:
  mutable std::shared_mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const crypto::PublicKey>> keys_;
};

struct Prechecked {
  // Set when the envelope fails before any state is consulted.
  std::optional<domain::RejectCode> reject;
  std::string reject_message;

  domain::Submission submission;
  ByteSpan submission_bytes;  // into the envelope
  std::vector<ByteSpan> signatures;  // into the envelope, same order as outcomes
  std::vector<domain::SignatureOutcome> outcomes;
  Hash256 digest{};  // SHA-256 of the submission bytes
  std::string canonical_patent;  // empty when invalid or a key event
};

// REQUIRES: `envelope` outlives the result (spans point into it).
Prechecked Precheck(ByteSpan envelope, const KeyCache& keys);

}  // namespace pl::node
