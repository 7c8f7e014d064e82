// Calendar days (legal dates). Stored and exchanged as YYYYMMDD integers so
// that JSON stays readable; arithmetic goes through std::chrono.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace pl {

class Date {
 public:
  // Returns nullopt unless `yyyymmdd` names a real day in years 1900..2199.
  static std::optional<Date> FromYyyymmdd(std::int32_t yyyymmdd);
  static Date FromDays(std::int32_t days_since_epoch);

  std::int32_t yyyymmdd() const { return yyyymmdd_; }
  std::int32_t days_since_epoch() const;
  int year() const { return yyyymmdd_ / 10000; }
  int month() const { return yyyymmdd_ / 100 % 100; }
  int day() const { return yyyymmdd_ % 100; }

  // Same day `months` later; a day that does not exist in the target month
  // becomes that month's last day (2023-11-30 + 3 months = 2024-02-29).
  Date PlusMonths(int months) const;
  // Same month and day `years` later (Feb 29 becomes Feb 28).
  Date PlusYears(int years) const;
  Date PlusDays(int days) const;

  std::string ToString() const;  // "2024-02-29"
  auto operator<=>(const Date&) const = default;

 private:
  explicit Date(std::int32_t yyyymmdd) : yyyymmdd_(yyyymmdd) {}
  std::int32_t yyyymmdd_ = 19700101;
};

}  // namespace pl
