#include "projections/report/writers.h"

#include <cstdio>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "projections/framework/csv.h"
#include "projections/framework/vocabulary.h"

namespace pl::projections::report {
namespace {

std::vector<std::string> Preamble(const Report& r, const ReportTable& t) {
  std::vector<std::string> lines;
  lines.push_back("patentledger monitoring report: " + t.title);
  lines.push_back("as_of=" + DayText(r.options.as_of) + " period=" + GranularityName(r.options.granularity) +
                  " suppress_below=" + std::to_string(r.options.suppress_below) + " source=" + r.source);
  for (const auto& c : r.coverage) {
    lines.push_back(c.projection + " positions=" + c.positions + " digest=" + c.digest_hex);
  }
  return lines;
}

nlohmann::ordered_json CellJson(const Cell& c) {
  if (c.suppressed) return kSuppressedMarker;
  switch (c.kind) {
    case Cell::Kind::kText: return c.text;
    case Cell::Kind::kInt: return c.value;
    case Cell::Kind::kRate: {
      if (c.den <= 0) return nullptr;
      std::int64_t scaled = (c.num * 20000 + c.den) / (2 * c.den);
      return double(scaled) / 10000.0;
    }
  }
  return nullptr;
}

Status WriteFile(const std::string& path, const std::string& text) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return Status::IoError("cannot write " + path);
  bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  ok = std::fclose(f) == 0 && ok;
  return ok ? Status::Ok() : Status::IoError("writing " + path);
}

}  // namespace

std::string TableCsv(const Report& report, const ReportTable& table) {
  std::string out;
  for (const auto& line : Preamble(report, table)) out += "# " + line + "\n";
  out += CsvLine(table.columns);
  for (const auto& row : table.rows) {
    std::vector<std::string> fields;
    for (const auto& c : row) fields.push_back(c.Render());
    out += CsvLine(fields);
  }
  return out;
}

std::string ReportJson(const Report& r) {
  nlohmann::ordered_json j;
  j["report"] = "patentledger monitoring report";
  j["as_of"] = DayText(r.options.as_of);
  j["period"] = GranularityName(r.options.granularity);
  j["suppress_below"] = r.options.suppress_below;
  j["suppressed_marker"] = kSuppressedMarker;
  j["source"] = r.source;
  auto coverage = nlohmann::ordered_json::array();
  for (const auto& c : r.coverage) {
    coverage.push_back({{"projection", c.projection}, {"positions", c.positions}, {"digest", c.digest_hex}});
  }
  j["coverage"] = coverage;
  auto tables = nlohmann::ordered_json::array();
  for (const auto& t : r.tables) {
    nlohmann::ordered_json tj;
    tj["name"] = t.name;
    tj["title"] = t.title;
    tj["description"] = t.description;
    tj["columns"] = t.columns;
    tj["suppressed_cells"] = t.suppressed_cells;
    auto rows = nlohmann::ordered_json::array();
    for (const auto& row : t.rows) {
      auto rj = nlohmann::ordered_json::array();
      for (const auto& c : row) rj.push_back(CellJson(c));
      rows.push_back(rj);
    }
    tj["rows"] = rows;
    tables.push_back(tj);
  }
  j["tables"] = tables;
  return j.dump(1) + "\n";
}

Status WriteReport(const Report& report, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IoError("creating " + dir + ": " + ec.message());
  for (const auto& t : report.tables) PL_RETURN_IF_ERROR(WriteFile(dir + "/" + t.name + ".csv", TableCsv(report, t)));
  PL_RETURN_IF_ERROR(WriteFile(dir + "/report.json", ReportJson(report)));
  return WriteFile(dir + "/report.html", ReportHtml(report));
}

}  // namespace pl::projections::report
