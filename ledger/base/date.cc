#include "ledger/base/date.h"

#include <chrono>
#include <cstdio>

#include "ledger/base/assert.h"

namespace pl {
namespace {

std::chrono::year_month_day ToYmd(std::int32_t yyyymmdd) {
  return std::chrono::year_month_day(std::chrono::year(yyyymmdd / 10000),
                                     std::chrono::month(unsigned(yyyymmdd / 100 % 100)),
                                     std::chrono::day(unsigned(yyyymmdd % 100)));
}

std::int32_t FromYmd(std::chrono::year_month_day ymd) {
  return int(ymd.year()) * 10000 + int(unsigned(ymd.month())) * 100 + int(unsigned(ymd.day()));
}

}  // namespace

std::optional<Date> Date::FromYyyymmdd(std::int32_t yyyymmdd) {
  if (yyyymmdd < 19000101 || yyyymmdd > 21991231) return std::nullopt;
  if (!ToYmd(yyyymmdd).ok()) return std::nullopt;
  return Date(yyyymmdd);
}

Date Date::FromDays(std::int32_t days_since_epoch) {
  std::chrono::sys_days d{std::chrono::days(days_since_epoch)};
  return Date(FromYmd(std::chrono::year_month_day(d)));
}

std::int32_t Date::days_since_epoch() const {
  return std::int32_t(std::chrono::sys_days(ToYmd(yyyymmdd_)).time_since_epoch().count());
}

Date Date::PlusMonths(int months) const {
  auto ymd = ToYmd(yyyymmdd_);
  auto shifted = ymd.year() / ymd.month() / ymd.day() + std::chrono::months(months);
  if (!shifted.ok()) {
    auto last = std::chrono::year_month_day_last(shifted.year(), std::chrono::month_day_last(shifted.month()));
    shifted = std::chrono::year_month_day(last);
  }
  PL_ASSERT(shifted.ok());
  return Date(FromYmd(shifted));
}

Date Date::PlusYears(int years) const {
  auto ymd = ToYmd(yyyymmdd_);
  auto shifted = ymd + std::chrono::years(years);
  if (!shifted.ok()) shifted = shifted.year() / shifted.month() / std::chrono::day(28);
  return Date(FromYmd(shifted));
}

Date Date::PlusDays(int days) const { return FromDays(days_since_epoch() + days); }

std::string Date::ToString() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year(), month(), day());
  return buf;
}

}  // namespace pl
