#include "projections/report/writers.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
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

// Writes and syncs `path`; kIoError naming it and the cause.
Status WriteFile(const std::string& path, const std::string& text) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return Status::IoError("cannot write " + path + ": " + std::strerror(errno));
  int error = 0;
  if (std::fwrite(text.data(), 1, text.size(), f) != text.size() || std::fflush(f) != 0) error = errno ? errno : EIO;
  if (error == 0 && ::fsync(::fileno(f)) != 0) error = errno;
  if (std::fclose(f) != 0 && error == 0) error = errno;
  return error == 0 ? Status::Ok() : Status::IoError("writing " + path + ": " + std::strerror(error));
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
  // Every file is written as NAME.tmp first and renamed once all are
  // written: a failure (a full disk) leaves no partial file, and the files
  // of an earlier report in `dir` stay as they were.
  std::vector<std::string> names;
  for (const auto& t : report.tables) names.push_back(t.name + ".csv");
  names.push_back("report.json");
  names.push_back("report.html");
  auto text_of = [&](std::size_t i) {
    if (i < report.tables.size()) return TableCsv(report, report.tables[i]);
    return i == report.tables.size() ? ReportJson(report) : ReportHtml(report);
  };
  Status s;
  std::size_t written = 0;
  for (; written < names.size() && s.ok(); ++written) s = WriteFile(dir + "/" + names[written] + ".tmp", text_of(written));
  for (std::size_t i = 0; i < written && s.ok(); ++i) {
    const std::string from = dir + "/" + names[i] + ".tmp", to = dir + "/" + names[i];
    std::filesystem::rename(from, to, ec);
    if (ec) s = Status::IoError("renaming " + from + " to " + to + ": " + ec.message());
  }
  if (!s.ok()) {
    for (std::size_t i = 0; i < written; ++i) std::filesystem::remove(dir + "/" + names[i] + ".tmp", ec);
  }
  return s;
}

}  // namespace pl::projections::report
