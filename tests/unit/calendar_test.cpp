// The working-day calendar (pure): the compiled-in official arrangements, counting working days
// across holidays and adjusted working days, "unknown" beyond coverage, and the year-file rules.
// R: PUB-7 (working-day deadlines)
#include <gtest/gtest.h>

#include "base/calendar.h"
#include "base/error.h"
#include "base/reference_data.h"
#include "calendar/calendar_service.h"

using namespace zhifa;
using calendar::DayKind;
using calendar::WorkCalendar;
using time::Date;

namespace {

Date D(const char* s) { return *time::parse_date(s); }
const WorkCalendar& builtin() { return calendar::builtin_calendar(); }

}  // namespace

// R: PUB-7
TEST(Calendar, NationalDay2025) {
  // 国办发明电〔2024〕12号: 10-01..10-08 off (National Day and Mid-Autumn), work on Sun 09-28
  // and Sat 10-11.
  for (const char* d : {"2025-10-01", "2025-10-02", "2025-10-03", "2025-10-04", "2025-10-05", "2025-10-06", "2025-10-07",
                        "2025-10-08"}) {
    EXPECT_EQ(builtin().is_workday(D(d)), false) << d;
  }
  EXPECT_EQ(builtin().is_workday(D("2025-09-28")), true);
  EXPECT_EQ(builtin().is_workday(D("2025-10-11")), true);
  EXPECT_EQ(builtin().is_workday(D("2025-09-30")), true);
  EXPECT_EQ(builtin().is_workday(D("2025-10-09")), true);
  EXPECT_EQ(builtin().is_workday(D("2025-10-12")), false);  // an ordinary Sunday
  ASSERT_NE(builtin().special_day(D("2025-10-01")), nullptr);
  EXPECT_EQ(builtin().special_day(D("2025-10-01"))->name, "国庆节");
  EXPECT_EQ(builtin().special_day(D("2025-10-06"))->name, "中秋节");
  EXPECT_EQ(builtin().special_day(D("2025-10-11"))->kind, DayKind::workday);
}

// R: PUB-7
TEST(Calendar, SpringFestival2026) {
  // As the package gives it: 02-15..02-23 off; work on Sat 02-14 and Sat 02-28.
  for (int day = 15; day <= 23; ++day) EXPECT_EQ(builtin().is_workday(Date{2026, 2, unsigned(day)}), false) << day;
  EXPECT_EQ(builtin().is_workday(D("2026-02-14")), true);
  EXPECT_EQ(builtin().is_workday(D("2026-02-28")), true);
  EXPECT_EQ(builtin().is_workday(D("2026-02-24")), true);
  EXPECT_EQ(builtin().special_day(D("2026-02-17"))->name, "春节");
}

// R: PUB-7
TEST(Calendar, CoversTheYearsOfThePackage) {
  auto years = refdata::calendar_years();
  ASSERT_FALSE(years.empty());
  EXPECT_LE(years.front(), 2020);
  EXPECT_GE(years.back(), 2026);
  EXPECT_EQ(builtin().years().size(), years.size());
  EXPECT_EQ(builtin().coverage_end(), (Date{years.back(), 12, 31}));
  EXPECT_EQ(builtin().coverage_start(), (Date{years.front(), 1, 1}));
  // Every adjusted working day is on a weekend, and every covered day has an answer.
  for (const auto& y : calendar::builtin_years()) {
    for (const auto& d : y.days) {
      if (d.kind == DayKind::workday) {
        EXPECT_GE(d.date.weekday(), 6u) << d.date.str();
      }
    }
  }
  for (int64_t n = Date{years.front(), 1, 1}.days(); n <= Date{years.back(), 12, 31}.days(); ++n) {
    ASSERT_TRUE(builtin().is_workday(Date::from_days(n)).has_value());
  }
}

// R: PUB-7
TEST(Calendar, AddWorkdaysAcrossTheLongHoliday) {
  // Start not counted: the first working day after Tue 09-30 is Thu 10-09.
  EXPECT_EQ(builtin().add_workdays(D("2025-09-30"), 1), D("2025-10-09"));
  EXPECT_EQ(builtin().add_workdays(D("2025-09-30"), 2), D("2025-10-10"));
  EXPECT_EQ(builtin().add_workdays(D("2025-09-30"), 3), D("2025-10-11"));  // the adjusted Saturday
  EXPECT_EQ(builtin().add_workdays(D("2025-09-30"), 4), D("2025-10-13"));
  // From Fri 09-26 the adjusted Sunday 09-28 counts.
  EXPECT_EQ(builtin().add_workdays(D("2025-09-26"), 1), D("2025-09-28"));
  EXPECT_EQ(builtin().add_workdays(D("2025-09-26"), 5), D("2025-10-10"));
  // Starting on a holiday.
  EXPECT_EQ(builtin().add_workdays(D("2025-10-03"), 1), D("2025-10-09"));
  // A 7-working-day period over the 2026 Spring Festival: from Fri 02-13, 02-14 (Sat, working),
  // then 02-24..02-27, 02-28 (Sat, working), 03-02.
  EXPECT_EQ(builtin().add_workdays(D("2026-02-13"), 7), D("2026-03-02"));
  // n = 0 is the start itself; n < 0 is a programming error.
  EXPECT_EQ(builtin().add_workdays(D("2025-10-01"), 0), D("2025-10-01"));
  EXPECT_THROW((void)builtin().add_workdays(D("2025-10-01"), -1), std::invalid_argument);
}

// R: PUB-7
TEST(Calendar, WorkdaysBetween) {
  EXPECT_EQ(builtin().workdays_between(D("2025-09-30"), D("2025-10-10")), 2);
  EXPECT_EQ(builtin().workdays_between(D("2025-10-10"), D("2025-09-30")), -2);
  EXPECT_EQ(builtin().workdays_between(D("2025-10-01"), D("2025-10-08")), 0);
  EXPECT_EQ(builtin().workdays_between(D("2025-10-08"), D("2025-10-08")), 0);
  EXPECT_EQ(builtin().workdays_between(D("2025-09-26"), D("2025-09-28")), 1);  // start excluded, end included
  // workdays_between agrees with add_workdays for every n.
  for (int n = 0; n <= 40; ++n) {
    auto end = builtin().add_workdays(D("2025-09-15"), n);
    ASSERT_TRUE(end);
    EXPECT_EQ(builtin().workdays_between(D("2025-09-15"), *end), n);
  }
  // 2025: 261 weekdays - 18 holidays on weekdays + 5 adjusted working days = 248.
  EXPECT_EQ(builtin().workdays_between(D("2024-12-31"), D("2025-12-31")), 248);
}

// R: PUB-7
TEST(Calendar, UnknownBeyondCoverage) {
  const Date end = *builtin().coverage_end();
  const Date after = end.plus_days(1);
  EXPECT_FALSE(builtin().covers(after));
  EXPECT_EQ(builtin().is_workday(after), std::nullopt);
  // A deadline that needs a day past the coverage is unknown, never guessed from weekdays.
  EXPECT_EQ(builtin().add_workdays(end.plus_days(-3), 10), std::nullopt);
  EXPECT_EQ(builtin().workdays_between(end.plus_days(-3), end.plus_days(3)), std::nullopt);
  EXPECT_EQ(builtin().first_workday_on_or_after(after), std::nullopt);
  // Start itself need not be covered for n = 0.
  EXPECT_EQ(builtin().add_workdays(after, 0), after);
  // Before the first year too.
  const Date before = builtin().coverage_start()->plus_days(-1);
  EXPECT_EQ(builtin().is_workday(before), std::nullopt);
  EXPECT_EQ(WorkCalendar().is_workday(D("2025-01-02")), std::nullopt);
  EXPECT_EQ(WorkCalendar().coverage_end(), std::nullopt);
}

// R: PUB-7
TEST(Calendar, FirstWorkdayOnOrAfter) {
  EXPECT_EQ(builtin().first_workday_on_or_after(D("2025-10-01")), D("2025-10-09"));
  EXPECT_EQ(builtin().first_workday_on_or_after(D("2025-10-09")), D("2025-10-09"));
  EXPECT_EQ(builtin().first_workday_on_or_after(D("2025-09-28")), D("2025-09-28"));
}

TEST(Calendar, BuiltFromYears) {
  // A made-up year 2040 (not an official arrangement): Jan 1 (Sun) to Jan 3 off, Sat Jan 7 worked.
  WorkCalendar cal({{2040,
                     {{D("2040-01-02"), DayKind::holiday, "元旦"},
                      {D("2040-01-03"), DayKind::holiday, "元旦"},
                      {D("2040-01-07"), DayKind::workday, "元旦"}}},
                    {2042, {}}});
  EXPECT_EQ(cal.is_workday(D("2040-01-02")), false);  // Monday, holiday
  EXPECT_EQ(cal.is_workday(D("2040-01-04")), true);   // Wednesday
  EXPECT_EQ(cal.is_workday(D("2040-01-07")), true);   // Saturday, adjusted
  EXPECT_EQ(cal.is_workday(D("2040-01-08")), false);  // Sunday
  EXPECT_EQ(cal.add_workdays(D("2039-12-30"), 1), std::nullopt);  // needs 2039-12-31
  EXPECT_EQ(cal.add_workdays(D("2039-12-31"), 3), D("2040-01-06"));
  EXPECT_EQ(cal.add_workdays(D("2040-01-05"), 2), D("2040-01-07"));
  // 2041 is missing: coverage has a hole.
  EXPECT_EQ(cal.coverage_end(), D("2042-12-31"));
  EXPECT_EQ(cal.covered_through(D("2040-06-01")), D("2040-12-31"));
  EXPECT_EQ(cal.covered_through(D("2041-06-01")), std::nullopt);
  EXPECT_EQ(cal.add_workdays(D("2040-12-28"), 10), std::nullopt);
  EXPECT_EQ(cal.is_workday(D("2042-03-03")), true);

  EXPECT_THROW(WorkCalendar({{2040, {{D("2041-01-02"), DayKind::holiday, ""}}}}), std::invalid_argument);
  EXPECT_THROW(WorkCalendar({{2040, {}}, {2040, {}}}), std::invalid_argument);
  EXPECT_THROW(WorkCalendar({{2040, {{D("2040-01-02"), DayKind::holiday, ""}, {D("2040-01-02"), DayKind::holiday, ""}}}}),
               std::invalid_argument);
}

// ---- the year file ------------------------------------------------------------------------

namespace {

std::string field_of(const std::string& text) {
  try {
    calendar::parse_year_file(text);
  } catch (const Error& e) {
    return e.code() + " " + e.details().value("field", "");
  }
  return "ok";
}

}  // namespace

TEST(CalendarFile, ParsesAValidFile) {
  auto f = calendar::parse_year_file(R"({"year":2027,"source":"国办发明电〔2026〕X号","days":[
      {"date":"2027-01-01","kind":"holiday","name":"元旦"},
      {"date":"2027-02-06","kind":"workday","name":"春节"},
      {"date":"2027-02-07","kind":"holiday"}]})");
  EXPECT_EQ(f.year, 2027);
  EXPECT_EQ(f.source, "国办发明电〔2026〕X号");
  ASSERT_EQ(f.days.size(), 3u);
  EXPECT_EQ(f.days[1].kind, "workday");
  EXPECT_EQ(f.days[2].name, "");
}

TEST(CalendarFile, NamesTheFieldAtFault) {
  const std::string head = R"({"year":2027,"source":"通知","days":[{"date":"2027-01-01","kind":"holiday","name":"元旦"},)";
  EXPECT_EQ(field_of("{\"year\":"), "request.malformed_json ");
  EXPECT_EQ(field_of(R"({"source":"x","days":[]})"), "validation.required year");
  EXPECT_EQ(field_of(R"({"year":1999,"source":"x","days":[]})"), "calendar.year_invalid year");
  EXPECT_EQ(field_of(R"({"year":"2027","source":"x","days":[]})"), "calendar.year_invalid year");
  EXPECT_EQ(field_of(R"({"year":2027,"source":" ","days":[{"date":"2027-01-01","kind":"holiday"}]})"),
            "calendar.source_required source");
  EXPECT_EQ(field_of(R"({"year":2027,"source":"x","days":{}})"), "calendar.days_invalid days");
  EXPECT_EQ(field_of(R"({"year":2027,"source":"x","days":[]})"), "calendar.no_holiday days");
  EXPECT_EQ(field_of(head + R"({"date":"2027-02-30","kind":"holiday"}]})"), "calendar.date_invalid days[1].date");
  EXPECT_EQ(field_of(head + R"({"date":"2027/02/03","kind":"holiday"}]})"), "calendar.date_invalid days[1].date");
  EXPECT_EQ(field_of(head + R"({"date":"2028-01-01","kind":"holiday"}]})"), "calendar.date_outside_year days[1].date");
  EXPECT_EQ(field_of(head + R"({"date":"2027-02-03","kind":"off"}]})"), "calendar.kind_invalid days[1].kind");
  EXPECT_EQ(field_of(head + R"({"date":"2027-02-03"}]})"), "validation.required days[1].kind");
  EXPECT_EQ(field_of(head + R"({"date":"2027-01-01","kind":"holiday"}]})"), "calendar.date_duplicate days[1].date");
  EXPECT_EQ(field_of(head + R"(3]})"), "calendar.day_invalid days[1]");
  // 2027-02-03 is a Wednesday: an adjusted working day must be a Saturday or Sunday.
  EXPECT_EQ(field_of(head + R"({"date":"2027-02-03","kind":"workday"}]})"), "calendar.workday_not_weekend days[1].date");
}

TEST(CalendarFile, MessagesAreChinese) {
  try {
    calendar::validate_year(2027, {{"2027-01-01", "holiday", "元旦"}, {"2027-02-03", "workday", "春节"}}, "通知");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), 422);
    EXPECT_EQ(e.message(), "调休上班日应为周六或周日，2027-02-03 是星期三");
  }
}
