// Charts drawn as inline SVG (no script, nothing fetched): line charts for
// trends and horizontal bar charts for breakdowns. A missing value (nullopt)
// is a suppressed one: a gap in a line, a marked empty bar. Pure.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace pl::projections::report {

struct Series {
  std::string name;
  std::vector<std::optional<double>> values;  // one per x label
};

std::string XmlEscape(const std::string& text);

// `unit` labels the y axis ("contracts", "CNY million", "%").
std::string LineChart(const std::string& title, const std::string& unit, const std::vector<std::string>& x_labels,
                      const std::vector<Series>& series);
std::string BarChart(const std::string& title, const std::string& unit, const std::vector<std::string>& labels,
                     const std::vector<std::optional<double>>& values);

}  // namespace pl::projections::report
