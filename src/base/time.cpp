#include "base/time.h"

#include <cstdio>

namespace zhifa::time {

using namespace std::chrono;

Instant now() { return time_point_cast<milliseconds>(Clock::now()); }

std::string to_iso(Instant t) {
  auto ms = t.time_since_epoch().count();
  int64_t secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
  int millis = int(ms - secs * 1000);
  int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  int64_t sod = secs - days * 86400;
  Date d = Date::from_days(days);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", d.year, d.month, d.day, int(sod / 3600),
                int(sod / 60 % 60), int(sod % 60), millis);
  return buf;
}

std::optional<Instant> parse_iso(std::string_view s) {
  if (s.size() < 20) return std::nullopt;
  auto d = parse_date(s.substr(0, 10));
  if (!d || s[10] != 'T') return std::nullopt;
  int hh, mm, ss;
  if (std::sscanf(std::string(s.substr(11, 8)).c_str(), "%2d:%2d:%2d", &hh, &mm, &ss) != 3) return std::nullopt;
  if (s[13] != ':' || s[16] != ':' || hh > 23 || mm > 59 || ss > 60) return std::nullopt;
  int millis = 0;
  std::string_view rest = s.substr(19);
  if (!rest.empty() && rest[0] == '.') {
    if (rest.size() < 5) return std::nullopt;
    for (int i = 1; i <= 3; ++i) {
      if (rest[i] < '0' || rest[i] > '9') return std::nullopt;
      millis = millis * 10 + (rest[i] - '0');
    }
    rest = rest.substr(4);
  }
  if (rest != "Z") return std::nullopt;
  int64_t total = (d->days() * 86400 + hh * 3600 + mm * 60 + ss) * 1000 + millis;
  return Instant(milliseconds(total));
}

std::string Date::str() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", year, month, day);
  return buf;
}

int64_t Date::days() const {
  return sys_days(std::chrono::year(year) / std::chrono::month(month) / std::chrono::day(day)).time_since_epoch().count();
}

Date Date::from_days(int64_t n) {
  year_month_day ymd{sys_days(std::chrono::days(n))};
  return Date{int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day())};
}

unsigned Date::weekday() const {
  return std::chrono::weekday(sys_days(std::chrono::days(days()))).iso_encoding();
}

bool valid_date(int y, unsigned m, unsigned d) {
  return std::chrono::year_month_day(std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)).ok();
}

std::optional<Date> parse_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto num = [&](size_t from, size_t len) -> int {
    int v = 0;
    for (size_t i = from; i < from + len; ++i) {
      if (s[i] < '0' || s[i] > '9') return -1;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  int y = num(0, 4), m = num(5, 2), d = num(8, 2);
  if (y < 0 || m < 0 || d < 0 || !valid_date(y, unsigned(m), unsigned(d))) return std::nullopt;
  return Date{y, unsigned(m), unsigned(d)};
}

Date shanghai_date(Instant t) {
  auto ms = t.time_since_epoch().count() + 8LL * 3600 * 1000;
  int64_t days = ms >= 0 ? ms / 86400000 : (ms - 86399999) / 86400000;
  return Date::from_days(days);
}

Date today_shanghai() { return shanghai_date(now()); }

}  // namespace zhifa::time
