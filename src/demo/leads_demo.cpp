#include "demo/leads_demo.h"

#include "base/time.h"
#include "cases/access.h"
#include "cases/cases.h"
#include "cases/steps.h"
#include "cases/leads.h"
#include "demo/registry_demo.h"

namespace zhifa::demo {

namespace {

std::string days_ago(int days, int hour) {
  return time::to_iso(time::now() - std::chrono::hours(24 * days) + std::chrono::hours(hour - 12));
}

}  // namespace

void load_leads_demo(db::Connection& c, const org::Principal& manager, const org::Principal& head, const org::Principal& registrar,
                     int64_t handler_id, int64_t handler2_id) {
  namespace leads = cases::leads;
  leads::register_lead_kinds();  // the demo loader runs without the HTTP routes that register it
  auto id_of = [](const nlohmann::json& j) { return j.at("id").get<int64_t>(); };
  const std::string reported_code = demo_credit_code("330106", 66001);
  struct Demo {
    const char* source;
    const char* summary;
    const char* object;
    int days;
  };
  const Demo kLeads[] = {
      {"assigned", "省统计局交办：核查西湖区某企业2025年主营业务收入数据异常", "杭州西湖某科技有限公司", 20},
      {"referred", "市市场监督管理局移送：某公司年报与统计报表数据明显不一致", "杭州余杭某制造有限公司", 15},
      {"media", "媒体报道某开发区统计数据“注水”", "", 10},
      {"inspection", "“双随机”检查中发现某单位原始记录和统计台账缺失", "杭州滨江某商贸有限公司", 6},
      {"other", "统计局内部数据质量核查发现异常波动", "", 3},
  };
  for (const auto& d : kLeads) {
    nlohmann::json in = {{"received_at", days_ago(d.days, 9)}, {"source", d.source}, {"summary", d.summary}};
    if (*d.object) in["object_name"] = d.object;
    leads::create_lead(c, manager, in);
  }
  // The first is instructed and assigned; the second transferred back where it belongs.
  leads::LeadFilter first;
  first.source = "assigned";
  first.page_size = 1;
  auto list = leads::list_leads(c, manager, first);
  int64_t assigned = id_of(list["items"][0]);
  leads::instruct_lead(c, head, assigned, {{"instruction", "请法规执法科五个工作日内核实并提出处理意见"}});
  leads::assign_lead(c, manager, assigned, {{"handler_id", handler_id}});

  // A named complaint found groundless: decided "no case", the complainant told, closed (002 Art 7).
  auto complaint = leads::create_lead(c, manager, {{"received_at", days_ago(12, 10)},
                                                   {"source", "complaint"},
                                                   {"summary", "来电投诉某公司要求员工填报虚假从业人员数"},
                                                   {"object_name", "杭州拱墅某服务有限公司"},
                                                   {"complainant_kind", "named"},
                                                   {"complainant_name", "赵先生"},
                                                   {"complainant_contact", "138****6621"}});
  int64_t cid = id_of(complaint);
  leads::assign_lead(c, manager, cid, {{"handler_id", handler_id}});
  leads::decide_lead(c, manager, cid, {{"decision", "no_case"}, {"reason", "经调取原始记录核实，从业人员数据与社保缴纳记录一致，未发现统计违法行为"}});
  leads::reply_lead(c, manager, cid, {{"reply_on", time::shanghai_date(time::now() - std::chrono::hours(24 * 5)).str()},
                                      {"reply_manner", "电话"},
                                      {"reply_content", "经核实未发现统计违法行为，不予立案。如有新的线索可再次反映。"}});
  leads::close_lead(c, manager, cid);
  // Another named complaint decided "no case" and not yet answered: the list flags it.
  auto open_complaint = leads::create_lead(c, manager, {{"received_at", days_ago(4, 15)},
                                                        {"source", "complaint"},
                                                        {"summary", "投诉某单位拒绝配合经济普查登记"},
                                                        {"complainant_kind", "named"},
                                                        {"complainant_name", "钱女士"},
                                                        {"complainant_contact", "0571-8xxxx210"}});
  leads::decide_lead(c, manager, id_of(open_complaint), {{"decision", "no_case"}, {"reason", "该单位已于次日完成登记，不构成拒绝提供统计资料"}});

  // An anonymous report that opened a case.
  auto report = leads::create_lead(c, manager, {{"received_at", days_ago(8, 11)},
                                                {"source", "report"},
                                                {"summary", "匿名举报某公司虚报2025年工业总产值"},
                                                {"object_name", "杭州某数据虚报有限公司"},
                                                {"object_credit_code", reported_code},
                                                {"complainant_kind", "anonymous"}});
  int64_t rid = id_of(report);
  leads::instruct_lead(c, head, rid, {{"instruction", "同意立案查处"}});
  leads::assign_lead(c, manager, rid, {{"handler_id", handler_id}});
  leads::decide_lead(c, manager, rid, {{"decision", "case"}, {"reason", "有初步证据表明存在虚报统计数据行为"}});
  auto kase = cases::create_case(c, manager, {{"procedure", "general"},
                                              {"party_kind", "org"},
                                              {"party_name", "杭州某数据虚报有限公司"},
                                              {"party_code", reported_code},
                                              {"source_kind", "lead"},
                                              {"source_id", std::to_string(rid)},
                                              {"summary", "涉嫌虚报2025年工业总产值"},
                                              {"unit_name", "法规执法科"},
                                              {"handlers", {handler_id, handler2_id}}});
  // Opened with its plan and the head's approval: the file the party asks to read below.
  cases::record_step(c, manager, id_of(kase),
                     {{"kind", "plan_approval"},
                      {"content", {{"basis", "《统计法》第三十三条"}, {"period", "2026年11月至12月"}, {"scope", "2025年工业总产值"},
                                   {"content", "核查工业总产值与原始记录"}, {"organisation", "法规执法科两人"}, {"opinion", "同意"}}}});
  cases::record_step(c, head, id_of(kase), {{"kind", "opening_approval"}, {"content", {{"reason", "举报线索经初步核实"}, {"opinion", "同意立案"}}}});
  leads::close_lead(c, manager, rid);

  // The party asks to copy the opening approval and the enforcement plan (REC-20).
  cases::access::create_request(c, registrar, {{"case_id", id_of(kase)},
                                               {"requester_name", "孙经理"},
                                               {"requester_id_type", "business_license"},
                                               {"requester_id_number", reported_code},
                                               {"relation", "party"},
                                               {"access_mode", "copy"},
                                               {"requested_on", time::today_shanghai().str()},
                                               {"items", {{{"kind", "document"}, {"ref", "case_opening_approval"}, {"title", "立案审批表"}},
                                                          {{"kind", "document"}, {"ref", "case_plan_approval"}, {"title", "执法方案审批表"}}}}});
}

}  // namespace zhifa::demo
