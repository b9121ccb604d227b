#include "demo/review_demo.h"

#include "review/catalogue.h"

namespace zhifa::demo {

void load_review_demo(db::Connection& c, const org::Principal& province_reviewer) {
  // Administrative Penalty Law Art 58 and Art 57 (collective discussion) with the fine thresholds
  // many statistics bureaus' lists use; every city and county inherits it until it publishes its own.
  nlohmann::json criteria = nlohmann::json::array({
      {{"label", "涉及重大公共利益"}, {"kind", "public_interest"}, {"collective", true}},
      {{"label", "直接关系当事人或者第三人重大权益，经过听证程序"}, {"kind", "hearing"}},
      {{"label", "案件情况疑难复杂、涉及多个法律关系"}, {"kind", "complex"}, {"collective", true}},
      {{"label", "对法人或者其他组织处五万元以上罚款"}, {"kind", "fine_org"}, {"threshold_fen", 5000000}},
      {{"label", "对法人或者其他组织处十万元以上罚款（集体讨论）"}, {"kind", "fine_org"}, {"threshold_fen", 10000000}, {"collective", true}},
      {{"label", "对个体工商户或者个人处一万元以上罚款"}, {"kind", "fine_person"}, {"threshold_fen", 1000000}},
      {{"label", "涉嫌犯罪拟移送司法机关"}, {"kind", "referral"}},
  });
  nlohmann::json materials = nlohmann::json::array({
      {{"code", "investigation_report"}, {"label", "调查终结报告"}, {"required", true}, {"source", "upload"}},
      {{"code", "draft_decision"}, {"label", "拟作出的处理决定书（代拟稿）"}, {"required", true}, {"source", "upload"}},
      {{"code", "rights_notice"}, {"label", "行政处罚事先告知书"}, {"required", true}, {"source", "step:rights_notice"}},
      {{"code", "statement_review"}, {"label", "陈述申辩复核意见"}, {"required", true}, {"source", "step:statement_review"}, {"when", "statement"}},
      {{"code", "hearing_record"}, {"label", "听证笔录"}, {"required", true}, {"source", "step:hearing_record"}, {"when", "hearing_notice"}},
      {{"code", "evidence"}, {"label", "证据材料"}, {"required", true}, {"source", "upload"}},
      {{"code", "discretion_note"}, {"label", "裁量说明"}, {"required", false}, {"source", "upload"}},
  });
  review::publish_catalogue(c, province_reviewer,
                            {{"review_all_general", false},
                             {"review_days", 5},
                             {"criteria", criteria},
                             {"materials", materials},
                             {"note", "浙江省统计局重大执法决定法制审核事项清单（演示）"}});
}

}  // namespace zhifa::demo
