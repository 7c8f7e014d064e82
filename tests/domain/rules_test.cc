// Domain rules shared by every act on a patent, and their order
// (docs/rejection-codes.md, rules.cc): PATENT_UNKNOWN /
// PATENT_ALREADY_RECORDED, INVALID_DATES, PATENT_NOT_IN_FORCE, NOT_OWNER,
// CO_OWNER_CONSENT_MISSING; then the transfer's own rules
// (EXPORT_CERTIFICATE_MISSING, assignee shares).
#include <boost/test/unit_test.hpp>
#include <vector>

#include "tests/domain/builders.h"

namespace pl::domain::testing {
namespace {

constexpr char kExportCertificate[] = "EXP-2024-0001";
constexpr std::uint16_t kHalfShareBp = kWholeShareBp / 2;
// A term ending the day before it starts, and a one-day term.
constexpr DateRange kBackwards{20250102, 20250101};
constexpr DateRange kOneDay{20250101, 20250101};

// OwnerB() and OwnerC() with the given shares.
std::vector<Party> Assignees(std::uint16_t b_bp, std::uint16_t c_bp) { return {OwnerB(b_bp), OwnerC(c_bp)}; }

Submission OrdinaryLicence() { return Licence(kLicenceId, LicenceKind::kOrdinary); }

// A second foreign party, different from ForeignParty().
Party OtherForeignParty() {
  Party p = ForeignParty();
  p.country = "JP";
  p.id = "JP-CORP-0100-01-000001";
  return p;
}

// CoOwnedLedger() with kPledgeId registered to Bank() by both owners.
Ledger CoOwnedPledgedLedger() {
  Ledger ledger = CoOwnedLedger();
  Submission pledge = Pledge();
  BodyOf<PledgeRegistered>(pledge).pledgors = {OwnerA(), OwnerB()};
  ledger.Accept(pledge, {kOperatorKey, kOwnerAKey, kOwnerBKey});
  return ledger;
}

BOOST_AUTO_TEST_SUITE(existence)

BOOST_AUTO_TEST_CASE(rejects_every_act_on_an_unrecorded_patent) {
  Ledger ledger;
  for (const Submission& s : {ChangeStatus(StatusChange::kLapsed), Transfer(), OrdinaryLicence(), Terminate(kLicenceId),
                              Declare(), Withdraw(), Take("no-declaration"), Pledge(), Release()}) {
    BOOST_TEST_CONTEXT(KindName(s.body)) { BOOST_TEST(Outcome(ledger.Check(s)) == Rejected(RejectCode::kPatentUnknown)); }
  }
}

BOOST_AUTO_TEST_CASE(accepts_the_first_patent_recorded_and_rejects_a_second) {
  Ledger ledger;
  BOOST_TEST(Outcome(ledger.Submit(Record())) == kAccepted);
  BOOST_TEST(Outcome(ledger.Check(Record())) == Rejected(RejectCode::kPatentAlreadyRecorded));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(dates)

BOOST_AUTO_TEST_CASE(rejects_a_grant_after_the_expiry) {
  Ledger ledger;
  Submission record = Record();
  BodyOf<PatentRecorded>(record).grant_date = NextDay(kExpiryDate);
  record.effective_date = NextDay(kExpiryDate);
  BOOST_TEST(Outcome(ledger.Check(record)) == Rejected(RejectCode::kInvalidDates));
  BodyOf<PatentRecorded>(record).grant_date = kExpiryDate;  // granted on its last day
  record.effective_date = kExpiryDate;
  BOOST_TEST(Outcome(ledger.Check(record)) == kAccepted);
}

BOOST_AUTO_TEST_CASE(rejects_recording_before_the_grant) {
  Ledger ledger;
  Submission record = Record();
  record.effective_date = PreviousDay(kGrantDate);
  BOOST_TEST(Outcome(ledger.Check(record)) == Rejected(RejectCode::kInvalidDates));
  record.effective_date = kGrantDate;
  BOOST_TEST(Outcome(ledger.Check(record)) == kAccepted);
}

BOOST_AUTO_TEST_CASE(accepts_recording_an_already_expired_patent) {
  // The expiry window binds acts on the patent, not its registration.
  Ledger ledger;
  Submission record = Record();
  record.effective_date = NextDay(kExpiryDate);
  BOOST_TEST(Outcome(ledger.Check(record)) == kAccepted);
}

BOOST_AUTO_TEST_CASE(rejects_an_act_before_the_grant) {
  Ledger ledger = SoleOwnerLedger();
  Submission licence = OrdinaryLicence();
  BodyOf<LicenceRecorded>(licence).contract_date = PreviousDay(kGrantDate);
  licence.effective_date = PreviousDay(kGrantDate);
  BOOST_TEST(Outcome(ledger.Check(licence)) == Rejected(RejectCode::kInvalidDates));
  BodyOf<LicenceRecorded>(licence).contract_date = kGrantDate;
  licence.effective_date = kGrantDate;
  BOOST_TEST(Outcome(ledger.Check(licence)) == kAccepted);

  Submission status = ChangeStatus(StatusChange::kDisputeOn);
  status.effective_date = PreviousDay(kGrantDate);
  BOOST_TEST(Outcome(ledger.Check(status)) == Rejected(RejectCode::kInvalidDates));
}

BOOST_AUTO_TEST_CASE(rejects_acts_after_the_expiry) {
  Ledger ledger = SoleOwnerLedger();
  for (Submission s : {Transfer(), Pledge(kPledgeId, Bank(), {kActDate, kExpiryDate})}) {
    BOOST_TEST_CONTEXT(KindName(s.body)) {
      s.effective_date = NextDay(kExpiryDate);
      BOOST_TEST(Outcome(ledger.Check(s)) == Rejected(RejectCode::kInvalidDates));
      s.effective_date = kExpiryDate;
      BOOST_TEST(Outcome(ledger.Check(s)) == kAccepted);
    }
  }
  Submission licence = Licence(kLicenceId, LicenceKind::kOrdinary, {kExpiryDate, kExpiryDate});
  BodyOf<LicenceRecorded>(licence).contract_date = kExpiryDate;
  licence.effective_date = kExpiryDate;
  BOOST_TEST(Outcome(ledger.Check(licence)) == kAccepted);
  BodyOf<LicenceRecorded>(licence).contract_date = NextDay(kExpiryDate);
  licence.effective_date = NextDay(kExpiryDate);
  BOOST_TEST(Outcome(ledger.Check(licence)) == Rejected(RejectCode::kInvalidDates));
}

BOOST_AUTO_TEST_CASE(accepts_a_status_change_after_the_expiry) {
  Ledger ledger = SoleOwnerLedger();
  Submission expired = ChangeStatus(StatusChange::kExpired);
  expired.effective_date = NextDay(kExpiryDate);
  BOOST_TEST(Outcome(ledger.Check(expired)) == kAccepted);
}

BOOST_AUTO_TEST_CASE(rejects_a_term_ending_before_it_starts) {
  Ledger ledger = SoleOwnerLedger();
  for (auto [bad, good] : {std::pair{Licence(kLicenceId, LicenceKind::kOrdinary, kBackwards),
                                     Licence(kLicenceId, LicenceKind::kOrdinary, kOneDay)},
                           std::pair{Declare(kBackwards), Declare(kOneDay)},
                           std::pair{Pledge(kPledgeId, Bank(), kBackwards), Pledge(kPledgeId, Bank(), kOneDay)}}) {
    BOOST_TEST_CONTEXT(KindName(bad.body)) {
      BOOST_TEST(Outcome(ledger.Check(bad)) == Rejected(RejectCode::kInvalidDates));
      BOOST_TEST(Outcome(ledger.Check(good)) == kAccepted);
    }
  }
}

BOOST_AUTO_TEST_CASE(rejects_a_licence_filed_before_its_contract_date) {
  Ledger ledger = SoleOwnerLedger();
  Submission licence = OrdinaryLicence();
  BodyOf<LicenceRecorded>(licence).contract_date = NextDay(licence.effective_date);
  BOOST_TEST(Outcome(ledger.Check(licence)) == Rejected(RejectCode::kInvalidDates));
  BodyOf<LicenceRecorded>(licence).contract_date = licence.effective_date;
  BOOST_TEST(Outcome(ledger.Check(licence)) == kAccepted);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(in_force)

BOOST_AUTO_TEST_CASE(rejects_a_licence_under_each_suspending_status) {
  for (StatusChange change : {StatusChange::kLapsed, StatusChange::kInvalidatedWhole, StatusChange::kExpired,
                              StatusChange::kPreservationOn, StatusChange::kDisputeOn}) {
    Ledger ledger = SoleOwnerLedger();
    ledger.Accept(ChangeStatus(change));
    BOOST_TEST_CONTEXT("status change " << int(change)) {
      BOOST_TEST(Outcome(ledger.Check(OrdinaryLicence())) == Rejected(RejectCode::kPatentNotInForce));
    }
  }
}

BOOST_AUTO_TEST_CASE(accepts_a_licence_on_a_partially_invalidated_patent) {
  Ledger ledger = SoleOwnerLedger();
  ledger.Accept(ChangeStatus(StatusChange::kInvalidatedPartial));
  BOOST_TEST(Outcome(ledger.Check(OrdinaryLicence())) == kAccepted);
}

BOOST_AUTO_TEST_CASE(accepts_a_licence_once_the_suspension_is_lifted) {
  const std::pair<StatusChange, StatusChange> on_off[] = {{StatusChange::kLapsed, StatusChange::kRestored},
                                                          {StatusChange::kPreservationOn, StatusChange::kPreservationOff},
                                                          {StatusChange::kDisputeOn, StatusChange::kDisputeOff}};
  for (auto [on, off] : on_off) {
    Ledger ledger = SoleOwnerLedger();
    ledger.Accept(ChangeStatus(on));
    ledger.Accept(ChangeStatus(off));
    BOOST_TEST_CONTEXT("status change " << int(off)) { BOOST_TEST(Outcome(ledger.Check(OrdinaryLicence())) == kAccepted); }
  }
}

BOOST_AUTO_TEST_CASE(rejects_transfer_licence_declaration_taking_and_pledge_on_a_lapsed_patent) {
  Ledger ledger = SoleOwnerLedger();
  Submission declaration = Declare();
  ledger.Accept(declaration);
  ledger.Accept(ChangeStatus(StatusChange::kLapsed));
  for (const Submission& s : {Transfer(), OrdinaryLicence(), Declare(), Pledge(),
                              Take(declaration.submission_id, kDeclarationTerm.start)}) {
    BOOST_TEST_CONTEXT(KindName(s.body)) {
      BOOST_TEST(Outcome(ledger.Check(s)) == Rejected(RejectCode::kPatentNotInForce));
    }
  }
}

BOOST_AUTO_TEST_CASE(accepts_termination_release_and_withdrawal_on_a_lapsed_patent) {
  Ledger ledger = PledgedLedger();
  ledger.Accept(OrdinaryLicence(), {kOperatorKey, kBankKey});
  ledger.Accept(Declare(), {kOperatorKey, kBankKey});
  ledger.Accept(ChangeStatus(StatusChange::kLapsed));
  for (const Submission& s : {Terminate(kLicenceId), Release(), Withdraw(), ChangeStatus(StatusChange::kRestored)}) {
    BOOST_TEST_CONTEXT(KindName(s.body)) { BOOST_TEST(Outcome(ledger.Check(s)) == kAccepted); }
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(owners)

BOOST_AUTO_TEST_CASE(rejects_a_licence_by_a_non_owner) {
  Ledger ledger = SoleOwnerLedger();
  Submission licence = OrdinaryLicence();
  BodyOf<LicenceRecorded>(licence).licensors = {OwnerB()};
  BOOST_TEST(Outcome(ledger.Check(licence)) == Rejected(RejectCode::kNotOwner));
}

BOOST_AUTO_TEST_CASE(rejects_assignors_that_are_a_subset_of_the_co_owners) {
  Ledger ledger = CoOwnedLedger();
  Submission transfer = Transfer({OwnerA()}, {OwnerC()});
  BOOST_TEST(Outcome(ledger.Check(transfer, {kOperatorKey, kOwnerAKey, kOwnerBKey})) ==
             Rejected(RejectCode::kNotOwner));
}

BOOST_AUTO_TEST_CASE(rejects_assignors_that_are_a_superset_of_the_owners) {
  Ledger ledger = SoleOwnerLedger();
  Submission transfer = Transfer({OwnerA(), OwnerB()}, {OwnerC()});
  BOOST_TEST(Outcome(ledger.Check(transfer, {kOperatorKey, kOwnerAKey, kOwnerBKey})) ==
             Rejected(RejectCode::kNotOwner));
}

BOOST_AUTO_TEST_CASE(accepts_the_owners_in_any_order_and_without_shares) {
  Ledger ledger = CoOwnedLedger();
  Submission transfer = Transfer({OwnerB(), OwnerA()}, {OwnerC()});
  BOOST_TEST(Outcome(ledger.Check(transfer, {kOperatorKey, kOwnerAKey, kOwnerBKey})) == kAccepted);
}

BOOST_AUTO_TEST_CASE(rejects_pledgors_declarants_and_withdrawing_declarants_that_are_not_the_owners) {
  Ledger ledger = SoleOwnerLedger();
  Submission pledge = Pledge();
  BodyOf<PledgeRegistered>(pledge).pledgors = {OwnerB()};
  BOOST_TEST(Outcome(ledger.Check(pledge)) == Rejected(RejectCode::kNotOwner));
  Submission declaration = Declare();
  BodyOf<OpenLicenceDeclared>(declaration).declarants = {OwnerB()};
  BOOST_TEST(Outcome(ledger.Check(declaration)) == Rejected(RejectCode::kNotOwner));
  ledger.Accept(Declare());
  Submission withdrawal = Withdraw();
  BodyOf<OpenLicenceWithdrawn>(withdrawal).declarants = {OwnerB()};
  BOOST_TEST(Outcome(ledger.Check(withdrawal)) == Rejected(RejectCode::kNotOwner));
  BOOST_TEST(Outcome(ledger.Check(Withdraw())) == kAccepted);
}

BOOST_AUTO_TEST_CASE(the_assignees_are_the_owners_after_a_transfer) {
  Ledger ledger = SoleOwnerLedger();
  ledger.Accept(Transfer({OwnerA()}, {OwnerB()}));
  BOOST_TEST(Outcome(ledger.Check(OrdinaryLicence())) == Rejected(RejectCode::kNotOwner));
  Submission licence = OrdinaryLicence();
  BodyOf<LicenceRecorded>(licence).licensors = {OwnerB()};
  BOOST_TEST(Outcome(ledger.Check(licence)) == kAccepted);
}

BOOST_AUTO_TEST_CASE(a_party_is_its_kind_country_and_id) {
  // Same id, but an individual rather than an organisation.
  Ledger ledger = SoleOwnerLedger();
  Party impostor = IndividualParty();
  impostor.id = kOwnerAId;
  Submission licence = OrdinaryLicence();
  BodyOf<LicenceRecorded>(licence).licensors = {impostor};
  BOOST_TEST(Outcome(ledger.Check(licence)) == Rejected(RejectCode::kNotOwner));
  // Name, division and holder type are descriptive, not identity.
  Party renamed = OwnerA();
  renamed.name = "a new trading name";
  renamed.division_code = kHaidianDivision;
  BodyOf<LicenceRecorded>(licence).licensors = {renamed};
  BOOST_TEST(Outcome(ledger.Check(licence)) == kAccepted);
}

// Regression: a domestic party may carry country "" or "CN" (INVALID_PARTY_ID
// accepts both); both name the same owner.
BOOST_AUTO_TEST_CASE(accepts_an_owner_written_with_country_cn_or_without_country) {
  Ledger ledger = SoleOwnerLedger();  // OwnerA recorded with country ""
  Party owner_with_country = OwnerA();
  owner_with_country.country = "CN";
  BOOST_TEST(Outcome(ledger.Check(Transfer({owner_with_country}, {OwnerB()}))) == kAccepted);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(co_owner_consent)

BOOST_AUTO_TEST_CASE(rejects_a_co_owned_transfer_without_every_owners_consent) {
  Ledger ledger = CoOwnedLedger();
  Submission transfer = Transfer({OwnerA(), OwnerB()}, {OwnerC()});
  BOOST_TEST(Outcome(ledger.Check(transfer, {kOperatorKey})) == Rejected(RejectCode::kCoOwnerConsentMissing));
  BOOST_TEST(Outcome(ledger.Check(transfer, {kOperatorKey, kOwnerAKey})) ==
             Rejected(RejectCode::kCoOwnerConsentMissing));
  BOOST_TEST(Outcome(ledger.Check(transfer, {kOperatorKey, kOwnerBKey})) ==
             Rejected(RejectCode::kCoOwnerConsentMissing));
}

BOOST_AUTO_TEST_CASE(accepts_a_co_owned_transfer_with_every_owners_consent) {
  Ledger ledger = CoOwnedLedger();
  Submission transfer = Transfer({OwnerA(), OwnerB()}, {OwnerC()});
  BOOST_TEST(Outcome(ledger.Check(transfer, {kOperatorKey, kOwnerBKey, kOwnerAKey})) == kAccepted);
}

BOOST_AUTO_TEST_CASE(requires_every_consent_for_licence_pledge_declaration_and_withdrawal) {
  Ledger ledger = CoOwnedLedger();
  Submission licence = OrdinaryLicence();
  BodyOf<LicenceRecorded>(licence).licensors = {OwnerA(), OwnerB()};
  Submission pledge = Pledge();
  BodyOf<PledgeRegistered>(pledge).pledgors = {OwnerA(), OwnerB()};
  Submission declaration = Declare();
  BodyOf<OpenLicenceDeclared>(declaration).declarants = {OwnerA(), OwnerB()};
  for (const Submission& s : {licence, pledge, declaration}) {
    BOOST_TEST_CONTEXT(KindName(s.body)) {
      BOOST_TEST(Outcome(ledger.Check(s, {kOperatorKey, kOwnerAKey})) == Rejected(RejectCode::kCoOwnerConsentMissing));
      BOOST_TEST(Outcome(ledger.Check(s, {kOperatorKey, kOwnerAKey, kOwnerBKey})) == kAccepted);
    }
  }
  ledger.Accept(declaration, {kOperatorKey, kOwnerAKey, kOwnerBKey});
  Submission withdrawal = Withdraw();
  BodyOf<OpenLicenceWithdrawn>(withdrawal).declarants = {OwnerA(), OwnerB()};
  BOOST_TEST(Outcome(ledger.Check(withdrawal, {kOperatorKey, kOwnerBKey})) ==
             Rejected(RejectCode::kCoOwnerConsentMissing));
  BOOST_TEST(Outcome(ledger.Check(withdrawal, {kOperatorKey, kOwnerAKey, kOwnerBKey})) == kAccepted);
}

BOOST_AUTO_TEST_CASE(rejects_when_one_of_three_co_owners_has_not_signed) {
  Ledger ledger = LedgerOf(Record({OwnerA(), OwnerB(), OwnerC()}));
  Submission transfer = Transfer({OwnerA(), OwnerB(), OwnerC()}, {Licensee()});
  BOOST_TEST(Outcome(ledger.Check(transfer, {kOperatorKey, kOwnerAKey, kOwnerCKey})) ==
             Rejected(RejectCode::kCoOwnerConsentMissing));
  BOOST_TEST(Outcome(ledger.Check(transfer, {kOperatorKey, kOwnerAKey, kOwnerBKey, kOwnerCKey})) == kAccepted);
}

BOOST_AUTO_TEST_CASE(accepts_a_sole_owners_act_without_owner_signature) {
  Ledger ledger = SoleOwnerLedger();
  BOOST_TEST(Outcome(ledger.Check(Transfer(), {kOperatorKey})) == kAccepted);
}

BOOST_AUTO_TEST_CASE(accepts_a_status_change_on_a_co_owned_patent_without_consents) {
  Ledger ledger = CoOwnedLedger();
  BOOST_TEST(Outcome(ledger.Check(ChangeStatus(StatusChange::kLapsed), {kOperatorKey})) == kAccepted);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(export_certificate)

Submission TransferTo(std::vector<Party> assignees, std::vector<Party> assignors = {OwnerA()}) {
  return Transfer(std::move(assignors), std::move(assignees));
}

BOOST_AUTO_TEST_CASE(rejects_an_invention_transfer_to_a_foreign_party_without_certificate) {
  Ledger ledger = SoleOwnerLedger();
  Submission transfer = TransferTo({ForeignParty()});
  BOOST_TEST(Outcome(ledger.Check(transfer)) == Rejected(RejectCode::kExportCertificateMissing));
  BodyOf<OwnershipTransferred>(transfer).export_certificate = kExportCertificate;
  BOOST_TEST(Outcome(ledger.Check(transfer)) == kAccepted);
}

BOOST_AUTO_TEST_CASE(rejects_a_utility_model_transfer_to_a_foreign_party_without_certificate) {
  Ledger ledger = LedgerOf(Record({OwnerA()}, PatentType::kUtilityModel));
  Submission transfer = TransferTo({ForeignParty()});
  transfer.patent = kUtilityModelNumber;
  BOOST_TEST(Outcome(ledger.Check(transfer)) == Rejected(RejectCode::kExportCertificateMissing));
}

BOOST_AUTO_TEST_CASE(accepts_a_design_transfer_to_a_foreign_party_without_certificate) {
  Ledger ledger = LedgerOf(Record({OwnerA()}, PatentType::kDesign));
  Submission transfer = TransferTo({ForeignParty()});
  transfer.patent = kDesignNumber;
  BOOST_TEST(Outcome(ledger.Check(transfer)) == kAccepted);
}

BOOST_AUTO_TEST_CASE(rejects_when_any_assignee_is_foreign) {
  Ledger ledger = SoleOwnerLedger();
  BOOST_TEST(Outcome(ledger.Check(TransferTo({OwnerB(), ForeignParty()}))) ==
             Rejected(RejectCode::kExportCertificateMissing));
}

BOOST_AUTO_TEST_CASE(accepts_domestic_to_domestic_and_foreign_to_foreign_without_certificate) {
  Ledger domestic = SoleOwnerLedger();
  BOOST_TEST(Outcome(domestic.Check(TransferTo({OwnerB(), IndividualParty()}))) == kAccepted);
  Ledger foreign_owned = LedgerOf(Record({ForeignParty()}));
  BOOST_TEST(Outcome(foreign_owned.Check(TransferTo({OtherForeignParty()}, {ForeignParty()}))) == kAccepted);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(shares)

BOOST_AUTO_TEST_CASE(rejects_assignee_shares_not_adding_up_to_the_whole) {
  Ledger ledger = SoleOwnerLedger();
  BOOST_TEST(Outcome(ledger.Check(Transfer({OwnerA()}, Assignees(kHalfShareBp, kHalfShareBp - 1)))) == Rejected(RejectCode::kMalformed));
  BOOST_TEST(Outcome(ledger.Check(Transfer({OwnerA()}, Assignees(kHalfShareBp, kHalfShareBp + 1)))) == Rejected(RejectCode::kMalformed));
  BOOST_TEST(Outcome(ledger.Check(Transfer({OwnerA()}, Assignees(0, kHalfShareBp)))) == Rejected(RejectCode::kMalformed));
}

BOOST_AUTO_TEST_CASE(accepts_assignee_shares_of_the_whole_or_all_zero) {
  Ledger ledger = SoleOwnerLedger();
  BOOST_TEST(Outcome(ledger.Check(Transfer({OwnerA()}, Assignees(kHalfShareBp, kHalfShareBp)))) == kAccepted);
  BOOST_TEST(Outcome(ledger.Check(Transfer({OwnerA()}, Assignees(0, kWholeShareBp)))) == kAccepted);
  BOOST_TEST(Outcome(ledger.Check(Transfer({OwnerA()}, Assignees(0, 0)))) == kAccepted);
}

BOOST_AUTO_TEST_CASE(rejects_an_empty_assignee_or_owner_list) {
  BOOST_TEST(Outcome(SoleOwnerLedger().Check(Transfer({OwnerA()}, {}))) == Rejected(RejectCode::kMalformed));
  BOOST_TEST(Outcome(Ledger().Check(Record({}))) == Rejected(RejectCode::kMalformed));
}

BOOST_AUTO_TEST_CASE(rejects_recorded_owner_shares_not_adding_up_to_the_whole) {
  Ledger ledger;
  constexpr std::uint16_t kSeventyPercentBp = 7000;
  constexpr std::uint16_t kTwentyPercentBp = 2000;
  constexpr std::uint16_t kThirtyPercentBp = 3000;
  BOOST_TEST(Outcome(ledger.Check(Record({OwnerA(kSeventyPercentBp), OwnerB(kTwentyPercentBp)}))) ==
             Rejected(RejectCode::kMalformed));
  BOOST_TEST(Outcome(ledger.Check(Record({OwnerA(kSeventyPercentBp), OwnerB(kThirtyPercentBp)}))) == kAccepted);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(domain_order)

BOOST_AUTO_TEST_CASE(patent_unknown_beats_invalid_dates) {
  Submission licence = Licence(kLicenceId, LicenceKind::kOrdinary, kBackwards);
  BOOST_TEST(Outcome(Ledger().Check(licence)) == Rejected(RejectCode::kPatentUnknown));
}

BOOST_AUTO_TEST_CASE(patent_already_recorded_beats_invalid_dates) {
  Ledger ledger = SoleOwnerLedger();
  Submission record = Record();
  record.effective_date = PreviousDay(kGrantDate);
  BOOST_TEST(Outcome(ledger.Check(record)) == Rejected(RejectCode::kPatentAlreadyRecorded));
}

BOOST_AUTO_TEST_CASE(invalid_dates_beats_not_in_force) {
  Ledger ledger = SoleOwnerLedger();
  ledger.Accept(ChangeStatus(StatusChange::kLapsed));
  Submission transfer = Transfer();
  transfer.effective_date = NextDay(kExpiryDate);
  BOOST_TEST(Outcome(ledger.Check(transfer)) == Rejected(RejectCode::kInvalidDates));
}

BOOST_AUTO_TEST_CASE(not_in_force_beats_not_owner) {
  Ledger ledger = SoleOwnerLedger();
  ledger.Accept(ChangeStatus(StatusChange::kPreservationOn));
  BOOST_TEST(Outcome(ledger.Check(Transfer({OwnerB()}, {OwnerC()}))) == Rejected(RejectCode::kPatentNotInForce));
}

BOOST_AUTO_TEST_CASE(not_owner_beats_co_owner_consent_missing) {
  Ledger ledger = CoOwnedLedger();
  BOOST_TEST(Outcome(ledger.Check(Transfer({OwnerA()}, {OwnerC()}), {kOperatorKey})) ==
             Rejected(RejectCode::kNotOwner));
}

BOOST_AUTO_TEST_CASE(co_owner_consent_missing_beats_pledgee_consent_missing) {
  Ledger ledger = CoOwnedPledgedLedger();
  Submission transfer = Transfer({OwnerA(), OwnerB()}, {OwnerC()});
  BOOST_TEST(Outcome(ledger.Check(transfer, {kOperatorKey, kOwnerAKey})) ==
             Rejected(RejectCode::kCoOwnerConsentMissing));
  BOOST_TEST(Outcome(ledger.Check(transfer, {kOperatorKey, kOwnerAKey, kOwnerBKey})) ==
             Rejected(RejectCode::kPledgeeConsentMissing));
  BOOST_TEST(Outcome(ledger.Check(transfer, {kOperatorKey, kOwnerAKey, kOwnerBKey, kBankKey})) == kAccepted);
}

BOOST_AUTO_TEST_CASE(not_owner_beats_pledgee_consent_missing) {
  Ledger ledger = PledgedLedger();
  BOOST_TEST(Outcome(ledger.Check(Transfer({OwnerB()}, {OwnerC()}))) == Rejected(RejectCode::kNotOwner));
}

BOOST_AUTO_TEST_CASE(pledgee_consent_missing_beats_export_certificate_missing) {
  Ledger ledger = PledgedLedger();
  Submission transfer = Transfer({OwnerA()}, {ForeignParty()});
  BOOST_TEST(Outcome(ledger.Check(transfer)) == Rejected(RejectCode::kPledgeeConsentMissing));
  BOOST_TEST(Outcome(ledger.Check(transfer, {kOperatorKey, kBankKey})) ==
             Rejected(RejectCode::kExportCertificateMissing));
}

BOOST_AUTO_TEST_CASE(export_certificate_missing_beats_licence_conflict) {
  Ledger ledger = SoleOwnerLedger();
  ledger.Accept(Licence(kLicenceId, LicenceKind::kExclusive));
  Submission licence = Licence(kOtherLicenceId, LicenceKind::kOrdinary);
  BodyOf<LicenceRecorded>(licence).licensee = ForeignParty();
  BOOST_TEST(Outcome(ledger.Check(licence)) == Rejected(RejectCode::kExportCertificateMissing));
}

// Regression: "shares that do not add up to 10000 bp" is MALFORMED, check 2,
// before every state-dependent check.
BOOST_AUTO_TEST_CASE(malformed_shares_beat_not_owner) {
  Ledger ledger = SoleOwnerLedger();
  Submission transfer = Transfer({OwnerB()}, Assignees(kHalfShareBp, kHalfShareBp - 1));
  BOOST_TEST(Outcome(ledger.Check(transfer)) == Rejected(RejectCode::kMalformed));
}

BOOST_AUTO_TEST_SUITE_END()

// Patent Law art. 14: absent an agreement, one co-owner may grant an ordinary
// licence alone (and only the licensing co-owners sign); every other act on
// a co-owned patent needs every owner.
BOOST_AUTO_TEST_SUITE(co_owner_ordinary_licence)

BOOST_AUTO_TEST_CASE(accepts_an_ordinary_licence_by_one_co_owner_with_that_owners_consent) {
  Ledger ledger = CoOwnedLedger();
  Submission licence = Licence(kLicenceId, LicenceKind::kOrdinary);
  BodyOf<LicenceRecorded>(licence).licensors = {OwnerB()};
  BOOST_TEST(Outcome(ledger.Check(licence, {kOperatorKey, kOwnerBKey})) == kAccepted);
  BOOST_TEST(Outcome(ledger.Check(licence, {kOperatorKey, kOwnerAKey})) ==
             Rejected(RejectCode::kCoOwnerConsentMissing));
}

BOOST_AUTO_TEST_CASE(rejects_an_ordinary_licence_by_a_licensor_who_is_not_an_owner) {
  Ledger ledger = CoOwnedLedger();
  Submission licence = Licence(kLicenceId, LicenceKind::kOrdinary);
  BodyOf<LicenceRecorded>(licence).licensors = {OwnerB(), OwnerC()};
  BOOST_TEST(Outcome(ledger.Check(licence, {kOperatorKey, kOwnerBKey, kOwnerCKey})) ==
             Rejected(RejectCode::kNotOwner));
}

BOOST_AUTO_TEST_CASE(rejects_an_exclusive_or_sole_licence_by_one_co_owner) {
  for (LicenceKind kind : {LicenceKind::kExclusive, LicenceKind::kSole}) {
    Ledger ledger = CoOwnedLedger();
    Submission licence = Licence(kLicenceId, kind);
    BodyOf<LicenceRecorded>(licence).licensors = {OwnerA()};
    BOOST_TEST(Outcome(ledger.Check(licence, {kOperatorKey, kOwnerAKey, kOwnerBKey})) ==
               Rejected(RejectCode::kNotOwner));
    BodyOf<LicenceRecorded>(licence).licensors = {OwnerA(), OwnerB()};
    BOOST_TEST(Outcome(ledger.Check(licence, {kOperatorKey, kOwnerAKey, kOwnerBKey})) == kAccepted);
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace pl::domain::testing
