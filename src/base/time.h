// Instants and dates. Instants are stored and exchanged as UTC ISO-8601 text with milliseconds
// ("2026-11-25T05:18:50.123Z"), which sorts as text in both stores; dates are counted and shown
// in Asia/Shanghai (UTC+8, no daylight saving since 1991). Thread-safety: pure functions.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace zhifa::time {

using Clock = std::chrono::system_clock;
using Instant = std::chrono::time_point<Clock, std::chrono::milliseconds>;

Instant now();
std::string to_iso(Instant t);
// Accepts what to_iso writes, and also without milliseconds. nullopt when malformed.
std::optional<Instant> parse_iso(std::string_view s);

// A calendar date, proleptic Gregorian.
struct Date {
  int year = 1970;
  unsigned month = 1;
  unsigned day = 1;
  auto operator<=>(const Date&) const = default;
  std::string str() const;  // YYYY-MM-DD
  int64_t days() const;     // days since 1970-01-01
  static Date from_days(int64_t d);
  Date plus_days(int64_t n) const { return from_days(days() + n); }
  unsigned weekday() const;  // 1 = Monday ... 7 = Sunday (ISO)
};

// Strict YYYY-MM-DD with a real calendar date; nullopt otherwise.
std::optional<Date> parse_date(std::string_view s);
bool valid_date(int y, unsigned m, unsigned d);
// The Shanghai calendar date of an instant.
Date shanghai_date(Instant t);
Date today_shanghai();

}  // namespace zhifa::time
