#include "review/reviews.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "base/canonical_json.h"
#include "base/error.h"
#include "base/money.h"
#include "base/fields.h"
#include "calendar/calendar_service.h"
#include "cases/flow.h"
#include "cases/steps.h"
#include "evidence/evidence.h"
#include "ledger/ledger.h"
#include "org/bureaus.h"
#include "org/users.h"
#include "review/catalogue.h"
#include "review/discretion.h"
#include "review/roster.h"

namespace zhifa::review {
namespace {

const std::vector<std::string> kColumns = {
    "case_id",        "bureau_id",      "catalogue_id",        "state",                "major",          "reasons",
    "collective_required", "proposal",  "materials",           "assessment",           "note",           "submitted_by",
    "submitted_at",   "submitted_on",   "due_on",              "submission_step_id",   "reviewer_id",    "assigned_by",
    "assigned_at",    "findings",       "outcome",             "opinion",              "concluded_at",   "concluded_on",
    "opinion_step_id", "coordination_result", "coordination_opinion", "coordinated_by", "coordinated_at", "coordination_step_id"};

const std::vector<std::pair<std::string, std::string>> kOutcomes = {
    {"agree", "同意"}, {"disagree", "不同意"}, {"return", "退回补充材料"}, {"refer", "建议移送司法机关"}};
const std::vector<std::pair<std::string, std::string>> kCoordination = {{"adopt_proposal", "采纳承办机构意见"},
                                                                        {"adopt_review", "采纳法制审核意见"}};
constexpr size_t kMaxText = 5000;

std::string label_of(const std::vector<std::pair<std::string, std::string>>& v, const std::string& code) {
  for (const auto& [k, l] : v)
    if (k == code) return l;
  return code;
}

std::string join(const std::vector<std::string>& v, const char* sep = "、") {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

struct ReviewRow {
  int64_t id = 0, case_id = 0, bureau_id = 0, submitted_by = 0, submission_step_id = 0;
  std::optional<int64_t> catalogue_id, reviewer_id, assigned_by, opinion_step_id, coordinated_by, coordination_step_id;
  std::string state, note, submitted_at, submitted_on;
  std::optional<std::string> due_on, assigned_at, outcome, opinion, concluded_at, concluded_on, coordination_result,
      coordination_opinion, coordinated_at;
  bool major = false, collective_required = false;
  nlohmann::json reasons, proposal, materials, assessment, findings;
  int64_t ledger_seq = 0;

  bool passed() const {
    return state == "concluded" && outcome &&
           (*outcome == "agree" || (*outcome == "disagree" && coordination_result && *coordination_result == "adopt_proposal"));
  }
};

const char* kSelect =
    "SELECT id, case_id, bureau_id, catalogue_id, state, major, reasons, collective_required, proposal, materials, assessment, note, "
    "submitted_by, submitted_at, submitted_on, due_on, submission_step_id, reviewer_id, assigned_by, assigned_at, findings, outcome, "
    "opinion, concluded_at, concluded_on, opinion_step_id, coordination_result, coordination_opinion, coordinated_by, coordinated_at, "
    "coordination_step_id, ledger_seq FROM reviews ";

ReviewRow read_row(const db::Row& r) {
  ReviewRow v;
  v.id = r.i64(0);
  v.case_id = r.i64(1);
  v.bureau_id = r.i64(2);
  v.catalogue_id = r.opt_i64(3);
  v.state = r.text(4);
  v.major = r.boolean(5);
  v.reasons = nlohmann::json::parse(r.text(6));
  v.collective_required = r.boolean(7);
  v.proposal = nlohmann::json::parse(r.text(8));
  v.materials = nlohmann::json::parse(r.text(9));
  v.assessment = nlohmann::json::parse(r.text(10));
  v.note = r.text(11);
  v.submitted_by = r.i64(12);
  v.submitted_at = r.text(13);
  v.submitted_on = r.text(14);
  v.due_on = r.opt_text(15);
  v.submission_step_id = r.i64(16);
  v.reviewer_id = r.opt_i64(17);
  v.assigned_by = r.opt_i64(18);
  v.assigned_at = r.opt_text(19);
  if (!r.is_null(20)) v.findings = nlohmann::json::parse(r.text(20));
  v.outcome = r.opt_text(21);
  v.opinion = r.opt_text(22);
  v.concluded_at = r.opt_text(23);
  v.concluded_on = r.opt_text(24);
  v.opinion_step_id = r.opt_i64(25);
  v.coordination_result = r.opt_text(26);
  v.coordination_opinion = r.opt_text(27);
  v.coordinated_by = r.opt_i64(28);
  v.coordinated_at = r.opt_text(29);
  v.coordination_step_id = r.opt_i64(30);
  v.ledger_seq = r.is_null(31) ? 0 : r.i64(31);
  return v;
}

std::optional<ReviewRow> find_review(db::Connection& c, int64_t id) {
  auto q = c.prepare(std::string(kSelect) + "WHERE id = ?");
  q->bind(id);
  if (!q->step()) return std::nullopt;
  return read_row(q->row());
}

std::vector<ReviewRow> reviews_of(db::Connection& c, int64_t case_id) {
  auto q = c.prepare(std::string(kSelect) + "WHERE case_id = ? ORDER BY id");
  q->bind(case_id);
  std::vector<ReviewRow> out;
  while (q->step()) out.push_back(read_row(q->row()));
  return out;
}

std::string deadline_state(const ReviewRow& v, const calendar::WorkCalendar& cal, time::Date today) {
  return review::deadline_state(v.state, v.due_on, v.concluded_on, cal, today);
}

void update_row(db::Connection& c, const org::Principal& p, const std::string& action, const ReviewRow& v, const std::string& sql,
                const std::function<void(db::Statement&)>& bind) {
  auto u = c.prepare(sql);
  bind(*u);
  u->exec();
  u.reset();
  ledger::record_row(c, p.actor(), action, "case", "reviews", "id", std::to_string(v.id), kColumns, {{"review_id", v.id}},
                     std::to_string(v.case_id));
}

nlohmann::json review_json(db::Connection& c, const ReviewRow& v, const cases::CaseRow* k) {
  const auto today = time::today_shanghai();
  auto cal = calendar::load(c);
  nlohmann::json findings = nlohmann::json::array();
  if (v.findings.is_array())
    for (const auto& f : v.findings) {
      auto j = f;
      for (const auto& [code, label] : review_points())
        if (code == f.value("point", "")) j["label"] = label;
      findings.push_back(j);
    }
  nlohmann::json documents = nlohmann::json::array();
  auto doc = [&](std::optional<int64_t> step, const char* kind, const char* title) {
    if (step) documents.push_back({{"owner_kind", "case_step"}, {"owner_id", std::to_string(*step)}, {"code", std::string("case_") + kind}, {"title", title}});
  };
  doc(v.submission_step_id, "review_submission", "重大执法决定法制审核送审表");
  doc(v.opinion_step_id, "legal_review", "法制审核意见书");
  doc(v.coordination_step_id, "review_coordination", "法制审核协调意见");
  nlohmann::json j = {
      {"id", v.id},
      {"case_id", v.case_id},
      {"bureau_id", v.bureau_id},
      {"state", v.state},
      {"major", v.major},
      {"reasons", v.reasons},
      {"collective_required", v.collective_required},
      {"proposal", v.proposal},
      {"materials", v.materials},
      {"assessment", v.assessment},
      {"note", v.note},
      {"submitted_by", org::user_ref(c, v.submitted_by)},
      {"submitted_at", v.submitted_at},
      {"submitted_on", v.submitted_on},
      {"due_on", v.due_on ? nlohmann::json(*v.due_on) : nlohmann::json()},
      {"deadline_state", deadline_state(v, cal, today)},
      {"reviewer", v.reviewer_id ? org::user_ref(c, *v.reviewer_id) : nlohmann::json()},
      {"assigned_by", v.assigned_by ? org::user_ref(c, *v.assigned_by) : nlohmann::json()},
      {"assigned_at", v.assigned_at ? nlohmann::json(*v.assigned_at) : nlohmann::json()},
      {"findings", findings},
      {"outcome", v.outcome ? nlohmann::json(*v.outcome) : nlohmann::json()},
      {"outcome_label", v.outcome ? nlohmann::json(label_of(kOutcomes, *v.outcome)) : nlohmann::json()},
      {"opinion", v.opinion ? nlohmann::json(*v.opinion) : nlohmann::json()},
      {"concluded_at", v.concluded_at ? nlohmann::json(*v.concluded_at) : nlohmann::json()},
      {"coordination", v.coordination_result
                           ? nlohmann::json{{"result", *v.coordination_result},
                                            {"result_label", label_of(kCoordination, *v.coordination_result)},
                                            {"opinion", v.coordination_opinion.value_or("")},
                                            {"by", org::user_ref(c, v.coordinated_by.value_or(0))},
                                            {"at", v.coordinated_at.value_or("")}}
                           : nlohmann::json()},
      {"passed", v.passed()},
      {"documents", documents},
      {"ledger_seq", v.ledger_seq}};
  if (k) j["case"] = {{"id", k->id}, {"number", k->number}, {"party_name", k->party_name}, {"state", k->state}, {"bureau_name", k->bureau_name}};
  return j;
}

bool has_step(const std::vector<cases::StepRow>& steps, const std::string& kind) {
  return std::any_of(steps.begin(), steps.end(), [&](const cases::StepRow& s) { return s.kind == kind; });
}

std::string party_class_of(const cases::CaseRow& k, const nlohmann::json& proposal) {
  if (proposal.is_object() && proposal.contains("party_class") && proposal["party_class"].is_string())
    return proposal["party_class"].get<std::string>();
  return k.party_kind == "org" ? "org" : "person";
}

DecisionFacts facts_of(const cases::CaseRow& k, const std::vector<cases::StepRow>& steps, const nlohmann::json& decision,
                       const nlohmann::json& proposal) {
  DecisionFacts f;
  f.procedure = k.procedure;
  f.decision_kind = decision.value("decision_kind", "");
  f.amount_fen = decision.value("amount_fen", int64_t{0});
  f.party_class = party_class_of(k, proposal);
  f.hearing_held = has_step(steps, "hearing_record");
  if (proposal.is_object()) {
    f.complex = proposal.value("complex", false);
    f.referral = proposal.value("referral", false);
    f.public_interest = proposal.value("public_interest", false);
  }
  return f;
}

// The reviewer must not have handled the case: a current handler, anyone who recorded a
// handling step, or the submitter (REV-5: the reviewing and handling duties are separate).
std::set<int64_t> handlers_of(db::Connection& c, int64_t case_id, const std::vector<cases::StepRow>& steps) {
  std::set<int64_t> out;
  for (const auto& h : cases::current_handlers(c, case_id)) out.insert(h.user_id);
  for (const auto& s : steps) {
    const auto* r = cases::find_rule(s.kind);
    if (r && r->permission == "case.handle") out.insert(s.recorded_by);
  }
  return out;
}

bool reviewed_before(db::Connection& c, int64_t user_id) {
  auto q = c.prepare("SELECT COUNT(*) FROM reviews WHERE reviewer_id = ? AND state = 'concluded'");
  q->bind(user_id);
  q->step();
  return q->row().i64(0) > 0;
}

nlohmann::json text_or_throw(const nlohmann::json& in, const char* key, const std::string& field, const std::string& label, bool required = true) {
  if (!in.contains(key) || in.at(key).is_null() || (in.at(key).is_string() && trim(in.at(key).get<std::string>()).empty())) {
    if (required) throw Error::required(field, label);
    return nullptr;
  }
  if (!in.at(key).is_string()) throw Error(422, "validation.type", label + "应为文字", {{"field", field}});
  auto s = trim(in.at(key).get<std::string>());
  if (utf8_length(s) > kMaxText) throw Error::invalid(field, label + "不能超过 5000 字");
  return s;
}

bool opt_flag(const nlohmann::json& in, const char* key, const std::string& field) {
  if (!in.contains(key) || in.at(key).is_null()) return false;
  if (!in.at(key).is_boolean()) throw Error(422, "validation.type", "应为是或否", {{"field", field}});
  return in.at(key).get<bool>();
}

// The proposal as the decision will carry it: decision_kind, amount_fen, violation, party_class,
// tier, facts, basis and the catalogue's judgement flags.
nlohmann::json read_proposal(const nlohmann::json& in, const cases::CaseRow& k) {
  if (!in.is_object()) throw Error::invalid("proposal", "请填写拟处理意见");
  nlohmann::json out = nlohmann::json::object();
  if (!in.contains("decision_kind") || !in["decision_kind"].is_string()) throw Error::required("proposal.decision_kind", "决定类型");
  std::string kind = in["decision_kind"];
  if (kind != "penalty" && kind != "no_penalty" && kind != "other")
    throw Error::invalid("proposal.decision_kind", "决定类型不正确", "review.decision_kind_invalid");
  out["decision_kind"] = kind;
  if (kind == "penalty") {
    if (!in.contains("amount_fen") || !in["amount_fen"].is_number_integer() || in["amount_fen"].get<int64_t>() <= 0)
      throw Error::invalid("proposal.amount_fen", "罚款金额应为大于 0 的整数（单位：分）", "review.amount_invalid");
    out["amount_fen"] = in["amount_fen"].get<int64_t>();
    if (!in.contains("violation") || !in["violation"].is_string() || in["violation"].get<std::string>().empty())
      throw Error::required("proposal.violation", "违法行为（裁量基准）");
    out["violation"] = in["violation"];
  } else {
    out["amount_fen"] = 0;
    if (in.contains("violation") && in["violation"].is_string() && !in["violation"].get<std::string>().empty()) out["violation"] = in["violation"];
  }
  std::string pc = k.party_kind == "org" ? "org" : "individual_business";
  if (in.contains("party_class") && !in["party_class"].is_null()) {
    if (!in["party_class"].is_string()) throw Error::invalid("proposal.party_class", "当事人类别不正确", "review.party_class_invalid");
    pc = in["party_class"];
    if (pc != "org" && pc != "individual_business" && pc != "person")
      throw Error::invalid("proposal.party_class", "当事人类别不正确", "review.party_class_invalid");
    if ((pc == "org") != (k.party_kind == "org"))
      throw Error::invalid("proposal.party_class", "当事人类别与案件当事人不符", "review.party_class_invalid");
  }
  out["party_class"] = pc;
  out["tier"] = in.contains("tier") && in["tier"].is_string() ? in["tier"].get<std::string>() : "";
  // APL Art 37: the law in force when the act was committed applies; the fine rule follows it.
  if (in.contains("act_on") && !in["act_on"].is_null()) {
    auto d = in["act_on"].is_string() ? time::parse_date(in["act_on"].get<std::string>()) : std::nullopt;
    if (!d) throw Error::invalid("proposal.act_on", "违法行为发生日期格式应为 YYYY-MM-DD", "review.date_invalid");
    if (*d > time::today_shanghai()) throw Error::invalid("proposal.act_on", "违法行为发生日期不能晚于今天", "review.date_invalid");
    out["act_on"] = d->str();
  }
  out["facts"] = text_or_throw(in, "facts", "proposal.facts", "违法事实");
  out["basis"] = text_or_throw(in, "basis", "proposal.basis", "处理依据");
  out["complex"] = opt_flag(in, "complex", "proposal.complex");
  out["referral"] = opt_flag(in, "referral", "proposal.referral");
  out["public_interest"] = opt_flag(in, "public_interest", "proposal.public_interest");
  return out;
}

// The day the act took place when it is recorded afterwards (as a step's done_on): checked by the
// step it records (not in the future, not before the case's previous step).
time::Date done_on(const nlohmann::json& in) {
  if (!in.is_object() || !in.contains("done_on") || in.at("done_on").is_null()) return time::today_shanghai();
  auto d = in.at("done_on").is_string() ? time::parse_date(in.at("done_on").get<std::string>()) : std::nullopt;
  if (!d) throw Error::invalid("done_on", "办理日期格式应为 YYYY-MM-DD", "case.date_invalid");
  return *d;
}

std::string proposal_text(const nlohmann::json& pr) {
  std::string kind = pr.value("decision_kind", "");
  std::string s = kind == "penalty" ? "行政处罚：警告，罚款 " + yuan_text(pr.value("amount_fen", int64_t{0}))
                  : kind == "no_penalty" ? "不予行政处罚"
                                         : "其他处理";
  if (pr.contains("violation")) s += "；违法行为：" + violation_label(pr["violation"].get<std::string>());
  s += "。事实：" + pr.value("facts", "") + "。依据：" + pr.value("basis", "");
  return s;
}

}  // namespace

std::string deadline_state(const std::string& state, const std::optional<std::string>& due_on,
                           const std::optional<std::string>& concluded_on, const calendar::WorkCalendar& cal, time::Date today) {
  if (!due_on) return state == "concluded" ? "done" : "unknown";
  auto due = *time::parse_date(*due_on);
  if (state == "concluded") return concluded_on && *time::parse_date(*concluded_on) > due ? "done_late" : "done";
  if (today > due) return "overdue";
  auto left = cal.workdays_between(today, due);
  if (!left) return "unknown";
  return *left <= 1 ? "due_soon" : "ok";
}

const std::vector<std::pair<std::string, std::string>>& review_points() {
  static const std::vector<std::pair<std::string, std::string>> points = {
      {"subject", "执法主体是否合法"},
      {"qualification", "执法人员是否具备执法资格"},
      {"procedure", "执法程序是否合法"},
      {"facts", "案件事实是否清楚"},
      {"evidence", "证据是否确凿充分"},
      {"law", "适用法律、法规、规章是否准确"},
      {"discretion", "裁量基准运用是否适当"},
      {"authority", "是否超越执法机关法定权限"},
      {"documents", "执法文书是否完备、规范"},
      {"referral", "是否涉嫌犯罪、需要移送司法机关"},
  };
  return points;
}

std::vector<std::string> blocking(db::Connection& c, const cases::CaseRow& k, const nlohmann::json& decision) {
  std::vector<std::string> out;
  if (k.procedure == "simple") return out;
  auto steps = cases::steps_of(c, k.id);
  auto reviews = reviews_of(c, k.id);
  const ReviewRow* latest = reviews.empty() ? nullptr : &reviews.back();
  const auto today = time::today_shanghai();
  auto cat = in_force(c, k.bureau_id, today);
  auto maj = assess(cat, facts_of(k, steps, decision, latest ? latest->proposal : nlohmann::json()));
  if (!maj.major) return out;
  if (!latest) {
    out.push_back("法制审核（" + join(maj.reasons, "；") + "）");
    return out;
  }
  if (latest->state != "concluded") {
    out.push_back("法制审核尚未完成");
    return out;
  }
  if (!latest->passed()) {
    const auto& o = *latest->outcome;
    if (o == "disagree" && !latest->coordination_result)
      out.push_back("法制审核不同意，待机关负责人协调");
    else if (o == "disagree")
      out.push_back("机关负责人协调决定采纳法制审核意见，须按审核意见修改后重新送审");
    else if (o == "return")
      out.push_back("法制审核退回补充材料，须补充后重新送审");
    else
      out.push_back("法制审核建议移送司法机关，不能作出行政处罚决定");
    return out;
  }
  const auto& pr = latest->proposal;
  const std::string kind = decision.value("decision_kind", "");
  const int64_t amount = decision.value("amount_fen", int64_t{0});
  if (kind != pr.value("decision_kind", "") || (kind == "penalty" && amount != pr.value("amount_fen", int64_t{0})))
    out.push_back("决定内容与法制审核的拟处理意见不一致（送审：" + proposal_text(pr) + "），须重新送审");
  if (maj.collective || latest->collective_required) {
    int64_t after = std::max(latest->opinion_step_id.value_or(0), latest->coordination_step_id.value_or(0));
    bool discussed = std::any_of(steps.begin(), steps.end(), [&](const cases::StepRow& s) { return s.kind == "collective_discussion" && s.id > after; });
    if (!discussed) out.push_back("集体讨论记录（行政处罚法第五十七条，法制审核通过之后）");
  }
  // Hearing rights (APL Art 63): a fine reaching the bureau's threshold needs the hearing right
  // in the rights notice.
  if (kind == "penalty" && latest->assessment.is_object() && latest->assessment.value("hearing_right", false)) {
    bool told = std::any_of(steps.begin(), steps.end(), [](const cases::StepRow& s) {
      return s.kind == "rights_notice" && s.content.value("rights", "").find("听证") != std::string::npos;
    });
    if (!told) out.push_back("事先告知听证权利（罚款达到听证标准）");
  }
  return out;
}

nlohmann::json case_review(db::Connection& c, const org::Principal& p, int64_t case_id, const std::optional<nlohmann::json>& asked) {
  if (asked) {
    const std::string kind = asked->value("decision_kind", "");
    if (kind != "penalty" && kind != "no_penalty" && kind != "other")
      throw Error::invalid("decision_kind", "决定类型不正确", "review.decision_kind_invalid");
  }
  auto k = cases::load_case(c, p, case_id);
  auto steps = cases::steps_of(c, case_id);
  auto reviews = reviews_of(c, case_id);
  const ReviewRow* latest = reviews.empty() ? nullptr : &reviews.back();
  auto cat = in_force(c, k.bureau_id, time::today_shanghai());
  nlohmann::json proposal = latest ? latest->proposal : nlohmann::json::object();
  nlohmann::json decision = asked ? *asked
                                  : nlohmann::json{{"decision_kind", proposal.value("decision_kind", "penalty")},
                                                   {"amount_fen", proposal.value("amount_fen", int64_t{0})}};
  auto maj = assess(cat, facts_of(k, steps, decision, proposal));
  // Without a proposal the decision is not known yet: a general case's decision may be major.
  std::string status;
  if (k.procedure == "simple")
    status = "not_required";
  else if (!latest)
    status = maj.major ? "required" : "not_submitted";
  else if (latest->state != "concluded")
    status = latest->state;
  else if (latest->passed())
    status = "passed";
  else
    status = *latest->outcome == "disagree" ? "disagreed" : *latest->outcome == "return" ? "returned" : "referred";
  std::vector<std::string> block = k.procedure == "simple" ? std::vector<std::string>{} : blocking(c, k, decision);
  nlohmann::json history = nlohmann::json::array();
  for (auto it = reviews.rbegin(); it != reviews.rend(); ++it) history.push_back(review_json(c, *it, &k));
  return {{"case_id", k.id},
          {"procedure", k.procedure},
          {"major", maj.major},
          {"reasons", maj.reasons},
          {"collective_required", maj.collective || (latest && latest->collective_required)},
          {"catalogue", {{"id", cat.id}, {"version", cat.version}, {"bureau_name", cat.bureau_name}, {"builtin", cat.id == 0},
                         {"materials", cat.to_json()["materials"]}, {"review_days", cat.review_days}}},
          {"status", status},
          {"passed", latest && latest->passed()},
          {"can_decide", block.empty() && k.state == "notified"},
          {"blocking", block},
          {"hearing_right", latest && latest->assessment.is_object() && latest->assessment.value("hearing_right", false)},
          {"latest", latest ? review_json(c, *latest, &k) : nlohmann::json()},
          {"history", history}};
}

nlohmann::json submit(db::Connection& c, const org::Principal& p, int64_t case_id, const nlohmann::json& in) {
  p.require("case.handle");
  auto k = cases::load_case(c, p, case_id);
  cases::require_writable(k);
  if (!in.is_object()) throw Error::invalid("body", "请求体应为对象");
  if (k.procedure != "general") throw Error(409, "review.case_state", "简易程序案件不需要法制审核", {{"procedure", k.procedure}});
  if (k.state != "notified")
    throw Error(409, "review.case_state", "案件处于“" + cases::state_label(k.state) + "”阶段，告知后、决定前才能送审", {{"state", k.state}});
  auto reviews = reviews_of(c, case_id);
  if (!reviews.empty() && reviews.back().state != "concluded")
    throw Error(409, "review.open_exists", "本案已有未完成的法制审核", {{"review_id", reviews.back().id}});

  auto proposal = read_proposal(in.contains("proposal") ? in.at("proposal") : nlohmann::json(), k);
  const auto today = time::today_shanghai();
  nlohmann::json assessment = nlohmann::json::object();
  if (proposal.contains("violation"))
    assessment = assess_fine(c, k.bureau_id, proposal["violation"], proposal["party_class"], proposal["amount_fen"],
                             proposal.contains("act_on") ? *time::parse_date(proposal["act_on"].get<std::string>()) : today,
                             proposal["tier"]);

  // Materials (REV-5: what was submitted): every required one present, evidence of this case.
  auto steps = cases::steps_of(c, case_id);
  auto cat = in_force(c, k.bureau_id, today);
  const nlohmann::json given = in.contains("materials") && in.at("materials").is_object() ? in.at("materials") : nlohmann::json::object();
  if (in.contains("materials") && !in.at("materials").is_object() && !in.at("materials").is_null())
    throw Error::invalid("materials", "送审材料应为 {材料代码: 证据编号} 的对象");
  nlohmann::json materials = nlohmann::json::array();
  std::vector<std::string> missing;
  for (const auto& m : cat.materials) {
    const bool needed = m.required && (m.when.empty() || has_step(steps, m.when));
    if (m.source.rfind("step:", 0) == 0) {
      const std::string kind = m.source.substr(5);
      const cases::StepRow* found = nullptr;
      for (const auto& s : steps)
        if (s.kind == kind) found = &s;
      if (found)
        materials.push_back({{"code", m.code}, {"label", m.label}, {"step", {{"id", found->id}, {"kind", kind}, {"ledger_seq", found->ledger_seq}}}});
      else if (needed)
        missing.push_back(m.label);
      continue;
    }
    std::vector<int64_t> ids;
    if (given.contains(m.code)) {
      const auto& v = given.at(m.code);
      const std::string field = "materials." + m.code;
      if (v.is_number_integer()) ids.push_back(v.get<int64_t>());
      else if (v.is_array()) {
        for (const auto& e : v) {
          if (!e.is_number_integer()) throw Error::invalid(field, m.label + "应为证据编号");
          ids.push_back(e.get<int64_t>());
        }
      } else if (!v.is_null()) {
        throw Error::invalid(field, m.label + "应为证据编号");
      }
      nlohmann::json items = nlohmann::json::array();
      for (int64_t eid : ids) {
        nlohmann::json e;
        try {
          e = evidence::get_evidence(c, p, eid);
        } catch (const Error&) {
          throw Error(422, "review.material_not_found", m.label + "：证据材料不存在或不在您的管辖范围内", {{"field", field}, {"evidence_id", eid}});
        }
        if (e["owner_kind"] != "case" || e["owner_id"] != std::to_string(case_id))
          throw Error(422, "review.material_not_linked", m.label + "：证据材料“" + e["title"].get<std::string>() + "”不属于本案件",
                      {{"field", field}, {"evidence_id", eid}});
        items.push_back({{"id", eid}, {"title", e["title"]}, {"kind", e["kind"]}, {"hash", e["hash"]}});
      }
      if (!items.empty()) materials.push_back({{"code", m.code}, {"label", m.label}, {"evidence", items}});
    }
    if (ids.empty() && needed) missing.push_back(m.label);
  }
  for (const auto& [code, _] : given.items()) {
    bool known = std::any_of(cat.materials.begin(), cat.materials.end(), [&](const Material& m) { return m.code == code; });
    if (!known) throw Error::invalid("materials." + code, "审核事项清单中没有此材料：" + code, "review.material_unknown");
  }
  if (!missing.empty())
    throw Error(409, "review.materials_incomplete", "送审材料不全，缺少：" + join(missing), {{"missing", missing}, {"field", "materials"}});

  nlohmann::json decision = {{"decision_kind", proposal["decision_kind"]}, {"amount_fen", proposal["amount_fen"]}};
  auto maj = assess(cat, facts_of(k, steps, decision, proposal));
  nlohmann::json reasons = maj.reasons;
  std::string note = in.contains("note") && in["note"].is_string() ? trim(in["note"].get<std::string>()) : "";
  if (utf8_length(note) > 1000) throw Error::invalid("note", "说明不能超过 1000 字");

  // The case step first (the submission's document in the file), then the review row.
  std::vector<std::string> labels;
  for (const auto& m : materials) labels.push_back(m["label"].get<std::string>());
  nlohmann::json content = {{"proposal", proposal_text(proposal)}, {"materials", join(labels)}};
  if (!maj.reasons.empty()) content["reasons"] = join(maj.reasons, "；");
  const auto day = done_on(in);
  int64_t step_id = cases::record_internal_step(c, p, case_id, {{"kind", "review_submission"}, {"content", content}, {"done_on", day.str()}});

  auto cal = calendar::load(c);
  auto due = cal.add_workdays(day, cat.review_days);
  const auto now = time::to_iso(time::now());
  auto ins = c.prepare(
      "INSERT INTO reviews(case_id, bureau_id, catalogue_id, state, major, reasons, collective_required, proposal, materials, "
      "assessment, note, submitted_by, submitted_at, submitted_on, due_on, submission_step_id) VALUES "
      "(?,?,?,'submitted',?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
  ins->bind(case_id).bind(k.bureau_id).bind(cat.id ? std::optional<int64_t>(cat.id) : std::nullopt).bind(maj.major)
      .bind(canonical_json(reasons)).bind(maj.collective).bind(canonical_json(proposal)).bind(canonical_json(materials))
      .bind(canonical_json(assessment)).bind(note).bind(p.user_id).bind(now).bind(day.str())
      .bind(due ? std::optional<std::string>(due->str()) : std::nullopt).bind(step_id);
  if (!ins->step()) throw Error::internal("insert returned no id");
  int64_t id = ins->row().i64(0);
  ins.reset();
  ledger::record_row(c, p.actor(), "review.submit", "case", "reviews", "id", std::to_string(id), kColumns, {{"review_id", id}},
                     std::to_string(case_id));
  return review_json(c, *find_review(c, id), &k);
}

nlohmann::json list_reviews(db::Connection& c, const org::Principal& p, const ReviewFilter& f) {
  p.require("review.read");
  std::string w = "WHERE b.path LIKE ?";
  std::vector<db::Value> args{p.bureau_path + "%"};
  if (f.bureau_id) {
    auto b = org::get_bureau(c, p, *f.bureau_id);
    w += " AND b.path LIKE ?";
    args.emplace_back(b.path + "%");
  }
  if (f.state == "open") {
    w += " AND r.state <> 'concluded'";
  } else if (!f.state.empty()) {
    if (f.state != "submitted" && f.state != "assigned" && f.state != "concluded")
      throw Error::invalid("state", "状态只能是 submitted、assigned、concluded 或 open");
    w += " AND r.state = ?";
    args.emplace_back(f.state);
  }
  if (f.mine) {
    w += " AND r.reviewer_id = ?";
    args.emplace_back(p.user_id);
  }
  int64_t size = std::clamp<int64_t>(f.page_size, 1, 200), page = std::max<int64_t>(f.page, 1);
  auto count = c.prepare("SELECT COUNT(*) FROM reviews r JOIN bureaus b ON b.id = r.bureau_id " + w);
  for (const auto& a : args) count->bind(a);
  count->step();
  int64_t total = count->row().i64(0);
  count.reset();
  auto q = c.prepare("SELECT r.id FROM reviews r JOIN bureaus b ON b.id = r.bureau_id " + w +
                     " ORDER BY CASE WHEN r.state = 'concluded' THEN 1 ELSE 0 END, COALESCE(r.due_on, '9999-12-31'), r.id DESC LIMIT ? OFFSET ?");
  for (const auto& a : args) q->bind(a);
  q->bind(size).bind((page - 1) * size);
  std::vector<int64_t> ids;
  while (q->step()) ids.push_back(q->row().i64(0));
  q.reset();
  nlohmann::json items = nlohmann::json::array();
  for (int64_t id : ids) {
    auto v = *find_review(c, id);
    auto k = cases::load_case(c, p, v.case_id);
    items.push_back(review_json(c, v, &k));
  }
  return {{"items", items}, {"total", total}, {"page", page}, {"page_size", size}};
}

nlohmann::json get_review(db::Connection& c, const org::Principal& p, int64_t id) {
  if (!p.can("review.read") && !p.can("case.read")) p.require("review.read");
  auto v = find_review(c, id);
  if (!v) throw Error(404, "review.not_found", "法制审核不存在");
  cases::CaseRow k;
  try {
    k = cases::load_case(c, p, v->case_id);
  } catch (const Error&) {
    throw Error(404, "review.not_found", "法制审核不存在");
  }
  return review_json(c, *v, &k);
}

nlohmann::json assign(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in) {
  p.require("review.assign");
  auto j = get_review(c, p, id);
  auto v = *find_review(c, id);
  if (v.state == "concluded") throw Error(409, "review.concluded", "该法制审核已经完成");
  const nlohmann::json body = in.is_object() ? in : nlohmann::json::object();
  Fields f(body);
  int64_t reviewer = f.i64("reviewer_user_id", "审核人员");
  auto steps = cases::steps_of(c, v.case_id);
  auto handled = handlers_of(c, v.case_id, steps);
  handled.insert(v.submitted_by);
  if (handled.count(reviewer))
    throw Error(409, "review.reviewer_handled_case", "承办或送审本案的人员不能审核本案", {{"field", "reviewer_user_id"}});
  auto check = reviewer_eligibility(c, reviewer, v.bureau_id, time::today_shanghai(), !reviewed_before(c, reviewer));
  if (!check.ok)
    throw Error(409, "review.reviewer_ineligible", check.reason, {{"field", "reviewer_user_id"}, {"reason", check.reason}});
  const auto now = time::to_iso(time::now());
  update_row(c, p, "review.assign", v, "UPDATE reviews SET state = 'assigned', reviewer_id = ?, assigned_by = ?, assigned_at = ? WHERE id = ?",
             [&](db::Statement& s) { s.bind(reviewer).bind(p.user_id).bind(now).bind(id); });
  return get_review(c, p, id);
}

nlohmann::json conclude(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in) {
  p.require("review.conduct");
  get_review(c, p, id);
  auto v = *find_review(c, id);
  if (v.state == "concluded") throw Error(409, "review.concluded", "该法制审核已经完成");
  if (v.state != "assigned" || v.reviewer_id != p.user_id)
    throw Error(409, "review.not_reviewer", "只有指定的审核人员才能出具审核意见");
  if (!in.is_object()) throw Error::invalid("body", "请求体应为对象");
  // The ten points, each answered (REV-3).
  if (!in.contains("findings") || !in["findings"].is_array()) throw Error::required("findings", "审核要点");
  std::map<std::string, nlohmann::json> by_point;
  for (size_t i = 0; i < in["findings"].size(); ++i) {
    const auto& x = in["findings"][i];
    const std::string at = "findings[" + std::to_string(i) + "]";
    if (!x.is_object() || !x.contains("point") || !x["point"].is_string()) throw Error::invalid(at + ".point", "审核要点不正确");
    std::string point = x["point"];
    bool known = std::any_of(review_points().begin(), review_points().end(), [&](const auto& pt) { return pt.first == point; });
    if (!known) throw Error::invalid(at + ".point", "未知的审核要点：" + point, "review.point_unknown");
    if (!x.contains("result") || !x["result"].is_string() || (x["result"] != "ok" && x["result"] != "problem"))
      throw Error::invalid("findings." + point + ".result", "审核结论应为 ok（符合）或 problem（存在问题）", "review.finding_invalid");
    auto comment = text_or_throw(x, "comment", "findings." + point + ".comment", "审核说明", false);
    by_point[point] = {{"point", point}, {"result", x["result"]}, {"comment", comment.is_null() ? "" : comment.get<std::string>()}};
  }
  std::vector<std::string> unanswered;
  for (const auto& [code, label] : review_points())
    if (!by_point.count(code)) unanswered.push_back(label);
  if (!unanswered.empty())
    throw Error(422, "validation.required", "请逐项审核：" + join(unanswered),
                {{"field", "findings." + std::find_if(review_points().begin(), review_points().end(),
                                                      [&](const auto& pt) { return !by_point.count(pt.first); })->first + ".result"},
                 {"missing", unanswered}});
  bool problem = false;
  for (const auto& [code, label] : review_points()) {
    const auto& x = by_point[code];
    if (x["result"] == "problem") {
      problem = true;
      if (x["comment"].get<std::string>().empty())
        throw Error::invalid("findings." + code + ".comment", "“" + label + "”存在问题的，应写明问题", "review.comment_required");
    }
  }
  // A fine outside the bureau's tier (or the law) needs the reviewer's word on discretion.
  const auto& a = v.assessment;
  bool outside = a.is_object() && (a.value("within_law", true) == false || (a.contains("within_tier") && a["within_tier"].is_boolean() && !a["within_tier"].get<bool>()));
  if (outside && by_point["discretion"]["comment"].get<std::string>().empty())
    throw Error::invalid("findings.discretion.comment", "拟罚款金额超出裁量基准的幅度，应对裁量是否适当写明意见", "review.comment_required");
  if (!in.contains("outcome") || !in["outcome"].is_string()) throw Error::required("outcome", "审核结论");
  std::string outcome = in["outcome"];
  if (label_of(kOutcomes, outcome) == outcome) throw Error::invalid("outcome", "审核结论不正确", "review.outcome_invalid");
  if (outcome == "agree" && problem)
    throw Error::invalid("outcome", "审核要点存在问题的，不能作出同意的结论", "review.outcome_conflict");
  auto opinion = text_or_throw(in, "opinion", "opinion", "审核意见").get<std::string>();

  nlohmann::json findings = nlohmann::json::array();
  std::string lines;
  int n = 0;
  for (const auto& [code, label] : review_points()) {
    findings.push_back(by_point[code]);
    const auto& x = by_point[code];
    lines += (lines.empty() ? "" : "\n") + std::to_string(++n) + ". " + label + "：" + (x["result"] == "ok" ? "符合" : "存在问题") +
             (x["comment"].get<std::string>().empty() ? "" : "（" + x["comment"].get<std::string>() + "）");
  }
  int64_t step_id = cases::record_internal_step(
      c, p, v.case_id,
      {{"kind", "legal_review"},
       {"content", {{"outcome", outcome}, {"findings", lines}, {"opinion", opinion}, {"reviewer", p.name}}},
       {"done_on", done_on(in).str()}});
  const auto now = time::now();
  update_row(c, p, "review.conclude", v,
             "UPDATE reviews SET state = 'concluded', findings = ?, outcome = ?, opinion = ?, concluded_at = ?, concluded_on = ?, "
             "opinion_step_id = ? WHERE id = ?",
             [&](db::Statement& s) {
               s.bind(canonical_json(findings)).bind(outcome).bind(opinion).bind(time::to_iso(now)).bind(done_on(in).str())
                   .bind(step_id).bind(id);
             });
  return get_review(c, p, id);
}

nlohmann::json coordinate(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in) {
  p.require("case.approve");
  get_review(c, p, id);
  auto v = *find_review(c, id);
  if (v.state != "concluded" || v.outcome != "disagree")
    throw Error(409, "review.coordination_not_needed", "只有法制审核不同意时才需要协调");
  if (v.coordination_result) throw Error(409, "review.coordinated", "已经协调过");
  if (!in.is_object()) throw Error::invalid("body", "请求体应为对象");
  if (!in.contains("result") || !in["result"].is_string()) throw Error::required("result", "协调结果");
  std::string result = in["result"];
  if (label_of(kCoordination, result) == result) throw Error::invalid("result", "协调结果不正确", "review.coordination_invalid");
  auto opinion = text_or_throw(in, "opinion", "opinion", "机关负责人意见").get<std::string>();
  int64_t step_id = cases::record_internal_step(c, p, v.case_id,
                                                {{"kind", "review_coordination"},
                                                 {"content", {{"result", result}, {"opinion", opinion}}},
                                                 {"done_on", done_on(in).str()}});
  const auto now = time::to_iso(time::now());
  update_row(c, p, "review.coordinate", v,
             "UPDATE reviews SET coordination_result = ?, coordination_opinion = ?, coordinated_by = ?, coordinated_at = ?, "
             "coordination_step_id = ? WHERE id = ?",
             [&](db::Statement& s) { s.bind(result).bind(opinion).bind(p.user_id).bind(now).bind(step_id).bind(id); });
  return get_review(c, p, id);
}

}  // namespace zhifa::review
