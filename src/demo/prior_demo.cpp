#include "demo/prior_demo.h"

#include <string>
#include <vector>

#include "base/error.h"
#include "org/bureaus.h"
#include "publicity/prior_bodies.h"
#include "publicity/prior_items.h"

namespace zhifa::demo {
namespace {

using nlohmann::json;

struct PenaltyItem {
  const char* code;
  const char* name;
  const char* violation;
};
const PenaltyItem kPenalties[] = {
    {"330000-XZCF-001", "对统计调查对象拒绝提供统计资料或者经催报后仍未按时提供统计资料的行政处罚", "refuse_provide"},
    {"330000-XZCF-002", "对统计调查对象提供不真实或者不完整的统计资料的行政处罚", "false_data"},
    {"330000-XZCF-003", "对统计调查对象拒绝答复或者不如实答复统计检查查询书的行政处罚", "refuse_answer"},
    {"330000-XZCF-004", "对统计调查对象拒绝、阻碍统计调查、统计检查的行政处罚", "obstruct"},
    {"330000-XZCF-005", "对统计调查对象转移、隐匿、篡改、毁弃或者拒绝提供原始记录和凭证、统计台账、统计调查表及其他相关资料的行政处罚",
     "conceal_records"},
    {"330000-XZCF-006", "对统计调查对象迟报统计资料的行政处罚", "late_report"},
    {"330000-XZCF-007", "对统计调查对象未按照国家有关规定设置原始记录、统计台账的行政处罚", "no_records"},
};

// The article and text of the organisation's fine for a violation under a law version, from the
// discretion table's reference data: the basis is quoted from the same rows the review applies.
json basis_of(db::Connection& c, const std::string& violation, const std::string& law_version) {
  auto q = c.prepare("SELECT article, text FROM fine_rules WHERE violation = ? AND law_version = ? AND party_class = 'org'");
  q->bind(violation).bind(law_version);
  if (!q->step()) throw Error::internal("demo: no fine rule for " + violation);
  const std::string law = law_version == "2009" ? "《中华人民共和国统计法》（2009年修订）" : "《中华人民共和国统计法》（2024年修正）";
  return json::array({{{"law", law}, {"article", q->row().text(0)}, {"text", q->row().text(1)}}});
}

json items_for(db::Connection& c, const std::string& law_version) {
  json items = json::array();
  for (const auto& p : kPenalties) {
    items.push_back({{"code", p.code},
                     {"name", p.name},
                     {"category", "penalty"},
                     {"basis", basis_of(c, p.violation, law_version)},
                     {"levels", {"province", "city", "county"}},
                     {"fine_rules", {p.violation}},
                     {"guide",
                      {{"conditions", "统计调查对象有《统计法》所列违法行为，经统计执法检查或者举报核查查证属实。"},
                       {"procedure", "立案—调查取证—告知拟作出的处罚及陈述、申辩、听证权利—陈述申辩或者听证—重大执法决定法制审核—作出处罚决定—送达—执行—结案归档。"},
                       {"time_limit", "自立案之日起九十日内作出行政处罚决定（《行政处罚法》第六十条）；罚款自收到处罚决定书之日起十五日内缴纳。"},
                       {"contact", ""}}}});
  }
  // The random spot-check items as the province's item list sets them (DR-1).
  auto q = c.prepare(
      "SELECT v.name, v.basis FROM spotcheck_item_versions v JOIN spotcheck_items i ON i.id = v.item_id "
      "WHERE v.version = (SELECT MAX(x.version) FROM spotcheck_item_versions x WHERE x.item_id = v.item_id) ORDER BY i.seq_no");
  std::vector<std::pair<std::string, std::string>> checks;
  while (q->step()) checks.emplace_back(q->row().text(0), q->row().text(1));
  q.reset();
  int n = 0;
  for (const auto& [name, basis] : checks) {
    char code[32];
    std::snprintf(code, sizeof code, "330000-XZJC-%03d", ++n);
    items.push_back({{"code", code},
                     {"name", name},
                     {"category", "inspection"},
                     {"basis", json::array({{{"law", basis}, {"article", ""}, {"text", "随机抽查事项清单所列检查事项：" + name}}})},
                     {"levels", {"province", "city", "county"}},
                     {"guide",
                      {{"conditions", "列入年度随机抽查计划，检查对象和执法检查人员均经随机抽取。"},
                       {"procedure", "随机抽取检查对象—随机选派执法检查人员—出示执法证件—告知检查事项—现场检查、制作检查记录—告知检查结果—结果公示。"},
                       {"time_limit", "抽查检查结果自检查结束之日起二十个工作日内公示。"},
                       {"contact", ""}}}});
  }
  return items;
}

}  // namespace

void load_prior_demo(db::Connection& c, const org::Principal& zj_pub, const org::Principal& hz_pub) {
  publicity::publish_prior_items(c, zj_pub, {{"items", items_for(c, "2009")}});
  publicity::publish_prior_items(
      c, zj_pub, {{"items", items_for(c, "2024")}, {"reason", "《中华人民共和国统计法》2024年修正，自2024年9月13日起施行，罚则条款序号和罚款数额调整"}});
  publicity::publish_prior_body(
      c, zj_pub,
      {{"legal_name", "浙江省统计局"},
       {"duties", "依法组织实施全省统计调查；对全省统计法律法规的执行情况进行监督检查，依法查处统计违法行为；组织实施统计执法随机抽查；"
                  "受理统计违法举报。"},
       {"address", org::find_bureau(c, zj_pub.bureau_id)->address},
       {"complaint_phone", org::find_bureau(c, zj_pub.bureau_id)->phone},
       {"staffing", "行政编制（演示数据）：执法监督局 12 名"}});
  publicity::publish_prior_body(
      c, hz_pub,
      {{"legal_name", "杭州市统计局"},
       {"duties", "依法组织实施本市统计调查；监督检查本市统计法律法规的执行情况，依法查处本市统计违法行为；组织实施本市统计执法随机抽查。"},
       {"address", "浙江省杭州市（演示数据）"},
       {"complaint_phone", "12345"},
       {"staffing", "行政编制（演示数据）：执法监督处 8 名"}});
}

}  // namespace zhifa::demo
