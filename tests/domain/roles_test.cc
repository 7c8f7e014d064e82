// Roles (DESIGN.md §4): REGISTRY_OPERATOR submits every patent kind, BANK
// only PledgeReleased for its own organisation's pledge, AUTHORITY enrols and
// revokes keys; the role is the submitter's (first signature). A consent
// counts only when the consenting key's organisation is the party that must
// consent.
#include <boost/test/unit_test.hpp>
#include <vector>

#include "tests/domain/builders.h"

namespace pl::domain::testing {
namespace {

constexpr char kNewKey[] = "key-new";

// One submission of every patent kind except PledgeReleased. The role is
// checked before identifiers and rules, so whether each would pass the rules
// does not matter here.
std::vector<Submission> PatentKindsButRelease() {
  return {Record(),
          ChangeStatus(StatusChange::kLapsed),
          Transfer(),
          Licence(kLicenceId, LicenceKind::kOrdinary),
          Terminate(kLicenceId),
          Declare(),
          Withdraw(),
          Take("no-declaration"),
          Pledge()};
}

BOOST_AUTO_TEST_SUITE(roles)

BOOST_AUTO_TEST_CASE(operator_may_submit_every_patent_kind) {
  // A life of the patent in which each kind is accepted once, in an order
  // that keeps every step legal.
  Ledger ledger;
  ledger.Accept(Record());
  ledger.Accept(ChangeStatus(StatusChange::kPreservationOn));
  ledger.Accept(ChangeStatus(StatusChange::kPreservationOff));
  Submission declaration = Declare();
  std::vector<Submission> life = {Licence(kLicenceId, LicenceKind::kOrdinary),
                                  Terminate(kLicenceId),
                                  declaration,
                                  Take(declaration.submission_id, kDeclarationTerm.start),
                                  Withdraw(),
                                  Pledge(),
                                  Release(),
                                  Transfer()};
  for (const Submission& s : life) {
    BOOST_TEST_CONTEXT(KindName(s.body)) { BOOST_TEST(Outcome(ledger.Submit(s, {kOperatorKey})) == kAccepted); }
  }
}

BOOST_AUTO_TEST_CASE(operator_may_not_enrol_or_revoke_keys) {
  Ledger ledger;
  BOOST_TEST(Outcome(ledger.Check(Enrol(kNewKey, kOperatorOrganisation, kRoleRegistryOperator), {kOperatorKey})) ==
             Rejected(RejectCode::kUnauthorized));
  BOOST_TEST(Outcome(ledger.Check(Revoke(kBankKey), {kOperatorKey})) == Rejected(RejectCode::kUnauthorized));
}

BOOST_AUTO_TEST_CASE(authority_enrols_and_revokes_keys) {
  Ledger ledger;
  BOOST_TEST(Outcome(ledger.Check(Enrol(kNewKey, kOperatorOrganisation, kRoleRegistryOperator), {kAuthorityKey})) ==
             kAccepted);
  BOOST_TEST(Outcome(ledger.Check(Revoke(kBankKey), {kAuthorityKey})) == kAccepted);
}

BOOST_AUTO_TEST_CASE(authority_may_not_submit_patent_kinds) {
  Ledger ledger = PledgedLedger();
  std::vector<Submission> kinds = PatentKindsButRelease();
  kinds.push_back(Release());
  for (const Submission& s : kinds) {
    BOOST_TEST_CONTEXT(KindName(s.body)) {
      BOOST_TEST(Outcome(ledger.Check(s, {kAuthorityKey})) == Rejected(RejectCode::kUnauthorized));
    }
  }
}

BOOST_AUTO_TEST_CASE(bank_may_not_submit_patent_kinds_other_than_release) {
  Ledger ledger = SoleOwnerLedger();
  for (const Submission& s : PatentKindsButRelease()) {
    BOOST_TEST_CONTEXT(KindName(s.body)) {
      BOOST_TEST(Outcome(ledger.Check(s, {kBankKey})) == Rejected(RejectCode::kUnauthorized));
    }
  }
}

BOOST_AUTO_TEST_CASE(bank_may_not_enrol_or_revoke_keys) {
  Ledger ledger;
  BOOST_TEST(Outcome(ledger.Check(Enrol(kNewKey, kBankId, kRoleBank), {kBankKey})) ==
             Rejected(RejectCode::kUnauthorized));
  BOOST_TEST(Outcome(ledger.Check(Revoke(kOtherBankKey), {kBankKey})) == Rejected(RejectCode::kUnauthorized));
}

BOOST_AUTO_TEST_CASE(bank_releases_its_own_organisations_pledge) {
  Ledger ledger = PledgedLedger();
  BOOST_TEST(Outcome(ledger.Check(Release(kPledgeId, Bank()), {kBankKey})) == kAccepted);
}

BOOST_AUTO_TEST_CASE(bank_may_not_release_a_pledge_naming_another_pledgee) {
  // kOtherBankKey belongs to OtherBank(); the release names Bank().
  Ledger ledger = PledgedLedger();
  BOOST_TEST(Outcome(ledger.Check(Release(kPledgeId, Bank()), {kOtherBankKey})) ==
             Rejected(RejectCode::kUnauthorized));
}

BOOST_AUTO_TEST_CASE(owner_key_may_not_submit) {
  // Owners' keys hold HOLDER: they only consent.
  Ledger ledger = SoleOwnerLedger();
  BOOST_TEST(Outcome(ledger.Check(Licence(kLicenceId, LicenceKind::kOrdinary), {kOwnerAKey})) ==
             Rejected(RejectCode::kUnauthorized));
}

BOOST_AUTO_TEST_CASE(holder_key_may_not_submit_even_a_release_naming_its_organisation) {
  Ledger ledger = SoleOwnerLedger();
  Submission pledge = Pledge(kPledgeId, OwnerB());  // pledged to OwnerB's organisation
  ledger.Accept(pledge);
  BOOST_TEST(Outcome(ledger.Check(Release(kPledgeId, OwnerB()), {kOwnerBKey})) ==
             Rejected(RejectCode::kUnauthorized));
  BOOST_TEST(Outcome(ledger.Check(Release(kPledgeId, OwnerB()), {kOperatorKey})) == kAccepted);
}

BOOST_AUTO_TEST_CASE(a_key_with_several_roles_may_do_what_each_allows) {
  Ledger ledger = SoleOwnerLedger();
  ledger.Accept(Enrol(kNewKey, kAuthorityOrganisation, kRoleAuthority | kRoleRegistryOperator), {kAuthorityKey});
  BOOST_TEST(Outcome(ledger.Check(Licence(kLicenceId, LicenceKind::kOrdinary), {kNewKey})) == kAccepted);
  BOOST_TEST(Outcome(ledger.Check(Revoke(kBankKey), {kNewKey})) == kAccepted);
}

BOOST_AUTO_TEST_CASE(the_role_is_the_first_signers) {
  Ledger ledger = SoleOwnerLedger();
  Submission licence = Licence(kLicenceId, LicenceKind::kOrdinary);
  BOOST_TEST(Outcome(ledger.Check(licence, {kBankKey, kOperatorKey})) == Rejected(RejectCode::kUnauthorized));
  BOOST_TEST(Outcome(ledger.Check(licence, {kOperatorKey, kBankKey})) == kAccepted);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(consent_organisations)

BOOST_AUTO_TEST_CASE(rejects_a_co_owner_consent_signed_by_another_organisations_key) {
  Ledger ledger = CoOwnedLedger();
  Submission transfer = Transfer({OwnerA(), OwnerB()}, {OwnerC()});
  BOOST_TEST(Outcome(ledger.Check(transfer, {kOperatorKey, kOwnerAKey, kOwnerCKey})) ==
             Rejected(RejectCode::kCoOwnerConsentMissing));
  BOOST_TEST(Outcome(ledger.Check(transfer, {kOperatorKey, kOwnerAKey, kBankKey})) ==
             Rejected(RejectCode::kCoOwnerConsentMissing));
}

BOOST_AUTO_TEST_CASE(accepts_a_co_owner_consent_signed_by_that_owners_key) {
  Ledger ledger = CoOwnedLedger();
  Submission transfer = Transfer({OwnerA(), OwnerB()}, {OwnerC()});
  BOOST_TEST(Outcome(ledger.Check(transfer, {kOperatorKey, kOwnerAKey, kOwnerBKey})) == kAccepted);
}

BOOST_AUTO_TEST_CASE(rejects_a_pledgee_consent_signed_by_another_banks_key) {
  Ledger ledger = PledgedLedger();
  Submission licence = Licence(kLicenceId, LicenceKind::kOrdinary);
  BOOST_TEST(Outcome(ledger.Check(licence, {kOperatorKey, kOtherBankKey})) ==
             Rejected(RejectCode::kPledgeeConsentMissing));
  BOOST_TEST(Outcome(ledger.Check(licence, {kOperatorKey, kOwnerAKey})) ==
             Rejected(RejectCode::kPledgeeConsentMissing));
}

BOOST_AUTO_TEST_CASE(accepts_a_pledgee_consent_signed_by_the_pledgees_key) {
  Ledger ledger = PledgedLedger();
  Submission licence = Licence(kLicenceId, LicenceKind::kOrdinary);
  BOOST_TEST(Outcome(ledger.Check(licence, {kOperatorKey, kBankKey})) == kAccepted);
}

BOOST_AUTO_TEST_CASE(a_consent_key_enrolled_later_for_the_owner_counts) {
  // What counts is the key's organisation, not which key of it signs.
  Ledger ledger = CoOwnedLedger();
  ledger.Accept(Enrol(kNewKey, kOwnerBId, kOwnerKeyRoles), {kAuthorityKey});
  Submission transfer = Transfer({OwnerA(), OwnerB()}, {OwnerC()});
  BOOST_TEST(Outcome(ledger.Check(transfer, {kOperatorKey, kOwnerAKey, kNewKey})) == kAccepted);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace pl::domain::testing
