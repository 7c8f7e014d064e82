#include <algorithm>

#include "ledger/base/assert.h"
#include "ledger/domain/admission.h"
#include "ledger/domain/rules.h"

namespace pl::domain {

void StatusFlags::Apply(StatusChange change) {
  switch (change) {
    case StatusChange::kLapsed: lapsed = true; break;
    case StatusChange::kRestored: lapsed = false; break;
    case StatusChange::kInvalidatedWhole: invalidated = true; break;
    case StatusChange::kInvalidatedPartial: partially_invalidated = true; break;
    case StatusChange::kExpired: expired = true; break;
    case StatusChange::kPreservationOn: preservation_order = true; break;
    case StatusChange::kPreservationOff: preservation_order = false; break;
    case StatusChange::kDisputeOn: ownership_dispute = true; break;
    case StatusChange::kDisputeOff: ownership_dispute = false; break;
  }
}

StatusFlags StatusOn(const std::vector<StatusMark>& marks, std::int32_t yyyymmdd) {
  std::vector<const StatusMark*> effective;
  for (const StatusMark& m : marks) {
    if (m.effective_date <= yyyymmdd) effective.push_back(&m);
  }
  std::stable_sort(effective.begin(), effective.end(),
                   [](const StatusMark* a, const StatusMark* b) { return a->effective_date < b->effective_date; });
  StatusFlags flags;
  for (const StatusMark* m : effective) flags.Apply(m->change);
  return flags;
}

void Apply(PatentState& st, const Submission& s, std::uint32_t flags, const Hash256& leaf_hash) {
  PL_ASSERT(!IsKeyEvent(s.body));
  std::visit(
      [&](const auto& b) {
        using T = std::decay_t<decltype(b)>;
        if constexpr (std::is_same_v<T, PatentRecorded>) {
          PL_ASSERT(st.event_count == 0);
          st.patent_type = b.patent_type;
          st.title = b.title;
          st.ipc_main_class = b.ipc_main_class;
          st.grant_date = b.grant_date;
          st.expiry_date = b.expiry_date;
          st.publicly_funded = b.publicly_funded;
          st.owners = NormaliseShares(b.owners);
          st.status_dated = true;
        } else if constexpr (std::is_same_v<T, PatentStatusChanged>) {
          st.StatusFlags::Apply(b.change);
          st.status_marks.push_back(StatusMark{b.change, s.effective_date});
        } else if constexpr (std::is_same_v<T, OwnershipTransferred>) {
          st.owners = NormaliseShares(b.assignees);
        } else if constexpr (std::is_same_v<T, LicenceRecorded>) {
          st.licences.push_back(LicenceState{b.licence_id, b.kind, b.licensee, b.territory, b.term, false,
                                             (flags & kFlagLateFiling) != 0});
        } else if constexpr (std::is_same_v<T, LicenceTerminated>) {
          for (LicenceState& l : st.licences) {
            if (l.licence_id == b.licence_id && !l.terminated) {
              l.terminated = true;
              l.terminated_on = s.effective_date;
            }
          }
        } else if constexpr (std::is_same_v<T, OpenLicenceDeclared>) {
          st.open_licence = OpenLicenceState{s.submission_id, b.terms, b.term, false, 0};
        } else if constexpr (std::is_same_v<T, OpenLicenceWithdrawn>) {
          PL_ASSERT(st.open_licence.has_value());
          st.open_licence->withdrawn = true;
        } else if constexpr (std::is_same_v<T, OpenLicenceTaken>) {
          PL_ASSERT(st.open_licence.has_value());
          ++st.open_licence->takings;
        } else if constexpr (std::is_same_v<T, PledgeRegistered>) {
          st.pledge = ActivePledge{b.pledge_id, b.pledgors, b.pledgee, b.secured_amount, b.debt_term,
                                   b.contract_id, s.effective_date};
        } else if constexpr (std::is_same_v<T, PledgeReleased>) {
          st.pledge.reset();
        }
      },
      s.body);
  ++st.event_count;
  st.last_leaf_hash = leaf_hash;
}

void ApplyKeyEvent(KeyRegistry& keys, const Submission& s) {
  if (const auto* e = std::get_if<KeyEnrolled>(&s.body)) {
    KeyRecord record;
    record.key_id = e->key_id;
    record.algorithm = e->algorithm;
    auto raw = HexDecode(e->public_key_hex);
    PL_ASSERT(raw.has_value());  // checked before admission (MALFORMED otherwise)
    record.public_key = std::move(*raw);
    record.organisation = e->organisation;
    record.roles = e->roles;
    keys.Put(std::move(record));
    return;
  }
  const auto& r = std::get<KeyRevoked>(s.body);
  const KeyRecord* existing = keys.Find(r.key_id);
  PL_ASSERT(existing != nullptr);
  KeyRecord updated = *existing;
  updated.revoked = true;
  updated.revoked_at_us = r.revoked_at_us;
  keys.Put(std::move(updated));
}

}  // namespace pl::domain
