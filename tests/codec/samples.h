// Sample values for the codec tests: one submission of every body kind with
// every field set to a non-default value (so a field the codec forgets shows
// up), and field-by-field comparisons that name the differing field.
#pragma once

#include <string>
#include <vector>

#include "ledger/base/bytes.h"
#include "ledger/codec/codec.h"
#include "ledger/domain/state.h"
#include "ledger/domain/types.h"

namespace pl::codec::testing {

domain::Party SampleParty(int n);
std::vector<domain::Party> SampleParties(int count);

// One submission per body kind, in the order of domain::Body's alternatives.
std::vector<domain::Submission> OneOfEachKind();
// A LicenceRecorded used where any valid submission will do.
domain::Submission SampleLicence();

// A valid envelope around EncodeSubmission(SampleLicence()) with `count`
// signatures of distinct keys.
Bytes SampleEnvelope(int signature_count = 2);
SealedHeader SampleHeader();

domain::PatentState SamplePatentState();
domain::KeyRecord SampleKeyRecord(std::size_t public_key_bytes);

// Field-by-field BOOST_TEST checks.
void ExpectSameSubmission(const domain::Submission& a, const domain::Submission& b);
void ExpectSamePatentState(const domain::PatentState& a, const domain::PatentState& b);
void ExpectSameKeyRecord(const domain::KeyRecord& a, const domain::KeyRecord& b);

}  // namespace pl::codec::testing
