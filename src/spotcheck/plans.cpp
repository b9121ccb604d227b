#include "spotcheck/plans.h"

#include <algorithm>
#include <set>

#include "base/canonical_json.h"
#include "base/error.h"
#include "base/fields.h"
#include "base/versions.h"
#include "ledger/ledger.h"
#include "org/bureaus.h"
#include "spotcheck/common.h"
#include "spotcheck/items.h"

namespace zhifa::spotcheck {
namespace {

using detail::percent;
using detail::user_ref;
using nlohmann::json;

const std::vector<std::string> kPlanRecord = {"bureau_id", "year", "created_at", "created_by"};
const std::vector<std::string> kVersionRecord = {"plan_id", "version", "title",   "lines",      "options",
                                                 "notes",   "reason",  "adjusts", "created_at", "created_by"};
const std::vector<std::string> kPublicationRecord = {"plan_id", "version_id", "published_at", "published_on", "published_by"};

struct Code {
  const char* code;
  const char* name;
};
// The registry's codes (src/registry/objects.cpp), in ascending order of scrutiny; the API test
// checks that the registry still knows each of them.
constexpr Code kCredit[] = {{"trustworthy", "守信"}, {"abnormal", "信用异常"}, {"dishonest", "一般失信"}, {"seriously_dishonest", "严重失信"}};
constexpr Code kRisk[] = {{"low", "低风险"}, {"medium", "中风险"}, {"high", "高风险"}};
// 000 Art 10: province, city and county bureaus each make a plan; units (普查中心, 调查队) do not.
const std::set<std::string> kPlanLevels = {"province", "city", "county"};

constexpr int64_t kRatioMaxBp = 10000;
constexpr size_t kMaxLines = 50;
constexpr int64_t kFirstYear = 2000;
constexpr int64_t kMaxNoRepeatYears = 10;
constexpr int64_t kMaxStageCounties = 100, kMaxStageUnits = 1000;
constexpr unsigned kDeadlineMonth = 3, kDeadlineDay = 31, kWarningDay = 1;

// ---- input -------------------------------------------------------------------------------

// An error inside lines[index], in the shape the check forms use for points.
Error line_error(size_t index, const std::string& key, const std::string& code, const std::string& message,
                 json extra = json::object()) {
  json d = {{"field", "lines"}, {"index", index}, {"key", key}};
  d.update(extra);
  return Error(422, code, "第 " + std::to_string(index + 1) + " 项抽查事项：" + message, d);
}
Error option_error(const std::string& key, const std::string& code, const std::string& message) {
  return Error(422, code, "抽查计划选项：" + message, {{"field", "options"}, {"key", key}});
}

// Runs fn, turning a field error of Fields (details.field = the key) into one that names the line
// or the options and the key.
template <class F>
auto within(const char* field, std::optional<size_t> index, F&& fn) {
  try {
    return fn();
  } catch (const Error& e) {
    if (e.status() != 422 || !e.details().contains("field") || e.details().at("field") == field) throw;
    std::string key = e.details().at("field").get<std::string>();
    if (index) throw line_error(*index, key, e.code(), e.message());
    throw option_error(key, e.code(), e.message());
  }
}

time::Date line_date(const Fields& f, size_t i, const char* key, const std::string& label) {
  std::string s = within("lines", i, [&] { return f.str(key, label, 10); });
  auto d = time::parse_date(s);
  if (!d) throw line_error(i, key, "plan.window_invalid", label + "应为有效日期（YYYY-MM-DD）");
  return *d;
}

// A ratio map (credit_ratios or risk_ratios): every code present, absent ones at the base ratio.
template <size_t N>
json parse_ratio_map(const json& line, const char* key, const Code (&codes)[N], int64_t base, size_t i) {
  json out = json::object();
  for (const auto& c : codes) out[c.code] = base;
  if (!line.contains(key) || line.at(key).is_null()) return out;
  const json& m = line.at(key);
  if (!m.is_object()) throw line_error(i, key, "plan.ratio_invalid", "差异化抽查比例应为对象，例如 {\"" + std::string(codes[0].code) + "\": 100}");
  for (auto it = m.begin(); it != m.end(); ++it) {
    const std::string k = it.key();
    const json& v = it.value();
    bool known = std::any_of(std::begin(codes), std::end(codes), [&](const Code& c) { return k == c.code; });
    std::string full = std::string(key) + "." + k;
    if (!known) throw line_error(i, full, "plan.ratio_invalid", "未知的分类：" + k);
    if (!v.is_number_integer() || v.get<int64_t>() < 0 || v.get<int64_t>() > kRatioMaxBp)
      throw line_error(i, full, "plan.ratio_invalid", "差异化抽查比例应为 0 至 10000 的整数（以万分之一计，0 至 100%）",
                       {{"min", 0}, {"max", kRatioMaxBp}});
    out[k] = v.get<int64_t>();
  }
  return out;
}

// DR-5 (000 Art 11): lower for trustworthy and low-risk objects, higher for dishonest and
// high-risk ones. Each pair (a, b) must have a <= b; the key named is the differentiated one.
struct Step {
  std::string key, label;
  int64_t value;
};
void check_order(size_t i, const std::vector<std::pair<Step, Step>>& pairs) {
  for (const auto& [a, b] : pairs) {
    if (a.value <= b.value) continue;
    const Step& named = b.key == "ratio_bp" ? a : b;
    throw line_error(i, named.key, "plan.ratio_order_invalid",
                     b.label + "的抽查比例（" + percent(b.value) + "）不能低于" + a.label + "的（" + percent(a.value) +
                         "）：守信、低风险对象从低，失信、高风险对象从高",
                     {{"lower", a.key}, {"higher", b.key}});
  }
}

void check_ratio_order(size_t i, int64_t base, const json& credit, const json& risk) {
  auto cs = [&](size_t k) { return Step{std::string("credit_ratios.") + kCredit[k].code, kCredit[k].name + std::string("对象"), credit[kCredit[k].code].get<int64_t>()}; };
  auto rs = [&](size_t k) { return Step{std::string("risk_ratios.") + kRisk[k].code, kRisk[k].name + std::string("对象"), risk[kRisk[k].code].get<int64_t>()}; };
  Step b{"ratio_bp", "基础", base};
  // trustworthy <= base <= abnormal <= dishonest <= seriously dishonest; low <= medium <= high
  // with low <= base <= high.
  check_order(i, {{cs(0), b}, {b, cs(1)}, {cs(1), cs(2)}, {cs(2), cs(3)}, {rs(0), b}, {b, rs(2)}, {rs(0), rs(1)}, {rs(1), rs(2)}});
}

struct PlanBureau {
  int64_t id = 0;
  std::string path, name, level;
};

json parse_line(db::Connection& c, const org::Principal& p, const PlanBureau& b, int64_t year, const json& in, size_t i) {
  if (!in.is_object()) throw line_error(i, "item_id", "plan.lines_invalid", "应为对象");
  Fields f(in);
  int64_t item_id = within("lines", i, [&] { return f.i64("item_id", "抽查事项"); });

  time::Date from = line_date(f, i, "window_from", "检查开始日期");
  time::Date to = line_date(f, i, "window_to", "检查结束日期");
  time::Date first{int(year), 1, 1}, last{int(year), 12, 31};
  json in_year = {{"min", first.str()}, {"max", last.str()}};
  if (from < first || from > last)
    throw line_error(i, "window_from", "plan.window_invalid", "检查开始日期应在 " + std::to_string(year) + " 年内", in_year);
  if (to < first || to > last)
    throw line_error(i, "window_to", "plan.window_invalid", "检查结束日期应在 " + std::to_string(year) + " 年内", in_year);
  if (to < from) throw line_error(i, "window_to", "plan.window_invalid", "检查结束日期不能早于开始日期");

  // The item as the list stands on the first day of the window: the line keeps that version.
  json v;
  try {
    v = item_version_in_force(c, p, item_id, from.str());
  } catch (const Error& e) {
    if (e.code() != "spotcheck.item_not_found") throw;
    throw line_error(i, "item_id", "plan.item_not_found", "抽查事项不存在或不在本省清单中");
  }
  if (v.is_null())
    throw line_error(i, "item_id", "plan.item_not_in_force", from.str() + " 该事项不在有效的随机抽查事项清单中");
  if (!v["effective_to"].is_null() && v["effective_to"].get<std::string>() < to.str())
    throw line_error(i, "window_to", "plan.item_not_in_force",
                     "该事项有效至 " + v["effective_to"].get<std::string>() + "，检查结束日期不能晚于此日",
                     {{"max", v["effective_to"]}});
  const auto bodies = v["bodies"].get<std::vector<std::string>>();
  if (std::find(bodies.begin(), bodies.end(), b.level) == bodies.end())
    throw line_error(i, "item_id", "plan.item_not_for_level", "该事项的抽查主体为" + v["bodies_text"].get<std::string>() + "，不含本级统计局");

  int64_t lo = v["ratio_min_bp"].get<int64_t>(), hi = v["ratio_max_bp"].get<int64_t>();
  int64_t ratio = within("lines", i, [&] { return f.i64("ratio_bp", "抽查比例"); });
  if (ratio < lo || ratio > hi)
    throw line_error(i, "ratio_bp", "plan.ratio_out_of_range", "抽查比例应在该事项规定的幅度内（" + v["ratio_text"].get<std::string>() + "）",
                     {{"min", lo}, {"max", hi}});
  int64_t flo = v["frequency_min"].get<int64_t>(), fhi = v["frequency_max"].get<int64_t>();
  int64_t frequency = within("lines", i, [&] { return f.i64("frequency", "抽查频次"); });
  if (frequency < flo || frequency > fhi)
    throw line_error(i, "frequency", "plan.frequency_out_of_range",
                     "抽查频次应在该事项规定的幅度内（" + v["frequency_text"].get<std::string>() + "）", {{"min", flo}, {"max", fhi}});

  std::string item_method = v["method"].get<std::string>();
  std::string method = within("lines", i, [&] { return f.opt_str("method", "抽查方式", 16); }).value_or(item_method);
  if (!method_name(method))
    throw line_error(i, "method", "plan.method_invalid", "抽查方式只能是现场检查（on_site）、书面检查（written）或两者皆可（both）");
  if (item_method != "both" && method != item_method)
    throw line_error(i, "method", "plan.method_not_allowed",
                     std::string("该事项的抽查方式为") + method_name(item_method) + "，计划不能采用" + method_name(method),
                     {{"allowed", json::array({item_method})}});

  json credit = parse_ratio_map(in, "credit_ratios", kCredit, ratio, i);
  json risk = parse_ratio_map(in, "risk_ratios", kRisk, ratio, i);
  check_ratio_order(i, ratio, credit, risk);
  std::string notes = within("lines", i, [&] { return f.opt_str("notes", "备注", 500); }).value_or("");

  return {{"item_id", item_id},
          {"item_version_id", v["id"]},
          {"item_version", v["version"]},
          {"item_name", v["name"]},
          {"object_type", v["object_type"]},
          {"ratio_bp", ratio},
          {"frequency", frequency},
          {"window_from", from.str()},
          {"window_to", to.str()},
          {"method", method},
          {"credit_ratios", credit},
          {"risk_ratios", risk},
          {"notes", notes}};
}

json parse_lines(db::Connection& c, const org::Principal& p, const PlanBureau& b, int64_t year, const json& in) {
  if (in.is_null()) return json::array();
  if (!in.is_array() || in.size() > kMaxLines)
    throw Error::invalid("lines", "计划的抽查事项应为列表，最多 50 项", "plan.lines_invalid");
  json out = json::array();
  std::set<int64_t> seen;
  for (size_t i = 0; i < in.size(); ++i) {
    json line = parse_line(c, p, b, year, in[i], i);
    if (!seen.insert(line["item_id"].get<int64_t>()).second)
      throw line_error(i, "item_id", "plan.item_duplicate", "同一抽查事项在计划中只能列一项");
    out.push_back(line);
  }
  return out;
}

int64_t option_int(const json& obj, const char* key, const std::string& prefix, const std::string& label, int64_t min, int64_t max) {
  std::string full = prefix + key;
  const json& v = obj.at(key);
  if (!v.is_number_integer() || v.get<int64_t>() < min || v.get<int64_t>() > max)
    throw option_error(full, "plan.options_invalid", label + "应为 " + std::to_string(min) + " 至 " + std::to_string(max) + " 的整数");
  return v.get<int64_t>();
}

// DR-13: every key present in what is stored, so the draw never guesses a default.
json default_options() {
  return {{"no_repeat_years", 0},        {"min_enterprise_ratio_bp", 0}, {"key_units_every_year", false},
          {"seriously_dishonest_every_half_year", false}, {"systematic_sampling", false}, {"multi_stage", nullptr}};
}

json parse_options(const json& in, const std::string& level) {
  json out = default_options();
  if (in.is_null()) return out;
  if (!in.is_object()) throw Error::invalid("options", "抽查计划选项应为对象", "plan.options_invalid");
  for (const auto& [k, v] : in.items()) {
    if (!out.contains(k)) throw option_error(k, "plan.options_invalid", "未知的选项：" + k);
    if (v.is_null()) continue;
    if (k == "no_repeat_years") out[k] = option_int(in, "no_repeat_years", "", "不重复检查年限", 0, kMaxNoRepeatYears);
    else if (k == "min_enterprise_ratio_bp") out[k] = option_int(in, "min_enterprise_ratio_bp", "", "企业抽查比例下限", 0, kRatioMaxBp);
    else if (k != "multi_stage") {
      if (!v.is_boolean()) throw option_error(k, "plan.options_invalid", "该选项应为是或否");
      out[k] = v.get<bool>();
    }
  }
  if (in.contains("multi_stage") && !in.at("multi_stage").is_null()) {
    const json& m = in.at("multi_stage");
    if (!m.is_object()) throw option_error("multi_stage", "plan.options_invalid", "多阶段抽取应为对象 {counties_min, counties_max, units_min, units_max}");
    if (level == "county") throw option_error("multi_stage", "plan.options_invalid", "县级统计局不下辖县（市、区），不能采用先抽县、再抽单位的多阶段抽取");
    json ms = json::object();
    const std::pair<const char*, const char*> keys[] = {
        {"counties_min", "抽取县（市、区）数下限"}, {"counties_max", "抽取县（市、区）数上限"},
        {"units_min", "每县抽取单位数下限"}, {"units_max", "每县抽取单位数上限"}};
    for (const auto& [k, v] : m.items())
      if (std::none_of(std::begin(keys), std::end(keys), [&](const auto& e) { return k == e.first; }))
        throw option_error("multi_stage." + k, "plan.options_invalid", "未知的选项：multi_stage." + k);
    for (const auto& [k, label] : keys) {
      if (!m.contains(k)) throw option_error(std::string("multi_stage.") + k, "validation.required", std::string(label) + "不能为空");
      ms[k] = option_int(m, k, "multi_stage.", label, 1, std::string(k).rfind("counties", 0) == 0 ? kMaxStageCounties : kMaxStageUnits);
    }
    if (ms["counties_min"] > ms["counties_max"])
      throw option_error("multi_stage.counties_max", "plan.options_invalid", "抽取县（市、区）数上限不能低于下限");
    if (ms["units_min"] > ms["units_max"])
      throw option_error("multi_stage.units_max", "plan.options_invalid", "每县抽取单位数上限不能低于下限");
    out["multi_stage"] = ms;
  }
  return out;
}

// ---- storage -----------------------------------------------------------------------------

struct Plan {
  int64_t id = 0, bureau_id = 0, year = 0;
  std::string created_at;
  int64_t created_by = 0;
  std::optional<int64_t> seq;
  std::string bureau_path, bureau_name, bureau_level;
  PlanBureau bureau() const { return {bureau_id, bureau_path, bureau_name, bureau_level}; }
};
const char* kPlanSelect =
    "SELECT pl.id, pl.bureau_id, pl.year, pl.created_at, pl.created_by, pl.ledger_seq, b.path, b.name, b.level "
    "FROM spotcheck_plans pl JOIN bureaus b ON b.id = pl.bureau_id ";
Plan read_plan(const db::Row& r) {
  return {r.i64(0), r.i64(1), r.i64(2), r.text(3), r.i64(4), r.opt_i64(5), r.text(6), r.text(7), r.text(8)};
}

struct Version {
  int64_t id = 0, plan_id = 0, version = 0;
  std::string title, lines, options, notes, reason;
  std::optional<int64_t> adjusts;
  std::string created_at;
  int64_t created_by = 0;
  std::optional<int64_t> seq;
  std::optional<std::string> published_at, published_on;
  std::optional<int64_t> published_by, publication_seq;
  bool published() const { return published_at.has_value(); }
};
const char* kVersionSelect =
    "SELECT v.id, v.plan_id, v.version, v.title, v.lines, v.options, v.notes, v.reason, v.adjusts, v.created_at, v.created_by, "
    "v.ledger_seq, pub.published_at, pub.published_on, pub.published_by, pub.ledger_seq FROM spotcheck_plan_versions v "
    "LEFT JOIN spotcheck_plan_publications pub ON pub.version_id = v.id ";
Version read_version(const db::Row& r) {
  Version v;
  v.id = r.i64(0);
  v.plan_id = r.i64(1);
  v.version = r.i64(2);
  v.title = r.text(3);
  v.lines = r.text(4);
  v.options = r.text(5);
  v.notes = r.text(6);
  v.reason = r.text(7);
  v.adjusts = r.opt_i64(8);
  v.created_at = r.text(9);
  v.created_by = r.i64(10);
  v.seq = r.opt_i64(11);
  v.published_at = r.opt_text(12);
  v.published_on = r.opt_text(13);
  v.published_by = r.opt_i64(14);
  v.publication_seq = r.opt_i64(15);
  return v;
}

std::vector<Version> versions_of(db::Connection& c, int64_t plan_id) {
  auto q = c.prepare(std::string(kVersionSelect) + "WHERE v.plan_id = ? ORDER BY v.version");
  q->bind(plan_id);
  std::vector<Version> out;
  while (q->step()) out.push_back(read_version(q->row()));
  return out;
}

const Version* latest_published(const std::vector<Version>& vs) { return versions::latest_published(vs); }
std::optional<time::Date> first_published_on(const std::vector<Version>& vs) {
  std::optional<time::Date> first;
  for (const auto& v : vs)
    if (v.published_on)
      if (auto d = time::parse_date(*v.published_on); d && (!first || *d < *first)) first = d;
  return first;
}

Plan load_plan(db::Connection& c, const org::Principal& p, int64_t id) {
  auto q = c.prepare(std::string(kPlanSelect) + "WHERE pl.id = ?");
  q->bind(id);
  if (!q->step() || !p.covers_path(q->row().text(6)))
    throw Error::not_found("plan.not_found", "抽查工作计划不存在或不在您的管辖范围内");
  return read_plan(q->row());
}

// 000 Art 10: each bureau makes its own plan; a superior reads but does not write it.
void require_own(const org::Principal& p, int64_t bureau_id) {
  p.require("spotcheck.plans.manage");
  if (bureau_id != p.bureau_id)
    throw Error::forbidden("plan.own_bureau_only", "年度抽查工作计划由各统计局自行制订，只能制订和调整本局的计划");
}

// ---- output ------------------------------------------------------------------------------

const char* state_name(const std::string& s) {
  if (s == "on_time") return "按期公布";
  if (s == "late") return "逾期公布";
  if (s == "missing") return "逾期未公布";
  return "尚未公布";
}

json lines_json(const std::string& stored) {
  json lines = json::parse(stored);
  for (auto& l : lines) {
    l["method_name"] = method_name(l["method"].get<std::string>());
    const char* ot = object_type_name(l["object_type"].get<std::string>());
    l["object_type_name"] = ot ? ot : l["object_type"].get<std::string>();
  }
  return lines;
}

std::string version_state(const Version& v, int64_t latest) { return versions::state(v.published(), v.version, latest); }

json version_json(db::Connection& c, const Version& v, const std::vector<Version>& all, bool public_view) {
  json adjusts = nullptr;
  for (const auto& o : all)
    if (v.adjusts && o.id == *v.adjusts) adjusts = o.version;
  json j = {{"id", v.id},
            {"plan_id", v.plan_id},
            {"version", v.version},
            {"state", version_state(v, all.back().version)},
            {"title", v.title},
            {"lines", lines_json(v.lines)},
            {"options", json::parse(v.options)},
            {"notes", v.notes},
            {"reason", v.reason},
            {"is_adjustment", v.adjusts.has_value()},
            {"adjusts_version", adjusts},
            {"created_at", v.created_at},
            {"published_at", detail::opt_text(v.published_at)},
            {"published_on", detail::opt_text(v.published_on)}};
  if (!public_view) {
    j["created_by"] = user_ref(c, v.created_by);
    j["published_by"] = v.published_by ? user_ref(c, *v.published_by) : json(nullptr);
    j["seq"] = v.seq ? json(*v.seq) : json(nullptr);
    j["publication_seq"] = v.publication_seq ? json(*v.publication_seq) : json(nullptr);
  }
  return j;
}

json plan_json(db::Connection& c, const Plan& pl, const std::vector<Version>& vs, bool with_versions, bool public_view) {
  const Version* cur = latest_published(vs);
  auto first = first_published_on(vs);
  const Version& latest = vs.back();
  json j = {{"id", pl.id},
            {"bureau_id", pl.bureau_id},
            {"bureau_name", pl.bureau_name},
            {"bureau_level", pl.bureau_level},
            {"year", pl.year},
            {"title", public_view && cur ? cur->title : latest.title},
            {"current_version", cur ? json(cur->version) : json(nullptr)},
            {"first_published_on", first ? json(first->str()) : json(nullptr)},
            // More than one: the plan was adjusted after its first publication.
            {"published_versions", std::count_if(vs.begin(), vs.end(), [](const Version& v) { return v.published(); })},
            {"timeliness", plan_timeliness(pl.year, first, time::today_shanghai()).to_json()}};
  if (!public_view) {
    j["latest_version"] = latest.version;
    j["latest_state"] = version_state(latest, latest.version);
    j["created_at"] = pl.created_at;
    j["created_by"] = user_ref(c, pl.created_by);
    j["seq"] = pl.seq ? json(*pl.seq) : json(nullptr);
  }
  if (with_versions) {
    json arr = json::array();
    for (const auto& v : vs)
      if (!public_view || v.published()) arr.push_back(version_json(c, v, vs, public_view));
    j["versions"] = arr;
  }
  return j;
}

// ---- writes ------------------------------------------------------------------------------

struct Content {
  std::string title, lines, options, notes;
  bool operator==(const Content&) const = default;
};

Content parse_content(db::Connection& c, const org::Principal& p, const PlanBureau& b, int64_t year, const json& in,
                      const Content* base) {
  Fields f(in);
  Content out;
  if (base) out = *base;
  auto take = [&](const char* key) { return !base || f.has(key); };
  if (take("title")) {
    out.title = f.opt_str("title", "计划名称", 200).value_or("");
    if (out.title.empty()) out.title = b.name + std::to_string(year) + "年度“双随机、一公开”抽查工作计划";
  }
  if (take("lines")) out.lines = canonical_json(parse_lines(c, p, b, year, in.contains("lines") ? in.at("lines") : json()));
  if (take("options")) out.options = canonical_json(parse_options(in.contains("options") ? in.at("options") : json(), b.level));
  if (take("notes")) out.notes = f.opt_str("notes", "计划说明", 2000).value_or("");
  return out;
}

int64_t insert_version(db::Connection& c, const org::Principal& p, int64_t plan_id, int64_t version, const Content& ct,
                       const std::string& reason, std::optional<int64_t> adjusts, time::Instant now) {
  auto ins = c.prepare(
      "INSERT INTO spotcheck_plan_versions(plan_id, version, title, lines, options, notes, reason, adjusts, created_at, "
      "created_by) VALUES (?,?,?,?,?,?,?,?,?,?) RETURNING id");
  ins->bind(plan_id).bind(version).bind(ct.title).bind(ct.lines).bind(ct.options).bind(ct.notes).bind(reason).bind(adjusts);
  ins->bind(time::to_iso(now)).bind(p.user_id);
  ins->step();
  int64_t id = ins->row().i64(0);
  ins->exec();
  ledger::record_row(c, p.actor(), "spotcheck.plan_version", "spotcheck_plan", "spotcheck_plan_versions", "id", std::to_string(id),
                     kVersionRecord, {{"plan_id", plan_id}, {"version", version}}, std::to_string(plan_id));
  return id;
}

json plan_by_id(db::Connection& c, const org::Principal& p, int64_t id) {
  Plan pl = load_plan(c, p, id);
  return plan_json(c, pl, versions_of(c, id), true, false);
}

time::Date created_on(const std::string& iso) {
  auto t = time::parse_iso(iso);
  if (!t) throw Error::internal("stored instant is malformed: " + iso);
  return time::shanghai_date(*t);
}

}  // namespace

// ---- public functions --------------------------------------------------------------------

json Timeliness::to_json() const {
  return {{"state", state}, {"state_name", state_name(state)}, {"warning", warning}, {"deadline", deadline.str()},
          {"warning_from", warning_from.str()}};
}

Timeliness plan_timeliness(int64_t year, const std::optional<time::Date>& first_published_on, const time::Date& as_of) {
  Timeliness t;
  t.deadline = {int(year), kDeadlineMonth, kDeadlineDay};
  t.warning_from = {int(year), kDeadlineMonth, kWarningDay};
  if (first_published_on && *first_published_on <= as_of) {
    t.state = *first_published_on <= t.deadline ? "on_time" : "late";
  } else {
    t.state = as_of > t.deadline ? "missing" : "pending";
    t.warning = as_of >= t.warning_from;
  }
  return t;
}

int64_t effective_ratio_bp(const PlanLine& line, const std::optional<std::string>& credit_status,
                           const std::optional<std::string>& risk_level) {
  auto pick = [&](const std::map<std::string, int64_t>& m, const std::optional<std::string>& k) {
    if (!k) return line.ratio_bp;
    auto it = m.find(*k);
    return it == m.end() ? line.ratio_bp : it->second;
  };
  int64_t a = pick(line.credit_ratios_bp, credit_status), b = pick(line.risk_ratios_bp, risk_level);
  int64_t hi = std::max(a, b);
  return hi > line.ratio_bp ? hi : std::min(a, b);
}

std::optional<PlanTerms> plan_in_force(db::Connection& c, int64_t plan_id) {
  auto q = c.prepare(std::string(kPlanSelect) + "WHERE pl.id = ?");
  q->bind(plan_id);
  if (!q->step()) return std::nullopt;
  Plan pl = read_plan(q->row());
  q.reset();
  auto vs = versions_of(c, plan_id);
  const Version* cur = latest_published(vs);
  if (!cur) return std::nullopt;
  PlanTerms t{pl.id, pl.bureau_id, pl.year, cur->id, cur->version, {}, {}};
  for (const auto& l : json::parse(cur->lines)) {
    PlanLine line;
    line.item_id = l.at("item_id").get<int64_t>();
    line.item_version_id = l.at("item_version_id").get<int64_t>();
    line.item_name = l.at("item_name").get<std::string>();
    line.object_type = l.at("object_type").get<std::string>();
    line.ratio_bp = l.at("ratio_bp").get<int64_t>();
    line.frequency = l.at("frequency").get<int64_t>();
    line.window_from = time::parse_date(l.at("window_from").get<std::string>()).value();
    line.window_to = time::parse_date(l.at("window_to").get<std::string>()).value();
    line.method = l.at("method").get<std::string>();
    line.credit_ratios_bp = l.at("credit_ratios").get<std::map<std::string, int64_t>>();
    line.risk_ratios_bp = l.at("risk_ratios").get<std::map<std::string, int64_t>>();
    line.notes = l.at("notes").get<std::string>();
    t.lines.push_back(std::move(line));
  }
  const json o = json::parse(cur->options);
  t.options.no_repeat_years = o.at("no_repeat_years").get<int64_t>();
  t.options.min_enterprise_ratio_bp = o.at("min_enterprise_ratio_bp").get<int64_t>();
  t.options.key_units_every_year = o.at("key_units_every_year").get<bool>();
  t.options.seriously_dishonest_every_half_year = o.at("seriously_dishonest_every_half_year").get<bool>();
  t.options.systematic_sampling = o.at("systematic_sampling").get<bool>();
  if (const json& m = o.at("multi_stage"); !m.is_null())
    t.options.multi_stage = MultiStage{m.at("counties_min").get<int64_t>(), m.at("counties_max").get<int64_t>(),
                                       m.at("units_min").get<int64_t>(), m.at("units_max").get<int64_t>()};
  return t;
}

json list_plans(db::Connection& c, const org::Principal& p, const PlanFilter& f) {
  p.require("spotcheck.read");
  std::string sql = std::string(kPlanSelect) + "WHERE b.path LIKE ?";
  if (f.year) sql += " AND pl.year = ?";
  if (f.bureau_id) sql += " AND pl.bureau_id = ?";
  auto q = c.prepare(sql + " ORDER BY pl.year DESC, b.path");
  q->bind(p.bureau_path + "%");
  if (f.year) q->bind(*f.year);
  if (f.bureau_id) q->bind(*f.bureau_id);
  std::vector<Plan> plans;
  while (q->step()) plans.push_back(read_plan(q->row()));
  q.reset();
  json arr = json::array();
  for (const auto& pl : plans) arr.push_back(plan_json(c, pl, versions_of(c, pl.id), false, false));
  return {{"items", arr}};
}

json get_plan(db::Connection& c, const org::Principal& p, int64_t id) {
  p.require("spotcheck.read");
  return plan_by_id(c, p, id);
}

json create_plan(db::Connection& c, const org::Principal& p, const json& in, time::Instant now) {
  p.require("spotcheck.plans.manage");
  Fields f(in);
  int64_t bureau_id = f.opt_i64("bureau_id", "制订机构").value_or(p.bureau_id);
  auto b = org::find_bureau(c, bureau_id);
  if (!b || !p.covers_path(b->path)) throw Error::not_found("bureau.not_found", "机构不存在或不在您的管辖范围内");
  require_own(p, b->id);
  if (!kPlanLevels.count(b->level))
    throw Error::invalid("bureau_id", "年度抽查工作计划由省、市、县统计局制订", "plan.bureau_level_invalid");
  int64_t year = f.i64("year", "年度");
  int64_t max_year = time::shanghai_date(now).year + 1;
  if (year < kFirstYear || year > max_year)
    throw Error(422, "plan.year_invalid", "年度应在 " + std::to_string(kFirstYear) + " 至 " + std::to_string(max_year) + " 年之间：计划最多提前一年制订",
                {{"field", "year"}, {"min", kFirstYear}, {"max", max_year}});
  auto dup = c.prepare("SELECT id FROM spotcheck_plans WHERE bureau_id = ? AND year = ?");
  dup->bind(b->id).bind(year);
  if (dup->step())
    throw Error::conflict("plan.exists", "本局 " + std::to_string(year) + " 年度的抽查工作计划已经存在，请在原计划上新增版本",
                          {{"field", "year"}, {"plan_id", dup->row().i64(0)}});
  dup.reset();
  PlanBureau pb{b->id, b->path, b->name, b->level};
  Content ct = parse_content(c, p, pb, year, in, nullptr);
  std::string reason = f.opt_str("reason", "制订说明", 500).value_or("");

  auto ins = c.prepare("INSERT INTO spotcheck_plans(bureau_id, year, created_at, created_by) VALUES (?,?,?,?) RETURNING id");
  ins->bind(b->id).bind(year).bind(time::to_iso(now)).bind(p.user_id);
  ins->step();
  int64_t id = ins->row().i64(0);
  ins->exec();
  ledger::record_row(c, p.actor(), "spotcheck.plan_create", "spotcheck_plan", "spotcheck_plans", "id", std::to_string(id), kPlanRecord);
  insert_version(c, p, id, 1, ct, reason, std::nullopt, now);
  return plan_by_id(c, p, id);
}

json add_plan_version(db::Connection& c, const org::Principal& p, int64_t id, const json& in, time::Instant now) {
  p.require("spotcheck.plans.manage");
  Plan pl = load_plan(c, p, id);
  require_own(p, pl.bureau_id);
  auto vs = versions_of(c, id);
  if (vs.empty()) throw Error::internal("spotcheck plan without a version");
  const Version& latest = vs.back();
  Content base{latest.title, latest.lines, latest.options, latest.notes};
  Content ct = parse_content(c, p, pl.bureau(), pl.year, in, &base);
  std::string reason = Fields(in).opt_str("reason", "调整原因", 500).value_or("");
  const Version* published = latest_published(vs);
  // 000 Art 10: a published plan may be adjusted, with its reason.
  versions::check_new_version("plan", published != nullptr, reason, ct == base);
  insert_version(c, p, id, latest.version + 1, ct, reason, published ? std::optional<int64_t>(published->id) : std::nullopt, now);
  return plan_by_id(c, p, id);
}

json publish_plan(db::Connection& c, const org::Principal& p, int64_t id, const json& in, time::Instant now) {
  p.require("spotcheck.plans.manage");
  Plan pl = load_plan(c, p, id);
  require_own(p, pl.bureau_id);
  auto vs = versions_of(c, id);
  if (vs.empty()) throw Error::internal("spotcheck plan without a version");
  const Version& latest = vs.back();
  versions::check_publish("plan", Fields(in).opt_i64("version_id", "版本"), latest.id, latest.published());
  json lines = json::parse(latest.lines);
  if (lines.empty()) throw Error::invalid("lines", "计划至少应列一项抽查事项才能公布", "plan.lines_required");
  // The list may have changed since the draft was saved (a new item version starting within the
  // window): a plan is published only against the items in force.
  for (size_t i = 0; i < lines.size(); ++i) {
    json v = item_version_in_force(c, p, lines[i]["item_id"].get<int64_t>(), lines[i]["window_from"].get<std::string>());
    if (v.is_null() || v["id"] != lines[i]["item_version_id"])
      throw Error::conflict("plan.item_changed", "第 " + std::to_string(i + 1) + " 项抽查事项在清单中已调整，请按调整后的事项重新保存计划",
                            {{"field", "lines"}, {"index", i}, {"key", "item_id"}});
  }
  auto ins = c.prepare(
      "INSERT INTO spotcheck_plan_publications(plan_id, version_id, published_at, published_on, published_by) VALUES (?,?,?,?,?) "
      "RETURNING id");
  ins->bind(id).bind(latest.id).bind(time::to_iso(now)).bind(time::shanghai_date(now).str()).bind(p.user_id);
  ins->step();
  int64_t pub = ins->row().i64(0);
  ins->exec();
  ledger::record_row(c, p.actor(), "spotcheck.plan_publish", "spotcheck_plan", "spotcheck_plan_publications", "id", std::to_string(pub),
                     kPublicationRecord, {{"plan_id", id}, {"version", latest.version}}, std::to_string(id));
  return plan_by_id(c, p, id);
}

json plan_status(db::Connection& c, const org::Principal& p, std::optional<int64_t> year, std::optional<int64_t> bureau_id,
                 const std::string& date) {
  p.require("spotcheck.read");
  time::Date as_of = detail::parse_date_field(date, "date", "日期", true);
  int64_t y = year.value_or(as_of.year);
  if (y < kFirstYear || y > 9999) throw Error::invalid("year", "年度应为 2000 年以后的四位年份", "plan.year_invalid");
  std::string root = p.bureau_path;
  if (bureau_id) root = org::get_bureau(c, p, *bureau_id).path;

  struct State {
    int64_t plan_id = 0, latest = 0, current = 0;
    std::optional<time::Date> first;
  };
  std::map<int64_t, State> by_bureau;  // bureau id -> its plan as of the day
  {
    auto q = c.prepare(
        "SELECT pl.bureau_id, pl.id, v.version, v.created_at, pub.published_on FROM spotcheck_plans pl "
        "JOIN spotcheck_plan_versions v ON v.plan_id = pl.id LEFT JOIN spotcheck_plan_publications pub ON pub.version_id = v.id "
        "WHERE pl.year = ? ORDER BY pl.id, v.version");
    q->bind(y);
    while (q->step()) {
      const auto& r = q->row();
      // What did not exist yet on the day does not count.
      if (created_on(r.text(3)) > as_of) continue;
      State& s = by_bureau[r.i64(0)];
      s.plan_id = r.i64(1);
      s.latest = r.i64(2);
      if (auto on = r.opt_text(4)) {
        auto d = time::parse_date(*on);
        if (d && *d <= as_of) {
          s.current = r.i64(2);
          if (!s.first || *d < *s.first) s.first = d;
        }
      }
    }
  }
  json items = json::array();
  std::map<std::string, int64_t> counts = {{"on_time", 0}, {"late", 0}, {"missing", 0}, {"pending", 0}};
  int64_t warnings = 0;
  auto bureaus = org::list_bureaus(c, p);
  std::stable_sort(bureaus.begin(), bureaus.end(), [](const org::Bureau& a, const org::Bureau& b) {
    return org::division_order(a.division_code, a.name, b.division_code, b.name);
  });
  for (const auto& b : bureaus) {
    if (b.path.rfind(root, 0) != 0 || !kPlanLevels.count(b.level)) continue;
    auto it = by_bureau.find(b.id);
    const State* s = it == by_bureau.end() ? nullptr : &it->second;
    Timeliness t = plan_timeliness(y, s ? s->first : std::nullopt, as_of);
    ++counts[t.state];
    warnings += t.warning;
    items.push_back({{"bureau_id", b.id},
                     {"bureau_code", b.code},
                     {"bureau_name", b.name},
                     {"bureau_level", b.level},
                     {"parent_id", b.parent_id ? json(*b.parent_id) : json(nullptr)},
                     {"plan_id", s ? json(s->plan_id) : json(nullptr)},
                     {"plan_state", !s ? "none" : s->current ? "published" : "draft"},
                     {"latest_version", s ? json(s->latest) : json(nullptr)},
                     {"current_version", s && s->current ? json(s->current) : json(nullptr)},
                     {"first_published_on", s && s->first ? json(s->first->str()) : json(nullptr)},
                     {"timeliness", t.state},
                     {"timeliness_name", state_name(t.state)},
                     {"warning", t.warning}});
  }
  Timeliness none = plan_timeliness(y, std::nullopt, as_of);
  json summary = {{"total", items.size()}, {"warning", warnings}};
  for (const auto& [k, n] : counts) summary[k] = n;
  return {{"year", y},
          {"date", as_of.str()},
          {"deadline", none.deadline.str()},
          {"warning_from", none.warning_from.str()},
          {"items", items},
          {"summary", summary}};
}

json public_plans(db::Connection& c, std::optional<int64_t> year, std::optional<int64_t> bureau_id) {
  std::string sql = std::string(kPlanSelect) +
                    "WHERE EXISTS (SELECT 1 FROM spotcheck_plan_publications pub WHERE pub.plan_id = pl.id)";
  if (year) sql += " AND pl.year = ?";
  if (bureau_id) sql += " AND pl.bureau_id = ?";
  auto q = c.prepare(sql + " ORDER BY pl.year DESC, b.path");
  if (year) q->bind(*year);
  if (bureau_id) q->bind(*bureau_id);
  std::vector<Plan> plans;
  while (q->step()) plans.push_back(read_plan(q->row()));
  q.reset();
  json arr = json::array();
  for (const auto& pl : plans) arr.push_back(plan_json(c, pl, versions_of(c, pl.id), true, true));
  return {{"items", arr}};
}

}  // namespace zhifa::spotcheck
