#include "tests/codec/samples.h"

#include <variant>

#include <boost/test/unit_test.hpp>

#include "ledger/domain/admission.h"

namespace pl::codec::testing {

using namespace pl::domain;  // test code: every domain type is used here

namespace {

// Double parentheses: compare without Boost's operand printing (the domain
// types have no operator<<); the message names the field.
#define EXPECT_FIELD(a, b, field) BOOST_TEST(((a).field == (b).field), "field " #field " differs")

domain::Money Cny(std::int64_t minor) { return domain::Money{minor, "CNY"}; }

void ExpectSame(const PatentRecorded& a, const PatentRecorded& b) {
  EXPECT_FIELD(a, b, patent_type);
  EXPECT_FIELD(a, b, title);
  EXPECT_FIELD(a, b, ipc_main_class);
  EXPECT_FIELD(a, b, owners);
  EXPECT_FIELD(a, b, grant_date);
  EXPECT_FIELD(a, b, expiry_date);
  EXPECT_FIELD(a, b, publicly_funded);
}
void ExpectSame(const PatentStatusChanged& a, const PatentStatusChanged& b) {
  EXPECT_FIELD(a, b, change);
  EXPECT_FIELD(a, b, reason);
}
void ExpectSame(const OwnershipTransferred& a, const OwnershipTransferred& b) {
  EXPECT_FIELD(a, b, assignors);
  EXPECT_FIELD(a, b, assignees);
  EXPECT_FIELD(a, b, contract_id);
  EXPECT_FIELD(a, b, consideration);
  EXPECT_FIELD(a, b, cause);
  EXPECT_FIELD(a, b, export_certificate);
}
void ExpectSame(const LicenceRecorded& a, const LicenceRecorded& b) {
  EXPECT_FIELD(a, b, licence_id);
  EXPECT_FIELD(a, b, licensors);
  EXPECT_FIELD(a, b, licensee);
  EXPECT_FIELD(a, b, kind);
  EXPECT_FIELD(a, b, territory);
  EXPECT_FIELD(a, b, term);
  EXPECT_FIELD(a, b, lump_sum);
  EXPECT_FIELD(a, b, royalty_rate_bp);
  EXPECT_FIELD(a, b, contract_date);
  EXPECT_FIELD(a, b, export_certificate);
}
void ExpectSame(const LicenceTerminated& a, const LicenceTerminated& b) {
  EXPECT_FIELD(a, b, licence_id);
  EXPECT_FIELD(a, b, reason);
}
void ExpectSame(const OpenLicenceDeclared& a, const OpenLicenceDeclared& b) {
  EXPECT_FIELD(a, b, declarants);
  EXPECT_FIELD(a, b, terms);
  EXPECT_FIELD(a, b, term);
}
void ExpectSame(const OpenLicenceWithdrawn& a, const OpenLicenceWithdrawn& b) {
  EXPECT_FIELD(a, b, declarants);
  EXPECT_FIELD(a, b, reason);
}
void ExpectSame(const OpenLicenceTaken& a, const OpenLicenceTaken& b) {
  EXPECT_FIELD(a, b, licensee);
  EXPECT_FIELD(a, b, declaration);
  EXPECT_FIELD(a, b, terms);
  EXPECT_FIELD(a, b, payment);
}
void ExpectSame(const PledgeRegistered& a, const PledgeRegistered& b) {
  EXPECT_FIELD(a, b, pledge_id);
  EXPECT_FIELD(a, b, pledgors);
  EXPECT_FIELD(a, b, pledgee);
  EXPECT_FIELD(a, b, secured_amount);
  EXPECT_FIELD(a, b, debt_term);
  EXPECT_FIELD(a, b, contract_id);
}
void ExpectSame(const PledgeReleased& a, const PledgeReleased& b) {
  EXPECT_FIELD(a, b, pledge_id);
  EXPECT_FIELD(a, b, pledgee);
  EXPECT_FIELD(a, b, reason);
}
void ExpectSame(const KeyEnrolled& a, const KeyEnrolled& b) {
  EXPECT_FIELD(a, b, key_id);
  EXPECT_FIELD(a, b, algorithm);
  EXPECT_FIELD(a, b, public_key_hex);
  EXPECT_FIELD(a, b, organisation);
  EXPECT_FIELD(a, b, roles);
}
void ExpectSame(const KeyRevoked& a, const KeyRevoked& b) {
  EXPECT_FIELD(a, b, key_id);
  EXPECT_FIELD(a, b, reason);
  EXPECT_FIELD(a, b, revoked_at_us);
}

void ExpectSame(const ActivePledge& a, const ActivePledge& b) {
  EXPECT_FIELD(a, b, pledge_id);
  EXPECT_FIELD(a, b, pledgors);
  EXPECT_FIELD(a, b, pledgee);
  EXPECT_FIELD(a, b, secured_amount);
  EXPECT_FIELD(a, b, debt_term);
  EXPECT_FIELD(a, b, contract_id);
  EXPECT_FIELD(a, b, registered_on);
}
void ExpectSame(const LicenceState& a, const LicenceState& b) {
  EXPECT_FIELD(a, b, licence_id);
  EXPECT_FIELD(a, b, kind);
  EXPECT_FIELD(a, b, licensee);
  EXPECT_FIELD(a, b, territory);
  EXPECT_FIELD(a, b, term);
  EXPECT_FIELD(a, b, terminated);
  EXPECT_FIELD(a, b, late_filing);
  EXPECT_FIELD(a, b, terminated_on);
}
void ExpectSame(const OpenLicenceState& a, const OpenLicenceState& b) {
  EXPECT_FIELD(a, b, declaration_id);
  EXPECT_FIELD(a, b, terms);
  EXPECT_FIELD(a, b, term);
  EXPECT_FIELD(a, b, withdrawn);
  EXPECT_FIELD(a, b, takings);
}

Submission Wrap(int n, Body body) {
  Submission s;
  // Distinct, valid ids: 32 lowercase hex characters.
  s.submission_id = "0123456789abcdef0123456789abcd" + std::string(1, "0123456789abcdef"[n / 16]) +
                    std::string(1, "0123456789abcdef"[n % 16]);
  s.patent = "201710601862.3";
  s.expected_version = ExpectedVersion{ExpectedVersion::Kind::kExact, 7 + static_cast<std::uint64_t>(n)};
  s.effective_date = 20240229;
  s.submitted_at_us = 1709164800123456 + n;
  s.body = std::move(body);
  return s;
}

RoyaltyTerms SampleTerms() { return RoyaltyTerms{RoyaltyMethod::kRateAndLumpSum, 350, Cny(1200000)}; }

}  // namespace

domain::Party SampleParty(int n) {
  domain::Party p;
  switch (n % 3) {
    case 0:
      p.kind = PartyKind::kDomesticOrganisation;
      p.id = "91350100M000100Y4" + std::to_string(n % 10);
      p.name = "福州示范科技有限公司" + std::to_string(n);
      p.holder_type = HolderType::kUniversity;
      p.division_code = 350100;
      break;
    case 1:
      p.kind = PartyKind::kIndividual;
      p.id = "person-" + std::to_string(n);
      p.name = "张三" + std::to_string(n);
      p.holder_type = HolderType::kIndividual;
      p.division_code = 110105;
      break;
    default:
      p.kind = PartyKind::kForeign;
      p.id = "HRB " + std::to_string(10000 + n);
      p.country = "DE";
      p.name = "Beispiel GmbH " + std::to_string(n);
      p.holder_type = HolderType::kOther;
      break;
  }
  p.share_bp = static_cast<std::uint16_t>(1000 + n);
  return p;
}

std::vector<domain::Party> SampleParties(int count) {
  std::vector<domain::Party> parties;
  for (int i = 0; i < count; ++i) parties.push_back(SampleParty(i));
  return parties;
}

domain::Submission SampleLicence() {
  LicenceRecorded v;
  v.licence_id = "LIC-2024-0001";
  v.licensors = SampleParties(2);
  v.licensee = SampleParty(5);
  v.kind = LicenceKind::kSole;
  v.territory = {"35", "44", "CN"};
  v.term = DateRange{20240301, 20290228};
  v.lump_sum = Cny(50000000);
  v.royalty_rate_bp = 275;
  v.contract_date = 20231130;
  v.export_certificate = "EXP-2024-77";
  return Wrap(4, std::move(v));
}

std::vector<domain::Submission> OneOfEachKind() {
  std::vector<domain::Submission> all;
  {
    PatentRecorded v;
    v.patent_type = PatentType::kUtilityModel;
    v.title = "一种用于区块链账本的专利交易登记方法";
    v.ipc_main_class = "G06F 16/27";
    v.owners = SampleParties(3);
    v.grant_date = 20190315;
    v.expiry_date = 20371011;
    v.publicly_funded = true;
    all.push_back(Wrap(1, std::move(v)));
  }
  all.push_back(Wrap(2, PatentStatusChanged{StatusChange::kPreservationOn, "法院保全裁定 (2024) 闽01执保12号"}));
  {
    OwnershipTransferred v;
    v.assignors = SampleParties(2);
    v.assignees = {SampleParty(7)};
    v.contract_id = "TR-2024-15";
    v.consideration = Cny(880000000);
    v.cause = TransferCause::kPledgeEnforcement;
    v.export_certificate = "EXP-9";
    all.push_back(Wrap(3, std::move(v)));
  }
  all.push_back(SampleLicence());
  all.push_back(Wrap(5, LicenceTerminated{"LIC-2024-0001", "合同解除"}));
  all.push_back(Wrap(6, OpenLicenceDeclared{SampleParties(2), SampleTerms(), DateRange{20240101, 20261231}}));
  all.push_back(Wrap(7, OpenLicenceWithdrawn{SampleParties(1), "withdrawn by declarants"}));
  all.push_back(
      Wrap(8, OpenLicenceTaken{SampleParty(9), "00112233445566778899aabbccddeeff", SampleTerms(), Cny(1200000)}));
  all.push_back(Wrap(9, PledgeRegistered{"PLG-1", SampleParties(2), SampleParty(12), Cny(3000000000),
                                         DateRange{20240110, 20270109}, "LOAN-2024-3"}));
  all.push_back(Wrap(10, PledgeReleased{"PLG-1", SampleParty(12), ReleaseReason::kAgreed}));
  {
    KeyEnrolled v;
    v.key_id = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    v.algorithm = KeyAlgorithm::kEcdsaP256Sha256;
    v.public_key_hex = "04" + std::string(128, 'a');
    v.organisation = "91350100M000100Y43";
    v.roles = kRoleRegistryOperator | kRoleBank;
    Submission s = Wrap(11, std::move(v));
    s.patent.clear();  // key events carry no patent
    all.push_back(std::move(s));
  }
  {
    Submission s = Wrap(12, KeyRevoked{"0f1e2d3c4b5a69788796a5b4c3d2e1f0", "key compromised", 1709164800000001});
    s.patent.clear();
    all.push_back(std::move(s));
  }
  return all;
}

Bytes SampleEnvelope(int signature_count) {
  const Bytes submission = EncodeSubmission(SampleLicence());
  std::vector<EncodedSignature> signatures;
  for (int i = 0; i < signature_count; ++i) {
    EncodedSignature s;
    s.key_id = "key" + std::to_string(i) + std::string(29, 'a');
    s.signature.assign(64, static_cast<std::uint8_t>(0x40 + i));
    signatures.push_back(std::move(s));
  }
  return EncodeEnvelope(submission, signatures);
}

SealedHeader SampleHeader() {
  SealedHeader h;
  h.partition = 3;
  h.seq = 1234567890123ULL;
  h.stream_version = 42;
  h.recorded_at_us = 1709164800999999;
  for (std::size_t i = 0; i < h.prev_hash.size(); ++i) {
    h.prev_hash[i] = static_cast<std::uint8_t>(i);
    h.stream_prev_hash[i] = static_cast<std::uint8_t>(0xFF - i);
  }
  h.flags = domain::kFlagLateFiling;
  return h;
}

domain::PatentState SamplePatentState() {
  PatentState s;
  s.event_count = 17;
  s.patent_type = PatentType::kDesign;
  s.title = "外观设计：茶具";
  s.ipc_main_class = "07-01";
  s.grant_date = 20200102;
  s.expiry_date = 20350101;
  s.publicly_funded = true;
  s.owners = SampleParties(3);
  s.lapsed = false;
  s.invalidated = false;
  s.partially_invalidated = true;
  s.expired = false;
  s.preservation_order = true;
  s.ownership_dispute = true;
  s.pledge = ActivePledge{"PLG-1", SampleParties(2), SampleParty(4), Cny(77), DateRange{20240101, 20250101},
                          "LOAN-1", 20240105};
  for (int i = 0; i < 3; ++i) {
    LicenceState l;
    l.licence_id = "LIC-" + std::to_string(i);
    l.kind = static_cast<LicenceKind>(i);
    l.licensee = SampleParty(10 + i);
    l.territory = i == 0 ? std::vector<std::string>{} : std::vector<std::string>{"CN", "35"};
    l.term = DateRange{20240101 + i, 20300101};
    l.terminated = i == 1;
    l.terminated_on = i == 1 ? 20250301 : 0;
    l.late_filing = i == 2;
    s.licences.push_back(std::move(l));
  }
  s.open_licence = OpenLicenceState{"00112233445566778899aabbccddeeff", SampleTerms(),
                                    DateRange{20240101, 20261231}, true, 4};
  for (std::size_t i = 0; i < s.last_leaf_hash.size(); ++i) s.last_leaf_hash[i] = static_cast<std::uint8_t>(i * 7);
  s.status_marks = {StatusMark{StatusChange::kLapsed, 20230301}, StatusMark{StatusChange::kRestored, 20230901},
                    StatusMark{StatusChange::kDisputeOff, 20240101}};
  s.status_dated = true;
  return s;
}

domain::KeyRecord SampleKeyRecord(std::size_t public_key_bytes) {
  KeyRecord r;
  r.key_id = "00ff00ff00ff00ff00ff00ff00ff00ff";
  r.algorithm = public_key_bytes == 32 ? KeyAlgorithm::kEd25519 : KeyAlgorithm::kEcdsaP256Sha256;
  for (std::size_t i = 0; i < public_key_bytes; ++i) r.public_key.push_back(static_cast<std::uint8_t>(i + 1));
  r.organisation = "91350100M000100Y43";
  r.roles = kRoleAuthority | kRoleBank;
  r.revoked = true;
  r.revoked_at_us = 1709164800000001;
  return r;
}

void ExpectSameSubmission(const domain::Submission& a, const domain::Submission& b) {
  EXPECT_FIELD(a, b, submission_id);
  EXPECT_FIELD(a, b, patent);
  EXPECT_FIELD(a, b, expected_version.kind);
  EXPECT_FIELD(a, b, expected_version.version);
  EXPECT_FIELD(a, b, effective_date);
  EXPECT_FIELD(a, b, submitted_at_us);
  BOOST_TEST_REQUIRE(a.body.index() == b.body.index());
  std::visit([&](const auto& left) { ExpectSame(left, std::get<std::decay_t<decltype(left)>>(b.body)); }, a.body);
}

void ExpectSamePatentState(const domain::PatentState& a, const domain::PatentState& b) {
  EXPECT_FIELD(a, b, event_count);
  EXPECT_FIELD(a, b, patent_type);
  EXPECT_FIELD(a, b, title);
  EXPECT_FIELD(a, b, ipc_main_class);
  EXPECT_FIELD(a, b, grant_date);
  EXPECT_FIELD(a, b, expiry_date);
  EXPECT_FIELD(a, b, publicly_funded);
  EXPECT_FIELD(a, b, owners);
  EXPECT_FIELD(a, b, lapsed);
  EXPECT_FIELD(a, b, invalidated);
  EXPECT_FIELD(a, b, partially_invalidated);
  EXPECT_FIELD(a, b, expired);
  EXPECT_FIELD(a, b, preservation_order);
  EXPECT_FIELD(a, b, ownership_dispute);
  BOOST_TEST_REQUIRE(a.pledge.has_value() == b.pledge.has_value());
  if (a.pledge) ExpectSame(*a.pledge, *b.pledge);
  BOOST_TEST_REQUIRE(a.licences.size() == b.licences.size());
  for (std::size_t i = 0; i < a.licences.size(); ++i) ExpectSame(a.licences[i], b.licences[i]);
  BOOST_TEST_REQUIRE(a.open_licence.has_value() == b.open_licence.has_value());
  if (a.open_licence) ExpectSame(*a.open_licence, *b.open_licence);
  EXPECT_FIELD(a, b, last_leaf_hash);
  BOOST_TEST_REQUIRE(a.status_marks.size() == b.status_marks.size());
  for (std::size_t i = 0; i < a.status_marks.size(); ++i) {
    EXPECT_FIELD(a, b, status_marks[i].change);
    EXPECT_FIELD(a, b, status_marks[i].effective_date);
  }
  EXPECT_FIELD(a, b, status_dated);
}

void ExpectSameKeyRecord(const domain::KeyRecord& a, const domain::KeyRecord& b) {
  EXPECT_FIELD(a, b, key_id);
  EXPECT_FIELD(a, b, algorithm);
  EXPECT_FIELD(a, b, public_key);
  EXPECT_FIELD(a, b, organisation);
  EXPECT_FIELD(a, b, roles);
  EXPECT_FIELD(a, b, revoked);
  EXPECT_FIELD(a, b, revoked_at_us);
}

}  // namespace pl::codec::testing
