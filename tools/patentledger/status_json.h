// The JSON of one patent's admission state on a calendar day: what `query`
// prints and what a certificate states (and its verifier recomputes).
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "ledger/domain/state.h"

namespace pl::cli {

// `on` (YYYYMMDD) decides what the calendar ends: patent term, licence terms.
nlohmann::ordered_json StateJson(const std::string& patent, const domain::PatentState& state, std::int32_t on);

}  // namespace pl::cli
