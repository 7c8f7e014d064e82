#include "projections/framework/vocabulary.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cstdio>

#include "ledger/base/assert.h"
#include "ledger/base/date.h"

namespace pl::projections {
namespace {

struct ProvinceName {
  const char* code;
  const char* name;
};
// GB/T 2260 provincial-level divisions (first two digits of the code).
constexpr ProvinceName kProvinces[] = {
    {"11", "Beijing"},  {"12", "Tianjin"},      {"13", "Hebei"},     {"14", "Shanxi"},    {"15", "Inner Mongolia"},
    {"21", "Liaoning"}, {"22", "Jilin"},        {"23", "Heilongjiang"}, {"31", "Shanghai"}, {"32", "Jiangsu"},
    {"33", "Zhejiang"}, {"34", "Anhui"},        {"35", "Fujian"},    {"36", "Jiangxi"},   {"37", "Shandong"},
    {"41", "Henan"},    {"42", "Hubei"},        {"43", "Hunan"},     {"44", "Guangdong"}, {"45", "Guangxi"},
    {"46", "Hainan"},   {"50", "Chongqing"},    {"51", "Sichuan"},   {"52", "Guizhou"},   {"53", "Yunnan"},
    {"54", "Tibet"},    {"61", "Shaanxi"},      {"62", "Gansu"},     {"63", "Qinghai"},   {"64", "Ningxia"},
    {"65", "Xinjiang"}, {"71", "Taiwan"},       {"81", "Hong Kong"}, {"82", "Macao"},
};

}  // namespace

std::string RegionOf(const domain::Party& party) {
  if (!party.IsDomestic()) return party.country.size() == 2 ? party.country : std::string("ZZ");
  if (party.division_code < 100000 || party.division_code > 999999) return "00";
  return std::to_string(party.division_code / 10000);
}

bool IsForeignRegion(std::string_view region) {
  return region.size() == 2 && !(region[0] >= '0' && region[0] <= '9');
}

std::string RegionName(std::string_view region) {
  for (const auto& p : kProvinces) {
    if (region == p.code) return p.name;
  }
  if (region == "00") return "unknown";
  return std::string(region);
}

const char* HolderTypeName(domain::HolderType type) {
  switch (type) {
    case domain::HolderType::kEnterprise: return "enterprise";
    case domain::HolderType::kUniversity: return "university";
    case domain::HolderType::kResearchInstitute: return "research_institute";
    case domain::HolderType::kIndividual: return "individual";
    case domain::HolderType::kOther: return "other";
  }
  return "other";
}

const char* PatentTypeName(domain::PatentType type) {
  switch (type) {
    case domain::PatentType::kInvention: return "invention";
    case domain::PatentType::kUtilityModel: return "utility_model";
    case domain::PatentType::kDesign: return "design";
  }
  return "invention";
}

const char* LicenceKindName(domain::LicenceKind kind) {
  switch (kind) {
    case domain::LicenceKind::kExclusive: return "exclusive";
    case domain::LicenceKind::kSole: return "sole";
    case domain::LicenceKind::kOrdinary: return "ordinary";
  }
  return "ordinary";
}

const char* TransferCauseName(domain::TransferCause cause) {
  switch (cause) {
    case domain::TransferCause::kContract: return "contract";
    case domain::TransferCause::kMerger: return "merger";
    case domain::TransferCause::kInheritance: return "inheritance";
    case domain::TransferCause::kCourt: return "court";
    case domain::TransferCause::kPledgeEnforcement: return "pledge_enforcement";
  }
  return "contract";
}

const char* ReleaseReasonName(domain::ReleaseReason reason) {
  switch (reason) {
    case domain::ReleaseReason::kRepaid: return "repaid";
    case domain::ReleaseReason::kDisposed: return "disposed";
    case domain::ReleaseReason::kAgreed: return "agreed";
    case domain::ReleaseReason::kCourt: return "court";
  }
  return "repaid";
}

const char* StatusChangeName(domain::StatusChange change) {
  switch (change) {
    case domain::StatusChange::kLapsed: return "lapsed";
    case domain::StatusChange::kRestored: return "restored";
    case domain::StatusChange::kInvalidatedWhole: return "invalidated";
    case domain::StatusChange::kInvalidatedPartial: return "partially_invalidated";
    case domain::StatusChange::kExpired: return "expired";
    case domain::StatusChange::kPreservationOn: return "preservation_on";
    case domain::StatusChange::kPreservationOff: return "preservation_off";
    case domain::StatusChange::kDisputeOn: return "dispute_on";
    case domain::StatusChange::kDisputeOff: return "dispute_off";
  }
  return "lapsed";
}

std::vector<const char*> StatusFlagNames(const domain::StatusFlags& f) {
  std::vector<const char*> names;
  for (auto [set, name] : {std::pair{f.lapsed, "lapsed"}, {f.invalidated, "invalidated"},
                           {f.partially_invalidated, "partially_invalidated"}, {f.expired, "expired"},
                           {f.preservation_order, "preservation_order"}, {f.ownership_dispute, "ownership_dispute"}}) {
    if (set) names.push_back(name);
  }
  return names;
}

const char* FlowName(Flow f) {
  switch (f) {
    case Flow::kDomestic: return "domestic";
    case Flow::kExport: return "export";
    case Flow::kImport: return "import";
    case Flow::kForeign: return "foreign";
  }
  return "domestic";
}

Flow FlowOf(const std::vector<domain::Party>& sellers, const std::vector<domain::Party>& buyers) {
  auto any_foreign = [](const std::vector<domain::Party>& ps) {
    return std::any_of(ps.begin(), ps.end(), [](const domain::Party& p) { return !p.IsDomestic(); });
  };
  auto all_foreign = [](const std::vector<domain::Party>& ps) {
    return !ps.empty() && std::all_of(ps.begin(), ps.end(), [](const domain::Party& p) { return !p.IsDomestic(); });
  };
  if (all_foreign(sellers)) return all_foreign(buyers) ? Flow::kForeign : Flow::kImport;
  if (any_foreign(buyers)) return Flow::kExport;
  if (any_foreign(sellers)) return Flow::kImport;
  return Flow::kDomestic;
}

std::string PartyIdentity(const domain::Party& party) {
  return std::to_string(int(party.kind)) + "|" + (party.IsDomestic() ? std::string() : party.country) + "|" + party.id;
}

namespace {

// A party's identity as the pieces PartyIdentity() joins.
class IdentityPieces {
 public:
  explicit IdentityPieces(const domain::Party& p) {  // views into p: it must outlive this
    const auto end = std::to_chars(kind_, kind_ + sizeof kind_, int(p.kind)).ptr;
    pieces_ = {std::string_view(kind_, std::size_t(end - kind_)), "|",
               p.IsDomestic() ? std::string_view() : std::string_view(p.country), "|", p.id};
  }
  IdentityPieces(const IdentityPieces&) = delete;  // a piece views kind_
  IdentityPieces& operator=(const IdentityPieces&) = delete;
  // Lexicographic order of the joined pieces.
  int Compare(const IdentityPieces& other) const {
    std::size_t i = 0, j = 0, at_i = 0, at_j = 0;
    for (;;) {
      while (i < pieces_.size() && at_i == pieces_[i].size()) ++i, at_i = 0;
      while (j < other.pieces_.size() && at_j == other.pieces_[j].size()) ++j, at_j = 0;
      if (i == pieces_.size() || j == other.pieces_.size()) {
        return (i == pieces_.size() ? 0 : 1) - (j == other.pieces_.size() ? 0 : 1);
      }
      const std::size_t n = std::min(pieces_[i].size() - at_i, other.pieces_[j].size() - at_j);
      const int c = pieces_[i].compare(at_i, n, other.pieces_[j].substr(at_j, n));
      if (c != 0) return c < 0 ? -1 : 1;
      at_i += n;
      at_j += n;
    }
  }

 private:
  char kind_[4];  // a uint8_t in decimal
  std::array<std::string_view, 5> pieces_;
};

}  // namespace

int ComparePartyIdentity(const domain::Party& a, const domain::Party& b) {
  return IdentityPieces(a).Compare(IdentityPieces(b));
}

std::vector<domain::Party> CanonicalParties(std::vector<domain::Party> parties) {
  if (parties.size() < 2) return parties;
  std::stable_sort(parties.begin(), parties.end(), [](const domain::Party& a, const domain::Party& b) {
    return ComparePartyIdentity(a, b) < 0;
  });
  auto last = std::unique(parties.begin(), parties.end(), [](const domain::Party& a, const domain::Party& b) {
    return ComparePartyIdentity(a, b) == 0;
  });
  parties.erase(last, parties.end());
  return parties;
}

const domain::Party& LeadParty(const std::vector<domain::Party>& parties) {
  PL_ASSERT(!parties.empty());
  const domain::Party* lead = &parties.front();
  for (const auto& p : parties) {
    if (p.share_bp > lead->share_bp ||
        (p.share_bp == lead->share_bp && &p != lead && ComparePartyIdentity(p, *lead) < 0)) {
      lead = &p;
    }
  }
  return *lead;
}

domain::Party LeadPartyOf(const std::vector<domain::Party>& parties) { return LeadParty(parties); }

std::string IpcSection(std::string_view ipc) {
  if (ipc.empty() || ipc[0] < 'A' || ipc[0] > 'H') return "?";
  return std::string(1, ipc[0]);
}

std::string IpcClass(std::string_view ipc) {
  if (IpcSection(ipc) == "?" || ipc.size() < 4) return "????";
  return std::string(ipc.substr(0, 4));
}

std::string DayText(std::int32_t yyyymmdd) {
  auto d = Date::FromYyyymmdd(yyyymmdd);
  return d ? d->ToString() : std::to_string(yyyymmdd);
}

std::string TimeText(std::int64_t utc_us) {
  using namespace std::chrono;
  sys_time<microseconds> t{microseconds(utc_us)};
  auto day = floor<days>(t);
  year_month_day ymd{day};
  hh_mm_ss<microseconds> hms{t - day};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02ld.%06ldZ", int(ymd.year()), unsigned(ymd.month()),
                unsigned(ymd.day()), long(hms.hours().count()), long(hms.minutes().count()),
                long(hms.seconds().count()), long(hms.subseconds().count()));
  return buf;
}

bool ParseDay(std::string_view text, std::int32_t* yyyymmdd) {
  std::string digits;
  for (char c : text) {
    if (c != '-') digits.push_back(c);
  }
  if (digits.size() != 8) return false;
  std::int32_t v = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec != std::errc() || end != digits.data() + digits.size()) return false;
  if (!Date::FromYyyymmdd(v)) return false;
  *yyyymmdd = v;
  return true;
}

bool ParseTime(std::string_view text, std::int64_t* utc_us) {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec == std::errc() && end == text.data() + text.size()) {
    *utc_us = v;
    return true;
  }
  int y, mo, d, h, mi, s;
  char frac[16] = {0};
  int n = std::sscanf(std::string(text).c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%15[.0-9]", &y, &mo, &d, &h, &mi, &s, frac);
  if (n < 6 || text.empty() || text.back() != 'Z') return false;
  auto date = Date::FromYyyymmdd(y * 10000 + mo * 100 + d);
  if (!date || h > 23 || mi > 59 || s > 59) return false;
  std::int64_t us = 0;
  if (frac[0] == '.') {
    std::string f = std::string(frac + 1).substr(0, 6);
    while (f.size() < 6) f.push_back('0');
    auto [fend, fec] = std::from_chars(f.data(), f.data() + f.size(), us);
    if (fec != std::errc() || fend != f.data() + f.size()) return false;
  }
  *utc_us = ((std::int64_t(date->days_since_epoch()) * 86400 + h * 3600 + mi * 60 + s) * 1000000) + us;
  return true;
}

}  // namespace pl::projections
