#include "ledger/node/precheck.h"

#include <mutex>

#include "ledger/base/limits.h"
#include "ledger/codec/codec.h"
#include "ledger/domain/identifiers.h"

namespace pl::node {

std::shared_ptr<const crypto::PublicKey> KeyCache::Find(const std::string& key_id) const {
  std::shared_lock lock(mu_);
  auto it = keys_.find(key_id);
  return it == keys_.end() ? nullptr : it->second;
}

void KeyCache::Add(const std::string& key_id, std::shared_ptr<const crypto::PublicKey> key) {
  std::unique_lock lock(mu_);
  keys_.emplace(key_id, std::move(key));
}

namespace {

// A KeyEnrolled must name the key by the hash of the key it carries, and the
// key must parse for its algorithm.
std::optional<std::string> EnrolmentProblem(const domain::KeyEnrolled& e) {
  auto raw = HexDecode(e.public_key_hex);
  if (!raw) return "public_key of key " + e.key_id + " is not hex";
  auto key = crypto::PublicKey::FromRaw(e.algorithm, *raw);
  if (!key.ok()) return "public_key of key " + e.key_id + ": " + key.status().message();
  if (key->key_id() != e.key_id) {
    return "key_id " + e.key_id + " does not match its public key (expected " + key->key_id() + ")";
  }
  return std::nullopt;
}

}  // namespace

Prechecked Precheck(ByteSpan envelope, const KeyCache& keys) {
  Prechecked out;
  if (envelope.size() > limits::kEnvelopeBytesMax) {
    out.reject = domain::RejectCode::kTooLarge;
    out.reject_message = "envelope is " + std::to_string(envelope.size()) + " bytes; the limit is " +
                         std::to_string(limits::kEnvelopeBytesMax);
    return out;
  }
  auto view = codec::VerifyEnvelope(envelope);
  if (!view.ok()) {
    out.reject = domain::RejectCode::kMalformed;
    out.reject_message = view.status().message();
    return out;
  }
  auto submission = codec::DecodeSubmission(view->submission_bytes);
  if (!submission.ok()) {
    out.reject = domain::RejectCode::kMalformed;
    out.reject_message = submission.status().message();
    return out;
  }
  out.submission = std::move(*submission);
  if (const auto* e = std::get_if<domain::KeyEnrolled>(&out.submission.body)) {
    if (auto problem = EnrolmentProblem(*e)) {
      out.reject = domain::RejectCode::kMalformed;
      out.reject_message = *problem;
      return out;
    }
  }
  out.submission_bytes = view->submission_bytes;
  out.digest = crypto::Sha256(view->submission_bytes);
  for (const auto& sig : view->signatures) {
    domain::SignatureOutcome outcome;
    outcome.key_id = std::string(sig.key_id);
    auto key = keys.Find(outcome.key_id);
    if (key == nullptr) {
      outcome.check = domain::SignatureCheck::kKeyUnknown;
    } else {
      outcome.check = key->VerifySubmission(view->submission_bytes, sig.signature) ? domain::SignatureCheck::kValid
                                                                                   : domain::SignatureCheck::kInvalid;
    }
    out.outcomes.push_back(std::move(outcome));
    out.signatures.push_back(sig.signature);
  }
  if (!domain::IsKeyEvent(out.submission.body)) {
    if (auto canonical = domain::CanonicalPatentNumber(out.submission.patent)) out.canonical_patent = *canonical;
  }
  return out;
}

}  // namespace pl::node
