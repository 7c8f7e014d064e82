#include "projections/techcontract/feed.h"

#include <cerrno>
#include <cstring>

#include <nlohmann/json.hpp>

#include "projections/framework/csv.h"
#include "projections/framework/vocabulary.h"
#include "projections/techcontract/techcontract.h"

namespace pl::projections::techcontract {
namespace {

template <typename F>
std::string JoinParties(const std::vector<domain::Party>& ps, F f) {
  std::vector<std::string> items;
  for (const auto& p : ps) items.push_back(f(p));
  return JoinList(items);
}

std::string OtherAmounts(const Contract& c) {
  std::vector<std::string> items;
  for (const auto& m : c.other_amounts) items.push_back(m.currency + ":" + std::to_string(m.amount_minor));
  return JoinList(items);
}

nlohmann::ordered_json PartiesJson(const std::vector<domain::Party>& ps) {
  auto a = nlohmann::ordered_json::array();
  for (const auto& p : ps) {
    a.push_back({{"id", p.id}, {"name", p.name}, {"region", RegionOf(p)}, {"holder_type", HolderTypeName(p.holder_type)}});
  }
  return a;
}

}  // namespace

const std::vector<std::string>& CsvHeader() {
  static const std::vector<std::string> header = {
      "contract_id",    "category",          "act",             "contract_number",    "recognition",
      "reason",         "patents",           "ipc_classes",     "seller_ids",         "seller_names",
      "seller_regions", "seller_holder_types", "buyer_ids",     "buyer_names",        "buyer_regions",
      "buyer_holder_types", "amount_minor",  "currency",        "other_amounts",      "royalty_rate_bp",
      "licence_kind",   "transfer_cause",    "flow",            "contract_date",      "effective_date",
      "first_recorded_at", "late_filing",    "terminated_on",   "parts"};
  return header;
}

std::vector<std::string> CsvFields(const Contract& c) {
  auto ids = [](const domain::Party& p) { return p.id; };
  auto names = [](const domain::Party& p) { return p.name; };
  auto regions = [](const domain::Party& p) { return RegionOf(p); };
  auto holders = [](const domain::Party& p) { return std::string(HolderTypeName(p.holder_type)); };
  const bool licence = c.category == Category::kLicence;
  return {c.contract_id,
          CategoryName(c.category),
          ActName(c.category),
          c.contract_number,
          c.recognised ? "recognised" : "not_recognised",
          c.reason,
          JoinList(c.patents),
          JoinList(c.ipc_classes),
          JoinParties(c.sellers, ids),
          JoinParties(c.sellers, names),
          JoinParties(c.sellers, regions),
          JoinParties(c.sellers, holders),
          JoinParties(c.buyers, ids),
          JoinParties(c.buyers, names),
          JoinParties(c.buyers, regions),
          JoinParties(c.buyers, holders),
          std::to_string(c.amount.amount_minor),
          c.amount.currency,
          OtherAmounts(c),
          std::to_string(c.royalty_rate_bp),
          licence ? LicenceKindName(c.licence_kind) : "",
          c.category == Category::kTransfer ? TransferCauseName(c.cause) : "",
          FlowName(c.flow),
          DayText(c.contract_date),
          DayText(c.effective_date),
          TimeText(c.first_recorded_at_us),
          c.late_filing ? "true" : "false",
          c.terminated_on ? DayText(c.terminated_on) : "",
          std::to_string(c.parts)};
}

std::string ContractJson(const Contract& c) {
  nlohmann::ordered_json j;
  j["contract_id"] = c.contract_id;
  j["category"] = CategoryName(c.category);
  j["act"] = ActName(c.category);
  j["contract_number"] = c.contract_number;
  j["recognised"] = c.recognised;
  j["reason"] = c.reason;
  j["patents"] = c.patents;
  j["ipc_classes"] = c.ipc_classes;
  j["sellers"] = PartiesJson(c.sellers);
  j["buyers"] = PartiesJson(c.buyers);
  j["amount_minor"] = c.amount.amount_minor;
  j["currency"] = c.amount.currency;
  auto other = nlohmann::ordered_json::array();
  for (const auto& m : c.other_amounts) other.push_back({{"amount_minor", m.amount_minor}, {"currency", m.currency}});
  j["other_amounts"] = other;
  j["royalty_rate_bp"] = c.royalty_rate_bp;
  if (c.category == Category::kLicence) j["licence_kind"] = LicenceKindName(c.licence_kind);
  if (c.category == Category::kTransfer) j["transfer_cause"] = TransferCauseName(c.cause);
  j["flow"] = FlowName(c.flow);
  j["contract_date"] = DayText(c.contract_date);
  j["effective_date"] = DayText(c.effective_date);
  j["first_recorded_at"] = TimeText(c.first_recorded_at_us);
  j["late_filing"] = c.late_filing;
  j["terminated_on"] = c.terminated_on ? nlohmann::ordered_json(DayText(c.terminated_on)) : nlohmann::ordered_json();
  j["parts"] = c.parts;
  return j.dump();
}

CsvContractSink::CsvContractSink(std::FILE* out, const std::vector<std::string>& preamble) : out_(out) {
  for (const auto& line : preamble) {
    if (status_.ok()) status_ = Write("# " + line + "\n");
  }
  if (status_.ok()) status_ = Write(CsvLine(CsvHeader()));
}

Status CsvContractSink::Write(const std::string& text) {
  if (std::fwrite(text.data(), 1, text.size(), out_) != text.size()) {
    return Status::IoError(std::string("writing the contract feed: ") + std::strerror(errno));
  }
  return Status::Ok();
}

Status CsvContractSink::Put(const Contract& contract) {
  if (!status_.ok()) return status_;
  status_ = Write(CsvLine(CsvFields(contract)));
  return status_;
}

Status CsvContractSink::Finish() {
  if (!status_.ok()) return status_;
  if (std::fflush(out_) != 0) return Status::IoError(std::string("flushing the contract feed: ") + std::strerror(errno));
  return Status::Ok();
}

Result<std::uint64_t> PublishContracts(const Tables& tables, const FeedFilter& filter, ContractSink& sink) {
  std::uint64_t count = 0;
  Status error;
  Status s = ForEachContract(tables, [&](const Contract& c) {
    if (filter.effective_on_or_before && c.effective_date > *filter.effective_on_or_before) return true;
    error = sink.Put(c);
    ++count;
    return error.ok();
  });
  PL_RETURN_IF_ERROR(s);
  PL_RETURN_IF_ERROR(error);
  PL_RETURN_IF_ERROR(sink.Finish());
  return count;
}

}  // namespace pl::projections::techcontract
