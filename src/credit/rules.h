// The periods of a statistical dishonesty record, in one place (CRED-1; docs/credit.md names the
// source: the enterprise statistical credit rules as issue 8 states them — published within 20
// working days of the determination, published for one year, removed at the end of it without
// anyone acting, removed early after a repair no sooner than six months after publication began).
// Everything here is computed from dates; nothing is stored that a date could answer, so expiry
// needs no scheduled job. Working days come from the calendar; a year it lacks makes the due
// date "unknown" (nullopt), never a guess from weekdays.
//
// Thread-safety: pure functions and constants.
#pragma once

#include <optional>
#include <string>

#include "base/calendar.h"
#include "base/time.h"

namespace zhifa::credit {

struct Rules {
  static constexpr int kPublishWithinWorkdays = 20;  // from the determination
  static constexpr int kPublicationMonths = 12;      // one year
  static constexpr int kRepairAfterMonths = 6;       // early removal no sooner than this
};

// `d` plus `months` calendar months; a day the target month lacks becomes its last day
// (2026-08-31 + 6 months = 2027-02-28).
time::Date add_months(time::Date d, int months);

// The last day publication must have begun by: 20 working days after the determination (the
// day of the determination itself not counted). nullopt when the calendar lacks a year needed.
std::optional<time::Date> publication_due(const calendar::WorkCalendar& cal, time::Date determined_on);
// The last day of publication (inclusive): one year from its first day, less a day.
time::Date publication_end(time::Date published_on);
// The first day a repair may end publication.
time::Date earliest_repair(time::Date published_on);

// The public status of a record on `today`, from its stored state and dates:
//   proposed | rejected | approved (awaiting publication) | publishing | expired | removed_early
std::string status_on(const std::string& state, const std::optional<std::string>& published_on,
                      const std::optional<std::string>& publication_end, const std::optional<std::string>& removed_on,
                      time::Date today);
const char* status_name(const std::string& status);
const char* level_name(const std::string& level);  // nullptr for an unknown level
// The registry's credit status code a level sets (seriously_dishonest, dishonest).
const char* registry_status_of(const std::string& level);

}  // namespace zhifa::credit
