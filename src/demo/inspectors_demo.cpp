#include "demo/inspectors_demo.h"

#include <algorithm>
#include <chrono>
#include <string>

#include "base/error.h"
#include "base/time.h"
#include "demo/registry_demo.h"
#include "inspectors/inspectors.h"
#include "inspectors/training_plans.h"

namespace zhifa::demo {
namespace {

enum class Cert { valid, lapsing, lapsed };

struct DemoInspector {
  const char* username;
  const char* gender;
  const char* post;
  std::vector<const char*> specialties;
  Cert cert = Cert::valid;
  const char* suspended = "";  // the reason, when suspended
  bool short_training = false;  // only one day this year (ORG-5 flag)
};

// Every demo account with the inspector role (src/demo/demo.cpp kUsers).
const DemoInspector kInspectors[] = {
    {"zj_insp1", "male", "一级主任科员", {"industry", "data_quality"}},
    {"zj_insp2", "female", "二级主任科员", {"trade", "services"}},
    {"zj_insp3", "male", "三级主任科员", {"construction", "real_estate"}, Cert::lapsing},
    {"zj_insp4", "female", "四级主任科员", {"foreign_survey", "survey_design"}},
    {"pc_insp1", "male", "普查中心副主任", {"data_quality", "survey_design", "agriculture"}},
    {"hz_insp1", "male", "法规执法科科长", {"industry", "investment"}},
    {"hz_insp2", "female", "法规执法科副科长", {"trade"}, Cert::valid, "借调市委巡察组，暂停执法"},
    {"hz_insp3", "male", "一级科员", {"trade", "services"}},
    {"xh_insp1", "male", "法规执法科科长", {"industry", "services"}},
    {"xh_insp2", "female", "四级主任科员", {"trade", "real_estate"}},
    {"yh_insp1", "male", "法规执法科科长", {"industry"}},
    {"yh_insp2", "male", "一级科员", {"construction"}, Cert::valid, "", true},
    {"nb_insp1", "male", "法规执法科科长", {"industry", "trade"}},
    {"nb_insp2", "female", "二级主任科员", {"services", "labour"}},
    {"hs_insp1", "male", "法规执法科科长", {"industry"}},
    {"hs_insp2", "female", "一级科员", {"trade"}, Cert::valid, "", true},
    {"wz_insp1", "male", "法规执法科科长", {"industry", "construction"}},
    {"wz_insp2", "female", "四级主任科员", {"services"}, Cert::lapsed},
};

// A day of this year at most `back` days ago (never before 1 January, never after today).
std::string this_year(int back) {
  const auto today = time::today_shanghai();
  return std::max(time::Date{today.year, 1, 1}, today.plus_days(-back)).str();
}
// The course every demo inspector received this year (load_inspectors_demo), and its day.
constexpr const char* kSharedCourse = "“双随机、一公开”监管工作培训";
constexpr int kSharedCourseDaysAgo = 60;

// A demo instant: Beijing time on a day of `year`.
time::Instant at(int year, const char* month_day_time) {
  auto t = time::parse_iso(std::to_string(year) + "-" + month_day_time + "Z");
  if (!t) throw Error::internal(std::string("bad demo instant ") + month_day_time);
  return *t - std::chrono::hours(8);
}

}  // namespace

void load_inspectors_demo(db::Connection& c, const org::Principal& pm) {
  const auto today = time::today_shanghai();
  const std::string last_year = std::to_string(today.year - 1);
  const std::string renew_to = std::to_string(today.year + 3) + "-12-31";
  int serial = 0;
  for (const auto& d : kInspectors) {
    auto q = c.prepare("SELECT u.id, u.bureau_id, b.division_code FROM users u JOIN bureaus b ON b.id = u.bureau_id WHERE u.username = ?");
    q->bind(std::string(d.username));
    if (!q->step()) throw Error::internal(std::string("demo user missing: ") + d.username);
    const int64_t user_id = q->row().i64(0), bureau_id = q->row().i64(1);
    const std::string division = q->row().text(2);
    q.reset();
    ++serial;
    nlohmann::json in = {{"name", ""},
                         {"gender", d.gender},
                         // The bureau's division, the year of issue and a serial: unique and sortable.
                         {"certificate_no", division + "24" + (serial < 10 ? "00" : "0") + std::to_string(serial)},
                         {"valid_from", "2024-01-01"},
                         {"valid_to", renew_to},
                         {"bureau_id", bureau_id},
                         {"post", d.post},
                         {"specialties", d.specialties},
                         {"phone", "139" + std::to_string(57100000 + serial * 137)},
                         {"user_id", user_id}};
    auto u = c.prepare("SELECT name FROM users WHERE id = ?");
    u->bind(user_id);
    u->step();
    in["name"] = u->row().text(0);
    u.reset();
    if (d.cert == Cert::lapsing) in["valid_to"] = today.plus_days(20).str();
    if (d.cert == Cert::lapsed) in["valid_from"] = "2020-01-01", in["valid_to"] = today.plus_days(-15).str();
    if (*d.suspended) {
      in["status"] = "suspended";
      in["status_reason"] = d.suspended;
      in["status_since"] = this_year(30);
    }
    auto made = inspectors::create_inspector(c, pm, in);
    const int64_t id = made["id"].get<int64_t>();
    inspectors::add_training(c, pm, id,
                             {{"trained_on", last_year + "-09-15"}, {"course", "统计法律法规与执法实务专题培训"}, {"days", 2.5},
                              {"provider", "浙江省统计局"}});
    inspectors::add_training(c, pm, id,
                             {{"trained_on", this_year(kSharedCourseDaysAgo)}, {"course", kSharedCourse}, {"days", 1},
                              {"provider", "浙江省统计局"}});
    if (!d.short_training)
      inspectors::add_training(c, pm, id,
                               {{"trained_on", this_year(20)}, {"course", "统计执法检查平台操作与案例研讨"}, {"days", 1.5},
                                {"provider", "浙江省统计局执法监督局"}});
    // 004 annex 2: inspectors are drawn "与检查地区和部门无利害关系".
    if (std::string(d.username) == "xh_insp1")
      inspectors::declare_conflict(c, pm, id,
                                   {{"kind", "object"}, {"target", demo_credit_code("330106", 1)}, {"reason", "配偶在该单位任财务负责人"},
                                    {"declared_on", this_year(45)}});
    if (std::string(d.username) == "hz_insp3")
      inspectors::declare_conflict(c, pm, id,
                                   {{"kind", "division"}, {"target", "330110"}, {"reason", "近亲属在余杭区经营企业，回避该区检查"},
                                    {"declared_on", this_year(90)}});
  }
}

void load_training_plan_demo(db::Connection& c, const org::Principal& city) {
  const int year = time::today_shanghai().year;
  const std::string y = std::to_string(year);
  const nlohmann::json first = {
      {"date", this_year(kSharedCourseDaysAgo)},
      {"topic", kSharedCourse},
      {"content", "“双随机、一公开”工作方案、实施细则和随机抽查事项清单：抽查依据、抽查主体、抽查内容、抽查方式和抽查组织"},
      {"days", 1},
      {"trainees", "all"}};
  nlohmann::json second = {{"month", y + "-11"},
                           {"topic", "“四上”企业抽查实务与典型案例研讨"},
                           {"content", "“四上”企业如何确定抽查事项、建立抽查样本库，随机等距抽样的工作流程；执法检查中存在的问题与解决办法"},
                           {"days", 1},
                           {"trainees", "all"}};
  auto plan = inspectors::create_training_plan(
      c, city,
      {{"year", year},
       {"sessions", {first, second}},
       {"notes", "依据《承德市统计局“双随机、一公开”监管工作培训计划》的做法：全年培训时间不少于 2 天，培训对象为市、县（市、区）行政执法人员"}},
      at(year, "01-05T09:30:00"));
  const int64_t id = plan["id"].get<int64_t>();
  inspectors::publish_training_plan(c, city, id, nlohmann::json::object(), at(year, "01-08T10:00:00"));
  second["month"] = y + "-12";
  inspectors::add_training_plan_version(c, city, id, {{"sessions", {first, second}}, {"reason", "第二期培训因统计年报工作安排推迟至 12 月"}},
                                        at(year, "06-10T15:00:00"));
  inspectors::publish_training_plan(c, city, id, nlohmann::json::object(), at(year, "06-10T15:30:00"));
}

}  // namespace zhifa::demo
