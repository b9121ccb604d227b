#include "credit/rules.h"

namespace zhifa::credit {

time::Date add_months(time::Date d, int months) {
  int total = d.year * 12 + int(d.month) - 1 + months;
  time::Date out{total / 12, unsigned(total % 12) + 1, d.day};
  while (!time::valid_date(out.year, out.month, out.day)) --out.day;
  return out;
}

std::optional<time::Date> publication_due(const calendar::WorkCalendar& cal, time::Date determined_on) {
  return cal.add_workdays(determined_on, Rules::kPublishWithinWorkdays);
}

time::Date publication_end(time::Date published_on) {
  return add_months(published_on, Rules::kPublicationMonths).plus_days(-1);
}

time::Date earliest_repair(time::Date published_on) { return add_months(published_on, Rules::kRepairAfterMonths); }

std::string status_on(const std::string& state, const std::optional<std::string>& published_on,
                      const std::optional<std::string>& publication_end, const std::optional<std::string>& removed_on,
                      time::Date today) {
  if (state != "published" && state != "repaired") return state;
  const std::string t = today.str();
  if (removed_on && *removed_on <= t) return "removed_early";
  if (publication_end && *publication_end < t) return "expired";
  if (published_on && t < *published_on) return "approved";
  return "publishing";
}

const char* status_name(const std::string& s) {
  if (s == "proposed") return "待审批";
  if (s == "rejected") return "未批准";
  if (s == "approved") return "待公示";
  if (s == "publishing") return "公示中";
  if (s == "expired") return "公示期满移出";
  if (s == "removed_early") return "信用修复提前移出";
  return "";
}

const char* level_name(const std::string& level) {
  if (level == "serious") return "统计严重失信";
  if (level == "general") return "一般失信";
  return nullptr;
}

const char* registry_status_of(const std::string& level) { return level == "serious" ? "seriously_dishonest" : "dishonest"; }

}  // namespace zhifa::credit
