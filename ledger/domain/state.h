// Admission state: what the rules need to know about one patent, and the key
// registry. Built only by Apply*() from accepted submissions, so replaying the
// same events always yields the same state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "ledger/base/bytes.h"
#include "ledger/domain/types.h"

namespace pl::domain {

struct ActivePledge {
  std::string pledge_id;
  std::vector<Party> pledgors;
  Party pledgee;
  Money secured_amount;
  DateRange debt_term;
  std::string contract_id;
  std::int32_t registered_on = 0;  // effective date of the registration
};

struct LicenceState {
  std::string licence_id;
  LicenceKind kind = LicenceKind::kOrdinary;
  Party licensee;
  std::vector<std::string> territory;
  DateRange term;
  bool terminated = false;
  bool late_filing = false;
  // Effective date of the termination; 0 when not terminated, or when the
  // state was written before the date was kept (then it is unknown).
  std::int32_t terminated_on = 0;
  // In force on `yyyymmdd`: within its term and not yet terminated that
  // day (a termination is effective from its effective date; one of
  // unknown date counts from always).
  bool InForceOn(std::int32_t yyyymmdd) const {
    const bool ended = terminated && (terminated_on == 0 || yyyymmdd >= terminated_on);
    return !ended && term.start <= yyyymmdd && yyyymmdd <= term.end;
  }
};

struct OpenLicenceState {
  std::string declaration_id;  // submission_id of the declaration
  RoyaltyTerms terms;
  DateRange term;
  bool withdrawn = false;
  std::uint32_t takings = 0;  // takings stay valid after a withdrawal
};

// A patent's status flags at one moment: what status changes have set.
struct StatusFlags {
  bool lapsed = false;
  bool invalidated = false;           // wholly invalidated
  bool partially_invalidated = false;
  bool expired = false;
  bool preservation_order = false;
  bool ownership_dispute = false;

  void Apply(StatusChange change);
  // In force: not lapsed, invalidated or expired, and not suspended by a
  // preservation order or an ownership dispute (the term is judged apart).
  bool InForce() const {
    return !lapsed && !invalidated && !expired && !preservation_order && !ownership_dispute;
  }
  bool operator==(const StatusFlags&) const = default;
};

// One status change and the day it takes effect.
struct StatusMark {
  StatusChange change = StatusChange::kLapsed;
  std::int32_t effective_date = 0;
  bool operator==(const StatusMark&) const = default;
};

// The flags on `yyyymmdd`: the changes effective on or before that day,
// applied in effective-date order (changes of one day in `marks`' order,
// which is the order they were admitted). A change takes effect on its
// effective date. The ledger's query, the ownership register and the
// monitoring statistics all judge a past day with this one rule.
StatusFlags StatusOn(const std::vector<StatusMark>& marks, std::int32_t yyyymmdd);

// The flags are a base so that `state.lapsed` reads as the current flags:
// every status change admitted so far, in the order admitted (what
// admission judges by).
struct PatentState : StatusFlags {
  std::uint64_t event_count = 0;  // the last event has stream version event_count - 1
  PatentType patent_type = PatentType::kInvention;
  std::string title;
  std::string ipc_main_class;
  std::int32_t grant_date = 0;
  std::int32_t expiry_date = 0;
  bool publicly_funded = false;
  std::vector<Party> owners;
  std::optional<ActivePledge> pledge;
  std::vector<LicenceState> licences;
  std::optional<OpenLicenceState> open_licence;
  Hash256 last_leaf_hash{};  // stream_prev_hash of the next event
  // Every status change admitted, in that order, with its effective date.
  std::vector<StatusMark> status_marks;
  // True when status_marks holds every status change: the state was built
  // by a node that keeps them. A state written before has false, and its
  // marks are unknown (decision 0029).
  bool status_dated = false;

  // The flags on `yyyymmdd` (StatusOn); the current flags when the marks
  // are unknown.
  StatusFlags StatusOnDay(std::int32_t yyyymmdd) const {
    return status_dated ? StatusOn(status_marks, yyyymmdd) : static_cast<const StatusFlags&>(*this);
  }
  // In force on `yyyymmdd`: granted by then, its term not ended, and no
  // status in effect that day that ends or suspends the right.
  bool InForceOn(std::int32_t yyyymmdd) const {
    return grant_date <= yyyymmdd && yyyymmdd <= expiry_date && StatusOnDay(yyyymmdd).InForce();
  }
};

struct KeyRecord {
  std::string key_id;
  KeyAlgorithm algorithm = KeyAlgorithm::kEd25519;
  Bytes public_key;  // raw: 32 bytes Ed25519, 65 bytes uncompressed P-256
  std::string organisation;
  std::uint8_t roles = 0;
  bool revoked = false;
  std::int64_t revoked_at_us = 0;
};

// Every key ever enrolled, by key id. Small (one entry per key) and held in
// memory by the node. Not thread-safe; owned by the single writer.
class KeyRegistry {
 public:
  const KeyRecord* Find(std::string_view key_id) const {
    auto it = keys_.find(std::string(key_id));
    return it == keys_.end() ? nullptr : &it->second;
  }
  void Put(KeyRecord record) { std::string id = record.key_id; keys_[id] = std::move(record); }
  const std::unordered_map<std::string, KeyRecord>& all() const { return keys_; }

 private:
  std::unordered_map<std::string, KeyRecord> keys_;
};

}  // namespace pl::domain
