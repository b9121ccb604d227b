// The working-day calendar: which dates are working days under the State Council's yearly
// holiday arrangements (国务院办公厅关于部分节假日安排的通知), so that deadlines counted in working
// days (Administrative Penalty Law Art 85; the periods the seeds call 工作日) can be computed.
//
// A WorkCalendar is built from whole years. A date is a working day when it is an adjusted
// working day (调休上班, a Saturday or Sunday made a working day), or a Monday–Friday that is not a
// holiday. A year that was not loaded is not covered: every answer that needs one of its dates
// is nullopt ("unknown"), never a guess from weekdays. src/calendar/ keeps the years in the
// store; the years compiled in from npm chinese-days are builtin_years().
//
// Thread-safety: immutable after construction; share one freely between threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/time.h"

namespace zhifa::calendar {

enum class DayKind { holiday, workday };
const char* kind_name(DayKind k);  // "holiday" | "workday"
std::optional<DayKind> parse_kind(std::string_view s);

// A day that differs from the Monday–Friday rule's default, or a named holiday on a weekend.
struct SpecialDay {
  time::Date date;
  DayKind kind = DayKind::holiday;
  std::string name;  // the holiday: 国庆节
};

// One year's arrangement: its holidays (weekends inside a holiday period included or not, as
// the source gives them) and its adjusted working days.
struct YearEntry {
  int year = 0;
  std::vector<SpecialDay> days;
};

class WorkCalendar {
public:
  // Covers nothing.
  WorkCalendar() = default;
  // Requires: each year at most once; every day inside its entry's year; no date twice. Throws
  // std::invalid_argument otherwise (the store's loader validates before anything gets here).
  explicit WorkCalendar(std::vector<YearEntry> years);

  // True when the year of `d` was loaded.
  bool covers(time::Date d) const;
  // nullopt when `d` is not covered.
  std::optional<bool> is_workday(time::Date d) const;
  // The holiday or adjusted working day on `d`, if any.
  const SpecialDay* special_day(time::Date d) const;

  // The date `n` working days after `start`: `start` itself is not counted (Art 85: the day a
  // period begins is not counted), so n = 1 is the first working day after start. n = 0 returns
  // start. nullopt when a day that must be looked at is not covered (start itself need not be).
  // Requires: n >= 0 (throws std::invalid_argument otherwise).
  std::optional<time::Date> add_workdays(time::Date start, int n) const;

  // The number of working days d with a < d <= b (the start excluded, the end included, as
  // add_workdays counts: workdays_between(s, *add_workdays(s, n)) == n). When b < a it is minus
  // the number of working days d with b < d <= a; 0 when a == b. nullopt when a day in the range
  // is not covered.
  std::optional<int64_t> workdays_between(time::Date a, time::Date b) const;

  // The first working day on or after `d` (a calendar-day period that ends on a holiday ends on
  // the next working day, Art 85). nullopt when not covered.
  std::optional<time::Date> first_workday_on_or_after(time::Date d) const;

  // The loaded years, ascending.
  const std::vector<int>& years() const { return years_; }
  // Dec 31 of the last loaded year; nullopt when nothing is loaded.
  std::optional<time::Date> coverage_end() const;
  // Jan 1 of the first loaded year; nullopt when nothing is loaded.
  std::optional<time::Date> coverage_start() const;
  // The last date of the unbroken run of covered years that contains `from`; nullopt when
  // `from` is not covered. Differs from coverage_end() when a year in between is missing.
  std::optional<time::Date> covered_through(time::Date from) const;

private:
  std::vector<int> years_;          // sorted, unique
  std::vector<SpecialDay> days_;    // sorted by date, unique
};

// The years compiled in from npm chinese-days (base/reference_data.h), and the calendar of them.
std::vector<YearEntry> builtin_years();
const WorkCalendar& builtin_calendar();

}  // namespace zhifa::calendar
