// The working-day calendar in the store (tables calendar_years, calendar_days; migration 0003).
// The years compiled in from npm chinese-days are loaded by ensure_builtin(); a year the State
// Council announces later (国务院办公厅关于YYYY年部分节假日安排的通知, usually in November) is
// loaded by an administrator from a year file, and an official correction replaces a year.
// Every load is one ledger entry `calendar.load_year` (subject calendar_year/YYYY) holding the
// whole content; a replacement points at the entry it corrects and carries the previous hash.
// Deadlines read the calendar through load() (base/calendar.h: what is a working day, and why an
// uncovered date is "unknown").
//
// The year file, as uploaded (POST /api/v1/calendar/years) or given to `zhifa calendar load`:
//   {"year": 2027,
//    "source": "国办发明电〔2026〕X号",
//    "days": [{"date": "2027-01-01", "kind": "holiday", "name": "元旦"},
//             {"date": "2027-02-06", "kind": "workday", "name": "春节"}, ...]}
//   year    2000–2100
//   source  the notice it comes from, required, at most 200 characters
//   days    every holiday (放假日, weekends inside a holiday period may be listed or not) and
//           every adjusted working day (调休上班日, which must be a Saturday or Sunday), each date
//           once and inside `year`; name at most 50 characters (the holiday it belongs to). At
//           least one holiday.
// Errors are zhifa::Error 422 naming the field ("days[3].date"), nothing written on any error.
//
// Thread-safety: free functions over a Connection the caller owns.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/calendar.h"
#include "base/time.h"
#include "db/db.h"
#include "ledger/ledger.h"

namespace zhifa::calendar {

// One line of a year file, as given (validated by validate_year / load_year).
struct DayEntry {
  std::string date;  // YYYY-MM-DD
  std::string kind;  // holiday | workday
  std::string name;
  nlohmann::json to_json() const { return {{"date", date}, {"kind", kind}, {"name", name}}; }
};

struct YearFile {
  int year = 0;
  std::string source;
  std::vector<DayEntry> days;
};

// Parses and fully validates a year file. Throws zhifa::Error: 400 `request.malformed_json` for
// a JSON syntax error, 422 with details.field for anything else.
YearFile parse_year_file(std::string_view text);
YearFile parse_year_json(const nlohmann::json& j);
// Throws zhifa::Error 422 naming the first field at fault (see the file format above).
void validate_year(int year, const std::vector<DayEntry>& days, const std::string& source);

// Loads the years of the compiled-in data that the store does not have yet, in one transaction
// of its own, one ledger entry per year (actor system, source "chinese-days@VERSION"). Years
// already in the store, whatever their source, are left alone. Cheap when nothing is missing.
// Requires: `c` is not inside a transaction.
void ensure_builtin(db::Connection& c);

// Loads (or replaces: an official correction) one year. Validates everything first. Loading the
// same content from the same source again changes nothing and records nothing.
// Requires: `c` is inside a transaction the caller owns.
void load_year(db::Connection& c, const ledger::Actor& actor, int year, const std::vector<DayEntry>& days,
               const std::string& source);
// parse_year_json + load_year; returns the year. Requires: inside a transaction.
int load_year_json(db::Connection& c, const ledger::Actor& actor, const nlohmann::json& j);

// The calendar of every year in the store.
WorkCalendar load(db::Connection& c);

// The special days of one loaded year, by date. Throws zhifa::Error 404 `calendar.year_not_loaded`.
std::vector<DayEntry> year_days(db::Connection& c, int year);

struct YearInfo {
  int year = 0;
  std::string source;
  std::string version;  // the package version for builtin years, "" for uploads
  std::string content_hash;
  std::string loaded_at;
  int64_t loaded_by = 0;
  int holidays = 0;
  int workdays = 0;
  nlohmann::json to_json() const;
};

struct Coverage {
  int first_year = 0;  // 0 when nothing is loaded
  int last_year = 0;
  // The last covered day of the unbroken run of years from today (the last loaded day when
  // today is past them); nullopt when nothing is loaded.
  std::optional<time::Date> ends_on;
  int64_t days_left = 0;  // ends_on - today; negative once coverage has ended
  bool warning = true;    // coverage ends within 60 days of today, or has ended, or is empty
  std::vector<int> missing_years;  // gaps between first_year and last_year
  std::vector<YearInfo> years;
  nlohmann::json to_json() const;
};
Coverage coverage(db::Connection& c, time::Date today);

}  // namespace zhifa::calendar
