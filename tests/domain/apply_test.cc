// Apply / ApplyKeyEvent: how accepted submissions change the patent state and
// the key registry.
#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "tests/domain/builders.h"

namespace pl::domain::testing {
namespace {

std::vector<std::string> OwnerIds(const PatentState& st) {
  std::vector<std::string> ids;
  for (const Party& p : st.owners) ids.push_back(p.id);
  return ids;
}

std::vector<std::uint16_t> OwnerShares(const PatentState& st) {
  std::vector<std::uint16_t> shares;
  for (const Party& p : st.owners) shares.push_back(p.share_bp);
  return shares;
}

Hash256 LeafHash(std::uint8_t fill) {
  Hash256 hash;
  hash.fill(fill);
  return hash;
}

BOOST_AUTO_TEST_SUITE(apply_patent_events)

BOOST_AUTO_TEST_CASE(recording_sets_the_patent_state) {
  PatentState st;
  Submission record = Record({OwnerA()}, PatentType::kUtilityModel);
  BodyOf<PatentRecorded>(record).publicly_funded = true;
  const Hash256 leaf = LeafHash(0x11);
  Apply(st, record, 0, leaf);
  BOOST_TEST(st.event_count == 1u);
  BOOST_TEST(st.last_leaf_hash == leaf);
  BOOST_TEST(int(st.patent_type) == int(PatentType::kUtilityModel));
  BOOST_TEST(st.grant_date == kGrantDate);
  BOOST_TEST(st.expiry_date == kExpiryDate);
  BOOST_TEST(st.publicly_funded);
  BOOST_TEST(st.title == BodyOf<PatentRecorded>(record).title);
  BOOST_TEST(st.ipc_main_class == BodyOf<PatentRecorded>(record).ipc_main_class);
  BOOST_TEST(OwnerIds(st) == std::vector<std::string>{kOwnerAId});
  BOOST_TEST(OwnerShares(st) == std::vector<std::uint16_t>{kWholeShareBp});
  BOOST_TEST(st.InForce());
  BOOST_TEST(!st.pledge.has_value());
  BOOST_TEST(st.licences.empty());
  BOOST_TEST(!st.open_licence.has_value());
}

BOOST_AUTO_TEST_CASE(each_event_advances_the_stream_and_its_leaf_hash) {
  PatentState st;
  Apply(st, Record(), 0, LeafHash(1));
  Apply(st, ChangeStatus(StatusChange::kDisputeOn), 0, LeafHash(2));
  BOOST_TEST(st.event_count == 2u);
  BOOST_TEST(st.last_leaf_hash == LeafHash(2));
}

BOOST_AUTO_TEST_CASE(recording_normalises_all_zero_shares_to_equal_shares_with_the_remainder_to_the_first) {
  Ledger ledger = LedgerOf(Record({OwnerA(), OwnerB(), OwnerC()}));
  // 10000 / 3 = 3333 remainder 1.
  BOOST_TEST(OwnerShares(*ledger.patent()) == (std::vector<std::uint16_t>{3334, 3333, 3333}));
}

BOOST_AUTO_TEST_CASE(recording_keeps_given_shares) {
  constexpr std::uint16_t kSixtyPercentBp = 6000;
  constexpr std::uint16_t kFortyPercentBp = 4000;
  Ledger ledger = LedgerOf(Record({OwnerA(kSixtyPercentBp), OwnerB(kFortyPercentBp)}));
  BOOST_TEST(OwnerShares(*ledger.patent()) == (std::vector<std::uint16_t>{kSixtyPercentBp, kFortyPercentBp}));
}

BOOST_AUTO_TEST_CASE(transfer_replaces_the_owners) {
  Ledger ledger = CoOwnedLedger();
  ledger.Accept(Transfer({OwnerA(), OwnerB()}, {OwnerC()}), {kOperatorKey, kOwnerAKey, kOwnerBKey});
  BOOST_TEST(OwnerIds(*ledger.patent()) == std::vector<std::string>{kOwnerCId});
  BOOST_TEST(OwnerShares(*ledger.patent()) == std::vector<std::uint16_t>{kWholeShareBp});
}

BOOST_AUTO_TEST_CASE(transfer_normalises_all_zero_assignee_shares) {
  Ledger ledger = SoleOwnerLedger();
  ledger.Accept(Transfer({OwnerA()}, {OwnerB(), OwnerC()}));
  constexpr std::uint16_t kHalfShareBp = kWholeShareBp / 2;
  BOOST_TEST(OwnerIds(*ledger.patent()) == (std::vector<std::string>{kOwnerBId, kOwnerCId}));
  BOOST_TEST(OwnerShares(*ledger.patent()) == (std::vector<std::uint16_t>{kHalfShareBp, kHalfShareBp}));
}

BOOST_AUTO_TEST_CASE(transfer_keeps_licences_and_the_pledge) {
  Ledger ledger = PledgedLedger();
  ledger.Accept(Licence(kLicenceId, LicenceKind::kOrdinary), {kOperatorKey, kBankKey});
  ledger.Accept(Transfer(), {kOperatorKey, kBankKey});
  BOOST_TEST(ledger.patent()->licences.size() == 1u);
  BOOST_TEST_REQUIRE(ledger.patent()->pledge.has_value());
  BOOST_TEST(ledger.patent()->pledge->pledge_id == kPledgeId);
}

BOOST_AUTO_TEST_CASE(licence_is_recorded_and_terminated) {
  Ledger ledger = SoleOwnerLedger();
  ledger.Accept(Licence(kLicenceId, LicenceKind::kSole, kLicenceTerm, {kGuangdong}));
  BOOST_TEST_REQUIRE(ledger.patent()->licences.size() == 1u);
  const LicenceState& l = ledger.patent()->licences.front();
  BOOST_TEST(l.licence_id == kLicenceId);
  BOOST_TEST(int(l.kind) == int(LicenceKind::kSole));
  BOOST_TEST(l.licensee.id == kLicenseeId);
  BOOST_TEST(l.territory == std::vector<std::string>{kGuangdong});
  BOOST_TEST((l.term == kLicenceTerm));
  BOOST_TEST(!l.terminated);
  BOOST_TEST(!l.late_filing);
  ledger.Accept(Terminate(kLicenceId));
  BOOST_TEST(ledger.patent()->licences.front().terminated);
}

BOOST_AUTO_TEST_CASE(a_termination_keeps_its_effective_date_and_ends_the_licence_from_that_day) {
  Ledger ledger = SoleOwnerLedger();
  ledger.Accept(Licence(kLicenceId, LicenceKind::kSole, kLicenceTerm, {kGuangdong}));
  Submission end = Terminate(kLicenceId);
  end.effective_date = 20250630;
  ledger.Accept(end);
  const LicenceState& l = ledger.patent()->licences.front();
  BOOST_TEST(l.terminated);
  BOOST_TEST(l.terminated_on == 20250630);
  BOOST_TEST(!l.InForceOn(20240331));  // before its term
  BOOST_TEST(l.InForceOn(20240401));
  BOOST_TEST(l.InForceOn(20250629));   // the day before the termination
  BOOST_TEST(!l.InForceOn(20250630));  // effective from that day
  BOOST_TEST(!l.InForceOn(20281231));
  LicenceState undated = l;  // terminated in a state written before the date was kept
  undated.terminated_on = 0;
  BOOST_TEST(!undated.InForceOn(20240401));
  LicenceState live = l;
  live.terminated = false;
  live.terminated_on = 0;
  BOOST_TEST(live.InForceOn(20281231));
  BOOST_TEST(!live.InForceOn(20290101));  // after its term
}

BOOST_AUTO_TEST_CASE(the_late_filing_flag_is_carried_into_the_licence_state) {
  PatentState st;
  Apply(st, Record(), 0, LeafHash(1));
  Apply(st, Licence(kLicenceId, LicenceKind::kOrdinary), kFlagLateFiling, LeafHash(2));
  BOOST_TEST_REQUIRE(st.licences.size() == 1u);
  BOOST_TEST(st.licences.front().late_filing);
}

BOOST_AUTO_TEST_CASE(declaration_taking_and_withdrawal_update_the_open_licence) {
  Ledger ledger = SoleOwnerLedger();
  Submission declaration = Declare();
  ledger.Accept(declaration);
  BOOST_TEST_REQUIRE(ledger.patent()->open_licence.has_value());
  const OpenLicenceState& ol = *ledger.patent()->open_licence;
  BOOST_TEST(ol.declaration_id == declaration.submission_id);
  BOOST_TEST((ol.terms == DeclaredTerms()));
  BOOST_TEST((ol.term == kDeclarationTerm));
  BOOST_TEST(!ol.withdrawn);
  BOOST_TEST(ol.takings == 0u);
  ledger.Accept(Take(declaration.submission_id, kDeclarationTerm.start));
  ledger.Accept(Take(declaration.submission_id, kDeclarationTerm.end));
  BOOST_TEST(ledger.patent()->open_licence->takings == 2u);
}

BOOST_AUTO_TEST_CASE(a_withdrawn_declaration_keeps_its_takings_count) {
  Ledger ledger = SoleOwnerLedger();
  Submission declaration = Declare();
  ledger.Accept(declaration);
  ledger.Accept(Take(declaration.submission_id, kDeclarationTerm.start));
  ledger.Accept(Withdraw());
  BOOST_TEST_REQUIRE(ledger.patent()->open_licence.has_value());
  BOOST_TEST(ledger.patent()->open_licence->withdrawn);
  BOOST_TEST(ledger.patent()->open_licence->takings == 1u);
}

BOOST_AUTO_TEST_CASE(pledge_is_registered_and_release_clears_it) {
  Ledger ledger = SoleOwnerLedger();
  Submission pledge = Pledge();
  ledger.Accept(pledge);
  BOOST_TEST_REQUIRE(ledger.patent()->pledge.has_value());
  const ActivePledge& p = *ledger.patent()->pledge;
  BOOST_TEST(p.pledge_id == kPledgeId);
  BOOST_TEST(p.pledgee.id == kBankId);
  BOOST_TEST(p.pledgors.size() == 1u);
  BOOST_TEST((p.secured_amount == Cny()));
  BOOST_TEST((p.debt_term == kDebtTerm));
  BOOST_TEST(p.contract_id == BodyOf<PledgeRegistered>(pledge).contract_id);
  BOOST_TEST(p.registered_on == pledge.effective_date);
  ledger.Accept(Release(), {kBankKey});
  BOOST_TEST(!ledger.patent()->pledge.has_value());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(apply_status_changes)

// The patent's in-force state after `changes`, applied in order.
bool InForceAfter(std::initializer_list<StatusChange> changes) {
  Ledger ledger = SoleOwnerLedger();
  for (StatusChange change : changes) ledger.Accept(ChangeStatus(change));
  return ledger.patent()->InForce();
}

BOOST_AUTO_TEST_CASE(lapse_and_restoration_flip_in_force) {
  BOOST_TEST(!InForceAfter({StatusChange::kLapsed}));
  BOOST_TEST(InForceAfter({StatusChange::kLapsed, StatusChange::kRestored}));
}

BOOST_AUTO_TEST_CASE(preservation_order_on_and_off_flip_in_force) {
  BOOST_TEST(!InForceAfter({StatusChange::kPreservationOn}));
  BOOST_TEST(InForceAfter({StatusChange::kPreservationOn, StatusChange::kPreservationOff}));
}

BOOST_AUTO_TEST_CASE(ownership_dispute_on_and_off_flip_in_force) {
  BOOST_TEST(!InForceAfter({StatusChange::kDisputeOn}));
  BOOST_TEST(InForceAfter({StatusChange::kDisputeOn, StatusChange::kDisputeOff}));
}

BOOST_AUTO_TEST_CASE(whole_invalidation_and_expiry_end_force) {
  BOOST_TEST(!InForceAfter({StatusChange::kInvalidatedWhole}));
  BOOST_TEST(!InForceAfter({StatusChange::kExpired}));
  // Restoration answers a lapse only.
  BOOST_TEST(!InForceAfter({StatusChange::kInvalidatedWhole, StatusChange::kRestored}));
}

BOOST_AUTO_TEST_CASE(partial_invalidation_keeps_force) {
  Ledger ledger = SoleOwnerLedger();
  ledger.Accept(ChangeStatus(StatusChange::kInvalidatedPartial));
  BOOST_TEST(ledger.patent()->partially_invalidated);
  BOOST_TEST(!ledger.patent()->invalidated);
  BOOST_TEST(ledger.patent()->InForce());
}

BOOST_AUTO_TEST_CASE(a_suspension_outlasts_lifting_another) {
  BOOST_TEST(!InForceAfter({StatusChange::kLapsed, StatusChange::kPreservationOn, StatusChange::kRestored}));
}

Submission ChangeStatusOn(StatusChange change, std::int32_t effective_date) {
  Submission s = ChangeStatus(change);
  s.effective_date = effective_date;
  return s;
}

BOOST_AUTO_TEST_CASE(a_past_day_is_judged_by_the_status_changes_effective_by_then) {
  Ledger ledger = SoleOwnerLedger();
  ledger.Accept(ChangeStatusOn(StatusChange::kLapsed, 20230301));
  ledger.Accept(ChangeStatusOn(StatusChange::kRestored, 20230901));
  ledger.Accept(ChangeStatusOn(StatusChange::kInvalidatedWhole, 20250115));
  const PatentState& st = *ledger.patent();
  BOOST_TEST(st.status_dated);
  BOOST_TEST_REQUIRE(st.status_marks.size() == 3u);
  BOOST_TEST((st.status_marks[0] == StatusMark{StatusChange::kLapsed, 20230301}));
  BOOST_TEST((st.status_marks[2] == StatusMark{StatusChange::kInvalidatedWhole, 20250115}));
  BOOST_TEST(!st.InForce());  // now: invalidated
  BOOST_TEST(!st.InForceOn(kGrantDate - 1));  // not granted yet
  BOOST_TEST(st.InForceOn(kGrantDate));
  BOOST_TEST(st.InForceOn(20230228));   // the day before the lapse
  BOOST_TEST(!st.InForceOn(20230301));  // a change is effective from its day
  BOOST_TEST(st.StatusOnDay(20230301).lapsed);
  BOOST_TEST(!st.InForceOn(20230831));
  BOOST_TEST(st.InForceOn(20230901));   // restored
  BOOST_TEST(st.InForceOn(20250114));
  BOOST_TEST(!st.InForceOn(20250115));
  BOOST_TEST(st.StatusOnDay(20250115).invalidated);
  BOOST_TEST(!st.StatusOnDay(20250115).lapsed);
  BOOST_TEST(!st.InForceOn(kExpiryDate + 1));
}

BOOST_AUTO_TEST_CASE(changes_apply_in_effective_date_order_whatever_the_order_admitted) {
  // A dispute recorded late, effective before the settlement recorded first.
  Ledger ledger = SoleOwnerLedger();
  ledger.Accept(ChangeStatusOn(StatusChange::kDisputeOff, 20240601));
  ledger.Accept(ChangeStatusOn(StatusChange::kDisputeOn, 20240101));
  const PatentState& st = *ledger.patent();
  BOOST_TEST(st.ownership_dispute);  // admission's view: the last change admitted
  BOOST_TEST(st.InForceOn(20231231));
  BOOST_TEST(!st.InForceOn(20240101));
  BOOST_TEST(!st.InForceOn(20240531));
  BOOST_TEST(st.InForceOn(20240601));  // settled from then, by date
  // Changes of one day apply in the order admitted.
  const std::vector<StatusMark> same_day{{StatusChange::kPreservationOn, 20240301},
                                         {StatusChange::kPreservationOff, 20240301}};
  BOOST_TEST(StatusOn(same_day, 20240301).InForce());
  BOOST_TEST(!StatusOn({same_day[1], same_day[0]}, 20240301).InForce());
}

BOOST_AUTO_TEST_CASE(a_state_without_dated_changes_is_judged_by_its_current_flags) {
  Ledger ledger = SoleOwnerLedger();
  ledger.Accept(ChangeStatusOn(StatusChange::kLapsed, 20230301));
  PatentState old = *ledger.patent();  // as a node that did not keep the dates wrote it
  old.status_marks.clear();
  old.status_dated = false;
  BOOST_TEST(!old.InForceOn(20230228));  // unknown date: the lapse counts on every day
  BOOST_TEST(!old.InForceOn(20240101));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(apply_key_events)

constexpr char kNewKey[] = "key-new";
constexpr std::size_t kEd25519PublicKeyBytes = 32;

BOOST_AUTO_TEST_CASE(enrolment_adds_the_key) {
  KeyRegistry keys;
  Submission enrol = Enrol(kNewKey, kBankId, kRoleBank | kRoleRegistryOperator);
  ApplyKeyEvent(keys, enrol);
  const KeyRecord* key = keys.Find(kNewKey);
  BOOST_TEST_REQUIRE(key != nullptr);
  BOOST_TEST(key->key_id == kNewKey);
  BOOST_TEST(key->organisation == kBankId);
  BOOST_TEST(int(key->roles) == int(kRoleBank | kRoleRegistryOperator));
  BOOST_TEST(int(key->algorithm) == int(KeyAlgorithm::kEd25519));
  BOOST_TEST(key->public_key.size() == kEd25519PublicKeyBytes);
  BOOST_TEST(int(key->public_key.back()) == 0x1f);  // last byte of kPublicKeyHex
  BOOST_TEST(!key->revoked);
}

BOOST_AUTO_TEST_CASE(revocation_marks_the_key_and_keeps_its_record) {
  KeyRegistry keys;
  ApplyKeyEvent(keys, Enrol(kNewKey, kBankId, kRoleBank));
  ApplyKeyEvent(keys, Revoke(kNewKey));
  const KeyRecord* key = keys.Find(kNewKey);
  BOOST_TEST_REQUIRE(key != nullptr);
  BOOST_TEST(key->revoked);
  BOOST_TEST(key->revoked_at_us == kRevokedAtUs);
  BOOST_TEST(key->organisation == kBankId);
  BOOST_TEST(int(key->roles) == int(kRoleBank));
  BOOST_TEST(keys.all().size() == 1u);
}

BOOST_AUTO_TEST_CASE(key_events_leave_other_keys_alone) {
  KeyRegistry keys = StandardKeys();
  const std::size_t before = keys.all().size();
  ApplyKeyEvent(keys, Enrol(kNewKey, kBankId, kRoleBank));
  ApplyKeyEvent(keys, Revoke(kBankKey));
  BOOST_TEST(keys.all().size() == before + 1);
  BOOST_TEST(!keys.Find(kOtherBankKey)->revoked);
  BOOST_TEST(keys.Find(kBankKey)->revoked);
  BOOST_TEST(!keys.Find(kNewKey)->revoked);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace pl::domain::testing
