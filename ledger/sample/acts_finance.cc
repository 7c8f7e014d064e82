// Accepted acts on open licences (declaration, taking, withdrawal) and
// pledges (registration, release). Same discipline as acts.cc: fill `*d`
// on success, never touch the model.
#include <algorithm>

#include "ledger/sample/engine.h"

namespace pl::sample::internal {

using domain::PatentState;

namespace {

constexpr int kDeclareMinDaysLeft = 365;
constexpr int kPledgeMinDaysLeft = 400;
constexpr double kEnterpriseDeclares = 0.25;    // declarations are mostly by universities and institutes
constexpr double kAcademicPledges = 0.3;        // pledges are mostly by enterprises
constexpr double kEarlyReleaseShare = 0.3;      // releases before the debt term ends
constexpr double kBankReleasesShare = 0.8;      // releases submitted by the pledgee bank itself
constexpr std::array<int, 3> kRoyaltyMethodWeights{25, 50, 25};  // lump sum, rate, both
constexpr std::array<int, 4> kReleaseReasonWeights{80, 5, 10, 5};  // repaid, disposed, agreed, court

bool Academic(const PatentState& st) {
  const auto holder = st.owners.front().holder_type;
  return holder == domain::HolderType::kUniversity || holder == domain::HolderType::kResearchInstitute;
}

}  // namespace

domain::RoyaltyTerms Engine::NewRoyaltyTerms() {
  domain::RoyaltyTerms t;
  t.method = static_cast<domain::RoyaltyMethod>(rng_.Weighted(kRoyaltyMethodWeights));
  if (t.method != domain::RoyaltyMethod::kRate) t.amount = Cny(rng_.Range(2, 30) * 10000);
  if (t.method != domain::RoyaltyMethod::kLumpSum) t.rate_bp = std::uint32_t(rng_.Int(150, 600));
  return t;
}

bool Engine::ActDeclare(Draft* d) {
  const std::int32_t min_expiry = AddDays(date_, kDeclareMinDaysLeft);
  auto k = PickSlot([&](const PatentSlot& p) {
    const PatentState& st = p.state;
    return InForceToday(p) && st.expiry_date >= min_expiry && !DeclarationLive(st, date_) &&
           !ExclusiveOrSoleLive(st, date_) && (Academic(st) || rng_.Chance(kEnterpriseDeclares));
  });
  if (!k) return false;
  const PatentState& st = slots_[*k].state;
  domain::OpenLicenceDeclared o;
  o.declarants = st.owners;
  o.terms = NewRoyaltyTerms();
  o.term.start = date_;
  o.term.end = std::min(AddDays(AddYears(date_, rng_.Int(2, 5)), -1), st.expiry_date);
  Draft x = NewDraft(slots_[*k].number, std::move(o), Operator());
  for (std::size_t c : Consents(st, true)) x.signers.push_back(c);
  MaybeGuardVersion(x, st);
  x.slot = k;
  x.note = std::string("open licence declared by ") + HolderName(st.owners.front().holder_type);
  if (st.pledge) x.note += ", with the pledgee bank's consent";
  *d = std::move(x);
  return true;
}

bool Engine::ActTake(Draft* d) {
  auto k = PickSlot([&](const PatentSlot& p) { return InForceToday(p) && DeclarationOpenOn(p.state, date_); });
  if (!k) return false;
  const PatentState& st = slots_[*k].state;
  domain::OpenLicenceTaken t;
  t.licensee = Counterparty(st);
  t.declaration = st.open_licence->declaration_id;
  t.terms = st.open_licence->terms;
  t.payment = t.terms.amount.currency.empty() ? Cny(rng_.Range(1, 20) * 10000) : t.terms.amount;
  Draft x = NewDraft(slots_[*k].number, std::move(t), Operator());
  MaybeGuardVersion(x, st);
  x.slot = k;
  x.note = "open licence taken";
  *d = std::move(x);
  return true;
}

bool Engine::ActWithdraw(Draft* d) {
  auto k = PickSlot([&](const PatentSlot& p) { return p.state.open_licence && !p.state.open_licence->withdrawn; });
  if (!k) return false;
  const PatentState& st = slots_[*k].state;
  static constexpr std::array<const char*, 3> kReasons{"patentee intends an exclusive licence",
                                                       "patent to be transferred", "royalty terms under review"};
  domain::OpenLicenceWithdrawn w;
  w.declarants = st.owners;
  w.reason = kReasons[rng_.Index(kReasons.size())];
  Draft x = NewDraft(slots_[*k].number, std::move(w), Operator());
  for (std::size_t c : Consents(st, false)) x.signers.push_back(c);
  x.slot = k;
  x.note = "open licence withdrawn (takings stay valid)";
  *d = std::move(x);
  return true;
}

domain::PledgeRegistered Engine::NewPledge(const PatentSlot& p) {
  const PatentState& st = p.state;
  const Bank& bank = world_.banks()[rng_.Index(world_.banks().size())];
  domain::PledgeRegistered r;
  r.pledge_id = "PLG-" + std::to_string(date_ / 10000) + "-" + std::to_string(++serial_);
  r.pledgors = st.owners;
  r.pledgee = bank.party;
  r.secured_amount = Cny(rng_.Range(100, 5000) * 10000);  // 1 to 50 million yuan
  r.debt_term.start = date_;
  r.debt_term.end = std::min(AddDays(AddYears(date_, rng_.Int(1, 3)), -1), st.expiry_date);
  r.contract_id = "LOAN-" + bank.key_name.substr(5) + "-" + std::to_string(serial_);
  return r;
}

bool Engine::ActPledge(Draft* d) {
  const std::int32_t min_expiry = AddDays(date_, kPledgeMinDaysLeft);
  auto k = PickSlot([&](const PatentSlot& p) {
    return InForceToday(p) && !p.state.pledge && p.state.expiry_date >= min_expiry &&
           (!Academic(p.state) || rng_.Chance(kAcademicPledges));
  });
  if (!k) return false;
  const PatentState& st = slots_[*k].state;
  domain::PledgeRegistered r = NewPledge(slots_[*k]);
  std::string note = "pledge to " + r.pledgee.name;
  Draft x = NewDraft(slots_[*k].number, std::move(r), Operator());
  for (std::size_t c : Consents(st, false)) x.signers.push_back(c);
  MaybeGuardVersion(x, st);
  x.slot = k;
  x.note = note + (st.owners.size() > 1 ? ", with co-owner consents" : "");
  *d = std::move(x);
  return true;
}

bool Engine::ActRelease(Draft* d) {
  auto k = PickSlot([&](const PatentSlot& p) {
    return p.state.pledge && (date_ > p.state.pledge->debt_term.end || rng_.Chance(kEarlyReleaseShare));
  });
  if (!k) return false;
  const PatentState& st = slots_[*k].state;
  domain::PledgeReleased r;
  r.pledge_id = st.pledge->pledge_id;
  r.pledgee = st.pledge->pledgee;
  r.reason = static_cast<domain::ReleaseReason>(rng_.Weighted(kReleaseReasonWeights));
  const bool by_bank = rng_.Chance(kBankReleasesShare);
  Draft x = NewDraft(slots_[*k].number, std::move(r), by_bank ? ConsentKey(st.pledge->pledgee.id) : Operator());
  x.slot = k;
  x.note = by_bank ? "pledge released by the pledgee bank" : "pledge released by an operator";
  *d = std::move(x);
  return true;
}

}  // namespace pl::sample::internal
