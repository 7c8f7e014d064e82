// Pledges (专利权质押登记办法, 民法典 art. 444): ALREADY_PLEDGED,
// PLEDGE_TERM_EXCEEDS_PATENT, PLEDGE_NOT_FOUND and PLEDGEE_CONSENT_MISSING.
#include <boost/test/unit_test.hpp>

#include "tests/domain/builders.h"

namespace pl::domain::testing {
namespace {

const std::string kConsentMissing = Rejected(RejectCode::kPledgeeConsentMissing);
const std::string kNotFound = Rejected(RejectCode::kPledgeNotFound);

BOOST_AUTO_TEST_SUITE(pledge_registration)

BOOST_AUTO_TEST_CASE(accepts_a_pledge_on_an_unpledged_patent) {
  BOOST_TEST(Outcome(SoleOwnerLedger().Check(Pledge())) == kAccepted);
}

BOOST_AUTO_TEST_CASE(rejects_a_second_pledge_while_one_is_registered) {
  Ledger ledger = PledgedLedger();
  BOOST_TEST(Outcome(ledger.Check(Pledge(kOtherPledgeId, OtherBank()))) == Rejected(RejectCode::kAlreadyPledged));
  BOOST_TEST(Outcome(ledger.Check(Pledge(kOtherPledgeId, Bank()))) == Rejected(RejectCode::kAlreadyPledged));
}

BOOST_AUTO_TEST_CASE(accepts_a_new_pledge_after_the_release) {
  Ledger ledger = PledgedLedger();
  ledger.Accept(Release());
  BOOST_TEST(Outcome(ledger.Check(Pledge(kOtherPledgeId, OtherBank()))) == kAccepted);
}

BOOST_AUTO_TEST_CASE(accepts_a_debt_term_ending_on_the_expiry_date) {
  BOOST_TEST(Outcome(SoleOwnerLedger().Check(Pledge(kPledgeId, Bank(), {kActDate, kExpiryDate}))) == kAccepted);
}

BOOST_AUTO_TEST_CASE(rejects_a_debt_term_ending_a_day_after_the_expiry_date) {
  BOOST_TEST(Outcome(SoleOwnerLedger().Check(Pledge(kPledgeId, Bank(), {kActDate, NextDay(kExpiryDate)}))) ==
             Rejected(RejectCode::kPledgeTermExceedsPatent));
}

BOOST_AUTO_TEST_CASE(already_pledged_beats_pledge_term_exceeds_patent) {
  Ledger ledger = PledgedLedger();
  BOOST_TEST(Outcome(ledger.Check(Pledge(kOtherPledgeId, OtherBank(), {kActDate, NextDay(kExpiryDate)}))) ==
             Rejected(RejectCode::kAlreadyPledged));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(pledge_release)

BOOST_AUTO_TEST_CASE(accepts_a_release_naming_the_registered_pledge_and_pledgee) {
  Ledger ledger = PledgedLedger();
  BOOST_TEST(Outcome(ledger.Check(Release(kPledgeId, Bank()), {kOperatorKey})) == kAccepted);
  BOOST_TEST(Outcome(ledger.Check(Release(kPledgeId, Bank()), {kBankKey})) == kAccepted);
}

BOOST_AUTO_TEST_CASE(rejects_a_release_of_an_unknown_pledge) {
  Ledger ledger = PledgedLedger();
  BOOST_TEST(Outcome(ledger.Check(Release(kOtherPledgeId, Bank()), {kBankKey})) == kNotFound);
}

BOOST_AUTO_TEST_CASE(rejects_a_release_naming_another_pledgee) {
  Ledger ledger = PledgedLedger();
  BOOST_TEST(Outcome(ledger.Check(Release(kPledgeId, OtherBank()), {kOperatorKey})) == kNotFound);
}

BOOST_AUTO_TEST_CASE(rejects_a_release_by_the_wrong_pledgee) {
  // The other bank names itself (so its role allows the release), but the
  // pledge is registered to Bank().
  Ledger ledger = PledgedLedger();
  BOOST_TEST(Outcome(ledger.Check(Release(kPledgeId, OtherBank()), {kOtherBankKey})) == kNotFound);
}

BOOST_AUTO_TEST_CASE(rejects_a_release_of_an_already_released_pledge) {
  Ledger ledger = PledgedLedger();
  ledger.Accept(Release(), {kBankKey});
  BOOST_TEST(Outcome(ledger.Check(Release(), {kBankKey})) == kNotFound);
}

BOOST_AUTO_TEST_CASE(rejects_a_release_on_a_patent_never_pledged) {
  BOOST_TEST(Outcome(SoleOwnerLedger().Check(Release(), {kBankKey})) == kNotFound);
}

BOOST_AUTO_TEST_CASE(accepts_the_pledgees_release_after_a_transfer) {
  // The pledge survives the transfer the pledgee consented to.
  Ledger ledger = PledgedLedger();
  ledger.Accept(Transfer({OwnerA()}, {OwnerB()}), {kOperatorKey, kBankKey});
  BOOST_TEST(Outcome(ledger.Check(Release(), {kBankKey})) == kAccepted);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(pledgee_consent)

BOOST_AUTO_TEST_CASE(rejects_licence_while_pledged_without_consent) {
  Ledger ledger = PledgedLedger();
  BOOST_TEST(Outcome(ledger.Check(Licence(kLicenceId, LicenceKind::kOrdinary))) == kConsentMissing);
}

BOOST_AUTO_TEST_CASE(accepts_licence_while_pledged_with_pledgee_consent) {
  Ledger ledger = PledgedLedger();
  BOOST_TEST(Outcome(ledger.Check(Licence(kLicenceId, LicenceKind::kOrdinary), {kOperatorKey, kBankKey})) ==
             kAccepted);
}

BOOST_AUTO_TEST_CASE(rejects_transfer_while_pledged_without_consent) {
  Ledger ledger = PledgedLedger();
  BOOST_TEST(Outcome(ledger.Check(Transfer())) == kConsentMissing);
  BOOST_TEST(Outcome(ledger.Check(Transfer(), {kOperatorKey, kBankKey})) == kAccepted);
}

BOOST_AUTO_TEST_CASE(rejects_open_licence_declaration_while_pledged_without_consent) {
  Ledger ledger = PledgedLedger();
  BOOST_TEST(Outcome(ledger.Check(Declare())) == kConsentMissing);
  BOOST_TEST(Outcome(ledger.Check(Declare(), {kOperatorKey, kBankKey})) == kAccepted);
}

BOOST_AUTO_TEST_CASE(rejects_consent_from_the_owner_instead_of_the_pledgee) {
  Ledger ledger = PledgedLedger();
  BOOST_TEST(Outcome(ledger.Check(Transfer(), {kOperatorKey, kOwnerAKey})) == kConsentMissing);
}

BOOST_AUTO_TEST_CASE(accepts_other_acts_while_pledged_without_consent) {
  Ledger ledger = PledgedLedger();
  ledger.Accept(Licence(kLicenceId, LicenceKind::kOrdinary), {kOperatorKey, kBankKey});
  Submission declaration = Declare();
  ledger.Accept(declaration, {kOperatorKey, kBankKey});
  for (const Submission& s : {ChangeStatus(StatusChange::kDisputeOn), Terminate(kLicenceId), Withdraw(),
                              Take(declaration.submission_id, kDeclarationTerm.start)}) {
    BOOST_TEST_CONTEXT(KindName(s.body)) { BOOST_TEST(Outcome(ledger.Check(s)) == kAccepted); }
  }
}

BOOST_AUTO_TEST_CASE(accepts_licence_without_consent_after_the_release) {
  Ledger ledger = PledgedLedger();
  ledger.Accept(Release(), {kBankKey});
  BOOST_TEST(Outcome(ledger.Check(Licence(kLicenceId, LicenceKind::kOrdinary))) == kAccepted);
}

BOOST_AUTO_TEST_CASE(pledgee_consent_missing_beats_the_licences_own_rules) {
  Ledger ledger = PledgedLedger();
  Submission licence = Licence(kLicenceId, LicenceKind::kOrdinary, {kActDate, NextDay(kExpiryDate)});
  BOOST_TEST(Outcome(ledger.Check(licence)) == kConsentMissing);
  BOOST_TEST(Outcome(ledger.Check(licence, {kOperatorKey, kBankKey})) ==
             Rejected(RejectCode::kLicenceTermExceedsPatent));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace pl::domain::testing
