// Hand-computed expectations for every monitoring statistic, including the
// boundaries of issue 5 item 6. Each scenario is sealed by ScenarioLedger
// (domain::Decide + codec), replayed into the projections and read through
// the report model, as `patentledger report` does.
#include <boost/test/unit_test.hpp>

#include "tests/projections/scenario.h"

namespace pl::projections::testing {
namespace {

using report::Granularity;
constexpr char kFuzhou[] = "35";   // OwnerA's province
constexpr char kBeijing[] = "11";  // OwnerB's province (Haidian)

domain::Submission RecordFor(const std::string& patent, std::vector<domain::Party> owners, std::int32_t grant,
                             bool publicly_funded = false) {
  domain::Submission s = On(patent, Record(std::move(owners)));
  auto& r = BodyOf<domain::PatentRecorded>(s);
  r.grant_date = grant;
  r.publicly_funded = publicly_funded;
  s.effective_date = grant;
  return s;
}

BOOST_AUTO_TEST_SUITE(statistics)

BOOST_AUTO_TEST_CASE(outstanding_pledge_at_period_end_when_registered_and_released_in_different_periods) {
  ScenarioLedger ledger;
  ledger.Accept(Record());
  ledger.Accept(At(20240210, Pledge()));
  ledger.Accept(At(20240820, Release()), {kBankKey});
  Projected p("pledge");
  p.Run(ledger);
  auto r = p.Report(20241231);
  // Registered in Q1, released in Q3: outstanding at the end of Q1 and Q2 only.
  BOOST_TEST(Value(r, "pledges", {"2024-Q1"}, "registered_count") == 1);
  BOOST_TEST(Value(r, "pledges", {"2024-Q1"}, "registered_amount_cny_minor") == kMoneyMinor);
  BOOST_TEST(Value(r, "pledges", {"2024-Q1"}, "outstanding_amount_cny_minor") == kMoneyMinor);
  BOOST_TEST(Value(r, "pledges", {"2024-Q2"}, "registered_count") == 0);
  BOOST_TEST(Value(r, "pledges", {"2024-Q2"}, "outstanding_count") == 1);
  BOOST_TEST(Value(r, "pledges", {"2024-Q2"}, "outstanding_amount_cny_minor") == kMoneyMinor);
  BOOST_TEST(Value(r, "pledges", {"2024-Q3"}, "released_count") == 1);
  BOOST_TEST(Value(r, "pledges", {"2024-Q3"}, "released_amount_cny_minor") == kMoneyMinor);
  BOOST_TEST(Value(r, "pledges", {"2024-Q3"}, "outstanding_count") == 0);
  BOOST_TEST(Value(r, "pledges", {"2024-Q4"}, "outstanding_amount_cny_minor") == 0);
  BOOST_TEST(Value(r, "pledges", {"2023-Q4"}, "outstanding_count") == 0);
  // A cut-off the day before the release: the release has not happened yet.
  auto before = p.Report(20240819);
  BOOST_TEST(Value(before, "pledges", {"2024-Q3"}, "released_count") == 0);
  BOOST_TEST(Value(before, "pledges", {"2024-Q3"}, "outstanding_amount_cny_minor") == kMoneyMinor);
  BOOST_TEST(Value(before, "pledges_outstanding_by_region", {kFuzhou}, "outstanding_count") == 1);
  BOOST_TEST(Value(r, "pledges_outstanding_by_region", {kFuzhou}, "outstanding_count") == 0);
  // ... and on the release day it is released.
  auto on = p.Report(20240820);
  BOOST_TEST(Value(on, "pledges", {"2024-Q3"}, "outstanding_count") == 0);
}

BOOST_AUTO_TEST_CASE(transformation_rate_of_university_patents) {
  ScenarioLedger ledger;
  const domain::Party u = University(kHaidianDivision);
  const std::string p1 = PatentNo(1), p2 = PatentNo(2), p3 = PatentNo(3), p4 = PatentNo(4), p5 = PatentNo(5);
  for (const auto& p : {p1, p2, p3, p4}) ledger.Accept(RecordFor(p, {u}, kGrantDate));
  ledger.Accept(RecordFor(p5, {OwnerA()}, kGrantDate));  // an enterprise's: not in the population
  domain::Submission sale = On(p2, At(20230601, Transfer({u}, {OwnerB()})));
  ledger.Accept(sale);
  domain::Submission lapse = On(p4, At(20240301, ChangeStatus(domain::StatusChange::kLapsed)));
  ledger.Accept(lapse);
  domain::Submission licence = On(p1, At(20240510, Licence(kLicenceId, domain::LicenceKind::kOrdinary)));
  BodyOf<domain::LicenceRecorded>(licence).licensors = {u};
  BodyOf<domain::LicenceRecorded>(licence).contract_date = 20240510;
  ledger.Accept(licence);
  ledger.Accept(On(p5, At(20240510, Licence(kOtherLicenceId, domain::LicenceKind::kOrdinary))));
  Projected p("transformation");
  p.Run(ledger);
  auto r = p.Report(20241231);
  // 2023-Q2: four in force, one sold in the quarter.
  BOOST_TEST(Value(r, "transformation", {"2023-Q2", "university"}, "in_force_at_end") == 4);
  BOOST_TEST(Value(r, "transformation", {"2023-Q2", "university"}, "transformed_in_period") == 1);
  BOOST_TEST(Text(r, "transformation", {"2023-Q2", "university"}, "rate_in_period") == "0.2500");
  // 2024-Q1: p4 lapsed on 2024-03-01, so three; none dealt in the quarter; p2 ever.
  BOOST_TEST(Value(r, "transformation", {"2024-Q1", "university"}, "in_force_at_end") == 3);
  BOOST_TEST(Value(r, "transformation", {"2024-Q1", "university"}, "transformed_in_period") == 0);
  BOOST_TEST(Text(r, "transformation", {"2024-Q1", "university"}, "rate_ever") == "0.3333");
  // 2024-Q2: p1 licensed in the quarter; p1 and p2 ever; the sold p2 stays in the population.
  BOOST_TEST(Value(r, "transformation", {"2024-Q2", "university"}, "in_force_at_end") == 3);
  BOOST_TEST(Text(r, "transformation", {"2024-Q2", "university"}, "rate_in_period") == "0.3333");
  BOOST_TEST(Text(r, "transformation", {"2024-Q2", "university"}, "rate_ever") == "0.6667");
  BOOST_TEST(Value(r, "transformation", {"2024-Q2", "research_institute"}, "in_force_at_end") == 0);
  BOOST_TEST(Text(r, "transformation", {"2024-Q2", "research_institute"}, "rate_ever") == "");
}

BOOST_AUTO_TEST_CASE(dormant_publicly_funded_patents_at_exactly_five_years_after_grant) {
  ScenarioLedger ledger;
  const domain::Party u = University(kHaidianDivision);
  const std::string idle = PatentNo(11), used = PatentNo(12), unfunded = PatentNo(13);
  ledger.Accept(RecordFor(idle, {u}, 20191231, true));
  ledger.Accept(RecordFor(used, {u}, 20191231, true));
  ledger.Accept(RecordFor(unfunded, {u}, 20191231, false));
  domain::Submission licence = On(used, At(20200601, Licence(kLicenceId, domain::LicenceKind::kOrdinary)));
  BodyOf<domain::LicenceRecorded>(licence).licensors = {u};
  BodyOf<domain::LicenceRecorded>(licence).contract_date = 20200601;
  ledger.Accept(licence);
  Projected p("dormant");
  p.Run(ledger);
  // The day before the 5th anniversary: not yet five years.
  BOOST_TEST(Row(p.Report(20241230), "dormant_publicly_funded", {"all"}) == nullptr);
  // On the anniversary (满五年) and the day after: two candidates, one dormant.
  for (std::int32_t as_of : {20241231, 20250101}) {
    auto r = p.Report(as_of);
    BOOST_TEST(Value(r, "dormant_publicly_funded", {"all"}, "publicly_funded_5y_in_force") == 2);
    BOOST_TEST(Value(r, "dormant_publicly_funded", {"all"}, "dormant") == 1);
    BOOST_TEST(Text(r, "dormant_publicly_funded", {"all"}, "dormant_share") == "0.5000");
    BOOST_TEST(Value(r, "dormant_publicly_funded", {kBeijing, "Beijing", "university"}, "dormant") == 1);
  }
}

BOOST_AUTO_TEST_CASE(late_filing_at_three_months_plus_one_day) {
  ScenarioLedger ledger;
  ledger.Accept(Record());
  const std::vector<std::pair<std::int32_t, bool>> filings = {{20240414, false}, {20240415, false}, {20240416, true}};
  int n = 0;
  for (const auto& [filed, late] : filings) {
    domain::Submission l = At(filed, Licence("LIC-LATE-" + std::to_string(++n), domain::LicenceKind::kOrdinary));
    BodyOf<domain::LicenceRecorded>(l).contract_date = 20240115;
    std::uint32_t flags = ledger.Accept(l);
    BOOST_TEST(((flags & domain::kFlagLateFiling) != 0) == late, "filed " << filed);
  }
  Projected p("late");
  p.Run(ledger);
  auto r = p.Report(20241231);
  BOOST_TEST(Value(r, "late_filings", {"2024-Q2", kFuzhou}, "licences_filed") == 3);
  BOOST_TEST(Value(r, "late_filings", {"2024-Q2", kFuzhou}, "late_filings") == 1);
  BOOST_TEST(Text(r, "late_filings", {"2024-Q2", kFuzhou}, "late_share") == "0.3333");
  BOOST_TEST(Value(r, "activity_by_period", {"2024-Q2", "licence_ordinary"}, "late_filings") == 1);
  BOOST_TEST(Value(r, "activity_by_period", {"2024-Q2", "licence_ordinary"}, "count") == 3);
}

BOOST_AUTO_TEST_CASE(withdrawn_open_licence_declaration_keeps_its_takings) {
  ScenarioLedger ledger;
  ledger.Accept(Record());
  domain::Submission declaration = At(20240315, Declare());
  ledger.Accept(declaration);
  ledger.Accept(Take(declaration.submission_id, 20240510));
  ledger.Accept(At(20240801, Withdraw()));
  Projected p("open-licence");
  p.Run(ledger);
  auto r = p.Report(20241231);
  BOOST_TEST(Value(r, "open_licence", {"2024-Q1"}, "declared") == 1);
  BOOST_TEST(Text(r, "open_licence", {"2024-Q1"}, "uptake_rate") == "0.0000");
  BOOST_TEST(Value(r, "open_licence", {"2024-Q2"}, "takings") == 1);
  BOOST_TEST(Text(r, "open_licence", {"2024-Q2"}, "uptake_rate") == "1.0000");
  BOOST_TEST(Value(r, "open_licence", {"2024-Q3"}, "withdrawn") == 1);
  BOOST_TEST(Value(r, "open_licence", {"2024-Q3"}, "in_force_at_end") == 0);
  BOOST_TEST(Value(r, "open_licence", {"2024-Q3"}, "taken_up_by_end") == 1);
  BOOST_TEST(Text(r, "open_licence", {"2024-Q4"}, "uptake_rate") == "1.0000");
  BOOST_TEST(Value(r, "activity_by_period", {"2024-Q2", "open_licence_taken"}, "amount_cny_minor") == kMoneyMinor);
  // The taking counts as a deal: the patent is not dormant, it was transformed.
  BOOST_TEST(Value(r, "technology_contracts",
                   {"2024-Q2", "patent_licence", "open_licence_taking", kFuzhou, "enterprise", "domestic", "recognised"},
                   "count") == 1);
}

BOOST_AUTO_TEST_CASE(open_licence_in_force_only_within_its_declared_term) {
  // Declared on 2024-03-15 for 2024-04-01 .. 2024-08-31: not yet in force
  // at the end of Q1, in force at the end of Q2, over at the end of Q3
  // (never withdrawn). A cut-off on the term's last day: in force; the day
  // after: not.
  ScenarioLedger ledger;
  ledger.Accept(Record());
  ledger.Accept(At(20240315, Declare({20240401, 20240831})));
  Projected p("open-licence-term");
  p.Run(ledger);
  auto r = p.Report(20241231);
  BOOST_TEST(Value(r, "open_licence", {"2024-Q1"}, "declared") == 1);
  BOOST_TEST(Value(r, "open_licence", {"2024-Q1"}, "declared_by_end") == 1);
  BOOST_TEST(Value(r, "open_licence", {"2024-Q1"}, "in_force_at_end") == 0);
  BOOST_TEST(Value(r, "open_licence", {"2024-Q2"}, "in_force_at_end") == 1);
  BOOST_TEST(Value(r, "open_licence", {"2024-Q3"}, "in_force_at_end") == 0);
  BOOST_TEST(Value(r, "open_licence", {"2024-Q3"}, "withdrawn") == 0);
  BOOST_TEST(Value(r, "open_licence", {"2024-Q4"}, "declared_by_end") == 1);
  BOOST_TEST(Value(p.Report(20240831), "open_licence", {"2024-Q3"}, "in_force_at_end") == 1);
  BOOST_TEST(Value(p.Report(20240901), "open_licence", {"2024-Q3"}, "in_force_at_end") == 0);
  BOOST_TEST(Value(p.Report(20240401), "open_licence", {"2024-Q2"}, "in_force_at_end") == 1);
  BOOST_TEST(Value(p.Report(20240331), "open_licence", {"2024-Q1"}, "in_force_at_end") == 0);
}

BOOST_AUTO_TEST_CASE(transfer_back_and_forth_counts_each_transfer_for_its_seller) {
  ScenarioLedger ledger;
  ledger.Accept(Record());
  domain::Submission there = At(20240201, Transfer({OwnerA()}, {OwnerB()}));
  BodyOf<domain::OwnershipTransferred>(there).consideration = Cny(100000000);
  domain::Submission back = At(20240701, Transfer({OwnerB()}, {OwnerA()}));
  BodyOf<domain::OwnershipTransferred>(back).consideration = Cny(120000000);
  ledger.Accept(there);
  ledger.Accept(back);
  Projected p("back-and-forth");
  p.Run(ledger);
  auto r = p.Report(20241231);
  BOOST_TEST(Value(r, "activity_by_region", {"2024-Q1", kFuzhou, "Fujian", "transfer_contract"}, "amount_cny_minor") ==
             100000000);
  BOOST_TEST(Value(r, "activity_by_region", {"2024-Q3", kBeijing, "Beijing", "transfer_contract"}, "amount_cny_minor") ==
             120000000);
  BOOST_TEST(Value(r, "activity_by_period", {"2024-Q1", "transfer_contract"}, "count") == 1);
  BOOST_TEST(Value(r, "activity_by_period", {"2024-Q3", "transfer_contract"}, "count") == 1);
  // Two contracts (two sellers), each counted once.
  BOOST_TEST(Value(r, "technology_contracts",
                   {"2024-Q1", "patent_right_transfer", "transfer", kFuzhou, "enterprise", "domestic", "recognised"},
                   "count") == 1);
  BOOST_TEST(Value(r, "technology_contracts",
                   {"2024-Q3", "patent_right_transfer", "transfer", kBeijing, "enterprise", "domestic", "recognised"},
                   "count") == 1);
}

BOOST_AUTO_TEST_CASE(co_owned_patent_act_is_counted_once_for_the_lead_owner) {
  ScenarioLedger ledger;
  ledger.Accept(Record({OwnerA(4000), OwnerB(6000)}));
  domain::Submission l = Licence(kLicenceId, domain::LicenceKind::kOrdinary);
  BodyOf<domain::LicenceRecorded>(l).licensors = {OwnerA(4000), OwnerB(6000)};
  ledger.Accept(l, {kOperatorKey, kOwnerAKey, kOwnerBKey});
  Projected p("co-owners");
  p.Run(ledger);
  auto r = p.Report(20241231);
  // OwnerB holds 60 %: the act is Beijing's, once.
  BOOST_TEST(Value(r, "activity_by_region", {"2024-Q1", kBeijing, "Beijing", "licence_ordinary"}, "count") == 1);
  BOOST_TEST(Row(r, "activity_by_region", {"2024-Q1", kFuzhou, "Fujian", "licence_ordinary"}) == nullptr);
  BOOST_TEST(Value(r, "activity_by_period", {"2024-Q1", "licence_ordinary"}, "count") == 1);
  BOOST_TEST(Value(r, "activity_by_period", {"2024-Q1", "licence_ordinary"}, "amount_cny_minor") == kMoneyMinor);
}

BOOST_AUTO_TEST_CASE(co_owners_without_shares_are_equal_and_the_smallest_identity_leads) {
  // Three co-owners, no shares given: equal (3334/3333/3333 once the
  // domain divides 10000), so the lead is the smallest identity, OwnerB
  // (91110108...), though OwnerA is listed first and would get the
  // division's remainder.
  ScenarioLedger ledger;
  ledger.Accept(Record({OwnerA(), OwnerC(), OwnerB()}));
  Projected p("co-owners-no-shares");
  p.Run(ledger);
  auto r = p.Report(20241231);
  // Recorded on its grant date, 2019-04-12.
  BOOST_TEST(Value(r, "activity_by_region", {"2019-Q2", kBeijing, "Beijing", "patent_recorded"}, "count") == 1);
  BOOST_TEST(Row(r, "activity_by_region", {"2019-Q2", kFuzhou, "Fujian", "patent_recorded"}) == nullptr);
}

BOOST_AUTO_TEST_CASE(cross_border_export_is_counted_by_country_and_domestic_region) {
  ScenarioLedger ledger;
  ledger.Accept(Record());
  domain::Submission t = Transfer({OwnerA()}, {ForeignParty()});
  BodyOf<domain::OwnershipTransferred>(t).export_certificate = "EXP-2024-0001";
  ledger.Accept(t);
  Projected p("export");
  p.Run(ledger);
  auto r = p.Report(20241231);
  BOOST_TEST(Value(r, "cross_border", {"2024-Q1", "export", "US", kFuzhou, "transfer_contract"}, "count") == 1);
  BOOST_TEST(Value(r, "cross_border", {"2024-Q1", "export", "US", kFuzhou, "transfer_contract"}, "amount_cny_minor") ==
             kMoneyMinor);
}

BOOST_AUTO_TEST_CASE(suppression_hides_cells_below_k_with_their_amounts_and_keeps_zeros) {
  ScenarioLedger ledger;
  ledger.Accept(Record());
  ledger.Accept(At(20240201, Transfer({OwnerA()}, {OwnerB()})));
  ledger.Accept(At(20240301, Transfer({OwnerB()}, {OwnerC()})));
  Projected p("suppress");
  p.Run(ledger);
  auto shown = p.Report(20241231, Granularity::kQuarter, 2);
  BOOST_TEST(Text(shown, "activity_by_period", {"2024-Q1", "transfer_contract"}, "count") == "2");
  auto hidden = p.Report(20241231, Granularity::kQuarter, 3);
  BOOST_TEST(Text(hidden, "activity_by_period", {"2024-Q1", "transfer_contract"}, "count") == "suppressed");
  BOOST_TEST(Text(hidden, "activity_by_period", {"2024-Q1", "transfer_contract"}, "amount_cny_minor") == "suppressed");
  BOOST_TEST(Text(hidden, "activity_by_period", {"2024-Q2", "transfer_contract"}, "count") == "0");
  BOOST_TEST(Text(hidden, "activity_by_period", {"2024-Q1", "licence_sole"}, "count") == "0");
}

BOOST_AUTO_TEST_CASE(periods_by_month_and_year_use_the_effective_date) {
  ScenarioLedger ledger;
  ledger.Accept(Record());
  ledger.Accept(At(20240131, Transfer({OwnerA()}, {OwnerB()})), {kOperatorKey}, 1735689600000000);  // recorded 2025
  Projected p("periods");
  p.Run(ledger);
  BOOST_TEST(Value(p.Report(20241231, Granularity::kMonth), "activity_by_period", {"2024-01", "transfer_contract"},
                   "count") == 1);
  BOOST_TEST(Value(p.Report(20241231, Granularity::kYear), "activity_by_period", {"2024", "transfer_contract"},
                   "count") == 1);
  // A cut-off before the effective date leaves it out, however it was recorded.
  BOOST_TEST(Value(p.Report(20240130, Granularity::kMonth), "activity_by_period", {"2024-01", "transfer_contract"},
                   "count") == 0);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace pl::projections::testing
