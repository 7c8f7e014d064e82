// Pieces shared by the report's table builders. Internal to report/.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "projections/report/model.h"
#include "projections/statistics/facts.h"

namespace pl::projections::report::internal {

using Key = std::vector<std::string>;
using Sums = std::map<Key, statistics::CellValue>;

// The period (of `periods`, sorted) holding `date`, or -1.
int PeriodIndex(const std::vector<Period>& periods, std::int32_t date);

// A table whose rows are `sums` in key order: the key columns, then count
// and amount_cny_minor (suppressed together).
ReportTable FromSums(std::string name, std::string title, std::string description, std::vector<std::string> key_columns,
                     const Sums& sums);

Status AddActivityTables(const Tables& statistics, const ReportOptions& options, Report& report);
Status AddPledgeTable(const Tables& statistics, Report& report);
Status AddOpenLicenceTable(const Tables& statistics, Report& report);
Status AddPatentTables(const Tables& statistics, const ReportOptions& options, Report& report);
Status AddContractTable(const Tables& contracts, const ReportOptions& options, Report& report);

}  // namespace pl::projections::report::internal
