// Submissions built to be refused, part 3: each kind's own rules (licences,
// open licences, export certificates, terminations). The acts start from
// OwnersAct, so existence, dates, in force, owners and every consent pass;
// the kind's checks before the intended one pass too (ledger/domain/rules.cc:
// CheckLicence runs term, export certificate, open-licence, then conflicts).
#include <algorithm>

#include "ledger/sample/engine.h"

namespace pl::sample::internal {

using domain::LicenceKind;
using domain::PatentState;
using domain::RejectCode;

namespace {

constexpr int kMinDaysLeft = 90;  // room for a licence term before expiry

const domain::LicenceState* LiveExclusive(const PatentState& st, std::int32_t from) {
  for (const domain::LicenceState& l : st.licences) {
    if (!l.terminated && l.kind == LicenceKind::kExclusive && l.term.end >= from) return &l;
  }
  return nullptr;
}

}  // namespace

bool Engine::RejectLicenceConflict(Generated* out) {
  const std::int32_t min_expiry = AddDays(date_, kMinDaysLeft);
  auto room = [&](const PatentSlot& p) { return InForceToday(p) && p.state.expiry_date >= min_expiry; };
  auto k = variant_ % 2 == 0 ? ScanSlot([&](const PatentSlot& p) { return room(p) && LiveExclusive(p.state, date_); })
                             : std::optional<std::size_t>{};
  if (k) {
    const domain::LicenceState& other = *LiveExclusive(slots_[*k].state, date_);
    Draft d = OwnersAct(*k, OwnerAct::kLicence);
    auto& l = std::get<domain::LicenceRecorded>(d.submission.body);
    l.territory = other.territory.empty() ? std::vector<std::string>{"CN"} : other.territory;
    l.contract_date = std::max(slots_[*k].state.grant_date, AddDays(date_, -rng_.Int(0, 30)));
    l.term = {date_, std::min({AddDays(AddYears(date_, 1), -1), other.term.end, slots_[*k].state.expiry_date})};
    d.note = "ordinary licence overlapping exclusive licence " + other.licence_id;
    Refuse(d, RejectCode::kLicenceConflict, out);
    return true;
  }
  k = ScanSlot([&](const PatentSlot& p) { return room(p) && !p.state.licences.empty(); });
  if (!k) return false;
  const PatentState& st = slots_[*k].state;
  Draft d = OwnersAct(*k, OwnerAct::kLicence);
  auto& l = std::get<domain::LicenceRecorded>(d.submission.body);
  l.licence_id = st.licences[rng_.Index(st.licences.size())].licence_id;
  d.note = "licence filed under a licence id already recorded";
  Refuse(d, RejectCode::kLicenceConflict, out);
  return true;
}

// Blocked by an exclusive or sole licence (never terminated early, see
// ActTerminate), not by another declaration: that one may be withdrawn later
// and the declaration would then pass.
bool Engine::RejectOpenLicenceBlocked(Generated* out) {
  auto k = ScanSlot([&](const PatentSlot& p) { return InForceToday(p) && ExclusiveOrSoleLive(p.state, date_); });
  if (!k) return false;
  Draft d = OwnersAct(*k, OwnerAct::kDeclaration);
  d.note = "open-licence declaration while an exclusive or sole licence is in force";
  Refuse(d, RejectCode::kOpenLicenceBlocked, out);
  return true;
}

// The licence also reuses a recorded licence id, so it stays refused
// (LICENCE_CONFLICT) once the declaration is withdrawn.
bool Engine::RejectExclusiveForbidden(Generated* out) {
  const std::int32_t min_expiry = AddDays(date_, kMinDaysLeft);
  auto k = ScanSlot([&](const PatentSlot& p) {
    return InForceToday(p) && p.state.expiry_date >= min_expiry && DeclarationLive(p.state, date_) &&
           !p.state.licences.empty();
  });
  if (!k) return false;
  const PatentState& st = slots_[*k].state;
  Draft d = OwnersAct(*k, OwnerAct::kLicence);
  auto& l = std::get<domain::LicenceRecorded>(d.submission.body);
  l.kind = rng_.Chance(0.5) ? LicenceKind::kExclusive : LicenceKind::kSole;
  l.licence_id = st.licences[rng_.Index(st.licences.size())].licence_id;
  d.note = std::string(LicenceKindName(l.kind)) + " licence while an open-licence declaration is in force";
  Refuse(d, RejectCode::kOpenLicenceExclusiveForbidden, out);
  return true;
}

// A taking of a declaration that is not open on its date: withdrawn, past
// its term, or never made (a withdrawal with nothing declared is not built:
// a later declaration would let it pass on resubmission).
bool Engine::RejectNotDeclared(Generated* out) {
  auto k = ScanSlot([&](const PatentSlot& p) { return InForceToday(p) && !DeclarationOpenOn(p.state, date_); });
  if (!k) return false;
  const PatentState& st = slots_[*k].state;
  domain::OpenLicenceTaken t;
  t.licensee = Counterparty(st);
  t.declaration = st.open_licence ? st.open_licence->declaration_id : rng_.Hex(32);
  t.terms = st.open_licence ? st.open_licence->terms : NewRoyaltyTerms();
  t.payment = Cny(rng_.Range(1, 20) * 10000);
  Draft d = NewDraft(slots_[*k].number, std::move(t), Operator());
  d.note = st.open_licence ? "taking under a declaration withdrawn or out of its term"
                           : "taking of a patent with no open-licence declaration";
  Refuse(d, RejectCode::kOpenLicenceNotDeclared, out);
  return true;
}

bool Engine::RejectTermsMismatch(Generated* out) {
  auto k = ScanSlot([&](const PatentSlot& p) { return InForceToday(p) && DeclarationOpenOn(p.state, date_); });
  if (!k) return false;
  const PatentState& st = slots_[*k].state;
  domain::OpenLicenceTaken t;
  t.licensee = Counterparty(st);
  t.declaration = st.open_licence->declaration_id;
  t.terms = st.open_licence->terms;
  if (t.terms.rate_bp > 0) {
    t.terms.rate_bp -= std::min<std::uint32_t>(t.terms.rate_bp, 50);
  } else {
    t.terms.amount.amount_minor /= 2;
  }
  t.payment = t.terms.amount.currency.empty() ? Cny(rng_.Range(1, 20) * 10000) : t.terms.amount;
  Draft d = NewDraft(slots_[*k].number, std::move(t), Operator());
  d.note = "taking at lower royalty terms than declared";
  Refuse(d, RejectCode::kOpenLicenceTermsMismatch, out);
  return true;
}

bool Engine::RejectExportCertificate(Generated* out) {
  const std::int32_t min_expiry = AddDays(date_, kMinDaysLeft);
  auto k = ScanSlot([&](const PatentSlot& p) {
    return InForceToday(p) && p.state.expiry_date >= min_expiry && p.state.patent_type != domain::PatentType::kDesign &&
           AnyDomestic(p.state.owners);
  });
  if (!k) return false;
  domain::Party buyer = world_.RandomForeign(rng_);
  Draft d;
  if (variant_ % 2 == 0) {
    d = OwnersAct(*k, OwnerAct::kTransfer);
    auto& t = std::get<domain::OwnershipTransferred>(d.submission.body);
    t.assignees = {buyer};
    t.export_certificate.clear();
  } else {
    d = OwnersAct(*k, OwnerAct::kLicence);
    auto& l = std::get<domain::LicenceRecorded>(d.submission.body);
    l.licensee = buyer;
    l.export_certificate.clear();
  }
  d.note += " to " + buyer.country + " without a technology export certificate";
  Refuse(d, RejectCode::kExportCertificateMissing, out);
  return true;
}

bool Engine::RejectLicenceNotFound(Generated* out) {
  auto k = ScanSlot([](const PatentSlot&) { return true; });
  if (!k) return false;
  const PatentState& st = slots_[*k].state;
  domain::LicenceTerminated t;
  t.reason = "term ended";
  auto terminated = std::find_if(st.licences.begin(), st.licences.end(),
                                 [](const domain::LicenceState& l) { return l.terminated; });
  std::string note;
  if (variant_ % 2 == 0 && terminated != st.licences.end()) {
    t.licence_id = terminated->licence_id;
    note = "termination of a licence already terminated";
  } else {
    t.licence_id = "LIC-" + std::to_string(date_ / 10000) + "-" + std::to_string(++serial_);
    note = "termination of a licence never filed";
  }
  Draft d = NewDraft(slots_[*k].number, std::move(t), Operator());
  d.note = std::move(note);
  Refuse(d, RejectCode::kLicenceNotFound, out);
  return true;
}

}  // namespace pl::sample::internal
