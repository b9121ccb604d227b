// The working-day calendar in the store, on both stores: the compiled-in years loaded once, a
// newly announced year loaded by an administrator and used for deadlines at once, corrections
// recorded against what they replace, and bad files rejected whole. Also the credit-code
// allow-list.
// R: PUB-7 (working-day deadlines)
#include <gtest/gtest.h>

#include "base/error.h"
#include "base/reference_data.h"
#include "calendar/calendar_service.h"
#include "registry/code_allowlist.h"
#include "support/test_db.h"

using namespace zhifa;
using time::Date;

namespace {

Date D(const char* s) { return *time::parse_date(s); }

int64_t count(db::Connection& c, const std::string& sql) {
  auto q = c.prepare(sql);
  EXPECT_TRUE(q->step());
  return q->row().i64(0);
}

int64_t ledger_count(db::Connection& c, const std::string& action) {
  return count(c, "SELECT COUNT(*) FROM ledger_entries WHERE action = '" + action + "'");
}

// A made-up arrangement for a year past the package's coverage (test data, not a real notice).
// New Year: Fri Jan 1 .. Sun Jan 3 of the year after the package's last.
nlohmann::json next_year_file(int year) {
  auto date = [&](const char* md) { return std::to_string(year) + "-" + md; };
  nlohmann::json days = nlohmann::json::array();
  for (const char* md : {"01-01", "01-02", "01-03"}) days.push_back({{"date", date(md)}, {"kind", "holiday"}, {"name", "元旦"}});
  return {{"year", year}, {"source", "测试用放假安排（非真实通知）"}, {"days", days}};
}

int next_year() { return refdata::calendar_years().back() + 1; }

void load_json(db::Connection& c, const nlohmann::json& j) {
  db::Transaction tx(c);
  calendar::load_year_json(c, ledger::Actor{7, 1}, j);
  tx.commit();
}

}  // namespace

// R: PUB-7
TEST(CalendarStore, EnsureBuiltinLoadsEveryYearOnce) {
  auto d = test::fresh_database();
  auto c = d->acquire();
  const auto years = refdata::calendar_years();
  calendar::ensure_builtin(*c);
  EXPECT_EQ(count(*c, "SELECT COUNT(*) FROM calendar_years"), int64_t(years.size()));
  EXPECT_EQ(count(*c, "SELECT COUNT(*) FROM calendar_days"), int64_t(refdata::calendar_days().size()));
  EXPECT_EQ(ledger_count(*c, "calendar.load_year"), int64_t(years.size()));
  // Idempotent: nothing is written the second time.
  calendar::ensure_builtin(*c);
  EXPECT_EQ(ledger_count(*c, "calendar.load_year"), int64_t(years.size()));

  auto y = calendar::year_days(*c, 2025);
  ASSERT_FALSE(y.empty());
  EXPECT_EQ(y.front().date, "2025-01-01");
  EXPECT_EQ(y.front().kind, "holiday");
  EXPECT_EQ(y.front().name, "元旦");

  auto cov = calendar::coverage(*c, D("2026-11-25"));
  EXPECT_EQ(cov.first_year, years.front());
  EXPECT_EQ(cov.last_year, years.back());
  EXPECT_TRUE(cov.missing_years.empty());
  ASSERT_EQ(cov.years.size(), years.size());
  EXPECT_EQ(cov.years.back().source, std::string("chinese-days@") + refdata::calendar_package().version);
  EXPECT_EQ(cov.years.back().loaded_by, 0);

  // The calendar read back from the store is the compiled-in one.
  auto cal = calendar::load(*c);
  EXPECT_EQ(cal.add_workdays(D("2025-09-30"), 1), D("2025-10-09"));
  EXPECT_EQ(cal.workdays_between(D("2024-12-31"), D("2025-12-31")), 248);
  EXPECT_EQ(cal.coverage_end(), (Date{years.back(), 12, 31}));
}

// R: PUB-7
TEST(CalendarStore, NewYearIsUsedForDeadlinesAtOnce) {
  auto d = test::fresh_database();
  auto c = d->acquire();
  calendar::ensure_builtin(*c);
  const int y = next_year();
  const Date start{y - 1, 12, 30};
  EXPECT_EQ(calendar::load(*c).add_workdays(start, 3), std::nullopt);  // unknown before the load
  EXPECT_TRUE(calendar::coverage(*c, Date{y - 1, 11, 25}).warning);

  load_json(*c, next_year_file(y));
  auto cal = calendar::load(*c);
  ASSERT_TRUE(cal.covers(Date{y, 6, 1}));
  // Dec 31 (if a working day) then the first working days after the New Year holiday.
  auto got = cal.add_workdays(start, 3);
  ASSERT_TRUE(got);
  EXPECT_EQ(cal.workdays_between(start, *got), 3);
  EXPECT_GE(*got, (Date{y, 1, 4}));
  EXPECT_EQ(cal.is_workday(Date{y, 1, 1}), false);

  auto cov = calendar::coverage(*c, Date{y - 1, 11, 25});
  EXPECT_EQ(cov.ends_on, (Date{y, 12, 31}));
  EXPECT_FALSE(cov.warning);
  EXPECT_EQ(cov.years.back().loaded_by, 7);
  EXPECT_EQ(cov.years.back().holidays, 3);
  EXPECT_EQ(cov.years.back().version, "");
}

// R: PUB-7
TEST(CalendarStore, ReplacingAYearIsRecordedAgainstThePreviousContent) {
  auto d = test::fresh_database();
  auto c = d->acquire();
  const int y = next_year();
  load_json(*c, next_year_file(y));
  auto first_hash = calendar::coverage(*c, Date{y, 1, 1}).years.at(0).content_hash;
  EXPECT_EQ(ledger_count(*c, "calendar.load_year"), 1);

  // The same file again changes nothing.
  load_json(*c, next_year_file(y));
  EXPECT_EQ(ledger_count(*c, "calendar.load_year"), 1);

  // An official correction adds a day.
  auto corrected = next_year_file(y);
  corrected["source"] = "测试用更正通知";
  corrected["days"].push_back({{"date", std::to_string(y) + "-05-01"}, {"kind", "holiday"}, {"name", "劳动节"}});
  load_json(*c, corrected);
  EXPECT_EQ(ledger_count(*c, "calendar.load_year"), 2);
  EXPECT_EQ(calendar::year_days(*c, y).size(), 4u);
  auto q = c->prepare("SELECT change, corrects FROM ledger_entries WHERE action = 'calendar.load_year' ORDER BY seq DESC");
  ASSERT_TRUE(q->step());
  auto change = nlohmann::json::parse(q->row().text(0));
  EXPECT_EQ(change["replaces"]["content_hash"], first_hash);
  EXPECT_EQ(change["source"], "测试用更正通知");
  EXPECT_FALSE(q->row().is_null(1));
  q.reset();
  EXPECT_EQ(calendar::load(*c).is_workday(Date{y, 5, 1}), false);
}

// R: PUB-7
TEST(CalendarStore, BadFileIsRejectedWithTheFieldAndWritesNothing) {
  auto d = test::fresh_database();
  auto c = d->acquire();
  const int y = next_year();
  auto bad = next_year_file(y);
  // The fourth day: a Wednesday as an adjusted working day... find one.
  Date wd{y, 2, 1};
  while (wd.weekday() != 3) wd = wd.plus_days(1);
  bad["days"].push_back({{"date", wd.str()}, {"kind", "workday"}, {"name", "春节"}});
  const int64_t before = count(*c, "SELECT COUNT(*) FROM ledger_entries");
  try {
    load_json(*c, bad);
    FAIL() << "accepted a workday on a Wednesday";
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), 422);
    EXPECT_EQ(e.code(), "calendar.workday_not_weekend");
    EXPECT_EQ(e.details().value("field", ""), "days[3].date");
  }
  EXPECT_EQ(count(*c, "SELECT COUNT(*) FROM calendar_years"), 0);
  EXPECT_EQ(count(*c, "SELECT COUNT(*) FROM calendar_days"), 0);
  EXPECT_EQ(count(*c, "SELECT COUNT(*) FROM ledger_entries"), before);
  EXPECT_THROW(calendar::year_days(*c, y), Error);

  // A date outside the year.
  auto outside = next_year_file(y);
  outside["days"][1]["date"] = std::to_string(y + 1) + "-01-02";
  try {
    load_json(*c, outside);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.details().value("field", ""), "days[1].date");
  }
  EXPECT_EQ(count(*c, "SELECT COUNT(*) FROM calendar_years"), 0);
}

TEST(CodeAllowlist, PilotCodeAcceptedOnlyWhenListed) {
  auto d = test::fresh_database();
  auto c = d->acquire();
  const std::string pilot = "91330100716105852E";  // checksum should be F
  EXPECT_FALSE(registry::check_code(*c, "credit-code", pilot).valid);
  {
    db::Transaction tx(*c);
    auto e = registry::allowlist_add(*c, ledger::Actor{7, 1}, pilot, "早期试点代码（测试）");
    EXPECT_EQ(e.code, pilot);
    tx.commit();
  }
  EXPECT_TRUE(registry::allowlist_contains(*c, pilot));
  auto r = registry::check_code(*c, "credit_code", pilot);
  EXPECT_TRUE(r.valid);
  EXPECT_FALSE(r.warnings.empty());
  EXPECT_FALSE(registry::check_code_without_store("credit-code", pilot).valid);
  EXPECT_EQ(ledger_count(*c, "credit_code_allowlist.add"), 1);
  ASSERT_EQ(registry::allowlist(*c).size(), 1u);
  EXPECT_EQ(registry::allowlist(*c)[0].note, "早期试点代码（测试）");

  auto expect_error = [&](const std::string& code, const std::string& want) {
    db::Transaction tx(*c);
    try {
      registry::allowlist_add(*c, ledger::Actor{7, 1}, code, "");
      ADD_FAILURE() << code;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), want) << code;
    }
  };
  expect_error(pilot, "allowlist.duplicate");
  expect_error("91330100716105852F", "allowlist.not_needed");
  expect_error("9133010071610585", "allowlist.code_invalid");
  expect_error("91330100716105852I", "allowlist.code_invalid");
  EXPECT_EQ(ledger_count(*c, "credit_code_allowlist.add"), 1);

  EXPECT_TRUE(registry::check_code(*c, "division", "330106").valid);
  EXPECT_TRUE(registry::check_code(*c, "industry", "C39").valid);
  EXPECT_TRUE(registry::check_code(*c, "id-card", "11010519491231002X").valid);
  EXPECT_THROW(registry::check_code(*c, "passport", "x"), Error);
}
