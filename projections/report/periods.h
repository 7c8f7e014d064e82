// Reporting periods by effective date: months ("2024-03"), quarters
// ("2024-Q1") or years ("2024"). Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pl::projections::report {

enum class Granularity : std::uint8_t { kMonth, kQuarter, kYear };
std::optional<Granularity> ParseGranularity(std::string_view text);
const char* GranularityName(Granularity g);

struct Period {
  std::string label;
  std::int32_t first_day = 0;  // YYYYMMDD
  std::int32_t last_day = 0;   // YYYYMMDD, inclusive
};

Period PeriodOf(std::int32_t date, Granularity g);
// Every period from the one holding `from` to the one holding `to`.
// REQUIRES: from <= to.
std::vector<Period> PeriodsBetween(std::int32_t from, std::int32_t to, Granularity g);

}  // namespace pl::projections::report
