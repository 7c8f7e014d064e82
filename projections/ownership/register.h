// The ownership register's picture of one patent: everything a registry
// clerk or a bank asks about -- owners with shares, status, pledges (active
// and past), licences by kind, open-licence declarations and their takings.
// Built only by Fold(), which both the projection (in stream order) and the
// as-of queries (in the order they choose) use, so a query's answer is the
// projection's own arithmetic. Fold() never asserts on order: an as-of fold
// by effective date may see events in another order than the ledger did.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/base/status.h"
#include "ledger/domain/state.h"
#include "ledger/domain/types.h"

namespace pl::projections::ownership {

struct LicenceEntry {
  std::string licence_id;
  domain::LicenceKind kind = domain::LicenceKind::kOrdinary;
  std::vector<domain::Party> licensors;
  domain::Party licensee;
  std::vector<std::string> territory;
  domain::DateRange term;
  domain::Money lump_sum;
  std::uint32_t royalty_rate_bp = 0;
  std::int32_t contract_date = 0;
  std::int32_t recorded_on = 0;  // effective date of the filing
  bool late_filing = false;
  std::int32_t terminated_on = 0;  // 0 while not terminated
  std::string termination_reason;

  // Within its term on `yyyymmdd` and not terminated by then.
  bool InForceOn(std::int32_t yyyymmdd) const {
    return (terminated_on == 0 || yyyymmdd < terminated_on) && term.start <= yyyymmdd && yyyymmdd <= term.end;
  }
};

struct PledgeEntry {
  std::string pledge_id;
  std::vector<domain::Party> pledgors;
  domain::Party pledgee;
  domain::Money secured_amount;
  domain::DateRange debt_term;
  std::string contract_id;
  std::int32_t registered_on = 0;        // effective date of the registration
  std::int64_t registered_at_us = 0;     // when the ledger recorded it
  bool released = false;
  std::int32_t released_on = 0;
  domain::ReleaseReason release_reason = domain::ReleaseReason::kRepaid;
};

struct TakingEntry {
  std::string submission_id;
  domain::Party licensee;
  domain::Money payment;
  std::int32_t taken_on = 0;
};

struct DeclarationEntry {
  std::string declaration_id;  // submission id of the declaration
  std::vector<domain::Party> declarants;
  domain::RoyaltyTerms terms;
  domain::DateRange term;
  std::int32_t declared_on = 0;
  bool withdrawn = false;
  std::int32_t withdrawn_on = 0;
  std::vector<TakingEntry> takings;  // stay valid after a withdrawal
};

// The status flags (a base: `state.lapsed`) are the current ones: every
// status change folded, in the order folded.
struct RegisterState : domain::StatusFlags {
  bool recorded = false;
  domain::PatentType patent_type = domain::PatentType::kInvention;
  std::string title;
  std::string ipc_main_class;
  std::int32_t grant_date = 0;
  std::int32_t expiry_date = 0;
  bool publicly_funded = false;
  std::vector<domain::Party> owners;  // shares normalised (all zero -> equal)
  std::vector<domain::StatusMark> status_marks;  // every status change, in the order folded
  std::vector<PledgeEntry> pledges;  // in registration order
  std::vector<LicenceEntry> licences;
  std::vector<DeclarationEntry> declarations;
  std::uint64_t events = 0;  // events folded
  std::int32_t last_effective_date = 0;
  std::int64_t last_recorded_at_us = 0;

  // The status flags in effect on `yyyymmdd` (domain::StatusOn).
  domain::StatusFlags StatusOnDay(std::int32_t yyyymmdd) const { return domain::StatusOn(status_marks, yyyymmdd); }
  // Recorded, and no status in effect on `yyyymmdd` ends or suspends the
  // right (the term is judged apart).
  bool StatusInForceOn(std::int32_t yyyymmdd) const { return recorded && StatusOnDay(yyyymmdd).InForce(); }
  // Not in force on `yyyymmdd` only because it was not granted yet, or only
  // because its term had ended.
  bool BeforeGrantOn(std::int32_t yyyymmdd) const { return StatusInForceOn(yyyymmdd) && yyyymmdd < grant_date; }
  bool TermEndedOn(std::int32_t yyyymmdd) const { return StatusInForceOn(yyyymmdd) && yyyymmdd > expiry_date; }
  // In force on `yyyymmdd`: granted, its term not ended and its status in
  // force that day (the ledger's own query and the statistics judge the
  // same way).
  bool InForceOn(std::int32_t yyyymmdd) const {
    return grant_date <= yyyymmdd && yyyymmdd <= expiry_date && StatusInForceOn(yyyymmdd);
  }
  const PledgeEntry* ActivePledge() const;
  // The latest declaration, if it is not withdrawn.
  const DeclarationEntry* OpenDeclaration() const;
  // The latest declaration, if it is not withdrawn and its term includes
  // `yyyymmdd`: a licence can be taken under it that day.
  const DeclarationEntry* OpenDeclarationOn(std::int32_t yyyymmdd) const;
};

// Where and when an event was sealed.
struct FoldContext {
  std::int64_t recorded_at_us = 0;
  std::uint32_t flags = 0;
};

// Folds one patent event. Key events are ignored.
void Fold(RegisterState& state, const domain::Submission& submission, const FoldContext& context);

std::string EncodeRegister(const RegisterState& state);
Result<RegisterState> DecodeRegister(std::string_view bytes);

}  // namespace pl::projections::ownership
