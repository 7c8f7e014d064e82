// Writing a report: DIR/<table>.csv for every table, DIR/report.json and
// DIR/report.html (self-contained: inline CSS and SVG, no script, nothing
// fetched). Every file names the log positions covered and the projection
// digests. Output is a pure function of the Report: two equal reports give
// byte-identical files.
#pragma once

#include <string>

#include "ledger/base/status.h"
#include "projections/report/model.h"

namespace pl::projections::report {

// Creates `dir` when absent; replaces the files it writes, all of them or
// (on an error, which names the file and the cause) none.
Status WriteReport(const Report& report, const std::string& dir);

// Pieces, for tests and other sinks.
std::string TableCsv(const Report& report, const ReportTable& table);
std::string ReportJson(const Report& report);
std::string ReportHtml(const Report& report);

}  // namespace pl::projections::report
