// Flow tables: counts and amounts of acts by period and one dimension,
// straight from the statistics cells with effective date <= the cut-off.
#include "projections/framework/vocabulary.h"
#include "projections/report/model_internal.h"
#include "projections/statistics/statistics.h"

namespace pl::projections::report::internal {
namespace {

using statistics::Act;
using statistics::CellKey;
using statistics::CellValue;

struct Activity {
  std::vector<std::vector<CellValue>> by_period_act;  // [period][act]
  Sums region, section, ipc_class, holder, cross_border, cube, late;
};

void Accumulate(const Report& report, const CellKey& k, const CellValue& v, Activity& a) {
  const int p = PeriodIndex(report.periods, k.date);
  if (p < 0) return;
  const std::string& period = report.periods[p].label;
  const std::string act = statistics::ActName(k.act);
  const std::string section = IpcSection(k.ipc_class);
  const std::string holder = HolderTypeName(k.holder);
  a.by_period_act[p][int(k.act)].Add(v);
  a.region[{period, k.region, RegionName(k.region), act}].Add(v);
  a.section[{period, section, act}].Add(v);
  a.ipc_class[{std::to_string(k.date / 10000), k.ipc_class, act}].Add(v);
  a.holder[{period, holder, act}].Add(v);
  a.cube[{period, k.region, section, holder, act, FlowName(k.flow)}].Add(v);
  if (k.flow == Flow::kExport) {
    a.cross_border[{period, "export", k.counterpart, k.region, act}].Add(v);
  } else if (k.flow == Flow::kImport) {
    a.cross_border[{period, "import", k.region, k.counterpart, act}].Add(v);
  } else if (k.flow == Flow::kForeign) {
    a.cross_border[{period, "foreign", k.region, k.counterpart, act}].Add(v);
  }
  if (statistics::IsLicence(k.act)) {
    CellValue l;
    l.count = v.count;
    l.late_filings = v.late_filings;
    a.late[{period, k.region, RegionName(k.region)}].Add(l);
  }
}

ReportTable ByPeriodTable(const Report& report, const Activity& a) {
  ReportTable t;
  t.name = "activity_by_period";
  t.title = "Transfers, licences, open licences and pledges by period";
  t.description = "One row per period and act: acts with an effective date in the period (up to the cut-off).";
  t.columns = {"period", "act", "count", "amount_cny_minor", "other_currency_count", "late_filings"};
  for (std::size_t p = 0; p < report.periods.size(); ++p) {
    for (int act = 0; act < statistics::kActCount; ++act) {
      const CellValue& v = a.by_period_act[p][act];
      t.rows.push_back({Cell::Text(report.periods[p].label), Cell::Text(statistics::ActName(Act(act))),
                        Cell::Int(std::int64_t(v.count)), Cell::Int(v.amount_cny_minor),
                        Cell::Int(std::int64_t(v.other_currency)), Cell::Int(std::int64_t(v.late_filings))});
    }
  }
  t.suppression.push_back(SuppressionRule{2, {3, 4, 5}});
  return t;
}

ReportTable LateTable(const Sums& late) {
  ReportTable t;
  t.name = "late_filings";
  t.title = "Licence filings more than 3 months after the contract date";
  t.description = "One row per period and licensor region: licences filed, of which late, and the late share.";
  t.columns = {"period", "region", "region_name", "licences_filed", "late_filings", "late_share"};
  for (const auto& [key, v] : late) {
    t.rows.push_back({Cell::Text(key[0]), Cell::Text(key[1]), Cell::Text(key[2]), Cell::Int(std::int64_t(v.count)),
                      Cell::Int(std::int64_t(v.late_filings)),
                      Cell::Rate(std::int64_t(v.late_filings), std::int64_t(v.count))});
  }
  t.suppression.push_back(SuppressionRule{3, {}});
  t.suppression.push_back(SuppressionRule{4, {5}});
  return t;
}

}  // namespace

Status AddActivityTables(const Tables& stats, const ReportOptions& options, Report& report) {
  Activity a;
  a.by_period_act.assign(report.periods.size(), std::vector<CellValue>(statistics::kActCount));
  Status s = statistics::ForEachCell(stats, [&](const CellKey& k, const CellValue& v) {
    if (k.date > options.as_of) return false;  // cells are in date order
    Accumulate(report, k, v, a);
    return true;
  });
  PL_RETURN_IF_ERROR(s);
  report.tables.push_back(ByPeriodTable(report, a));
  report.tables.push_back(FromSums("activity_by_region", "Acts by region of the seller side",
                                   "One row per period, region (province, or country for a foreign seller) and act.",
                                   {"period", "region", "region_name", "act"}, a.region));
  report.tables.push_back(FromSums("activity_by_ipc_section", "Acts by IPC section",
                                   "One row per period, IPC section of the patent's main class and act.",
                                   {"period", "ipc_section", "act"}, a.section));
  report.tables.push_back(FromSums("activity_by_ipc_class", "Acts by IPC class and year",
                                   "One row per calendar year, IPC class (4 characters) and act.",
                                   {"year", "ipc_class", "act"}, a.ipc_class));
  report.tables.push_back(FromSums("activity_by_holder_type", "Acts by holder type of the seller side",
                                   "One row per period, holder type of the lead seller (owner, licensor, pledgor) and act.",
                                   {"period", "holder_type", "act"}, a.holder));
  report.tables.push_back(FromSums("cross_border", "Cross-border flows (technology import and export)",
                                   "One row per period, direction, foreign country, domestic region and act.",
                                   {"period", "flow", "country", "domestic_region", "act"}, a.cross_border));
  report.tables.push_back(LateTable(a.late));
  report.tables.push_back(FromSums("cube", "All dimensions (long format)",
                                   "One row per period, region, IPC section, holder type, act and flow.",
                                   {"period", "region", "ipc_section", "holder_type", "act", "flow"}, a.cube));
  return Status::Ok();
}

}  // namespace pl::projections::report::internal
