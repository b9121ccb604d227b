#include "cases/steps.h"

#include <algorithm>

#include "base/error.h"
#include "base/fields.h"
#include "base/money.h"
#include "base/time.h"
#include "calendar/calendar_service.h"
#include "cases/archive.h"
#include "cases/deadlines.h"
#include "cases/documents.h"
#include "cases/events.h"
#include "cases/flow.h"
#include "evidence/evidence.h"
#include "inspectors/eligibility.h"
#include "ledger/ledger.h"

namespace zhifa::cases {
namespace {

const std::vector<std::string> kStepColumns = {"case_id", "kind", "content", "evidence_ids", "done_on", "state_before",
                                               "state_after", "late", "recorded_by", "recorded_at"};
constexpr size_t kMaxText = 5000;

bool has_step(const std::vector<StepRow>& steps, const std::string& kind) {
  return std::any_of(steps.begin(), steps.end(), [&](const StepRow& s) { return s.kind == kind; });
}
const StepRow* last_step(const std::vector<StepRow>& steps, const std::string& kind) {
  for (auto it = steps.rbegin(); it != steps.rend(); ++it)
    if (it->kind == kind) return &*it;
  return nullptr;
}

bool procedure_fits(const StepRule& r, const CaseRow& k) { return r.procedure == "any" || r.procedure == k.procedure; }
bool state_fits(const StepRule& r, const CaseRow& k) { return std::find(r.from.begin(), r.from.end(), k.state) != r.from.end(); }

// The documents (earlier steps) a rule needs that the case does not have yet.
std::vector<std::string> missing_documents(const StepRule& r, const std::vector<StepRow>& steps) {
  std::vector<std::string> out;
  for (const auto& d : r.documents) {
    if (!d.if_present.empty() && !has_step(steps, d.if_present)) continue;
    bool ok = std::any_of(d.kinds.begin(), d.kinds.end(), [&](const std::string& kd) { return has_step(steps, kd); });
    if (!ok) out.push_back(d.label);
  }
  return out;
}

bool truthy(const nlohmann::json& content, const std::string& key) {
  return content.contains(key) && content.at(key).is_boolean() && content.at(key).get<bool>();
}
bool nonempty_text(const nlohmann::json& content, const std::string& key) {
  return content.contains(key) && content.at(key).is_string() && !trim(content.at(key).get<std::string>()).empty();
}

// Checks and normalises the content fields; returns the labels of the required ones absent.
nlohmann::json read_content(const StepRule& r, const nlohmann::json& in, std::vector<std::string>& missing, std::string& first) {
  if (!in.is_object()) throw Error(422, "validation.type", "步骤内容应为对象", {{"field", "content"}});
  nlohmann::json out = nlohmann::json::object();
  auto field = [](const std::string& key) { return "content." + key; };
  for (const auto& f : r.fields) {
    const bool present = in.contains(f.key) && !in.at(f.key).is_null() &&
                         !(in.at(f.key).is_string() && trim(in.at(f.key).get<std::string>()).empty());
    bool required = f.required;
    if (!f.required_if.empty()) {
      required = f.required_if_value.empty() ? truthy(in, f.required_if)
                                             : (in.contains(f.required_if) && in.at(f.required_if) == f.required_if_value);
    }
    if (!present) {
      if (required) {
        missing.push_back(f.label);
        if (first.empty()) first = field(f.key);
      }
      continue;
    }
    const auto& v = in.at(f.key);
    switch (f.type) {
      case FieldType::text: {
        if (!v.is_string()) throw Error(422, "validation.type", f.label + "应为文字", {{"field", field(f.key)}});
        auto s = trim(v.get<std::string>());
        if (utf8_length(s) > kMaxText) throw Error::invalid(field(f.key), f.label + "不能超过 5000 字");
        out[f.key] = s;
        break;
      }
      case FieldType::date: {
        auto d = v.is_string() ? time::parse_date(v.get<std::string>()) : std::nullopt;
        if (!d) throw Error::invalid(field(f.key), f.label + "格式应为 YYYY-MM-DD", "case.date_invalid");
        out[f.key] = d->str();
        break;
      }
      case FieldType::instant: {
        auto t = v.is_string() ? time::parse_iso(v.get<std::string>()) : std::nullopt;
        if (!t) throw Error::invalid(field(f.key), f.label + "应为 ISO 8601 时间", "case.instant_invalid");
        if (*t > time::now()) throw Error::invalid(field(f.key), f.label + "不能晚于现在", "case.instant_invalid");
        out[f.key] = time::to_iso(*t);
        break;
      }
      case FieldType::fen: {
        if (!v.is_number_integer() || v.get<int64_t>() < 0)
          throw Error::invalid(field(f.key), f.label + "应为不小于 0 的整数（单位：分）", "case.amount_invalid");
        if (required && v.get<int64_t>() == 0) throw Error::invalid(field(f.key), f.label + "应大于 0", "case.amount_invalid");
        out[f.key] = v.get<int64_t>();
        break;
      }
      case FieldType::boolean:
        if (!v.is_boolean()) throw Error(422, "validation.type", f.label + "应为是或否", {{"field", field(f.key)}});
        out[f.key] = v.get<bool>();
        break;
      case FieldType::choice: {
        if (!v.is_string() || std::find(f.choices.begin(), f.choices.end(), v.get<std::string>()) == f.choices.end())
          throw Error::invalid(field(f.key), f.label + "取值不正确", "case.choice_invalid");
        out[f.key] = v.get<std::string>();
        break;
      }
    }
  }
  // The common parts of the table: signature or refusal, certificates shown, no-recording reason.
  for (const char* key : {"party_refusal_reason", "no_recording_reason"})
    if (nonempty_text(in, key)) out[key] = trim(in.at(key).get<std::string>());
  for (const char* key : {"party_signed", "certificates_shown"})
    if (in.contains(key)) {
      if (!in.at(key).is_boolean()) throw Error(422, "validation.type", "应为是或否", {{"field", field(key)}});
      out[key] = in.at(key).get<bool>();
    }
  return out;
}

DecisionGate& decision_gate() {
  static DecisionGate gate;
  return gate;
}

int64_t record_impl(db::Connection& c, const org::Principal& p, int64_t case_id, const nlohmann::json& in, CaseRow k, bool internal) {
  Fields f(in);
  const std::string kind = f.str("kind", "步骤类型", 40);
  const StepRule* rule = find_rule(kind);
  if (!rule) throw Error::invalid("kind", "未知的步骤类型：" + kind, "case.step_kind_unknown");
  if (rule->internal && !internal)
    throw Error(409, "case.step_internal", "“" + rule->label + "”在法制审核中办理，不能直接登记", {{"kind", kind}});
  require_writable(k);
  p.require(rule->permission);
  if (!procedure_fits(*rule, k))
    throw Error(409, "case.step_not_allowed", (k.procedure == "simple" ? "简易程序案件不能" : "普通程序案件不能") + std::string("办理“") + rule->label + "”",
                {{"kind", kind}, {"state", k.state}, {"procedure", k.procedure}});
  if (!state_fits(*rule, k))
    throw Error(409, "case.step_not_allowed", "案件处于“" + state_label(k.state) + "”阶段，不能办理“" + rule->label + "”",
                {{"kind", kind}, {"state", k.state}, {"allowed_from", rule->from}});
  auto steps = steps_of(c, case_id);
  if (rule->once && has_step(steps, kind))
    throw Error(409, "case.step_done", "“" + rule->label + "”已经办理过", {{"kind", kind}});

  std::vector<std::string> missing_fields;
  std::string first_field;
  nlohmann::json content = read_content(*rule, in.contains("content") ? in.at("content") : nlohmann::json::object(), missing_fields,
                                        first_field);
  if (!missing_fields.empty()) {
    std::string joined;
    for (const auto& m : missing_fields) joined += (joined.empty() ? "" : "、") + m;
    throw Error(422, "validation.required", "请填写：" + joined, {{"field", first_field}, {"missing", missing_fields}});
  }

  const auto today = time::today_shanghai();
  time::Date done = today;
  if (f.has("done_on")) {
    auto d = time::parse_date(f.str("done_on", "办理日期", 10));
    if (!d) throw Error::invalid("done_on", "办理日期格式应为 YYYY-MM-DD", "case.date_invalid");
    done = *d;
  }
  if (kind == "emergency_start") done = time::shanghai_date(*time::parse_iso(content["started_at"].get<std::string>()));
  if (done > today) throw Error::invalid("done_on", "办理日期不能晚于今天", "case.date_invalid");
  if (!steps.empty()) {
    auto prev = time::parse_date(steps.back().done_on);
    if (prev && done < *prev)
      throw Error::invalid("done_on", "办理日期不能早于上一步骤（" + steps.back().done_on + "）", "case.date_invalid");
  }

  // What is missing that is not a content field: named together, so one refusal says it all.
  std::vector<std::string> missing = missing_documents(*rule, steps);
  if (kind == "hearing_notice") {
    bool requested = std::any_of(steps.begin(), steps.end(), [](const StepRow& s) {
      return s.kind == "statement" && truthy(s.content, "hearing_requested");
    });
    if (!requested) missing.push_back("当事人听证申请");
  }
  if (rule->party_signature && !truthy(content, "party_signed") && !content.contains("party_refusal_reason"))
    missing.push_back("当事人签名或拒签理由");
  auto handlers = current_handlers(c, case_id);
  if (rule->certificates) {
    if (!truthy(content, "certificates_shown")) missing.push_back("出示执法证件");
    nlohmann::json names = nlohmann::json::array();
    for (const auto& h : handlers) names.push_back({{"name", h.name}, {"certificate_no", h.certificate_no}});
    content["inspectors"] = names;
  }
  if (rule->investigation || rule->certificates) {
    int eligible = 0;
    for (const auto& h : handlers) {
      auto e = inspectors::user_eligibility(c, h.user_id, done);
      if (e && e->ok) ++eligible;
    }
    if (eligible < 2) missing.push_back("两名以上持证执法人员（承办人）");
  }

  std::vector<int64_t> ev_ids;
  std::vector<std::string> ev_kinds;
  if (f.has("evidence_ids")) {
    const auto& arr = in.at("evidence_ids");
    if (!arr.is_array()) throw Error::invalid("evidence_ids", "关联的证据应为编号列表");
    for (const auto& v : arr) {
      if (!v.is_number_integer()) throw Error::invalid("evidence_ids", "关联的证据应为编号列表");
      int64_t eid = v.get<int64_t>();
      if (std::find(ev_ids.begin(), ev_ids.end(), eid) != ev_ids.end()) continue;
      nlohmann::json e;
      try {
        e = evidence::get_evidence(c, p, eid);
      } catch (const Error&) {
        throw Error(422, "case.evidence_not_found", "证据材料不存在或不在您的管辖范围内", {{"field", "evidence_ids"}, {"evidence_id", eid}});
      }
      if (e["owner_kind"] != "case" || e["owner_id"] != std::to_string(case_id))
        throw Error(422, "case.evidence_not_linked", "证据材料“" + e["title"].get<std::string>() + "”不属于本案件",
                    {{"field", "evidence_ids"}, {"evidence_id", eid}});
      ev_ids.push_back(eid);
      ev_kinds.push_back(e["kind"].get<std::string>());
    }
  }
  for (const auto& m : rule->media) {
    if (!m.only_if.empty() && !truthy(content, m.only_if)) continue;
    if (!m.unless_field.empty() && content.contains(m.unless_field)) continue;
    bool ok = std::any_of(ev_kinds.begin(), ev_kinds.end(),
                          [&](const std::string& ek) { return std::find(m.kinds.begin(), m.kinds.end(), ek) != m.kinds.end(); });
    if (!ok) missing.push_back(m.label);
  }
  if (!missing.empty()) {
    std::string joined;
    for (const auto& m : missing) joined += (joined.empty() ? "" : "、") + m;
    throw Error(409, "case.step_requirements", "“" + rule->label + "”缺少：" + joined, {{"kind", kind}, {"missing", missing}});
  }
  if (kind == "decide") {
    // REV-1: the gate sees the checked decision; a refusal leaves nothing written.
    if (!decision_gate())
      throw Error(409, "review.required", "法制审核关口未启用，不能作出决定", {{"missing", nlohmann::json::array({"法制审核"})}});
    decision_gate()(c, p, k, content);
  }

  // The rules that are not a presence check.
  bool late = false;
  std::string to = rule->to;
  const auto now = time::now();
  if (kind == "opening_approval") {
    if (auto em = last_step(steps, "emergency_start")) {
      auto started = time::parse_iso(em->content["started_at"].get<std::string>());
      late = started && now - *started > std::chrono::hours(24);
      content["emergency_started_at"] = em->content["started_at"];
    }
  } else if (kind == "hearing_notice") {
    auto served = *time::parse_date(content["served_on"].get<std::string>());
    auto hearing = *time::parse_date(content["hearing_on"].get<std::string>());
    auto earliest = earliest_hearing(calendar::load(c), served);
    if (!earliest)
      throw Error(409, "case.calendar_unknown", "工作日历缺少 " + std::to_string(served.year) + " 年的数据，无法计算听证通知期限",
                  {{"field", "content.served_on"}});
    if (hearing < *earliest)
      throw Error(409, "case.hearing_notice_late", "听证通知应在听证 7 个工作日前送达：听证日期不得早于 " + earliest->str(),
                  {{"field", "content.hearing_on"}, {"earliest", earliest->str()}});
    content["earliest_hearing_on"] = earliest->str();
  } else if (kind == "decision_approval") {
    if (!content["approved"].get<bool>()) to = "notified";
  } else if (kind == "archive") {
    auto file_missing = missing_for_archive(k, steps);
    if (!file_missing.empty()) {
      std::string joined;
      for (const auto& m : file_missing) joined += (joined.empty() ? "" : "、") + m;
      throw Error(409, "case.file_incomplete", "案卷不完整，不能归档，缺少：" + joined, {{"missing", file_missing}});
    }
    if (auto closing = last_step(steps, "closing_approval")) {
      auto due = calendar_period_end(calendar::load(c), *time::parse_date(closing->done_on), 30);
      late = due && done > *due;
      if (due) content["due_on"] = due->str();
    }
  }

  nlohmann::json ids = ev_ids;
  auto ins = c.prepare(
      "INSERT INTO case_steps(case_id, kind, content, evidence_ids, done_on, state_before, state_after, late, recorded_by, "
      "recorded_at) VALUES (?,?,?,?,?,?,?,?,?,?) RETURNING id");
  ins->bind(case_id).bind(kind).bind(content.dump()).bind(ids.dump()).bind(done.str()).bind(k.state)
      .bind(to.empty() ? k.state : to).bind(late).bind(p.user_id).bind(time::to_iso(now));
  if (!ins->step()) throw Error::internal("insert returned no id");
  int64_t sid = ins->row().i64(0);
  ins.reset();
  ledger::record_row(c, p.actor(), "case.step", "case", "case_steps", "id", std::to_string(sid), kStepColumns,
                     {{"case_id", case_id}, {"kind", kind}}, std::to_string(case_id));
  set_state(c, p, k, to, sid);
  notify_case_step(c, p, case_id, kind, sid);
  return sid;
}

// The step a document renders, in the principal's scope (404 otherwise).
std::pair<CaseRow, StepRow> step_in_scope(db::Connection& c, const org::Principal& p, const std::string& owner_id) {
  int64_t sid = 0;
  try {
    sid = std::stoll(owner_id);
  } catch (...) {
    throw Error(404, "case.step_not_found", "案件步骤不存在");
  }
  auto q = c.prepare("SELECT case_id FROM case_steps WHERE id = ?");
  q->bind(sid);
  if (!q->step()) throw Error(404, "case.step_not_found", "案件步骤不存在");
  int64_t case_id = q->row().i64(0);
  q.reset();
  auto k = load_case(c, p, case_id);
  for (auto& s : steps_of(c, case_id))
    if (s.id == sid) return {k, s};
  throw Error(404, "case.step_not_found", "案件步骤不存在");
}

std::string display(const FieldSpec& f, const nlohmann::json& v) {
  if (v.is_boolean()) return v.get<bool>() ? "是" : "否";
  if (f.type == FieldType::fen && v.is_number_integer()) return yuan_text(v.get<int64_t>());
  if (f.type == FieldType::choice) {
    std::string x = v.get<std::string>();
    for (size_t i = 0; i < f.choices.size() && i < f.choice_labels.size(); ++i)
      if (f.choices[i] == x) return f.choice_labels[i];
    if (x == "penalty") return "行政处罚";
    if (x == "no_penalty") return "不予行政处罚";
    if (x == "other") return "其他处理";
  }
  return v.is_string() ? v.get<std::string>() : v.dump();
}

// The content of a step's official document (立案审批表, 询问笔录, 送达回证 ...); D renders it.
DocumentData step_document(db::Connection& c, const org::Principal& p, const std::string& owner_id, const std::string& code) {
  auto [k, s] = step_in_scope(c, p, owner_id);
  const StepRule* r = find_rule(s.kind);
  if (!r || r->document_title.empty() || code != "case_" + s.kind)
    throw Error(404, "document.not_found", "该步骤没有此文书");
  DocumentData d;
  d.template_code = code;
  d.title = r->document_title;
  d.number = k.number;
  d.bureau_id = k.bureau_id;
  d.bureau_name = k.bureau_name;
  d.party_name = k.party_name;
  d.date = s.done_on;
  d.ledger_seq = s.ledger_seq;
  d.fields.push_back({"案件编号", k.number});
  d.fields.push_back({"当事人", k.party_name});
  d.fields.push_back({k.party_kind == "org" ? "统一社会信用代码" : "身份证号码", k.party_code});
  d.fields.push_back({"承办机构", k.unit_name});
  for (const auto& f : r->fields)
    if (s.content.contains(f.key)) d.fields.push_back({f.label, display(f, s.content.at(f.key))});
  if (s.content.contains("no_recording_reason")) d.fields.push_back({"未录音录像的理由", s.content["no_recording_reason"].get<std::string>()});
  if (s.content.contains("inspectors")) {
    std::string names;
    for (const auto& i : s.content["inspectors"])
      names += (names.empty() ? "" : "、") + i["name"].get<std::string>() + "（执法证号 " + i["certificate_no"].get<std::string>() + "）";
    d.fields.push_back({"执法人员", names});
    d.fields.push_back({"出示执法证件", s.content.value("certificates_shown", false) ? "已出示" : "未出示"});
    for (const auto& i : s.content["inspectors"]) d.signatures.push_back({"执法人员", i["name"].get<std::string>(), s.done_on, ""});
  }
  if (!s.evidence_ids.empty()) {
    std::string ids;
    for (auto e : s.evidence_ids) ids += (ids.empty() ? "" : "、") + std::to_string(e);
    d.fields.push_back({"关联证据编号", ids});
  }
  if (r->party_signature)
    d.signatures.push_back({"当事人", s.content.value("party_signed", false) ? k.party_name : "", s.done_on,
                            s.content.value("party_refusal_reason", "")});
  if (r->permission == "case.approve" || r->permission == "case.approve_plan")
    d.signatures.push_back({"审批人", s.recorded_by_name, s.done_on, ""});
  return d;
}

std::vector<std::pair<std::string, std::string>> step_documents(db::Connection& c, const org::Principal& p, const std::string& owner_id) {
  auto [k, s] = step_in_scope(c, p, owner_id);
  const StepRule* r = find_rule(s.kind);
  if (!r || r->document_title.empty()) return {};
  return {{"case_" + s.kind, r->document_title}};
}

}  // namespace

void register_step_documents() { register_producer("case_step", {step_documents, step_document}); }

void set_decision_gate(DecisionGate gate) { decision_gate() = std::move(gate); }

nlohmann::json decide(db::Connection& c, const org::Principal& p, int64_t case_id, const nlohmann::json& in) {
  auto k = load_case(c, p, case_id);
  require_writable(k);
  nlohmann::json body = in.is_object() ? in : nlohmann::json::object();
  body["kind"] = "decide";
  record_impl(c, p, case_id, body, k, false);
  return get_case(c, p, case_id);
}

nlohmann::json record_step(db::Connection& c, const org::Principal& p, int64_t case_id, const nlohmann::json& in) {
  auto k = load_case(c, p, case_id);
  if (in.is_object() && in.contains("kind") && in.at("kind") == "decide") return decide(c, p, case_id, in);
  record_impl(c, p, case_id, in, k, false);
  return get_case(c, p, case_id);
}

int64_t record_internal_step(db::Connection& c, const org::Principal& p, int64_t case_id, const nlohmann::json& in) {
  auto k = load_case(c, p, case_id);
  return record_impl(c, p, case_id, in, k, true);
}

nlohmann::json allowed_actions(db::Connection&, const org::Principal& p, const CaseRow& k, const std::vector<StepRow>& steps) {
  nlohmann::json out = nlohmann::json::array();
  if (k.state == "archived") return out;
  for (const auto& r : step_rules()) {
    if (r.internal || !procedure_fits(r, k) || !state_fits(r, k) || !p.can(r.permission)) continue;
    if (r.once && has_step(steps, r.kind)) continue;
    auto j = rule_json(r);
    auto missing = missing_documents(r, steps);
    if (r.kind == "archive") {
      auto more = missing_for_archive(k, steps);
      missing.insert(missing.end(), more.begin(), more.end());
    }
    j["missing"] = missing;
    nlohmann::json needs = nlohmann::json::array();
    for (const auto& m : r.media) needs.push_back(m.label);
    if (r.party_signature) needs.push_back("当事人签名或拒签理由");
    if (r.certificates) needs.push_back("出示执法证件");
    j["needs"] = needs;
    out.push_back(j);
  }
  return out;
}

}  // namespace zhifa::cases
