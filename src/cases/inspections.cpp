#include "cases/inspections.h"

#include <sodium.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "base/crypto.h"
#include "base/error.h"
#include "base/fields.h"
#include "cases/documents.h"
#include "cases/events.h"
#include "cases/sources.h"
#include "draw/tasks.h"
#include "evidence/evidence.h"
#include "inspectors/inspectors.h"
#include "ledger/ledger.h"
#include "spotcheck/forms.h"

namespace zhifa::cases {
namespace {

using nlohmann::json;

constexpr const char* kSubject = "inspection";

const std::vector<std::string> kInspectionRecord = {"bureau_id", "task_id", "item_id", "form_version_id", "method",
                                                    "object_name", "credit_code", "state", "started_at", "started_by",
                                                    "completed_at", "completed_by", "outcome", "all_mobile"};
const std::vector<std::string> kStepRecord = {"inspection_id", "kind", "data", "client_id", "channel",
                                              "device_time", "recorded_at", "recorded_by"};
const std::vector<std::string> kUploadRecord = {"inspection_id", "client_id", "evidence_id", "channel",
                                                "device_time", "recorded_at", "recorded_by"};

const std::map<std::string, std::string>& kind_names() {
  static const std::map<std::string, std::string> m = {
      {"start", "开始检查"},
      {"certificate", "出示执法证件"},
      {"notice", "送达检查通知书"},
      {"answer", "检查要点记录"},
      {"written_request", "发出书面检查要求"},
      {"written_received", "收到书面检查材料"},
      {"signature", "当事人签名"},
      {"refusal", "当事人拒绝签名"},
      {"reliance", "采用其他部门检查结果"},
      {"av_unsuitable", "不宜录音录像的原因"},
      {"outcome", "检查结果处理"},
      {"complete", "完成检查"}};
  return m;
}

const std::map<std::string, std::string>& outcome_names() {
  static const std::map<std::string, std::string> m = {{"no_problem", "未发现问题"},
                                                       {"rectification", "责令整改（整改意见书）"},
                                                       {"propose_case", "建议立案查处"},
                                                       {"propose_referral", "建议移送有关机关"}};
  return m;
}

const std::map<std::string, std::string>& manner_names() {
  static const std::map<std::string, std::string> m = {
      {"direct", "直接送达"}, {"mail", "邮寄送达"}, {"electronic", "电子送达"}, {"entrusted", "委托送达"}};
  return m;
}

std::string name_of(const std::map<std::string, std::string>& m, const std::string& k) {
  auto it = m.find(k);
  return it == m.end() ? std::string() : it->second;
}

struct Insp {
  int64_t id = 0, bureau_id = 0, task_id = 0, item_id = 0, started_by = 0;
  std::optional<int64_t> form_version_id, completed_by, all_mobile;
  std::string bureau_path, bureau_name, method, object_name, credit_code, state, started_at;
  std::optional<std::string> completed_at, outcome;
  std::string item_name;
};

const char* kSelect =
    "SELECT i.id, i.bureau_id, i.task_id, i.item_id, i.started_by, i.form_version_id, i.completed_by, i.all_mobile, b.path, b.name, "
    "i.method, i.object_name, i.credit_code, i.state, i.started_at, i.completed_at, i.outcome, s.item_name "
    "FROM inspections i JOIN bureaus b ON b.id = i.bureau_id JOIN draw_tasks t ON t.id = i.task_id "
    "JOIN draw_sessions s ON s.id = t.session_id ";

Insp read_insp(const db::Row& r) {
  Insp x;
  x.id = r.i64(0);
  x.bureau_id = r.i64(1);
  x.task_id = r.i64(2);
  x.item_id = r.i64(3);
  x.started_by = r.i64(4);
  x.form_version_id = r.opt_i64(5);
  x.completed_by = r.opt_i64(6);
  x.all_mobile = r.opt_i64(7);
  x.bureau_path = r.text(8);
  x.bureau_name = r.text(9);
  x.method = r.text(10);
  x.object_name = r.text(11);
  x.credit_code = r.text(12);
  x.state = r.text(13);
  x.started_at = r.text(14);
  x.completed_at = r.opt_text(15);
  x.outcome = r.opt_text(16);
  x.item_name = r.text(17);
  return x;
}

[[noreturn]] void not_found() { throw Error::not_found("inspection.not_found", "检查记录不存在或不在您的管辖范围内"); }

std::optional<Insp> load(db::Connection& c, int64_t id) {
  auto q = c.prepare(std::string(kSelect) + "WHERE i.id = ?");
  q->bind(id);
  if (!q->step()) return std::nullopt;
  return read_insp(q->row());
}

// Whether the caller's inspector record is on the task's team; `current` only counts members
// who have not left it.
bool on_team(db::Connection& c, const org::Principal& p, int64_t task_id, bool current) {
  auto me = inspectors::inspector_of_user(c, p.user_id);
  if (!me) return false;
  auto q = c.prepare(std::string("SELECT 1 FROM draw_task_members WHERE task_id = ? AND inspector_id = ?") +
                     (current ? " AND left_at IS NULL" : ""));
  q->bind(task_id).bind(*me);
  return q->step();
}

Insp visible(db::Connection& c, const org::Principal& p, int64_t id) {
  p.require("spotcheck.read");
  auto x = load(c, id);
  if (!x || !(p.covers_path(x->bureau_path) || on_team(c, p, x->task_id, false))) not_found();
  return *x;
}

std::string user_name(db::Connection& c, int64_t id) {
  auto q = c.prepare("SELECT name FROM users WHERE id = ?");
  q->bind(id);
  return q->step() ? q->row().text(0) : std::string();
}

struct Step {
  int64_t id = 0, inspection_id = 0, recorded_by = 0;
  std::optional<int64_t> ledger_seq;
  std::string kind, data, client_id, channel, recorded_at;
  std::optional<std::string> device_time;
};

const char* kStepSelect =
    "SELECT id, inspection_id, recorded_by, ledger_seq, kind, data, client_id, channel, recorded_at, device_time FROM inspection_steps ";

Step read_step(const db::Row& r) {
  return {r.i64(0), r.i64(1), r.i64(2), r.opt_i64(3), r.text(4), r.text(5), r.text(6), r.text(7), r.text(8), r.opt_text(9)};
}

std::vector<Step> steps_of(db::Connection& c, int64_t id) {
  auto q = c.prepare(std::string(kStepSelect) + "WHERE inspection_id = ? ORDER BY id");
  q->bind(id);
  std::vector<Step> out;
  while (q->step()) out.push_back(read_step(q->row()));
  return out;
}

json step_json(db::Connection& c, const Step& s) {
  json j = {{"id", s.id},
            {"inspection_id", s.inspection_id},
            {"kind", s.kind},
            {"kind_name", name_of(kind_names(), s.kind)},
            {"data", json::parse(s.data)},
            {"client_id", s.client_id},
            {"channel", s.channel},
            {"device_time", s.device_time ? json(*s.device_time) : json(nullptr)},
            {"recorded_at", s.recorded_at},
            {"recorded_by", {{"id", s.recorded_by}, {"name", user_name(c, s.recorded_by)}}},
            {"ledger_seq", s.ledger_seq ? json(*s.ledger_seq) : json(nullptr)},
            {"clock_skew_ms", nullptr}};
  if (s.device_time) {
    auto d = time::parse_iso(*s.device_time);
    auto r = time::parse_iso(s.recorded_at);
    if (d && r) j["clock_skew_ms"] = (*d - *r).count();
  }
  return j;
}

struct EvidenceRef {
  int64_t id = 0;
  std::string kind, media_type, title;
};

std::map<int64_t, EvidenceRef> evidence_of(db::Connection& c, int64_t id) {
  auto q = c.prepare("SELECT id, kind, media_type, title FROM evidence_items WHERE owner_kind = 'inspection' AND owner_id = ? ORDER BY id");
  q->bind(std::to_string(id));
  std::map<int64_t, EvidenceRef> out;
  while (q->step()) out[q->row().i64(0)] = {q->row().i64(0), q->row().text(1), q->row().text(2), q->row().text(3)};
  return out;
}

json evidence_list(db::Connection& c, int64_t id) {
  auto q = c.prepare(
      "SELECT id, kind, media_type, title, filename, size, captured_at, uploaded_at, device_id, overdue FROM evidence_items "
      "WHERE owner_kind = 'inspection' AND owner_id = ? ORDER BY id");
  q->bind(std::to_string(id));
  json out = json::array();
  while (q->step()) {
    const auto& r = q->row();
    out.push_back({{"id", r.i64(0)},
                   {"kind", r.text(1)},
                   {"media_type", r.text(2)},
                   {"title", r.text(3)},
                   {"filename", r.text(4)},
                   {"size", r.i64(5)},
                   {"captured_at", r.text(6)},
                   {"uploaded_at", r.text(7)},
                   {"device_id", r.opt_i64(8) ? json(*r.opt_i64(8)) : json(nullptr)},
                   {"overdue", r.i64(9) != 0}});
  }
  return out;
}

bool is_av(const EvidenceRef& e) { return e.kind == "audio" || e.kind == "video"; }

// The form's check points; empty when the task has no form.
json form_points(db::Connection& c, const org::Principal& p, const Insp& x) {
  if (!x.form_version_id) return json::array();
  try {
    return spotcheck::get_form(c, p, *x.form_version_id).at("points");
  } catch (const Error&) {
    // A joint member from another region may not see the province's form list; the form is
    // the task's, so read it directly.
    auto q = c.prepare("SELECT points FROM spotcheck_form_versions WHERE id = ?");
    q->bind(*x.form_version_id);
    if (!q->step()) return json::array();
    return json::parse(q->row().text(0));
  }
}

// What the recorded steps amount to: the latest step of each kind counts (a later one corrects
// an earlier one), answers by point.
struct State {
  std::map<std::string, json> latest;  // kind -> data
  std::map<int64_t, json> answers;      // point no -> data
  std::set<int64_t> relied_points;
  bool relied_wholly = false;
  std::string party_act;  // "signature" | "refusal" | ""
};

State state_of(const std::vector<Step>& steps) {
  State s;
  for (const auto& st : steps) {
    json d = json::parse(st.data);
    s.latest[st.kind] = d;
    if (st.kind == "answer") s.answers[d.at("point_no").get<int64_t>()] = d;
    if (st.kind == "signature" || st.kind == "refusal") s.party_act = st.kind;
    if (st.kind == "reliance") {
      s.relied_wholly = d.value("whole", false);
      s.relied_points.clear();
      if (d.contains("point_nos"))
        for (const auto& n : d["point_nos"]) s.relied_points.insert(n.get<int64_t>());
    }
  }
  return s;
}

// The Chinese names of what completion still needs (empty when it may complete).
std::vector<std::string> missing_for_completion(const Insp& x, const json& points, const State& s,
                                                const std::map<int64_t, EvidenceRef>& ev) {
  std::vector<std::string> m;
  if (x.method == "on_site" && !s.latest.count("certificate")) m.push_back("出示执法证件记录");
  if (!s.latest.count("notice")) m.push_back("检查通知书送达记录");
  if (x.method == "written" && !s.latest.count("written_received")) m.push_back("书面检查材料接收记录");
  if (!s.relied_wholly)
    for (const auto& pt : points) {
      int64_t no = pt.at("no").get<int64_t>();
      if (!s.answers.count(no) && !s.relied_points.count(no))
        m.push_back("检查要点" + std::to_string(no) + "：" + pt.at("text").get<std::string>());
    }
  if (s.party_act.empty()) m.push_back("当事人签名或拒签记录");
  if (!s.latest.count("outcome")) m.push_back("检查结果处理");
  if (x.method == "on_site" && !s.latest.count("av_unsuitable") &&
      std::none_of(ev.begin(), ev.end(), [](const auto& kv) { return is_av(kv.second); }))
    m.push_back("现场检查录音录像（或不宜录制的原因）");
  return m;
}

json insp_summary(const Insp& x) {
  return {{"id", x.id},
          {"bureau_id", x.bureau_id},
          {"bureau_name", x.bureau_name},
          {"task_id", x.task_id},
          {"item_id", x.item_id},
          {"item_name", x.item_name},
          {"form_version_id", x.form_version_id ? json(*x.form_version_id) : json(nullptr)},
          {"method", x.method},
          {"method_name", x.method == "on_site" ? "现场检查" : "书面检查"},
          {"object", {{"name", x.object_name}, {"credit_code", x.credit_code}}},
          {"state", x.state},
          {"state_name", x.state == "open" ? "检查中" : "已完成"},
          {"started_at", x.started_at},
          {"started_by", x.started_by},
          {"completed_at", x.completed_at ? json(*x.completed_at) : json(nullptr)},
          {"completed_by", x.completed_by ? json(*x.completed_by) : json(nullptr)},
          {"outcome", x.outcome ? json(*x.outcome) : json(nullptr)},
          {"outcome_name", x.outcome ? json(name_of(outcome_names(), *x.outcome)) : json(nullptr)},
          {"all_mobile", x.all_mobile ? json(*x.all_mobile != 0) : json(nullptr)}};
}

json detail(db::Connection& c, const org::Principal& p, const Insp& x) {
  json out = insp_summary(x);
  out["task"] = draw::get_task(c, p, x.task_id);
  const json points = form_points(c, p, x);
  out["points"] = points;
  auto steps = steps_of(c, x.id);
  json sj = json::array();
  bool all_mobile = !steps.empty();
  for (const auto& s : steps) {
    sj.push_back(step_json(c, s));
    if (s.channel != "mobile") all_mobile = false;
  }
  out["steps"] = sj;
  out["evidence"] = evidence_list(c, x.id);
  const State st = state_of(steps);
  const auto missing = missing_for_completion(x, points, st, evidence_of(c, x.id));
  json done = json::array();
  for (const auto& [k, v] : st.latest) done.push_back(k);
  out["requirements"] = {{"missing", missing}, {"done", done}, {"answered", st.answers.size()}, {"points", points.size()}};
  out["recorded_on_mobile"] = all_mobile;
  return out;
}

// ---- input ------------------------------------------------------------------------------------

bool uuid_like(const std::string& s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (s[i] != '-') return false;
    } else if (!std::isxdigit(static_cast<unsigned char>(s[i]))) {
      return false;
    }
  }
  return true;
}

struct Envelope {
  std::string client_id, channel;
  std::optional<std::string> device_time;
};

Envelope envelope(const json& in) {
  Fields f(in);
  Envelope e;
  e.client_id = f.str("client_id", "客户端编号", 64);
  std::transform(e.client_id.begin(), e.client_id.end(), e.client_id.begin(), [](unsigned char ch) { return std::tolower(ch); });
  if (!uuid_like(e.client_id)) throw Error::invalid("client_id", "客户端编号应为 UUID", "inspection.client_id_invalid");
  e.channel = f.str("channel", "记录渠道", 16);
  if (e.channel != "mobile" && e.channel != "console")
    throw Error::invalid("channel", "记录渠道只能是 mobile（移动端）或 console（控制台）");
  if (auto d = f.opt_str("device_time", "设备时间", 40); d && !d->empty()) {
    auto t = time::parse_iso(*d);
    if (!t) throw Error::invalid("device_time", "设备时间应为 ISO 8601 UTC 时间");
    e.device_time = time::to_iso(*t);
  }
  return e;
}

std::optional<Step> step_by_client(db::Connection& c, const std::string& client_id) {
  auto q = c.prepare(std::string(kStepSelect) + "WHERE client_id = ?");
  q->bind(client_id);
  if (!q->step()) return std::nullopt;
  return read_step(q->row());
}

// A client_id belongs to one act of one user: another user's (or another inspection's) reuse of
// it is refused rather than answered with someone else's record.
void check_reuse(const org::Principal& p, int64_t recorded_by, int64_t inspection_id, std::optional<int64_t> expect_inspection) {
  if (recorded_by != p.user_id || (expect_inspection && *expect_inspection != inspection_id))
    throw Error::conflict("inspection.client_id_reused", "该客户端编号已用于另一项记录", {{"field", "client_id"}});
}

int64_t write_step(db::Connection& c, const org::Principal& p, int64_t inspection_id, const std::string& kind, const json& data,
                   const Envelope& e, time::Instant now) {
  auto ins = c.prepare(
      "INSERT INTO inspection_steps(inspection_id, kind, data, client_id, channel, device_time, recorded_at, recorded_by) "
      "VALUES (?,?,?,?,?,?,?,?) RETURNING id");
  ins->bind(inspection_id).bind(kind).bind(data.dump()).bind(e.client_id).bind(e.channel).bind(e.device_time)
      .bind(time::to_iso(now)).bind(p.user_id);
  ins->step();
  int64_t id = ins->row().i64(0);
  ins->exec();
  ins.reset();
  ledger::record_row(c, p.actor(), "inspection." + kind, kSubject, "inspection_steps", "id", std::to_string(id), kStepRecord,
                     {{"inspection_id", inspection_id}}, std::to_string(inspection_id));
  return id;
}

Step load_step(db::Connection& c, int64_t id) {
  auto q = c.prepare(std::string(kStepSelect) + "WHERE id = ?");
  q->bind(id);
  if (!q->step()) throw Error::internal("step vanished");
  return read_step(q->row());
}

json write_result(db::Connection& c, const org::Principal& p, int64_t inspection_id, int64_t step_id, bool replayed) {
  auto x = load(c, inspection_id);
  if (!x) not_found();
  return {{"inspection", detail(c, p, *x)}, {"step", step_json(c, load_step(c, step_id))}, {"replayed", replayed}};
}

[[noreturn]] void missing(const std::string& what, const std::vector<std::string>& names) {
  throw Error::conflict("inspection.step_requirements", what, {{"missing", names}});
}

std::string req_text(const Fields& f, const char* key, const std::string& label, size_t max = 500) { return f.str(key, label, max); }

std::string req_date(const Fields& f, const char* key, const std::string& label) {
  std::string d = f.str(key, label, 10);
  if (!time::parse_date(d)) throw Error::invalid(key, label + "应为 YYYY-MM-DD 日期");
  return d;
}

std::string opt_instant(const Fields& f, const char* key, const std::string& label, time::Instant now) {
  auto v = f.opt_str(key, label, 40);
  if (!v || v->empty()) return time::to_iso(now);
  auto t = time::parse_iso(*v);
  if (!t) throw Error::invalid(key, label + "应为 ISO 8601 UTC 时间");
  return time::to_iso(*t);
}

// Evidence ids given with a step: each must be a file of this inspection.
std::vector<int64_t> evidence_ids(const json& in, const char* key, const std::map<int64_t, EvidenceRef>& ev) {
  std::vector<int64_t> ids;
  if (!in.contains(key) || in.at(key).is_null()) return ids;
  if (!in.at(key).is_array()) throw Error::invalid(key, "证据应为证据编号的列表");
  for (const auto& v : in.at(key)) {
    if (!v.is_number_integer()) throw Error::invalid(key, "证据应为证据编号的列表");
    int64_t id = v.get<int64_t>();
    if (!ev.count(id)) throw Error::invalid(key, "证据 " + std::to_string(id) + " 不是本次检查上传的材料", "inspection.evidence_foreign");
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  }
  return ids;
}

// Builds the stored data of a step from its input, enforcing the rules of its kind.
json step_data(db::Connection& c, const org::Principal& p, const Insp& x, const std::string& kind, const json& in,
               time::Instant now) {
  Fields f(in);
  const auto ev = evidence_of(c, x.id);
  json d = json::object();
  if (kind == "certificate") {
    // REC-7: which members showed their certificates. 统计法: at least two inspectors.
    const json task = draw::get_task(c, p, x.task_id);
    std::set<std::string> team;
    for (const auto& m : task.at("team")) team.insert(m.at("certificate_no").get<std::string>());
    auto shown = f.str_set("members", "出示证件的执法人员");
    if (shown.empty()) throw Error::required("members", "出示证件的执法人员");
    json list = json::array();
    for (const auto& no : shown) {
      if (!team.count(no)) throw Error::invalid("members", "证件号 " + no + " 不是本检查组的成员", "inspection.not_member");
      for (const auto& m : task.at("team"))
        if (m.at("certificate_no") == no) list.push_back({{"certificate_no", no}, {"name", m.at("name")}});
    }
    if (list.size() < std::min<size_t>(2, team.size()))
      throw Error::invalid("members", "执法检查人员不得少于两人，应有两名以上执法人员出示证件", "inspection.too_few_members");
    d = {{"members", list}, {"shown_at", opt_instant(f, "shown_at", "出示时间", now)}};
  } else if (kind == "notice") {
    // REC-6: the seven contents of the notice, and how it was served.
    for (auto [k, label] : {std::pair{"body", "检查主体"}, {"basis", "检查依据"}, {"scope", "检查范围"}, {"content", "检查内容"},
                            {"method", "检查方式"}, {"time", "检查时间"}, {"requirements", "检查要求"}})
      d[k] = req_text(f, k, label, 1000);
    std::string manner = f.str("manner", "送达方式", 20);
    if (!manner_names().count(manner)) throw Error::invalid("manner", "送达方式只能是直接送达、邮寄送达、电子送达或委托送达");
    d["manner"] = manner;
    d["manner_name"] = name_of(manner_names(), manner);
    d["served_at"] = opt_instant(f, "served_at", "送达时间", now);
    if (auto r = f.opt_str("receiver", "签收人", 50)) d["receiver"] = *r;
    if (auto ids = evidence_ids(in, "evidence_ids", ev); !ids.empty()) d["evidence_ids"] = ids;
  } else if (kind == "answer") {
    const json points = form_points(c, p, x);
    int64_t no = f.i64("point_no", "检查要点序号");
    const json* pt = nullptr;
    for (const auto& q : points)
      if (q.at("no").get<int64_t>() == no) pt = &q;
    if (!pt) throw Error::invalid("point_no", "检查表没有第 " + std::to_string(no) + " 项要点", "inspection.point_unknown");
    std::string answer = f.str("answer", "检查结论", 50);
    const auto& allowed = pt->at("answers");
    if (std::find(allowed.begin(), allowed.end(), json(answer)) == allowed.end())
      throw Error::invalid("answer", "第 " + std::to_string(no) + " 项只能回答：" + [&] {
        std::string s;
        for (const auto& a : allowed) s += (s.empty() ? "" : "、") + a.get<std::string>();
        return s;
      }());
    auto ids = evidence_ids(in, "evidence_ids", ev);
    if (pt->value("photo_required", false) &&
        std::none_of(ids.begin(), ids.end(), [&](int64_t id) { return ev.at(id).kind == "photo"; }))
      missing("该检查要点须附照片", {"检查要点" + std::to_string(no) + "的照片"});
    d = {{"point_no", no}, {"text", pt->at("text")}, {"answer", answer}, {"note", f.opt_str("note", "说明", 1000).value_or("")},
         {"evidence_ids", ids}};
  } else if (kind == "written_request" || kind == "written_received") {
    if (x.method != "written") throw Error::conflict("inspection.not_written", "本次检查是现场检查，没有书面检查环节");
    if (kind == "written_request") {
      d = {{"materials", req_text(f, "materials", "要求提供的材料", 1000)}, {"deadline", req_date(f, "deadline", "提交期限")},
           {"sent_at", opt_instant(f, "sent_at", "发出时间", now)}};
    } else {
      auto ids = evidence_ids(in, "evidence_ids", ev);
      if (ids.empty()) missing("收到的书面材料须作为证据上传", {"书面检查材料"});
      d = {{"materials", req_text(f, "materials", "收到的材料", 1000)}, {"received_at", opt_instant(f, "received_at", "收到时间", now)},
           {"evidence_ids", ids}};
    }
  } else if (kind == "signature") {
    int64_t eid = f.i64("evidence_id", "签名图片");
    auto it = ev.find(eid);
    if (it == ev.end()) throw Error::invalid("evidence_id", "签名图片不是本次检查上传的材料", "inspection.evidence_foreign");
    if (it->second.media_type != "image/png") throw Error::invalid("evidence_id", "签名应为 PNG 图片");
    d = {{"evidence_id", eid}, {"signer_name", req_text(f, "signer_name", "签名人", 50)},
         {"signed_at", opt_instant(f, "signed_at", "签名时间", now)}};
  } else if (kind == "refusal") {
    // REC-7: a refusal to sign is noted with its reason and recorded on audio/video.
    std::string reason = req_text(f, "reason", "拒签原因", 500);
    auto ids = evidence_ids(in, "evidence_ids", ev);
    if (std::none_of(ids.begin(), ids.end(), [&](int64_t id) { return is_av(ev.at(id)); }))
      missing("拒绝签名须附拒签过程的录音或录像", {"拒签过程的录音或录像"});
    d = {{"reason", reason}, {"evidence_ids", ids}};
  } else if (kind == "reliance") {
    // DR-8: another department's result, by its document.
    auto ids = evidence_ids(in, "evidence_ids", ev);
    if (ids.empty()) missing("采用其他部门检查结果须附该结果文书", {"其他部门检查结果文书"});
    bool whole = f.opt_bool("whole", "是否全部采用").value_or(false);
    json nos = json::array();
    if (!whole) {
      const json points = form_points(c, p, x);
      if (!in.contains("point_nos") || !in["point_nos"].is_array() || in["point_nos"].empty())
        throw Error::invalid("point_nos", "未全部采用时应列出采用结果的检查要点");
      for (const auto& n : in["point_nos"]) {
        if (!n.is_number_integer() || std::none_of(points.begin(), points.end(), [&](const json& q) { return q["no"] == n; }))
          throw Error::invalid("point_nos", "检查要点序号不在检查表中", "inspection.point_unknown");
        nos.push_back(n);
      }
    }
    d = {{"department", req_text(f, "department", "部门", 100)}, {"document_no", req_text(f, "document_no", "文书编号", 100)},
         {"date", req_date(f, "date", "文书日期")}, {"whole", whole}, {"point_nos", nos}, {"evidence_ids", ids}};
  } else if (kind == "av_unsuitable") {
    d = {{"reason", req_text(f, "reason", "不宜录音录像的原因", 500)}};
  } else if (kind == "outcome") {
    // DR-10: a rectification opinion, a case, or a referral.
    std::string o = f.str("outcome", "处理结果", 30);
    if (!outcome_names().count(o))
      throw Error::invalid("outcome", "处理结果只能是未发现问题、责令整改、建议立案或建议移送");
    d = {{"outcome", o}, {"outcome_name", name_of(outcome_names(), o)}};
    if (o == "rectification") {
      d["opinion"] = req_text(f, "opinion", "整改意见", 2000);
      d["deadline"] = req_date(f, "deadline", "整改期限");
    } else if (o == "propose_case") {
      d["reason"] = req_text(f, "reason", "建议立案的理由", 2000);
    } else if (o == "propose_referral") {
      d["referral_body"] = req_text(f, "referral_body", "移送机关", 100);
      d["reason"] = req_text(f, "reason", "移送理由", 2000);
    } else if (auto note = f.opt_str("note", "说明", 1000)) {
      d["note"] = *note;
    }
  } else {
    throw Error::invalid("kind", "未知的检查步骤：" + kind, "inspection.kind_unknown");
  }
  return d;
}

void record_inspection(db::Connection& c, const org::Principal& p, const std::string& action, int64_t id) {
  ledger::record_row(c, p.actor(), action, kSubject, "inspections", "id", std::to_string(id), kInspectionRecord);
}

// ---- certificate tokens -------------------------------------------------------------------------

std::string token_key(const std::string& data_dir) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(data_dir) / "keys";
  fs::path file = dir / "cert-token.key";
  std::ifstream in(file, std::ios::binary);
  std::string key((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (key.size() == crypto_auth_hmacsha256_KEYBYTES) return key;
  fs::create_directories(dir);
  key = crypto::random_bytes(crypto_auth_hmacsha256_KEYBYTES);
  fs::path tmp = dir / ("cert-token.key.tmp" + crypto::hex(crypto::random_bytes(4)));
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(key.data(), std::streamsize(key.size()));
    if (!out) throw Error::internal("cannot write the certificate token key");
  }
  ::chmod(tmp.c_str(), 0600);
  // Two first uses at once: the first rename wins, and both read it back.
  if (!fs::exists(file)) fs::rename(tmp, file);
  else fs::remove(tmp);
  std::ifstream again(file, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(again)), std::istreambuf_iterator<char>());
}

std::string token_mac(const std::string& key, const std::string& number, const std::string& ts) {
  std::string msg = "zhifa-cert-token:" + number + ":" + ts;
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256(mac, reinterpret_cast<const unsigned char*>(msg.data()), msg.size(),
                         reinterpret_cast<const unsigned char*>(key.data()));
  return crypto::base64url(std::string(reinterpret_cast<const char*>(mac), 16));
}

std::string make_token(const std::string& key, const std::string& number, time::Instant now) {
  std::string ts = std::to_string(std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
  return ts + "." + token_mac(key, number, ts);
}

std::string percent(const std::string& s) {
  static const char* hexd = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : s) {
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~') out += char(ch);
    else {
      out += '%';
      out += hexd[ch >> 4];
      out += hexd[ch & 15];
    }
  }
  return out;
}

json cert_status(const inspectors::Inspector& i, time::Instant now) {
  std::string st = inspectors::certificate_state(i, time::shanghai_date(now));
  std::string status = i.status != "active" ? "revoked" : (st == "lapsed" || st == "not_yet_valid") ? "expired" : "valid";
  const char* name = status == "valid" ? "有效" : status == "expired" ? "已过期或未生效" : "已注销或暂停";
  return {{"status", status}, {"status_name", name}};
}


// ---- documents (REC-6, REC-7, REC-9, DR-10) ------------------------------------------------------

struct DocContext {
  Insp x;
  json task;
  std::vector<Step> steps;
  std::map<std::string, const Step*> latest;
};

DocContext doc_context(db::Connection& c, const org::Principal& p, const std::string& owner_id) {
  int64_t n = 0;
  try {
    n = std::stoll(owner_id);
  } catch (...) {
    not_found();
  }
  DocContext d{visible(c, p, n), json(), {}, {}};
  d.task = draw::get_task(c, p, d.x.task_id);
  d.steps = steps_of(c, d.x.id);
  for (const auto& s : d.steps) d.latest[s.kind] = &s;
  return d;
}

std::string shanghai_text(const std::string& iso) {
  auto t = time::parse_iso(iso);
  if (!t) return iso;
  auto local = *t + std::chrono::hours(8);
  std::string s = time::to_iso(local);
  return s.substr(0, 4) + "年" + s.substr(5, 2) + "月" + s.substr(8, 2) + "日 " + s.substr(11, 5);
}

std::string date_of(const std::string& iso) {
  auto t = time::parse_iso(iso);
  return t ? time::shanghai_date(*t).str() : iso.substr(0, 10);
}

std::vector<std::pair<std::string, std::string>> inspection_documents(db::Connection& c, const org::Principal& p, const std::string& id) {
  auto d = doc_context(c, p, id);
  std::vector<std::pair<std::string, std::string>> out;
  if (d.latest.count("notice")) out.push_back({"inspection_notice", "统计执法检查通知书"});
  if (d.x.method == "on_site") out.push_back({"onsite_record", "现场检查笔录"});
  if (d.latest.count("written_request")) out.push_back({"written_check_notice", "书面检查通知书"});
  if (d.latest.count("outcome") && json::parse(d.latest["outcome"]->data).value("outcome", "") == "rectification")
    out.push_back({"rectification_opinion", "责令整改意见书"});
  return out;
}

DocumentData inspection_document(db::Connection& c, const org::Principal& p, const std::string& id, const std::string& code) {
  auto d = doc_context(c, p, id);
  DocumentData doc;
  doc.template_code = code;
  doc.bureau_id = d.x.bureau_id;
  doc.bureau_name = d.x.bureau_name;
  doc.party_name = d.x.object_name;
  doc.ledger_seq = d.steps.empty() ? 0 : d.steps.back().ledger_seq.value_or(0);
  doc.date = time::today_shanghai().str();
  auto need = [&](const char* kind) -> json {
    auto it = d.latest.find(kind);
    if (it == d.latest.end()) throw Error::not_found("document.not_found", "该检查还没有这份文书");
    doc.ledger_seq = it->second->ledger_seq.value_or(0);
    doc.date = date_of(it->second->recorded_at);
    return json::parse(it->second->data);
  };
  auto str = [](const json& j, const char* k) { return j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : std::string(); };
  doc.fields.push_back({"被检查单位", d.x.object_name});
  doc.fields.push_back({"统一社会信用代码", d.x.credit_code});
  if (code == "inspection_notice") {
    json n = need("notice");
    doc.title = "统计执法检查通知书";
    for (auto [k, label] : {std::pair{"body", "检查主体"}, {"basis", "检查依据"}, {"scope", "检查范围"}, {"content", "检查内容"},
                            {"method", "检查方式"}, {"time", "检查时间"}, {"requirements", "检查要求"}})
      doc.fields.push_back({label, str(n, k)});
    doc.fields.push_back({"送达方式", str(n, "manner_name")});
    doc.fields.push_back({"送达时间", shanghai_text(str(n, "served_at"))});
    doc.signatures.push_back({"受送达人", str(n, "receiver"), "", ""});
  } else if (code == "onsite_record") {
    if (d.x.method != "on_site") throw Error::not_found("document.not_found", "书面检查没有现场检查笔录");
    doc.title = "现场检查笔录";
    doc.fields.push_back({"检查事项", d.x.item_name});
    doc.fields.push_back({"检查开始时间", shanghai_text(d.x.started_at)});
    if (d.x.completed_at) doc.fields.push_back({"检查结束时间", shanghai_text(*d.x.completed_at)});
    std::string team;
    for (const auto& m : d.task.at("team"))
      team += (team.empty() ? "" : "、") + m.at("name").get<std::string>() + "（执法证号 " + m.at("certificate_no").get<std::string>() + "）";
    doc.fields.push_back({"执法人员", team});
    if (d.latest.count("certificate")) {
      json cs = json::parse(d.latest["certificate"]->data);
      std::string who;
      for (const auto& m : cs["members"])
        who += (who.empty() ? "" : "、") + m.at("name").get<std::string>() + "（证号 " + m.at("certificate_no").get<std::string>() + "）";
      doc.sections.push_back({"出示证件", {"执法人员" + who + "于" + shanghai_text(str(cs, "shown_at")) + "向当事人出示执法证件，表明身份，说明来意。"}});
    }
    std::vector<std::string> checks;
    std::map<int64_t, json> answers;
    for (const auto& s : d.steps)
      if (s.kind == "answer") {
        json a = json::parse(s.data);
        answers[a["point_no"].get<int64_t>()] = a;
      }
    for (const auto& [no, a] : answers) {
      std::string line = std::to_string(no) + ". " + str(a, "text") + "：" + str(a, "answer") + "。";
      if (!str(a, "note").empty()) line += str(a, "note");
      checks.push_back(line);
    }
    if (d.latest.count("reliance")) {
      json r = json::parse(d.latest["reliance"]->data);
      checks.push_back(std::string(r.value("whole", false) ? "全部" : "部分") + "采用" + str(r, "department") + "的检查结果（" +
                       str(r, "document_no") + "，" + str(r, "date") + "）。");
    }
    doc.sections.push_back({"检查情况", checks});
    if (d.latest.count("av_unsuitable"))
      doc.sections.push_back({"音像记录", {"未进行录音录像，原因：" + str(json::parse(d.latest["av_unsuitable"]->data), "reason")}});
    if (d.latest.count("outcome")) {
      json o = json::parse(d.latest["outcome"]->data);
      std::string t = str(o, "outcome_name");
      if (!str(o, "opinion").empty()) t += "：" + str(o, "opinion") + "，期限 " + str(o, "deadline");
      if (!str(o, "reason").empty()) t += "：" + str(o, "reason");
      if (!str(o, "referral_body").empty()) t += "（移送" + str(o, "referral_body") + "）";
      doc.sections.push_back({"处理意见", {t}});
    }
    for (const auto& m : d.task.at("team")) doc.signatures.push_back({"执法人员", m.at("name").get<std::string>(), "", ""});
    if (d.latest.count("signature")) {
      json sg = json::parse(d.latest["signature"]->data);
      doc.signatures.push_back({"当事人", str(sg, "signer_name"), shanghai_text(str(sg, "signed_at")), ""});
    } else if (d.latest.count("refusal")) {
      doc.signatures.push_back({"当事人", "", "", str(json::parse(d.latest["refusal"]->data), "reason") + "（已录音录像）"});
    } else {
      doc.signatures.push_back({"当事人", "", "", ""});
    }
  } else if (code == "written_check_notice") {
    json w = need("written_request");
    doc.title = "书面检查通知书";
    doc.sections.push_back({"", {"根据《中华人民共和国统计法》及有关规定，本机关决定对你单位进行" + d.x.item_name + "书面检查。请于" +
                                     str(w, "deadline") + "前向本机关提交以下材料：" + str(w, "materials") + "。"}});
  } else if (code == "rectification_opinion") {
    json o = need("outcome");
    if (str(o, "outcome") != "rectification") throw Error::not_found("document.not_found", "该检查的处理结果不是责令整改");
    doc.title = "责令整改意见书";
    doc.sections.push_back({"", {"经检查，你单位在" + d.x.item_name + "中存在问题。整改意见：" + str(o, "opinion") + "。请于" +
                                     str(o, "deadline") + "前完成整改，并将整改情况书面报告本机关。"}});
  } else {
    throw Error::not_found("document.not_found", "检查记录没有这种文书");
  }
  return doc;
}

}  // namespace

// ---- reads --------------------------------------------------------------------------------------

json list_inspections(db::Connection& c, const org::Principal& p, const InspectionFilter& f) {
  p.require("spotcheck.read");
  std::string where = "WHERE 1=1";
  std::vector<db::Value> args;
  auto me = inspectors::inspector_of_user(c, p.user_id);
  const std::string member_clause =
      "EXISTS (SELECT 1 FROM draw_task_members m WHERE m.task_id = i.task_id AND m.inspector_id = ?)";
  if (f.mine) {
    if (!me) return {{"items", json::array()}, {"total", 0}, {"page", f.page}, {"page_size", f.page_size}};
    where += " AND " + member_clause;
    args.emplace_back(*me);
  } else {
    where += " AND (b.path LIKE ?" + std::string(me ? " OR " + member_clause : "") + ")";
    args.emplace_back(p.bureau_path + "%");
    if (me) args.emplace_back(*me);
  }
  if (f.bureau_id) {
    where += " AND i.bureau_id = ?";
    args.emplace_back(*f.bureau_id);
  }
  if (f.item_id) {
    where += " AND i.item_id = ?";
    args.emplace_back(*f.item_id);
  }
  if (f.task_id) {
    where += " AND i.task_id = ?";
    args.emplace_back(*f.task_id);
  }
  if (!f.state.empty()) {
    if (f.state != "open" && f.state != "completed") throw Error::invalid("state", "状态只能是 open 或 completed");
    where += " AND i.state = ?";
    args.emplace_back(f.state);
  }
  int64_t size = std::clamp<int64_t>(f.page_size, 1, 200), page = std::max<int64_t>(f.page, 1);
  int64_t total = 0;
  {
    auto q = c.prepare(std::string("SELECT COUNT(*) FROM inspections i JOIN bureaus b ON b.id = i.bureau_id ") + where);
    for (const auto& a : args) q->bind(a);
    q->step();
    total = q->row().i64(0);
  }
  auto q = c.prepare(std::string(kSelect) + where + " ORDER BY i.id DESC LIMIT ? OFFSET ?");
  for (const auto& a : args) q->bind(a);
  q->bind(size).bind((page - 1) * size);
  json items = json::array();
  std::vector<Insp> rows;
  while (q->step()) rows.push_back(read_insp(q->row()));
  q.reset();
  for (const auto& x : rows) {
    json j = insp_summary(x);
    auto steps = steps_of(c, x.id);
    j["steps"] = steps.size();
    items.push_back(j);
  }
  return {{"items", items}, {"total", total}, {"page", page}, {"page_size", size}};
}

json get_inspection(db::Connection& c, const org::Principal& p, int64_t id) { return detail(c, p, visible(c, p, id)); }

// ---- writes -------------------------------------------------------------------------------------

json start_inspection(db::Connection& c, const org::Principal& p, const json& in, time::Instant now) {
  p.require("inspection.record");
  Envelope e = envelope(in);
  if (auto prior = step_by_client(c, e.client_id)) {
    check_reuse(p, prior->recorded_by, prior->inspection_id, std::nullopt);
    if (prior->kind != "start") check_reuse(p, -1, 0, std::nullopt);
    return write_result(c, p, prior->inspection_id, prior->id, true);
  }
  Fields f(in);
  int64_t task_id = f.i64("task_id", "检查任务");
  json task = draw::get_task(c, p, task_id);  // 404 when neither in scope nor the caller's
  if (task.at("state") != "assigned") throw Error::conflict("inspection.task_superseded", "该检查任务已被重新抽取，不能再检查");
  if (!on_team(c, p, task_id, true))
    throw Error::forbidden("inspection.not_member", "只有本任务检查组的执法人员才能开始检查");
  {
    auto q = c.prepare("SELECT id FROM inspections WHERE task_id = ?");
    q->bind(task_id);
    if (q->step())
      throw Error::conflict("inspection.exists", "该任务已有检查记录", {{"id", q->row().i64(0)}});
  }
  std::string method = task.at("method").get<std::string>();
  if (method != "on_site" && method != "written") {
    method = f.opt_str("method", "检查方式", 20).value_or("");
    if (method != "on_site" && method != "written")
      throw Error::invalid("method", "本任务可现场检查或书面检查，请选择检查方式（on_site 或 written）");
  }
  auto ins = c.prepare(
      "INSERT INTO inspections(bureau_id, task_id, item_id, form_version_id, method, object_name, credit_code, state, started_at, "
      "started_by) VALUES (?,?,?,?,?,?,?,'open',?,?) RETURNING id");
  std::optional<int64_t> form;
  if (!task.at("form_version_id").is_null()) form = task.at("form_version_id").get<int64_t>();
  ins->bind(task.at("bureau_id").get<int64_t>()).bind(task_id).bind(task.at("item_id").get<int64_t>()).bind(form).bind(method)
      .bind(task.at("object").at("name").get<std::string>()).bind(task.at("object").at("credit_code").get<std::string>())
      .bind(time::to_iso(now)).bind(p.user_id);
  ins->step();
  int64_t id = ins->row().i64(0);
  ins->exec();
  ins.reset();
  record_inspection(c, p, "inspection.create", id);
  int64_t step = write_step(c, p, id, "start", {{"task_id", task_id}, {"method", method}}, e, now);
  return write_result(c, p, id, step, false);
}

json record_step(db::Connection& c, const org::Principal& p, int64_t id, const json& in, time::Instant now) {
  p.require("inspection.record");
  Envelope e = envelope(in);
  if (auto prior = step_by_client(c, e.client_id)) {
    check_reuse(p, prior->recorded_by, prior->inspection_id, id);
    return write_result(c, p, id, prior->id, true);
  }
  Insp x = visible(c, p, id);
  if (!on_team(c, p, x.task_id, true))
    throw Error::forbidden("inspection.not_member", "只有本任务检查组的执法人员才能记录检查");
  if (x.state != "open") throw Error::conflict("inspection.completed", "该检查已完成，不能再记录");
  Fields f(in);
  std::string kind = f.str("kind", "检查步骤", 32);
  if (kind == "start") throw Error::invalid("kind", "开始检查请用 POST /api/v1/inspections", "inspection.kind_unknown");
  if (kind == "complete") {
    const auto steps = steps_of(c, id);
    const json points = form_points(c, p, x);
    const State st = state_of(steps);
    auto m = missing_for_completion(x, points, st, evidence_of(c, id));
    if (!m.empty()) missing("检查尚未完成，缺少必要的记录", m);
    int64_t step = write_step(c, p, id, "complete", json::object(), e, now);
    bool all_mobile = e.channel == "mobile" &&
                      std::all_of(steps.begin(), steps.end(), [](const Step& s) { return s.channel == "mobile"; });
    auto up = c.prepare(
        "UPDATE inspections SET state = 'completed', completed_at = ?, completed_by = ?, outcome = ?, all_mobile = ? WHERE id = ?");
    up->bind(time::to_iso(now)).bind(p.user_id).bind(st.latest.at("outcome").at("outcome").get<std::string>())
        .bind(int64_t(all_mobile ? 1 : 0)).bind(id);
    up->exec();
    up.reset();
    record_inspection(c, p, "inspection.complete", id);
    notify_inspection_completed(c, p, id);
    return write_result(c, p, id, step, false);
  }
  json data = step_data(c, p, x, kind, in, now);
  int64_t step = write_step(c, p, id, kind, data, e, now);
  return write_result(c, p, id, step, false);
}

json upload_evidence(db::Connection& c, const org::Principal& p, const ledger::BlobStore& store, ledger::BlobWriter& file,
                     int64_t id, const json& meta, time::Instant now) {
  p.require("inspection.record");
  Envelope e = envelope(meta);
  {
    auto q = c.prepare("SELECT inspection_id, evidence_id, recorded_by FROM inspection_uploads WHERE client_id = ?");
    q->bind(e.client_id);
    if (q->step()) {
      int64_t insp = q->row().i64(0), ev = q->row().i64(1), by = q->row().i64(2);
      q.reset();
      check_reuse(p, by, insp, id);
      return {{"inspection_id", id}, {"evidence", evidence::get_evidence(c, p, ev)}, {"replayed", true}};
    }
  }
  Insp x = visible(c, p, id);
  if (!on_team(c, p, x.task_id, true))
    throw Error::forbidden("inspection.not_member", "只有本任务检查组的执法人员才能上传检查材料");
  json m = meta;
  for (const char* k : {"client_id", "channel", "device_time"}) m.erase(k);
  m["owner_kind"] = "inspection";
  m["owner_id"] = std::to_string(id);
  json item = evidence::store_evidence(c, p, store, file, m);
  auto ins = c.prepare(
      "INSERT INTO inspection_uploads(inspection_id, client_id, evidence_id, channel, device_time, recorded_at, recorded_by) "
      "VALUES (?,?,?,?,?,?,?) RETURNING id");
  ins->bind(id).bind(e.client_id).bind(item.at("id").get<int64_t>()).bind(e.channel).bind(e.device_time).bind(time::to_iso(now))
      .bind(p.user_id);
  ins->step();
  int64_t up = ins->row().i64(0);
  ins->exec();
  ins.reset();
  ledger::record_row(c, p.actor(), "inspection.upload", kSubject, "inspection_uploads", "id", std::to_string(up), kUploadRecord,
                     {{"inspection_id", id}}, std::to_string(id));
  return {{"inspection_id", id}, {"evidence", item}, {"replayed", false}};
}

json inspection_stats(db::Connection& c, const org::Principal& p, int year) {
  p.require("spotcheck.read");
  if (year < 2000 || year > 2100) throw Error::invalid("year", "年度应为 2000 至 2100 之间的年份");
  // The Shanghai year as UTC instants: [Y-1-12-31T16:00Z, Y-12-31T16:00Z).
  const std::string from = std::to_string(year - 1) + "-12-31T16:00:00.000Z", to = std::to_string(year) + "-12-31T16:00:00.000Z";
  auto q = c.prepare(
      "SELECT b.id, b.name, b.path, COUNT(*), SUM(CASE WHEN i.all_mobile = 1 THEN 1 ELSE 0 END) FROM inspections i "
      "JOIN bureaus b ON b.id = i.bureau_id WHERE i.state = 'completed' AND i.completed_at >= ? AND i.completed_at < ? "
      "AND b.path LIKE ? GROUP BY b.id, b.name, b.path ORDER BY b.path");
  q->bind(from).bind(to).bind(p.bureau_path + "%");
  json items = json::array();
  int64_t all = 0, mobile = 0;
  auto share = [](int64_t m, int64_t n) { return n ? json(double(m) / double(n)) : json(nullptr); };
  while (q->step()) {
    const auto& r = q->row();
    int64_t n = r.i64(3), m = r.i64(4);
    all += n;
    mobile += m;
    items.push_back({{"bureau_id", r.i64(0)}, {"bureau_name", r.text(1)}, {"completed", n}, {"mobile", m}, {"share", share(m, n)}});
  }
  return {{"year", year}, {"items", items}, {"total", {{"completed", all}, {"mobile", mobile}, {"share", share(mobile, all)}}}};
}

// ---- certificates -------------------------------------------------------------------------------

json my_certificate(db::Connection& c, const org::Principal& p, const std::string& data_dir, time::Instant now) {
  auto i = inspectors::inspector_by_user(c, p.user_id);
  if (!i) throw Error::not_found("inspector.not_found", "您没有执法人员登记信息，无法出示电子执法证");
  std::string token = make_token(token_key(data_dir), i->certificate_no, now);
  json out = {{"name", i->name},
              {"certificate_no", i->certificate_no},
              {"valid_from", i->valid_from},
              {"valid_to", i->valid_to},
              {"bureau_name", i->bureau_name},
              {"photo", nullptr},
              {"token", token},
              {"issued_at", time::to_iso(now)},
              {"expires_in", kTokenMinutes * 60},
              {"verify_path", "/portal/cert/" + percent(i->certificate_no) + "?t=" + percent(token)}};
  out.update(cert_status(*i, now));
  return out;
}

json public_certificate(db::Connection& c, const std::string& number, const std::string& token, const std::string& data_dir,
                        time::Instant now) {
  auto i = inspectors::find_by_certificate(c, number);
  if (!i) throw Error::not_found("certificate.not_found", "未找到该执法证件");
  json tok = {{"given", !token.empty()}, {"genuine", false}, {"recent", false}, {"issued_at", nullptr}};
  auto dot = token.find('.');
  if (dot != std::string::npos && dot > 0 && dot < 12 &&
      std::all_of(token.begin(), token.begin() + long(dot), [](unsigned char ch) { return std::isdigit(ch); })) {
    std::string ts = token.substr(0, dot), mac = token.substr(dot + 1);
    std::string want = token_mac(token_key(data_dir), number, ts);
    if (mac.size() == want.size() && sodium_memcmp(mac.data(), want.data(), want.size()) == 0) {
      tok["genuine"] = true;
      time::Instant at{std::chrono::seconds(std::stoll(ts))};
      tok["issued_at"] = time::to_iso(at);
      auto age = now - at;
      tok["recent"] = age <= std::chrono::minutes(kTokenMinutes) && age >= -std::chrono::minutes(1);
    }
  }
  json out = {{"name", i->name},           {"certificate_no", i->certificate_no}, {"valid_from", i->valid_from},
              {"valid_to", i->valid_to},   {"bureau_name", i->bureau_name},       {"token", tok}};
  out.update(cert_status(*i, now));
  return out;
}

// ---- registration -------------------------------------------------------------------------------

void register_inspection_kinds() {
  register_producer("inspection", {inspection_documents, inspection_document});
  evidence::register_owner_kind("inspection", "检查记录", [](db::Connection& c, const org::Principal& p, const std::string& id) {
    int64_t n = 0;
    try {
      n = std::stoll(id);
    } catch (...) {
      not_found();
    }
    Insp x = visible(c, p, n);
    return evidence::OwnerInfo{x.bureau_id, false};
  });
  register_source_kind("inspection", "检查发现", [](db::Connection& c, const org::Principal& p, const std::string& id) {
    int64_t n = 0;
    try {
      n = std::stoll(id);
    } catch (...) {
      not_found();
    }
    Insp x = visible(c, p, n);
    if (x.state != "completed" || x.outcome.value_or("") != "propose_case")
      throw Error::conflict("inspection.not_case_outcome", "只有处理结果为“建议立案查处”的已完成检查才能立案");
    std::string summary;
    for (const auto& s : steps_of(c, x.id))
      if (s.kind == "outcome") summary = json::parse(s.data).value("reason", "");
    SourceInfo info;
    info.bureau_id = x.bureau_id;
    info.facts = {{"party_name", x.object_name}, {"party_code", x.credit_code}, {"summary", summary}, {"inspection_id", x.id}};
    return info;
  });
}

}  // namespace zhifa::cases
