// Parties of the synthetic world: where they are (real province prefixes
// and administrative division codes, weighted by patent activity), what they
// are called and their identifiers.
#include "ledger/sample/world.h"

#include <array>
#include <cctype>
#include <set>

#include "ledger/domain/identifiers.h"

namespace pl::sample::internal {
namespace {

using domain::HolderType;
using domain::Party;
using domain::PartyKind;

// Sizes of the population (fixed: memory does not grow with the run).
constexpr std::size_t kUniversities = 90;
constexpr std::size_t kInstitutes = 60;
constexpr std::size_t kEnterprises = 1400;
constexpr std::size_t kIndividuals = 160;
constexpr std::size_t kForeignParties = 140;
constexpr std::size_t kBanks = 8;

struct City {
  const char* name;
  std::uint32_t division;  // GB/T 2260 county-level code
};

struct Province {
  const char* name;
  int weight;  // relative patent activity
  std::array<City, 2> cities;
};

// All 31 provincial divisions of mainland China.
constexpr std::array<Province, 31> kProvinces{{
    {"Beijing", 12, {{{"Beijing", 110108}, {"Beijing", 110105}}}},
    {"Tianjin", 3, {{{"Tianjin", 120116}, {"Tianjin", 120104}}}},
    {"Hebei", 2, {{{"Shijiazhuang", 130102}, {"Baoding", 130602}}}},
    {"Shanxi", 1, {{{"Taiyuan", 140105}, {"Datong", 140213}}}},
    {"Inner Mongolia", 1, {{{"Hohhot", 150102}, {"Baotou", 150203}}}},
    {"Liaoning", 2, {{{"Shenyang", 210102}, {"Dalian", 210204}}}},
    {"Jilin", 1, {{{"Changchun", 220102}, {"Jilin", 220202}}}},
    {"Heilongjiang", 1, {{{"Harbin", 230103}, {"Daqing", 230602}}}},
    {"Shanghai", 9, {{{"Shanghai", 310115}, {"Shanghai", 310104}}}},
    {"Jiangsu", 14, {{{"Nanjing", 320102}, {"Suzhou", 320505}}}},
    {"Zhejiang", 11, {{{"Hangzhou", 330106}, {"Ningbo", 330212}}}},
    {"Anhui", 3, {{{"Hefei", 340104}, {"Wuhu", 340202}}}},
    {"Fujian", 3, {{{"Fuzhou", 350102}, {"Xiamen", 350206}}}},
    {"Jiangxi", 1, {{{"Nanchang", 360102}, {"Ganzhou", 360702}}}},
    {"Shandong", 8, {{{"Jinan", 370102}, {"Qingdao", 370212}}}},
    {"Henan", 2, {{{"Zhengzhou", 410105}, {"Luoyang", 410305}}}},
    {"Hubei", 4, {{{"Wuhan", 420111}, {"Xiangyang", 420606}}}},
    {"Hunan", 3, {{{"Changsha", 430104}, {"Zhuzhou", 430202}}}},
    {"Guangdong", 18, {{{"Shenzhen", 440305}, {"Guangzhou", 440106}}}},
    {"Guangxi", 1, {{{"Nanning", 450103}, {"Liuzhou", 450202}}}},
    {"Hainan", 1, {{{"Haikou", 460106}, {"Sanya", 460202}}}},
    {"Chongqing", 2, {{{"Chongqing", 500103}, {"Chongqing", 500112}}}},
    {"Sichuan", 4, {{{"Chengdu", 510107}, {"Mianyang", 510703}}}},
    {"Guizhou", 1, {{{"Guiyang", 520102}, {"Zunyi", 520302}}}},
    {"Yunnan", 1, {{{"Kunming", 530102}, {"Qujing", 530302}}}},
    {"Tibet", 1, {{{"Lhasa", 540102}, {"Shigatse", 540202}}}},
    {"Shaanxi", 3, {{{"Xi'an", 610113}, {"Baoji", 610302}}}},
    {"Gansu", 1, {{{"Lanzhou", 620102}, {"Tianshui", 620502}}}},
    {"Qinghai", 1, {{{"Xining", 630102}, {"Haidong", 630202}}}},
    {"Ningxia", 1, {{{"Yinchuan", 640104}, {"Shizuishan", 640202}}}},
    {"Xinjiang", 1, {{{"Urumqi", 650102}, {"Karamay", 650203}}}},
}};

constexpr std::array<const char*, 10> kUniversityPatterns{
    "{city} University of Technology",   "{province} University of Science and Technology",
    "{province} Normal University",      "{province} Agricultural University",
    "{city} Jiaotong University",        "{city} Medical University",
    "{province} University",             "{city} Institute of Technology",
    "{city} University of Posts and Telecommunications", "{province} University of Chinese Medicine"};

constexpr std::array<const char*, 16> kResearchFields{
    "Chemistry",        "Physics",         "Semiconductors",       "Automation",
    "Computing Technology", "Metal Research", "Process Engineering", "Microelectronics",
    "Acoustics",        "Optics and Fine Mechanics", "Biophysics", "Materials Science",
    "Electrical Engineering", "Energy Research", "Oceanology",  "Applied Ecology"};

constexpr std::array<const char*, 30> kBrandSyllables{
    "Hua", "Zhong", "Xin", "Rui", "Tian", "Hai", "Jin", "Kang", "Long", "Da", "Sheng", "Yuan", "Heng", "Tai", "Ming",
    "Feng", "Chuang", "Bo", "Jia", "Wei", "Xing", "Ke", "Li", "Guang", "Tong", "Yi", "Run", "Fu", "Cheng", "De"};

constexpr std::array<const char*, 16> kIndustries{
    "Semiconductor Technology", "Intelligent Equipment", "New Energy", "Biopharmaceutical", "Electronics",
    "Precision Machinery", "New Materials", "Software", "Medical Devices", "Auto Parts", "Textile",
    "Chemical", "Environmental Technology", "Optoelectronics", "Robotics", "Communication Technology"};

constexpr std::array<const char*, 20> kSurnames{"Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang",
                                                  "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma", "Zhu",
                                                  "Hu", "Guo", "He", "Lin", "Gao", "Luo"};
constexpr std::array<const char*, 20> kGivenNames{"Wei", "Fang", "Na", "Min", "Jing", "Lei", "Qiang",
                                                    "Jun", "Yang", "Yong", "Yan", "Jie", "Tao", "Ming",
                                                    "Chao", "Xiuying", "Xia", "Ping", "Gang", "Hui"};

struct ForeignStyle {
  const char* country;
  std::array<const char*, 5> words;
  std::array<const char*, 3> suffixes;
  const char* id_prefix;
  int id_digits;
};

constexpr std::array<ForeignStyle, 10> kForeignStyles{{
    {"US", {"Cascade", "Redwood", "Summit", "Granite", "Bayview"},
     {"Technologies Inc.", "Robotics Inc.", "Therapeutics Corp."}, "EIN-", 9},
    {"DE", {"Nordwerk", "Rheintal", "Elbtec", "Bergmann", "Hansetec"},
     {"GmbH", "Antriebstechnik GmbH", "Medizintechnik AG"}, "HRB-", 6},
    {"JP", {"Aozora", "Kawabe", "Minato", "Yamabuki", "Hoshino"},
     {"Seimitsu K.K.", "Electric Co., Ltd.", "Chemical Industries, Ltd."}, "JCN-", 13},
    {"KR", {"Hanbit", "Mirae", "Hanul", "Saebyeok", "Daon"},
     {"Electronics Co., Ltd.", "Materials Inc.", "Bio Co., Ltd."}, "BRN-", 10},
    {"FR", {"Lumiere", "Belair", "Valmont", "Rivegauche", "Armorique"},
     {"SAS", "Technologies SA", "Optique SAS"}, "SIREN-", 9},
    {"GB", {"Thames", "Pennine", "Albion", "Cotswold", "Solent"},
     {"Ltd", "Technologies Ltd", "plc"}, "CRN-", 8},
    {"NL", {"Zuiderzee", "Delta", "Polder", "Veluwe", "Amstel"},
     {"B.V.", "Systems B.V.", "Photonics B.V."}, "KVK-", 8},
    {"CH", {"Alpstein", "Lemano", "Jungfrau", "Rigi", "Saentis"},
     {"AG", "Pharma AG", "Instruments SA"}, "CHE-", 9},
    {"SE", {"Norrsken", "Fjallvind", "Skargard", "Ljusdal", "Vattern"},
     {"AB", "Energy AB", "Medical AB"}, "ORG-", 10},
    {"SG", {"Merlion", "Straits", "Temasek", "Orchard", "Marina"},
     {"Pte. Ltd.", "Technologies Pte. Ltd.", "Biotech Pte. Ltd."}, "UEN-", 9},
}};

struct BankStyle {
  const char* key_name;
  const char* name;
  std::uint32_t division;
};

constexpr std::array<BankStyle, kBanks> kBankStyles{{
    {"bank-icbc-beijing", "Industrial and Commercial Bank of China Beijing Branch", 110102},
    {"bank-ccb-shanghai", "China Construction Bank Shanghai Branch", 310115},
    {"bank-boc-shenzhen", "Bank of China Shenzhen Branch", 440304},
    {"bank-abc-jiangsu", "Agricultural Bank of China Jiangsu Branch", 320102},
    {"bank-bocom-zhejiang", "Bank of Communications Zhejiang Branch", 330103},
    {"bank-cmb-guangzhou", "China Merchants Bank Guangzhou Branch", 440104},
    {"bank-cib-fuzhou", "Industrial Bank Fuzhou Branch", 350102},
    {"bank-bob-zhongguancun", "Bank of Beijing Zhongguancun Branch", 110108},
}};

// Credit-code alphabet without the letters GB 32100-2015 excludes.
constexpr std::string_view kCodeAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

std::string Replace(std::string text, std::string_view key, std::string_view value) {
  for (std::size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size())) {
    text.replace(at, key.size(), value);
  }
  return text;
}

const Province& RandomProvince(Rng& rng) {
  std::array<int, kProvinces.size()> weights{};
  for (std::size_t i = 0; i < kProvinces.size(); ++i) weights[i] = kProvinces[i].weight;
  return kProvinces[rng.Weighted(weights)];
}

Party Domestic(std::string name, HolderType holder, std::string id, std::uint32_t division) {
  Party p;
  p.kind = holder == HolderType::kIndividual ? PartyKind::kIndividual : PartyKind::kDomesticOrganisation;
  p.id = std::move(id);
  p.country = "CN";
  p.name = std::move(name);
  p.holder_type = holder;
  p.division_code = division;
  return p;
}

// Draws names with `make` until `count` distinct ones exist (bounded tries).
template <typename Make>
std::vector<Party> Population(std::size_t count, Make make) {
  std::vector<Party> out;
  std::set<std::string> names;
  for (std::size_t tries = 0; out.size() < count && tries < count * 20; ++tries) {
    Party p = make();
    if (names.insert(p.name).second) out.push_back(std::move(p));
  }
  PL_ASSERT(!out.empty());
  return out;
}

Party NewUniversity(Rng& rng) {
  const Province& province = RandomProvince(rng);
  const City& city = province.cities[rng.Index(province.cities.size())];
  std::string name = kUniversityPatterns[rng.Index(kUniversityPatterns.size())];
  name = Replace(Replace(name, "{city}", city.name), "{province}", province.name);
  return Domestic(name, HolderType::kUniversity, NewCreditCode(rng, '1', '2', city.division), city.division);
}

Party NewInstitute(Rng& rng) {
  const Province& province = RandomProvince(rng);
  const City& city = province.cities[rng.Index(province.cities.size())];
  const char* field = kResearchFields[rng.Index(kResearchFields.size())];
  std::string name;
  switch (rng.Below(3)) {
    case 0: name = std::string("Institute of ") + field + ", Chinese Academy of Sciences"; break;
    case 1: name = std::string(province.name) + " Academy of Agricultural Sciences"; break;
    default: name = std::string(city.name) + " Institute of " + field; break;
  }
  return Domestic(name, HolderType::kResearchInstitute, NewCreditCode(rng, '1', '2', city.division),
                  city.division);
}

Party NewEnterprise(Rng& rng) {
  const Province& province = RandomProvince(rng);
  const City& city = province.cities[rng.Index(province.cities.size())];
  std::string brand = kBrandSyllables[rng.Index(kBrandSyllables.size())];
  std::string second = kBrandSyllables[rng.Index(kBrandSyllables.size())];
  for (char& c : second) c = char(std::tolower(static_cast<unsigned char>(c)));
  std::string name = std::string(city.name) + " " + brand + second + " " +
                     kIndustries[rng.Index(kIndustries.size())] + " Co., Ltd.";
  return Domestic(name, HolderType::kEnterprise, NewCreditCode(rng, '9', '1', city.division), city.division);
}

Party NewIndividual(Rng& rng) {
  const Province& province = RandomProvince(rng);
  const City& city = province.cities[rng.Index(province.cities.size())];
  std::string name = std::string(kSurnames[rng.Index(kSurnames.size())]) + " " +
                     kGivenNames[rng.Index(kGivenNames.size())] + " (" + city.name + ")";
  std::string id = "ID-" + std::to_string(city.division) + "-" + rng.Hex(8);
  return Domestic(name, HolderType::kIndividual, id, city.division);
}

Party NewForeign(Rng& rng) {
  const ForeignStyle& style = kForeignStyles[rng.Index(kForeignStyles.size())];
  Party p;
  p.kind = PartyKind::kForeign;
  p.country = style.country;
  p.name = std::string(style.words[rng.Index(style.words.size())]) + " " +
           style.suffixes[rng.Index(style.suffixes.size())];
  p.id = std::string(style.id_prefix) + rng.Digits(std::size_t(style.id_digits));
  p.holder_type = HolderType::kEnterprise;
  return p;
}

}  // namespace

std::string NewCreditCode(Rng& rng, char authority, char category, std::uint32_t division) {
  std::string code{authority, category};
  std::string digits = std::to_string(division);
  PL_ASSERT(digits.size() == 6);
  code += digits;
  // Organisation code: enterprises registered since 2015 mostly get "MA"
  // followed by letters and digits; older ones carry the 9-digit code.
  if (authority == '9' && rng.Chance(0.5)) {
    code += "MA";
    for (int i = 0; i < 7; ++i) code.push_back(kCodeAlphabet[rng.Index(kCodeAlphabet.size())]);
  } else {
    code += rng.Digits(9);
  }
  auto check = domain::CreditCodeCheckCharacter(code);
  PL_ASSERT(check.has_value());
  code.push_back(*check);
  return code;
}

World::World(Rng& rng, std::size_t keyed_owner_count) {
  authority_code_ = NewCreditCode(rng, '1', '1', 100000);
  for (const BankStyle& b : kBankStyles) {
    Party p = Domestic(b.name, HolderType::kEnterprise, NewCreditCode(rng, '9', '1', b.division), b.division);
    banks_.push_back(Bank{b.key_name, std::move(p)});
  }
  universities_ = Population(kUniversities, [&] { return NewUniversity(rng); });
  institutes_ = Population(kInstitutes, [&] { return NewInstitute(rng); });
  enterprises_ = Population(kEnterprises, [&] { return NewEnterprise(rng); });
  individuals_ = Population(kIndividuals, [&] { return NewIndividual(rng); });
  foreign_ = Population(kForeignParties, [&] { return NewForeign(rng); });

  // Keyed owners: distinct organisations, a third universities and
  // institutes (joint research), the rest enterprises.
  std::set<std::string> taken;
  for (std::size_t tries = 0; keyed_owners_.size() < keyed_owner_count && tries < keyed_owner_count * 20; ++tries) {
    const Party& p = rng.Chance(0.35) ? (rng.Chance(0.6) ? RandomUniversity(rng) : RandomInstitute(rng))
                                      : RandomEnterprise(rng);
    if (taken.insert(p.id).second) keyed_owners_.push_back(p);
  }
  PL_ASSERT(keyed_owners_.size() >= 3);
}

const domain::Party& World::RandomOwner(Rng& rng) const {
  static constexpr std::array<int, 5> kWeights{22, 10, 55, 5, 8};
  switch (rng.Weighted(kWeights)) {
    case 0: return RandomUniversity(rng);
    case 1: return RandomInstitute(rng);
    case 2: return RandomEnterprise(rng);
    case 3: return RandomIndividual(rng);
    default: return RandomForeign(rng);
  }
}

const domain::Party& World::RandomDomesticCounterparty(Rng& rng) const {
  static constexpr std::array<int, 3> kWeights{85, 8, 7};
  switch (rng.Weighted(kWeights)) {
    case 0: return RandomEnterprise(rng);
    case 1: return RandomUniversity(rng);
    default: return RandomInstitute(rng);
  }
}

std::vector<domain::Party> World::RandomCoOwners(Rng& rng) const {
  const std::size_t count = rng.Chance(0.75) ? 2 : 3;
  std::vector<Party> out;
  while (out.size() < count) {
    const Party& p = keyed_owners_[rng.Index(keyed_owners_.size())];
    bool seen = false;
    for (const Party& q : out) seen = seen || q.id == p.id;
    if (!seen) out.push_back(p);
  }
  // Shares in basis points; all zero means equal shares.
  using Shares = std::array<std::uint16_t, 3>;
  static constexpr std::array<Shares, 4> kTwo{{{5000, 5000, 0}, {6000, 4000, 0}, {7000, 3000, 0}, {0, 0, 0}}};
  static constexpr std::array<Shares, 3> kThree{{{4000, 3000, 3000}, {3400, 3300, 3300}, {0, 0, 0}}};
  const auto& shares = count == 2 ? kTwo[rng.Index(kTwo.size())] : kThree[rng.Index(kThree.size())];
  for (std::size_t i = 0; i < count; ++i) out[i].share_bp = shares[i];
  return out;
}

std::string World::RandomProvinceCode(Rng& rng) const {
  return std::to_string(RandomProvince(rng).cities[0].division / 10000);
}

}  // namespace pl::sample::internal
