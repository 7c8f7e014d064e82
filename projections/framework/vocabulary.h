// Names and classifications shared by the projections and their outputs:
// regions (province from the division code, country for foreign parties),
// holder types, kinds, the lead party of a side, canonical party order.
// Pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/domain/state.h"
#include "ledger/domain/types.h"

namespace pl::projections {

// Two characters: the province ("44" = Guangdong) for a domestic party with
// a division code, the ISO 3166 country ("US") for a foreign party, "00"
// for a domestic party without one (individuals may have none).
std::string RegionOf(const domain::Party& party);
bool IsForeignRegion(std::string_view region);
// "Guangdong" for "44", the country code itself for a foreign region,
// "unknown" for "00".
std::string RegionName(std::string_view region);

const char* HolderTypeName(domain::HolderType type);  // "enterprise", "university", ...
const char* PatentTypeName(domain::PatentType type);  // "invention", "utility model", "design"
const char* LicenceKindName(domain::LicenceKind kind);
const char* TransferCauseName(domain::TransferCause cause);
const char* ReleaseReasonName(domain::ReleaseReason reason);
const char* StatusChangeName(domain::StatusChange change);
// The flags set, by name ("lapsed", "invalidated", "partially_invalidated",
// "expired", "preservation_order", "ownership_dispute"), in that order.
std::vector<const char*> StatusFlagNames(const domain::StatusFlags& flags);

// Direction of a deal across the border, from the sides' parties:
// export = domestic seller(s), a foreign buyer; import = foreign seller(s),
// domestic buyer(s); foreign = both sides foreign.
enum class Flow : std::uint8_t { kDomestic = 0, kExport = 1, kImport = 2, kForeign = 3 };
const char* FlowName(Flow f);
Flow FlowOf(const std::vector<domain::Party>& sellers, const std::vector<domain::Party>& buyers);

// "kind|country|id": the identity used to sort and deduplicate parties.
std::string PartyIdentity(const domain::Party& party);
// PartyIdentity(a).compare(PartyIdentity(b)) (its sign), without building
// either string: sorting and choosing leads compare parties per event.
int ComparePartyIdentity(const domain::Party& a, const domain::Party& b);
// Parties sorted by identity, duplicates removed (the first of each kept).
std::vector<domain::Party> CanonicalParties(std::vector<domain::Party> parties);
// The party that represents a side in statistics: the largest share, ties
// (and all-zero shares) to the smallest identity. REQUIRES: non-empty.
const domain::Party& LeadParty(const std::vector<domain::Party>& parties);
// LeadParty, by value. Not of the shares as domain::NormaliseShares
// stores them: that gives an all-zero list's remainder (10000 / 3 ...) to
// its first party, which would make the lead depend on the order parties
// were listed in. REQUIRES: non-empty.
domain::Party LeadPartyOf(const std::vector<domain::Party>& parties);

// IPC section ("G") and class ("G06F") of a main class such as "G06F 16/27";
// "?" / "????" when it does not start with a section letter A-H.
std::string IpcSection(std::string_view ipc_main_class);
std::string IpcClass(std::string_view ipc_main_class);

// "2024-03-15" for 20240315.
std::string DayText(std::int32_t yyyymmdd);
// "2024-03-15T08:00:00.000000Z" for UTC microseconds.
std::string TimeText(std::int64_t utc_us);
// Parses "2024-03-15" or "20240315"; nullopt otherwise.
bool ParseDay(std::string_view text, std::int32_t* yyyymmdd);
// Parses "2024-03-15T08:00:00Z", "2024-03-15T08:00:00.123456Z" or plain
// microseconds; false otherwise.
bool ParseTime(std::string_view text, std::int64_t* utc_us);

}  // namespace pl::projections
