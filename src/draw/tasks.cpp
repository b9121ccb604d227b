#include "draw/tasks.h"

#include <algorithm>
#include <map>

#include "base/error.h"
#include "base/fields.h"
#include "inspectors/inspectors.h"
#include "ledger/ledger.h"
#include "registry/draw_candidates.h"
#include "spotcheck/forms.h"

namespace zhifa::draw {
namespace {

using nlohmann::json;

constexpr const char* kSubject = "draw_task";

const std::vector<std::string> kTaskRecord = {
    "province_code", "session_id", "bureau_id",   "position",    "object_kind", "object_id",       "credit_code",
    "object_name",   "division_code", "rule",     "stratum",     "cluster",     "item_id",         "item_version_id",
    "form_version_id", "method",   "window_from", "window_to",   "check_date",  "state",           "created_at",
    "superseded_at"};
const std::vector<std::string> kMemberRecord = {"task_id", "inspector_id", "certificate_no", "name", "department", "role",
                                                "slot", "joined_at", "replacement_id", "left_at", "left_replacement_id"};
const std::vector<std::string> kReplacementRecord = {
    "session_id", "task_id", "member_id", "certificate_no", "reason", "note", "state", "requested_at", "requested_by",
    "decided_at", "decided_by", "opinion", "n", "new_certificate_no", "new_member_id"};

struct Task {
  int64_t id = 0, session_id = 0, bureau_id = 0, position = 0, item_id = 0, item_version_id = 0;
  std::string bureau_path, bureau_name, object_kind, credit_code, object_name, division_code, rule;
  std::optional<int64_t> object_id, stratum, form_version_id;
  std::optional<std::string> cluster, superseded_at;
  std::string method, window_from, window_to, check_date, state, created_at, session_title, item_name;
};

const char* kTaskSelect =
    "SELECT t.id, t.session_id, t.bureau_id, b.path, b.name, t.position, t.object_kind, t.object_id, t.credit_code, "
    "t.object_name, t.division_code, t.rule, t.stratum, t.cluster, t.item_id, t.item_version_id, t.form_version_id, t.method, "
    "t.window_from, t.window_to, t.check_date, t.state, t.created_at, t.superseded_at, s.title, s.item_name "
    "FROM draw_tasks t JOIN bureaus b ON b.id = t.bureau_id JOIN draw_sessions s ON s.id = t.session_id ";

Task read_task(const db::Row& r) {
  Task t;
  int i = 0;
  t.id = r.i64(i++);
  t.session_id = r.i64(i++);
  t.bureau_id = r.i64(i++);
  t.bureau_path = r.text(i++);
  t.bureau_name = r.text(i++);
  t.position = r.i64(i++);
  t.object_kind = r.text(i++);
  t.object_id = r.opt_i64(i++);
  t.credit_code = r.text(i++);
  t.object_name = r.text(i++);
  t.division_code = r.text(i++);
  t.rule = r.text(i++);
  t.stratum = r.opt_i64(i++);
  t.cluster = r.opt_text(i++);
  t.item_id = r.i64(i++);
  t.item_version_id = r.i64(i++);
  t.form_version_id = r.opt_i64(i++);
  t.method = r.text(i++);
  t.window_from = r.text(i++);
  t.window_to = r.text(i++);
  t.check_date = r.text(i++);
  t.state = r.text(i++);
  t.created_at = r.text(i++);
  t.superseded_at = r.opt_text(i++);
  t.session_title = r.text(i++);
  t.item_name = r.text(i++);
  return t;
}

struct Member {
  int64_t id = 0, task_id = 0, slot = 0;
  std::optional<int64_t> inspector_id, replacement_id, left_replacement_id;
  std::string certificate_no, name, department, role, joined_at;
  std::optional<std::string> left_at;
  json to_json() const {
    return {{"member_id", id},
            {"inspector_id", inspector_id ? json(*inspector_id) : json(nullptr)},
            {"certificate_no", certificate_no},
            {"name", name},
            {"department", department},
            {"role", role},
            {"joined_at", joined_at},
            {"left_at", left_at ? json(*left_at) : json(nullptr)},
            {"replacement_id", replacement_id ? json(*replacement_id) : json(nullptr)}};
  }
};

std::vector<Member> members_of(db::Connection& c, int64_t task_id) {
  auto q = c.prepare(
      "SELECT id, task_id, slot, inspector_id, replacement_id, left_replacement_id, certificate_no, name, department, role, "
      "joined_at, left_at FROM draw_task_members WHERE task_id = ? ORDER BY slot, id");
  q->bind(task_id);
  std::vector<Member> out;
  while (q->step()) {
    const auto& r = q->row();
    out.push_back({r.i64(0), r.i64(1), r.i64(2), r.opt_i64(3), r.opt_i64(4), r.opt_i64(5), r.text(6), r.text(7), r.text(8), r.text(9),
                   r.text(10), r.opt_text(11)});
  }
  return out;
}

const char* role_name(const std::string& r) {
  if (r == "leader") return "组长";
  if (r == "member") return "组员";
  if (r == "joint") return "联合检查人员";
  return "";
}

const char* rule_name(const std::string& r) {
  if (r == "key_unit") return "重点单位每年检查";
  if (r == "seriously_dishonest") return "严重失信单位每半年检查";
  if (r == "drawn") return "随机抽取";
  if (r == "all") return "全覆盖";
  return "";
}

const char* reason_name(const std::string& r) {
  if (r == "job_change") return "岗位调整";
  if (r == "work_conflict") return "工作冲突";
  if (r == "health") return "身体健康状况";
  return nullptr;
}

json task_json(db::Connection& c, const Task& t, bool with_former) {
  json team = json::array(), former = json::array();
  for (const auto& m : members_of(c, t.id)) {
    json j = m.to_json();
    j["role_name"] = role_name(m.role);
    (m.left_at ? former : team).push_back(j);
  }
  json out = {{"id", t.id},
              {"session_id", t.session_id},
              {"session_title", t.session_title},
              {"bureau_id", t.bureau_id},
              {"bureau_name", t.bureau_name},
              {"position", t.position},
              {"object",
               {{"kind", t.object_kind},
                {"id", t.object_id ? json(*t.object_id) : json(nullptr)},
                {"credit_code", t.credit_code},
                {"name", t.object_name},
                {"division_code", t.division_code}}},
              {"rule", t.rule},
              {"rule_name", rule_name(t.rule)},
              {"stratum", t.stratum ? json(*t.stratum) : json(nullptr)},
              {"cluster", t.cluster ? json(*t.cluster) : json(nullptr)},
              {"item_id", t.item_id},
              {"item_version_id", t.item_version_id},
              {"item_name", t.item_name},
              {"form_version_id", t.form_version_id ? json(*t.form_version_id) : json(nullptr)},
              {"method", t.method},
              {"window_from", t.window_from},
              {"window_to", t.window_to},
              {"date", t.check_date},
              {"state", t.state},
              {"created_at", t.created_at},
              {"superseded_at", t.superseded_at ? json(*t.superseded_at) : json(nullptr)},
              {"team", team}};
  if (with_former) out["former_members"] = former;
  return out;
}

std::optional<Task> load_task(db::Connection& c, int64_t id) {
  auto q = c.prepare(std::string(kTaskSelect) + "WHERE t.id = ?");
  q->bind(id);
  if (!q->step()) return std::nullopt;
  return read_task(q->row());
}

[[noreturn]] void task_not_found() { throw Error::not_found("task.not_found", "检查任务不存在或不在您的管辖范围内"); }

// A task is the caller's when their inspector record is (or was) on its team.
bool is_members(db::Connection& c, const org::Principal& p, int64_t task_id) {
  auto me = inspectors::inspector_of_user(c, p.user_id);
  if (!me) return false;
  auto q = c.prepare("SELECT 1 FROM draw_task_members WHERE task_id = ? AND inspector_id = ?");
  q->bind(task_id).bind(*me);
  return q->step();
}

Task task_in_scope(db::Connection& c, const org::Principal& p, int64_t id) {
  auto t = load_task(c, id);
  if (!t || !p.covers_path(t->bureau_path)) task_not_found();
  return *t;
}

struct Replacement {
  int64_t id = 0, session_id = 0, task_id = 0, member_id = 0, requested_by = 0;
  std::string certificate_no, reason, note, state, requested_at, opinion, requested_by_name, decided_by_name;
  std::optional<std::string> decided_at, new_certificate_no;
  std::optional<int64_t> decided_by, n, new_member_id;
};

const char* kReplacementSelect =
    "SELECT r.id, r.session_id, r.task_id, r.member_id, r.requested_by, r.certificate_no, r.reason, r.note, r.state, "
    "r.requested_at, r.opinion, ru.name, du.name, r.decided_at, r.new_certificate_no, r.decided_by, r.n, r.new_member_id "
    "FROM draw_replacements r LEFT JOIN users ru ON ru.id = r.requested_by LEFT JOIN users du ON du.id = r.decided_by ";

Replacement read_replacement(const db::Row& r) {
  return {r.i64(0),           r.i64(1),           r.i64(2),      r.i64(3),      r.i64(4),          r.text(5),
          r.text(6),          r.text(7),          r.text(8),     r.text(9),     r.text(10),        r.opt_text(11).value_or(""),
          r.opt_text(12).value_or(""), r.opt_text(13), r.opt_text(14), r.opt_i64(15), r.opt_i64(16), r.opt_i64(17)};
}

std::vector<Replacement> replacements_where(db::Connection& c, const std::string& where, int64_t key) {
  auto q = c.prepare(std::string(kReplacementSelect) + where + " ORDER BY r.id");
  q->bind(key);
  std::vector<Replacement> out;
  while (q->step()) out.push_back(read_replacement(q->row()));
  return out;
}

json replacement_json(const Replacement& r) {
  auto user = [](std::optional<int64_t> id, const std::string& name) { return id ? json{{"id", *id}, {"name", name}} : json(nullptr); };
  return {{"id", r.id},
          {"session_id", r.session_id},
          {"task_id", r.task_id},
          {"member_id", r.member_id},
          {"certificate_no", r.certificate_no},
          {"reason", r.reason},
          {"reason_name", reason_name(r.reason) ? reason_name(r.reason) : ""},
          {"note", r.note},
          {"state", r.state},
          {"requested_at", r.requested_at},
          {"requested_by", user(r.requested_by, r.requested_by_name)},
          {"decided_at", r.decided_at ? json(*r.decided_at) : json(nullptr)},
          {"decided_by", user(r.decided_by, r.decided_by_name)},
          {"opinion", r.opinion},
          {"n", r.n ? json(*r.n) : json(nullptr)},
          {"new_certificate_no", r.new_certificate_no ? json(*r.new_certificate_no) : json(nullptr)},
          {"new_member_id", r.new_member_id ? json(*r.new_member_id) : json(nullptr)}};
}

// Adds a member (own staff are linked to their inspector record; a joint member keeps the
// pool's name and department) and records it.
int64_t add_member(db::Connection& c, const ledger::Actor& a, int64_t task_id, const Inspector& who, const std::string& role,
                   int64_t slot, std::optional<int64_t> replacement_id, time::Instant now) {
  std::optional<int64_t> inspector_id;
  if (who.department.empty()) {
    auto rec = inspectors::find_by_certificate(c, who.id);
    if (rec) inspector_id = rec->id;
  }
  auto ins = c.prepare(
      "INSERT INTO draw_task_members(task_id, inspector_id, certificate_no, name, department, role, slot, joined_at, "
      "replacement_id) VALUES (?,?,?,?,?,?,?,?,?) RETURNING id");
  ins->bind(task_id).bind(inspector_id).bind(who.id).bind(who.name).bind(who.department).bind(role).bind(slot)
      .bind(time::to_iso(now)).bind(replacement_id);
  ins->step();
  int64_t id = ins->row().i64(0);
  ins->exec();
  ins.reset();
  ledger::record_row(c, a, "draw.member_add", kSubject, "draw_task_members", "id", std::to_string(id), kMemberRecord,
                     {{"task_id", task_id}}, std::to_string(task_id));
  return id;
}

const Inspector& pool_inspector(const Pool& pool, const std::string& certificate_no) {
  auto it = std::lower_bound(pool.inspectors.begin(), pool.inspectors.end(), certificate_no,
                             [](const Inspector& i, const std::string& id) { return i.id < id; });
  if (it == pool.inspectors.end() || it->id != certificate_no)
    throw Error::internal("inspector " + certificate_no + " is not in the session's pool");
  return *it;
}

}  // namespace

// ---- used by the sessions -------------------------------------------------------------------

std::string session_file(db::Connection& c, int64_t session_id, const char* kind) {
  auto q = c.prepare("SELECT content FROM draw_documents WHERE session_id = ? AND kind = ?");
  q->bind(session_id).bind(kind);
  if (!q->step()) {
    if (std::string(kind) == "certificate") throw Error::not_found("draw.not_drawn", "该抽查批次尚未抽取，没有抽取证书");
    throw Error::internal("draw session " + std::to_string(session_id) + " has no " + kind + " file");
  }
  return q->row().text(0);
}

void create_tasks(db::Connection& c, const ledger::Actor& a, const SessionFacts& s, const json& certificate, const Pool& pool,
                  time::Instant now) {
  std::map<std::string, size_t> object_at;
  for (size_t i = 0; i < pool.objects.size(); ++i) object_at[pool.objects[i].id] = i;
  auto day = time::parse_date(s.check_date);
  if (!day) throw Error::internal("stored check date is malformed");
  const auto form = spotcheck::form_in_force(c, s.item_id, *day);
  const auto& selected = certificate.at("result").at("selected");
  for (size_t pos = 0; pos < selected.size(); ++pos) {
    const auto& sel = selected[pos];
    const Object& o = pool.objects.at(object_at.at(sel.at("id").get<std::string>()));
    auto reg = registry::find_draw_candidate(c, s.object_type, o.id);
    std::optional<int64_t> stratum;
    std::optional<std::string> cluster;
    if (sel.contains("stratum")) stratum = sel["stratum"].get<int64_t>();
    if (sel.contains("cluster")) cluster = sel["cluster"].is_string() ? sel["cluster"].get<std::string>() : sel["cluster"].dump();
    auto ins = c.prepare(
        "INSERT INTO draw_tasks(province_code, session_id, bureau_id, position, object_kind, object_id, credit_code, object_name, "
        "division_code, rule, stratum, cluster, item_id, item_version_id, form_version_id, method, window_from, window_to, "
        "check_date, state, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'assigned',?) RETURNING id");
    ins->bind(s.province_code).bind(s.id).bind(s.bureau_id).bind(int64_t(pos)).bind(s.object_type)
        .bind(reg ? std::optional<int64_t>(reg->id) : std::nullopt).bind(o.id).bind(o.name).bind(pool.text(o.division))
        .bind(sel.at("rule").get<std::string>()).bind(stratum).bind(cluster).bind(s.item_id).bind(s.item_version_id).bind(form)
        .bind(s.method).bind(s.window_from).bind(s.window_to).bind(s.check_date).bind(time::to_iso(now));
    ins->step();
    int64_t task_id = ins->row().i64(0);
    ins->exec();
    ins.reset();
    ledger::record_row(c, a, "draw.task_create", kSubject, "draw_tasks", "id", std::to_string(task_id), kTaskRecord,
                       {{"session_id", s.id}});
    if (!sel.contains("team")) continue;
    int64_t slot = 0;
    for (const auto& m : sel["team"])
      add_member(c, a, task_id, pool_inspector(pool, m.at("id").get<std::string>()), m.at("role").get<std::string>(), slot++,
                 std::nullopt, now);
  }
}

void supersede_tasks(db::Connection& c, const ledger::Actor& a, int64_t session_id, time::Instant now) {
  std::vector<int64_t> ids;
  {
    auto q = c.prepare("SELECT id FROM draw_tasks WHERE session_id = ? AND state = 'assigned' ORDER BY id");
    q->bind(session_id);
    while (q->step()) ids.push_back(q->row().i64(0));
  }
  const std::string at = time::to_iso(now);
  for (int64_t id : ids) {
    c.prepare("UPDATE draw_tasks SET state = 'superseded', superseded_at = ? WHERE id = ?")->bind(at).bind(id).exec();
    ledger::record_row(c, a, "draw.task_supersede", kSubject, "draw_tasks", "id", std::to_string(id), kTaskRecord,
                       {{"session_id", session_id}});
  }
}

std::map<std::string, int64_t> loads_in_year(db::Connection& c, int year) {
  const std::string y = std::to_string(year);
  auto q = c.prepare(
      "SELECT m.certificate_no, COUNT(*) FROM draw_task_members m JOIN draw_tasks t ON t.id = m.task_id WHERE m.left_at IS NULL "
      "AND t.state = 'assigned' AND t.check_date >= ? AND t.check_date <= ? GROUP BY m.certificate_no");
  q->bind(y + "-01-01").bind(y + "-12-31");
  std::map<std::string, int64_t> out;
  while (q->step()) out[q->row().text(0)] = q->row().i64(1);
  return out;
}

json public_tasks(db::Connection& c, int64_t session_id) {
  auto q = c.prepare(std::string(kTaskSelect) + "WHERE t.session_id = ? ORDER BY t.position");
  q->bind(session_id);
  std::vector<Task> tasks;
  while (q->step()) tasks.push_back(read_task(q->row()));
  q.reset();
  json out = json::array();
  std::map<int64_t, int64_t> position_of;
  for (const auto& t : tasks) {
    position_of[t.id] = t.position;
    json team = json::array();
    for (const auto& m : members_of(c, t.id))
      if (!m.left_at)
        team.push_back({{"name", m.name}, {"certificate_no", m.certificate_no}, {"department", m.department}, {"role", m.role},
                        {"role_name", role_name(m.role)}});
    out.push_back({{"position", t.position},
                   {"object", {{"name", t.object_name}, {"credit_code", t.credit_code}, {"division_code", t.division_code}}},
                   {"rule", t.rule},
                   {"rule_name", rule_name(t.rule)},
                   {"state", t.state},
                   {"team", team}});
  }
  json reps = json::array();
  for (const auto& r : replacements_where(c, "WHERE r.session_id = ? AND r.state = 'approved'", session_id)) {
    reps.push_back({{"n", r.n ? json(*r.n) : json(nullptr)},
                    {"position", position_of[r.task_id]},
                    {"leaving", r.certificate_no},
                    {"joining", r.new_certificate_no ? json(*r.new_certificate_no) : json(nullptr)},
                    {"approved_at", r.decided_at ? json(*r.decided_at) : json(nullptr)}});
  }
  return {{"tasks", out}, {"replacements", reps}};
}

json session_tasks(db::Connection& c, int64_t session_id) {
  auto q = c.prepare(std::string(kTaskSelect) + "WHERE t.session_id = ? ORDER BY t.position");
  q->bind(session_id);
  std::vector<Task> tasks;
  while (q->step()) tasks.push_back(read_task(q->row()));
  q.reset();
  json out = json::array();
  for (const auto& t : tasks) out.push_back(task_json(c, t, true));
  return out;
}

json session_replacements(db::Connection& c, int64_t session_id) {
  json out = json::array();
  for (const auto& r : replacements_where(c, "WHERE r.session_id = ?", session_id)) out.push_back(replacement_json(r));
  return out;
}

// ---- tasks -------------------------------------------------------------------------------------

json list_tasks(db::Connection& c, const org::Principal& p, const TaskFilter& f) {
  p.require("spotcheck.read");
  std::string where;
  std::vector<db::Value> args;
  int64_t size = std::clamp<int64_t>(f.page_size, 1, 200), page = std::max<int64_t>(f.page, 1);
  if (f.mine) {
    // An inspector's own tasks, wherever the task's bureau is (a city draws a county's inspector).
    auto me = inspectors::inspector_of_user(c, p.user_id);
    if (!me) return {{"items", json::array()}, {"total", 0}, {"page", page}, {"page_size", size}};
    where = "WHERE EXISTS (SELECT 1 FROM draw_task_members m WHERE m.task_id = t.id AND m.inspector_id = ? AND m.left_at IS NULL)";
    args.emplace_back(*me);
  } else {
    where = "WHERE b.path LIKE ?";
    args.emplace_back(p.bureau_path + "%");
  }
  if (f.session_id) where += " AND t.session_id = ?", args.emplace_back(*f.session_id);
  if (!f.state.empty()) {
    if (f.state != "assigned" && f.state != "superseded") throw Error::invalid("state", "状态只能是 assigned 或 superseded");
    where += " AND t.state = ?";
    args.emplace_back(f.state);
  }
  auto cq = c.prepare("SELECT COUNT(*) FROM draw_tasks t JOIN bureaus b ON b.id = t.bureau_id " + where);
  for (auto& a : args) cq->bind(a);
  cq->step();
  int64_t total = cq->row().i64(0);
  cq.reset();
  auto q = c.prepare(std::string(kTaskSelect) + where + " ORDER BY t.check_date, t.id LIMIT ? OFFSET ?");
  for (auto& a : args) q->bind(a);
  q->bind(size).bind((page - 1) * size);
  std::vector<Task> tasks;
  while (q->step()) tasks.push_back(read_task(q->row()));
  q.reset();
  json items = json::array();
  for (const auto& t : tasks) items.push_back(task_json(c, t, false));
  return {{"items", items}, {"total", total}, {"page", page}, {"page_size", size}};
}

json get_task(db::Connection& c, const org::Principal& p, int64_t id) {
  p.require("spotcheck.read");
  auto t = load_task(c, id);
  if (!t || !(p.covers_path(t->bureau_path) || is_members(c, p, id))) task_not_found();
  json out = task_json(c, *t, true);
  json reps = json::array();
  for (const auto& r : replacements_where(c, "WHERE r.task_id = ?", id)) reps.push_back(replacement_json(r));
  out["replacements"] = reps;
  return out;
}

json request_replacement(db::Connection& c, const org::Principal& p, int64_t task_id, const json& in, time::Instant now) {
  p.require("spotcheck.draw");
  Task t = task_in_scope(c, p, task_id);
  if (t.state != "assigned") throw Error::conflict("task.not_assigned", "该任务已被重新抽取取代，不能更换人员");
  Fields f(in);
  std::string cert = f.str("certificate_no", "被更换人员的执法证号", 50);
  std::string reason = f.str("reason", "更换理由", 32);
  if (!reason_name(reason))
    throw Error::invalid("reason", "抽取的执法检查人员只有因岗位调整（job_change）、工作冲突（work_conflict）或身体健康状况（health）才能更换（000 第十四条）",
                         "draw.replacement_reason_invalid");
  std::string note = f.opt_str("note", "说明", 500).value_or("");
  std::optional<Member> leaving;
  for (const auto& m : members_of(c, t.id))
    if (!m.left_at && m.certificate_no == cert) leaving = m;
  if (!leaving) throw Error::invalid("certificate_no", "执法证号为 " + cert + " 的人员不在该检查组中", "draw.member_not_in_team");
  {
    auto q = c.prepare("SELECT id FROM draw_replacements WHERE member_id = ? AND state = 'pending'");
    q->bind(leaving->id);
    if (q->step())
      throw Error::conflict("draw.replacement_pending", "该人员已有待审批的更换申请", {{"replacement_id", q->row().i64(0)}});
  }
  auto ins = c.prepare(
      "INSERT INTO draw_replacements(session_id, task_id, member_id, certificate_no, reason, note, state, requested_at, "
      "requested_by, opinion) VALUES (?,?,?,?,?,?,'pending',?,?,'') RETURNING id");
  ins->bind(t.session_id).bind(t.id).bind(leaving->id).bind(cert).bind(reason).bind(note).bind(time::to_iso(now)).bind(p.user_id);
  ins->step();
  int64_t id = ins->row().i64(0);
  ins->exec();
  ins.reset();
  ledger::record_row(c, p.actor(), "draw.replacement_request", kSubject, "draw_replacements", "id", std::to_string(id),
                     kReplacementRecord, {{"task_id", t.id}}, std::to_string(t.id));
  return replacement_json(replacements_where(c, "WHERE r.id = ?", id).at(0));
}

json decide_replacement(db::Connection& c, const org::Principal& p, int64_t id, const json& in, bool approve, time::Instant now) {
  p.require("spotcheck.draw.approve");
  auto found = replacements_where(c, "WHERE r.id = ?", id);
  if (found.empty()) throw Error::not_found("draw.replacement_not_found", "更换申请不存在或不在您的管辖范围内");
  const Replacement r = found[0];
  auto t = load_task(c, r.task_id);
  if (!t || !p.covers_path(t->bureau_path)) throw Error::not_found("draw.replacement_not_found", "更换申请不存在或不在您的管辖范围内");
  if (r.state != "pending") throw Error::conflict("draw.replacement_decided", "该更换申请已审批");
  if (r.requested_by == p.user_id) throw Error::conflict("draw.same_person", "更换申请须由申请人以外的负责人审批");
  Fields f(in);
  std::string opinion = f.str("opinion", "审批意见", 500);
  const std::string at = time::to_iso(now);
  if (!approve) {
    c.prepare("UPDATE draw_replacements SET state = 'refused', decided_at = ?, decided_by = ?, opinion = ? WHERE id = ?")
        ->bind(at).bind(p.user_id).bind(opinion).bind(id)
        .exec();
    ledger::record_row(c, p.actor(), "draw.replacement_refuse", kSubject, "draw_replacements", "id", std::to_string(id),
                       kReplacementRecord, {{"task_id", t->id}}, std::to_string(t->id));
    return replacement_json(replacements_where(c, "WHERE r.id = ?", id).at(0));
  }
  if (t->state != "assigned") throw Error::conflict("task.not_assigned", "该任务已被重新抽取取代，不能更换人员");
  auto members = members_of(c, t->id);
  std::vector<std::string> team;
  std::optional<Member> leaving;
  for (const auto& m : members) {
    if (m.left_at) continue;
    team.push_back(m.certificate_no);
    if (m.id == r.member_id) leaving = m;
  }
  if (!leaving) throw Error::conflict("draw.member_not_in_team", "被更换的人员已不在该检查组中");
  int64_t n = 1;
  {
    auto q = c.prepare("SELECT COUNT(*) FROM draw_replacements WHERE session_id = ? AND state = 'approved'");
    q->bind(r.session_id);
    q->step();
    n = q->row().i64(0) + 1;
  }
  // DR-7: drawn from the session's frozen pool with the n-th replacement stream, never chosen.
  const Pool pool = read_pool(session_file(c, r.session_id, "pool"));
  const json cert = json::parse(session_file(c, r.session_id, "certificate"));
  const std::string joining = replacement(pool, cert, size_t(t->position), team, leaving->certificate_no, uint64_t(n));

  c.prepare("UPDATE draw_task_members SET left_at = ?, left_replacement_id = ? WHERE id = ?")->bind(at).bind(id).bind(leaving->id).exec();
  ledger::record_row(c, p.actor(), "draw.member_leave", kSubject, "draw_task_members", "id", std::to_string(leaving->id),
                     kMemberRecord, {{"task_id", t->id}}, std::to_string(t->id));
  int64_t member_id = add_member(c, p.actor(), t->id, pool_inspector(pool, joining), leaving->role, leaving->slot, id, now);
  c.prepare(
       "UPDATE draw_replacements SET state = 'approved', decided_at = ?, decided_by = ?, opinion = ?, n = ?, new_certificate_no = ?, "
       "new_member_id = ? WHERE id = ?")
      ->bind(at).bind(p.user_id).bind(opinion).bind(n).bind(joining).bind(member_id).bind(id)
      .exec();
  ledger::record_row(c, p.actor(), "draw.replacement_approve", kSubject, "draw_replacements", "id", std::to_string(id),
                     kReplacementRecord, {{"task_id", t->id}, {"n", n}}, std::to_string(t->id));
  return replacement_json(replacements_where(c, "WHERE r.id = ?", id).at(0));
}

}  // namespace zhifa::draw
