// Envelope codes Decide returns before the domain rules: MALFORMED (no
// signature, a key signing twice), UNKNOWN_SIGNER, BAD_SIGNATURE,
// REVOKED_SIGNER, INVALID_PATENT_NUMBER, INVALID_PARTY_ID,
// DUPLICATE_SUBMISSION, WRONG_EXPECTED_VERSION, and their order
// (docs/rejection-codes.md, docs/decisions/0004). UNAUTHORIZED is in
// roles_test.cc.
#include <boost/test/unit_test.hpp>
#include <iterator>

#include "tests/domain/builders.h"

namespace pl::domain::testing {
namespace {

Hash256 Digest(std::uint8_t fill) {
  Hash256 digest;
  digest.fill(fill);
  return digest;
}

const Hash256 kDigest = Digest(0xab);
const Hash256 kOtherDigest = Digest(0xcd);

ExpectedVersion Exactly(std::uint64_t version) {
  return ExpectedVersion{ExpectedVersion::Kind::kExact, version};
}
constexpr ExpectedVersion kNoStream{ExpectedVersion::Kind::kNoStream, 0};
// kInventionNumber with check character 4 instead of 3.
constexpr char kWrongCheckNumber[] = "201710601862.4";

// A licence the sole-owner fixture accepts, for probing the envelope checks.
Submission GoodLicence() { return Licence(kLicenceId, LicenceKind::kOrdinary); }

BOOST_AUTO_TEST_SUITE(signatures)

BOOST_AUTO_TEST_CASE(rejects_an_envelope_without_signatures_as_malformed) {
  Ledger ledger = SoleOwnerLedger();
  BOOST_TEST(Outcome(ledger.CheckWith(GoodLicence(), {})) == Rejected(RejectCode::kMalformed));
}

BOOST_AUTO_TEST_CASE(accepts_one_valid_submitter_signature) {
  Ledger ledger = SoleOwnerLedger();
  BOOST_TEST(Outcome(ledger.CheckWith(GoodLicence(), {Valid(kOperatorKey)})) == kAccepted);
}

BOOST_AUTO_TEST_CASE(rejects_a_key_signing_twice_as_malformed) {
  Ledger ledger = SoleOwnerLedger();
  BOOST_TEST(Outcome(ledger.Check(GoodLicence(), {kOperatorKey, kOwnerAKey, kOperatorKey})) ==
             Rejected(RejectCode::kMalformed));
}

BOOST_AUTO_TEST_CASE(accepts_distinct_keys) {
  Ledger ledger = SoleOwnerLedger();
  BOOST_TEST(Outcome(ledger.Check(GoodLicence(), {kOperatorKey, kOwnerAKey})) == kAccepted);
}

BOOST_AUTO_TEST_CASE(rejects_a_repeated_key_as_malformed_even_before_looking_it_up) {
  Ledger ledger = SoleOwnerLedger();
  BOOST_TEST(Outcome(ledger.CheckWith(GoodLicence(), {KeyUnknown(kNeverEnrolledKey), KeyUnknown(kNeverEnrolledKey)})) ==
             Rejected(RejectCode::kMalformed));
}

BOOST_AUTO_TEST_CASE(rejects_an_unknown_submitter) {
  Ledger ledger = SoleOwnerLedger();
  BOOST_TEST(Outcome(ledger.CheckWith(GoodLicence(), {KeyUnknown(kNeverEnrolledKey)})) ==
             Rejected(RejectCode::kUnknownSigner));
}

BOOST_AUTO_TEST_CASE(rejects_an_unknown_consent_signer) {
  Ledger ledger = SoleOwnerLedger();
  BOOST_TEST(Outcome(ledger.CheckWith(GoodLicence(), {Valid(kOperatorKey), KeyUnknown(kNeverEnrolledKey)})) ==
             Rejected(RejectCode::kUnknownSigner));
}

BOOST_AUTO_TEST_CASE(rejects_a_signer_missing_from_the_registry_even_when_reported_valid) {
  // The crypto layer checked against a key cache; the registry is the truth.
  Ledger ledger = SoleOwnerLedger();
  BOOST_TEST(Outcome(ledger.CheckWith(GoodLicence(), {Valid(kNeverEnrolledKey)})) ==
             Rejected(RejectCode::kUnknownSigner));
}

BOOST_AUTO_TEST_CASE(rejects_a_bad_submitter_signature) {
  Ledger ledger = SoleOwnerLedger();
  BOOST_TEST(Outcome(ledger.CheckWith(GoodLicence(), {Invalid(kOperatorKey)})) ==
             Rejected(RejectCode::kBadSignature));
}

BOOST_AUTO_TEST_CASE(rejects_a_bad_consent_signature) {
  Ledger ledger = SoleOwnerLedger();
  BOOST_TEST(Outcome(ledger.CheckWith(GoodLicence(), {Valid(kOperatorKey), Invalid(kOwnerAKey)})) ==
             Rejected(RejectCode::kBadSignature));
  BOOST_TEST(Outcome(ledger.CheckWith(GoodLicence(), {Valid(kOperatorKey), Valid(kOwnerAKey)})) == kAccepted);
}

BOOST_AUTO_TEST_CASE(rejects_a_revoked_submitter) {
  Ledger ledger = SoleOwnerLedger();
  BOOST_TEST(Outcome(ledger.Check(GoodLicence(), {kRevokedOperatorKey})) == Rejected(RejectCode::kRevokedSigner));
}

BOOST_AUTO_TEST_CASE(rejects_a_revoked_consent_signer) {
  Ledger ledger = SoleOwnerLedger();
  BOOST_TEST(Outcome(ledger.Check(GoodLicence(), {kOperatorKey, kRevokedOperatorKey})) ==
             Rejected(RejectCode::kRevokedSigner));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(envelope_order)

BOOST_AUTO_TEST_CASE(unknown_signer_beats_bad_signature) {
  // The bad signature comes first in the envelope; unknown is still reported.
  Ledger ledger = SoleOwnerLedger();
  BOOST_TEST(Outcome(ledger.CheckWith(GoodLicence(), {Invalid(kOperatorKey), KeyUnknown(kNeverEnrolledKey)})) ==
             Rejected(RejectCode::kUnknownSigner));
}

BOOST_AUTO_TEST_CASE(bad_signature_beats_revoked_signer) {
  Ledger ledger = SoleOwnerLedger();
  BOOST_TEST(Outcome(ledger.CheckWith(GoodLicence(), {Valid(kRevokedOperatorKey), Invalid(kOwnerAKey)})) ==
             Rejected(RejectCode::kBadSignature));
}

BOOST_AUTO_TEST_CASE(bad_signature_beats_unauthorized) {
  Ledger ledger = SoleOwnerLedger();
  BOOST_TEST(Outcome(ledger.CheckWith(GoodLicence(), {Invalid(kBankKey)})) == Rejected(RejectCode::kBadSignature));
}

BOOST_AUTO_TEST_CASE(revoked_signer_beats_unauthorized) {
  // An operator may not enrol keys, but its revocation is reported first.
  Ledger ledger;
  Submission enrol = Enrol("key-new", kOperatorOrganisation, kRoleRegistryOperator);
  BOOST_TEST(Outcome(ledger.Check(enrol, {kRevokedOperatorKey})) == Rejected(RejectCode::kRevokedSigner));
}

BOOST_AUTO_TEST_CASE(unauthorized_beats_invalid_patent_number) {
  Ledger ledger = SoleOwnerLedger();
  Submission licence = GoodLicence();
  licence.patent = kWrongCheckNumber;
  BOOST_TEST(Outcome(ledger.Check(licence, {kBankKey})) == Rejected(RejectCode::kUnauthorized));
}

BOOST_AUTO_TEST_CASE(invalid_patent_number_beats_invalid_party_id) {
  Ledger ledger = SoleOwnerLedger();
  Submission licence = GoodLicence();
  licence.patent = kWrongCheckNumber;
  BodyOf<LicenceRecorded>(licence).licensee.id = "not a credit code";
  BOOST_TEST(Outcome(ledger.Check(licence)) == Rejected(RejectCode::kInvalidPatentNumber));
}

BOOST_AUTO_TEST_CASE(invalid_patent_number_beats_duplicate_submission) {
  Ledger ledger = SoleOwnerLedger();
  Submission licence = GoodLicence();
  licence.patent = kWrongCheckNumber;
  PriorAcceptance prior{kOtherDigest};
  BOOST_TEST(Outcome(ledger.CheckWith(licence, {Valid(kOperatorKey)}, &prior, kDigest)) ==
             Rejected(RejectCode::kInvalidPatentNumber));
}

BOOST_AUTO_TEST_CASE(invalid_party_id_beats_duplicate_submission) {
  Ledger ledger = SoleOwnerLedger();
  Submission licence = GoodLicence();
  BodyOf<LicenceRecorded>(licence).licensee.division_code = 0;
  PriorAcceptance prior{kOtherDigest};
  BOOST_TEST(Outcome(ledger.CheckWith(licence, {Valid(kOperatorKey)}, &prior, kDigest)) ==
             Rejected(RejectCode::kInvalidPartyId));
}

BOOST_AUTO_TEST_CASE(duplicate_submission_beats_wrong_expected_version) {
  Ledger ledger = SoleOwnerLedger();
  Submission licence = GoodLicence();
  licence.expected_version = kNoStream;
  PriorAcceptance prior{kOtherDigest};
  BOOST_TEST(Outcome(ledger.CheckWith(licence, {Valid(kOperatorKey)}, &prior, kDigest)) ==
             Rejected(RejectCode::kDuplicateSubmission));
}

BOOST_AUTO_TEST_CASE(replay_is_answered_before_the_expected_version_guard) {
  // The original was accepted at version 0; the stream has moved on since.
  Ledger ledger = SoleOwnerLedger();
  Submission licence = GoodLicence();
  licence.expected_version = Exactly(0);
  ledger.Accept(licence);
  PriorAcceptance prior{kDigest};
  BOOST_TEST(Outcome(ledger.CheckWith(licence, {Valid(kOperatorKey)}, &prior, kDigest)) == kAlreadyAccepted);
}

BOOST_AUTO_TEST_CASE(wrong_expected_version_beats_patent_unknown) {
  Ledger ledger;  // no stream yet
  Submission licence = GoodLicence();
  licence.expected_version = Exactly(0);
  BOOST_TEST(Outcome(ledger.Check(licence)) == Rejected(RejectCode::kWrongExpectedVersion));
}

BOOST_AUTO_TEST_CASE(wrong_expected_version_beats_domain_rules) {
  Ledger ledger = PledgedLedger();  // version 1
  Submission transfer = Transfer({OwnerB()}, {OwnerC()});  // not the owner, no pledgee consent
  transfer.expected_version = Exactly(0);
  BOOST_TEST(Outcome(ledger.Check(transfer)) == Rejected(RejectCode::kWrongExpectedVersion));
  transfer.expected_version = Exactly(1);
  BOOST_TEST(Outcome(ledger.Check(transfer)) == Rejected(RejectCode::kNotOwner));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(patent_number_in_submissions)

BOOST_AUTO_TEST_CASE(rejects_a_wrong_check_character) {
  Ledger ledger = SoleOwnerLedger();
  Submission licence = GoodLicence();
  licence.patent = kWrongCheckNumber;
  BOOST_TEST(Outcome(ledger.Check(licence)) == Rejected(RejectCode::kInvalidPatentNumber));
}

BOOST_AUTO_TEST_CASE(accepts_a_prefixed_number) {
  Ledger ledger = SoleOwnerLedger();
  Submission licence = GoodLicence();
  licence.patent = std::string("ZL") + kInventionNumber;
  BOOST_TEST(Outcome(ledger.Check(licence)) == kAccepted);
}

BOOST_AUTO_TEST_CASE(rejects_an_empty_number_on_a_patent_kind) {
  Ledger ledger = SoleOwnerLedger();
  Submission licence = GoodLicence();
  licence.patent.clear();
  BOOST_TEST(Outcome(ledger.Check(licence)) == Rejected(RejectCode::kInvalidPatentNumber));
}

BOOST_AUTO_TEST_CASE(rejects_a_type_digit_that_does_not_match_the_recorded_type) {
  Ledger ledger;
  Submission utility_with_invention_number = Record({OwnerA()}, PatentType::kUtilityModel);
  utility_with_invention_number.patent = kInventionNumber;
  BOOST_TEST(Outcome(ledger.Check(utility_with_invention_number)) == Rejected(RejectCode::kInvalidPatentNumber));

  Submission invention_with_design_number = Record({OwnerA()}, PatentType::kInvention);
  invention_with_design_number.patent = kDesignNumber;
  BOOST_TEST(Outcome(ledger.Check(invention_with_design_number)) == Rejected(RejectCode::kInvalidPatentNumber));
}

BOOST_AUTO_TEST_CASE(accepts_a_type_digit_that_matches_the_recorded_type) {
  Ledger ledger;
  BOOST_TEST(Outcome(ledger.Check(Record({OwnerA()}, PatentType::kInvention))) == kAccepted);
  BOOST_TEST(Outcome(ledger.Check(Record({OwnerA()}, PatentType::kUtilityModel))) == kAccepted);
  BOOST_TEST(Outcome(ledger.Check(Record({OwnerA()}, PatentType::kDesign))) == kAccepted);
  Submission pct = Record({OwnerA()}, PatentType::kInvention);
  pct.patent = kPctInventionNumber;  // type digit 8: PCT invention entering China
  BOOST_TEST(Outcome(ledger.Check(pct)) == kAccepted);
}

BOOST_AUTO_TEST_CASE(rejects_a_key_event_carrying_a_patent_number) {
  Ledger ledger;
  Submission enrol = Enrol("key-new", kOperatorOrganisation, kRoleRegistryOperator);
  BOOST_TEST(Outcome(ledger.Check(enrol, {kAuthorityKey})) == kAccepted);
  enrol.patent = kInventionNumber;
  BOOST_TEST(Outcome(ledger.Check(enrol, {kAuthorityKey})) == Rejected(RejectCode::kInvalidPatentNumber));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(party_ids)

// A transfer from OwnerA to `assignee`, with an export certificate so that
// foreign assignees pass the domain rules.
Verdict TransferTo(const Party& assignee) {
  Ledger ledger = SoleOwnerLedger();
  Submission transfer = Transfer({OwnerA()}, {assignee});
  BodyOf<OwnershipTransferred>(transfer).export_certificate = "EXP-2024-0001";
  return ledger.Check(transfer);
}

Party WithDivision(std::uint32_t division_code) {
  Party p = OwnerB();
  p.division_code = division_code;
  return p;
}

BOOST_AUTO_TEST_CASE(rejects_a_credit_code_with_a_wrong_check_character) {
  Party assignee = OwnerB();
  assignee.id.back() = 'C';
  BOOST_TEST(Outcome(TransferTo(assignee)) == Rejected(RejectCode::kInvalidPartyId));
  BOOST_TEST(Outcome(TransferTo(OwnerB())) == kAccepted);
}

BOOST_AUTO_TEST_CASE(rejects_division_codes_outside_the_provinces) {
  // Province prefixes run from 11 (Beijing) to 82 (Macao), with gaps.
  constexpr std::uint32_t kFirstDivision = 110000;
  constexpr std::uint32_t kLastDivision = 829999;
  BOOST_TEST(Outcome(TransferTo(WithDivision(kFirstDivision - 1))) == Rejected(RejectCode::kInvalidPartyId));
  BOOST_TEST(Outcome(TransferTo(WithDivision(kFirstDivision))) == kAccepted);
  BOOST_TEST(Outcome(TransferTo(WithDivision(kLastDivision))) == kAccepted);
  BOOST_TEST(Outcome(TransferTo(WithDivision(kLastDivision + 1))) == Rejected(RejectCode::kInvalidPartyId));
  BOOST_TEST(Outcome(TransferTo(WithDivision(0))) == Rejected(RejectCode::kInvalidPartyId));
}

BOOST_AUTO_TEST_CASE(rejects_division_codes_whose_province_prefix_does_not_exist) {
  // GB/T 2260 has no province-level division 20, 40 or 66; 65 is Xinjiang, 71 Taiwan.
  for (std::uint32_t missing : {200101u, 400101u, 660101u, 700101u}) {
    BOOST_TEST(Outcome(TransferTo(WithDivision(missing))) == Rejected(RejectCode::kInvalidPartyId), missing);
  }
  for (std::uint32_t present : {650102u, 710000u, 810000u}) {
    BOOST_TEST(Outcome(TransferTo(WithDivision(present))) == kAccepted, present);
  }
}

BOOST_AUTO_TEST_CASE(rejects_a_domestic_party_with_a_foreign_country) {
  Party assignee = OwnerB();
  assignee.country = "US";
  BOOST_TEST(Outcome(TransferTo(assignee)) == Rejected(RejectCode::kInvalidPartyId));
  assignee.country = "CN";
  BOOST_TEST(Outcome(TransferTo(assignee)) == kAccepted);
}

BOOST_AUTO_TEST_CASE(rejects_a_foreign_party_from_china) {
  Party assignee = ForeignParty();
  assignee.country = "CN";
  BOOST_TEST(Outcome(TransferTo(assignee)) == Rejected(RejectCode::kInvalidPartyId));
  BOOST_TEST(Outcome(TransferTo(ForeignParty())) == kAccepted);
}

BOOST_AUTO_TEST_CASE(rejects_a_foreign_country_that_is_not_two_upper_case_letters) {
  for (const char* country : {"us", "USA", "U", "", "U1"}) {
    Party assignee = ForeignParty();
    assignee.country = country;
    BOOST_TEST_CONTEXT(country) { BOOST_TEST(Outcome(TransferTo(assignee)) == Rejected(RejectCode::kInvalidPartyId)); }
  }
}

BOOST_AUTO_TEST_CASE(rejects_a_foreign_party_without_registry_id) {
  Party assignee = ForeignParty();
  assignee.id.clear();
  BOOST_TEST(Outcome(TransferTo(assignee)) == Rejected(RejectCode::kInvalidPartyId));
}

BOOST_AUTO_TEST_CASE(rejects_an_individual_without_identifier_or_division) {
  BOOST_TEST(Outcome(TransferTo(IndividualParty())) == kAccepted);
  Party no_id = IndividualParty();
  no_id.id.clear();
  BOOST_TEST(Outcome(TransferTo(no_id)) == Rejected(RejectCode::kInvalidPartyId));
  Party no_division = IndividualParty();
  no_division.division_code = 0;
  BOOST_TEST(Outcome(TransferTo(no_division)) == Rejected(RejectCode::kInvalidPartyId));
}

BOOST_AUTO_TEST_CASE(checks_parties_in_every_role) {
  Party bad = Licensee();
  bad.id.back() = '4';  // wrong check character
  Ledger ledger = PledgedLedger();

  Submission licence = GoodLicence();
  BodyOf<LicenceRecorded>(licence).licensee = bad;
  BOOST_TEST(Outcome(ledger.Check(licence)) == Rejected(RejectCode::kInvalidPartyId));

  Submission release = Release(kPledgeId, bad);
  BOOST_TEST(Outcome(ledger.Check(release)) == Rejected(RejectCode::kInvalidPartyId));

  Submission take = Take("any");
  BodyOf<OpenLicenceTaken>(take).licensee = bad;
  BOOST_TEST(Outcome(ledger.Check(take)) == Rejected(RejectCode::kInvalidPartyId));

  Submission declare = Declare();
  BodyOf<OpenLicenceDeclared>(declare).declarants.push_back(bad);
  BOOST_TEST(Outcome(ledger.Check(declare)) == Rejected(RejectCode::kInvalidPartyId));

  Submission record = Record({OwnerA(), bad});
  BOOST_TEST(Outcome(Ledger().Check(record)) == Rejected(RejectCode::kInvalidPartyId));

  Submission pledge = Pledge(kOtherPledgeId, bad);
  BOOST_TEST(Outcome(ledger.Check(pledge)) == Rejected(RejectCode::kInvalidPartyId));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(idempotency)

BOOST_AUTO_TEST_CASE(returns_already_accepted_for_the_same_id_and_digest) {
  Ledger ledger = SoleOwnerLedger();
  Submission licence = GoodLicence();
  ledger.Accept(licence);
  PriorAcceptance prior{kDigest};
  // Re-deciding against the new state would be LICENCE_CONFLICT (reused id).
  BOOST_TEST(Outcome(ledger.Check(licence)) == Rejected(RejectCode::kLicenceConflict));
  BOOST_TEST(Outcome(ledger.CheckWith(licence, {Valid(kOperatorKey)}, &prior, kDigest)) == kAlreadyAccepted);
}

BOOST_AUTO_TEST_CASE(returns_already_accepted_when_a_consent_is_added) {
  // Idempotency compares the submission digest, not the envelope (ADR 0004).
  Ledger ledger = SoleOwnerLedger();
  Submission licence = GoodLicence();
  ledger.Accept(licence);
  PriorAcceptance prior{kDigest};
  BOOST_TEST(Outcome(ledger.CheckWith(licence, {Valid(kOperatorKey), Valid(kOwnerAKey)}, &prior, kDigest)) ==
             kAlreadyAccepted);
}

BOOST_AUTO_TEST_CASE(returns_already_accepted_after_the_submitters_key_was_revoked) {
  // A retry must learn that its submission was recorded (ADR 0004), even if
  // the key has been revoked since; a new submission by that key is refused.
  Ledger ledger = SoleOwnerLedger();
  Submission licence = GoodLicence();
  ledger.Accept(licence);
  ledger.Accept(Revoke(kOperatorKey), {kAuthorityKey});
  PriorAcceptance prior{kDigest};
  BOOST_TEST(Outcome(ledger.CheckWith(licence, {Valid(kOperatorKey)}, &prior, kDigest)) == kAlreadyAccepted);
  BOOST_TEST(Outcome(ledger.CheckWith(licence, {Invalid(kOperatorKey)}, &prior, kDigest)) ==
             Rejected(RejectCode::kBadSignature));
  BOOST_TEST(Outcome(ledger.CheckWith(licence, {Valid(kOperatorKey)}, &prior, kOtherDigest)) ==
             Rejected(RejectCode::kRevokedSigner));
}

BOOST_AUTO_TEST_CASE(rejects_the_same_id_with_a_different_digest) {
  Ledger ledger = SoleOwnerLedger();
  PriorAcceptance prior{kOtherDigest};
  BOOST_TEST(Outcome(ledger.CheckWith(GoodLicence(), {Valid(kOperatorKey)}, &prior, kDigest)) ==
             Rejected(RejectCode::kDuplicateSubmission));
  BOOST_TEST(Outcome(ledger.CheckWith(GoodLicence(), {Valid(kOperatorKey)}, nullptr, kDigest)) == kAccepted);
}

BOOST_AUTO_TEST_CASE(checks_signatures_before_answering_a_replay) {
  Ledger ledger = SoleOwnerLedger();
  PriorAcceptance prior{kDigest};
  BOOST_TEST(Outcome(ledger.CheckWith(GoodLicence(), {Invalid(kOperatorKey)}, &prior, kDigest)) ==
             Rejected(RejectCode::kBadSignature));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(expected_version)

BOOST_AUTO_TEST_CASE(accepts_no_stream_for_a_new_patent) {
  Ledger ledger;
  Submission record = Record();
  record.expected_version = kNoStream;
  BOOST_TEST(Outcome(ledger.Check(record)) == kAccepted);
}

BOOST_AUTO_TEST_CASE(rejects_no_stream_for_a_recorded_patent) {
  Ledger ledger = SoleOwnerLedger();
  Submission licence = GoodLicence();
  licence.expected_version = kNoStream;
  BOOST_TEST(Outcome(ledger.Check(licence)) == Rejected(RejectCode::kWrongExpectedVersion));
}

BOOST_AUTO_TEST_CASE(accepts_exactly_the_current_version_only) {
  Ledger ledger = SoleOwnerLedger();
  ledger.Accept(ChangeStatus(StatusChange::kDisputeOn));
  ledger.Accept(ChangeStatus(StatusChange::kDisputeOff));  // the stream is at version 2
  struct Case {
    std::uint64_t version;
    std::string outcome;
  };
  const Case cases[] = {{1, Rejected(RejectCode::kWrongExpectedVersion)},
                        {2, kAccepted},
                        {3, Rejected(RejectCode::kWrongExpectedVersion)}};
  Submission licence = GoodLicence();
  for (const Case& c : cases) {
    licence.expected_version = Exactly(c.version);
    BOOST_TEST_CONTEXT("expected version " << c.version) { BOOST_TEST(Outcome(ledger.Check(licence)) == c.outcome); }
  }
}

BOOST_AUTO_TEST_CASE(rejects_exact_version_zero_when_there_is_no_stream) {
  Ledger ledger;
  Submission record = Record();
  record.expected_version = Exactly(0);
  BOOST_TEST(Outcome(ledger.Check(record)) == Rejected(RejectCode::kWrongExpectedVersion));
}

BOOST_AUTO_TEST_CASE(any_version_is_not_checked) {
  Ledger ledger = SoleOwnerLedger();
  BOOST_TEST(Outcome(ledger.Check(GoodLicence())) == kAccepted);
  BOOST_TEST(Outcome(Ledger().Check(Record())) == kAccepted);
}

BOOST_AUTO_TEST_CASE(key_events_are_not_guarded) {
  Ledger ledger;
  Submission enrol = Enrol("key-new", kOperatorOrganisation, kRoleRegistryOperator);
  enrol.expected_version = Exactly(7);
  BOOST_TEST(Outcome(ledger.Check(enrol, {kAuthorityKey})) == kAccepted);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(reject_code_names)

// The stable names in docs/rejection-codes.md, in enum order from
// kFirstRejectCode (= 1): part of the public interface, never renamed or
// renumbered.
constexpr const char* kStableNames[] = {
    "TOO_LARGE", "MALFORMED", "UNKNOWN_SIGNER", "BAD_SIGNATURE", "REVOKED_SIGNER", "UNAUTHORIZED",
    "INVALID_PATENT_NUMBER", "INVALID_PARTY_ID", "DUPLICATE_SUBMISSION", "WRONG_EXPECTED_VERSION",
    "PATENT_UNKNOWN", "PATENT_ALREADY_RECORDED", "INVALID_DATES", "PATENT_NOT_IN_FORCE", "NOT_OWNER",
    "CO_OWNER_CONSENT_MISSING", "PLEDGEE_CONSENT_MISSING", "ALREADY_PLEDGED", "PLEDGE_TERM_EXCEEDS_PATENT",
    "LICENCE_TERM_EXCEEDS_PATENT", "PLEDGE_NOT_FOUND", "LICENCE_CONFLICT", "OPEN_LICENCE_BLOCKED",
    "OPEN_LICENCE_EXCLUSIVE_FORBIDDEN", "OPEN_LICENCE_NOT_DECLARED", "OPEN_LICENCE_TERMS_MISMATCH",
    "EXPORT_CERTIFICATE_MISSING", "LICENCE_NOT_FOUND", "KEY_ALREADY_ENROLLED", "KEY_UNKNOWN"};

BOOST_AUTO_TEST_CASE(every_code_keeps_its_number_and_name) {
  constexpr int kFirst = 1;
  BOOST_TEST(int(kFirstRejectCode) == kFirst);
  BOOST_TEST(int(kLastRejectCode) == kFirst + int(std::size(kStableNames)) - 1);
  for (int i = 0; i < int(std::size(kStableNames)); ++i) {
    RejectCode code = RejectCode(kFirst + i);
    BOOST_TEST_CONTEXT(kStableNames[i]) {
      BOOST_TEST(RejectCodeName(code) == kStableNames[i]);
      BOOST_TEST((RejectCodeFromName(kStableNames[i]) == code));
    }
  }
}

BOOST_AUTO_TEST_CASE(unknown_names_have_no_code) {
  BOOST_TEST(!RejectCodeFromName("NOT_A_CODE").has_value());
  BOOST_TEST(!RejectCodeFromName("not_owner").has_value());
  BOOST_TEST(!RejectCodeFromName("").has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace pl::domain::testing
