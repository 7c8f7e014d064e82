// The statistics projection's records: additive activity cells and the
// per-patent, per-pledge and per-declaration facts that "as at a date"
// figures (outstanding pledges, transformation, dormancy) are computed from
// at report time. Encodings are deterministic (record_io.h).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/base/status.h"
#include "ledger/domain/state.h"
#include "ledger/domain/types.h"
#include "projections/framework/vocabulary.h"

namespace pl::projections::statistics {

// What happened, for counting. Stable numbers: they are in the cell keys.
enum class Act : std::uint8_t {
  kPatentRecorded = 0,
  kTransferContract = 1, kTransferMerger = 2, kTransferInheritance = 3, kTransferCourt = 4,
  kTransferPledgeEnforcement = 5,
  kLicenceExclusive = 6, kLicenceSole = 7, kLicenceOrdinary = 8, kLicenceTerminated = 9,
  kOpenLicenceDeclared = 10, kOpenLicenceWithdrawn = 11, kOpenLicenceTaken = 12,
  kPledgeRegistered = 13, kPledgeReleased = 14,
};
inline constexpr int kActCount = 15;
const char* ActName(Act act);  // "transfer_contract", ...
bool IsTransfer(Act act);
bool IsLicence(Act act);  // the three licence kinds (not terminations)


// Cell key: date u32 BE | act u8 | region (2) | IPC class (4) | holder type u8
//           | flow u8 | counterpart region (2, "--" when none).
// Region, IPC class and holder type are the acting (seller's) side's lead
// party's; the counterpart is the buyer's lead party.
struct CellKey {
  std::int32_t date = 0;
  Act act = Act::kPatentRecorded;
  std::string region = "00";
  std::string ipc_class = "????";
  domain::HolderType holder = domain::HolderType::kOther;
  Flow flow = Flow::kDomestic;
  std::string counterpart = "--";
};
std::string EncodeCellKey(const CellKey& k);
bool DecodeCellKey(std::string_view bytes, CellKey* k);

struct CellValue {
  std::uint64_t count = 0;
  std::int64_t amount_cny_minor = 0;   // CNY amounts only
  std::uint64_t other_currency = 0;    // acts whose amount is in another currency
  std::uint64_t late_filings = 0;      // licences filed > 3 months after the contract
  void Add(const CellValue& v) {
    count += v.count;
    amount_cny_minor += v.amount_cny_minor;
    other_currency += v.other_currency;
    late_filings += v.late_filings;
  }
};
std::string EncodeCellValue(const CellValue& v);
Result<CellValue> DecodeCellValue(std::string_view bytes);

struct PatentFacts {
  domain::PatentType patent_type = domain::PatentType::kInvention;
  std::string ipc_main_class;
  std::int32_t grant_date = 0;
  std::int32_t expiry_date = 0;
  bool publicly_funded = false;
  std::string original_region;  // lead owner when recorded
  domain::HolderType original_holder = domain::HolderType::kOther;
  std::string region;           // lead owner now
  domain::HolderType holder = domain::HolderType::kOther;
  std::vector<domain::StatusMark> status;  // in stream order
  std::vector<std::int32_t> deal_dates;  // contract transfers, licences, takings
  std::string active_pledge_key;        // pledges table key; empty when none
  std::string open_declaration_key;     // declarations table key; empty when none

  // In force on `date`: granted, not past expiry, and no lapse,
  // invalidation, expiry, preservation order or dispute in effect that day
  // (domain::StatusOn, the rule the ledger and the register judge by).
  bool InForceOn(std::int32_t date) const;
  // A deal (contract transfer, licence, taking) effective in [from, to].
  bool DealBetween(std::int32_t from, std::int32_t to) const;
};
std::string EncodePatentFacts(const PatentFacts& f);
Result<PatentFacts> DecodePatentFacts(std::string_view bytes);

struct PledgeFacts {
  std::string patent;
  std::int32_t registered_on = 0;
  domain::Money secured_amount;
  std::string pledgee_id, pledgee_name;
  std::string region;  // pledgor's
  domain::HolderType holder = domain::HolderType::kOther;
  std::string ipc_class;
  std::int32_t released_on = 0;  // 0 while registered
};
std::string EncodePledgeFacts(const PledgeFacts& f);
Result<PledgeFacts> DecodePledgeFacts(std::string_view bytes);

struct DeclarationFacts {
  std::string patent;
  std::int32_t declared_on = 0;
  domain::DateRange term;         // the declared licensing period: takings only within it
  std::int32_t withdrawn_on = 0;  // 0 while not withdrawn
  std::vector<std::int32_t> taking_dates;
  std::int64_t takings_amount_cny_minor = 0;
  std::string region;
  domain::HolderType holder = domain::HolderType::kOther;
  std::string ipc_class;
};
std::string EncodeDeclarationFacts(const DeclarationFacts& f);
Result<DeclarationFacts> DecodeDeclarationFacts(std::string_view bytes);

}  // namespace pl::projections::statistics
