// The synthetic world the registry is about: organisations (universities,
// research institutes, enterprises, banks), individuals and foreign parties
// with valid identifiers, and the facts of new patents (application numbers,
// dates, IPC classes, titles). Internal to ledger/sample.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "ledger/domain/types.h"
#include "ledger/sample/rng.h"

namespace pl::sample::internal {

struct Bank {
  std::string key_name;  // "bank-icbc-beijing"
  domain::Party party;
};

class World {
 public:
  // Draws every party from `rng` in a fixed order. `keyed_owner_count`
  // domestic organisations are set apart as the owners that may co-own
  // patents (they hold consent keys).
  World(Rng& rng, std::size_t keyed_owner_count);

  // Credit code of the registry authority (CNIPA); the organisation of the
  // authority and operator keys.
  const std::string& authority_code() const { return authority_code_; }
  const std::vector<Bank>& banks() const { return banks_; }
  const std::vector<domain::Party>& keyed_owners() const { return keyed_owners_; }

  // A single owner of a newly recorded patent: universities, institutes,
  // enterprises, individuals and foreign parties in realistic proportions.
  const domain::Party& RandomOwner(Rng& rng) const;
  const domain::Party& RandomEnterprise(Rng& rng) const { return Pick(rng, enterprises_); }
  const domain::Party& RandomUniversity(Rng& rng) const { return Pick(rng, universities_); }
  const domain::Party& RandomInstitute(Rng& rng) const { return Pick(rng, institutes_); }
  const domain::Party& RandomIndividual(Rng& rng) const { return Pick(rng, individuals_); }
  const domain::Party& RandomForeign(Rng& rng) const { return Pick(rng, foreign_); }
  // A buyer or licensee: mostly enterprises.
  const domain::Party& RandomDomesticCounterparty(Rng& rng) const;
  // 2..3 distinct keyed owners, shares in basis points adding up to 10000
  // (or all 0 for equal shares).
  std::vector<domain::Party> RandomCoOwners(Rng& rng) const;
  // A province code ("44") weighted by patent activity.
  std::string RandomProvinceCode(Rng& rng) const;

 private:
  static const domain::Party& Pick(Rng& rng, const std::vector<domain::Party>& from) {
    return from[rng.Index(from.size())];
  }

  std::string authority_code_;
  std::vector<Bank> banks_;
  std::vector<domain::Party> universities_;
  std::vector<domain::Party> institutes_;
  std::vector<domain::Party> enterprises_;
  std::vector<domain::Party> individuals_;
  std::vector<domain::Party> foreign_;
  std::vector<domain::Party> keyed_owners_;
};

// A valid unified social credit code: registration authority and category
// characters, the 6-digit division code, a 9-character organisation code and
// the GB 32100-2015 check character.
std::string NewCreditCode(Rng& rng, char authority, char category, std::uint32_t division);

// Facts of a patent about to be recorded.
struct PatentFacts {
  std::string number;  // canonical application number
  std::int32_t application_date = 0;
  domain::PatentRecorded body;  // owners left empty
};

// Allocates application numbers (unique: one increasing serial per year and
// type digit) and draws the facts of new patents.
class PatentFactory {
 public:
  // A patent granted on or before `today` that stays in force for at least
  // `min_life_days` after it.
  PatentFacts NewPatent(Rng& rng, std::int32_t today, int min_life_days);
  // A valid number that no recorded patent has (for acts on unknown patents).
  std::string UnusedNumber(Rng& rng, int year);

 private:
  std::string NextNumber(Rng& rng, int year, char type_digit);
  std::map<int, std::uint32_t> next_serial_;  // year * 10 + type digit -> serial
};

// Expiry of a patent applied for on `application_date` (Patent Law art. 42).
std::int32_t ExpiryDate(domain::PatentType type, std::int32_t application_date);

// Date helpers on YYYYMMDD integers.
std::int32_t AddDays(std::int32_t yyyymmdd, int days);
std::int32_t AddMonths(std::int32_t yyyymmdd, int months);
std::int32_t AddYears(std::int32_t yyyymmdd, int years);
int DaysBetween(std::int32_t from, std::int32_t to);

}  // namespace pl::sample::internal
