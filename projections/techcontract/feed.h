// The technology-contract sharing feed: every contract record, through a
// small sink interface. CsvContractSink writes the documented CSV
// (docs/techcontract.md, "Feed"); a Kafka sink publishing to
// patent.techcontract.v1 keyed by contract id (so re-publishing a record is
// harmless: compaction keeps the latest) plugs in the same way, with
// ContractJson() as the value.
#pragma once

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "ledger/base/status.h"
#include "projections/framework/tables.h"
#include "projections/techcontract/contract.h"

namespace pl::projections::techcontract {

class ContractSink {
 public:
  virtual ~ContractSink() = default;
  virtual Status Put(const Contract& contract) = 0;
  virtual Status Finish() = 0;
};

// The CSV header, in column order.
const std::vector<std::string>& CsvHeader();
std::vector<std::string> CsvFields(const Contract& c);
// One JSON object on one line (the Kafka value).
std::string ContractJson(const Contract& c);

// Writes the header on construction, one line per Put. Does not close `out`.
class CsvContractSink : public ContractSink {
 public:
  // `preamble` (may be empty) is written first as "# ..." lines.
  CsvContractSink(std::FILE* out, const std::vector<std::string>& preamble);
  Status Put(const Contract& contract) override;
  Status Finish() override;

 private:
  Status Write(const std::string& text);
  std::FILE* out_;
  Status status_;
};

struct FeedFilter {
  std::optional<std::int32_t> effective_on_or_before;  // the cut-off date
};

// Puts every contract passing `filter` into `sink`, in contract-id order,
// then Finish(). Returns the number put.
Result<std::uint64_t> PublishContracts(const Tables& tables, const FeedFilter& filter, ContractSink& sink);

}  // namespace pl::projections::techcontract
