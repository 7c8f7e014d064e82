// Domain rules (the legal checks that follow the envelope checks). Internal
// to the domain layer: callers use Decide() in admission.h.
#pragma once

#include <set>
#include <string>

#include "ledger/domain/admission.h"

namespace pl::domain {

// Organisations whose keys signed the envelope (submitter and consents).
using SignerOrganisations = std::set<std::string, std::less<>>;

// REQUIRES: the envelope checks, identifier checks, idempotency and the
// expected-version guard have passed. `state` is null for a new stream.
Verdict CheckRules(const Submission& submission, const SignerOrganisations& signers,
                   const KeyRegistry& keys, const PatentState* state);

// Shares normalised: all zero means equal shares (remainder to the first).
std::vector<Party> NormaliseShares(const std::vector<Party>& parties);

// True when `a` and `b` name the same parties (kind, country, id), in any order.
bool SameParties(const std::vector<Party>& a, const std::vector<Party>& b);

}  // namespace pl::domain
