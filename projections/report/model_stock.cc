// Stock tables: figures "as at the end of each period" (outstanding
// pledges, declarations in force and taken up, transformation) and "as at
// the cut-off" (dormant publicly funded patents), computed from the
// statistics projection's facts. A period's end is its last day or the
// cut-off, whichever is earlier. Formulas: docs/statistics.md.
#include <algorithm>

#include "ledger/base/date.h"
#include "projections/framework/vocabulary.h"
#include "projections/report/model_internal.h"
#include "projections/statistics/statistics.h"

namespace pl::projections::report::internal {
namespace {

std::int32_t EndOf(const Period& p, std::int32_t as_of) { return std::min(p.last_day, as_of); }
bool In(std::int32_t date, std::int32_t from, std::int32_t to) { return date != 0 && date >= from && date <= to; }
std::int64_t Cny(const domain::Money& m) {
  return m.currency == "CNY" || m.currency.empty() ? m.amount_minor : 0;
}

struct PledgeRow {
  std::int64_t registered = 0, registered_amount = 0, released = 0, released_amount = 0;
  std::int64_t outstanding = 0, outstanding_amount = 0;
};

ReportTable PledgeRegionTable(const std::map<std::string, PledgeRow>& by_region, std::int32_t as_of) {
  ReportTable t;
  t.name = "pledges_outstanding_by_region";
  t.title = "Pledge financing outstanding at the cut-off, by region of the pledgor";
  t.description = "Pledges registered on or before " + DayText(as_of) + " and not released by then.";
  t.columns = {"region", "region_name", "outstanding_count", "outstanding_amount_cny_minor"};
  for (const auto& [region, r] : by_region) {
    t.rows.push_back({Cell::Text(region), Cell::Text(RegionName(region)), Cell::Int(r.outstanding),
                      Cell::Int(r.outstanding_amount)});
  }
  t.suppression.push_back(SuppressionRule{2, {3}});
  return t;
}

}  // namespace

Status AddPledgeTable(const Tables& stats, Report& report) {
  const std::int32_t as_of = report.options.as_of;
  std::vector<PledgeRow> rows(report.periods.size());
  std::map<std::string, PledgeRow> by_region;
  Status s = statistics::ForEachPledge(stats, [&](const statistics::PledgeFacts& f) {
    const std::int64_t amount = Cny(f.secured_amount);
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const Period& p = report.periods[i];
      const std::int32_t end = EndOf(p, as_of);
      if (In(f.registered_on, p.first_day, end)) rows[i].registered++, rows[i].registered_amount += amount;
      if (In(f.released_on, p.first_day, end)) rows[i].released++, rows[i].released_amount += amount;
      if (f.registered_on <= end && (f.released_on == 0 || f.released_on > end)) {
        rows[i].outstanding++, rows[i].outstanding_amount += amount;
      }
    }
    if (f.registered_on <= as_of && (f.released_on == 0 || f.released_on > as_of)) {
      by_region[f.region].outstanding++, by_region[f.region].outstanding_amount += amount;
    }
    return true;
  });
  PL_RETURN_IF_ERROR(s);
  ReportTable t;
  t.name = "pledges";
  t.title = "Pledge financing: registrations, releases and amount outstanding at period end";
  t.description = "Secured amounts in CNY minor units; outstanding = registered on or before the period end and "
                  "not released by then.";
  t.columns = {"period", "registered_count", "registered_amount_cny_minor", "released_count",
               "released_amount_cny_minor", "outstanding_count", "outstanding_amount_cny_minor"};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const PledgeRow& r = rows[i];
    t.rows.push_back({Cell::Text(report.periods[i].label), Cell::Int(r.registered), Cell::Int(r.registered_amount),
                      Cell::Int(r.released), Cell::Int(r.released_amount), Cell::Int(r.outstanding),
                      Cell::Int(r.outstanding_amount)});
  }
  t.suppression = {{1, {2}}, {3, {4}}, {5, {6}}};
  report.tables.push_back(std::move(t));
  report.tables.push_back(PledgeRegionTable(by_region, as_of));
  return Status::Ok();
}

Status AddOpenLicenceTable(const Tables& stats, Report& report) {
  const std::int32_t as_of = report.options.as_of;
  struct Row { std::int64_t declared = 0, withdrawn = 0, takings = 0, in_force = 0, declared_by_end = 0, taken_by_end = 0; };
  std::vector<Row> rows(report.periods.size());
  Status s = statistics::ForEachDeclaration(stats, [&](const statistics::DeclarationFacts& f) {
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const Period& p = report.periods[i];
      const std::int32_t end = EndOf(p, as_of);
      Row& r = rows[i];
      if (In(f.declared_on, p.first_day, end)) ++r.declared;
      if (In(f.withdrawn_on, p.first_day, end)) ++r.withdrawn;
      for (std::int32_t d : f.taking_dates) r.takings += In(d, p.first_day, end) ? 1 : 0;
      if (f.declared_on > end) continue;
      ++r.declared_by_end;
      // In force: not withdrawn by the end, which lies in the declared
      // term (a licence can be taken under it that day, as admission has it).
      if ((f.withdrawn_on == 0 || f.withdrawn_on > end) && f.term.start <= end && end <= f.term.end) ++r.in_force;
      // Takings stay valid after a withdrawal: a withdrawn declaration that
      // was taken counts as taken up.
      if (std::any_of(f.taking_dates.begin(), f.taking_dates.end(), [&](std::int32_t d) { return d <= end; })) {
        ++r.taken_by_end;
      }
    }
    return true;
  });
  PL_RETURN_IF_ERROR(s);
  ReportTable t;
  t.name = "open_licence";
  t.title = "Open licences: declarations, withdrawals, takings and uptake";
  t.description = "uptake_rate = declarations made by the period end with at least one taking by then / "
                  "declarations made by the period end.";
  t.columns = {"period", "declared", "withdrawn", "takings", "in_force_at_end", "declared_by_end",
               "taken_up_by_end", "uptake_rate"};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Row& r = rows[i];
    t.rows.push_back({Cell::Text(report.periods[i].label), Cell::Int(r.declared), Cell::Int(r.withdrawn),
                      Cell::Int(r.takings), Cell::Int(r.in_force), Cell::Int(r.declared_by_end),
                      Cell::Int(r.taken_by_end), Cell::Rate(r.taken_by_end, r.declared_by_end)});
  }
  t.suppression = {{3, {}}, {6, {7}}};
  report.tables.push_back(std::move(t));
  return Status::Ok();
}

}  // namespace pl::projections::report::internal
