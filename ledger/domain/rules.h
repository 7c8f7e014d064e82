// Domain rules (the legal checks that follow the envelope checks). Internal
// to the domain layer: callers use Decide() in admission.h.
#pragma once

#include <set>
#include <string>

#include "ledger/domain/admission.h"

namespace pl::domain {

// Organisations whose keys signed the envelope (submitter and consents).
using SignerOrganisations = std::set<std::string, std::less<>>;

// The MALFORMED checks that need no state (docs/rejection-codes.md, #2):
// party lists that must not be empty, owner and assignee shares that do
// not add up to 10000 bp, a KeyEnrolled without a known role or an
// organisation.
std::optional<Verdict> CheckShape(const Submission& submission);

// REQUIRES: CheckShape, the envelope checks, identifier checks, idempotency and the
// expected-version guard have passed. `state` is null for a new stream.
Verdict CheckRules(const Submission& submission, const SignerOrganisations& signers,
                   const KeyRegistry& keys, const PatentState* state);

// Shares normalised: all zero means equal shares (remainder to the first).
std::vector<Party> NormaliseShares(const std::vector<Party>& parties);

// True when `a` and `b` name the same parties, in any order. A party is its
// kind and id, plus its country when foreign (a domestic party may be
// written with country "CN" or without one).
bool SameParties(const std::vector<Party>& a, const std::vector<Party>& b);
// True when every party of `some` is one of `all` (same identity as above).
bool IsSubsetOfParties(const std::vector<Party>& some, const std::vector<Party>& all);

}  // namespace pl::domain
