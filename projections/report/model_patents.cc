// Patent-population tables: transformation rate of university and
// research-institute patents by period, and dormant publicly funded patents
// at the cut-off. Formulas and boundaries: docs/statistics.md.
#include <algorithm>

#include "ledger/base/date.h"
#include "projections/framework/vocabulary.h"
#include "projections/report/model_internal.h"
#include "projections/statistics/statistics.h"

namespace pl::projections::report::internal {
namespace {

constexpr domain::HolderType kTransformationHolders[] = {domain::HolderType::kUniversity,
                                                         domain::HolderType::kResearchInstitute};
// "Granted over 5 years ago": the 5th anniversary of the grant is on or
// before the cut-off (满五年).
constexpr int kDormantYears = 5;

struct TransformationRow {
  std::int64_t population = 0, in_period = 0, ever = 0;
};
struct DormantRow {
  std::int64_t population = 0, dormant = 0;
};

bool DormantCandidate(const statistics::PatentFacts& f, std::int32_t as_of) {
  if (!f.publicly_funded) return false;
  auto grant = Date::FromYyyymmdd(f.grant_date);
  return grant && grant->PlusYears(kDormantYears).yyyymmdd() <= as_of && f.InForceOn(as_of);
}

ReportTable TransformationTable(const Report& report, const std::vector<std::vector<TransformationRow>>& rows) {
  ReportTable t;
  t.name = "transformation";
  t.title = "Transformation rate of university and research-institute patents";
  t.description = "Population: patents first recorded for a university (research institute), granted and in force at "
                  "the period end. Transformed: with a contract transfer, licence or open-licence taking effective "
                  "in the period (rate_in_period) or on or before the period end (rate_ever).";
  t.columns = {"period", "holder_type", "in_force_at_end", "transformed_in_period", "transformed_ever",
               "rate_in_period", "rate_ever"};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (std::size_t h = 0; h < std::size(kTransformationHolders); ++h) {
      const TransformationRow& r = rows[i][h];
      t.rows.push_back({Cell::Text(report.periods[i].label), Cell::Text(HolderTypeName(kTransformationHolders[h])),
                        Cell::Int(r.population), Cell::Int(r.in_period), Cell::Int(r.ever),
                        Cell::Rate(r.in_period, r.population), Cell::Rate(r.ever, r.population)});
    }
  }
  t.suppression = {{3, {5}}, {4, {6}}};
  return t;
}

ReportTable DormantTable(const std::map<std::pair<std::string, std::string>, DormantRow>& rows, std::int32_t as_of) {
  ReportTable t;
  t.name = "dormant_publicly_funded";
  t.title = "Dormant publicly funded patents (granted 5+ years, never transferred or licensed)";
  t.description = "As at " + DayText(as_of) + ": publicly funded patents in force whose 5th grant anniversary is on or "
                  "before the cut-off; dormant = no contract transfer, licence or open-licence taking by then.";
  t.columns = {"region", "region_name", "holder_type", "publicly_funded_5y_in_force", "dormant", "dormant_share"};
  for (const auto& [key, r] : rows) {
    t.rows.push_back({Cell::Text(key.first), Cell::Text(key.first == "all" ? "all" : RegionName(key.first)),
                      Cell::Text(key.second), Cell::Int(r.population), Cell::Int(r.dormant),
                      Cell::Rate(r.dormant, r.population)});
  }
  return t;
}

}  // namespace

Status AddPatentTables(const Tables& stats, const ReportOptions& options, Report& report) {
  std::vector<std::vector<TransformationRow>> rows(report.periods.size(),
                                                   std::vector<TransformationRow>(std::size(kTransformationHolders)));
  std::map<std::pair<std::string, std::string>, DormantRow> dormant;
  Status s = statistics::ForEachPatent(stats, [&](const std::string&, const statistics::PatentFacts& f) {
    for (std::size_t h = 0; h < std::size(kTransformationHolders); ++h) {
      if (f.original_holder != kTransformationHolders[h]) continue;
      for (std::size_t i = 0; i < rows.size(); ++i) {
        const Period& p = report.periods[i];
        const std::int32_t end = std::min(p.last_day, options.as_of);
        if (!f.InForceOn(end)) continue;
        TransformationRow& r = rows[i][h];
        ++r.population;
        if (f.DealBetween(p.first_day, end)) ++r.in_period;
        if (f.DealBetween(0, end)) ++r.ever;
      }
    }
    if (DormantCandidate(f, options.as_of)) {
      const bool idle = !f.DealBetween(0, options.as_of);
      for (const auto& key : {std::pair<std::string, std::string>{f.original_region, HolderTypeName(f.original_holder)},
                              std::pair<std::string, std::string>{"all", "all"}}) {
        ++dormant[key].population;
        if (idle) ++dormant[key].dormant;
      }
    }
    return true;
  });
  PL_RETURN_IF_ERROR(s);
  report.tables.push_back(TransformationTable(report, rows));
  report.tables.push_back(DormantTable(dormant, options.as_of));
  return Status::Ok();
}

}  // namespace pl::projections::report::internal
