// RFC 4180 CSV: fields with a comma, quote, CR or LF are quoted, quotes
// doubled; lines end with LF. Pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pl::projections {

std::string CsvField(std::string_view field);
// The fields joined with commas, each through CsvField, plus "\n".
std::string CsvLine(const std::vector<std::string>& fields);
// Items joined with ';' (lists inside one CSV field).
std::string JoinList(const std::vector<std::string>& items);

}  // namespace pl::projections
