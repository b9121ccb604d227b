#include "inspectors/training_plans.h"

#include <algorithm>
#include <map>
#include <set>

#include "base/canonical_json.h"
#include "base/error.h"
#include "base/fields.h"
#include "base/versions.h"
#include "inspectors/dictionary.h"
#include "inspectors/inspectors.h"
#include "ledger/ledger.h"
#include "org/bureaus.h"
#include "org/users.h"

namespace zhifa::inspectors {
namespace {

using nlohmann::json;

const std::vector<std::string> kPlanRecord = {"bureau_id", "year", "created_at", "created_by"};
const std::vector<std::string> kVersionRecord = {"plan_id", "version", "title", "sessions", "notes",
                                                 "reason",  "adjusts", "created_at", "created_by"};
const std::vector<std::string> kPublicationRecord = {"plan_id", "version_id", "published_at", "published_by"};

constexpr int64_t kFirstYear = 2000;
constexpr size_t kMaxSessions = 50;
constexpr int64_t kMaxSessionDays = 30;
constexpr size_t kMaxNamed = 500;

// ---- input --------------------------------------------------------------------------------

// An error inside sessions[index], in the shape the spot-check plans use for their lines.
Error session_error(size_t index, const std::string& key, const std::string& code, const std::string& message) {
  return Error(422, code, "第 " + std::to_string(index + 1) + " 期培训：" + message,
               {{"field", "sessions"}, {"index", index}, {"key", key}});
}

// Runs fn, turning a field error of Fields (details.field = the key) into one that names the session.
template <class F>
auto within(size_t index, F&& fn) {
  try {
    return fn();
  } catch (const Error& e) {
    if (e.status() != 422 || !e.details().contains("field")) throw;
    throw session_error(index, e.details().at("field").get<std::string>(), e.code(), e.message());
  }
}

struct PlanBureau {
  int64_t id = 0;
  std::string path, name, code, division;
};

// The inspectors a session may name: those of the plan's bureau and below, by id.
using Staff = std::map<int64_t, Inspector>;

// "2026-04" for a month inside `year`; nullopt otherwise.
std::optional<std::string> parse_month(const std::string& s, int64_t year) {
  if (s.size() != 7 || s[4] != '-') return std::nullopt;
  auto d = time::parse_date(s + "-01");
  if (!d || d->year != year) return std::nullopt;
  return s;
}

json parse_session(const json& in, size_t i, int64_t year, const Staff& staff) {
  if (!in.is_object()) throw session_error(i, "topic", "training_plan.sessions_invalid", "应为对象");
  Fields f(in);
  const std::string y = std::to_string(year);
  json date = nullptr;
  std::string month;
  if (auto d = within(i, [&] { return f.opt_str("date", "培训日期", 10); }); d && !d->empty()) {
    auto pd = time::parse_date(*d);
    if (!pd) throw session_error(i, "date", "training_plan.date_invalid", "培训日期应为有效日期（YYYY-MM-DD）");
    if (pd->year != year) throw session_error(i, "date", "training_plan.date_invalid", "培训日期应在 " + y + " 年内");
    date = pd->str();
    month = pd->str().substr(0, 7);
  }
  if (auto m = within(i, [&] { return f.opt_str("month", "培训月份", 7); }); m && !m->empty()) {
    auto pm = parse_month(*m, year);
    if (!pm) throw session_error(i, "month", "training_plan.month_invalid", "培训月份应为 " + y + " 年内的月份（YYYY-MM）");
    if (!month.empty() && *pm != month) throw session_error(i, "month", "training_plan.month_invalid", "培训月份与培训日期不一致");
    month = *pm;
  }
  if (month.empty()) throw session_error(i, "date", "validation.required", "培训时间不能为空：请填写培训日期或月份");

  std::string topic = within(i, [&] { return f.str("topic", "培训主题", 100); });
  std::string content = within(i, [&] { return f.opt_str("content", "培训内容", 1000); }).value_or("");
  if (!in.contains("days") || in.at("days").is_null()) throw session_error(i, "days", "validation.required", "培训天数不能为空");
  auto half = half_days_of(in.at("days"), kMaxSessionDays);
  if (!half)
    throw session_error(i, "days", "training_plan.days_invalid", "培训天数应大于 0、以半天为单位（如 0.5、1、2），不超过 30 天");

  std::string trainees = within(i, [&] { return f.opt_str("trainees", "培训对象", 10); }).value_or("all");
  if (trainees.empty()) trainees = "all";
  if (trainees != "all" && trainees != "named")
    throw session_error(i, "trainees", "training_plan.trainees_invalid", "培训对象只能是 all（本局及下级全部执法人员）或 named（指定人员）");
  json named = json::array();
  const bool has_ids = in.contains("inspector_ids") && !in.at("inspector_ids").is_null();
  if (trainees == "all" && has_ids && !in.at("inspector_ids").empty())
    throw session_error(i, "inspector_ids", "training_plan.trainees_invalid", "培训对象为全部执法人员时不能再指定人员");
  if (trainees == "named") {
    const json& ids = has_ids ? in.at("inspector_ids") : json::array();
    if (!ids.is_array() || ids.empty() || ids.size() > kMaxNamed)
      throw session_error(i, "inspector_ids", "training_plan.trainees_invalid", "请指定参训的执法人员（1 至 500 名）");
    std::set<int64_t> seen;
    std::vector<const Inspector*> picked;
    for (const auto& v : ids) {
      if (!v.is_number_integer()) throw session_error(i, "inspector_ids", "training_plan.trainees_invalid", "执法人员应以 id（整数）指定");
      int64_t id = v.get<int64_t>();
      auto it = staff.find(id);
      if (it == staff.end())
        throw session_error(i, "inspector_ids", "training_plan.inspector_invalid", "执法人员 " + std::to_string(id) + " 不是本局或下级机构的执法人员");
      if (it->second.status == "left")
        throw session_error(i, "inspector_ids", "training_plan.inspector_invalid", it->second.name + "（" + it->second.certificate_no + "）已离岗");
      if (!seen.insert(id).second)
        throw session_error(i, "inspector_ids", "training_plan.inspector_invalid", it->second.name + " 被重复指定");
      picked.push_back(&it->second);
    }
    // Stored by certificate number, so that the same people in another order are the same plan.
    std::sort(picked.begin(), picked.end(), [](const Inspector* a, const Inspector* b) { return a->certificate_no < b->certificate_no; });
    for (const auto* x : picked) named.push_back({{"id", x->id}, {"name", x->name}, {"certificate_no", x->certificate_no}});
  }
  return {{"date", date},      {"month", month},       {"topic", topic}, {"content", content},
          {"half_days", *half}, {"trainees", trainees}, {"inspectors", named}};
}

json parse_sessions(const json& in, int64_t year, const Staff& staff) {
  if (in.is_null()) return json::array();
  if (!in.is_array() || in.size() > kMaxSessions)
    throw Error::invalid("sessions", "培训安排应为列表，最多 50 期", "training_plan.sessions_invalid");
  json out = json::array();
  for (size_t i = 0; i < in.size(); ++i) out.push_back(parse_session(in[i], i, year, staff));
  // In the order they happen: by month, a dated session before an undated one of its month.
  std::stable_sort(out.begin(), out.end(), [](const json& a, const json& b) {
    auto key = [](const json& s) { return s["month"].get<std::string>() + (s["date"].is_null() ? "-99" : s["date"].get<std::string>().substr(7)); };
    return key(a) < key(b);
  });
  return out;
}

Staff staff_of(db::Connection& c, const PlanBureau& b, int64_t year) {
  Staff out;
  for (auto& i : inspectors_under(c, b.path, int(year))) out.emplace(i.id, std::move(i));
  return out;
}

// ---- storage ------------------------------------------------------------------------------

struct Plan {
  int64_t id = 0, bureau_id = 0, year = 0, created_by = 0;
  std::string created_at;
  std::optional<int64_t> seq;
  PlanBureau bureau;
};
const char* kPlanSelect =
    "SELECT tp.id, tp.bureau_id, tp.year, tp.created_at, tp.created_by, tp.ledger_seq, b.path, b.name, b.code, b.division_code "
    "FROM training_plans tp JOIN bureaus b ON b.id = tp.bureau_id ";
Plan read_plan(const db::Row& r) {
  return {r.i64(0), r.i64(1), r.i64(2), r.i64(4), r.text(3), r.opt_i64(5), {r.i64(1), r.text(6), r.text(7), r.text(8), r.text(9)}};
}

struct Version {
  int64_t id = 0, version = 0, created_by = 0;
  std::string title, sessions, notes, reason, created_at;
  std::optional<int64_t> adjusts, seq;
  std::optional<std::string> published_at;
  std::optional<int64_t> published_by, publication_seq;
  bool published() const { return published_at.has_value(); }
};
std::vector<Version> versions_of(db::Connection& c, int64_t plan_id) {
  auto q = c.prepare(
      "SELECT v.id, v.version, v.title, v.sessions, v.notes, v.reason, v.adjusts, v.created_at, v.created_by, v.ledger_seq, "
      "pub.published_at, pub.published_by, pub.ledger_seq FROM training_plan_versions v "
      "LEFT JOIN training_plan_publications pub ON pub.version_id = v.id WHERE v.plan_id = ? ORDER BY v.version");
  q->bind(plan_id);
  std::vector<Version> out;
  while (q->step()) {
    const auto& r = q->row();
    out.push_back({r.i64(0), r.i64(1), r.i64(8), r.text(2), r.text(3), r.text(4), r.text(5), r.text(7), r.opt_i64(6), r.opt_i64(9),
                   r.opt_text(10), r.opt_i64(11), r.opt_i64(12)});
  }
  if (out.empty()) throw Error::internal("training plan without a version");
  return out;
}
const Version* latest_published(const std::vector<Version>& vs) { return versions::latest_published(vs); }

Plan load_plan(db::Connection& c, const org::Principal& p, int64_t id) {
  auto q = c.prepare(std::string(kPlanSelect) + "WHERE tp.id = ?");
  q->bind(id);
  if (!q->step() || !p.covers_path(q->row().text(6)))
    throw Error::not_found("training_plan.not_found", "培训计划不存在或不在您的管辖范围内");
  return read_plan(q->row());
}

// 000 Art 9: each bureau trains its own staff; a superior reads the plan but does not write it.
void require_own(const org::Principal& p, int64_t bureau_id) {
  p.require("inspector.manage");
  if (bureau_id != p.bureau_id)
    throw Error::forbidden("training_plan.own_bureau_only", "培训计划由各统计局自行制订，只能制订和调整本局的计划");
}

// A plan the principal may change, with its versions (oldest first, never empty).
struct OwnPlan {
  Plan plan;
  std::vector<Version> versions;
};
OwnPlan own_plan(db::Connection& c, const org::Principal& p, int64_t id) {
  p.require("inspector.manage");
  Plan pl = load_plan(c, p, id);
  require_own(p, pl.bureau_id);
  return {pl, versions_of(c, id)};
}

// ---- output -------------------------------------------------------------------------------

// A session as the API answers it: days as a number, the trainees named in Chinese.
json session_json(const json& s, size_t index) {
  json out = s;
  out["index"] = index;
  out["days"] = days_of_half(s["half_days"].get<int64_t>());
  out["trainees_name"] = s["trainees"] == "all" ? "本局及下级全部执法人员" : "指定人员";
  return out;
}
json sessions_json(const std::string& stored) {
  json arr = json::parse(stored), out = json::array();
  for (size_t i = 0; i < arr.size(); ++i) out.push_back(session_json(arr[i], i));
  return out;
}
// The days every enforcement officer is planned for (sessions for all staff).
double all_staff_days(const json& sessions) {
  int64_t half = 0;
  for (const auto& s : sessions)
    if (s["trainees"] == "all") half += s["half_days"].get<int64_t>();
  return days_of_half(half);
}

std::string version_state(const Version& v, int64_t latest) { return versions::state(v.published(), v.version, latest); }

json version_json(db::Connection& c, const Version& v, const std::vector<Version>& all) {
  json adjusts = nullptr;
  for (const auto& o : all)
    if (v.adjusts && o.id == *v.adjusts) adjusts = o.version;
  json sessions = sessions_json(v.sessions);
  return {{"id", v.id},
          {"version", v.version},
          {"state", version_state(v, all.back().version)},
          {"title", v.title},
          {"sessions", sessions},
          {"all_staff_days", all_staff_days(json::parse(v.sessions))},
          {"notes", v.notes},
          {"reason", v.reason},
          {"is_adjustment", v.adjusts.has_value()},
          {"adjusts_version", adjusts},
          {"created_at", v.created_at},
          {"created_by", org::user_ref(c, v.created_by)},
          {"published_at", v.published_at ? json(*v.published_at) : json(nullptr)},
          {"published_by", v.published_by ? org::user_ref(c, *v.published_by) : json(nullptr)},
          {"seq", v.seq ? json(*v.seq) : json(nullptr)},
          {"publication_seq", v.publication_seq ? json(*v.publication_seq) : json(nullptr)}};
}

json plan_json(db::Connection& c, const Plan& pl, const std::vector<Version>& vs, bool with_versions) {
  const Version* cur = latest_published(vs);
  const Version& latest = vs.back();
  const json shown = json::parse((cur ? *cur : latest).sessions);
  json j = {{"id", pl.id},
            {"bureau_id", pl.bureau_id},
            {"bureau_name", pl.bureau.name},
            {"bureau_code", pl.bureau.code},
            {"year", pl.year},
            {"title", latest.title},
            {"current_version", cur ? json(cur->version) : json(nullptr)},
            {"latest_version", latest.version},
            {"latest_state", version_state(latest, latest.version)},
            {"published_versions", std::count_if(vs.begin(), vs.end(), [](const Version& v) { return v.published(); })},
            // Of the current version (the latest draft when nothing is published yet).
            {"sessions_count", shown.size()},
            {"all_staff_days", all_staff_days(shown)},
            {"min_days", days_of_half(kMinTrainingHalfDaysPerYear)},
            {"created_at", pl.created_at},
            {"created_by", org::user_ref(c, pl.created_by)},
            {"seq", pl.seq ? json(*pl.seq) : json(nullptr)}};
  if (with_versions) {
    json arr = json::array();
    for (const auto& v : vs) arr.push_back(version_json(c, v, vs));
    j["versions"] = arr;
  }
  return j;
}

// ---- writes -------------------------------------------------------------------------------

struct Content {
  std::string title, sessions, notes;
  bool operator==(const Content&) const = default;
};

Content parse_content(db::Connection& c, const PlanBureau& b, int64_t year, const json& in, const Content* base) {
  Fields f(in);
  Content out;
  if (base) out = *base;
  auto take = [&](const char* key) { return !base || f.has(key); };
  if (take("title")) {
    out.title = f.opt_str("title", "计划名称", 200).value_or("");
    if (out.title.empty()) out.title = b.name + std::to_string(year) + "年度执法人员培训计划";
  }
  if (take("sessions")) out.sessions = canonical_json(parse_sessions(in.contains("sessions") ? in.at("sessions") : json(), year, staff_of(c, b, year)));
  if (take("notes")) out.notes = f.opt_str("notes", "计划说明", 2000).value_or("");
  return out;
}

void insert_version(db::Connection& c, const org::Principal& p, int64_t plan_id, int64_t version, const Content& ct,
                    const std::string& reason, std::optional<int64_t> adjusts, time::Instant now) {
  auto ins = c.prepare(
      "INSERT INTO training_plan_versions(plan_id, version, title, sessions, notes, reason, adjusts, created_at, created_by) "
      "VALUES (?,?,?,?,?,?,?,?,?) RETURNING id");
  ins->bind(plan_id).bind(version).bind(ct.title).bind(ct.sessions).bind(ct.notes).bind(reason).bind(adjusts);
  ins->bind(time::to_iso(now)).bind(p.user_id);
  ins->step();
  int64_t id = ins->row().i64(0);
  ins->exec();
  ledger::record_row(c, p.actor(), "training_plan.version", "training_plan", "training_plan_versions", "id", std::to_string(id),
                     kVersionRecord, {{"plan_id", plan_id}, {"version", version}}, std::to_string(plan_id));
}

json plan_by_id(db::Connection& c, const org::Principal& p, int64_t id) {
  Plan pl = load_plan(c, p, id);
  return plan_json(c, pl, versions_of(c, id), true);
}

}  // namespace

json list_training_plans(db::Connection& c, const org::Principal& p, const TrainingPlanFilter& f) {
  require_inspector_read(p);
  std::string sql = std::string(kPlanSelect) + "WHERE b.path LIKE ?";
  if (f.year) sql += " AND tp.year = ?";
  if (f.bureau_id) sql += " AND tp.bureau_id = ?";
  auto q = c.prepare(sql + " ORDER BY tp.year DESC, tp.id");
  q->bind(p.bureau_path + "%");
  if (f.year) q->bind(*f.year);
  if (f.bureau_id) q->bind(*f.bureau_id);
  std::vector<Plan> plans;
  while (q->step()) plans.push_back(read_plan(q->row()));
  q.reset();
  std::stable_sort(plans.begin(), plans.end(), [](const Plan& a, const Plan& b) {
    if (a.year != b.year) return a.year > b.year;
    return org::division_order(a.bureau.division, a.bureau.name, b.bureau.division, b.bureau.name);
  });
  json arr = json::array();
  for (const auto& pl : plans) arr.push_back(plan_json(c, pl, versions_of(c, pl.id), false));
  return {{"items", arr}};
}

json get_training_plan(db::Connection& c, const org::Principal& p, int64_t id) {
  require_inspector_read(p);
  return plan_by_id(c, p, id);
}

json create_training_plan(db::Connection& c, const org::Principal& p, const json& in, time::Instant now) {
  p.require("inspector.manage");
  Fields f(in);
  int64_t bureau_id = f.opt_i64("bureau_id", "制订机构").value_or(p.bureau_id);
  auto b = org::find_bureau(c, bureau_id);
  if (!b || !p.covers_path(b->path)) throw Error::not_found("bureau.not_found", "机构不存在或不在您的管辖范围内");
  require_own(p, b->id);
  int64_t year = f.i64("year", "年度");
  int64_t max_year = time::shanghai_date(now).year + 1;
  if (year < kFirstYear || year > max_year)
    throw Error(422, "training_plan.year_invalid",
                "年度应在 " + std::to_string(kFirstYear) + " 至 " + std::to_string(max_year) + " 年之间：计划最多提前一年制订",
                {{"field", "year"}, {"min", kFirstYear}, {"max", max_year}});
  auto dup = c.prepare("SELECT id FROM training_plans WHERE bureau_id = ? AND year = ?");
  dup->bind(b->id).bind(year);
  if (dup->step())
    throw Error::conflict("training_plan.exists", "本局 " + std::to_string(year) + " 年度的培训计划已经存在，请在原计划上新增版本",
                          {{"field", "year"}, {"plan_id", dup->row().i64(0)}});
  dup.reset();
  PlanBureau pb{b->id, b->path, b->name, b->code, b->division_code};
  Content ct = parse_content(c, pb, year, in, nullptr);
  std::string reason = f.opt_str("reason", "制订说明", 500).value_or("");

  auto ins = c.prepare("INSERT INTO training_plans(bureau_id, year, created_at, created_by) VALUES (?,?,?,?) RETURNING id");
  ins->bind(b->id).bind(year).bind(time::to_iso(now)).bind(p.user_id);
  ins->step();
  int64_t id = ins->row().i64(0);
  ins->exec();
  ledger::record_row(c, p.actor(), "training_plan.create", "training_plan", "training_plans", "id", std::to_string(id), kPlanRecord);
  insert_version(c, p, id, 1, ct, reason, std::nullopt, now);
  return plan_by_id(c, p, id);
}

json add_training_plan_version(db::Connection& c, const org::Principal& p, int64_t id, const json& in, time::Instant now) {
  auto [pl, vs] = own_plan(c, p, id);
  const Version& latest = vs.back();
  Content base{latest.title, latest.sessions, latest.notes};
  Content ct = parse_content(c, pl.bureau, pl.year, in, &base);
  std::string reason = Fields(in).opt_str("reason", "调整原因", 500).value_or("");
  const Version* published = latest_published(vs);
  versions::check_new_version("training_plan", published != nullptr, reason, ct == base);
  insert_version(c, p, id, latest.version + 1, ct, reason, published ? std::optional<int64_t>(published->id) : std::nullopt, now);
  return plan_by_id(c, p, id);
}

json publish_training_plan(db::Connection& c, const org::Principal& p, int64_t id, const json& in, time::Instant now) {
  auto vs = own_plan(c, p, id).versions;
  const Version& latest = vs.back();
  versions::check_publish("training_plan", Fields(in).opt_i64("version_id", "版本"), latest.id, latest.published());
  if (json::parse(latest.sessions).empty())
    throw Error::invalid("sessions", "计划至少应安排一期培训才能公布", "training_plan.sessions_required");
  auto ins = c.prepare(
      "INSERT INTO training_plan_publications(plan_id, version_id, published_at, published_by) VALUES (?,?,?,?) RETURNING id");
  ins->bind(id).bind(latest.id).bind(time::to_iso(now)).bind(p.user_id);
  ins->step();
  int64_t pub = ins->row().i64(0);
  ins->exec();
  ledger::record_row(c, p.actor(), "training_plan.publish", "training_plan", "training_plan_publications", "id", std::to_string(pub),
                     kPublicationRecord, {{"plan_id", id}, {"version", latest.version}}, std::to_string(id));
  return plan_by_id(c, p, id);
}

json training_plan_report(db::Connection& c, const org::Principal& p, int64_t id, std::optional<int64_t> version,
                          const std::string& as_of) {
  require_inspector_read(p);
  Plan pl = load_plan(c, p, id);
  auto vs = versions_of(c, id);
  const Version* v = nullptr;
  if (version) {
    for (const auto& x : vs)
      if (x.version == *version) v = &x;
    if (!v) throw Error::invalid("version", "该计划没有第 " + std::to_string(*version) + " 版", "training_plan.version_invalid");
  } else {
    v = latest_published(vs);
    if (!v) v = &vs.back();
  }
  time::Date day = time::today_shanghai();
  if (!as_of.empty()) {
    auto d = time::parse_date(as_of);
    if (!d) throw Error::invalid("as_of", "日期格式应为 YYYY-MM-DD", "training_plan.date_invalid");
    day = *d;
  }
  const json sessions = json::parse(v->sessions);
  // A session is due once its day (or, without a day, its month) has passed.
  auto due = [&](const json& s) {
    if (!s["date"].is_null()) return s["date"].get<std::string>() <= day.str();
    return s["month"].get<std::string>() < day.str().substr(0, 7);
  };
  struct Planned {
    int64_t half = 0, due_half = 0;
  };
  Planned for_all;
  std::map<int64_t, Planned> named;
  json session_items = json::array();
  for (size_t i = 0; i < sessions.size(); ++i) {
    const json& s = sessions[i];
    const int64_t h = s["half_days"].get<int64_t>();
    const bool d = due(s);
    if (s["trainees"] == "all") {
      for_all.half += h;
      if (d) for_all.due_half += h;
    } else {
      for (const auto& x : s["inspectors"]) {
        auto& n = named[x["id"].get<int64_t>()];
        n.half += h;
        if (d) n.due_half += h;
      }
    }
    json sj = session_json(s, i);
    sj["due"] = d;
    session_items.push_back(sj);
  }

  std::vector<Inspector> people;
  std::set<int64_t> listed;
  for (auto& i : inspectors_under(c, pl.bureau.path, int(pl.year))) {
    if (i.status == "left" && !named.count(i.id)) continue;
    listed.insert(i.id);
    people.push_back(std::move(i));
  }
  // Someone named who has since moved out of the bureau's tree is still planned for.
  for (const auto& [iid, _] : named) {
    if (listed.count(iid)) continue;
    try {
      people.push_back(find_inspector(c, p, iid, int(pl.year)));
    } catch (const Error& e) {
      if (e.status() != 404) throw;
    }
  }
  std::stable_sort(people.begin(), people.end(), [](const Inspector& a, const Inspector& b) {
    if (org::division_order(a.bureau_division, a.bureau_name, b.bureau_division, b.bureau_name)) return true;
    if (org::division_order(b.bureau_division, b.bureau_name, a.bureau_division, a.bureau_name)) return false;
    return a.certificate_no < b.certificate_no;
  });

  json items = json::array();
  int64_t planned_short = 0, with_shortfall = 0, received_short = 0;
  for (const auto& i : people) {
    Planned pn = for_all;
    if (auto it = named.find(i.id); it != named.end()) pn.half += it->second.half, pn.due_half += it->second.due_half;
    const int64_t received = i.training_half_days;
    const int64_t shortfall = std::max<int64_t>(0, std::max(pn.half, kMinTrainingHalfDaysPerYear) - received);
    planned_short += pn.half < kMinTrainingHalfDaysPerYear;
    with_shortfall += shortfall > 0;
    received_short += received < kMinTrainingHalfDaysPerYear;
    items.push_back({{"inspector_id", i.id},
                     {"name", i.name},
                     {"certificate_no", i.certificate_no},
                     {"bureau_id", i.bureau_id},
                     {"bureau_name", i.bureau_name},
                     {"status", i.status},
                     {"status_name", name_of(statuses(), i.status) ? name_of(statuses(), i.status) : ""},
                     {"planned_days", days_of_half(pn.half)},
                     {"planned_due_days", days_of_half(pn.due_half)},
                     {"received_days", days_of_half(received)},
                     {"shortfall_days", days_of_half(shortfall)},
                     {"planned_short", pn.half < kMinTrainingHalfDaysPerYear},
                     {"received_short", received < kMinTrainingHalfDaysPerYear}});
  }
  return {{"plan_id", pl.id},
          {"year", pl.year},
          {"version", v->version},
          {"version_state", version_state(*v, vs.back().version)},
          {"as_of", day.str()},
          {"min_days", days_of_half(kMinTrainingHalfDaysPerYear)},
          {"sessions", session_items},
          {"items", items},
          {"summary",
           {{"inspectors", items.size()},
            {"planned_short", planned_short},
            {"with_shortfall", with_shortfall},
            {"received_short", received_short},
            {"all_staff_days", days_of_half(for_all.half)}}}};
}

}  // namespace zhifa::inspectors
