#include "projections/report/model.h"

#include <algorithm>

#include "projections/report/model_internal.h"
#include "projections/statistics/statistics.h"

namespace pl::projections::report {
namespace internal {

int PeriodIndex(const std::vector<Period>& periods, std::int32_t date) {
  auto it = std::upper_bound(periods.begin(), periods.end(), date,
                             [](std::int32_t d, const Period& p) { return d < p.first_day; });
  if (it == periods.begin()) return -1;
  --it;
  return date <= it->last_day ? int(it - periods.begin()) : -1;
}

ReportTable FromSums(std::string name, std::string title, std::string description, std::vector<std::string> key_columns,
                     const Sums& sums) {
  ReportTable t;
  t.name = std::move(name);
  t.title = std::move(title);
  t.description = std::move(description);
  const int keys = int(key_columns.size());
  t.columns = std::move(key_columns);
  t.columns.push_back("count");
  t.columns.push_back("amount_cny_minor");
  for (const auto& [key, v] : sums) {
    std::vector<Cell> row;
    for (const auto& k : key) row.push_back(Cell::Text(k));
    row.push_back(Cell::Int(std::int64_t(v.count)));
    row.push_back(Cell::Int(v.amount_cny_minor));
    t.rows.push_back(std::move(row));
  }
  t.suppression.push_back(SuppressionRule{keys, {keys + 1}});
  return t;
}

}  // namespace internal

namespace {

// The earliest effective date of any activity, or the cut-off.
Result<std::int32_t> FirstDate(const Tables& statistics, std::int32_t as_of) {
  std::int32_t first = as_of;
  Status s = statistics::ForEachCell(statistics, [&](const statistics::CellKey& k, const statistics::CellValue&) {
    first = std::min(first, k.date);
    return false;  // cells are in date order: the first one is the earliest
  });
  PL_RETURN_IF_ERROR(s);
  return first;
}

void Suppress(ReportTable& t, std::uint64_t k) {
  if (k == 0) return;
  for (auto& row : t.rows) {
    for (const SuppressionRule& rule : t.suppression) {
      const Cell& count = row[rule.count_column];
      if (count.suppressed || count.kind != Cell::Kind::kInt || count.value <= 0 ||
          std::uint64_t(count.value) >= k) {
        continue;
      }
      row[rule.count_column].suppressed = true;
      ++t.suppressed_cells;
      for (int c : rule.dependent_columns) {
        if (!row[c].suppressed) ++t.suppressed_cells;
        row[c].suppressed = true;
      }
    }
  }
}

}  // namespace

std::string Cell::Render() const {
  if (suppressed) return kSuppressedMarker;
  switch (kind) {
    case Kind::kText: return text;
    case Kind::kInt: return std::to_string(value);
    case Kind::kRate: {
      if (den <= 0) return "";
      // Four decimals, half up, in integers: the same digits everywhere.
      std::int64_t scaled = (num * 20000 + den) / (2 * den);
      std::string frac = std::to_string(scaled % 10000);
      while (frac.size() < 4) frac.insert(frac.begin(), '0');
      return std::to_string(scaled / 10000) + "." + frac;
    }
  }
  return text;
}

const ReportTable* Report::Find(const std::string& name) const {
  for (const auto& t : tables) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

Result<Report> BuildReport(const Tables& statistics, const Tables* contracts, const ReportOptions& options) {
  Report report;
  report.options = options;
  auto first = FirstDate(statistics, options.as_of);
  if (!first.ok()) return first.status();
  report.periods = PeriodsBetween(*first, options.as_of, options.granularity);
  PL_RETURN_IF_ERROR(internal::AddActivityTables(statistics, options, report));
  PL_RETURN_IF_ERROR(internal::AddPledgeTable(statistics, report));
  PL_RETURN_IF_ERROR(internal::AddOpenLicenceTable(statistics, report));
  PL_RETURN_IF_ERROR(internal::AddPatentTables(statistics, options, report));
  if (contracts != nullptr) PL_RETURN_IF_ERROR(internal::AddContractTable(*contracts, options, report));
  for (auto& t : report.tables) Suppress(t, options.suppress_below);
  return report;
}

}  // namespace pl::projections::report
