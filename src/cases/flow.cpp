#include "cases/flow.h"

namespace zhifa::cases {
namespace {

using FT = FieldType;

FieldSpec T(std::string key, std::string label, bool required = true) { return {std::move(key), std::move(label), FT::text, required, {}, {}, {}}; }
FieldSpec D(std::string key, std::string label, bool required = true) { return {std::move(key), std::move(label), FT::date, required, {}, {}, {}}; }
FieldSpec B(std::string key, std::string label, bool required = false) { return {std::move(key), std::move(label), FT::boolean, required, {}, {}, {}}; }

const std::vector<std::string> kAV = {"audio", "video"};
const std::vector<std::string> kPaper = {"document", "photo"};
const std::vector<std::string> kInvestigating = {"investigating", "notified"};
const std::vector<std::string> kService = {"approved", "executing"};
const MediaRequirement kRecording{kAV, "现场录音录像", "no_recording_reason", ""};

std::vector<StepRule> build() {
  std::vector<StepRule> r;
  // ---- general procedure: before the investigation (REC-3, 002 Art 7-8) ----
  r.push_back({"plan_approval", "执法方案审批", "执法方案审批表", "general", {"draft", "investigating"}, "", "case.approve_plan",
               {T("basis", "执法依据"), T("period", "执法时间"), T("scope", "执法范围"), T("content", "执法内容"),
                T("organisation", "组织方式"), T("opinion", "审批意见")},
               {}, {}, false, false, true, false, "REC-3：执法方案经机关负责人批准后实施"});
  r.push_back({"opening_approval", "立案审批", "立案审批表", "general", {"draft", "investigating"}, "investigating", "case.approve",
               {T("reason", "立案理由"), T("opinion", "负责人意见")},
               {{{"plan_approval"}, "执法方案审批表", ""}}, {}, false, false, true, true,
               "紧急情况先行调查的，应在 24 小时内补办立案审批，逾期标记为迟延"});
  r.push_back({"emergency_start", "紧急先行调查", "", "general", {"draft"}, "investigating", "case.handle",
               {T("reason", "紧急情况说明"), {"started_at", "开始调查时间", FT::instant, true, {}, {}, {}}},
               {}, {}, false, false, true, true, "开始后 24 小时内须补办立案审批"});
  // ---- investigation (REC-9, REC-10, REC-11) ----
  r.push_back({"inquiry", "询问", "询问笔录", "general", kInvestigating, "", "case.handle",
               {T("interviewee", "被询问人"), T("place", "询问地点"), T("content", "询问内容")},
               {}, {kRecording}, true, true, false, true, ""});
  r.push_back({"evidence_request", "调取证据", "调取证据通知书", "general", kInvestigating, "", "case.handle",
               {T("items", "证据清单"), T("content", "调取要求")}, {}, {kRecording}, true, true, false, true, ""});
  r.push_back({"onsite_inspection", "现场检查", "现场检查笔录", "general", kInvestigating, "", "case.handle",
               {T("place", "检查地点"), T("findings", "检查情况")}, {}, {kRecording}, true, true, false, true,
               "REC-10：现场检查同步录音录像，不适宜的应说明理由"});
  r.push_back({"sampling", "抽样取证", "抽样取证清单", "general", kInvestigating, "", "case.handle",
               {T("items", "抽样物品清单"), T("place", "抽样地点")}, {}, {kRecording}, true, true, false, true, ""});
  r.push_back({"expert_opinion", "鉴定", "鉴定意见", "general", kInvestigating, "", "case.handle",
               {T("expert", "鉴定机构或人员"), T("opinion", "鉴定意见")}, {}, {kRecording}, true, false, false, true, ""});
  r.push_back({"evidence_preservation", "证据登记保存", "证据登记保存清单", "general", kInvestigating, "", "case.handle",
               {T("reason", "保存理由"), T("items", "保存物品"), T("place", "保存地点"), T("custodian", "保管人")},
               {}, {kRecording}, true, true, false, true, "REC-11"});
  // ---- rights, statement and defence, hearing (REC-8, REC-16) ----
  r.push_back({"rights_notice", "权利告知", "行政处罚事先告知书", "general", {"investigating"}, "notified", "case.handle",
               {T("proposed", "拟作出的处理及事实、理由、依据"), T("rights", "告知的权利（陈述、申辩、申请回避、听证、复议、诉讼）"),
                T("manner", "告知方式")},
               {{{"opening_approval"}, "立案审批表", ""}}, {}, true, false, true, false, "REC-8"});
  r.push_back({"statement", "陈述申辩", "陈述申辩笔录", "general", {"notified"}, "", "case.handle",
               {T("content", "陈述申辩内容"), B("hearing_requested", "申请听证")}, {{{"rights_notice"}, "行政处罚事先告知书", ""}}, {},
               true, false, false, false, ""});
  r.push_back({"statement_review", "陈述申辩复核", "陈述申辩复核意见", "general", {"notified"}, "", "case.handle",
               {T("reviewer", "复核人"), {"adopted", "是否采纳", FT::boolean, true, {}, {}, {}}, T("reason", "采纳或不采纳的理由")},
               {{{"statement"}, "陈述申辩笔录", ""}}, {}, false, false, false, false, "REC-16"});
  r.push_back({"hearing_notice", "听证通知", "听证通知书", "general", {"notified"}, "", "case.handle",
               {D("served_on", "通知送达日期"), D("hearing_on", "听证日期"), T("place", "听证地点")},
               {{{"statement"}, "陈述申辩笔录（申请听证）", ""}}, {}, false, false, true, false,
               "听证通知应在听证 7 个工作日前送达（工作日历）"});
  r.push_back({"hearing_record", "听证", "听证笔录", "general", {"notified"}, "", "case.handle",
               {T("host", "听证主持人"), T("content", "听证内容")}, {{{"hearing_notice"}, "听证通知书", ""}},
               {{kAV, "听证录音录像", "no_recording_reason", ""}}, true, false, true, false, "REC-10"});
  // ---- legal review, expert argumentation, collective discussion (REV-1..REV-5, REC-12) ----
  // The review's three acts are recorded by src/review/ (internal): submission, opinion and
  // the head's coordination. They keep the state: the gate reads them before decide().
  StepRule submission{"review_submission", "法制审核送审", "重大执法决定法制审核送审表", "general", {"notified"}, "", "case.handle",
                      {T("proposal", "拟处理意见"), T("materials", "送审材料"), T("reasons", "属于重大执法决定的情形", false)},
                      {{{"rights_notice"}, "行政处罚事先告知书", ""}}, {}, false, false, false, false, "REV-5：送审人、送审材料"};
  submission.internal = true;
  r.push_back(submission);
  StepRule opinion{"legal_review", "法制审核", "法制审核意见书", "general", {"notified"}, "", "review.conduct",
                   {{"outcome", "审核结论", FT::choice, true, {"agree", "disagree", "return", "refer"}, {}, {},
                     {"同意", "不同意", "退回补充材料", "建议移送司法机关"}},
                    T("findings", "审核要点"), T("opinion", "审核意见"), T("reviewer", "审核人员")},
                   {{{"review_submission"}, "法制审核送审表", ""}}, {}, false, false, false, false, "REV-3：十项审核要点"};
  opinion.internal = true;
  r.push_back(opinion);
  StepRule coordination{"review_coordination", "审核意见协调", "法制审核协调意见", "general", {"notified"}, "", "case.approve",
                        {{"result", "协调结果", FT::choice, true, {"adopt_proposal", "adopt_review"}, {}, {}, {"采纳承办机构意见", "采纳法制审核意见"}},
                         T("opinion", "机关负责人意见")},
                        {{{"legal_review"}, "法制审核意见书", ""}}, {}, false, false, false, false, "REV-4：意见不一致时的协调"};
  coordination.internal = true;
  r.push_back(coordination);
  r.push_back({"expert_argumentation", "专家论证", "专家论证意见", "general", {"notified"}, "", "case.handle",
               {T("experts", "论证专家"), T("opinion", "论证意见")}, {}, {{kAV, "专家论证录音录像", "", ""}}, false, false, false, false,
               "REC-12：专家论证有记录和录音录像"});
  r.push_back({"collective_discussion", "集体讨论", "集体讨论记录", "general", {"notified"}, "", "case.approve",
               {T("host", "主持人"), T("participants", "参加人员"), T("minutes", "讨论记录"), T("conclusion", "讨论决定")}, {},
               {{kAV, "集体讨论录音录像", "", ""}}, false, false, false, false,
               "REC-12：集体讨论有会议纪要和录音录像；行政处罚法第五十七条"});
  // ---- decision (issue 7's legal review gate guards decide(), steps.h) ----
  r.push_back({"decide", "作出处理决定", "行政处罚决定书", "general", {"notified"}, "decided", "case.handle",
               {{"decision_kind", "决定类型", FT::choice, true, {"penalty", "no_penalty", "other"}, {}, {}, {"行政处罚", "不予行政处罚", "其他处理"}},
                {"amount_fen", "罚款金额（分）", FT::fen, false, {}, "decision_kind", "penalty"},
                T("facts", "违法事实"), T("basis", "处理依据")},
               {{{"rights_notice"}, "行政处罚事先告知书", ""},
                {{"statement_review"}, "陈述申辩复核意见", "statement"},
                {{"hearing_record"}, "听证笔录", "hearing_notice"}},
               {}, false, false, false, false, "REV-1：重大执法决定须经法制审核通过（src/review/gate.cpp）"});
  r.push_back({"decision_approval", "决定审批", "处理决定审批表", "general", {"decided"}, "approved", "case.approve",
               {{"approved", "是否批准", FT::boolean, true, {}, {}, {}}, T("opinion", "负责人意见")},
               {{{"decide"}, "行政处罚决定书", ""}}, {}, false, false, false, false, "不批准的退回告知阶段"});
  // ---- service (REC-14) ----
  r.push_back({"service_direct", "直接送达", "送达回证", "general", kService, "executing", "case.handle",
               {T("receiver", "受送达人")}, {}, {{kPaper, "签收的送达回证", "", ""}}, false, false, false, false, ""});
  r.push_back({"service_mail", "邮寄送达", "送达回证", "general", kService, "executing", "case.handle",
               {T("tracking_no", "挂号信或 EMS 单号")}, {}, {{kPaper, "邮寄凭单及回执", "", ""}}, false, false, false, false, ""});
  r.push_back({"service_residence", "留置送达", "送达回证", "general", kService, "executing", "case.handle",
               {T("refusal_reason", "拒收事由"), T("witnesses", "见证人姓名")}, {}, {{kAV, "留置送达录音录像", "", ""}},
               false, false, false, false, "送达日期即 done_on"});
  r.push_back({"service_entrusted", "委托或转交送达", "送达回证", "general", kService, "executing", "case.handle",
               {T("reason", "委托或转交理由"), T("via", "受托或转交机关")}, {}, {{kPaper, "送达回证", "", ""}}, false, false, false, false, ""});
  r.push_back({"service_announcement", "公告送达", "公告", "general", kService, "executing", "case.handle",
               {T("why_failed", "其他方式无法送达的原因"), T("medium", "公告媒介")}, {}, {{kPaper, "公告截图", "", ""}},
               false, false, false, false, ""});
  // ---- execution (REC-15) ----
  r.push_back({"performance", "履行情况", "履行情况记录", "any", {"executing"}, "", "case.handle",
               {T("content", "履行情况"), {"paid_fen", "已缴罚款（分）", FT::fen, false, {}, {}, {}}}, {}, {}, false, false, false, false, ""});
  r.push_back({"rectification_check", "整改复查", "整改复查意见书", "any", {"executing"}, "", "case.handle",
               {T("content", "复查情况"), T("result", "复查结论")}, {}, {}, false, false, false, false, ""});
  r.push_back({"interview", "约谈", "约谈记录", "any", {"executing"}, "", "case.handle",
               {T("interviewee", "约谈对象"), T("content", "约谈内容")}, {}, {{kAV, "约谈录音录像", "", ""}}, false, false, false, false, ""});
  r.push_back({"demand_notice", "催告", "催告书", "general", {"executing"}, "", "case.handle",
               {T("content", "催告事项"), D("served_on", "送达日期")}, {}, {}, false, false, false, false, "申请法院强制执行前须送达催告书"});
  r.push_back({"court_enforcement", "申请法院强制执行", "强制执行申请书", "general", {"executing"}, "", "case.handle",
               {T("court", "人民法院"), T("result", "执行结果")}, {{{"demand_notice"}, "催告书", ""}}, {}, false, false, false, false, ""});
  // ---- simple procedure (REC-13, 002 Art 16) ----
  r.push_back({"simple_record", "简易程序记录", "当场行政处罚决定书", "simple", {"draft"}, "executing", "case.handle",
               {T("facts_basis", "适用简易程序的事实依据和法律依据"), T("steps_documents", "实施的程序步骤及法定文书"),
                T("statements", "当事人陈述、申辩记录"), T("statement_review", "陈述申辩的复核及处理、是否采纳的理由"),
                T("filing", "向所属行政机关备案的内容"), T("fine_collection", "当场收缴罚款的实施过程", false),
                T("other", "其他依法记录的内容", false), {"amount_fen", "罚款金额（分）", FT::fen, false, {}, {}, {}},
                B("dispute_likely", "容易引起行政争议")},
               {}, {{kAV, "简易程序录音录像", "", "dispute_likely"}}, true, true, true, false,
               "REC-13：容易引起争议的应录音录像"});
  // ---- closing and archive (REC-17) ----
  r.push_back({"closing_approval", "结案审批", "结案审批表", "any", {"executing"}, "closed", "case.approve",
               {T("summary", "结案理由及执行情况"), T("opinion", "负责人意见")}, {}, {}, false, false, true, false, ""});
  r.push_back({"archive", "归档", "卷内目录", "any", {"closed"}, "archived", "case.archive",
               {T("volume", "案卷号"), T("retention", "保管期限")}, {}, {}, false, false, true, false,
               "结案后 30 日内归档；归档前检查案卷完整，归档后只读"});
  return r;
}

}  // namespace

const std::vector<StateInfo>& states() {
  static const std::vector<StateInfo> s = {
      {"draft", "待立案"},       {"investigating", "调查取证"}, {"notified", "告知与陈述申辩"}, {"decided", "决定待审批"},
      {"approved", "决定待送达"}, {"executing", "执行"},        {"closed", "已结案"},           {"archived", "已归档"}};
  return s;
}

const std::string& state_label(const std::string& code) {
  static const std::string empty;
  for (const auto& s : states())
    if (s.code == code) return s.label;
  return empty;
}

const std::vector<StepRule>& step_rules() {
  static const std::vector<StepRule> rules = build();
  return rules;
}

const StepRule* find_rule(const std::string& kind) {
  for (const auto& r : step_rules())
    if (r.kind == kind) return &r;
  return nullptr;
}

const std::string& step_label(const std::string& kind) {
  static const std::string empty;
  auto r = find_rule(kind);
  return r ? r->label : empty;
}

namespace {
const char* type_name(FieldType t) {
  switch (t) {
    case FieldType::text: return "text";
    case FieldType::date: return "date";
    case FieldType::instant: return "instant";
    case FieldType::fen: return "fen";
    case FieldType::boolean: return "boolean";
    case FieldType::choice: return "choice";
  }
  return "text";
}
}  // namespace

nlohmann::json rule_json(const StepRule& r) {
  nlohmann::json fields = nlohmann::json::array();
  for (const auto& f : r.fields) {
    nlohmann::json j = {{"key", f.key}, {"label", f.label}, {"type", type_name(f.type)}, {"required", f.required}};
    if (!f.choices.empty()) j["choices"] = f.choices;
    if (!f.choice_labels.empty()) j["choice_labels"] = f.choice_labels;
    if (!f.required_if.empty()) j["required_if"] = {{"field", f.required_if}, {"value", f.required_if_value}};
    fields.push_back(j);
  }
  nlohmann::json docs = nlohmann::json::array();
  for (const auto& d : r.documents) docs.push_back({{"kinds", d.kinds}, {"label", d.label}, {"if_present", d.if_present}});
  nlohmann::json media = nlohmann::json::array();
  for (const auto& m : r.media)
    media.push_back({{"kinds", m.kinds}, {"label", m.label}, {"unless_field", m.unless_field}, {"only_if", m.only_if}});
  return {{"kind", r.kind},         {"label", r.label},   {"document_title", r.document_title}, {"procedure", r.procedure},
          {"from", r.from},         {"to", r.to},         {"permission", r.permission},         {"fields", fields},
          {"documents", docs},      {"media", media},     {"party_signature", r.party_signature},
          {"certificates", r.certificates}, {"once", r.once}, {"investigation", r.investigation}, {"notes", r.notes},
          {"internal", r.internal}};
}

nlohmann::json flow_json() {
  nlohmann::json st = nlohmann::json::array();
  for (const auto& s : states()) st.push_back({{"code", s.code}, {"label", s.label}});
  nlohmann::json steps = nlohmann::json::array();
  for (const auto& r : step_rules()) steps.push_back(rule_json(r));
  return {{"states", st}, {"steps", steps}};
}

}  // namespace zhifa::cases
