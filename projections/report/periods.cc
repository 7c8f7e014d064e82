#include "projections/report/periods.h"

#include <cstdio>

#include "ledger/base/assert.h"
#include "ledger/base/date.h"

namespace pl::projections::report {

std::optional<Granularity> ParseGranularity(std::string_view text) {
  if (text == "month") return Granularity::kMonth;
  if (text == "quarter") return Granularity::kQuarter;
  if (text == "year") return Granularity::kYear;
  return std::nullopt;
}

const char* GranularityName(Granularity g) {
  switch (g) {
    case Granularity::kMonth: return "month";
    case Granularity::kQuarter: return "quarter";
    case Granularity::kYear: return "year";
  }
  return "quarter";
}

Period PeriodOf(std::int32_t date, Granularity g) {
  const int year = date / 10000, month = date / 100 % 100;
  int first_month = 1, months = 12;
  char label[16];
  switch (g) {
    case Granularity::kMonth:
      first_month = month;
      months = 1;
      std::snprintf(label, sizeof label, "%04d-%02d", year, month);
      break;
    case Granularity::kQuarter:
      first_month = (month - 1) / 3 * 3 + 1;
      months = 3;
      std::snprintf(label, sizeof label, "%04d-Q%d", year, (month - 1) / 3 + 1);
      break;
    case Granularity::kYear:
      std::snprintf(label, sizeof label, "%04d", year);
      break;
  }
  auto first = Date::FromYyyymmdd(year * 10000 + first_month * 100 + 1);
  PL_ASSERT(first.has_value());  // dates in the projection are calendar days
  Period p;
  p.label = label;
  p.first_day = first->yyyymmdd();
  p.last_day = first->PlusMonths(months).PlusDays(-1).yyyymmdd();
  return p;
}

std::vector<Period> PeriodsBetween(std::int32_t from, std::int32_t to, Granularity g) {
  PL_ASSERT(from <= to);
  std::vector<Period> out;
  Period p = PeriodOf(from, g);
  while (true) {
    out.push_back(p);
    if (p.last_day >= to) break;
    p = PeriodOf(Date::FromYyyymmdd(p.last_day)->PlusDays(1).yyyymmdd(), g);
  }
  return out;
}

}  // namespace pl::projections::report
