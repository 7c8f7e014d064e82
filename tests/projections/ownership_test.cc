// The ownership register: current state, history, and both kinds of "as
// of" (recorded time vs effective date), and the bank's pledge view.
#include <boost/test/unit_test.hpp>

#include "projections/framework/record_io.h"
#include "projections/framework/runner.h"
#include "projections/ownership/ownership.h"
#include "tests/projections/scenario.h"

namespace pl::projections::testing {
namespace {

namespace own = ownership;
constexpr std::int64_t kMay1 = 1714521600000000;   // 2024-05-01T00:00:00Z
constexpr std::int64_t kJun1 = 1717200000000000;   // 2024-06-01T00:00:00Z
constexpr std::int64_t kJul1 = 1719792000000000;   // 2024-07-01T00:00:00Z

std::vector<std::string> OwnerIds(const std::optional<own::RegisterState>& st) {
  std::vector<std::string> ids;
  if (st) {
    for (const auto& o : st->owners) ids.push_back(o.id);
  }
  return ids;
}

std::optional<own::RegisterState> AsOf(Projected& p, std::optional<std::int32_t> date, std::optional<std::int64_t> t) {
  auto st = own::QueryAsOf(p.ownership->tables(), kInventionNumber, own::AsOf{date, t});
  BOOST_REQUIRE_MESSAGE(st.ok(), st.status().ToString());
  return *st;
}

BOOST_AUTO_TEST_SUITE(ownership)

BOOST_AUTO_TEST_CASE(as_of_recorded_time_and_as_of_effective_date_differ_for_a_late_registration) {
  ScenarioLedger ledger;
  ledger.Accept(Record(), {kOperatorKey}, kMay1 - 1000000);
  // A transfer effective 1 March, registered only on 1 June.
  ledger.Accept(At(20240301, Transfer({OwnerA()}, {OwnerB()})), {kOperatorKey}, kJun1);
  Projected p("asof");
  p.Run(ledger);
  const std::vector<std::string> a = {kOwnerAId}, b = {kOwnerBId};
  // The legal position on 1 April, as known now: B already owned it.
  BOOST_TEST(OwnerIds(AsOf(p, 20240401, std::nullopt)) == b);
  // What the register showed on 1 May: A.
  BOOST_TEST(OwnerIds(AsOf(p, std::nullopt, kMay1)) == a);
  // The position on 1 April as it was known on 1 May: A (bitemporal).
  BOOST_TEST(OwnerIds(AsOf(p, 20240401, kMay1)) == a);
  // Before the transfer's effective date: A; before the grant: not recorded.
  BOOST_TEST(OwnerIds(AsOf(p, 20240229, std::nullopt)) == a);
  BOOST_TEST(!AsOf(p, PreviousDay(kGrantDate), std::nullopt).has_value());
  // Recorded at exactly the registration's time: included.
  BOOST_TEST(OwnerIds(AsOf(p, std::nullopt, kJun1)) == b);
  auto current = own::Current(p.ownership->tables(), kInventionNumber);
  BOOST_REQUIRE(current.ok());
  BOOST_TEST(OwnerIds(*current) == b);
  auto history = own::History(p.ownership->tables(), kInventionNumber);
  BOOST_REQUIRE(history.ok());
  BOOST_REQUIRE(history->size() == 2u);
  BOOST_TEST((*history)[1].kind == "OwnershipTransferred");
  BOOST_TEST((*history)[1].effective_date == 20240301);
  BOOST_TEST((*history)[1].recorded_at_us == kJun1);
}

BOOST_AUTO_TEST_CASE(bank_view_shows_pledgee_amount_and_since_when) {
  ScenarioLedger ledger;
  ledger.Accept(Record());
  ledger.Accept(At(20240315, Pledge()), {kOperatorKey}, kMay1);
  ledger.Accept(At(20240620, Release()), {kBankKey}, kJul1);
  Projected p("bank");
  p.Run(ledger);
  auto pledged = AsOf(p, 20240401, std::nullopt);
  BOOST_REQUIRE(pledged.has_value());
  const own::PledgeEntry* e = pledged->ActivePledge();
  BOOST_REQUIRE(e != nullptr);
  BOOST_TEST(e->pledgee.id == kBankId);
  BOOST_TEST(e->secured_amount.amount_minor == kMoneyMinor);
  BOOST_TEST(e->registered_on == 20240315);
  BOOST_TEST(e->registered_at_us == kMay1);
  BOOST_TEST(e->pledge_id == kPledgeId);
  auto now = own::Current(p.ownership->tables(), kInventionNumber);
  BOOST_REQUIRE(now.ok() && now->has_value());
  BOOST_TEST((*now)->ActivePledge() == nullptr);
  BOOST_REQUIRE((*now)->pledges.size() == 1u);
  BOOST_TEST((*now)->pledges[0].released_on == 20240620);
  // As the register stood on 1 June (recorded time): still pledged.
  auto june = AsOf(p, std::nullopt, kJun1);
  BOOST_TEST((june && june->ActivePledge() != nullptr));
}

BOOST_AUTO_TEST_CASE(co_owners_with_shares_licences_by_kind_and_open_licence_state) {
  ScenarioLedger ledger;
  ledger.Accept(Record({OwnerA(6000), OwnerB(4000)}));
  domain::Submission sole = Licence(kLicenceId, domain::LicenceKind::kSole, {20240401, 20251231});
  BodyOf<domain::LicenceRecorded>(sole).licensors = {OwnerA(6000), OwnerB(4000)};
  ledger.Accept(sole, {kOperatorKey, kOwnerAKey, kOwnerBKey});
  domain::Submission t = Terminate(kLicenceId);
  t.effective_date = 20240601;
  ledger.Accept(t, {kOperatorKey, kOwnerAKey, kOwnerBKey});
  domain::Submission d = At(20240701, Declare());
  BodyOf<domain::OpenLicenceDeclared>(d).declarants = {OwnerA(6000), OwnerB(4000)};
  ledger.Accept(d, {kOperatorKey, kOwnerAKey, kOwnerBKey});
  Projected p("register");
  p.Run(ledger);
  auto st = own::Current(p.ownership->tables(), kInventionNumber);
  BOOST_REQUIRE(st.ok() && st->has_value());
  const own::RegisterState& r = **st;
  BOOST_REQUIRE(r.owners.size() == 2u);
  BOOST_TEST(r.owners[0].share_bp == 6000);
  BOOST_TEST(r.owners[1].share_bp == 4000);
  BOOST_REQUIRE(r.licences.size() == 1u);
  BOOST_TEST((r.licences[0].kind == domain::LicenceKind::kSole));
  BOOST_TEST(r.licences[0].terminated_on == 20240601);
  BOOST_REQUIRE(r.OpenDeclaration() != nullptr);
  BOOST_TEST(r.OpenDeclaration()->declaration_id == d.submission_id);
  BOOST_TEST(r.events == 4u);
  // Before the termination the sole licence is live and no declaration exists.
  auto may = AsOf(p, 20240515, std::nullopt);
  BOOST_REQUIRE(may.has_value());
  BOOST_TEST(may->licences[0].terminated_on == 0);
  BOOST_TEST(may->OpenDeclaration() == nullptr);
}

BOOST_AUTO_TEST_CASE(in_force_on_a_past_day_follows_the_status_changes_effective_by_then) {
  ScenarioLedger ledger;
  ledger.Accept(Record());
  ledger.Accept(At(20230301, ChangeStatus(domain::StatusChange::kLapsed)));
  ledger.Accept(At(20230901, ChangeStatus(domain::StatusChange::kRestored)));
  // Recorded after the restoration, effective before it: judged by date.
  ledger.Accept(At(20230801, ChangeStatus(domain::StatusChange::kPreservationOn)));
  Projected p("status-days");
  p.Run(ledger);
  auto st = own::Current(p.ownership->tables(), kInventionNumber);  // read back from its record
  BOOST_REQUIRE(st.ok() && st->has_value());
  const own::RegisterState& r = **st;
  BOOST_REQUIRE(r.status_marks.size() == 3u);
  BOOST_TEST((r.status_marks[2] == domain::StatusMark{domain::StatusChange::kPreservationOn, 20230801}));
  BOOST_TEST(!r.lapsed);
  BOOST_TEST(r.preservation_order);
  BOOST_TEST(!r.InForceOn(PreviousDay(kGrantDate)));
  BOOST_TEST(r.BeforeGrantOn(PreviousDay(kGrantDate)));
  BOOST_TEST(r.InForceOn(20230228));
  BOOST_TEST(!r.InForceOn(20230301));
  BOOST_TEST(r.StatusOnDay(20230731).lapsed);
  BOOST_TEST(!r.StatusOnDay(20230731).preservation_order);
  BOOST_TEST(r.StatusOnDay(20230801).preservation_order);
  BOOST_TEST(!r.InForceOn(20230901));  // restored, but the preservation order holds
  BOOST_TEST(!r.StatusOnDay(20230901).lapsed);
  BOOST_TEST(!r.InForceOn(kExpiryDate));
  // After the term: not "term ended" alone, its status already ends force.
  BOOST_TEST(!r.TermEndedOn(kExpiryDate + 1));
}

BOOST_AUTO_TEST_CASE(a_long_history_is_the_same_table_whatever_the_batches_and_answers_every_version) {
  // 38 versions: two full chunks of 16 and a partial one. Batches of 1 and
  // 5 write partial chunks and read them back to extend them; an in-memory
  // replay with a tiny budget reads them back from bulk loads: the same
  // history table (digest) every time, and every version answers.
  ScenarioLedger ledger;
  ledger.Accept(Record(), {kOperatorKey}, kMay1);
  constexpr int kTransfers = 37;
  for (int i = 0; i < kTransfers; ++i) {
    const std::int32_t date = 20240101 + (i / 28) * 100 + i % 28;  // Jan 1..28, Feb 1..9
    auto t = i % 2 == 0 ? Transfer({OwnerA()}, {OwnerB()}) : Transfer({OwnerB()}, {OwnerA()});
    ledger.Accept(At(date, t), {kOperatorKey}, kJun1 + i * std::int64_t(1000000));
  }
  Projected whole("history-whole");
  whole.Run(ledger);
  const std::string digest = whole.Digest(*whole.ownership);
  for (std::size_t batch : {std::size_t(1), std::size_t(5)}) {
    Projected p("history-batch-" + std::to_string(batch));
    p.Run(ledger, batch);
    BOOST_TEST(p.Digest(*p.ownership) == digest, "batch " << batch);
  }
  Projected bulk("history-bulk");
  bulk.Run(ledger, 3, std::nullopt, std::size_t(1));
  BOOST_TEST(bulk.Digest(*bulk.ownership) == digest);

  auto history = own::History(bulk.ownership->tables(), kInventionNumber);
  BOOST_REQUIRE(history.ok());
  BOOST_REQUIRE(history->size() == std::size_t(kTransfers + 1));
  for (std::size_t v = 0; v < history->size(); ++v) {
    BOOST_TEST((*history)[v].version == v);
    if (v > 0) BOOST_TEST((*history)[v].seq > (*history)[v - 1].seq);
    BOOST_TEST((*history)[v].kind == (v == 0 ? "PatentRecorded" : "OwnershipTransferred"));
  }
  // After transfer i (version i + 1) the owner is B for even i, A for odd i.
  const std::vector<std::string> a = {kOwnerAId}, b = {kOwnerBId};
  for (int i : {0, 14, 15, 16, 31, 36}) {
    const auto when = kJun1 + i * std::int64_t(1000000);
    BOOST_TEST(OwnerIds(AsOf(bulk, std::nullopt, when)) == (i % 2 == 0 ? b : a), "transfer " << i);
  }
  BOOST_TEST(OwnerIds(AsOf(bulk, 20240209, std::nullopt)) == b);  // the last, i = 36
  BOOST_TEST(OwnerIds(AsOf(bulk, 20240208, std::nullopt)) == a);
}

BOOST_AUTO_TEST_CASE(a_register_record_with_an_unknown_status_change_is_corruption) {
  own::RegisterState st;
  st.recorded = true;
  st.status_marks.push_back(domain::StatusMark{domain::StatusChange::kDisputeOff, 20240101});
  auto ok = own::DecodeRegister(own::EncodeRegister(st));
  BOOST_REQUIRE(ok.ok());
  BOOST_TEST((ok->status_marks == st.status_marks));
  st.status_marks.push_back(domain::StatusMark{static_cast<domain::StatusChange>(9), 20240102});
  auto bad = own::DecodeRegister(own::EncodeRegister(st));
  BOOST_TEST(bad.status().IsCorruption());
  BOOST_TEST(bad.status().message().find("unknown status change 9") != std::string::npos, bad.status().ToString());
}

BOOST_AUTO_TEST_CASE(a_missing_or_malformed_history_chunk_is_corruption_naming_it) {
  // 18 versions: chunk 0 complete, chunk 16 partial. Its next version must
  // read chunk 16 back; without it the catch-up stops, naming the chunk.
  ScenarioLedger ledger;
  ledger.Accept(Record(), {kOperatorKey}, kMay1);
  auto transfer = [&](int i) {
    auto t = i % 2 == 0 ? Transfer({OwnerA()}, {OwnerB()}) : Transfer({OwnerB()}, {OwnerA()});
    ledger.Accept(At(20240101 + i, t), {kOperatorKey}, kJun1 + i * std::int64_t(1000000));
  };
  for (int i = 0; i < 17; ++i) transfer(i);
  Projected p("history-missing");
  p.Run(ledger);
  const std::string prefix = std::string(kInventionNumber) + std::string(1, '\0');
  Tables& tables = p.ownership->tables();
  const std::uint32_t history_table = 1;  // table_names(): current, history
  tables.Delete(history_table, prefix + KeyU64(own::kHistoryChunkVersions));
  BOOST_REQUIRE(tables.Commit({}).ok());
  transfer(17);
  auto r = CatchUp(ledger, {p.ownership.get()}, RunOptions{});
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.status().IsCorruption());
  BOOST_TEST(r.status().message().find("history chunk 16 is missing") != std::string::npos, r.status().message());

  // A chunk whose bytes do not decode: the as-of queries refuse it.
  tables.Put(history_table, prefix + KeyU64(0), "not a chunk");
  BOOST_REQUIRE(tables.Commit({}).ok());
  auto history = own::History(tables, kInventionNumber);
  BOOST_REQUIRE(!history.ok());
  BOOST_TEST(history.status().IsCorruption());
  BOOST_TEST(history.status().message().find("history record is malformed") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace pl::projections::testing
