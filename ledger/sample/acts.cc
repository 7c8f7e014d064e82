// Accepted acts on ownership, status and licences, and the helpers every
// builder shares. Each builder fills `*d` only when it succeeds and never
// changes the model (Engine::Fold does, for accepted lines).
#include <algorithm>

#include "ledger/sample/engine.h"

namespace pl::sample::internal {

using domain::LicenceKind;
using domain::Party;
using domain::PatentState;

namespace {

// Shares of the accepted mix (see README.md).
constexpr double kCoOwnedShare = 0.08;           // new patents with 2-3 owners
constexpr double kGuardedVersionShare = 0.2;     // acts carrying an exact expected version
constexpr double kNoStreamGuardShare = 0.5;      // records guarded by "no stream yet"
constexpr double kExportShare = 0.08;            // transfers from domestic owners to foreign buyers
constexpr double kJointBuyersShare = 0.10;       // transfers to 2-3 joint owners
constexpr double kForeignLicenseeShare = 0.07;
constexpr double kOneCoOwnerLicenceShare = 0.3;  // ordinary licences of co-owned patents by one co-owner
constexpr double kLateFilingShare = 0.10;        // licences filed more than 3 months after the contract
constexpr double kNationwideShare = 0.55;        // licences for all of China ("CN")
constexpr double kAcademicFundedShare = 0.7;     // publicly funded: university / institute patents
constexpr double kEnterpriseFundedShare = 0.06;
constexpr int kMinLifeDays = 2 * 365;            // new patents stay in force at least this long
constexpr int kTransferMinDaysLeft = 30;
constexpr int kLicenceMinDaysLeft = 90;
constexpr int kCounterpartyAttempts = 4;
constexpr std::array<int, 3> kLicenceKindWeights{12, 18, 70};  // exclusive, sole, ordinary
constexpr std::array<int, 3> kCauseWeights{88, 6, 6};          // contract, merger, court

bool IsOwner(const PatentState& st, const Party& p) {
  return std::any_of(st.owners.begin(), st.owners.end(), [&](const Party& o) { return o.id == p.id; });
}

// Price of a patent in yuan, by type.
std::int64_t PriceYuan(Rng& rng, domain::PatentType type) {
  switch (type) {
    case domain::PatentType::kInvention: return rng.Range(20, 2000) * 10000;
    case domain::PatentType::kUtilityModel: return rng.Range(2, 200) * 10000;
    case domain::PatentType::kDesign: return rng.Range(1, 50) * 10000;
  }
  return 10000;
}

const char* TypeName(domain::PatentType type) {
  switch (type) {
    case domain::PatentType::kInvention: return "invention";
    case domain::PatentType::kUtilityModel: return "utility model";
    case domain::PatentType::kDesign: return "design";
  }
  return "patent";
}

std::string ConsentNote(const PatentState& st, bool with_pledgee) {
  std::string note;
  if (st.owners.size() > 1) note += ", with co-owner consents";
  if (with_pledgee && st.pledge) note += ", with the pledgee bank's consent";
  return note;
}

}  // namespace

bool IsExclusiveOrSole(LicenceKind kind) { return kind == LicenceKind::kExclusive || kind == LicenceKind::kSole; }

bool LicenceConflicts(const PatentState& st, const domain::LicenceRecorded& l) {
  auto whole = [](const std::vector<std::string>& t) {
    return t.empty() || std::find(t.begin(), t.end(), "CN") != t.end();
  };
  for (const domain::LicenceState& other : st.licences) {
    if (other.licence_id == l.licence_id) return true;
    if (other.terminated || other.term.end < l.term.start || l.term.end < other.term.start) continue;
    bool territory = whole(other.territory) || whole(l.territory);
    for (const std::string& region : l.territory) {
      const auto& o = other.territory;
      territory = territory || std::find(o.begin(), o.end(), region) != o.end();
    }
    if (!territory) continue;
    if ((IsExclusiveOrSole(l.kind) && IsExclusiveOrSole(other.kind)) || other.kind == LicenceKind::kExclusive ||
        l.kind == LicenceKind::kExclusive) {
      return true;
    }
  }
  return false;
}

bool DeclarationLive(const PatentState& st, std::int32_t from) {
  return st.open_licence && !st.open_licence->withdrawn && st.open_licence->term.end >= from;
}

bool DeclarationOverlaps(const PatentState& st, const domain::DateRange& term) {
  return st.open_licence && !st.open_licence->withdrawn && st.open_licence->term.start <= term.end &&
         term.start <= st.open_licence->term.end;
}

bool DeclarationOpenOn(const PatentState& st, std::int32_t day) {
  return st.open_licence && !st.open_licence->withdrawn && st.open_licence->term.start <= day &&
         day <= st.open_licence->term.end;
}

bool ExclusiveOrSoleLive(const PatentState& st, std::int32_t from) {
  return std::any_of(st.licences.begin(), st.licences.end(), [&](const domain::LicenceState& l) {
    return !l.terminated && IsExclusiveOrSole(l.kind) && l.term.end >= from;
  });
}

bool AnyDomestic(const std::vector<Party>& parties) {
  return std::any_of(parties.begin(), parties.end(), [](const Party& p) { return p.IsDomestic(); });
}

const char* HolderName(domain::HolderType holder) {
  switch (holder) {
    case domain::HolderType::kEnterprise: return "enterprise";
    case domain::HolderType::kUniversity: return "university";
    case domain::HolderType::kResearchInstitute: return "research institute";
    case domain::HolderType::kIndividual: return "individual";
    case domain::HolderType::kOther: return "other";
  }
  return "party";
}

const char* LicenceKindName(LicenceKind kind) {
  switch (kind) {
    case LicenceKind::kExclusive: return "exclusive";
    case LicenceKind::kSole: return "sole";
    case LicenceKind::kOrdinary: return "ordinary";
  }
  return "?";
}

domain::Money Cny(std::int64_t yuan) { return domain::Money{yuan * 100, "CNY"}; }

// The retired operator key signs nothing that is accepted: the ledger checks
// revocation before idempotency, so a later retry of such a line would be
// refused (REVOKED_SIGNER) instead of answered with its original receipt.
std::size_t Engine::Operator() { return operators_[rng_.Index(operators_.size())]; }

std::size_t Engine::ConsentKey(const std::string& organisation) const {
  auto it = consent_key_.find(organisation);
  PL_ASSERT(it != consent_key_.end());
  return it->second;
}

std::vector<std::size_t> Engine::Consents(const PatentState& st, bool with_pledgee) const {
  std::vector<std::size_t> out;
  if (st.owners.size() > 1) {
    for (const Party& owner : st.owners) out.push_back(ConsentKey(owner.id));  // co-owners hold keys
  }
  if (with_pledgee && st.pledge) out.push_back(ConsentKey(st.pledge->pledgee.id));
  return out;
}

bool Engine::InForceToday(const PatentSlot& p) const {
  return p.state.InForce() && p.state.grant_date <= date_ && date_ <= p.state.expiry_date;
}

// Number of a technology export licence / registration certificate.
std::string Engine::ExportCertificate() { return "TEC-" + std::to_string(date_ / 10000) + "-" + rng_.Digits(8); }

void Engine::MaybeGuardVersion(Draft& d, const PatentState& st) {
  if (!rng_.Chance(kGuardedVersionShare)) return;
  d.submission.expected_version.kind = domain::ExpectedVersion::Kind::kExact;
  d.submission.expected_version.version = st.event_count - 1;
}

// A domestic buyer or licensee that is not already an owner.
Party Engine::Counterparty(const PatentState& st) {
  Party p = world_.RandomDomesticCounterparty(rng_);
  for (int i = 0; i < kCounterpartyAttempts && IsOwner(st, p); ++i) p = world_.RandomDomesticCounterparty(rng_);
  p.share_bp = 0;
  return p;
}

bool Engine::ActRecord(Draft* d) {
  PatentFacts f = patents_.NewPatent(rng_, date_, kMinLifeDays);
  std::vector<Party> owners;
  if (rng_.Chance(kCoOwnedShare)) {
    owners = world_.RandomCoOwners(rng_);
  } else {
    Party owner = world_.RandomOwner(rng_);
    owner.share_bp = rng_.Chance(0.5) ? 10000 : 0;
    owners.push_back(std::move(owner));
  }
  const bool academic = std::any_of(owners.begin(), owners.end(), [](const Party& p) {
    return p.holder_type == domain::HolderType::kUniversity || p.holder_type == domain::HolderType::kResearchInstitute;
  });
  const bool enterprise = owners.front().holder_type == domain::HolderType::kEnterprise && owners.front().IsDomestic();
  f.body.publicly_funded = rng_.Chance(academic ? kAcademicFundedShare : enterprise ? kEnterpriseFundedShare : 0);
  f.body.owners = owners;
  std::string note = std::string(TypeName(f.body.patent_type)) + " recorded, owner " +
                     HolderName(owners.front().holder_type) + (owners.front().IsDomestic() ? "" : " (foreign)");
  if (owners.size() > 1) note += ", co-owned by " + std::to_string(owners.size());
  if (f.body.publicly_funded) note += ", publicly funded";
  Draft x = NewDraft(f.number, std::move(f.body), Operator());
  if (rng_.Chance(kNoStreamGuardShare)) x.submission.expected_version.kind = domain::ExpectedVersion::Kind::kNoStream;
  x.new_patent = true;
  x.note = std::move(note);
  *d = std::move(x);
  return true;
}

Draft Engine::RecordDraft() {
  Draft d;
  const bool recorded = ActRecord(&d);
  PL_ASSERT(recorded);
  return d;
}

bool Engine::ActTransfer(Draft* d) {
  const std::int32_t min_expiry = AddDays(date_, kTransferMinDaysLeft);
  auto k = PickSlot([&](const PatentSlot& p) { return InForceToday(p) && p.state.expiry_date >= min_expiry; });
  if (!k) return false;
  const PatentState& st = slots_[*k].state;
  domain::OwnershipTransferred t;
  t.assignors = st.owners;
  std::string note;
  const double route = rng_.Unit();
  if (!AnyDomestic(st.owners)) {
    t.assignees = {Counterparty(st)};
    note = "import: foreign owner assigns to a domestic buyer";
  } else if (route < kExportShare) {
    Party buyer = world_.RandomForeign(rng_);
    t.assignees = {buyer};
    if (st.patent_type != domain::PatentType::kDesign) t.export_certificate = ExportCertificate();
    note = "export to " + buyer.country +
           (t.export_certificate.empty() ? " (design, no certificate needed)" : " with technology export certificate");
  } else if (route < kExportShare + kJointBuyersShare) {
    t.assignees = world_.RandomCoOwners(rng_);
    note = "transfer to joint owners";
  } else {
    t.assignees = {Counterparty(st)};
    note = "transfer";
  }
  if (st.pledge && rng_.Chance(0.1)) {
    t.cause = domain::TransferCause::kPledgeEnforcement;
    note += " on pledge enforcement";
  } else if (st.owners.front().holder_type == domain::HolderType::kIndividual && rng_.Chance(0.4)) {
    t.cause = domain::TransferCause::kInheritance;
    t.assignees = {world_.RandomIndividual(rng_)};
    note = "inheritance";
  } else {
    static constexpr std::array<domain::TransferCause, 3> kCauses{
        domain::TransferCause::kContract, domain::TransferCause::kMerger, domain::TransferCause::kCourt};
    t.cause = kCauses[rng_.Weighted(kCauseWeights)];
    if (t.cause == domain::TransferCause::kMerger) note += " by merger";
    if (t.cause == domain::TransferCause::kCourt) note += " by court judgment";
  }
  if (t.cause != domain::TransferCause::kMerger && t.cause != domain::TransferCause::kInheritance) {
    t.consideration = Cny(PriceYuan(rng_, st.patent_type));
  }
  t.contract_id = (t.cause == domain::TransferCause::kCourt ? "(" + std::to_string(date_ / 10000) + ") IP-CIVIL-"
                                                            : "TR-" + std::to_string(date_ / 10000) + "-") +
                  std::to_string(++serial_);
  Draft x = NewDraft(slots_[*k].number, std::move(t), Operator());
  for (std::size_t c : Consents(st, true)) x.signers.push_back(c);
  MaybeGuardVersion(x, st);
  x.slot = k;
  x.note = note + ConsentNote(st, true);
  *d = std::move(x);
  return true;
}

domain::LicenceRecorded Engine::NewLicence(const PatentSlot& p, LicenceKind kind) {
  const PatentState& st = p.state;
  domain::LicenceRecorded l;
  l.licence_id = "LIC-" + std::to_string(date_ / 10000) + "-" + std::to_string(++serial_);
  l.licensors = st.owners;
  l.kind = kind;
  const bool late = rng_.Chance(kLateFilingShare);
  l.contract_date = std::max(st.grant_date, AddDays(date_, late ? -rng_.Int(100, 400) : -rng_.Int(0, 85)));
  l.term.start = l.contract_date;
  l.term.end = std::min(AddDays(AddYears(l.term.start, rng_.Int(1, 5)), -1), st.expiry_date);
  if (rng_.Chance(kNationwideShare)) {
    l.territory = {"CN"};
  } else {
    const int regions = rng_.Int(1, 3);
    for (int i = 0; i < regions; ++i) {
      std::string code = world_.RandomProvinceCode(rng_);
      if (std::find(l.territory.begin(), l.territory.end(), code) == l.territory.end()) l.territory.push_back(code);
    }
  }
  if (rng_.Chance(kForeignLicenseeShare)) {
    l.licensee = world_.RandomForeign(rng_);
    if (AnyDomestic(st.owners) && st.patent_type != domain::PatentType::kDesign) {
      l.export_certificate = ExportCertificate();
    }
  } else {
    l.licensee = Counterparty(st);
  }
  const double method = rng_.Unit();
  if (method < 0.7) l.lump_sum = Cny(rng_.Range(5, 500) * 10000);
  if (method >= 0.4) l.royalty_rate_bp = std::uint32_t(rng_.Int(100, 800));
  return l;
}

bool Engine::ActLicence(Draft* d) {
  const std::int32_t min_expiry = AddDays(date_, kLicenceMinDaysLeft);
  auto k = PickSlot([&](const PatentSlot& p) {
    return InForceToday(p) && p.state.expiry_date >= min_expiry && p.state.licences.size() < kLicencesPerPatentModelMax;
  });
  if (!k) return false;
  const PatentState& st = slots_[*k].state;
  domain::LicenceRecorded l = NewLicence(slots_[*k], static_cast<LicenceKind>(rng_.Weighted(kLicenceKindWeights)));
  // An open-licence declaration in force leaves room for ordinary licences only.
  if (IsExclusiveOrSole(l.kind) && DeclarationOverlaps(st, l.term)) l.kind = LicenceKind::kOrdinary;
  if (LicenceConflicts(st, l)) l.kind = LicenceKind::kOrdinary;
  if (LicenceConflicts(st, l)) return false;
  // Patent Law art. 14: one co-owner may grant an ordinary licence alone,
  // with its own consent only (docs/decisions/0007).
  std::vector<std::size_t> consents = Consents(st, true);
  std::string note = std::string(LicenceKindName(l.kind)) + " licence (" +
                     (l.territory.front() == "CN" ? std::string("all China") : "provinces") + ")";
  if (st.owners.size() > 1 && l.kind == LicenceKind::kOrdinary && rng_.Chance(kOneCoOwnerLicenceShare)) {
    l.licensors = {st.owners[rng_.Index(st.owners.size())]};
    consents = {ConsentKey(l.licensors.front().id)};
    if (st.pledge) consents.push_back(ConsentKey(st.pledge->pledgee.id));
    note += " by one co-owner alone (art. 14)" + std::string(st.pledge ? ", with the pledgee bank's consent" : "");
  } else {
    note += ConsentNote(st, true);
  }
  if (!l.licensee.IsDomestic()) note += ", to a foreign licensee";
  if (date_ > AddMonths(l.contract_date, 3)) note += ", filed late";
  Draft x = NewDraft(slots_[*k].number, std::move(l), Operator());
  for (std::size_t c : consents) x.signers.push_back(c);
  MaybeGuardVersion(x, st);
  x.slot = k;
  x.note = std::move(note);
  *d = std::move(x);
  return true;
}

// Only ordinary licences end early in this registry; exclusive and sole ones
// run their term. Refusals that rest on an exclusive or sole licence being in
// force (LICENCE_CONFLICT, OPEN_LICENCE_BLOCKED) therefore stay refused when
// the whole file is submitted again later.
bool Engine::ActTerminate(Draft* d) {
  auto live = [](const domain::LicenceState& l) { return !l.terminated && l.kind == LicenceKind::kOrdinary; };
  auto k = PickSlot([&](const PatentSlot& p) {
    return std::any_of(p.state.licences.begin(), p.state.licences.end(), live);
  });
  if (!k) return false;
  const PatentState& st = slots_[*k].state;
  std::vector<std::size_t> candidates;
  for (std::size_t i = 0; i < st.licences.size(); ++i) {
    if (live(st.licences[i])) candidates.push_back(i);
  }
  static constexpr std::array<const char*, 4> kReasons{"term ended", "terminated by agreement",
                                                       "licensee in breach of payment", "licensee dissolved"};
  domain::LicenceTerminated t;
  t.licence_id = st.licences[candidates[rng_.Index(candidates.size())]].licence_id;
  t.reason = kReasons[rng_.Index(kReasons.size())];
  Draft x = NewDraft(slots_[*k].number, std::move(t), Operator());
  x.slot = k;
  x.note = "licence terminated";
  *d = std::move(x);
  return true;
}

bool Engine::ActStatus(Draft* d) {
  using domain::StatusChange;
  auto k = PickSlot([&](const PatentSlot& p) { return !p.state.expired && !p.state.invalidated; });
  if (!k) return false;
  const PatentState& st = slots_[*k].state;
  StatusChange change;
  if (date_ > st.expiry_date) {
    change = StatusChange::kExpired;
  } else if (st.lapsed) {
    change = StatusChange::kRestored;
  } else if (st.preservation_order) {
    change = StatusChange::kPreservationOff;
  } else if (st.ownership_dispute) {
    change = StatusChange::kDisputeOff;
  } else {
    static constexpr std::array<int, 5> kWeights{40, 12, 5, 20, 20};
    static constexpr std::array<StatusChange, 5> kChanges{StatusChange::kLapsed, StatusChange::kInvalidatedPartial,
                                                           StatusChange::kInvalidatedWhole,
                                                           StatusChange::kPreservationOn, StatusChange::kDisputeOn};
    change = kChanges[rng_.Weighted(kWeights)];
    if (change == StatusChange::kInvalidatedPartial && st.partially_invalidated) change = StatusChange::kLapsed;
  }
  static constexpr std::array<const char*, 9> kReasons{
      "annual fee not paid within the grace period", "rights restored on request and late fee paid",
      "declared wholly invalid by the reexamination and invalidation department",
      "claims partially invalidated; patent maintained on amended claims", "term ended",
      "property preservation order of the people's court", "preservation order lifted",
      "ownership dispute accepted; procedures suspended", "ownership dispute settled; suspension lifted"};
  domain::PatentStatusChanged c;
  c.change = change;
  c.reason = kReasons[static_cast<std::size_t>(change)];
  Draft x = NewDraft(slots_[*k].number, std::move(c), Operator());
  MaybeGuardVersion(x, st);
  x.slot = k;
  x.note = std::string("status: ") + kReasons[static_cast<std::size_t>(change)];
  *d = std::move(x);
  return true;
}

}  // namespace pl::sample::internal
