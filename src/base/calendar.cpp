#include "base/calendar.h"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "base/reference_data.h"

namespace zhifa::calendar {

const char* kind_name(DayKind k) { return k == DayKind::holiday ? "holiday" : "workday"; }

std::optional<DayKind> parse_kind(std::string_view s) {
  if (s == "holiday") return DayKind::holiday;
  if (s == "workday") return DayKind::workday;
  return std::nullopt;
}

WorkCalendar::WorkCalendar(std::vector<YearEntry> years) {
  for (auto& y : years) {
    years_.push_back(y.year);
    for (auto& d : y.days) {
      if (d.date.year != y.year) {
        throw std::invalid_argument("calendar: " + d.date.str() + " listed under year " + std::to_string(y.year));
      }
      days_.push_back(std::move(d));
    }
  }
  std::sort(years_.begin(), years_.end());
  if (std::adjacent_find(years_.begin(), years_.end()) != years_.end()) {
    throw std::invalid_argument("calendar: a year is given twice");
  }
  std::sort(days_.begin(), days_.end(), [](const SpecialDay& a, const SpecialDay& b) { return a.date < b.date; });
  auto dup = std::adjacent_find(days_.begin(), days_.end(), [](const SpecialDay& a, const SpecialDay& b) { return a.date == b.date; });
  if (dup != days_.end()) throw std::invalid_argument("calendar: " + dup->date.str() + " is given twice");
}

bool WorkCalendar::covers(time::Date d) const { return std::binary_search(years_.begin(), years_.end(), d.year); }

const SpecialDay* WorkCalendar::special_day(time::Date d) const {
  auto it = std::lower_bound(days_.begin(), days_.end(), d, [](const SpecialDay& s, time::Date x) { return s.date < x; });
  return it != days_.end() && it->date == d ? &*it : nullptr;
}

std::optional<bool> WorkCalendar::is_workday(time::Date d) const {
  if (!covers(d)) return std::nullopt;
  if (const SpecialDay* s = special_day(d)) return s->kind == DayKind::workday;
  return d.weekday() <= 5;
}

std::optional<time::Date> WorkCalendar::add_workdays(time::Date start, int n) const {
  if (n < 0) throw std::invalid_argument("calendar: add_workdays needs n >= 0");
  time::Date d = start;
  for (int counted = 0; counted < n;) {
    d = d.plus_days(1);
    auto w = is_workday(d);
    if (!w) return std::nullopt;
    if (*w) ++counted;
  }
  return d;
}

std::optional<int64_t> WorkCalendar::workdays_between(time::Date a, time::Date b) const {
  if (a == b) return 0;
  const bool reversed = b < a;
  const time::Date lo = reversed ? b : a, hi = reversed ? a : b;
  int64_t count = 0;
  const int64_t end = hi.days();
  for (int64_t n = lo.days() + 1; n <= end; ++n) {
    auto w = is_workday(time::Date::from_days(n));
    if (!w) return std::nullopt;
    if (*w) ++count;
  }
  return reversed ? -count : count;
}

std::optional<time::Date> WorkCalendar::first_workday_on_or_after(time::Date d) const {
  for (;; d = d.plus_days(1)) {
    auto w = is_workday(d);
    if (!w) return std::nullopt;
    if (*w) return d;
  }
}

std::optional<time::Date> WorkCalendar::coverage_end() const {
  if (years_.empty()) return std::nullopt;
  return time::Date{years_.back(), 12, 31};
}

std::optional<time::Date> WorkCalendar::coverage_start() const {
  if (years_.empty()) return std::nullopt;
  return time::Date{years_.front(), 1, 1};
}

std::optional<time::Date> WorkCalendar::covered_through(time::Date from) const {
  auto it = std::lower_bound(years_.begin(), years_.end(), from.year);
  if (it == years_.end() || *it != from.year) return std::nullopt;
  int last = *it;
  for (++it; it != years_.end() && *it == last + 1; ++it) last = *it;
  return time::Date{last, 12, 31};
}

std::vector<YearEntry> builtin_years() {
  std::map<int, YearEntry> by_year;
  for (int y : refdata::calendar_years()) by_year[y].year = y;
  for (const auto& r : refdata::calendar_days()) {
    auto d = time::parse_date(r.date);
    if (!d) throw std::logic_error(std::string("reference data: bad date ") + r.date);
    auto it = by_year.find(d->year);
    if (it == by_year.end()) throw std::logic_error(std::string("reference data: date outside the covered years ") + r.date);
    it->second.days.push_back({*d, r.kind == refdata::DayKindRecord::holiday ? DayKind::holiday : DayKind::workday, r.name});
  }
  std::vector<YearEntry> out;
  out.reserve(by_year.size());
  for (auto& [y, e] : by_year) out.push_back(std::move(e));
  return out;
}

const WorkCalendar& builtin_calendar() {
  static const WorkCalendar cal(builtin_years());
  return cal;
}

}  // namespace zhifa::calendar
