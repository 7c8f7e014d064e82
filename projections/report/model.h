// The monitoring report as data: tables of rows computed from the
// statistics and technology-contract projections for a cut-off date, with
// suppression applied. Formulas and boundaries: docs/statistics.md.
// Writers (writers.h) turn it into CSV, JSON and HTML; this file does no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ledger/base/status.h"
#include "projections/framework/tables.h"
#include "projections/report/periods.h"

namespace pl::projections::report {

inline constexpr char kSuppressedMarker[] = "suppressed";

struct ReportOptions {
  std::int32_t as_of = 0;  // cut-off effective date, YYYYMMDD (inclusive)
  Granularity granularity = Granularity::kQuarter;
  std::uint64_t suppress_below = 0;  // 0: no suppression
};

struct Cell {
  enum class Kind : std::uint8_t { kText, kInt, kRate };
  Kind kind = Kind::kText;
  std::string text;
  std::int64_t value = 0;           // kInt
  std::int64_t num = 0, den = 0;    // kRate: num / den
  bool suppressed = false;

  static Cell Text(std::string t) { return Cell{Kind::kText, std::move(t), 0, 0, 0, false}; }
  static Cell Int(std::int64_t v) { return Cell{Kind::kInt, {}, v, 0, 0, false}; }
  static Cell Rate(std::int64_t n, std::int64_t d) { return Cell{Kind::kRate, {}, 0, n, d, false}; }
  // "123", "0.2500" (4 decimals, rounded half up, "" when den is 0), or the
  // marker when suppressed.
  std::string Render() const;
};

// A count column and the columns that describe the same acts: when the
// count is 1..K-1, all of them are suppressed.
struct SuppressionRule {
  int count_column = 0;
  std::vector<int> dependent_columns;
};

struct ReportTable {
  std::string name;         // file stem: DIR/<name>.csv
  std::string title;        // for people
  std::string description;  // one sentence: what a row is
  std::vector<std::string> columns;
  std::vector<std::vector<Cell>> rows;
  std::vector<SuppressionRule> suppression;
  std::uint64_t suppressed_cells = 0;
};

// What the report covers: per projection, its positions and digest.
struct Coverage {
  std::string projection;
  std::string positions;  // "0:1233,1:998"
  std::string digest_hex;
};

struct Report {
  ReportOptions options;
  std::string source;  // "store:DIR" / "archive:FILE"
  std::vector<Coverage> coverage;
  std::vector<Period> periods;
  std::vector<ReportTable> tables;

  const ReportTable* Find(const std::string& name) const;
};

// Builds every table. `contracts` may be null (no contract tables).
// REQUIRES: nothing pending in either.
Result<Report> BuildReport(const Tables& statistics, const Tables* contracts, const ReportOptions& options);

}  // namespace pl::projections::report
