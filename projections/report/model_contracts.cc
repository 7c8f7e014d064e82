// Technology contracts by period: each contract counted once, by its
// effective date (the earliest of its parts) and the lead seller's region.
#include "projections/framework/vocabulary.h"
#include "projections/report/model_internal.h"
#include "projections/techcontract/techcontract.h"

namespace pl::projections::report::internal {

Status AddContractTable(const Tables& contracts, const ReportOptions& options, Report& report) {
  Sums sums;
  Status s = techcontract::ForEachContract(contracts, [&](const techcontract::Contract& c) {
    if (c.effective_date > options.as_of || c.sellers.empty()) return true;
    const int p = PeriodIndex(report.periods, c.effective_date);
    if (p < 0) return true;
    const domain::Party seller = LeadPartyOf(c.sellers);
    statistics::CellValue v;
    v.count = 1;
    v.amount_cny_minor = c.amount.currency == "CNY" ? c.amount.amount_minor : 0;
    sums[{report.periods[p].label, techcontract::CategoryName(c.category), techcontract::ActName(c.category),
          RegionOf(seller), HolderTypeName(seller.holder_type), FlowName(c.flow),
          c.recognised ? "recognised" : "not_recognised", c.reason}]
        .Add(v);
    return true;
  });
  PL_RETURN_IF_ERROR(s);
  report.tables.push_back(FromSums(
      "technology_contracts", "Technology contracts (recognition registration), each counted once",
      "One row per period, category, act, seller region and holder type, flow, recognition result and reason.",
      {"period", "category", "act", "seller_region", "seller_holder_type", "flow", "recognition", "reason"}, sums));
  return Status::Ok();
}

}  // namespace pl::projections::report::internal
