#include "demo/credit_demo.h"

#include "base/error.h"
#include "base/time.h"
#include "credit/records.h"
#include "credit/repairs.h"

namespace zhifa::demo {
namespace {

std::string code_of(db::Connection& c, const std::string& name) {
  auto q = c.prepare("SELECT credit_code FROM survey_objects WHERE name = ?");
  q->bind(name);
  if (!q->step()) throw Error::internal("demo object missing: " + name);
  return q->row().text(0);
}

}  // namespace

void load_credit_demo(db::Connection& c, const org::Principal& unit_head, const org::Principal& head,
                      const org::Principal& publicity_officer) {
  const time::Date today = time::today_shanghai();
  auto day = [&](int back) { return today.plus_days(-back).str(); };
  const int year = today.year;
  auto propose = [&](const std::string& name, const std::string& level, const std::string& no, int determined_back,
                     const std::string& basis) {
    nlohmann::json in = {{"credit_code", code_of(c, name)},
                         {"level", level},
                         {"decision_no", no},
                         {"basis", basis + "（演示数据：处罚决定在系统外作出，未关联案件）"},
                         {"legal_representative", "（演示）"},
                         {"determination_date", day(determined_back)}};
    return credit::propose(c, unit_head, in, /*without_case=*/true)["id"].get<int64_t>();
  };
  // In publication now.
  int64_t a = propose("杭州萧山汽车零部件有限公司", "serious", "杭统罚决〔" + std::to_string(year) + "〕7号", 70,
                      "虚报统计资料，情节严重");
  credit::decide(c, head, a, {{"approved", true}, {"opinion", "同意认定为统计严重失信企业"}});
  credit::publish(c, publicity_officer, a, {{"published_on", day(60)}});
  // Published eight months ago, repaired after six: removed early.
  int64_t b = propose("杭州余杭纺织印染有限公司", "serious", "杭统罚决〔" + std::to_string(year - 1) + "〕21号", 250,
                      "拒绝提供统计资料");
  credit::decide(c, head, b, {{"approved", true}, {"opinion", "同意"}});
  credit::publish(c, publicity_officer, b, {{"published_on", day(240)}});
  auto r = credit::apply_repair(c, unit_head, b,
                                {{"applicant", "杭州余杭纺织印染有限公司（委托代理人）"},
                                 {"applied_on", day(30)},
                                 {"rectification", "已按要求补报全部统计资料，建立统计台账，负责人参加统计法律培训"},
                                 {"document_no", "余纺〔" + std::to_string(year) + "〕整改报告1号"}});
  credit::decide_repair(c, head, r["repair_id"].get<int64_t>(),
                        {{"approved", true}, {"reason", "整改到位，公示已满六个月，同意提前移出"}, {"decided_on", day(20)}});
  // Awaiting the head's approval.
  propose("杭州网澜信息技术有限公司", "serious", "杭统罚决〔" + std::to_string(year) + "〕15号", 3, "提供不真实统计资料");
}

}  // namespace zhifa::demo
