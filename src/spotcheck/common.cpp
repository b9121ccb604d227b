#include "spotcheck/common.h"

#include "base/error.h"
#include "org/bureaus.h"
#include "org/users.h"

namespace zhifa::spotcheck::detail {

int64_t require_province_manager(db::Connection& c, const org::Principal& p) {
  p.require("spotcheck.items.manage");
  auto b = org::find_bureau(c, p.bureau_id);
  if (!b || b->level != "province")
    throw Error::forbidden("spotcheck.province_only", "随机抽查事项清单和检查表式由省统计局统一确定，市、县统计局只能查看");
  return b->id;
}

time::Date parse_date_field(const std::string& value, const char* field, const std::string& label, bool empty_is_today) {
  if (value.empty()) {
    if (empty_is_today) return time::today_shanghai();
    throw Error::required(field, label);
  }
  auto d = time::parse_date(value);
  if (!d) throw Error::invalid(field, label + "应为有效日期（YYYY-MM-DD）", "spotcheck.date_invalid");
  return *d;
}

bool sees_province(const org::Principal& p, const std::string& province_path) {
  return p.bureau_path.rfind(province_path, 0) == 0 || p.covers_path(province_path);
}

nlohmann::json user_ref(db::Connection& c, int64_t id) { return org::user_ref(c, id); }

std::string percent(int64_t bp) {
  std::string s = std::to_string(bp / 100);
  if (int64_t frac = bp % 100) {
    s += "." + std::string(frac < 10 ? "0" : "") + std::to_string(frac);
    while (s.back() == '0') s.pop_back();
  }
  return s + "%";
}

nlohmann::json opt_text(const std::optional<std::string>& s) { return s ? nlohmann::json(*s) : nlohmann::json(nullptr); }

}  // namespace zhifa::spotcheck::detail
