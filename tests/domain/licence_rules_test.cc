// Licence rules (rules.cc CheckLicence, LicenceTerminated):
// LICENCE_TERM_EXCEEDS_PATENT, EXPORT_CERTIFICATE_MISSING, LICENCE_CONFLICT
// (kind x territory x term, reused id, per-patent limit), LICENCE_NOT_FOUND,
// and the late_filing flag. Pledgee consent is in pledge_test.cc, the
// open-licence interplay in open_licence_test.cc.
#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "ledger/base/limits.h"
#include "tests/domain/builders.h"

namespace pl::domain::testing {
namespace {

using Territory = std::vector<std::string>;

const Territory kWhole = {kWholeCountry};
const Territory kEmptyMeansWhole = {};
const Territory kGuangdongOnly = {kGuangdong};
const Territory kJiangsuOnly = {kJiangsu};

// SoleOwnerLedger() with kLicenceId of `kind` recorded.
Ledger WithLicence(LicenceKind kind, const Territory& territory = kWhole, DateRange term = kLicenceTerm) {
  Ledger ledger = SoleOwnerLedger();
  ledger.Accept(Licence(kLicenceId, kind, term, territory));
  return ledger;
}

// A second licence, kOtherLicenceId.
Verdict Second(const Ledger& ledger, LicenceKind kind, const Territory& territory = kWhole,
               DateRange term = kLicenceTerm) {
  return ledger.Check(Licence(kOtherLicenceId, kind, term, territory));
}

const std::string kConflict = Rejected(RejectCode::kLicenceConflict);

// An end date after kLicenceTerm, before the expiry.
constexpr std::int32_t kLaterTermEnd = 20301231;

// Late filing: a contract date and its deadline three months on, and a
// contract on a month's last day whose deadline is clamped to February's end.
constexpr std::int32_t kContractDate = 20240115;
constexpr std::int32_t kDeadline = 20240415;
constexpr std::int32_t kMonthEndContractDate = 20231130;
constexpr std::int32_t kClampedDeadline = 20240229;

BOOST_AUTO_TEST_SUITE(licence_term)

BOOST_AUTO_TEST_CASE(accepts_a_licence_term_ending_on_the_expiry_date) {
  Ledger ledger = SoleOwnerLedger();
  BOOST_TEST(Outcome(ledger.Check(Licence(kLicenceId, LicenceKind::kOrdinary, {kActDate, kExpiryDate}))) ==
             kAccepted);
}

BOOST_AUTO_TEST_CASE(rejects_a_licence_term_ending_a_day_after_the_expiry_date) {
  Ledger ledger = SoleOwnerLedger();
  BOOST_TEST(Outcome(ledger.Check(Licence(kLicenceId, LicenceKind::kOrdinary, {kActDate, NextDay(kExpiryDate)}))) ==
             Rejected(RejectCode::kLicenceTermExceedsPatent));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(licence_export_certificate)

BOOST_AUTO_TEST_CASE(rejects_a_licence_to_a_foreign_licensee_without_certificate) {
  Ledger ledger = SoleOwnerLedger();
  Submission licence = Licence(kLicenceId, LicenceKind::kOrdinary);
  BodyOf<LicenceRecorded>(licence).licensee = ForeignParty();
  BOOST_TEST(Outcome(ledger.Check(licence)) == Rejected(RejectCode::kExportCertificateMissing));
  BodyOf<LicenceRecorded>(licence).export_certificate = "EXP-2024-0002";
  BOOST_TEST(Outcome(ledger.Check(licence)) == kAccepted);
}

BOOST_AUTO_TEST_CASE(accepts_a_design_licence_to_a_foreign_licensee_without_certificate) {
  Ledger ledger = LedgerOf(Record({OwnerA()}, PatentType::kDesign));
  Submission licence = Licence(kLicenceId, LicenceKind::kOrdinary);
  licence.patent = kDesignNumber;
  BodyOf<LicenceRecorded>(licence).licensee = ForeignParty();
  BOOST_TEST(Outcome(ledger.Check(licence)) == kAccepted);
}

// Regression: EXPORT_CERTIFICATE_MISSING is checked before
// LICENCE_TERM_EXCEEDS_PATENT (docs/rejection-codes.md order).
BOOST_AUTO_TEST_CASE(export_certificate_missing_beats_licence_term_exceeds_patent) {
  Ledger ledger = SoleOwnerLedger();
  Submission licence = Licence(kLicenceId, LicenceKind::kOrdinary, {kActDate, NextDay(kExpiryDate)});
  BodyOf<LicenceRecorded>(licence).licensee = ForeignParty();
  BOOST_TEST(Outcome(ledger.Check(licence)) == Rejected(RejectCode::kExportCertificateMissing));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(licence_conflict_by_kind)

BOOST_AUTO_TEST_CASE(rejects_an_ordinary_licence_overlapping_an_exclusive_one) {
  BOOST_TEST(Outcome(Second(WithLicence(LicenceKind::kExclusive), LicenceKind::kOrdinary)) == kConflict);
}

BOOST_AUTO_TEST_CASE(accepts_an_ordinary_licence_overlapping_a_sole_one) {
  BOOST_TEST(Outcome(Second(WithLicence(LicenceKind::kSole), LicenceKind::kOrdinary)) == kAccepted);
}

BOOST_AUTO_TEST_CASE(rejects_an_exclusive_or_sole_licence_overlapping_an_exclusive_or_sole_one) {
  for (LicenceKind existing : {LicenceKind::kExclusive, LicenceKind::kSole}) {
    for (LicenceKind added : {LicenceKind::kExclusive, LicenceKind::kSole}) {
      BOOST_TEST_CONTEXT("existing " << int(existing) << ", added " << int(added)) {
        BOOST_TEST(Outcome(Second(WithLicence(existing), added)) == kConflict);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(rejects_an_exclusive_licence_overlapping_an_ordinary_one) {
  BOOST_TEST(Outcome(Second(WithLicence(LicenceKind::kOrdinary), LicenceKind::kExclusive)) == kConflict);
}

BOOST_AUTO_TEST_CASE(accepts_a_sole_licence_overlapping_an_ordinary_one) {
  BOOST_TEST(Outcome(Second(WithLicence(LicenceKind::kOrdinary), LicenceKind::kSole)) == kAccepted);
}

BOOST_AUTO_TEST_CASE(accepts_ordinary_licences_overlapping_each_other) {
  BOOST_TEST(Outcome(Second(WithLicence(LicenceKind::kOrdinary), LicenceKind::kOrdinary)) == kAccepted);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(licence_conflict_by_territory)

BOOST_AUTO_TEST_CASE(accepts_an_ordinary_licence_next_to_a_sole_licence_in_a_disjoint_province) {
  Ledger ledger = WithLicence(LicenceKind::kSole, kGuangdongOnly);
  BOOST_TEST(Outcome(Second(ledger, LicenceKind::kOrdinary, kJiangsuOnly)) == kAccepted);
}

BOOST_AUTO_TEST_CASE(rejects_an_exclusive_licence_overlapping_a_sole_licence_in_the_same_province) {
  Ledger ledger = WithLicence(LicenceKind::kSole, kGuangdongOnly);
  BOOST_TEST(Outcome(Second(ledger, LicenceKind::kExclusive, kGuangdongOnly)) == kConflict);
}

BOOST_AUTO_TEST_CASE(accepts_exclusive_licences_in_disjoint_provinces) {
  Ledger ledger = WithLicence(LicenceKind::kExclusive, kGuangdongOnly);
  BOOST_TEST(Outcome(Second(ledger, LicenceKind::kExclusive, kJiangsuOnly)) == kAccepted);
  BOOST_TEST(Outcome(Second(ledger, LicenceKind::kOrdinary, kJiangsuOnly)) == kAccepted);
}

BOOST_AUTO_TEST_CASE(rejects_province_lists_sharing_one_province) {
  Ledger ledger = WithLicence(LicenceKind::kSole, {kGuangdong, kJiangsu});
  BOOST_TEST(Outcome(Second(ledger, LicenceKind::kSole, {kJiangsu, kZhejiang})) == kConflict);
  BOOST_TEST(Outcome(Second(ledger, LicenceKind::kSole, {kZhejiang})) == kAccepted);
}

BOOST_AUTO_TEST_CASE(rejects_a_province_licence_overlapping_a_whole_country_licence) {
  Ledger whole = WithLicence(LicenceKind::kSole, kWhole);
  BOOST_TEST(Outcome(Second(whole, LicenceKind::kSole, kGuangdongOnly)) == kConflict);
  Ledger province = WithLicence(LicenceKind::kSole, kGuangdongOnly);
  BOOST_TEST(Outcome(Second(province, LicenceKind::kSole, kWhole)) == kConflict);
  BOOST_TEST(Outcome(Second(province, LicenceKind::kSole, {kJiangsu, kWholeCountry})) == kConflict);
}

BOOST_AUTO_TEST_CASE(treats_an_empty_territory_as_the_whole_country) {
  Ledger empty = WithLicence(LicenceKind::kExclusive, kEmptyMeansWhole);
  BOOST_TEST(Outcome(Second(empty, LicenceKind::kOrdinary, kJiangsuOnly)) == kConflict);
  Ledger province = WithLicence(LicenceKind::kExclusive, kGuangdongOnly);
  BOOST_TEST(Outcome(Second(province, LicenceKind::kOrdinary, kEmptyMeansWhole)) == kConflict);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(licence_conflict_by_term)

BOOST_AUTO_TEST_CASE(accepts_an_exclusive_licence_starting_the_day_after_another_ends) {
  Ledger ledger = WithLicence(LicenceKind::kExclusive);
  const DateRange after{NextDay(kLicenceTerm.end), kLaterTermEnd};
  BOOST_TEST(Outcome(Second(ledger, LicenceKind::kExclusive, kWhole, after)) == kAccepted);
}

BOOST_AUTO_TEST_CASE(rejects_an_exclusive_licence_starting_on_the_day_another_ends) {
  Ledger ledger = WithLicence(LicenceKind::kExclusive);
  const DateRange touching{kLicenceTerm.end, kLaterTermEnd};
  BOOST_TEST(Outcome(Second(ledger, LicenceKind::kExclusive, kWhole, touching)) == kConflict);
}

BOOST_AUTO_TEST_CASE(accepts_an_exclusive_licence_ending_the_day_before_another_starts) {
  Ledger ledger = WithLicence(LicenceKind::kExclusive);
  const DateRange before{kActDate, PreviousDay(kLicenceTerm.start)};
  BOOST_TEST(Outcome(Second(ledger, LicenceKind::kExclusive, kWhole, before)) == kAccepted);
  const DateRange touching{kActDate, kLicenceTerm.start};
  BOOST_TEST(Outcome(Second(ledger, LicenceKind::kExclusive, kWhole, touching)) == kConflict);
}

BOOST_AUTO_TEST_CASE(accepts_an_exclusive_licence_after_the_other_is_terminated) {
  Ledger ledger = WithLicence(LicenceKind::kExclusive);
  ledger.Accept(Terminate(kLicenceId));
  BOOST_TEST(Outcome(Second(ledger, LicenceKind::kExclusive)) == kAccepted);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(licence_ids_and_limit)

BOOST_AUTO_TEST_CASE(rejects_a_reused_licence_id_even_without_overlap) {
  Ledger ledger = WithLicence(LicenceKind::kOrdinary, kGuangdongOnly);
  BOOST_TEST(Outcome(ledger.Check(Licence(kLicenceId, LicenceKind::kOrdinary, kLicenceTerm, kJiangsuOnly))) ==
             kConflict);
  BOOST_TEST(Outcome(ledger.Check(Licence(kOtherLicenceId, LicenceKind::kOrdinary, kLicenceTerm, kJiangsuOnly))) ==
             kAccepted);
}

BOOST_AUTO_TEST_CASE(rejects_a_reused_licence_id_after_termination) {
  Ledger ledger = WithLicence(LicenceKind::kOrdinary);
  ledger.Accept(Terminate(kLicenceId));
  BOOST_TEST(Outcome(ledger.Check(Licence(kLicenceId, LicenceKind::kOrdinary))) == kConflict);
}

// SoleOwnerLedger() with `count` ordinary licences.
Ledger WithOrdinaryLicences(std::size_t count) {
  Ledger ledger = SoleOwnerLedger();
  std::size_t refused = 0;
  for (std::size_t i = 0; i < count; ++i) {
    if (!ledger.Submit(Licence("LIC-BULK-" + std::to_string(i), LicenceKind::kOrdinary)).accepted()) ++refused;
  }
  BOOST_TEST(refused == 0u);
  return ledger;
}

BOOST_AUTO_TEST_CASE(accepts_the_last_licence_within_the_per_patent_limit) {
  Ledger ledger = WithOrdinaryLicences(limits::kLicencesPerPatentMax - 1);
  BOOST_TEST(Outcome(Second(ledger, LicenceKind::kOrdinary)) == kAccepted);
}

BOOST_AUTO_TEST_CASE(rejects_a_licence_over_the_per_patent_limit) {
  Ledger ledger = WithOrdinaryLicences(limits::kLicencesPerPatentMax);
  BOOST_TEST(Outcome(Second(ledger, LicenceKind::kOrdinary)) == kConflict);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(licence_termination)

BOOST_AUTO_TEST_CASE(accepts_terminating_a_licence_in_force) {
  Ledger ledger = WithLicence(LicenceKind::kOrdinary);
  BOOST_TEST(Outcome(ledger.Check(Terminate(kLicenceId))) == kAccepted);
}

BOOST_AUTO_TEST_CASE(rejects_terminating_an_unknown_licence) {
  Ledger ledger = WithLicence(LicenceKind::kOrdinary);
  BOOST_TEST(Outcome(ledger.Check(Terminate(kOtherLicenceId))) == Rejected(RejectCode::kLicenceNotFound));
}

BOOST_AUTO_TEST_CASE(rejects_terminating_a_licence_twice) {
  Ledger ledger = WithLicence(LicenceKind::kOrdinary);
  ledger.Accept(Terminate(kLicenceId));
  BOOST_TEST(Outcome(ledger.Check(Terminate(kLicenceId))) == Rejected(RejectCode::kLicenceNotFound));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(late_filing)

// Decides an ordinary licence contracted on `contract_date` and filed on
// `filed_on` against SoleOwnerLedger().
Verdict FileLicence(std::int32_t contract_date, std::int32_t filed_on) {
  Submission licence = Licence(kLicenceId, LicenceKind::kOrdinary);
  BodyOf<LicenceRecorded>(licence).contract_date = contract_date;
  licence.effective_date = filed_on;
  return SoleOwnerLedger().Check(licence);
}

BOOST_AUTO_TEST_CASE(does_not_flag_a_licence_filed_on_its_contract_date) {
  Verdict v = FileLicence(kContractDate, kContractDate);
  BOOST_TEST(Outcome(v) == kAccepted);
  BOOST_TEST(v.flags == 0u);
}

BOOST_AUTO_TEST_CASE(does_not_flag_a_licence_filed_exactly_three_months_after_its_contract) {
  Verdict v = FileLicence(kContractDate, kDeadline);
  BOOST_TEST(Outcome(v) == kAccepted);
  BOOST_TEST(v.flags == 0u);
}

BOOST_AUTO_TEST_CASE(flags_but_accepts_a_licence_filed_three_months_and_a_day_after_its_contract) {
  Verdict v = FileLicence(kContractDate, NextDay(kDeadline));
  BOOST_TEST(Outcome(v) == kAccepted);
  BOOST_TEST(v.flags == kFlagLateFiling);
}

BOOST_AUTO_TEST_CASE(clamps_the_deadline_to_the_end_of_a_short_month) {
  // 2023-11-30 + 3 months = 2024-02-30, which does not exist: 2024-02-29.
  Verdict on_deadline = FileLicence(kMonthEndContractDate, kClampedDeadline);
  BOOST_TEST(Outcome(on_deadline) == kAccepted);
  BOOST_TEST(on_deadline.flags == 0u);
  Verdict day_after = FileLicence(kMonthEndContractDate, NextDay(kClampedDeadline));
  BOOST_TEST(Outcome(day_after) == kAccepted);
  BOOST_TEST(day_after.flags == kFlagLateFiling);
}

BOOST_AUTO_TEST_CASE(records_the_flag_in_the_licence_state) {
  Ledger ledger = SoleOwnerLedger();
  Submission late = Licence(kLicenceId, LicenceKind::kOrdinary);
  BodyOf<LicenceRecorded>(late).contract_date = kContractDate;
  late.effective_date = NextDay(kDeadline);
  ledger.Accept(late);
  Submission on_time = Licence(kOtherLicenceId, LicenceKind::kOrdinary);
  ledger.Accept(on_time);
  BOOST_TEST_REQUIRE(ledger.patent()->licences.size() == 2u);
  BOOST_TEST(ledger.patent()->licences[0].late_filing);
  BOOST_TEST(!ledger.patent()->licences[1].late_filing);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace pl::domain::testing
