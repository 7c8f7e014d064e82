// Submissions built to be refused, part 2: the domain rules, in the order
// of ledger/domain/rules.cc (existence, dates, in force, owners, co-owner
// consent, pledgee consent, then each kind's own rules). Each builder starts
// from an act that would pass and breaks the one thing its code is about.
//
// Refusals stay refused when the whole file is submitted again to the
// ledger it built (tests/node: resubmission after restart adds no event).
// A refusal that rests on state that may change later (a lapse, a pledge,
// the owners) therefore also carries a fault of its own that the ledger
// checks after the intended one (AddLateFault); it never decides the first
// answer, and it decides every later one the changed state would let pass.
#include <algorithm>

#include "ledger/sample/engine.h"

namespace pl::sample::internal {

using domain::Party;
using domain::PatentState;
using domain::RejectCode;

namespace {

constexpr int kStrangerAttempts = 64;

std::vector<Party>* ActingOwners(domain::Body& body) {
  if (auto* t = std::get_if<domain::OwnershipTransferred>(&body)) return &t->assignors;
  if (auto* l = std::get_if<domain::LicenceRecorded>(&body)) return &l->licensors;
  if (auto* o = std::get_if<domain::OpenLicenceDeclared>(&body)) return &o->declarants;
  if (auto* p = std::get_if<domain::PledgeRegistered>(&body)) return &p->pledgors;
  return nullptr;
}

// A transfer can carry a late fault (a foreign buyer without an export
// certificate) only when it is of an invention or utility model and some
// assignor is domestic.
bool TransferCanCarryFault(const PatentState& st, const std::vector<Party>& assignors) {
  return st.patent_type != domain::PatentType::kDesign && AnyDomestic(assignors);
}

// A fault in the act itself that the kind's own rules find, after every
// check on the patent's state: a term past expiry (licence, declaration,
// pledge) or a foreign buyer without an export certificate (transfer).
// Shares are no use here: the ledger checks them first (MALFORMED).
// REQUIRES: for a transfer, TransferCanCarryFault.
void AddLateFault(domain::Body& body, const PatentState& st, Rng& rng, const World& world) {
  const std::int32_t beyond = AddDays(st.expiry_date, rng.Int(30, 900));
  if (auto* t = std::get_if<domain::OwnershipTransferred>(&body)) {
    PL_ASSERT(TransferCanCarryFault(st, t->assignors));
    Party buyer = world.RandomForeign(rng);
    t->assignees = {buyer};
    t->export_certificate.clear();
  }
  if (auto* l = std::get_if<domain::LicenceRecorded>(&body)) l->term.end = beyond;
  if (auto* o = std::get_if<domain::OpenLicenceDeclared>(&body)) o->term.end = beyond;
  if (auto* p = std::get_if<domain::PledgeRegistered>(&body)) p->debt_term.end = beyond;
}

const char* NotInForceReason(const PatentState& st) {
  if (st.lapsed) return "lapsed for unpaid annual fees";
  if (st.invalidated) return "wholly invalidated";
  if (st.expired) return "expired";
  if (st.preservation_order) return "under a court preservation order";
  return "suspended by an ownership dispute";
}

}  // namespace

// An act that can carry a late fault: a licence, a declaration, a pledge
// (when allowed) or, for inventions and utility models with a domestic
// owner, a transfer.
OwnerAct Engine::FaultableAct(const PatentState& st, bool with_pledge) {
  std::vector<OwnerAct> acts{OwnerAct::kLicence, OwnerAct::kDeclaration};
  if (with_pledge) acts.push_back(OwnerAct::kPledge);
  if (TransferCanCarryFault(st, st.owners)) acts.push_back(OwnerAct::kTransfer);
  return acts[rng_.Index(acts.size())];
}

Draft Engine::OwnersAct(std::size_t k, OwnerAct act) {
  const PatentSlot& p = slots_[k];
  const PatentState& st = p.state;
  domain::Body body;
  std::string what;
  switch (act) {
    case OwnerAct::kTransfer: {
      domain::OwnershipTransferred t;
      t.assignors = st.owners;
      t.assignees = {Counterparty(st)};
      t.contract_id = "TR-" + std::to_string(date_ / 10000) + "-" + std::to_string(++serial_);
      t.consideration = Cny(rng_.Range(10, 500) * 10000);
      body = std::move(t);
      what = "transfer";
      break;
    }
    case OwnerAct::kLicence: {
      // An ordinary licence to a domestic licensee, filed in time, whose
      // term runs through today.
      domain::LicenceRecorded l;
      l.licence_id = "LIC-" + std::to_string(date_ / 10000) + "-" + std::to_string(++serial_);
      l.licensors = st.owners;
      l.licensee = Counterparty(st);
      l.kind = domain::LicenceKind::kOrdinary;
      l.territory = {rng_.Chance(0.5) ? std::string("CN") : world_.RandomProvinceCode(rng_)};
      l.contract_date = std::max(st.grant_date, AddDays(date_, -rng_.Int(0, 60)));
      l.term = {l.contract_date, std::max(date_, std::min(AddDays(AddYears(date_, rng_.Int(1, 3)), -1),
                                                           st.expiry_date))};
      l.lump_sum = Cny(rng_.Range(5, 200) * 10000);
      body = std::move(l);
      what = "licence";
      break;
    }
    case OwnerAct::kDeclaration: {
      domain::OpenLicenceDeclared o;
      o.declarants = st.owners;
      o.terms = NewRoyaltyTerms();
      o.term = {date_, std::max(date_, std::min(AddDays(AddYears(date_, 2), -1), st.expiry_date))};
      body = std::move(o);
      what = "open-licence declaration";
      break;
    }
    case OwnerAct::kPledge:
      body = NewPledge(p);
      what = "pledge";
      break;
  }
  Draft d = NewDraft(p.number, std::move(body), Operator());
  for (std::size_t c : Consents(st, act != OwnerAct::kPledge)) d.signers.push_back(c);
  d.slot = k;
  d.note = what;
  return d;
}

Party Engine::Stranger(const PatentState& st) {
  for (int i = 0; i < kStrangerAttempts; ++i) {
    Party p = world_.RandomDomesticCounterparty(rng_);
    const bool owner = std::any_of(st.owners.begin(), st.owners.end(), [&](const Party& o) { return o.id == p.id; });
    if (!owner) {
      p.share_bp = 0;
      return p;
    }
  }
  PL_ASSERT(false);  // thousands of parties; a patent has at most three owners
  return {};
}

bool Engine::RejectPatentUnknown(Generated* out) {
  domain::Body body;
  switch (variant_ % 3) {
    case 0: body = domain::PatentStatusChanged{domain::StatusChange::kLapsed, "annual fee not paid"}; break;
    case 1: body = domain::LicenceTerminated{"LIC-" + std::to_string(date_ / 10000) + "-1", "term ended"}; break;
    default: {
      const Bank& bank = world_.banks()[rng_.Index(world_.banks().size())];
      body = domain::PledgeReleased{"PLG-" + std::to_string(date_ / 10000) + "-1", bank.party,
                                    domain::ReleaseReason::kRepaid};
    }
  }
  Draft d = NewDraft(patents_.UnusedNumber(rng_, date_ / 10000 - rng_.Int(0, 4)), std::move(body), Operator());
  d.note = std::string(domain::KindName(d.submission.body)) + " of a patent never recorded in this ledger";
  Refuse(d, RejectCode::kPatentUnknown, out);
  return true;
}

bool Engine::RejectAlreadyRecorded(Generated* out) {
  auto k = ScanSlot([](const PatentSlot&) { return true; });
  if (!k) return false;
  const PatentState& st = slots_[*k].state;
  domain::PatentRecorded r{st.patent_type, st.title, st.ipc_main_class, st.owners, st.grant_date, st.expiry_date,
                           st.publicly_funded};
  Draft d = NewDraft(slots_[*k].number, std::move(r), Operator());
  d.note = "patent recorded a second time";
  Refuse(d, RejectCode::kPatentAlreadyRecorded, out);
  return true;
}

bool Engine::RejectInvalidDates(Generated* out) {
  const std::size_t variant = variant_ % 4;
  std::optional<std::size_t> k;
  if (variant == 3) {
    k = ScanSlot([&](const PatentSlot& p) { return date_ > p.state.expiry_date; });
  } else {
    k = ScanSlot([&](const PatentSlot& p) { return InForceToday(p) && (variant != 2 || !p.state.pledge); });
  }
  Draft d;
  if (!k) {
    d = RecordDraft();
    auto& r = std::get<domain::PatentRecorded>(d.submission.body);
    std::swap(r.grant_date, r.expiry_date);
    d.note = "grant date after the expiry date";
  } else if (variant == 0) {
    d = OwnersAct(*k, OwnerAct::kTransfer);
    d.submission.effective_date = AddDays(slots_[*k].state.grant_date, -rng_.Int(1, 400));
    d.note = "transfer dated before the patent was granted";
  } else if (variant == 1) {
    d = OwnersAct(*k, OwnerAct::kLicence);
    auto& l = std::get<domain::LicenceRecorded>(d.submission.body);
    l.contract_date = AddDays(date_, rng_.Int(1, 60));
    l.term.start = l.contract_date;
    l.term.end = std::max(l.term.end, l.term.start);
    d.note = "licence filed before its contract was signed";
  } else if (variant == 2) {
    d = OwnersAct(*k, OwnerAct::kPledge);
    auto& p = std::get<domain::PledgeRegistered>(d.submission.body);
    p.debt_term.end = AddDays(p.debt_term.start, -rng_.Int(1, 300));
    d.note = "pledge whose debt term ends before it starts";
  } else {
    d = OwnersAct(*k, OwnerAct::kTransfer);
    d.note = "transfer after the patent expired";
  }
  Refuse(d, RejectCode::kInvalidDates, out);
  return true;
}

bool Engine::RejectNotInForce(Generated* out) {
  auto k = ScanSlot([&](const PatentSlot& p) {
    return !p.state.InForce() && p.state.grant_date <= date_ && date_ <= p.state.expiry_date;
  });
  if (!k) return false;
  const PatentState& st = slots_[*k].state;
  Draft d = OwnersAct(*k, FaultableAct(st, !st.pledge));
  AddLateFault(d.submission.body, st, rng_, world_);
  d.note += std::string(" of a patent ") + NotInForceReason(slots_[*k].state);
  Refuse(d, RejectCode::kPatentNotInForce, out);
  return true;
}

bool Engine::RejectNotOwner(Generated* out) {
  auto k = ScanSlot([&](const PatentSlot& p) { return InForceToday(p); });
  if (!k) return false;
  const PatentState& st = slots_[*k].state;
  Draft d = OwnersAct(*k, FaultableAct(st, true));
  std::vector<Party>* acting = ActingOwners(d.submission.body);
  PL_ASSERT(acting != nullptr);
  // Some of the co-owners may grant an ordinary licence alone (Patent Law
  // art. 14, docs/decisions/0007): there a stranger must be named instead.
  const bool licence = std::holds_alternative<domain::LicenceRecorded>(d.submission.body);
  if (acting->size() > 1 && !licence) {
    acting->erase(acting->begin() + std::ptrdiff_t(rng_.Index(acting->size())));
    d.note += " by only some of the co-owners";
  } else {
    (*acting)[rng_.Index(acting->size())] = Stranger(st);
    d.note += " naming a party that is not an owner";
  }
  AddLateFault(d.submission.body, st, rng_, world_);
  Refuse(d, RejectCode::kNotOwner, out);
  return true;
}

bool Engine::RejectCoOwnerConsent(Generated* out) {
  auto k = ScanSlot([&](const PatentSlot& p) { return InForceToday(p) && p.state.owners.size() > 1; });
  if (!k) return false;
  const PatentState& st = slots_[*k].state;
  Draft d = OwnersAct(*k, FaultableAct(st, true));
  AddLateFault(d.submission.body, st, rng_, world_);
  const std::size_t missing = rng_.Index(st.owners.size());
  d.signers.erase(d.signers.begin() + std::ptrdiff_t(1 + missing));  // consents follow the submitter, owners first
  d.note += " of a co-owned patent without the consent of " + st.owners[missing].name;
  Refuse(d, RejectCode::kCoOwnerConsentMissing, out);
  return true;
}

bool Engine::RejectPledgeeConsent(Generated* out) {
  auto k = ScanSlot([&](const PatentSlot& p) { return InForceToday(p) && p.state.pledge; });
  if (!k) return false;
  const PatentState& st = slots_[*k].state;
  Draft d = OwnersAct(*k, FaultableAct(st, false));
  AddLateFault(d.submission.body, st, rng_, world_);
  PL_ASSERT(d.signers.back() == ConsentKey(st.pledge->pledgee.id));
  d.signers.pop_back();
  d.note += " of a pledged patent without the consent of " + st.pledge->pledgee.name;
  Refuse(d, RejectCode::kPledgeeConsentMissing, out);
  return true;
}

bool Engine::RejectAlreadyPledged(Generated* out) {
  auto k = ScanSlot([&](const PatentSlot& p) { return InForceToday(p) && p.state.pledge; });
  if (!k) return false;
  Draft d = OwnersAct(*k, OwnerAct::kPledge);
  AddLateFault(d.submission.body, slots_[*k].state, rng_, world_);  // refused after the first pledge's release
  d.note = "second pledge while pledged to " + slots_[*k].state.pledge->pledgee.name;
  Refuse(d, RejectCode::kAlreadyPledged, out);
  return true;
}

bool Engine::RejectPledgeTerm(Generated* out) {
  auto k = ScanSlot([&](const PatentSlot& p) { return InForceToday(p) && !p.state.pledge; });
  if (!k) return false;
  Draft d = OwnersAct(*k, OwnerAct::kPledge);
  std::get<domain::PledgeRegistered>(d.submission.body).debt_term.end =
      AddYears(slots_[*k].state.expiry_date, rng_.Int(1, 3));
  d.note = "pledge whose debt term runs past the patent's expiry";
  Refuse(d, RejectCode::kPledgeTermExceedsPatent, out);
  return true;
}

bool Engine::RejectLicenceTerm(Generated* out) {
  auto k = ScanSlot([&](const PatentSlot& p) { return InForceToday(p); });
  if (!k) return false;
  const std::int32_t beyond = AddDays(slots_[*k].state.expiry_date, rng_.Int(30, 900));
  Draft d;
  if (variant_ % 2 == 0) {
    d = OwnersAct(*k, OwnerAct::kLicence);
    std::get<domain::LicenceRecorded>(d.submission.body).term.end = beyond;
  } else {
    d = OwnersAct(*k, OwnerAct::kDeclaration);
    std::get<domain::OpenLicenceDeclared>(d.submission.body).term.end = beyond;
  }
  d.note += " whose term runs past the patent's expiry";
  Refuse(d, RejectCode::kLicenceTermExceedsPatent, out);
  return true;
}

bool Engine::RejectPledgeNotFound(Generated* out) {
  auto k = variant_ % 2 == 0 ? ScanSlot([](const PatentSlot& p) { return p.state.pledge.has_value(); })
                             : std::optional<std::size_t>{};
  Draft d;
  if (k) {
    const PatentState& st = slots_[*k].state;
    const Bank* other = &world_.banks()[rng_.Index(world_.banks().size())];
    while (other->party.id == st.pledge->pledgee.id) other = &world_.banks()[rng_.Index(world_.banks().size())];
    domain::PledgeReleased r{st.pledge->pledge_id, other->party, domain::ReleaseReason::kRepaid};
    d = NewDraft(slots_[*k].number, std::move(r), ConsentKey(other->party.id));
    d.note = "a bank releases a pledge held by another bank";
  } else {
    k = ScanSlot([](const PatentSlot&) { return true; });
    if (!k) return false;
    const Bank& bank = world_.banks()[rng_.Index(world_.banks().size())];
    domain::PledgeReleased r{"PLG-" + std::to_string(date_ / 10000) + "-" + std::to_string(++serial_), bank.party,
                             domain::ReleaseReason::kRepaid};
    d = NewDraft(slots_[*k].number, std::move(r), Operator());
    d.note = "release of a pledge never registered";
  }
  Refuse(d, RejectCode::kPledgeNotFound, out);
  return true;
}

}  // namespace pl::sample::internal
