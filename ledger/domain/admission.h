// The admission decision: a pure function of the submission, the outcome of
// each signature check, the key registry, the patent's state and any receipt
// already stored under the same submission id. No I/O, no clock.
//
// Checks run in this fixed order; the first failure gives the code
// (docs/rejection-codes.md): shape (MALFORMED) -> signatures (unknown signer,
// bad signature) -> an authentic copy of an accepted submission gets its
// original receipt -> revoked signer -> role -> identifiers -> duplicate id
// with other bytes -> expected version -> domain rules. Size limits and the FlatBuffers Verifier (TOO_LARGE,
// MALFORMED) run before decoding, in the codec.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "ledger/base/bytes.h"
#include "ledger/domain/reject_code.h"
#include "ledger/domain/state.h"
#include "ledger/domain/types.h"

namespace pl::domain {

// Bits of the flags carried in receipts and sealed events.
inline constexpr std::uint32_t kFlagLateFiling = 1u << 0;

// Result of the cryptographic check of one signature, done outside the
// domain (in parallel) against the key the registry held at that time.
enum class SignatureCheck : std::uint8_t { kValid, kInvalid, kKeyUnknown };

struct SignatureOutcome {
  std::string key_id;
  SignatureCheck check = SignatureCheck::kKeyUnknown;
};

// What is stored for an accepted submission id; enough to answer a replay.
struct PriorAcceptance {
  Hash256 submission_digest{};  // SHA-256 of the submission bytes
};

struct AdmissionInput {
  const Submission* submission = nullptr;
  std::span<const SignatureOutcome> signatures;  // envelope order; [0] = submitter
  Hash256 submission_digest{};
  const PriorAcceptance* prior = nullptr;  // accepted before under the same id
};

struct Verdict {
  enum class Outcome : std::uint8_t { kAccept, kReject, kAlreadyAccepted };
  Outcome outcome = Outcome::kReject;
  RejectCode code = RejectCode::kMalformed;  // kReject only
  std::string message;                        // kReject only: for a person
  std::uint32_t flags = 0;                    // kAccept only

  static Verdict Accept(std::uint32_t flags) { return {Outcome::kAccept, RejectCode::kMalformed, {}, flags}; }
  static Verdict Reject(RejectCode code, std::string message) {
    return {Outcome::kReject, code, std::move(message), 0};
  }
  bool accepted() const { return outcome == Outcome::kAccept; }
};

// `state` is the patent's state, or nullptr when its stream does not exist
// (always nullptr for key events). REQUIRES: input.submission != nullptr.
Verdict Decide(const AdmissionInput& input, const KeyRegistry& keys, const PatentState* state);

// Folds an accepted patent submission into `state` (a default-constructed
// state for a new stream). REQUIRES: Decide() accepted it against `state`.
void Apply(PatentState& state, const Submission& submission, std::uint32_t flags,
           const Hash256& leaf_hash);

// Folds an accepted KeyEnrolled / KeyRevoked into the registry.
void ApplyKeyEvent(KeyRegistry& keys, const Submission& submission);

}  // namespace pl::domain
