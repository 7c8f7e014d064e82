// Technology-contract records (技术合同认定登记): one Part per ledger event
// that is a contract act on one patent (a transfer, a licence filing, an
// open-licence taking), and one Contract per contract, merged from its parts.
//
// A contract is identified from the seller's side: its key is the category,
// the sellers' identities (sorted) and the seller's contract number (the
// transfer's contract id, the licence id, or the taking's submission id).
// Parts with the same key -- several patents sold or licensed under one
// contract, possibly in different ledger partitions -- make ONE contract.
// Merge() is a pure function of the SET of parts (it sorts them by key
// first), so the record does not depend on the order events arrived in.
// Recognition criteria: docs/techcontract.md.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/base/status.h"
#include "ledger/domain/types.h"
#include "projections/framework/vocabulary.h"

namespace pl::projections::techcontract {

enum class Category : std::uint8_t { kTransfer = 0, kLicence = 1, kOpenLicenceTaking = 2 };
// "patent_right_transfer" (专利权转让) or "patent_licence" (专利实施许可).
const char* CategoryName(Category c);
// "transfer", "licence", "open_licence_taking": which act made the contract.
const char* ActName(Category c);


struct Part {
  Category category = Category::kTransfer;
  std::string contract_number;
  std::string patent;
  std::uint64_t version = 0;  // stream version of the event
  std::uint32_t partition = 0;
  std::uint64_t seq = 0;
  std::string submission_id;
  std::int32_t effective_date = 0;
  std::int64_t recorded_at_us = 0;
  std::vector<domain::Party> sellers;  // canonical order
  std::vector<domain::Party> buyers;   // canonical order
  domain::Money amount;                // consideration / lump sum / payment
  std::uint32_t royalty_rate_bp = 0;   // licences and takings
  domain::LicenceKind licence_kind = domain::LicenceKind::kOrdinary;
  domain::TransferCause cause = domain::TransferCause::kContract;
  std::int32_t contract_date = 0;      // licences: the contract's date; others: effective date
  bool late_filing = false;
  std::string export_certificate;
  domain::PatentType patent_type = domain::PatentType::kInvention;
  std::string ipc_main_class;
  std::int32_t terminated_on = 0;      // licences: effective date of the termination
};

struct Contract {
  std::string contract_id;  // 32 hex: first 16 bytes of SHA-256(contract key)
  Category category = Category::kTransfer;
  std::string contract_number;
  std::vector<std::string> patents;     // sorted
  std::vector<std::string> ipc_classes; // per patent, same order
  std::vector<domain::Party> sellers, buyers;
  domain::Money amount;                 // sum of the parts in the first part's currency
  std::vector<domain::Money> other_amounts;  // sums in other currencies, by code
  std::uint32_t royalty_rate_bp = 0;    // the largest of the parts'
  domain::LicenceKind licence_kind = domain::LicenceKind::kOrdinary;
  domain::TransferCause cause = domain::TransferCause::kContract;
  Flow flow = Flow::kDomestic;
  std::int32_t contract_date = 0;       // earliest
  std::int32_t effective_date = 0;      // earliest: when the contract is counted
  std::int64_t first_recorded_at_us = 0;
  bool late_filing = false;             // any part filed late
  std::int32_t terminated_on = 0;       // when every part is terminated: the latest
  bool recognised = false;
  std::string reason;                   // docs/techcontract.md
  std::uint32_t parts = 0;
};

// The contract key of a part: category 0x00 sellers 0x00 number.
std::string ContractKey(const Part& part);
std::string ContractIdOf(std::string_view contract_key);

// REQUIRES: parts non-empty, all with the same contract key, whose
// ContractIdOf() is `contract_id` (the caller has it already: one SHA-256
// per merge, not two).
Contract Merge(std::vector<Part> parts, std::string contract_id);

std::string EncodePart(const Part& part);
Result<Part> DecodePart(std::string_view bytes);
std::string EncodeContract(const Contract& contract);
Result<Contract> DecodeContract(std::string_view bytes);

}  // namespace pl::projections::techcontract
