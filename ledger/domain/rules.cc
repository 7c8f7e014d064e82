// Domain rules, checked in this order (docs/rejection-codes.md):
//  1. PATENT_UNKNOWN / PATENT_ALREADY_RECORDED
//  2. INVALID_DATES      effective date outside [grant, expiry] for acts on
//                        the patent; a term ending before it starts; a
//                        licence filed before its contract date
//  3. PATENT_NOT_IN_FORCE
//  4. NOT_OWNER          (an ordinary licence may be granted by some of the
//                        co-owners: Patent Law art. 14)
//  5. CO_OWNER_CONSENT_MISSING
//  6. PLEDGEE_CONSENT_MISSING
//  7. the kind's own rules (see each Check* function).
#include "ledger/domain/rules.h"

#include <algorithm>
#include <string>

#include "ledger/base/date.h"
#include "ledger/base/limits.h"

namespace pl::domain {
namespace {

std::string Day(std::int32_t yyyymmdd) {
  auto d = Date::FromYyyymmdd(yyyymmdd);
  return d ? d->ToString() : std::to_string(yyyymmdd);
}

bool Overlaps(const DateRange& a, const DateRange& b) { return a.start <= b.end && b.start <= a.end; }

bool TerritoriesOverlap(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  auto whole = [](const std::vector<std::string>& t) {
    return t.empty() || std::find(t.begin(), t.end(), "CN") != t.end();
  };
  if (whole(a) || whole(b)) return true;
  for (const auto& x : a) {
    if (std::find(b.begin(), b.end(), x) != b.end()) return true;
  }
  return false;
}

bool IsExclusiveOrSole(LicenceKind k) { return k == LicenceKind::kExclusive || k == LicenceKind::kSole; }

const char* LicenceKindName(LicenceKind k) {
  switch (k) {
    case LicenceKind::kExclusive: return "exclusive";
    case LicenceKind::kSole: return "sole";
    case LicenceKind::kOrdinary: return "ordinary";
  }
  return "?";
}

bool IsDomesticToForeign(const std::vector<Party>& from, const std::vector<const Party*>& to) {
  bool any_domestic = std::any_of(from.begin(), from.end(), [](const Party& p) { return p.IsDomestic(); });
  bool any_foreign = std::any_of(to.begin(), to.end(), [](const Party* p) { return !p->IsDomestic(); });
  return any_domestic && any_foreign;
}

// What an act on the patent needs: who must be the owners, and which consents.
struct ActRequirements {
  const std::vector<Party>* acting_owners = nullptr;  // must equal current owners
  const char* acting_role = "";                       // "assignors", "licensors", ...
  bool needs_in_force = false;
  bool needs_date_window = false;  // effective date within [grant, expiry]
  bool needs_pledgee_consent = false;
  // Patent Law art. 14: absent an agreement, a co-owner may alone grant an
  // ordinary licence; only the acting owners then sign.
  bool some_owners_suffice = false;
};

ActRequirements RequirementsOf(const Body& body) {
  ActRequirements r;
  std::visit(
      [&](const auto& b) {
        using T = std::decay_t<decltype(b)>;
        if constexpr (std::is_same_v<T, OwnershipTransferred>) {
          r = {&b.assignors, "assignors", true, true, true};
        } else if constexpr (std::is_same_v<T, LicenceRecorded>) {
          r = {&b.licensors, "licensors", true, true, true, b.kind == LicenceKind::kOrdinary};
        } else if constexpr (std::is_same_v<T, OpenLicenceDeclared>) {
          r = {&b.declarants, "declarants", true, true, true};
        } else if constexpr (std::is_same_v<T, OpenLicenceWithdrawn>) {
          r = {&b.declarants, "declarants", false, false, false};
        } else if constexpr (std::is_same_v<T, OpenLicenceTaken>) {
          r = {nullptr, "", true, true, false};
        } else if constexpr (std::is_same_v<T, PledgeRegistered>) {
          r = {&b.pledgors, "pledgors", true, true, false};
        }
      },
      body);
  return r;
}

std::optional<DateRange> TermOf(const Body& body) {
  if (const auto* l = std::get_if<LicenceRecorded>(&body)) return l->term;
  if (const auto* d = std::get_if<OpenLicenceDeclared>(&body)) return d->term;
  if (const auto* p = std::get_if<PledgeRegistered>(&body)) return p->debt_term;
  return std::nullopt;
}

std::optional<Verdict> CheckSharesSumToWhole(const std::vector<Party>& parties, const char* list) {
  if (parties.empty()) return Verdict::Reject(RejectCode::kMalformed, std::string(list) + " is empty");
  std::uint32_t sum = 0;
  bool all_zero = true;
  for (const Party& p : parties) {
    sum += p.share_bp;
    all_zero = all_zero && p.share_bp == 0;
  }
  if (all_zero || sum == 10000) return std::nullopt;
  return Verdict::Reject(RejectCode::kMalformed, std::string(list) + " shares add up to " + std::to_string(sum) +
                                                     " basis points; they must add up to 10000 (or all be 0 for equal shares)");
}

Verdict CheckPatentRecorded(const Submission& s, const PatentRecorded& r) {
  if (r.grant_date > r.expiry_date) {
    return Verdict::Reject(RejectCode::kInvalidDates,
                           "grant date " + Day(r.grant_date) + " is after expiry date " + Day(r.expiry_date));
  }
  if (s.effective_date < r.grant_date) {
    return Verdict::Reject(RejectCode::kInvalidDates, "effective date " + Day(s.effective_date) +
                                                          " is before the grant date " + Day(r.grant_date));
  }
  return Verdict::Accept(0);
}

Verdict CheckLicence(const Submission& s, const LicenceRecorded& l, const PatentState& st) {
  if (st.patent_type != PatentType::kDesign && l.export_certificate.empty() &&
      IsDomesticToForeign(l.licensors, {&l.licensee})) {
    return Verdict::Reject(RejectCode::kExportCertificateMissing,
                           "licence from a domestic licensor to foreign licensee " + l.licensee.id +
                               " needs a technology export licence or registration certificate number");
  }
  if (l.term.end > st.expiry_date) {
    return Verdict::Reject(RejectCode::kLicenceTermExceedsPatent, "licence term ends " + Day(l.term.end) +
                                                                      ", after the patent expires on " + Day(st.expiry_date));
  }
  if (IsExclusiveOrSole(l.kind) && st.open_licence && !st.open_licence->withdrawn &&
      Overlaps(st.open_licence->term, l.term)) {
    return Verdict::Reject(RejectCode::kOpenLicenceExclusiveForbidden,
                           std::string("a ") + LicenceKindName(l.kind) + " licence cannot be granted while open-licence declaration " +
                               st.open_licence->declaration_id + " is in force");
  }
  if (st.licences.size() >= limits::kLicencesPerPatentMax) {
    return Verdict::Reject(RejectCode::kLicenceConflict, "patent already has the maximum of " +
                                                             std::to_string(limits::kLicencesPerPatentMax) + " licences");
  }
  for (const LicenceState& other : st.licences) {
    if (other.licence_id == l.licence_id) {
      return Verdict::Reject(RejectCode::kLicenceConflict, "licence id " + l.licence_id + " is already recorded");
    }
    if (other.terminated || !Overlaps(other.term, l.term) || !TerritoriesOverlap(other.territory, l.territory)) continue;
    bool conflict = (IsExclusiveOrSole(l.kind) && IsExclusiveOrSole(other.kind)) ||
                    other.kind == LicenceKind::kExclusive || l.kind == LicenceKind::kExclusive;
    if (conflict) {
      return Verdict::Reject(RejectCode::kLicenceConflict,
                             std::string("a ") + LicenceKindName(l.kind) + " licence overlaps " +
                                 LicenceKindName(other.kind) + " licence " + other.licence_id + " (" +
                                 Day(other.term.start) + " to " + Day(other.term.end) + ") in territory and term");
    }
  }
  std::uint32_t flags = 0;
  auto contract = Date::FromYyyymmdd(l.contract_date);
  auto filed = Date::FromYyyymmdd(s.effective_date);
  if (contract && filed && *filed > contract->PlusMonths(3)) flags |= kFlagLateFiling;
  return Verdict::Accept(flags);
}

Verdict CheckOpenLicenceDeclared(const OpenLicenceDeclared& d, const PatentState& st) {
  if (d.term.end > st.expiry_date) {
    return Verdict::Reject(RejectCode::kLicenceTermExceedsPatent, "declaration term ends " + Day(d.term.end) +
                                                                      ", after the patent expires on " + Day(st.expiry_date));
  }
  if (st.open_licence && !st.open_licence->withdrawn && st.open_licence->term.end >= d.term.start) {
    return Verdict::Reject(RejectCode::kOpenLicenceBlocked, "open-licence declaration " +
                                                                st.open_licence->declaration_id +
                                                                " is still in force; withdraw it first");
  }
  for (const LicenceState& l : st.licences) {
    if (!l.terminated && IsExclusiveOrSole(l.kind) && Overlaps(l.term, d.term)) {
      return Verdict::Reject(RejectCode::kOpenLicenceBlocked,
                             std::string("no open licence may be declared while ") + LicenceKindName(l.kind) +
                                 " licence " + l.licence_id + " is in force (until " + Day(l.term.end) + ")");
    }
  }
  return Verdict::Accept(0);
}

Verdict CheckOpenLicenceTaken(const Submission& s, const OpenLicenceTaken& t, const PatentState& st) {
  const auto& decl = st.open_licence;
  if (!decl || decl->declaration_id != t.declaration || decl->withdrawn || s.effective_date < decl->term.start ||
      s.effective_date > decl->term.end) {
    return Verdict::Reject(RejectCode::kOpenLicenceNotDeclared,
                           "no open-licence declaration " + t.declaration + " is in force for " + s.patent + " on " +
                               Day(s.effective_date));
  }
  if (!(t.terms == decl->terms)) {
    return Verdict::Reject(RejectCode::kOpenLicenceTermsMismatch,
                           "the taking's royalty terms differ from those of declaration " + t.declaration);
  }
  return Verdict::Accept(0);
}

Verdict CheckKindRules(const Submission& s, const KeyRegistry& keys, const PatentState& st) {
  return std::visit(
      [&](const auto& b) -> Verdict {
        using T = std::decay_t<decltype(b)>;
        if constexpr (std::is_same_v<T, OwnershipTransferred>) {
          std::vector<const Party*> to;
          for (const Party& p : b.assignees) to.push_back(&p);
          if (st.patent_type != PatentType::kDesign && b.export_certificate.empty() &&
              IsDomesticToForeign(b.assignors, to)) {
            return Verdict::Reject(RejectCode::kExportCertificateMissing,
                                   "transfer from a domestic owner to a foreign assignee needs a technology export "
                                   "licence or registration certificate number");
          }
          return Verdict::Accept(0);
        } else if constexpr (std::is_same_v<T, LicenceRecorded>) {
          return CheckLicence(s, b, st);
        } else if constexpr (std::is_same_v<T, LicenceTerminated>) {
          for (const LicenceState& l : st.licences) {
            if (l.licence_id == b.licence_id && !l.terminated) return Verdict::Accept(0);
          }
          return Verdict::Reject(RejectCode::kLicenceNotFound,
                                 "no licence " + b.licence_id + " in force is recorded for " + s.patent);
        } else if constexpr (std::is_same_v<T, OpenLicenceDeclared>) {
          return CheckOpenLicenceDeclared(b, st);
        } else if constexpr (std::is_same_v<T, OpenLicenceWithdrawn>) {
          if (st.open_licence && !st.open_licence->withdrawn) return Verdict::Accept(0);
          return Verdict::Reject(RejectCode::kOpenLicenceNotDeclared,
                                 "no open-licence declaration is in force for " + s.patent);
        } else if constexpr (std::is_same_v<T, OpenLicenceTaken>) {
          return CheckOpenLicenceTaken(s, b, st);
        } else if constexpr (std::is_same_v<T, PledgeRegistered>) {
          if (st.pledge) {
            return Verdict::Reject(RejectCode::kAlreadyPledged, s.patent + " is already pledged to " +
                                                                    st.pledge->pledgee.id + " (pledge " +
                                                                    st.pledge->pledge_id + ")");
          }
          if (b.debt_term.end > st.expiry_date) {
            return Verdict::Reject(RejectCode::kPledgeTermExceedsPatent,
                                   "debt term ends " + Day(b.debt_term.end) + ", after the patent expires on " +
                                       Day(st.expiry_date));
          }
          return Verdict::Accept(0);
        } else if constexpr (std::is_same_v<T, PledgeReleased>) {
          if (st.pledge && st.pledge->pledge_id == b.pledge_id && st.pledge->pledgee.id == b.pledgee.id) {
            return Verdict::Accept(0);
          }
          return Verdict::Reject(RejectCode::kPledgeNotFound,
                                 "no registered pledge " + b.pledge_id + " with pledgee " + b.pledgee.id + " on " +
                                     s.patent);
        } else {
          (void)keys;
          return Verdict::Accept(0);  // PatentStatusChanged: any change is recordable
        }
      },
      s.body);
}

Verdict CheckKeyEvent(const Submission& s, const KeyRegistry& keys) {
  if (const auto* e = std::get_if<KeyEnrolled>(&s.body)) {
    if (keys.Find(e->key_id) != nullptr) {
      return Verdict::Reject(RejectCode::kKeyAlreadyEnrolled, "key " + e->key_id + " is already enrolled");
    }
    return Verdict::Accept(0);
  }
  const auto& r = std::get<KeyRevoked>(s.body);
  const KeyRecord* key = keys.Find(r.key_id);
  if (key == nullptr || key->revoked) {
    return Verdict::Reject(RejectCode::kKeyUnknown, "no enrolled, unrevoked key " + r.key_id + " to revoke");
  }
  return Verdict::Accept(0);
}

}  // namespace

std::vector<Party> NormaliseShares(const std::vector<Party>& parties) {
  std::vector<Party> out = parties;
  bool all_zero = std::all_of(out.begin(), out.end(), [](const Party& p) { return p.share_bp == 0; });
  if (all_zero && !out.empty()) {
    std::uint16_t each = std::uint16_t(10000 / out.size());
    for (Party& p : out) p.share_bp = each;
    out.front().share_bp = std::uint16_t(out.front().share_bp + 10000 - each * out.size());
  }
  return out;
}

namespace {

using PartyIdentity = std::tuple<PartyKind, std::string, std::string>;

std::vector<PartyIdentity> SortedIdentities(const std::vector<Party>& parties) {
  std::vector<PartyIdentity> out;
  out.reserve(parties.size());
  for (const Party& p : parties) out.emplace_back(p.kind, p.IsDomestic() ? std::string() : p.country, p.id);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

bool SameParties(const std::vector<Party>& a, const std::vector<Party>& b) {
  return a.size() == b.size() && SortedIdentities(a) == SortedIdentities(b);
}

bool IsSubsetOfParties(const std::vector<Party>& some, const std::vector<Party>& all) {
  auto a = SortedIdentities(some), b = SortedIdentities(all);
  a.erase(std::unique(a.begin(), a.end()), a.end());
  return std::includes(b.begin(), b.end(), a.begin(), a.end());
}

std::optional<Verdict> CheckShape(const Submission& s) {
  return std::visit(
      [](const auto& b) -> std::optional<Verdict> {
        using T = std::decay_t<decltype(b)>;
        if constexpr (std::is_same_v<T, PatentRecorded>) {
          return CheckSharesSumToWhole(b.owners, "owners");
        } else if constexpr (std::is_same_v<T, OwnershipTransferred>) {
          if (b.assignors.empty()) return Verdict::Reject(RejectCode::kMalformed, "assignors is empty");
          return CheckSharesSumToWhole(b.assignees, "assignees");
        } else if constexpr (std::is_same_v<T, LicenceRecorded>) {
          if (b.licensors.empty()) return Verdict::Reject(RejectCode::kMalformed, "licensors is empty");
        } else if constexpr (std::is_same_v<T, OpenLicenceDeclared> || std::is_same_v<T, OpenLicenceWithdrawn>) {
          if (b.declarants.empty()) return Verdict::Reject(RejectCode::kMalformed, "declarants is empty");
        } else if constexpr (std::is_same_v<T, PledgeRegistered>) {
          if (b.pledgors.empty()) return Verdict::Reject(RejectCode::kMalformed, "pledgors is empty");
        } else if constexpr (std::is_same_v<T, KeyEnrolled>) {
          if (b.roles == 0 || (b.roles & ~kAllRoles) != 0) {
            return Verdict::Reject(RejectCode::kMalformed, "key " + b.key_id + " must be enrolled with at least one known role");
          }
          if (b.organisation.empty()) {
            return Verdict::Reject(RejectCode::kMalformed, "key " + b.key_id + " has no organisation");
          }
        }
        return std::nullopt;
      },
      s.body);
}

Verdict CheckRules(const Submission& s, const SignerOrganisations& signers, const KeyRegistry& keys,
                   const PatentState* state) {
  if (IsKeyEvent(s.body)) return CheckKeyEvent(s, keys);

  // 1. Stream existence.
  if (const auto* recorded = std::get_if<PatentRecorded>(&s.body)) {
    if (state != nullptr && state->event_count > 0) {
      return Verdict::Reject(RejectCode::kPatentAlreadyRecorded, s.patent + " is already recorded");
    }
    return CheckPatentRecorded(s, *recorded);
  }
  if (state == nullptr || state->event_count == 0) {
    return Verdict::Reject(RejectCode::kPatentUnknown, s.patent + " has not been recorded in this ledger");
  }
  const PatentState& st = *state;
  ActRequirements req = RequirementsOf(s.body);

  // 2. Dates.
  if (s.effective_date < st.grant_date) {
    return Verdict::Reject(RejectCode::kInvalidDates, "effective date " + Day(s.effective_date) +
                                                          " is before the grant date " + Day(st.grant_date));
  }
  if (req.needs_date_window && s.effective_date > st.expiry_date) {
    return Verdict::Reject(RejectCode::kInvalidDates, "effective date " + Day(s.effective_date) +
                                                          " is after the patent expired on " + Day(st.expiry_date));
  }
  if (auto term = TermOf(s.body); term && term->end < term->start) {
    return Verdict::Reject(RejectCode::kInvalidDates,
                           "term ends " + Day(term->end) + ", before it starts " + Day(term->start));
  }
  if (const auto* l = std::get_if<LicenceRecorded>(&s.body); l && l->contract_date > s.effective_date) {
    return Verdict::Reject(RejectCode::kInvalidDates, "licence filed on " + Day(s.effective_date) +
                                                          ", before its contract date " + Day(l->contract_date));
  }

  // 3. In force.
  if (req.needs_in_force && !st.InForce()) {
    std::string why = st.lapsed ? "lapsed" : st.invalidated ? "invalidated" : st.expired ? "expired"
                      : st.preservation_order ? "under a preservation order" : "suspended by an ownership dispute";
    return Verdict::Reject(RejectCode::kPatentNotInForce, s.patent + " is " + why);
  }

  // 4-6. Owners and consents.
  if (req.acting_owners != nullptr) {
    const bool some_suffice = req.some_owners_suffice && st.owners.size() > 1;
    if (some_suffice ? !IsSubsetOfParties(*req.acting_owners, st.owners) : !SameParties(*req.acting_owners, st.owners)) {
      return Verdict::Reject(RejectCode::kNotOwner,
                             std::string("the ") + req.acting_role +
                                 (some_suffice ? " are not all owners of " : " are not exactly the current owners of ") +
                                 s.patent);
    }
    if (st.owners.size() > 1) {
      for (const Party& owner : some_suffice ? *req.acting_owners : st.owners) {
        if (!signers.contains(owner.id)) {
          return Verdict::Reject(RejectCode::kCoOwnerConsentMissing,
                                 s.patent + " is co-owned; co-owner " + owner.id + " has not signed");
        }
      }
    }
  }
  if (req.needs_pledgee_consent && st.pledge && !signers.contains(st.pledge->pledgee.id)) {
    return Verdict::Reject(RejectCode::kPledgeeConsentMissing,
                           s.patent + " is pledged to " + st.pledge->pledgee.id +
                               "; this needs the pledgee's consent signature (Civil Code art. 444)");
  }

  // 7. The kind's own rules.
  return CheckKindRules(s, keys, st);
}

}  // namespace pl::domain
