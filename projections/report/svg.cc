#include "projections/report/svg.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace pl::projections::report {
namespace {

constexpr int kWidth = 720, kHeight = 320;
constexpr int kLeft = 70, kRight = 20, kTop = 40, kBottom = 70;
constexpr const char* kPalette[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string Label(double v) {
  char buf[32];
  if (v == std::floor(v)) std::snprintf(buf, sizeof buf, "%.0f", v);
  else if (std::fabs(v) >= 100) std::snprintf(buf, sizeof buf, "%.0f", v);
  else std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// A "nice" axis maximum: 1, 2 or 5 times a power of ten, at least `max`.
double NiceMax(double max) {
  if (max <= 0) return 1;
  double p = std::pow(10.0, std::floor(std::log10(max)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * p >= max) return m * p;
  }
  return 10 * p;
}

std::string Frame(const std::string& title, const std::string& body) {
  return "<figure class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(kWidth) +
         "\" height=\"" + std::to_string(kHeight) + "\" viewBox=\"0 0 " + std::to_string(kWidth) + " " +
         std::to_string(kHeight) + "\" role=\"img\" aria-label=\"" + XmlEscape(title) + "\"><title>" +
         XmlEscape(title) + "</title><text x=\"" + std::to_string(kWidth / 2) +
         "\" y=\"22\" text-anchor=\"middle\" class=\"ct\">" + XmlEscape(title) + "</text>" + body + "</svg></figure>\n";
}

std::string YAxis(double max, const std::string& unit, int x0, int y0, int plot_w, int plot_h) {
  std::string out;
  for (int i = 0; i <= 4; ++i) {
    double v = max * i / 4;
    double y = y0 - plot_h * i / 4.0;
    out += "<line x1=\"" + std::to_string(x0) + "\" x2=\"" + std::to_string(x0 + plot_w) + "\" y1=\"" + Num(y) +
           "\" y2=\"" + Num(y) + "\" class=\"grid\"/>";
    out += "<text x=\"" + std::to_string(x0 - 6) + "\" y=\"" + Num(y + 4) + "\" text-anchor=\"end\" class=\"tick\">" +
           Label(v) + "</text>";
  }
  out += "<text x=\"14\" y=\"" + std::to_string(kTop + plot_h / 2) + "\" transform=\"rotate(-90 14 " +
         std::to_string(kTop + plot_h / 2) + ")\" text-anchor=\"middle\" class=\"tick\">" + XmlEscape(unit) + "</text>";
  return out;
}

}  // namespace

std::string XmlEscape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string LineChart(const std::string& title, const std::string& unit, const std::vector<std::string>& x_labels,
                      const std::vector<Series>& series) {
  const int plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom, y0 = kTop + plot_h;
  double max = 0;
  for (const auto& s : series) {
    for (const auto& v : s.values) max = std::max(max, v.value_or(0));
  }
  max = NiceMax(max);
  std::string body = YAxis(max, unit, kLeft, y0, plot_w, plot_h);
  const std::size_t n = x_labels.size();
  auto x_of = [&](std::size_t i) { return kLeft + (n <= 1 ? plot_w / 2.0 : plot_w * double(i) / double(n - 1)); };
  const std::size_t step = std::max<std::size_t>(1, (n + 11) / 12);  // at most ~12 labels
  for (std::size_t i = 0; i < n; i += step) {
    body += "<text x=\"" + Num(x_of(i)) + "\" y=\"" + std::to_string(y0 + 16) +
            "\" text-anchor=\"middle\" class=\"tick\">" + XmlEscape(x_labels[i]) + "</text>";
  }
  for (std::size_t s = 0; s < series.size(); ++s) {
    const char* color = kPalette[s % std::size(kPalette)];
    std::string path;
    bool pen = false;
    for (std::size_t i = 0; i < n && i < series[s].values.size(); ++i) {
      if (!series[s].values[i]) {
        pen = false;  // suppressed: a gap
        continue;
      }
      double y = y0 - plot_h * (*series[s].values[i] / max);
      path += std::string(pen ? " L" : " M") + Num(x_of(i)) + " " + Num(y);
      pen = true;
    }
    if (!path.empty()) {
      body += "<path d=\"" + path.substr(1) + "\" fill=\"none\" stroke=\"" + color + "\" stroke-width=\"2\"/>";
    }
    const int lx = kLeft + int(s % 3) * 220, ly = kHeight - 30 + int(s / 3) * 16;
    body += "<rect x=\"" + std::to_string(lx) + "\" y=\"" + std::to_string(ly - 9) + "\" width=\"12\" height=\"10\" fill=\"" +
            color + "\"/><text x=\"" + std::to_string(lx + 16) + "\" y=\"" + std::to_string(ly) + "\" class=\"tick\">" +
            XmlEscape(series[s].name) + "</text>";
  }
  return Frame(title, body);
}

std::string BarChart(const std::string& title, const std::string& unit, const std::vector<std::string>& labels,
                     const std::vector<std::optional<double>>& values) {
  const int left = 150, plot_w = kWidth - left - kRight - 40;
  const int n = int(labels.size());
  const double band = n == 0 ? 0 : double(kHeight - kTop - 30) / n;
  double max = 0;
  for (const auto& v : values) max = std::max(max, v.value_or(0));
  max = NiceMax(max);
  std::string body = "<text x=\"" + std::to_string(left + plot_w) + "\" y=\"" + std::to_string(kHeight - 8) +
                     "\" text-anchor=\"end\" class=\"tick\">" + XmlEscape(unit) + " (axis max " + Label(max) + ")</text>";
  for (int i = 0; i < n; ++i) {
    const double y = kTop + band * i;
    body += "<text x=\"" + std::to_string(left - 6) + "\" y=\"" + Num(y + band * 0.65) +
            "\" text-anchor=\"end\" class=\"tick\">" + XmlEscape(labels[i]) + "</text>";
    if (!values[i]) {
      body += "<text x=\"" + std::to_string(left + 4) + "\" y=\"" + Num(y + band * 0.65) +
              "\" class=\"tick sup\">suppressed</text>";
      continue;
    }
    const double w = std::max(1.0, plot_w * (*values[i] / max));
    body += "<rect x=\"" + std::to_string(left) + "\" y=\"" + Num(y + band * 0.15) + "\" width=\"" + Num(w) +
            "\" height=\"" + Num(band * 0.7) + "\" fill=\"" + kPalette[0] + "\"/>";
    body += "<text x=\"" + Num(left + w + 4) + "\" y=\"" + Num(y + band * 0.65) + "\" class=\"tick\">" +
            Label(*values[i]) + "</text>";
  }
  return Frame(title, body);
}

}  // namespace pl::projections::report
