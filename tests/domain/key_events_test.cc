// Key events: KEY_ALREADY_ENROLLED, KEY_UNKNOWN, MALFORMED enrolments (no
// role, unknown role bit, no organisation), and the registry's effect on
// later submissions.
#include <boost/test/unit_test.hpp>

#include "tests/domain/builders.h"

namespace pl::domain::testing {
namespace {

constexpr char kNewKey[] = "key-new";
// The first bit above the three defined roles.
constexpr std::uint8_t kUndefinedRoleBit = kRoleHolder << 1;

Verdict EnrolAsAuthority(const Ledger& ledger, const Submission& enrol) { return ledger.Check(enrol, {kAuthorityKey}); }

BOOST_AUTO_TEST_SUITE(key_enrolment)

BOOST_AUTO_TEST_CASE(accepts_a_new_key_with_each_single_role) {
  Ledger ledger;
  for (std::uint8_t role : {kRoleAuthority, kRoleRegistryOperator, kRoleBank}) {
    BOOST_TEST_CONTEXT("role " << int(role)) {
      BOOST_TEST(Outcome(EnrolAsAuthority(ledger, Enrol(kNewKey, kBankId, role))) == kAccepted);
    }
  }
}

BOOST_AUTO_TEST_CASE(accepts_a_key_with_every_role) {
  Ledger ledger;
  constexpr std::uint8_t kAllRoles = kRoleAuthority | kRoleRegistryOperator | kRoleBank;
  BOOST_TEST(Outcome(EnrolAsAuthority(ledger, Enrol(kNewKey, kBankId, kAllRoles))) == kAccepted);
}

BOOST_AUTO_TEST_CASE(rejects_an_enrolment_without_a_role_as_malformed) {
  Ledger ledger;
  BOOST_TEST(Outcome(EnrolAsAuthority(ledger, Enrol(kNewKey, kBankId, 0))) == Rejected(RejectCode::kMalformed));
}

BOOST_AUTO_TEST_CASE(rejects_an_enrolment_with_an_undefined_role_bit_as_malformed) {
  Ledger ledger;
  BOOST_TEST(Outcome(EnrolAsAuthority(ledger, Enrol(kNewKey, kBankId, kUndefinedRoleBit))) ==
             Rejected(RejectCode::kMalformed));
  BOOST_TEST(Outcome(EnrolAsAuthority(ledger, Enrol(kNewKey, kBankId, kRoleBank | kUndefinedRoleBit))) ==
             Rejected(RejectCode::kMalformed));
}

BOOST_AUTO_TEST_CASE(rejects_an_enrolment_without_organisation_as_malformed) {
  Ledger ledger;
  BOOST_TEST(Outcome(EnrolAsAuthority(ledger, Enrol(kNewKey, "", kRoleBank))) == Rejected(RejectCode::kMalformed));
}

BOOST_AUTO_TEST_CASE(rejects_enrolling_a_key_id_already_enrolled) {
  Ledger ledger;
  BOOST_TEST(Outcome(EnrolAsAuthority(ledger, Enrol(kBankKey, kBankId, kRoleBank))) ==
             Rejected(RejectCode::kKeyAlreadyEnrolled));
}

BOOST_AUTO_TEST_CASE(rejects_re_enrolling_a_revoked_key_id) {
  Ledger ledger;
  BOOST_TEST(Outcome(EnrolAsAuthority(ledger, Enrol(kRevokedOperatorKey, kOperatorOrganisation,
                                                    kRoleRegistryOperator))) ==
             Rejected(RejectCode::kKeyAlreadyEnrolled));
}

BOOST_AUTO_TEST_CASE(rejects_enrolling_the_same_key_twice) {
  Ledger ledger;
  ledger.Accept(Enrol(kNewKey, kBankId, kRoleBank), {kAuthorityKey});
  BOOST_TEST(Outcome(EnrolAsAuthority(ledger, Enrol(kNewKey, kBankId, kRoleBank))) ==
             Rejected(RejectCode::kKeyAlreadyEnrolled));
}

BOOST_AUTO_TEST_CASE(key_events_ignore_the_patent_state) {
  // A pledged, lapsed patent does not affect the registry stream.
  Ledger ledger = PledgedLedger();
  ledger.Accept(ChangeStatus(StatusChange::kLapsed));
  BOOST_TEST(Outcome(EnrolAsAuthority(ledger, Enrol(kNewKey, kBankId, kRoleBank))) == kAccepted);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(key_revocation)

BOOST_AUTO_TEST_CASE(accepts_revoking_an_enrolled_key) {
  Ledger ledger;
  BOOST_TEST(Outcome(ledger.Check(Revoke(kOperatorKey), {kAuthorityKey})) == kAccepted);
}

BOOST_AUTO_TEST_CASE(rejects_revoking_a_key_never_enrolled) {
  Ledger ledger;
  BOOST_TEST(Outcome(ledger.Check(Revoke(kNeverEnrolledKey), {kAuthorityKey})) == Rejected(RejectCode::kKeyUnknown));
}

BOOST_AUTO_TEST_CASE(rejects_revoking_a_key_already_revoked) {
  Ledger ledger;
  BOOST_TEST(Outcome(ledger.Check(Revoke(kRevokedOperatorKey), {kAuthorityKey})) ==
             Rejected(RejectCode::kKeyUnknown));
  ledger.Accept(Revoke(kBankKey), {kAuthorityKey});
  BOOST_TEST(Outcome(ledger.Check(Revoke(kBankKey), {kAuthorityKey})) == Rejected(RejectCode::kKeyUnknown));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(registry_in_use)

BOOST_AUTO_TEST_CASE(a_newly_enrolled_key_may_submit_at_once) {
  Ledger ledger = SoleOwnerLedger();
  Submission licence = Licence(kLicenceId, LicenceKind::kOrdinary);
  BOOST_TEST(Outcome(ledger.Check(licence, {kNewKey})) == Rejected(RejectCode::kUnknownSigner));
  ledger.Accept(Enrol(kNewKey, kOperatorOrganisation, kRoleRegistryOperator), {kAuthorityKey});
  BOOST_TEST(Outcome(ledger.Check(licence, {kNewKey})) == kAccepted);
}

BOOST_AUTO_TEST_CASE(a_revoked_key_may_no_longer_submit_or_consent) {
  Ledger ledger = PledgedLedger();
  Submission licence = Licence(kLicenceId, LicenceKind::kOrdinary);
  BOOST_TEST(Outcome(ledger.Check(licence, {kOperatorKey, kBankKey})) == kAccepted);
  ledger.Accept(Revoke(kBankKey), {kAuthorityKey});
  BOOST_TEST(Outcome(ledger.Check(licence, {kOperatorKey, kBankKey})) == Rejected(RejectCode::kRevokedSigner));
  ledger.Accept(Revoke(kOperatorKey), {kAuthorityKey});
  BOOST_TEST(Outcome(ledger.Check(ChangeStatus(StatusChange::kLapsed), {kOperatorKey})) ==
             Rejected(RejectCode::kRevokedSigner));
}

BOOST_AUTO_TEST_CASE(a_revoked_authority_may_no_longer_enrol) {
  Ledger ledger;
  ledger.Accept(Enrol(kNewKey, kAuthorityOrganisation, kRoleAuthority), {kAuthorityKey});
  ledger.Accept(Revoke(kAuthorityKey), {kNewKey});
  BOOST_TEST(Outcome(ledger.Check(Enrol("key-newer", kBankId, kRoleBank), {kAuthorityKey})) ==
             Rejected(RejectCode::kRevokedSigner));
  BOOST_TEST(Outcome(ledger.Check(Enrol("key-newer", kBankId, kRoleBank), {kNewKey})) == kAccepted);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace pl::domain::testing
