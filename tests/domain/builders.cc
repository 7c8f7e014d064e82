#include "tests/domain/builders.h"

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <utility>

#include "ledger/base/date.h"

namespace pl::domain::testing {
namespace {

// Co-owned fixture: 60 % / 40 %.
constexpr std::uint16_t kOwnerAShareBp = 6000;
constexpr std::uint16_t kOwnerBShareBp = 4000;

Date DateOf(std::int32_t yyyymmdd) {
  auto date = Date::FromYyyymmdd(yyyymmdd);
  if (!date) BOOST_FAIL(yyyymmdd << " is not a calendar day");
  return *date;
}

KeyRecord Key(std::string key_id, std::string organisation, std::uint8_t roles) {
  KeyRecord key;
  key.key_id = std::move(key_id);
  key.organisation = std::move(organisation);
  key.roles = roles;
  return key;
}

SignatureOutcome MakeOutcome(std::string key_id, SignatureCheck check) {
  SignatureOutcome outcome;
  outcome.key_id = std::move(key_id);
  outcome.check = check;
  return outcome;
}

}  // namespace

std::int32_t NextDay(std::int32_t yyyymmdd) { return DateOf(yyyymmdd).PlusDays(1).yyyymmdd(); }
std::int32_t PreviousDay(std::int32_t yyyymmdd) { return DateOf(yyyymmdd).PlusDays(-1).yyyymmdd(); }

Party Domestic(std::string credit_code, std::uint32_t division_code, std::uint16_t share_bp) {
  Party p;
  p.kind = PartyKind::kDomesticOrganisation;
  p.id = std::move(credit_code);
  p.name = "organisation " + p.id;
  p.holder_type = HolderType::kEnterprise;
  p.division_code = division_code;
  p.share_bp = share_bp;
  return p;
}

Party OwnerA(std::uint16_t share_bp) { return Domestic(kOwnerAId, kFuzhouDivision, share_bp); }
Party OwnerB(std::uint16_t share_bp) { return Domestic(kOwnerBId, kHaidianDivision, share_bp); }
Party OwnerC(std::uint16_t share_bp) { return Domestic(kOwnerCId, kHangzhouDivision, share_bp); }
Party Bank() { return Domestic(kBankId, kShenzhenDivision); }
Party OtherBank() { return Domestic(kOtherBankId, kPudongDivision); }
Party Licensee() { return Domestic(kLicenseeId, kSuzhouDivision); }

Party ForeignParty() {
  Party p;
  p.kind = PartyKind::kForeign;
  p.id = kForeignRegistryId;
  p.country = kForeignCountry;
  p.name = "foreign enterprise";
  return p;
}

Party IndividualParty() {
  Party p;
  p.kind = PartyKind::kIndividual;
  p.id = kIndividualId;
  p.name = "an inventor";
  p.holder_type = HolderType::kIndividual;
  p.division_code = kDongchengDivision;
  return p;
}

Money Cny(std::int64_t amount_minor) { return Money{amount_minor, kCurrency}; }

RoyaltyTerms DeclaredTerms() {
  RoyaltyTerms terms;
  terms.method = RoyaltyMethod::kRate;
  terms.rate_bp = kDeclaredRateBp;
  return terms;
}

std::string NextSubmissionId() {
  static std::uint64_t counter = 0;
  char hex[33];
  std::snprintf(hex, sizeof hex, "%016llx%016llx", 0xd0d0d0d0d0d0d0d0ull,
                static_cast<unsigned long long>(++counter));
  return hex;
}

Submission Make(Body body, std::int32_t effective_date) {
  Submission s;
  s.submission_id = NextSubmissionId();
  s.patent = IsKeyEvent(body) ? "" : kInventionNumber;
  s.effective_date = effective_date;
  s.body = std::move(body);
  return s;
}

Submission Record(std::vector<Party> owners, PatentType type) {
  PatentRecorded r;
  r.patent_type = type;
  r.title = "a method of drying tea leaves";
  r.ipc_main_class = "A23F";
  r.owners = std::move(owners);
  r.grant_date = kGrantDate;
  r.expiry_date = kExpiryDate;
  Submission s = Make(std::move(r), kGrantDate);
  switch (type) {
    case PatentType::kInvention: s.patent = kInventionNumber; break;
    case PatentType::kUtilityModel: s.patent = kUtilityModelNumber; break;
    case PatentType::kDesign: s.patent = kDesignNumber; break;
  }
  return s;
}

Submission ChangeStatus(StatusChange change) {
  PatentStatusChanged c;
  c.change = change;
  c.reason = "test";
  return Make(c);
}

Submission Transfer(std::vector<Party> assignors, std::vector<Party> assignees) {
  OwnershipTransferred t;
  t.assignors = std::move(assignors);
  t.assignees = std::move(assignees);
  t.contract_id = "TR-2024-001";
  t.consideration = Cny();
  return Make(std::move(t));
}

Submission Licence(std::string licence_id, LicenceKind kind, DateRange term, std::vector<std::string> territory) {
  LicenceRecorded l;
  l.licence_id = std::move(licence_id);
  l.licensors = {OwnerA()};
  l.licensee = Licensee();
  l.kind = kind;
  l.territory = std::move(territory);
  l.term = term;
  l.lump_sum = Cny();
  l.contract_date = kActDate;
  return Make(std::move(l));
}

Submission Terminate(std::string licence_id) {
  LicenceTerminated t;
  t.licence_id = std::move(licence_id);
  t.reason = "agreed";
  return Make(std::move(t));
}

Submission Declare(DateRange term) {
  OpenLicenceDeclared d;
  d.declarants = {OwnerA()};
  d.terms = DeclaredTerms();
  d.term = term;
  return Make(std::move(d));
}

Submission Withdraw() {
  OpenLicenceWithdrawn w;
  w.declarants = {OwnerA()};
  w.reason = "withdrawn by the owner";
  return Make(std::move(w));
}

Submission Take(std::string declaration_id, std::int32_t effective_date) {
  OpenLicenceTaken t;
  t.licensee = Licensee();
  t.declaration = std::move(declaration_id);
  t.terms = DeclaredTerms();
  t.payment = Cny();
  return Make(std::move(t), effective_date);
}

Submission Pledge(std::string pledge_id, Party pledgee, DateRange debt_term) {
  PledgeRegistered p;
  p.pledge_id = std::move(pledge_id);
  p.pledgors = {OwnerA()};
  p.pledgee = std::move(pledgee);
  p.secured_amount = Cny();
  p.debt_term = debt_term;
  p.contract_id = "LOAN-2024-001";
  return Make(std::move(p));
}

Submission Release(std::string pledge_id, Party pledgee) {
  PledgeReleased r;
  r.pledge_id = std::move(pledge_id);
  r.pledgee = std::move(pledgee);
  r.reason = ReleaseReason::kRepaid;
  return Make(std::move(r));
}

Submission Enrol(std::string key_id, std::string organisation, std::uint8_t roles) {
  KeyEnrolled e;
  e.key_id = std::move(key_id);
  e.algorithm = KeyAlgorithm::kEd25519;
  e.public_key_hex = kPublicKeyHex;
  e.organisation = std::move(organisation);
  e.roles = roles;
  return Make(std::move(e));
}

Submission Revoke(std::string key_id) {
  KeyRevoked r;
  r.key_id = std::move(key_id);
  r.reason = "key compromised";
  r.revoked_at_us = kRevokedAtUs;
  return Make(std::move(r));
}

SignatureOutcome Valid(std::string key_id) { return MakeOutcome(std::move(key_id), SignatureCheck::kValid); }
SignatureOutcome Invalid(std::string key_id) { return MakeOutcome(std::move(key_id), SignatureCheck::kInvalid); }
SignatureOutcome KeyUnknown(std::string key_id) {
  return MakeOutcome(std::move(key_id), SignatureCheck::kKeyUnknown);
}

std::string Outcome(const Verdict& verdict) {
  switch (verdict.outcome) {
    case Verdict::Outcome::kAccept: return kAccepted;
    case Verdict::Outcome::kAlreadyAccepted: return kAlreadyAccepted;
    case Verdict::Outcome::kReject: break;
  }
  std::string name(RejectCodeName(verdict.code));
  return verdict.message.empty() ? name + " (no message)" : name;
}

std::string Rejected(RejectCode code) { return std::string(RejectCodeName(code)); }

KeyRegistry StandardKeys() {
  KeyRegistry keys;
  keys.Put(Key(kAuthorityKey, kAuthorityOrganisation, kRoleAuthority));
  keys.Put(Key(kOperatorKey, kOperatorOrganisation, kRoleRegistryOperator));
  KeyRecord revoked = Key(kRevokedOperatorKey, kOperatorOrganisation, kRoleRegistryOperator);
  revoked.revoked = true;
  revoked.revoked_at_us = kRevokedAtUs;
  keys.Put(std::move(revoked));
  keys.Put(Key(kBankKey, kBankId, kRoleBank));
  keys.Put(Key(kOtherBankKey, kOtherBankId, kRoleBank));
  keys.Put(Key(kOwnerAKey, kOwnerAId, kOwnerKeyRoles));
  keys.Put(Key(kOwnerBKey, kOwnerBId, kOwnerKeyRoles));
  keys.Put(Key(kOwnerCKey, kOwnerCId, kOwnerKeyRoles));
  return keys;
}

Verdict Ledger::Check(const Submission& s, const std::vector<std::string>& signers) const {
  std::vector<SignatureOutcome> signatures;
  for (const std::string& key_id : signers) signatures.push_back(Valid(key_id));
  return CheckWith(s, signatures);
}

Verdict Ledger::CheckWith(const Submission& s, const std::vector<SignatureOutcome>& signatures,
                          const PriorAcceptance* prior, const Hash256& digest) const {
  AdmissionInput input;
  input.submission = &s;
  input.signatures = signatures;
  input.submission_digest = digest;
  input.prior = prior;
  return Decide(input, keys_, IsKeyEvent(s.body) ? nullptr : patent());
}

Verdict Ledger::Submit(const Submission& s, const std::vector<std::string>& signers) {
  Verdict verdict = Check(s, signers);
  if (!verdict.accepted()) return verdict;
  if (IsKeyEvent(s.body)) {
    ApplyKeyEvent(keys_, s);
    return verdict;
  }
  if (!patent_) patent_.emplace();
  // A leaf hash that differs per event; the domain only stores it.
  Hash256 leaf_hash{};
  leaf_hash[0] = static_cast<std::uint8_t>(patent_->event_count + 1);
  Apply(*patent_, s, verdict.flags, leaf_hash);
  return verdict;
}

void Ledger::Accept(const Submission& s, const std::vector<std::string>& signers) {
  Verdict verdict = Submit(s, signers);
  // BOOST_FAIL rather than BOOST_REQUIRE: set-up steps are not counted as
  // assertions of the behaviour under test.
  if (!verdict.accepted()) {
    BOOST_FAIL("set-up " << KindName(s.body) << " was not accepted: " << Outcome(verdict) << ": " << verdict.message);
  }
}

Ledger LedgerOf(const Submission& record) {
  Ledger ledger;
  ledger.Accept(record);
  return ledger;
}

Ledger SoleOwnerLedger() { return LedgerOf(Record({OwnerA()})); }

Ledger CoOwnedLedger() { return LedgerOf(Record({OwnerA(kOwnerAShareBp), OwnerB(kOwnerBShareBp)})); }

Ledger PledgedLedger() {
  Ledger ledger = SoleOwnerLedger();
  ledger.Accept(Pledge());
  return ledger;
}

}  // namespace pl::domain::testing
