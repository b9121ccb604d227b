#include "cases/leads.h"

#include <algorithm>
#include <cctype>

#include "base/calendar.h"
#include "base/codes.h"
#include "base/error.h"
#include "base/fields.h"
#include "base/time.h"
#include "calendar/calendar_service.h"
#include "cases/sources.h"
#include "ledger/ledger.h"
#include "org/bureaus.h"
#include "org/users.h"
#include "registry/code_allowlist.h"

namespace zhifa::cases::leads {
namespace {

const std::vector<std::string> kLeadRecord = {"bureau_id",       "received_at",      "source",           "summary",
                                              "object_name",     "object_credit_code", "complainant_kind", "complainant_name",
                                              "complainant_contact", "registered_by", "created_at"};
const std::vector<std::string> kActionRecord = {"lead_id",  "kind",     "actor_id",    "at",       "instruction",   "handler_id", "decision",
                                                "reason",   "transfer_to", "reply_on", "reply_manner", "reply_content", "corrects"};

struct Named {
  const char* code;
  const char* name;
};
constexpr Named kSources[] = {{"assigned", "上级交办"}, {"referred", "部门移送"}, {"report", "举报"},    {"complaint", "投诉"},
                              {"media", "媒体"},       {"inspection", "检查发现"}, {"other", "其他"}};
constexpr Named kDecisions[] = {{"case", "立案查处"}, {"no_case", "不予立案"}, {"transfer", "移送处理"}};
constexpr Named kActions[] = {{"instruct", "批示"}, {"assign", "指定经办人"}, {"decide", "处理决定"}, {"reply", "答复投诉举报人"}, {"close", "办结"}};

template <size_t N>
const char* name_in(const Named (&t)[N], const std::string& code) {
  for (const auto& n : t)
    if (code == n.code) return n.name;
  return "";
}
template <size_t N>
nlohmann::json named_list(const Named (&t)[N]) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& n : t) a.push_back({{"code", n.code}, {"name", n.name}});
  return a;
}

bool is_complaint(const std::string& source) { return source == "report" || source == "complaint"; }

std::string day_bound(const std::string& s, const char* field, bool end) {
  auto d = time::parse_date(s);
  if (!d) throw Error::invalid(field, "日期格式应为 YYYY-MM-DD", "validation.date");
  // Shanghai midnight is 16:00 UTC the day before.
  return time::to_iso(time::Instant(std::chrono::milliseconds(((d->days() + (end ? 1 : 0)) * 86400 - 8 * 3600) * 1000)));
}

// The lead with its current state: the latest action of each kind wins.
struct Lead {
  int64_t id = 0, bureau_id = 0, registered_by = 0;
  std::string bureau_path, bureau_name, received_at, source, summary, object_name, object_credit_code, complainant_kind,
      complainant_name, complainant_contact, created_at;
  std::optional<int64_t> ledger_seq;
  // Derived.
  std::string decision, closed_at;
  bool replied = false;
  std::optional<int64_t> case_id;
  std::string case_number;

  bool named() const { return complainant_kind == "named"; }
  bool reply_missing() const { return named() && decision == "no_case" && !replied; }
  std::string state() const { return !closed_at.empty() ? "closed" : !decision.empty() ? "decided" : "pending"; }
};

// The columns of a lead row and its derived state, as a sub-select so that the list can filter
// on the state in both stores.
const char* kLeadSelect =
    "SELECT * FROM (SELECT l.id, l.bureau_id, b.path AS bureau_path, b.name AS bureau_name, l.received_at, l.source, l.summary, "
    "l.object_name, l.object_credit_code, l.complainant_kind, l.complainant_name, l.complainant_contact, l.registered_by, "
    "l.created_at, l.ledger_seq, "
    "COALESCE((SELECT a.decision FROM lead_actions a WHERE a.lead_id = l.id AND a.kind = 'decide' ORDER BY a.id DESC LIMIT 1), '') "
    "AS decision, "
    "COALESCE((SELECT MAX(a.at) FROM lead_actions a WHERE a.lead_id = l.id AND a.kind = 'close'), '') AS closed_at, "
    "(SELECT COUNT(*) FROM lead_actions a WHERE a.lead_id = l.id AND a.kind = 'reply') AS replies "
    "FROM leads l JOIN bureaus b ON b.id = l.bureau_id) x ";

Lead read_lead(const db::Row& r) {
  Lead l;
  l.id = r.i64(0);
  l.bureau_id = r.i64(1);
  l.bureau_path = r.text(2);
  l.bureau_name = r.text(3);
  l.received_at = r.text(4);
  l.source = r.text(5);
  l.summary = r.text(6);
  l.object_name = r.text(7);
  l.object_credit_code = r.text(8);
  l.complainant_kind = r.text(9);
  l.complainant_name = r.text(10);
  l.complainant_contact = r.text(11);
  l.registered_by = r.i64(12);
  l.created_at = r.text(13);
  l.ledger_seq = r.opt_i64(14);
  l.decision = r.text(15);
  l.closed_at = r.text(16);
  l.replied = r.i64(17) > 0;
  return l;
}

// The case opened from a lead. The case service keeps its source on the case row (0017), so
// this is the one place that reads it; a lead opens at most one case.
void find_case(db::Connection& c, Lead& l) {
  auto q = c.prepare("SELECT id, number FROM cases WHERE source_kind = 'lead' AND source_id = ? ORDER BY id LIMIT 1");
  q->bind(std::to_string(l.id));
  if (q->step()) {
    l.case_id = q->row().i64(0);
    l.case_number = q->row().text(1);
  }
}

Lead load_lead(db::Connection& c, const org::Principal& p, int64_t id) {
  auto q = c.prepare(std::string(kLeadSelect) + "WHERE x.id = ? AND x.bureau_path LIKE ?");
  q->bind(id).bind(p.bureau_path + "%");
  if (!q->step()) throw Error::not_found("lead.not_found", "问题线索不存在");
  Lead l = read_lead(q->row());
  q.reset();
  find_case(c, l);
  return l;
}

void require_read(const org::Principal& p) {
  if (!p.can("lead.manage") && !p.can("lead.instruct")) p.require("lead.read");
}

void require_open(const Lead& l) {
  if (!l.closed_at.empty()) throw Error::conflict("lead.closed", "问题线索已办结，不能再变更");
}

// Working days from receipt to today (or to closing): nullopt when the calendar does not cover
// the span (the age is then "unknown", never guessed from weekdays).
std::optional<int64_t> age_workdays(const calendar::WorkCalendar& cal, const Lead& l) {
  auto rec = time::parse_iso(l.received_at);
  if (!rec) return std::nullopt;
  auto end = l.closed_at.empty() ? time::today_shanghai() : time::shanghai_date(*time::parse_iso(l.closed_at));
  return cal.workdays_between(time::shanghai_date(*rec), end);
}

nlohmann::json lead_json(const Lead& l, const calendar::WorkCalendar& cal) {
  auto age = age_workdays(cal, l);
  return {{"id", l.id},
          {"bureau_id", l.bureau_id},
          {"bureau_name", l.bureau_name},
          {"received_at", l.received_at},
          {"source", l.source},
          {"source_label", name_in(kSources, l.source)},
          {"summary", l.summary},
          {"object_name", l.object_name},
          {"object_credit_code", l.object_credit_code},
          {"is_complaint", is_complaint(l.source)},
          {"complainant_kind", l.complainant_kind},
          {"complainant_name", l.complainant_name},
          {"complainant_contact", l.complainant_contact},
          {"created_at", l.created_at},
          {"state", l.state()},
          {"decision", l.decision},
          {"decision_label", name_in(kDecisions, l.decision)},
          {"closed_at", l.closed_at.empty() ? nlohmann::json(nullptr) : nlohmann::json(l.closed_at)},
          {"reply_missing", l.reply_missing()},
          {"age_workdays", age ? nlohmann::json(*age) : nlohmann::json(nullptr)},
          {"case", l.case_id ? nlohmann::json{{"id", *l.case_id}, {"number", l.case_number}} : nlohmann::json(nullptr)},
          {"ledger_seq", l.ledger_seq ? nlohmann::json(*l.ledger_seq) : nlohmann::json(nullptr)}};
}

struct Action {
  int64_t id = 0, actor_id = 0;
  std::optional<int64_t> handler_id, corrects, ledger_seq;
  std::string kind, at, instruction, decision, reason, transfer_to, reply_on, reply_manner, reply_content;
};

std::vector<Action> actions_of(db::Connection& c, int64_t lead_id) {
  auto q = c.prepare(
      "SELECT id, kind, actor_id, at, instruction, handler_id, decision, reason, transfer_to, reply_on, reply_manner, reply_content, "
      "corrects, ledger_seq FROM lead_actions WHERE lead_id = ? ORDER BY id");
  q->bind(lead_id);
  std::vector<Action> out;
  while (q->step()) {
    const auto& r = q->row();
    Action a;
    a.id = r.i64(0);
    a.kind = r.text(1);
    a.actor_id = r.i64(2);
    a.at = r.text(3);
    a.instruction = r.text(4);
    a.handler_id = r.opt_i64(5);
    a.decision = r.text(6);
    a.reason = r.text(7);
    a.transfer_to = r.text(8);
    a.reply_on = r.text(9);
    a.reply_manner = r.text(10);
    a.reply_content = r.text(11);
    a.corrects = r.opt_i64(12);
    a.ledger_seq = r.opt_i64(13);
    out.push_back(std::move(a));
  }
  return out;
}

nlohmann::json action_json(db::Connection& c, const Action& a) {
  nlohmann::json j = {{"id", a.id},
                      {"kind", a.kind},
                      {"kind_label", name_in(kActions, a.kind)},
                      {"actor", org::user_ref(c, a.actor_id)},
                      {"at", a.at},
                      {"corrects", a.corrects ? nlohmann::json(*a.corrects) : nlohmann::json(nullptr)},
                      {"ledger_seq", a.ledger_seq ? nlohmann::json(*a.ledger_seq) : nlohmann::json(nullptr)}};
  if (a.kind == "instruct") j["instruction"] = a.instruction;
  if (a.kind == "assign") j["handler"] = a.handler_id ? org::user_ref(c, *a.handler_id) : nlohmann::json(nullptr);
  if (a.kind == "decide") {
    j["decision"] = a.decision;
    j["decision_label"] = name_in(kDecisions, a.decision);
    j["reason"] = a.reason;
    j["transfer_to"] = a.transfer_to;
  }
  if (a.kind == "reply") {
    j["reply_on"] = a.reply_on;
    j["reply_manner"] = a.reply_manner;
    j["reply_content"] = a.reply_content;
  }
  return j;
}

// Appends one action with its ledger entry; the previous action of the same kind, if any, is
// the one it corrects.
void add_action(db::Connection& c, const org::Principal& p, const Lead& l, Action a) {
  auto prev = c.prepare("SELECT MAX(id) FROM lead_actions WHERE lead_id = ? AND kind = ?");
  prev->bind(l.id).bind(a.kind);
  prev->step();
  a.corrects = prev->row().opt_i64(0);
  prev.reset();
  auto ins = c.prepare(
      "INSERT INTO lead_actions(lead_id, kind, actor_id, at, instruction, handler_id, decision, reason, transfer_to, reply_on, "
      "reply_manner, reply_content, corrects) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
  ins->bind(l.id).bind(a.kind).bind(p.user_id).bind(time::to_iso(time::now())).bind(a.instruction).bind(a.handler_id)
      .bind(a.decision).bind(a.reason).bind(a.transfer_to).bind(a.reply_on).bind(a.reply_manner).bind(a.reply_content)
      .bind(a.corrects);
  ins->step();
  int64_t id = ins->row().i64(0);
  ins.reset();
  ledger::record_row(c, p.actor(), "lead." + a.kind, "lead", "lead_actions", "id", std::to_string(id), kActionRecord, {},
                     std::to_string(l.id));
}

template <size_t N>
std::string parse_code(const Named (&t)[N], const std::string& v) {
  for (const auto& n : t)
    if (v == n.code || v == n.name) return n.code;
  return "";
}

SourceInfo check_lead_source(db::Connection& c, const org::Principal& p, const std::string& id_text) {
  int64_t id = 0;
  try {
    size_t used = 0;
    id = std::stoll(id_text, &used);
    if (used != id_text.size()) id = 0;
  } catch (...) {
    id = 0;
  }
  if (id <= 0) throw Error::not_found("lead.not_found", "问题线索不存在");
  Lead l = load_lead(c, p, id);
  if (l.decision != "case")
    throw Error::conflict("lead.not_for_case", "该问题线索未决定立案查处，不能据此立案", {{"lead_id", l.id}, {"decision", l.decision}});
  if (l.case_id)
    throw Error::conflict("lead.case_exists", "该问题线索已立案（" + l.case_number + "），一条线索只能立案一次",
                          {{"lead_id", l.id}, {"case_id", *l.case_id}});
  SourceInfo info;
  info.bureau_id = l.bureau_id;
  info.facts = {{"party_name", l.object_name}, {"party_code", l.object_credit_code}, {"summary", l.summary}};
  return info;
}

}  // namespace

void register_lead_kinds() { register_source_kind("lead", "问题线索", check_lead_source); }

nlohmann::json dictionaries() {
  return {{"sources", named_list(kSources)}, {"decisions", named_list(kDecisions)}, {"actions", named_list(kActions)},
          {"reply_manners", nlohmann::json::array({"电话", "书面", "短信", "当面", "电子邮件", "其他"})}};
}

nlohmann::json create_lead(db::Connection& c, const org::Principal& p, const nlohmann::json& in) {
  p.require("lead.manage");
  Fields f(in);
  std::string received = f.str("received_at", "收阅时间", 40);
  auto at = time::parse_iso(received);
  if (!at) throw Error::invalid("received_at", "收阅时间格式应为 ISO 8601，如 2026-11-25T09:30:00Z");
  if (*at > time::now() + std::chrono::minutes(5)) throw Error::invalid("received_at", "收阅时间不能晚于现在");
  std::string source = parse_code(kSources, f.str("source", "线索来源", 20));
  if (source.empty()) throw Error::invalid("source", "线索来源只能是上级交办、部门移送、举报、投诉、媒体、检查发现或其他");
  std::string summary = f.str("summary", "线索简要内容", 2000);
  std::string object_name = f.opt_str("object_name", "涉及单位名称", 200).value_or("");
  std::string code = f.opt_str("object_credit_code", "统一社会信用代码", 18).value_or("");
  for (auto& ch : code) ch = char(std::toupper(static_cast<unsigned char>(ch)));
  if (!code.empty()) {
    auto chk = codes::check_credit_code(code, [&c](std::string_view s) { return registry::allowlist_contains(c, s); });
    if (!chk.valid) throw Error::invalid("object_credit_code", chk.reason);
    if (object_name.empty()) throw Error::required("object_name", "涉及单位名称");
  }
  std::string ckind, cname, ccontact;
  if (is_complaint(source)) {
    ckind = f.str("complainant_kind", "投诉举报人（实名或匿名）", 20);
    if (ckind != "named" && ckind != "anonymous") throw Error::invalid("complainant_kind", "投诉举报人只能是 named（实名）或 anonymous（匿名）");
    if (ckind == "named") {
      cname = f.str("complainant_name", "投诉举报人姓名", 100);
      ccontact = f.str("complainant_contact", "投诉举报人联系方式", 200);
    }
  }
  int64_t bureau_id = f.opt_i64("bureau_id", "所属机构").value_or(p.bureau_id);
  auto b = org::get_bureau(c, p, bureau_id);  // 404 out of scope
  auto ins = c.prepare(
      "INSERT INTO leads(bureau_id, received_at, source, summary, object_name, object_credit_code, complainant_kind, complainant_name, "
      "complainant_contact, registered_by, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
  ins->bind(b.id).bind(time::to_iso(*at)).bind(source).bind(summary).bind(object_name).bind(code).bind(ckind).bind(cname)
      .bind(ccontact).bind(p.user_id).bind(time::to_iso(time::now()));
  ins->step();
  int64_t id = ins->row().i64(0);
  ins.reset();
  ledger::record_row(c, p.actor(), "lead.create", "lead", "leads", "id", std::to_string(id), kLeadRecord);
  return get_lead(c, p, id);
}

nlohmann::json list_leads(db::Connection& c, const org::Principal& p, const LeadFilter& f) {
  require_read(p);
  std::string where = "WHERE x.bureau_path LIKE ?";
  std::vector<db::Value> args{p.bureau_path + "%"};
  if (f.bureau_id) {
    where += " AND x.bureau_id = ?";
    args.emplace_back(*f.bureau_id);
  }
  if (!f.source.empty()) {
    std::string s = parse_code(kSources, f.source);
    if (s.empty()) throw Error::invalid("source", "线索来源不正确");
    where += " AND x.source = ?";
    args.emplace_back(s);
  }
  if (f.state == "pending") where += " AND x.decision = '' AND x.closed_at = ''";
  else if (f.state == "decided") where += " AND x.decision <> '' AND x.closed_at = ''";
  else if (f.state == "closed") where += " AND x.closed_at <> ''";
  else if (!f.state.empty()) throw Error::invalid("state", "状态只能是 pending、decided 或 closed");
  if (!f.from.empty()) {
    where += " AND x.received_at >= ?";
    args.emplace_back(day_bound(f.from, "from", false));
  }
  if (!f.to.empty()) {
    where += " AND x.received_at < ?";
    args.emplace_back(day_bound(f.to, "to", true));
  }
  if (f.reply_missing) {
    std::string cond = "(x.complainant_kind = 'named' AND x.decision = 'no_case' AND x.replies = 0)";
    where += *f.reply_missing ? " AND " + cond : " AND NOT " + cond;
  }
  if (!f.q.empty()) {
    where += " AND (x.summary LIKE ? OR x.object_name LIKE ? OR x.object_credit_code LIKE ?)";
    std::string like = "%" + f.q + "%";
    args.emplace_back(like);
    args.emplace_back(like);
    args.emplace_back(like);
  }
  int64_t size = std::clamp<int64_t>(f.page_size, 1, 200), page = std::max<int64_t>(f.page, 1);
  auto count = c.prepare("SELECT COUNT(*) FROM (" + std::string(kLeadSelect) + where + ") y");
  for (auto& a : args) count->bind(a);
  count->step();
  int64_t total = count->row().i64(0);
  count.reset();
  auto q = c.prepare(std::string(kLeadSelect) + where + " ORDER BY x.received_at DESC, x.id DESC LIMIT ? OFFSET ?");
  for (auto& a : args) q->bind(a);
  q->bind(size).bind((page - 1) * size);
  std::vector<Lead> leads;
  while (q->step()) leads.push_back(read_lead(q->row()));
  q.reset();
  auto cal = calendar::load(c);
  nlohmann::json items = nlohmann::json::array();
  for (auto& l : leads) {
    find_case(c, l);
    items.push_back(lead_json(l, cal));
  }
  return {{"items", items}, {"total", total}, {"page", page}, {"page_size", size}};
}

nlohmann::json get_lead(db::Connection& c, const org::Principal& p, int64_t id) {
  require_read(p);
  Lead l = load_lead(c, p, id);
  auto j = lead_json(l, calendar::load(c));
  j["registered_by"] = org::user_ref(c, l.registered_by);
  nlohmann::json history = nlohmann::json::array();
  nlohmann::json instruction = nullptr, handler = nullptr, decision = nullptr, reply = nullptr;
  for (const auto& a : actions_of(c, l.id)) {
    auto aj = action_json(c, a);
    if (a.kind == "instruct") instruction = aj;
    if (a.kind == "assign") handler = aj;
    if (a.kind == "decide") decision = aj;
    if (a.kind == "reply") reply = aj;
    history.push_back(std::move(aj));
  }
  j["instruction"] = instruction;
  j["handler"] = handler;
  j["decision_detail"] = decision;
  j["reply"] = reply;
  j["history"] = history;
  return j;
}

nlohmann::json instruct_lead(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in) {
  p.require("lead.instruct");
  Fields f(in);
  Action a;
  a.kind = "instruct";
  a.instruction = f.str("instruction", "批示要求", 1000);
  Lead l = load_lead(c, p, id);
  require_open(l);
  add_action(c, p, l, a);
  return get_lead(c, p, id);
}

nlohmann::json assign_lead(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in) {
  p.require("lead.manage");
  Fields f(in);
  int64_t handler = f.i64("handler_id", "经办人");
  Lead l = load_lead(c, p, id);
  require_open(l);
  auto q = c.prepare("SELECT u.status FROM users u JOIN bureaus b ON b.id = u.bureau_id WHERE u.id = ? AND b.path LIKE ?");
  q->bind(handler).bind(p.bureau_path + "%");
  if (!q->step()) throw Error::invalid("handler_id", "经办人不存在或不在本机构范围内", "lead.handler_invalid");
  if (q->row().text(0) != "active") throw Error::invalid("handler_id", "经办人账号已停用", "lead.handler_invalid");
  q.reset();
  Action a;
  a.kind = "assign";
  a.handler_id = handler;
  add_action(c, p, l, a);
  return get_lead(c, p, id);
}

nlohmann::json decide_lead(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in) {
  p.require("lead.manage");
  Fields f(in);
  Action a;
  a.kind = "decide";
  a.decision = parse_code(kDecisions, f.str("decision", "处理决定", 20));
  if (a.decision.empty()) throw Error::invalid("decision", "处理决定只能是 case（立案查处）、no_case（不予立案）或 transfer（移送处理）");
  if (a.decision == "no_case") a.reason = f.str("reason", "不予立案的理由", 1000);
  else a.reason = f.opt_str("reason", "说明", 1000).value_or("");
  if (a.decision == "transfer") a.transfer_to = f.str("transfer_to", "移送机关", 200);
  Lead l = load_lead(c, p, id);
  require_open(l);
  if (l.case_id)
    throw Error::conflict("lead.case_opened", "该问题线索已立案（" + l.case_number + "），不能改变处理决定", {{"case_id", *l.case_id}});
  add_action(c, p, l, a);
  return get_lead(c, p, id);
}

nlohmann::json reply_lead(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in) {
  p.require("lead.manage");
  Fields f(in);
  Action a;
  a.kind = "reply";
  a.reply_on = f.str("reply_on", "答复日期", 10);
  auto d = time::parse_date(a.reply_on);
  if (!d) throw Error::invalid("reply_on", "答复日期格式应为 YYYY-MM-DD");
  if (*d > time::today_shanghai()) throw Error::invalid("reply_on", "答复日期不能晚于今天");
  a.reply_manner = f.str("reply_manner", "答复方式", 50);
  a.reply_content = f.str("reply_content", "答复内容", 2000);
  Lead l = load_lead(c, p, id);
  require_open(l);
  if (!l.named()) throw Error::conflict("lead.not_named_complaint", "只有实名投诉、举报需要答复投诉举报人");
  if (l.decision.empty()) throw Error::conflict("lead.not_decided", "问题线索尚未作出处理决定");
  auto rec = time::parse_iso(l.received_at);
  if (rec && *d < time::shanghai_date(*rec)) throw Error::invalid("reply_on", "答复日期不能早于收阅日期");
  add_action(c, p, l, a);
  return get_lead(c, p, id);
}

nlohmann::json close_lead(db::Connection& c, const org::Principal& p, int64_t id) {
  p.require("lead.manage");
  Lead l = load_lead(c, p, id);
  require_open(l);
  if (l.decision.empty())
    throw Error::conflict("lead.not_decided", "问题线索尚未作出处理决定，不能办结", {{"missing", nlohmann::json::array({"处理决定"})}});
  // Art 7: a named complainant whose complaint leads to no case is told so, in writing on record.
  if (l.reply_missing())
    throw Error::conflict("lead.reply_required", "实名投诉举报不予立案的，应当先记录对投诉举报人的答复",
                          {{"missing", nlohmann::json::array({"答复投诉举报人记录"})}});
  if (l.decision == "case" && !l.case_id)
    throw Error::conflict("lead.case_not_opened", "决定立案查处的线索应当先立案", {{"missing", nlohmann::json::array({"立案"})}});
  Action a;
  a.kind = "close";
  add_action(c, p, l, a);
  return get_lead(c, p, id);
}

}  // namespace zhifa::cases::leads
