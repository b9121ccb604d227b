#include "demo/cases_demo.h"

#include "cases/cases.h"
#include "cases/steps.h"
#include "demo/registry_demo.h"

namespace zhifa::demo {

namespace {

int64_t step(db::Connection& c, const org::Principal& p, int64_t id, const std::string& kind, nlohmann::json content) {
  cases::record_step(c, p, id, {{"kind", kind}, {"content", std::move(content)}});
  return id;
}

int64_t open(db::Connection& c, const org::Principal& p, const std::string& procedure, const std::string& party,
             const std::string& code, const std::string& summary, int64_t a, int64_t b) {
  auto k = cases::create_case(c, p, {{"procedure", procedure}, {"party_kind", "org"}, {"party_name", party}, {"party_code", code},
                                     {"source_kind", "ex_officio"}, {"summary", summary}, {"unit_name", "法规执法科"},
                                     {"handlers", {a, b}}});
  return k["id"].get<int64_t>();
}

nlohmann::json simple_items(const std::string& fine) {
  return {{"facts_basis", "当事人逾期报送统计资料，事实清楚、证据确凿，依《统计法》第四十一条可当场处罚"},
          {"steps_documents", "出示执法证件，告知违法事实、处罚理由和依据及陈述申辩权利，当场填写行政处罚决定书并交付"},
          {"statements", "当事人表示系工作疏忽，无异议"},
          {"statement_review", "当事人未提出新的事实和理由，无需复核"},
          {"filing", "已于当日报法规执法科备案"},
          {"fine_collection", fine},
          {"amount_fen", 5000},
          {"dispute_likely", false},
          {"certificates_shown", true},
          {"party_signed", true}};
}

}  // namespace

void load_cases_demo(db::Connection& c, const org::Principal& unit_head, const org::Principal& head,
                     const org::Principal& inspector, const org::Principal& archivist, int64_t a, int64_t b) {
  // A simple-procedure case carried through to the archive.
  int64_t s1 = open(c, inspector, "simple", "杭州西溪商贸有限公司", "91330106MA27XL0F3B", "逾期报送2025年年报", a, b);
  step(c, inspector, s1, "simple_record", simple_items("当场收缴罚款50元，出具省财政厅统一制发的罚款收据"));
  step(c, head, s1, "closing_approval", {{"summary", "罚款已当场缴纳，年报已补报"}, {"opinion", "同意结案"}});
  step(c, archivist, s1, "archive", {{"volume", "杭统执〔2026〕简1号"}, {"retention", "10年"}});
  // A simple-procedure case awaiting its closing.
  int64_t s2 = open(c, inspector, "simple", "杭州钱塘餐饮管理有限公司", "91330100MA2H3T5K7D", "逾期报送2026年三季度劳动工资统计报表", a, b);
  step(c, inspector, s2, "simple_record", simple_items("当事人表示于15日内到银行缴纳"));
  // A general-procedure case in investigation.
  int64_t g = open(c, unit_head, "general", "杭州临平精密机械有限公司", "91330113MA2GXYQW4P", "涉嫌虚报2025年工业总产值", a, b);
  step(c, unit_head, g, "plan_approval",
       {{"basis", "《统计法》第三十三条、第三十七条"}, {"period", "2026年12月1日至12月31日"}, {"scope", "2025年统计年报工业总产值及相关原始记录"},
        {"content", "核查工业总产值、营业收入与财务账簿、纳税申报的一致性"}, {"organisation", "法规执法科尤振华、何勇两人"}, {"opinion", "同意"}});
  step(c, head, g, "opening_approval", {{"reason", "工业总产值与营业收入差异超过30%，举报线索初步核实"}, {"opinion", "同意立案，由法规执法科承办"}});
  step(c, inspector, g, "inquiry",
       {{"interviewee", "王某（统计负责人）"}, {"place", "企业三楼会议室"}, {"content", "询问2025年工业总产值的计算方法和原始记录来源"},
        {"certificates_shown", true}, {"party_signed", true}, {"no_recording_reason", "当事人书面申请不录音，已记录在案"}});
  // A general-procedure case told of the proposed penalty: next is its legal review (issue 7).
  int64_t n = open(c, unit_head, "general", "杭州余杭新材料科技有限公司", demo_credit_code("330110", 91001), "涉嫌提供不真实统计资料（2025年营业收入）", a, b);
  step(c, unit_head, n, "plan_approval",
       {{"basis", "《统计法》第三十三条、第三十七条"}, {"period", "2026年11月"}, {"scope", "2025年统计年报营业收入"},
        {"content", "核对营业收入与财务账簿、增值税申报表"}, {"organisation", "法规执法科尤振华、何勇两人"}, {"opinion", "同意"}});
  step(c, head, n, "opening_approval", {{"reason", "营业收入虚报约42%，经初步核实"}, {"opinion", "同意立案"}});
  step(c, inspector, n, "inquiry",
       {{"interviewee", "陈某（财务负责人）"}, {"place", "企业财务室"}, {"content", "询问2025年营业收入的填报依据"},
        {"certificates_shown", true}, {"party_signed", true}, {"no_recording_reason", "当事人书面申请不录音，已记录在案"}});
  step(c, inspector, n, "rights_notice",
       {{"proposed", "拟依据《统计法》第四十四条给予警告，并处罚款六万元"}, {"rights", "陈述、申辩、申请回避、听证、复议、诉讼"},
        {"manner", "书面直接送达"}, {"party_signed", true}});
}

}  // namespace zhifa::demo
