#include "draw/sessions.h"

#include <algorithm>
#include <map>
#include <set>

#include "base/canonical_json.h"
#include "base/crypto.h"
#include "base/error.h"
#include "base/fields.h"
#include "draw/engine.h"
#include "draw/tasks.h"
#include "inspectors/dictionary.h"
#include "inspectors/eligibility.h"
#include "ledger/ledger.h"
#include "org/bureaus.h"
#include "registry/draw_candidates.h"
#include "spotcheck/plans.h"

namespace zhifa::draw {
namespace {

using nlohmann::json;

constexpr const char* kSubject = "draw_session";
constexpr size_t kMaxWitnesses = 20;
constexpr size_t kMaxJointInspectors = 200;

struct Session {
  int64_t id = 0, bureau_id = 0, plan_id = 0, plan_version_id = 0, plan_version = 0, year = 0, item_id = 0, item_version_id = 0;
  std::string province_code, item_name, object_type, title, check_date, method, window_from, window_to, mode, inputs;
  std::optional<std::string> lottery_name, lottery_draw_no;
  std::string params, params_hash, pool_root, pool_hash;
  int64_t pool_objects = 0, pool_inspectors = 0;
  std::string state;
  std::optional<int64_t> redraw_of;
  std::string redraw_reason, created_at;
  int64_t created_by = 0;
  std::optional<std::string> decided_at;
  std::optional<int64_t> decided_by;
  std::string decision_opinion;
  std::optional<std::string> witnesses, numbers, lottery_result, randomness, seed, certificate_hash, result_summary, drawn_at;
  std::optional<int64_t> drawn_by;
  // read only
  std::string bureau_path, bureau_name, created_by_name, decided_by_name, drawn_by_name;
};

// Every column but id and ledger_seq: what each entry of a session snapshots.
const std::vector<std::string> kRecord = {
    "province_code", "bureau_id", "plan_id", "plan_version_id", "plan_version", "year", "item_id", "item_version_id",
    "item_name", "object_type", "title", "check_date", "method", "window_from", "window_to", "mode", "inputs", "lottery_name", "lottery_draw_no", "params",
    "params_hash", "pool_root", "pool_hash", "pool_objects", "pool_inspectors", "state", "redraw_of", "redraw_reason",
    "created_at", "created_by", "decided_at", "decided_by", "decision_opinion", "witnesses", "numbers", "lottery_result",
    "randomness", "seed", "certificate_hash", "result_summary", "drawn_at", "drawn_by"};
const std::vector<std::string> kDocumentRecord = {"session_id", "kind", "hash", "bytes", "created_at"};

const char* kSelect =
    "SELECT s.id, s.province_code, s.bureau_id, s.plan_id, s.plan_version_id, s.plan_version, s.year, s.item_id, "
    "s.item_version_id, s.item_name, s.object_type, s.title, s.check_date, s.method, s.window_from, s.window_to, s.mode, s.inputs, s.lottery_name, s.lottery_draw_no, "
    "s.params, s.params_hash, s.pool_root, s.pool_hash, s.pool_objects, s.pool_inspectors, s.state, s.redraw_of, "
    "s.redraw_reason, s.created_at, s.created_by, s.decided_at, s.decided_by, s.decision_opinion, s.witnesses, s.numbers, "
    "s.lottery_result, s.randomness, s.seed, s.certificate_hash, s.result_summary, s.drawn_at, s.drawn_by, b.path, b.name, "
    "cu.name, du.name, wu.name "
    "FROM draw_sessions s JOIN bureaus b ON b.id = s.bureau_id LEFT JOIN users cu ON cu.id = s.created_by "
    "LEFT JOIN users du ON du.id = s.decided_by LEFT JOIN users wu ON wu.id = s.drawn_by ";

Session read_session(const db::Row& r) {
  Session s;
  int i = 0;
  s.id = r.i64(i++);
  s.province_code = r.text(i++);
  s.bureau_id = r.i64(i++);
  s.plan_id = r.i64(i++);
  s.plan_version_id = r.i64(i++);
  s.plan_version = r.i64(i++);
  s.year = r.i64(i++);
  s.item_id = r.i64(i++);
  s.item_version_id = r.i64(i++);
  s.item_name = r.text(i++);
  s.object_type = r.text(i++);
  s.title = r.text(i++);
  s.check_date = r.text(i++);
  s.method = r.text(i++);
  s.window_from = r.text(i++);
  s.window_to = r.text(i++);
  s.mode = r.text(i++);
  s.inputs = r.text(i++);
  s.lottery_name = r.opt_text(i++);
  s.lottery_draw_no = r.opt_text(i++);
  s.params = r.text(i++);
  s.params_hash = r.text(i++);
  s.pool_root = r.text(i++);
  s.pool_hash = r.text(i++);
  s.pool_objects = r.i64(i++);
  s.pool_inspectors = r.i64(i++);
  s.state = r.text(i++);
  s.redraw_of = r.opt_i64(i++);
  s.redraw_reason = r.text(i++);
  s.created_at = r.text(i++);
  s.created_by = r.i64(i++);
  s.decided_at = r.opt_text(i++);
  s.decided_by = r.opt_i64(i++);
  s.decision_opinion = r.text(i++);
  s.witnesses = r.opt_text(i++);
  s.numbers = r.opt_text(i++);
  s.lottery_result = r.opt_text(i++);
  s.randomness = r.opt_text(i++);
  s.seed = r.opt_text(i++);
  s.certificate_hash = r.opt_text(i++);
  s.result_summary = r.opt_text(i++);
  s.drawn_at = r.opt_text(i++);
  s.drawn_by = r.opt_i64(i++);
  s.bureau_path = r.text(i++);
  s.bureau_name = r.text(i++);
  s.created_by_name = r.opt_text(i++).value_or("");
  s.decided_by_name = r.opt_text(i++).value_or("");
  s.drawn_by_name = r.opt_text(i++).value_or("");
  return s;
}

std::optional<Session> load(db::Connection& c, int64_t id) {
  auto q = c.prepare(std::string(kSelect) + "WHERE s.id = ?");
  q->bind(id);
  if (!q->step()) return std::nullopt;
  return read_session(q->row());
}

[[noreturn]] void not_found() { throw Error::not_found("draw.not_found", "抽查批次不存在或不在您的管辖范围内"); }

Session find_in_scope(db::Connection& c, const org::Principal& p, int64_t id) {
  auto s = load(c, id);
  if (!s || !p.covers_path(s->bureau_path)) not_found();
  return *s;
}

bool is_public(const Session& s) { return s.state == "committed" || s.state == "drawn"; }

Session find_public(db::Connection& c, int64_t id) {
  auto s = load(c, id);
  if (!s || !is_public(*s)) not_found();
  return *s;
}

json opt(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }
json opt(const std::optional<int64_t>& v) { return v ? json(*v) : json(nullptr); }
json user_ref(std::optional<int64_t> id, const std::string& name) {
  if (!id) return nullptr;
  return {{"id", *id}, {"name", name}};
}

std::string document(db::Connection& c, int64_t session_id, const char* kind) { return session_file(c, session_id, kind); }

void write_document(db::Connection& c, const ledger::Actor& a, int64_t session_id, const char* kind, const std::string& content,
                    crypto::Hash h, time::Instant now) {
  auto ins = c.prepare(
      "INSERT INTO draw_documents(session_id, kind, content, hash, bytes, created_at) VALUES (?,?,?,?,?,?) RETURNING id");
  ins->bind(session_id).bind(kind).bind(content).bind(crypto::hex(crypto::digest(h, content))).bind(int64_t(content.size()))
      .bind(time::to_iso(now));
  ins->step();
  int64_t id = ins->row().i64(0);
  ins->exec();
  ins.reset();
  // The file itself stays out of the entry (a province's pool is large); verify rehashes it.
  ledger::record_row(c, a, std::string("draw.") + kind, kSubject, "draw_documents", "id", std::to_string(id), kDocumentRecord,
                     {{"session_id", session_id}, {"digests", {{"content", "hash"}}}}, std::to_string(session_id));
}

// The sequence number of the entry that made the commitment (the session's first entry).
std::optional<int64_t> commit_seq(db::Connection& c, int64_t id) {
  auto q = c.prepare(
      "SELECT MIN(seq) FROM ledger_entries WHERE subject_kind = ? AND subject_id = ? AND action IN ('draw.commit', "
      "'draw.redraw_request')");
  q->bind(kSubject).bind(std::to_string(id));
  if (!q->step() || q->row().is_null(0)) return std::nullopt;
  return q->row().i64(0);
}

// The redraws of a session: all of them for staff, the committed and drawn ones for the public.
json redraws_of(db::Connection& c, int64_t id, bool public_only) {
  auto q = c.prepare("SELECT id, state, created_at, redraw_reason FROM draw_sessions WHERE redraw_of = ? ORDER BY id");
  q->bind(id);
  json arr = json::array();
  while (q->step()) {
    std::string state = q->row().text(1);
    if (public_only && state != "committed" && state != "drawn") continue;
    arr.push_back({{"id", q->row().i64(0)}, {"state", state}, {"created_at", q->row().text(2)}, {"reason", q->row().text(3)}});
  }
  return arr;
}

const char* mode_name(const std::string& m) {
  if (m == "random") return "简单随机抽取";
  if (m == "systematic") return "等距抽样";
  if (m == "multistage") return "多阶段抽取";
  if (m == "all") return "全覆盖";
  return "";
}

const char* state_name(const std::string& s) {
  if (s == "pending_approval") return "待批准重新抽取";
  if (s == "committed") return "已公布承诺，待抽取";
  if (s == "drawn") return "已抽取";
  if (s == "refused") return "重新抽取未获批准";
  return "";
}

// What staff and the public both see of a session.
json session_core(db::Connection& c, const Session& s) {
  json lottery = s.lottery_name ? json{{"name", *s.lottery_name}, {"draw_no", s.lottery_draw_no.value_or("")}} : json(nullptr);
  json params = json::parse(s.params);
  json out = {{"id", s.id},
              {"bureau_id", s.bureau_id},
              {"bureau_name", s.bureau_name},
              {"plan_id", s.plan_id},
              {"plan_version", s.plan_version},
              {"year", s.year},
              {"item_id", s.item_id},
              {"item_version_id", s.item_version_id},
              {"item_name", s.item_name},
              {"object_type", s.object_type},
              {"title", s.title},
              {"date", s.check_date},
              {"method", s.method},
              {"window_from", s.window_from},
              {"window_to", s.window_to},
              {"mode", s.mode},
              {"mode_name", mode_name(s.mode)},
              {"lottery", lottery},
              {"state", s.state},
              {"state_name", state_name(s.state)},
              {"redraw_of", opt(s.redraw_of)},
              {"redraw_reason", s.redraw_reason},
              {"commitment",
               {{"hash", params.value("hash", "")},
                {"pool_root", s.pool_root},
                {"params_hash", s.params_hash},
                {"pool_hash", s.pool_hash},
                {"pool_objects", s.pool_objects},
                {"pool_inspectors", s.pool_inspectors},
                {"committed_at", s.created_at},
                {"ledger_seq", opt(commit_seq(c, s.id))}}},
              {"params", params},
              {"verification_path", verification_path(s.id)}};
  if (s.drawn_at) {
    json summary = s.result_summary ? json::parse(*s.result_summary) : json(nullptr);
    out["draw"] = {{"witnesses", s.witnesses ? json::parse(*s.witnesses) : json::array()},
                   {"lottery_result", opt(s.lottery_result)},
                   {"randomness", opt(s.randomness)},
                   {"seed", opt(s.seed)},
                   {"certificate_hash", opt(s.certificate_hash)},
                   {"drawn_at", *s.drawn_at},
                   {"summary", summary}};
  } else {
    out["draw"] = nullptr;
  }
  return out;
}

json staff_json(db::Connection& c, const Session& s) {
  json out = session_core(c, s);
  out["inputs"] = json::parse(s.inputs);
  out["created_at"] = s.created_at;
  out["created_by"] = user_ref(s.created_by, s.created_by_name);
  out["decision"] = s.decided_at ? json{{"decided_at", *s.decided_at},
                                        {"decided_by", user_ref(s.decided_by, s.decided_by_name)},
                                        {"opinion", s.decision_opinion}}
                                 : json(nullptr);
  if (!out["draw"].is_null()) {
    out["draw"]["numbers"] = opt(s.numbers);
    out["draw"]["drawn_by"] = user_ref(s.drawn_by, s.drawn_by_name);
  }
  out["redraws"] = redraws_of(c, s.id, false);
  return out;
}

// ---- input ---------------------------------------------------------------------------------

[[noreturn]] void bad_item(const char* field, size_t index, const std::string& key, const std::string& msg) {
  throw Error(422, "validation.invalid", msg, {{"field", field}, {"index", index}, {"key", key}});
}

std::string nested_str(const json& o, const char* field, size_t index, const char* key, const std::string& label, size_t max_chars,
                       bool required = true) {
  if (!o.contains(key) || o.at(key).is_null() || (o.at(key).is_string() && trim(o.at(key).get<std::string>()).empty())) {
    if (!required) return "";
    throw Error(422, "validation.required", label + "不能为空", {{"field", field}, {"index", index}, {"key", key}});
  }
  if (!o.at(key).is_string()) bad_item(field, index, key, label + "应为文本");
  std::string v = trim(o.at(key).get<std::string>());
  if (utf8_length(v) > max_chars) bad_item(field, index, key, label + "不能超过 " + std::to_string(max_chars) + " 个字");
  for (unsigned char ch : v)
    if (ch < 0x20) bad_item(field, index, key, label + "不能包含控制字符");
  return v;
}

// The inputs of a commit that a redraw repeats, validated and in canonical form.
struct Inputs {
  std::vector<std::string> strata;
  int64_t team_size = 2;
  std::string specialty;
  std::vector<int64_t> bureau_ids;
  json joint_inspectors = json::array();
  int64_t joint_per_team = 0;
  json to_json() const {
    return {{"strata", strata}, {"team_size", team_size}, {"specialty", specialty}, {"bureau_ids", bureau_ids},
            {"joint_inspectors", joint_inspectors}, {"joint_per_team", joint_per_team}};
  }
};

Inputs read_inputs(const json& in, const std::string& mode) {
  Fields f(in);
  Inputs x;
  static const std::set<std::string> kStrata = {"division", "industry", "category", "credit", "risk"};
  if (f.has("strata")) {
    const auto& s = in.at("strata");
    if (!s.is_array()) throw Error::invalid("strata", "分层应为列名数组", "draw.strata_invalid");
    for (const auto& v : s) {
      if (!v.is_string() || !kStrata.count(v.get<std::string>()))
        throw Error::invalid("strata", "只能按 division（区划）、industry（行业）、category（单位类别）、credit（信用）、risk（风险）分层",
                             "draw.strata_invalid");
      if (std::find(x.strata.begin(), x.strata.end(), v.get<std::string>()) != x.strata.end())
        throw Error::invalid("strata", "分层列重复：" + v.get<std::string>(), "draw.strata_invalid");
      x.strata.push_back(v.get<std::string>());
    }
    if (!x.strata.empty() && mode != "random" && mode != "systematic")
      throw Error::invalid("strata", std::string("本计划的抽取方式为") + mode_name(mode) + "，不分层", "draw.strata_invalid");
  }
  if (auto n = f.opt_i64("team_size", "每组人数")) {
    if (*n < 2 || *n > 20) throw Error::invalid("team_size", "每组检查人员不少于 2 人（000 第十二条），且不超过 20 人", "draw.team_size_invalid");
    x.team_size = *n;
  }
  if (auto s = f.opt_str("specialty", "专业领域", 32); s && !s->empty()) {
    if (!inspectors::name_of(inspectors::specialties(), *s)) throw Error::invalid("specialty", "专业领域代码不正确", "draw.specialty_invalid");
    x.specialty = *s;
  }
  if (f.has("bureau_ids")) {
    const auto& b = in.at("bureau_ids");
    if (!b.is_array()) throw Error::invalid("bureau_ids", "联合抽查的机构应为机构编号数组", "draw.bureau_invalid");
    for (const auto& v : b) {
      if (!v.is_number_integer()) throw Error::invalid("bureau_ids", "联合抽查的机构应为机构编号数组", "draw.bureau_invalid");
      if (std::find(x.bureau_ids.begin(), x.bureau_ids.end(), v.get<int64_t>()) == x.bureau_ids.end()) x.bureau_ids.push_back(v.get<int64_t>());
    }
    std::sort(x.bureau_ids.begin(), x.bureau_ids.end());
  }
  if (f.has("joint_inspectors")) {
    const auto& js = in.at("joint_inspectors");
    if (!js.is_array()) throw Error::invalid("joint_inspectors", "联合检查人员应为数组", "draw.joint_invalid");
    if (js.size() > kMaxJointInspectors) throw Error::invalid("joint_inspectors", "联合检查人员过多", "draw.joint_invalid");
    std::set<std::string> certs;
    for (size_t i = 0; i < js.size(); ++i) {
      const char* F = "joint_inspectors";
      if (!js[i].is_object()) bad_item(F, i, "", "联合检查人员应为对象");
      json j = {{"name", nested_str(js[i], F, i, "name", "姓名", 50)},
                {"certificate_no", nested_str(js[i], F, i, "certificate_no", "执法证号", 50)},
                {"department", nested_str(js[i], F, i, "department", "所在部门", 100)}};
      for (const char* k : {"valid_from", "valid_to"}) {
        std::string v = nested_str(js[i], F, i, k, k == std::string("valid_from") ? "执法证有效期起" : "执法证有效期止", 10);
        if (!time::parse_date(v)) bad_item(F, i, k, "日期应为 YYYY-MM-DD");
        j[k] = v;
      }
      if (j["valid_to"] < j["valid_from"]) bad_item(F, i, "valid_to", "执法证有效期止早于起始日期");
      if (!certs.insert(j["certificate_no"].get<std::string>()).second) bad_item(F, i, "certificate_no", "执法证号重复");
      x.joint_inspectors.push_back(j);
    }
  }
  if (auto n = f.opt_i64("joint_per_team", "每组联合检查人数")) {
    if (x.joint_inspectors.empty())
      throw Error::invalid("joint_per_team", "没有联合检查人员，不能设置每组联合检查人数", "draw.joint_invalid");
    if (*n < 1 || *n > 10) throw Error::invalid("joint_per_team", "每组每个联合部门的人数应为 1 到 10", "draw.joint_invalid");
    x.joint_per_team = *n;
  } else if (!x.joint_inspectors.empty()) {
    x.joint_per_team = 1;
  }
  return x;
}

struct Lottery {
  std::string name, draw_no;
};
std::optional<Lottery> read_lottery(const json& in) {
  Fields f(in);
  if (!f.has("lottery")) return std::nullopt;
  const auto& l = in.at("lottery");
  if (!l.is_object()) throw Error::invalid("lottery", "开奖信息应为 {name, draw_no}", "draw.lottery_invalid");
  Fields lf(l);
  auto req = [&](const char* key, const std::string& label, size_t max) {
    auto v = lf.opt_str(key, label, max);
    if (!v || v->empty()) throw Error(422, "validation.required", "开奖信息的" + label + "不能为空", {{"field", "lottery"}, {"key", key}});
    for (unsigned char ch : *v)
      if (ch < 0x20) throw Error(422, "draw.lottery_invalid", label + "不能包含控制字符", {{"field", "lottery"}, {"key", key}});
    return *v;
  };
  return Lottery{req("name", "名称", 100), req("draw_no", "期号", 50)};
}

// Bureau paths whose objects join the pool: the plan's bureau and the extra bureaus of a
// cross-region draw (DR-12), none inside another so that no object is read twice.
std::vector<std::string> object_paths(db::Connection& c, const org::Principal& p, const org::Bureau& plan_bureau,
                                      const std::vector<int64_t>& extra) {
  std::vector<std::string> paths{plan_bureau.path};
  for (int64_t id : extra) {
    auto b = org::find_bureau(c, id);
    if (!b || !p.covers_path(b->path))
      throw Error(422, "draw.bureau_invalid", "联合抽查的机构 #" + std::to_string(id) + " 不存在或不在您的管辖范围内",
                  {{"field", "bureau_ids"}, {"bureau_id", id}});
    if (b->level == "unit")
      throw Error(422, "draw.bureau_invalid", b->name + "不是统计局，没有调查对象", {{"field", "bureau_ids"}, {"bureau_id", id}});
    paths.push_back(b->path);
  }
  std::sort(paths.begin(), paths.end());
  std::vector<std::string> out;
  for (const auto& path : paths)
    if (out.empty() || path.rfind(out.back(), 0) != 0) out.push_back(path);
  return out;
}

int32_t day_number(const std::string& date) {
  if (date.empty()) return -1;
  auto d = time::parse_date(date);
  if (!d) throw Error::internal("stored date is malformed: " + date);
  return int32_t(d->days());
}

// DR-6, DR-12: the candidate pool as the commit freezes it (docs/draw-algorithm.md §2).
Pool build_pool(db::Connection& c, const org::Principal& p, const org::Bureau& plan_bureau, const std::string& object_type,
                const time::Date& day, const Inputs& x) {
  Pool pool;
  add_registry_objects(c, object_type, object_paths(c, p, plan_bureau, x.bureau_ids), day, pool);
  if (pool.objects.empty())
    throw Error::conflict("draw.pool_empty", "名录库中没有可供抽取的检查对象", {{"field", "item_id"}, {"object_type", object_type}});
  // Eligible and excluded alike: the engine judges status, validity and conflicts on the date
  // itself, so the published pool shows why someone could not be drawn.
  auto ip = inspectors::draw_pool(c, p, {plan_bureau.id, day, x.specialty, {}});
  auto loads = loads_in_year(c, day.year);
  std::set<std::string> own;
  for (auto* list : {&ip.eligible, &ip.excluded})
    for (auto& e : *list) {
      Inspector i;
      i.id = e.inspector.certificate_no;
      i.name = e.inspector.name;
      i.division = e.inspector.region_code;
      i.status = e.inspector.status;
      i.valid_from = e.inspector.valid_from;
      i.valid_to = e.inspector.valid_to;
      i.specialties = e.inspector.specialties;
      for (const auto& k : e.conflicts) i.conflicts.push_back(k.kind + ":" + k.target);
      std::sort(i.conflicts.begin(), i.conflicts.end());
      i.conflicts.erase(std::unique(i.conflicts.begin(), i.conflicts.end()), i.conflicts.end());
      auto it = loads.find(i.id);
      i.load = it == loads.end() ? 0 : it->second;
      i.load_blank = false;
      own.insert(i.id);
      pool.inspectors.push_back(std::move(i));
    }
  for (size_t k = 0; k < x.joint_inspectors.size(); ++k) {
    const auto& j = x.joint_inspectors[k];
    Inspector i;
    i.id = j["certificate_no"].get<std::string>();
    if (own.count(i.id))
      bad_item("joint_inspectors", k, "certificate_no", "执法证号 " + i.id + " 已是本局执法人员的证号");
    i.name = j["name"].get<std::string>();
    i.department = j["department"].get<std::string>();
    i.status = "active";
    i.valid_from = j["valid_from"].get<std::string>();
    i.valid_to = j["valid_to"].get<std::string>();
    auto it = loads.find(i.id);
    i.load = it == loads.end() ? 0 : it->second;
    i.load_blank = false;
    pool.inspectors.push_back(std::move(i));
  }
  sort_pool(pool);
  return pool;
}

std::string mode_of(const spotcheck::PlanLine& line, const spotcheck::PlanOptions& o) {
  if (line.ratio_bp == 10000) return "all";
  if (o.multi_stage) return "multistage";
  if (o.systematic_sampling) return "systematic";
  return "random";
}

// The plan's terms as the engine's parameters (docs/draw.md "Parameters from the plan").
json make_params(crypto::Hash h, const time::Date& day, const std::string& mode, const spotcheck::PlanTerms& t,
                 const spotcheck::PlanLine& line, const Inputs& x, const json& context) {
  json p = {{"algorithm", kAlgorithm}, {"hash", crypto::hash_name(h)}, {"date", day.str()}, {"mode", mode}};
  if (mode == "random" || mode == "systematic") {
    p["strata"] = x.strata;
    p["ratio_bp"] = line.ratio_bp;
    p["credit_ratios_bp"] = line.credit_ratios_bp;
    p["risk_ratios_bp"] = line.risk_ratios_bp;
    p["min_ratio_bp"] = t.options.min_enterprise_ratio_bp;
  }
  p["rules"] = {{"no_repeat_years", t.options.no_repeat_years},
                {"key_units_every_year", t.options.key_units_every_year},
                {"seriously_dishonest_every_half_year", t.options.seriously_dishonest_every_half_year}};
  if (mode == "multistage") {
    const auto& m = *t.options.multi_stage;
    p["multistage"] = {{"cluster", "division"},
                       {"clusters_min", m.counties_min},
                       {"clusters_max", m.counties_max},
                       {"units_min", m.units_min},
                       {"units_max", m.units_max}};
  }
  json joint = json::array();
  for (const auto& j : x.joint_inspectors) {
    bool seen = false;
    for (const auto& e : joint) seen = seen || e["department"] == j["department"];
    if (!seen) joint.push_back({{"department", j["department"]}, {"count", x.joint_per_team}});
  }
  p["team"] = {{"size", x.team_size}, {"specialty", x.specialty}, {"load_spread", 1}, {"max_load", 0}, {"joint", joint}};
  p["context"] = context;
  return p;
}

struct NewSession {
  Session s;
  std::string pool;  // the file
};

int64_t insert_session(db::Connection& c, const org::Principal& p, NewSession& n, const char* action, time::Instant now) {
  Session& s = n.s;
  auto ins = c.prepare(
      "INSERT INTO draw_sessions(province_code, bureau_id, plan_id, plan_version_id, plan_version, year, item_id, item_version_id, "
      "item_name, object_type, title, check_date, method, window_from, window_to, mode, inputs, lottery_name, lottery_draw_no, "
      "params, params_hash, pool_root, pool_hash, pool_objects, pool_inspectors, state, redraw_of, redraw_reason, created_at, "
      "created_by, decision_opinion) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
  ins->bind(s.province_code).bind(s.bureau_id).bind(s.plan_id).bind(s.plan_version_id).bind(s.plan_version).bind(s.year)
      .bind(s.item_id).bind(s.item_version_id).bind(s.item_name).bind(s.object_type).bind(s.title).bind(s.check_date)
      .bind(s.method).bind(s.window_from).bind(s.window_to).bind(s.mode)
      .bind(s.inputs).bind(s.lottery_name).bind(s.lottery_draw_no).bind(s.params).bind(s.params_hash).bind(s.pool_root)
      .bind(s.pool_hash).bind(s.pool_objects).bind(s.pool_inspectors).bind(s.state).bind(s.redraw_of).bind(s.redraw_reason)
      .bind(time::to_iso(now)).bind(p.user_id).bind(std::string());
  ins->step();
  s.id = ins->row().i64(0);
  ins->exec();
  ins.reset();
  ledger::record_row(c, p.actor(), action, kSubject, "draw_sessions", "id", std::to_string(s.id), kRecord,
                     {{"pool_root", s.pool_root}, {"params_hash", s.params_hash}});
  write_document(c, p.actor(), s.id, "pool", n.pool, crypto::hash_from_name(json::parse(s.params).at("hash").get<std::string>()),
                 now);
  return s.id;
}

void record_session(db::Connection& c, const ledger::Actor& a, const char* action, int64_t id) {
  ledger::record_row(c, a, action, kSubject, "draw_sessions", "id", std::to_string(id), kRecord);
}

// The randomness text (docs/draw.md "Randomness"): one line each, fixed order, whitespace runs
// inside the witnesses' numbers collapsed to one space so that the text is the same however
// the numbers were typed.
std::string collapse_spaces(const std::string& s) {
  std::string out;
  bool space = false;
  for (char ch : s) {
    bool ws = ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
    if (ws) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += ch;
  }
  return out;
}

std::string compose_randomness(int64_t session_id, const json& witnesses, const std::string& numbers, const Session& s,
                               const std::optional<std::string>& lottery_result) {
  std::string w;
  for (const auto& x : witnesses) w += (w.empty() ? "" : "；") + x["name"].get<std::string>() + "（" + x["role"].get<std::string>() + "）";
  std::string text = "zhifa-draw-session:" + std::to_string(session_id) + "\n" + "witnesses:" + w + "\n" + "numbers:" + numbers;
  if (s.lottery_name)
    text += "\nlottery:" + *s.lottery_name + " 第" + s.lottery_draw_no.value_or("") + "期 开奖结果 " + *lottery_result;
  return text;
}

}  // namespace

void add_registry_objects(db::Connection& c, const std::string& object_type, const std::vector<std::string>& bureau_paths,
                          const time::Date& day, Pool& pool) {
  for (const auto& path : bureau_paths) {
    registry::for_each_draw_candidate(c, object_type, path, day, [&](const registry::DrawCandidate& d) {
      Object o;
      o.id = d.credit_code;
      o.name = d.name;
      o.division = pool.intern(d.division_code);
      o.industry = pool.intern(d.industry_code);
      o.category = pool.intern(d.unit_category);
      o.credit = pool.intern(d.credit_status);
      o.risk = pool.intern(d.risk_level);
      o.key_unit = d.key_unit;
      o.key_unit_text = d.key_unit ? 2 : 1;  // written as 1 / 0
      o.last_check = day_number(d.last_checked_on);
      pool.objects.push_back(std::move(o));
    });
  }
}

std::string verification_path(int64_t id) { return "/portal/draws/" + std::to_string(id); }

// ---- commit ------------------------------------------------------------------------------------

json commit_draw(db::Connection& c, const org::Principal& p, const json& in, time::Instant now) {
  p.require("spotcheck.draw");
  Fields f(in);
  const int64_t plan_id = f.i64("plan_id", "抽查计划"), item_id = f.i64("item_id", "抽查事项");
  // 404 when the plan is absent or its bureau is outside the principal's scope (a county cannot
  // draw its city's plan).
  const json plan = spotcheck::get_plan(c, p, plan_id);
  auto terms = spotcheck::plan_in_force(c, plan_id);
  if (!terms) throw Error::conflict("draw.plan_not_published", "该年度抽查计划尚未公布，不能抽取", {{"field", "plan_id"}});
  auto bureau = org::find_bureau(c, terms->bureau_id);
  if (!bureau) throw Error::internal("plan bureau missing");
  const spotcheck::PlanLine* line = nullptr;
  for (const auto& l : terms->lines)
    if (l.item_id == item_id) line = &l;
  if (!line) throw Error::invalid("item_id", "已公布的计划中没有该抽查事项", "draw.item_not_in_plan");

  time::Date day = line->window_from;
  if (auto d = f.opt_str("date", "检查日期", 10); d && !d->empty()) {
    auto parsed = time::parse_date(*d);
    if (!parsed) throw Error::invalid("date", "检查日期应为 YYYY-MM-DD", "draw.date_invalid");
    day = *parsed;
  }
  if (day < line->window_from || day > line->window_to)
    throw Error(422, "draw.date_out_of_window",
                "检查日期应在计划规定的检查时间 " + line->window_from.str() + " 至 " + line->window_to.str() + " 之内",
                {{"field", "date"}, {"window_from", line->window_from.str()}, {"window_to", line->window_to.str()}});
  const std::string mode = mode_of(*line, terms->options);
  const Inputs x = read_inputs(in, mode);
  const auto lottery = read_lottery(in);

  std::string title;
  if (auto t = f.opt_str("title", "批次名称", 100); t && !t->empty()) {
    title = *t;
  } else {
    auto q = c.prepare("SELECT COUNT(*) FROM draw_sessions WHERE plan_id = ? AND item_id = ? AND redraw_of IS NULL");
    q->bind(plan_id).bind(item_id);
    q->step();
    title = bureau->name + std::to_string(terms->year) + "年“" + line->item_name + "”随机抽查（第" +
            std::to_string(q->row().i64(0) + 1) + "批）";
  }

  Pool pool = build_pool(c, p, *bureau, line->object_type, day, x);
  const crypto::Hash h = ledger::store_hash(c);
  json context = {{"plan_id", plan_id},      {"plan_version", terms->version}, {"item_id", item_id},
                  {"item_version_id", line->item_version_id}, {"bureau_id", bureau->id}, {"title", title}};
  json params = make_params(h, day, mode, *terms, *line, x, context);
  check_params(params);

  NewSession n;
  n.pool = write_pool(pool);
  // What is published must parse back to the same rows (a registry value the file cannot hold
  // is named here, not discovered by someone re-running the draw).
  read_pool(n.pool);
  Session& s = n.s;
  s.province_code = bureau->division_code.substr(0, 2) + "0000";
  s.bureau_id = bureau->id;
  s.plan_id = plan_id;
  s.plan_version_id = terms->version_id;
  s.plan_version = terms->version;
  s.year = terms->year;
  s.item_id = item_id;
  s.item_version_id = line->item_version_id;
  s.item_name = line->item_name;
  s.object_type = line->object_type;
  s.title = title;
  s.check_date = day.str();
  s.method = line->method;
  s.window_from = line->window_from.str();
  s.window_to = line->window_to.str();
  s.mode = mode;
  s.inputs = canonical_json(x.to_json());
  if (lottery) s.lottery_name = lottery->name, s.lottery_draw_no = lottery->draw_no;
  s.params = canonical_json(params);
  s.params_hash = crypto::hex(params_hash(params));
  s.pool_root = crypto::hex(pool_root(h, pool));
  s.pool_hash = crypto::hex(crypto::digest(h, n.pool));
  s.pool_objects = int64_t(pool.objects.size());
  s.pool_inspectors = int64_t(pool.inspectors.size());
  s.state = "committed";
  (void)plan;
  int64_t id = insert_session(c, p, n, "draw.commit", now);
  return staff_json(c, *load(c, id));
}

// ---- draw --------------------------------------------------------------------------------------

json run_draw(db::Connection& c, const org::Principal& p, int64_t id, const json& in, time::Instant now) {
  p.require("spotcheck.draw");
  Session s = find_in_scope(c, p, id);
  if (s.state == "pending_approval")
    throw Error::conflict("draw.approval_pending", "重新抽取尚未获得批准，不能抽取");
  if (s.state == "refused") throw Error::conflict("draw.refused", "重新抽取未获批准，不能抽取");
  if (s.state == "drawn") throw Error::conflict("draw.already_drawn", "该批次已经抽取；如确需重新抽取，请申请重新抽取");

  Fields f(in);
  if (!f.has("witnesses") || !in.at("witnesses").is_array() || in.at("witnesses").empty())
    throw Error(422, "draw.witness_required", "抽取须有见证人在场，至少登记一名见证人", {{"field", "witnesses"}});
  const auto& ws = in.at("witnesses");
  if (ws.size() > kMaxWitnesses) throw Error::invalid("witnesses", "见证人不能超过 20 名");
  json witnesses = json::array();
  for (size_t i = 0; i < ws.size(); ++i) {
    if (!ws[i].is_object()) bad_item("witnesses", i, "", "见证人应为 {name, role}");
    witnesses.push_back({{"name", nested_str(ws[i], "witnesses", i, "name", "见证人姓名", 50)},
                         {"role", nested_str(ws[i], "witnesses", i, "role", "见证人身份", 50)}});
  }
  std::string numbers = collapse_spaces(f.str("numbers", "见证人报出的数字", 500));
  std::optional<std::string> lottery_result;
  if (s.lottery_name) {
    lottery_result = collapse_spaces(f.str("lottery_result", "开奖结果", 200));
  } else if (f.has("lottery_result")) {
    throw Error::invalid("lottery_result", "该批次承诺时没有指定开奖结果，不能在抽取时加入", "draw.lottery_not_named");
  }
  const std::string text = compose_randomness(s.id, witnesses, numbers, s, lottery_result);

  // The stored pool must still be the one committed to: its root is recomputed, not trusted.
  const json params = json::parse(s.params);
  const crypto::Hash h = params_hash_fn(params);
  const std::string csv = document(c, s.id, "pool");
  Pool pool = read_pool(csv);
  std::string root = pool_root(h, pool);
  if (crypto::hex(root) != s.pool_root || crypto::hex(params_hash(params)) != s.params_hash)
    throw Error::internal("抽取名单或参数与承诺不符（批次 " + std::to_string(s.id) + "），请运行 zhifa ledger verify");
  // Throws 409 draw.team_impossible naming the object: nothing below runs, the transaction rolls back.
  json cert = run(pool, params, text, root);
  const std::string cert_text = canonical_json(cert);

  c.prepare(
       "UPDATE draw_sessions SET state = 'drawn', witnesses = ?, numbers = ?, lottery_result = ?, randomness = ?, seed = ?, "
       "certificate_hash = ?, result_summary = ?, drawn_at = ?, drawn_by = ? WHERE id = ?")
      ->bind(canonical_json(witnesses)).bind(numbers).bind(lottery_result).bind(cert.at("randomness").get<std::string>())
      .bind(cert.at("seed").get<std::string>()).bind(crypto::hex(crypto::digest(h, cert_text)))
      .bind(canonical_json(cert.at("result").at("summary"))).bind(time::to_iso(now))
      .bind(p.user_id).bind(s.id)
      .exec();
  record_session(c, p.actor(), "draw.draw", s.id);
  write_document(c, p.actor(), s.id, "certificate", cert_text, h, now);

  SessionFacts facts;
  facts.id = s.id;
  facts.bureau_id = s.bureau_id;
  facts.item_id = s.item_id;
  facts.item_version_id = s.item_version_id;
  facts.province_code = s.province_code;
  facts.object_type = s.object_type;
  facts.check_date = s.check_date;
  facts.method = s.method;
  facts.window_from = s.window_from;
  facts.window_to = s.window_to;
  create_tasks(c, p.actor(), facts, cert, pool, now);
  if (s.redraw_of) supersede_tasks(c, p.actor(), *s.redraw_of, now);
  return staff_json(c, *load(c, s.id));
}

// ---- redraw ------------------------------------------------------------------------------------

json request_redraw(db::Connection& c, const org::Principal& p, int64_t id, const json& in, time::Instant now) {
  p.require("spotcheck.draw");
  Session first = find_in_scope(c, p, id);
  if (first.state != "drawn") throw Error::conflict("draw.not_drawn", "只有已抽取的批次才能申请重新抽取");
  {
    auto q = c.prepare("SELECT id FROM draw_sessions WHERE redraw_of = ? AND state IN ('pending_approval', 'committed')");
    q->bind(id);
    if (q->step())
      throw Error::conflict("draw.redraw_open", "该批次已有待批准或待抽取的重新抽取（批次 #" + std::to_string(q->row().i64(0)) + "）",
                            {{"session_id", q->row().i64(0)}});
  }
  Fields f(in);
  std::string reason = f.str("reason", "重新抽取的理由", 500);
  auto lottery = read_lottery(in);

  NewSession n;
  n.pool = document(c, first.id, "pool");
  Session& s = n.s;
  s = first;
  s.id = 0;
  s.lottery_name.reset();
  s.lottery_draw_no.reset();
  if (lottery) s.lottery_name = lottery->name, s.lottery_draw_no = lottery->draw_no;
  // The same pool and parameters; the context names the session repeated, so the redraw's
  // certificate says what it is.
  json params = json::parse(first.params);
  params["context"]["redraw_of"] = first.id;
  check_params(params);
  s.params = canonical_json(params);
  s.params_hash = crypto::hex(params_hash(params));
  s.state = "pending_approval";
  s.redraw_of = first.id;
  s.redraw_reason = reason;
  int64_t new_id = insert_session(c, p, n, "draw.redraw_request", now);
  return staff_json(c, *load(c, new_id));
}

json decide_redraw(db::Connection& c, const org::Principal& p, int64_t id, const json& in, bool approve, time::Instant now) {
  p.require("spotcheck.draw.approve");
  Session s = find_in_scope(c, p, id);
  if (s.state != "pending_approval") throw Error::conflict("draw.not_pending", "该批次不是待批准的重新抽取");
  if (s.created_by == p.user_id)
    throw Error::conflict("draw.same_person", "重新抽取须由申请人以外的负责人批准");
  Fields f(in);
  std::string opinion = f.str("opinion", "审批意见", 500);
  c.prepare("UPDATE draw_sessions SET state = ?, decided_at = ?, decided_by = ?, decision_opinion = ? WHERE id = ?")
      ->bind(approve ? "committed" : "refused").bind(time::to_iso(now)).bind(p.user_id).bind(opinion).bind(id)
      .exec();
  record_session(c, p.actor(), approve ? "draw.redraw_approve" : "draw.redraw_refuse", id);
  return staff_json(c, *load(c, id));
}

// ---- reads -------------------------------------------------------------------------------------

json list_draws(db::Connection& c, const org::Principal& p, const DrawFilter& f) {
  p.require("spotcheck.read");
  std::string sql = std::string(kSelect) + "WHERE b.path LIKE ?";
  std::vector<db::Value> args{p.bureau_path + "%"};
  if (f.plan_id) sql += " AND s.plan_id = ?", args.emplace_back(*f.plan_id);
  if (f.bureau_id) sql += " AND s.bureau_id = ?", args.emplace_back(*f.bureau_id);
  if (f.year) sql += " AND s.year = ?", args.emplace_back(*f.year);
  if (!f.state.empty()) {
    if (!state_name(f.state)[0]) throw Error::invalid("state", "状态只能是 pending_approval、committed、drawn 或 refused");
    sql += " AND s.state = ?";
    args.emplace_back(f.state);
  }
  auto q = c.prepare(sql + " ORDER BY s.id DESC");
  for (auto& a : args) q->bind(a);
  std::vector<Session> rows;
  while (q->step()) rows.push_back(read_session(q->row()));
  q.reset();
  json items = json::array();
  for (const auto& s : rows) {
    json j = session_core(c, s);
    j.erase("params");
    j["created_by"] = user_ref(s.created_by, s.created_by_name);
    items.push_back(std::move(j));
  }
  return {{"items", items}};
}

json get_draw(db::Connection& c, const org::Principal& p, int64_t id) {
  p.require("spotcheck.read");
  Session s = find_in_scope(c, p, id);
  json out = staff_json(c, s);
  out["tasks"] = session_tasks(c, s.id);
  out["replacements"] = session_replacements(c, s.id);
  return out;
}

std::string pool_csv(db::Connection& c, const org::Principal& p, int64_t id) {
  p.require("spotcheck.read");
  return document(c, find_in_scope(c, p, id).id, "pool");
}

json draw_certificate(db::Connection& c, const org::Principal& p, int64_t id) {
  p.require("spotcheck.read");
  return json::parse(document(c, find_in_scope(c, p, id).id, "certificate"));
}

json public_draws(db::Connection& c, const DrawFilter& f, int64_t page, int64_t page_size) {
  std::string where = "WHERE s.state IN ('committed', 'drawn')";
  std::vector<db::Value> args;
  if (f.plan_id) where += " AND s.plan_id = ?", args.emplace_back(*f.plan_id);
  if (f.bureau_id) where += " AND s.bureau_id = ?", args.emplace_back(*f.bureau_id);
  if (f.year) where += " AND s.year = ?", args.emplace_back(*f.year);
  if (!f.state.empty()) {
    if (f.state != "committed" && f.state != "drawn") throw Error::invalid("state", "状态只能是 committed 或 drawn");
    where += " AND s.state = ?";
    args.emplace_back(f.state);
  }
  int64_t size = std::clamp<int64_t>(page_size, 1, 100), pg = std::max<int64_t>(page, 1);
  auto cq = c.prepare("SELECT COUNT(*) FROM draw_sessions s " + where);
  for (auto& a : args) cq->bind(a);
  cq->step();
  int64_t total = cq->row().i64(0);
  cq.reset();
  auto q = c.prepare(std::string(kSelect) + where + " ORDER BY s.id DESC LIMIT ? OFFSET ?");
  for (auto& a : args) q->bind(a);
  q->bind(size).bind((pg - 1) * size);
  std::vector<Session> rows;
  while (q->step()) rows.push_back(read_session(q->row()));
  q.reset();
  json items = json::array();
  for (const auto& s : rows) {
    json j = session_core(c, s);
    j.erase("params");
    if (!j["draw"].is_null()) j["draw"] = {{"drawn_at", j["draw"]["drawn_at"]}, {"summary", j["draw"]["summary"]}};
    j["redraws"] = redraws_of(c, s.id, true);
    items.push_back(std::move(j));
  }
  return {{"items", items}, {"total", total}, {"page", pg}, {"page_size", size}};
}

json public_draw(db::Connection& c, int64_t id) {
  Session s = find_public(c, id);
  json out = session_core(c, s);
  out["redraws"] = redraws_of(c, s.id, true);
  out["approved_at"] = s.redraw_of ? opt(s.decided_at) : json(nullptr);
  json t = public_tasks(c, s.id);
  out["result"] = t["tasks"];
  out["replacements"] = t["replacements"];
  return out;
}

std::string public_pool_csv(db::Connection& c, int64_t id) { return document(c, find_public(c, id).id, "pool"); }

json public_certificate(db::Connection& c, int64_t id) {
  return json::parse(document(c, find_public(c, id).id, "certificate"));
}

}  // namespace zhifa::draw
