// report.html: one self-contained page -- inline CSS, inline SVG charts, no
// script, no external resource -- that a statistician can publish as is.
// Chart values are aggregates of the tables' unsuppressed values; an
// aggregate describing 1..K-1 acts is itself suppressed.
#include <algorithm>
#include <functional>
#include <map>

#include "projections/framework/vocabulary.h"
#include "projections/report/svg.h"
#include "projections/report/writers.h"

namespace pl::projections::report {
namespace {

// Rows of a table shown in the page; the CSV has them all.
constexpr std::size_t kHtmlRowsMax = 200;

constexpr char kStyle[] = R"(body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:1500px;color:#222;padding:0 16px}
h1{font-size:1.6em;margin-bottom:4px}h2{font-size:1.2em;margin-top:32px;border-bottom:1px solid #ccc}
table{border-collapse:collapse;font-size:0.85em;margin:8px 0}td,th{border:1px solid #ddd;padding:3px 8px}
th{background:#f3f3f3;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}
td.sup{color:#999;font-style:italic;text-align:center}.meta td{font-family:monospace;font-size:0.9em}
.charts{display:flex;flex-wrap:wrap;gap:16px}figure.chart{margin:0;border:1px solid #e5e5e5;background:#fff}
.ct{font-size:14px;font-weight:600}.tick{font-size:11px;fill:#444}.sup{fill:#999;font-style:italic}
.grid{stroke:#e8e8e8}.note{color:#555;font-size:0.9em})";

using Agg = std::map<std::string, std::pair<std::int64_t, std::int64_t>>;  // key -> (count, amount)

bool IsDeal(const std::string& act) {
  return act == "transfer_contract" || act == "licence_exclusive" || act == "licence_sole" ||
         act == "licence_ordinary" || act == "open_licence_taken";
}

std::optional<double> Shown(const Report& r, std::int64_t count, double value) {
  if (r.options.suppress_below > 0 && count > 0 && std::uint64_t(count) < r.options.suppress_below) return std::nullopt;
  return value;
}

int Col(const ReportTable& t, const std::string& name) {
  auto it = std::find(t.columns.begin(), t.columns.end(), name);
  return it == t.columns.end() ? -1 : int(it - t.columns.begin());
}

// Sums count/amount of rows passing `keep`, grouped by column `key`.
template <typename Keep>
Agg SumBy(const ReportTable* t, const std::string& key, Keep keep) {
  Agg out;
  if (t == nullptr) return out;
  const int k = Col(*t, key), c = Col(*t, "count"), a = Col(*t, "amount_cny_minor");
  for (const auto& row : t->rows) {
    if (!keep(*t, row)) continue;
    auto& v = out[row[k].text];
    v.first += row[c].value;
    if (a >= 0) v.second += row[a].value;
  }
  return out;
}

std::vector<std::string> PeriodLabels(const Report& r) {
  std::vector<std::string> labels;
  for (const auto& p : r.periods) labels.push_back(p.label);
  return labels;
}

std::string TrendChart(const Report& r) {
  const ReportTable* t = r.Find("activity_by_period");
  const std::vector<std::pair<std::string, std::string>> groups = {
      {"Transfers", "transfer_"}, {"Licences", "licence_"}, {"Open-licence takings", "open_licence_taken"},
      {"Pledges registered", "pledge_registered"}};
  std::vector<Series> series;
  for (const auto& [name, prefix] : groups) {
    auto agg = SumBy(t, "period", [&, p = prefix](const ReportTable& tt, const std::vector<Cell>& row) {
      const std::string& act = row[Col(tt, "act")].text;
      return act.rfind(p, 0) == 0 && act != "licence_terminated";
    });
    Series s{name, {}};
    for (const auto& p : r.periods) s.values.push_back(Shown(r, agg[p.label].first, double(agg[p.label].first)));
    series.push_back(std::move(s));
  }
  return LineChart("Transactions by " + std::string(GranularityName(r.options.granularity)) + " (effective date)",
                   "acts", PeriodLabels(r), series);
}

std::string PledgeChart(const Report& r) {
  const ReportTable* t = r.Find("pledges");
  Series s{"Outstanding at period end", {}};
  if (t != nullptr) {
    for (const auto& row : t->rows) s.values.push_back(Shown(r, row[5].value, double(row[6].value) / 1e8));
  }
  return LineChart("Pledge financing outstanding at period end", "CNY million", PeriodLabels(r), {s});
}

std::string Bars(const Report& r, const std::string& title, const Agg& agg, std::size_t top,
                 const std::function<std::string(const std::string&)>& name) {
  std::vector<std::pair<std::string, std::int64_t>> items(agg.size());
  std::transform(agg.begin(), agg.end(), items.begin(), [](const auto& kv) { return std::pair(kv.first, kv.second.first); });
  std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  if (items.size() > top) items.resize(top);
  std::vector<std::string> labels;
  std::vector<std::optional<double>> values;
  for (const auto& [key, count] : items) {
    labels.push_back(name(key));
    values.push_back(Shown(r, count, double(count)));
  }
  return BarChart(title, "acts", labels, values);
}

std::string BreakdownCharts(const Report& r) {
  auto deals = [](const ReportTable& t, const std::vector<Cell>& row) { return IsDeal(row[Col(t, "act")].text); };
  auto domestic_deals = [&](const ReportTable& t, const std::vector<Cell>& row) {
    return deals(t, row) && !IsForeignRegion(row[Col(t, "region")].text);
  };
  auto same = [](const std::string& s) { return s; };
  auto region = [](const std::string& s) { return RegionName(s); };
  std::string out;
  out += Bars(r, "Transfers, licences and takings by province (top 15)",
              SumBy(r.Find("activity_by_region"), "region", domestic_deals), 15, region);
  out += Bars(r, "Transfers, licences and takings by IPC section",
              SumBy(r.Find("activity_by_ipc_section"), "ipc_section", deals), 10, same);
  out += Bars(r, "Transfers, licences and takings by holder type of the seller",
              SumBy(r.Find("activity_by_holder_type"), "holder_type", deals), 10, same);
  return out;
}

std::string RateCharts(const Report& r) {
  std::string out;
  if (const ReportTable* t = r.Find("open_licence")) {
    Series declared{"Declarations", {}}, takings{"Takings", {}}, uptake{"Uptake (% of declarations)", {}};
    for (const auto& row : t->rows) {
      declared.values.push_back(Shown(r, row[1].value, double(row[1].value)));
      takings.values.push_back(Shown(r, row[3].value, double(row[3].value)));
      uptake.values.push_back(row[5].value == 0 ? std::nullopt : Shown(r, row[6].value, 100.0 * row[6].value / row[5].value));
    }
    out += LineChart("Open licences: declarations and takings", "count", PeriodLabels(r), {declared, takings});
    out += LineChart("Open-licence uptake", "%", PeriodLabels(r), {uptake});
  }
  if (const ReportTable* t = r.Find("transformation")) {
    std::map<std::string, Series> by_holder;
    for (const auto& row : t->rows) {
      Series& s = by_holder[row[1].text];
      s.name = row[1].text + " (ever)";
      s.values.push_back(row[2].value == 0 ? std::nullopt : Shown(r, row[4].value, 100.0 * row[4].value / row[2].value));
    }
    std::vector<Series> series;
    for (auto& [holder, s] : by_holder) series.push_back(std::move(s));
    out += LineChart("Transformation rate of university and institute patents", "% of in-force patents",
                     PeriodLabels(r), series);
  }
  return out;
}

std::string FlowCharts(const Report& r) {
  std::string out;
  const ReportTable* t = r.Find("cross_border");
  std::vector<Series> series;
  for (const std::string flow : {"export", "import"}) {
    auto agg = SumBy(t, "period", [&](const ReportTable& tt, const std::vector<Cell>& row) {
      return row[Col(tt, "flow")].text == flow && IsDeal(row[Col(tt, "act")].text);
    });
    Series s{"Technology " + flow, {}};
    for (const auto& p : r.periods) s.values.push_back(Shown(r, agg[p.label].first, double(agg[p.label].first)));
    series.push_back(std::move(s));
  }
  out += LineChart("Cross-border transfers, licences and takings", "acts", PeriodLabels(r), series);
  Agg dormant;
  if (const ReportTable* d = r.Find("dormant_publicly_funded")) {
    for (const auto& row : d->rows) {
      if (row[0].text != "all") dormant[row[0].text].first += row[4].value;
    }
  }
  std::vector<std::pair<std::string, std::int64_t>> items;
  for (const auto& [k, v] : dormant) items.emplace_back(k, v.first);
  std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  if (items.size() > 10) items.resize(10);
  std::vector<std::string> labels;
  std::vector<std::optional<double>> values;
  for (const auto& [k, v] : items) labels.push_back(RegionName(k)), values.push_back(double(v));
  out += BarChart("Dormant publicly funded patents by province (top 10)", "patents", labels, values);
  return out;
}

bool IsAmount(const std::string& column) {
  return column.size() > 10 && column.compare(column.size() - 10, 10, "_cny_minor") == 0;
}

// 1234567 fen -> "12,345.67" (CNY) for people; the CSV keeps minor units.
std::string Yuan(std::int64_t minor) {
  const bool negative = minor < 0;
  std::uint64_t v = negative ? std::uint64_t(-(minor + 1)) + 1 : std::uint64_t(minor);
  std::string cents = std::to_string(v % 100);
  if (cents.size() < 2) cents.insert(cents.begin(), '0');
  const std::string digits = std::to_string(v / 100);
  // Appended rather than inserted: GCC 12 -O3 warns (-Werror=restrict) on
  // insert() into a string in a loop.
  std::string whole;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) whole += ',';
    whole += digits[i];
  }
  return (negative ? "-" : "") + whole + "." + cents;
}

std::string HtmlTable(const ReportTable& t) {
  std::string out = "<h2 id=\"" + t.name + "\">" + XmlEscape(t.title) + "</h2><p class=\"note\">" +
                    XmlEscape(t.description) + " Full table: <a href=\"" + t.name + ".csv\">" + t.name +
                    ".csv</a>.</p><table><tr>";
  for (const auto& c : t.columns) {
    out += "<th>" + XmlEscape(IsAmount(c) ? c.substr(0, c.size() - 10) + " (CNY)" : c) + "</th>";
  }
  out += "</tr>";
  for (std::size_t i = 0; i < t.rows.size() && i < kHtmlRowsMax; ++i) {
    out += "<tr>";
    for (std::size_t k = 0; k < t.rows[i].size(); ++k) {
      const Cell& c = t.rows[i][k];
      const char* cls = c.suppressed ? "sup" : c.kind == Cell::Kind::kText ? "t" : "n";
      const bool money = !c.suppressed && c.kind == Cell::Kind::kInt && IsAmount(t.columns[k]);
      out += std::string("<td class=\"") + cls + "\">" + XmlEscape(money ? Yuan(c.value) : c.Render()) + "</td>";
    }
    out += "</tr>";
  }
  out += "</table>";
  if (t.rows.size() > kHtmlRowsMax) {
    out += "<p class=\"note\">First " + std::to_string(kHtmlRowsMax) + " of " + std::to_string(t.rows.size()) +
           " rows.</p>";
  }
  return out + "\n";
}

std::string Header(const Report& r) {
  std::string out = "<h1>Patent transformation and utilisation: monitoring report</h1>\n<p>Cut-off: effective dates "
                    "up to and including <b>" + DayText(r.options.as_of) + "</b>; periods by " +
                    GranularityName(r.options.granularity) + ". Amounts in CNY.";
  if (r.options.suppress_below > 0) {
    out += " Cells describing fewer than " + std::to_string(r.options.suppress_below) +
           " acts are shown as <i>" + kSuppressedMarker + "</i>.";
  }
  out += "</p>\n<table class=\"meta\"><tr><th>source</th><td colspan=\"2\">" + XmlEscape(r.source) +
         "</td></tr><tr><th>projection</th><th>log positions covered (partition:last seq)</th><th>state digest "
         "(SHA-256)</th></tr>";
  for (const auto& c : r.coverage) {
    out += "<tr><td>" + XmlEscape(c.projection) + "</td><td>" + XmlEscape(c.positions) + "</td><td>" +
           c.digest_hex + "</td></tr>";
  }
  return out + "</table>\n";
}

}  // namespace

std::string ReportHtml(const Report& r) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Patent monitoring "
                    "report as of " + DayText(r.options.as_of) + "</title><style>" + kStyle +
                    "</style></head><body>\n" + Header(r);
  out += "<h2>Charts</h2><div class=\"charts\">\n" + TrendChart(r) + PledgeChart(r) + BreakdownCharts(r) +
         RateCharts(r) + FlowCharts(r) + "</div>\n";
  for (const char* name : {"pledges", "pledges_outstanding_by_region", "open_licence", "transformation",
                           "dormant_publicly_funded", "late_filings", "technology_contracts"}) {
    if (const ReportTable* t = r.Find(name)) out += HtmlTable(*t);
  }
  out += "<h2>All tables</h2><ul>";
  for (const auto& t : r.tables) {
    out += "<li><a href=\"" + t.name + ".csv\">" + t.name + ".csv</a>: " + XmlEscape(t.title) + "</li>";
  }
  out += "</ul><p class=\"note\">Definitions and formulas: docs/statistics.md and docs/techcontract.md of the "
         "patentledger project. Machine-readable: report.json.</p>\n</body></html>\n";
  return out;
}

}  // namespace pl::projections::report
