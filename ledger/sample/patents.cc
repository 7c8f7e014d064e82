// Facts of new patents: application numbers with valid check characters,
// application / grant / expiry dates, IPC main classes across sections A-H
// and titles.
#include <array>
#include <cctype>

#include "ledger/base/date.h"
#include "ledger/domain/identifiers.h"
#include "ledger/sample/world.h"

namespace pl::sample::internal {
namespace {

using domain::PatentType;

// Mix of patent types among recorded patents (invention / utility / design).
constexpr std::array<int, 3> kTypeWeights{55, 35, 10};
// Shares of inventions and utility models that entered China through the PCT
// (application type digits 8 and 9).
constexpr double kPctInventionShare = 0.05;
constexpr double kPctUtilityShare = 0.02;
// Design patents applied for from this day on last 15 years (Patent Law as
// amended in 2020, in force 2021-06-01); earlier ones 10.
constexpr std::int32_t kDesignFifteenYearsFrom = 20210601;
// Serials start in this range and grow by 1..kSerialStepMax per number.
constexpr std::uint32_t kSerialStartMin = 100000;
constexpr std::uint32_t kSerialStartSpan = 400000;
constexpr std::uint32_t kSerialStepMax = 8;
constexpr std::uint32_t kSerialMax = 9999999;
// Attempts at drawing dates that leave the requested remaining life.
constexpr int kDateAttempts = 8;

struct IpcEntry {
  const char* ipc;
  const char* subject;  // "... for <subject>"
  const char* product;  // utility models and designs
};

constexpr std::array<IpcEntry, 40> kIpc{{
    {"A01B 79/00", "precision soil tillage", "seed drill"},
    {"A01G 9/14", "greenhouse climate control", "greenhouse ventilation unit"},
    {"A23L 33/105", "plant-based protein beverages", "beverage bottle"},
    {"A47J 27/00", "pressure cooking with steam recovery", "electric pressure cooker"},
    {"A61B 5/00", "non-invasive blood glucose measurement", "wearable health monitor"},
    {"A61K 31/00", "oral delivery of kinase inhibitors", "tablet dispenser"},
    {"A61K 36/00", "standardised herbal extracts", "herbal extraction tank"},
    {"A61F 13/15", "breathable absorbent articles", "absorbent pad"},
    {"B01D 53/86", "catalytic removal of nitrogen oxides", "flue gas scrubber"},
    {"B23K 26/00", "laser welding of battery tabs", "laser welding head"},
    {"B25J 9/16", "collision-free robot path planning", "collaborative robot arm"},
    {"B29C 64/00", "additive manufacturing of polymer parts", "3D printer nozzle"},
    {"B60L 53/00", "fast charging of electric vehicles", "charging pile"},
    {"B65G 47/90", "parcel sorting on conveyor lines", "sorting gripper"},
    {"C01B 32/184", "graphene production by exfoliation", "graphene reactor"},
    {"C02F 1/00", "treatment of industrial wastewater", "water purifier"},
    {"C04B 28/00", "low-carbon cement compositions", "cement mixing station"},
    {"C07D 401/04", "synthesis of heterocyclic compounds", "reaction kettle"},
    {"C08L 67/00", "biodegradable polyester blends", "packaging film roll"},
    {"C12N 15/11", "gene editing with guide RNA", "cell culture flask"},
    {"C22C 38/00", "high-strength weathering steel", "steel test bench"},
    {"D01F 6/00", "melt spinning of synthetic fibres", "spinneret"},
    {"D06F 58/20", "heat-pump laundry drying", "clothes dryer"},
    {"D21H 27/00", "moisture-resistant specialty paper", "paper cup"},
    {"E01D 19/00", "prefabricated bridge decks", "bridge bearing"},
    {"E02D 17/00", "excavation support in soft soil", "foundation pit support"},
    {"E04B 1/00", "modular steel-frame buildings", "wall panel"},
    {"E21B 43/00", "enhanced oil recovery", "downhole pump"},
    {"F03D 7/00", "wind turbine pitch control", "wind turbine nacelle"},
    {"F16H 1/28", "planetary gear transmissions", "gear reducer"},
    {"F24F 11/00", "air-conditioning control", "air conditioner indoor unit"},
    {"F25B 30/02", "heat pumps for cold climates", "heat pump water heater"},
    {"G01N 21/00", "optical detection of contaminants", "spectrometer"},
    {"G01S 17/00", "lidar for autonomous driving", "lidar housing"},
    {"G05B 19/418", "scheduling of flexible manufacturing lines", "industrial controller"},
    {"G06F 16/27", "distributed database replication", "storage server"},
    {"G06N 3/08", "training neural networks on edge devices", "AI accelerator card"},
    {"H01M 10/0525", "lithium-ion battery electrolytes", "battery module"},
    {"H04L 9/32", "authentication with digital signatures", "security token"},
    {"H04W 72/04", "radio resource allocation in 5G networks", "small-cell base station"},
}};

// The last form only for sections A (human necessities) and C (chemistry).
constexpr std::array<const char*, 5> kInventionForms{"Method for {s}", "System and method for {s}",
                                                      "Device and method for {s}", "Apparatus for {s}",
                                                      "Composition and process for {s}"};
constexpr std::array<const char*, 8> kQualities{"Compact", "Modular", "High-precision", "Energy-saving",
                                                "Portable", "Intelligent", "Low-noise", "Integrated"};

std::string Title(Rng& rng, PatentType type, const IpcEntry& ipc) {
  switch (type) {
    case PatentType::kInvention: {
      const bool chemistry = ipc.ipc[0] == 'A' || ipc.ipc[0] == 'C';
      std::string form = kInventionForms[rng.Index(kInventionForms.size() - (chemistry ? 0 : 1))];
      return form.replace(form.find("{s}"), 3, ipc.subject);
    }
    case PatentType::kUtilityModel:
      return std::string(kQualities[rng.Index(kQualities.size())]) + " " + ipc.product;
    case PatentType::kDesign: {
      std::string product = ipc.product;
      product[0] = char(std::toupper(static_cast<unsigned char>(product[0])));
      return product + " (" + static_cast<char>('A' + rng.Below(6)) + ")";
    }
  }
  return ipc.subject;
}

char TypeDigit(Rng& rng, PatentType type) {
  switch (type) {
    case PatentType::kInvention: return rng.Chance(kPctInventionShare) ? '8' : '1';
    case PatentType::kUtilityModel: return rng.Chance(kPctUtilityShare) ? '9' : '2';
    case PatentType::kDesign: return '3';
  }
  return '1';
}

// Days from application to grant, by type.
int ExaminationDays(Rng& rng, PatentType type) {
  switch (type) {
    case PatentType::kInvention: return rng.Int(600, 1600);
    case PatentType::kUtilityModel: return rng.Int(120, 420);
    case PatentType::kDesign: return rng.Int(90, 300);
  }
  return 365;
}

// Days between grant and the day the patent is recorded in the ledger:
// mostly recent grants, some older portfolios.
int GrantAgeDays(Rng& rng, int attempt) {
  if (attempt == kDateAttempts - 1) return rng.Int(0, 30);
  double x = rng.Unit();
  if (x < 0.60) return rng.Int(0, 365);
  if (x < 0.88) return rng.Int(366, 5 * 365);
  return rng.Int(5 * 365 + 1, 10 * 365);
}

}  // namespace

std::int32_t AddDays(std::int32_t yyyymmdd, int days) {
  auto d = Date::FromYyyymmdd(yyyymmdd);
  PL_ASSERT(d.has_value());
  return d->PlusDays(days).yyyymmdd();
}

std::int32_t AddMonths(std::int32_t yyyymmdd, int months) {
  auto d = Date::FromYyyymmdd(yyyymmdd);
  PL_ASSERT(d.has_value());
  return d->PlusMonths(months).yyyymmdd();
}

std::int32_t AddYears(std::int32_t yyyymmdd, int years) {
  auto d = Date::FromYyyymmdd(yyyymmdd);
  PL_ASSERT(d.has_value());
  return d->PlusYears(years).yyyymmdd();
}

int DaysBetween(std::int32_t from, std::int32_t to) {
  auto a = Date::FromYyyymmdd(from);
  auto b = Date::FromYyyymmdd(to);
  PL_ASSERT(a.has_value() && b.has_value());
  return b->days_since_epoch() - a->days_since_epoch();
}

std::int32_t ExpiryDate(PatentType type, std::int32_t application_date) {
  switch (type) {
    case PatentType::kInvention: return AddYears(application_date, 20);
    case PatentType::kUtilityModel: return AddYears(application_date, 10);
    case PatentType::kDesign:
      return AddYears(application_date, application_date >= kDesignFifteenYearsFrom ? 15 : 10);
  }
  return application_date;
}

std::string PatentFactory::NextNumber(Rng& rng, int year, char type_digit) {
  const int key = year * 10 + (type_digit - '0');
  auto it = next_serial_.find(key);
  if (it == next_serial_.end()) {
    it = next_serial_.emplace(key, kSerialStartMin + std::uint32_t(rng.Below(kSerialStartSpan))).first;
  }
  const std::uint32_t serial = it->second;
  PL_ASSERT(serial <= kSerialMax);  // ~1M numbers per year and type at the step used
  it->second += 1 + std::uint32_t(rng.Below(kSerialStepMax));
  std::string digits = std::to_string(year) + type_digit;
  std::string s = std::to_string(serial);
  digits += std::string(7 - s.size(), '0') + s;
  return digits + "." + domain::PatentCheckCharacter(digits);
}

std::string PatentFactory::UnusedNumber(Rng& rng, int year) { return NextNumber(rng, year, '1'); }

PatentFacts PatentFactory::NewPatent(Rng& rng, std::int32_t today, int min_life_days) {
  PatentFacts f;
  auto& b = f.body;
  b.patent_type = static_cast<PatentType>(rng.Weighted(kTypeWeights));
  for (int attempt = 0; attempt < kDateAttempts; ++attempt) {
    b.grant_date = AddDays(today, -GrantAgeDays(rng, attempt));
    f.application_date = AddDays(b.grant_date, -ExaminationDays(rng, b.patent_type));
    b.expiry_date = ExpiryDate(b.patent_type, f.application_date);
    if (DaysBetween(today, b.expiry_date) >= min_life_days) break;
  }
  PL_ASSERT(b.grant_date <= today && f.application_date < b.grant_date && b.grant_date < b.expiry_date);
  const IpcEntry& ipc = kIpc[rng.Index(kIpc.size())];
  b.ipc_main_class = ipc.ipc;
  b.title = Title(rng, b.patent_type, ipc);
  f.number = NextNumber(rng, f.application_date / 10000, TypeDigit(rng, b.patent_type));
  return f;
}

}  // namespace pl::sample::internal
