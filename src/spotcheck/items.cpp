#include "spotcheck/items.h"

#include <vector>

#include "base/error.h"
#include "base/fields.h"
#include "ledger/ledger.h"
#include "org/bureaus.h"
#include "spotcheck/common.h"

namespace zhifa::spotcheck {
namespace {

using detail::percent;
using detail::user_ref;

const std::vector<std::string> kItemRecord = {"bureau_id", "seq_no", "created_at", "created_by"};
const std::vector<std::string> kVersionRecord = {
    "item_id",       "version",       "name",   "basis",    "bodies", "object_type",    "ratio_min_bp", "ratio_max_bp",
    "frequency_min", "frequency_max", "method", "contents", "notes",  "effective_from", "effective_to", "reason",
    "created_at",    "created_by"};

struct Code {
  const char* code;
  const char* name;
};
// The kinds of object the seeds name (000 list); each is a registry the draw takes its pool from.
constexpr Code kObjectTypes[] = {{"survey_object", "统计调查对象"}, {"foreign_survey_body", "涉外调查机构"}};
// 000 Art 15: on-site or written checks.
constexpr Code kMethods[] = {{"on_site", "现场检查"}, {"written", "书面检查"}, {"both", "现场检查或书面检查"}};
// In the order the seeds list them; `bodies` is stored in this order.
constexpr Code kLevels[] = {{"province", "省"}, {"city", "市"}, {"county", "县"}};
constexpr int64_t kRatioMaxBp = 10000;  // 100%
constexpr int64_t kFrequencyMax = 365;
constexpr size_t kMaxContents = 50;

const char* lookup(const Code* begin, const Code* end, const std::string& code) {
  for (auto* c = begin; c != end; ++c)
    if (code == c->code) return c->name;
  return nullptr;
}

struct Version {
  int64_t id = 0, item_id = 0, version = 0;
  std::string name, basis;
  std::vector<std::string> bodies;
  std::string object_type;
  int64_t ratio_min_bp = 0, ratio_max_bp = 0, frequency_min = 0, frequency_max = 0;
  std::string method;
  std::vector<std::string> contents;
  std::string notes, effective_from;
  std::optional<std::string> effective_to;
  std::string reason, created_at;
  int64_t created_by = 0;
  std::optional<int64_t> seq;

  bool same_content(const Version& o) const {
    return name == o.name && basis == o.basis && bodies == o.bodies && object_type == o.object_type &&
           ratio_min_bp == o.ratio_min_bp && ratio_max_bp == o.ratio_max_bp && frequency_min == o.frequency_min &&
           frequency_max == o.frequency_max && method == o.method && contents == o.contents && notes == o.notes &&
           effective_from == o.effective_from && effective_to == o.effective_to;
  }
};

std::string join_bodies(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& b : v) s += (s.empty() ? "" : ",") + b;
  return s;
}
std::vector<std::string> split_bodies(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t comma = s.find(',', start);
    if (comma == std::string::npos) comma = s.size();
    if (comma > start) out.push_back(s.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

// "省、市、县三级统计局", as the seed's annex writes the checking bodies.
std::string bodies_text(const std::vector<std::string>& bodies) {
  std::string s;
  for (const auto& b : bodies) {
    if (!s.empty()) s += "、";
    s += lookup(std::begin(kLevels), std::end(kLevels), b);
  }
  if (bodies.size() == 3) return s + "三级统计局";
  if (bodies.size() == 2) return s + "两级统计局";
  return s + "级统计局";
}

std::string ratio_text(int64_t lo, int64_t hi) { return lo == hi ? percent(lo) : percent(lo) + "-" + percent(hi); }
std::string frequency_text(int64_t lo, int64_t hi) {
  return (lo == hi ? std::to_string(lo) : std::to_string(lo) + "-" + std::to_string(hi)) + "次/年";
}

nlohmann::json version_json(db::Connection& c, const Version& v) {
  return {{"id", v.id},
          {"item_id", v.item_id},
          {"version", v.version},
          {"name", v.name},
          {"basis", v.basis},
          {"bodies", v.bodies},
          {"bodies_text", bodies_text(v.bodies)},
          {"object_type", v.object_type},
          {"object_type_name", object_type_name(v.object_type) ? object_type_name(v.object_type) : v.object_type},
          {"ratio_min_bp", v.ratio_min_bp},
          {"ratio_max_bp", v.ratio_max_bp},
          {"ratio_text", ratio_text(v.ratio_min_bp, v.ratio_max_bp)},
          {"frequency_min", v.frequency_min},
          {"frequency_max", v.frequency_max},
          {"frequency_text", frequency_text(v.frequency_min, v.frequency_max)},
          {"method", v.method},
          {"method_name", method_name(v.method) ? method_name(v.method) : v.method},
          {"contents", v.contents},
          {"notes", v.notes},
          {"effective_from", v.effective_from},
          {"effective_to", detail::opt_text(v.effective_to)},
          {"reason", v.reason},
          {"created_at", v.created_at},
          {"created_by", user_ref(c, v.created_by)},
          {"seq", v.seq ? nlohmann::json(*v.seq) : nlohmann::json(nullptr)}};
}

const char* kVersionSelect =
    "SELECT id, item_id, version, name, basis, bodies, object_type, ratio_min_bp, ratio_max_bp, frequency_min, frequency_max, "
    "method, contents, notes, effective_from, effective_to, reason, created_at, created_by, ledger_seq FROM "
    "spotcheck_item_versions ";

Version read_version(const db::Row& r) {
  Version v;
  v.id = r.i64(0);
  v.item_id = r.i64(1);
  v.version = r.i64(2);
  v.name = r.text(3);
  v.basis = r.text(4);
  v.bodies = split_bodies(r.text(5));
  v.object_type = r.text(6);
  v.ratio_min_bp = r.i64(7);
  v.ratio_max_bp = r.i64(8);
  v.frequency_min = r.i64(9);
  v.frequency_max = r.i64(10);
  v.method = r.text(11);
  v.contents = nlohmann::json::parse(r.text(12)).get<std::vector<std::string>>();
  v.notes = r.text(13);
  v.effective_from = r.text(14);
  v.effective_to = r.opt_text(15);
  v.reason = r.text(16);
  v.created_at = r.text(17);
  v.created_by = r.i64(18);
  v.seq = r.opt_i64(19);
  return v;
}

std::vector<Version> versions_of(db::Connection& c, int64_t item_id) {
  auto q = c.prepare(std::string(kVersionSelect) + "WHERE item_id = ? ORDER BY version");
  q->bind(item_id);
  std::vector<Version> out;
  while (q->step()) out.push_back(read_version(q->row()));
  return out;
}

// The version in force on `day`: the highest-numbered one that has started, unless it has ended.
std::optional<Version> in_force(const std::vector<Version>& versions, const std::string& day) {
  for (auto it = versions.rbegin(); it != versions.rend(); ++it) {
    if (it->effective_from > day) continue;
    if (it->effective_to && *it->effective_to < day) return std::nullopt;
    return *it;
  }
  return std::nullopt;
}

struct Item {
  int64_t id = 0, bureau_id = 0, seq_no = 0;
  std::string bureau_path, bureau_name, created_at;
};
const char* kItemSelect =
    "SELECT i.id, i.bureau_id, i.seq_no, b.path, b.name, i.created_at FROM spotcheck_items i JOIN bureaus b ON b.id = i.bureau_id ";
Item read_item(const db::Row& r) { return {r.i64(0), r.i64(1), r.i64(2), r.text(3), r.text(4), r.text(5)}; }

std::vector<Item> all_items(db::Connection& c) {
  auto q = c.prepare(std::string(kItemSelect) + "ORDER BY b.path, i.seq_no");
  std::vector<Item> out;
  while (q->step()) out.push_back(read_item(q->row()));
  return out;
}

nlohmann::json item_json(db::Connection& c, const Item& it, const std::vector<Version>& versions, const std::string& day,
                         bool with_history) {
  auto cur = in_force(versions, day);
  nlohmann::json out = {{"id", it.id},
                        {"seq_no", it.seq_no},
                        {"bureau_id", it.bureau_id},
                        {"bureau_name", it.bureau_name},
                        {"created_at", it.created_at},
                        {"date", day},
                        {"current", cur ? version_json(c, *cur) : nlohmann::json(nullptr)},
                        {"latest", versions.empty() ? nlohmann::json(nullptr) : version_json(c, versions.back())}};
  if (with_history) {
    nlohmann::json hist = nlohmann::json::array();
    for (const auto& v : versions) hist.push_back(version_json(c, v));
    out["versions"] = hist;
  }
  return out;
}

// Validates an item version from input; fields left out come from `base` when there is one.
Version parse_version(const nlohmann::json& in, const Version* base) {
  Fields f(in);
  Version v;
  if (base) v = *base;
  auto take = [&](const char* key) { return !base || f.has(key); };

  if (take("name")) v.name = f.str("name", "抽查事项名称", 200);
  if (take("basis")) v.basis = f.str("basis", "抽查依据", 2000);
  if (take("bodies")) {
    const char* msg = "抽查主体应为省、市、县三级中的一级或几级（province、city、county）";
    auto given = f.str_set("bodies", "抽查主体");
    if (given.empty() || in.at("bodies").size() != given.size()) throw Error::invalid("bodies", msg, "spotcheck.bodies_invalid");
    v.bodies.clear();
    for (const auto& l : kLevels)
      if (given.erase(l.code)) v.bodies.push_back(l.code);
    if (!given.empty()) throw Error::invalid("bodies", msg, "spotcheck.bodies_invalid");
  }
  if (take("object_type")) {
    v.object_type = f.str("object_type", "抽查对象", 64);
    if (!object_type_name(v.object_type))
      throw Error::invalid("object_type", "抽查对象只能是统计调查对象（survey_object）或涉外调查机构（foreign_survey_body）",
                           "spotcheck.object_type_invalid");
  }
  if (take("ratio_min_bp")) v.ratio_min_bp = f.i64("ratio_min_bp", "抽查比例下限");
  if (take("ratio_max_bp")) v.ratio_max_bp = f.i64("ratio_max_bp", "抽查比例上限");
  for (auto [key, val] : {std::pair{"ratio_min_bp", v.ratio_min_bp}, std::pair{"ratio_max_bp", v.ratio_max_bp}})
    if (val <= 0 || val > kRatioMaxBp)
      throw Error(422, "spotcheck.ratio_range_invalid", "抽查比例应大于 0 且不超过 100%（以万分之一计，1 至 10000）",
                  {{"field", key}, {"min", 1}, {"max", kRatioMaxBp}});
  if (v.ratio_min_bp > v.ratio_max_bp)
    throw Error::invalid("ratio_max_bp", "抽查比例上限不能低于下限", "spotcheck.ratio_range_invalid");
  if (take("frequency_min")) v.frequency_min = f.i64("frequency_min", "抽查频次下限");
  if (take("frequency_max")) v.frequency_max = f.i64("frequency_max", "抽查频次上限");
  for (auto [key, val] : {std::pair{"frequency_min", v.frequency_min}, std::pair{"frequency_max", v.frequency_max}})
    if (val < 1 || val > kFrequencyMax)
      throw Error(422, "spotcheck.frequency_range_invalid", "抽查频次应为每年 1 至 365 次",
                  {{"field", key}, {"min", 1}, {"max", kFrequencyMax}});
  if (v.frequency_min > v.frequency_max)
    throw Error::invalid("frequency_max", "抽查频次上限不能低于下限", "spotcheck.frequency_range_invalid");
  if (take("method")) {
    v.method = f.str("method", "抽查方式", 16);
    if (!method_name(v.method))
      throw Error::invalid("method", "抽查方式只能是现场检查（on_site）、书面检查（written）或两者皆可（both）", "spotcheck.method_invalid");
  }
  if (take("contents")) {
    if (!f.has("contents") || !in.at("contents").is_array() || in.at("contents").empty() || in.at("contents").size() > kMaxContents)
      throw Error::invalid("contents", "抽查内容应为 1 至 50 条文字", "spotcheck.contents_invalid");
    v.contents.clear();
    for (const auto& e : in.at("contents")) {
      std::string t = e.is_string() ? trim(e.get<std::string>()) : "";
      if (t.empty() || utf8_length(t) > 500)
        throw Error(422, "spotcheck.contents_invalid", "第 " + std::to_string(v.contents.size() + 1) + " 条抽查内容应为 1 至 500 字的文字",
                    {{"field", "contents"}, {"index", v.contents.size()}});
      v.contents.push_back(t);
    }
  }
  if (take("notes")) v.notes = f.opt_str("notes", "备注", 1000).value_or("");

  v.effective_from = detail::parse_date_field(f.opt_str("effective_from", "生效日期", 10).value_or(""), "effective_from", "生效日期", false).str();
  v.effective_to.reset();
  if (auto to = f.opt_str("effective_to", "失效日期", 10); to && !to->empty()) {
    v.effective_to = detail::parse_date_field(*to, "effective_to", "失效日期", false).str();
    if (*v.effective_to < v.effective_from)
      throw Error::invalid("effective_to", "失效日期不能早于生效日期", "spotcheck.effective_range_invalid");
  }
  v.reason = f.opt_str("reason", "变更原因", 500).value_or("");
  return v;
}

Version insert_version(db::Connection& c, const org::Principal& p, Version v, const char* action) {
  v.created_at = time::to_iso(time::now());
  v.created_by = p.user_id;
  auto ins = c.prepare(
      "INSERT INTO spotcheck_item_versions(item_id, version, name, basis, bodies, object_type, ratio_min_bp, ratio_max_bp, "
      "frequency_min, frequency_max, method, contents, notes, effective_from, effective_to, reason, created_at, created_by) "
      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
  ins->bind(v.item_id).bind(v.version).bind(v.name).bind(v.basis).bind(join_bodies(v.bodies)).bind(v.object_type);
  ins->bind(v.ratio_min_bp).bind(v.ratio_max_bp).bind(v.frequency_min).bind(v.frequency_max).bind(v.method);
  ins->bind(nlohmann::json(v.contents).dump()).bind(v.notes).bind(v.effective_from);
  if (v.effective_to) ins->bind(*v.effective_to);
  else ins->bind(nullptr);
  ins->bind(v.reason).bind(v.created_at).bind(v.created_by);
  ins->step();
  v.id = ins->row().i64(0);
  ins->exec();
  v.seq = ledger::record_row(c, p.actor(), action, "spotcheck_item", "spotcheck_item_versions", "id", std::to_string(v.id),
                             kVersionRecord, {{"item_id", v.item_id}, {"version", v.version}}, std::to_string(v.item_id));
  return v;
}

// Two items of one province with the same name would make the published list ambiguous.
void check_name_free(db::Connection& c, int64_t bureau_id, const std::string& name, int64_t except_item) {
  for (const auto& it : all_items(c)) {
    if (it.bureau_id != bureau_id || it.id == except_item) continue;
    auto vs = versions_of(c, it.id);
    if (!vs.empty() && vs.back().name == name)
      throw Error(409, "spotcheck.item_name_taken", "本省清单中已有名为“" + name + "”的抽查事项", {{"field", "name"}, {"item_id", it.id}});
  }
}

Item load_item(db::Connection& c, const org::Principal& p, int64_t id) {
  auto q = c.prepare(std::string(kItemSelect) + "WHERE i.id = ?");
  q->bind(id);
  if (!q->step() || !detail::sees_province(p, q->row().text(3)))
    throw Error::not_found("spotcheck.item_not_found", "抽查事项不存在或不在您的管辖范围内");
  return read_item(q->row());
}

std::string day_or_today(const std::string& date) { return detail::parse_date_field(date, "date", "日期", true).str(); }

}  // namespace

const char* object_type_name(const std::string& code) { return lookup(std::begin(kObjectTypes), std::end(kObjectTypes), code); }
const char* method_name(const std::string& code) { return lookup(std::begin(kMethods), std::end(kMethods), code); }

int64_t find_item(db::Connection& c, const org::Principal& p, int64_t id) { return load_item(c, p, id).bureau_id; }

nlohmann::json item_version_in_force(db::Connection& c, const org::Principal& p, int64_t id, const std::string& date) {
  Item it = load_item(c, p, id);
  auto v = in_force(versions_of(c, it.id), date);
  return v ? version_json(c, *v) : nlohmann::json(nullptr);
}

nlohmann::json list_items(db::Connection& c, const org::Principal& p, const std::string& date) {
  p.require("spotcheck.read");
  std::string day = day_or_today(date);
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& it : all_items(c))
    if (detail::sees_province(p, it.bureau_path)) arr.push_back(item_json(c, it, versions_of(c, it.id), day, false));
  return {{"items", arr}, {"date", day}};
}

nlohmann::json get_item(db::Connection& c, const org::Principal& p, int64_t id) {
  p.require("spotcheck.read");
  Item it = load_item(c, p, id);
  return item_json(c, it, versions_of(c, it.id), time::today_shanghai().str(), true);
}

nlohmann::json create_item(db::Connection& c, const org::Principal& p, const nlohmann::json& in) {
  int64_t province = detail::require_province_manager(c, p);
  Version v = parse_version(in, nullptr);
  check_name_free(c, province, v.name, 0);
  auto next = c.prepare("SELECT COALESCE(MAX(seq_no), 0) + 1 FROM spotcheck_items WHERE bureau_id = ?");
  next->bind(province);
  next->step();
  int64_t seq_no = next->row().i64(0);
  next.reset();
  auto ins = c.prepare("INSERT INTO spotcheck_items(bureau_id, seq_no, created_at, created_by) VALUES (?,?,?,?) RETURNING id");
  ins->bind(province).bind(seq_no).bind(time::to_iso(time::now())).bind(p.user_id);
  ins->step();
  int64_t id = ins->row().i64(0);
  ins->exec();
  ledger::record_row(c, p.actor(), "spotcheck.item_create", "spotcheck_item", "spotcheck_items", "id", std::to_string(id), kItemRecord);
  v.item_id = id;
  v.version = 1;
  insert_version(c, p, v, "spotcheck.item_version");
  return get_item(c, p, id);
}

nlohmann::json add_item_version(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in) {
  int64_t province = detail::require_province_manager(c, p);
  Item it = load_item(c, p, id);
  if (it.bureau_id != province)
    throw Error::forbidden("spotcheck.province_only", "只能调整本省统计局确定的抽查事项");
  auto versions = versions_of(c, id);
  if (versions.empty()) throw Error::internal("spotcheck item without a version");
  const Version& base = versions.back();
  Version v = parse_version(in, &base);
  if (v.reason.empty()) throw Error::required("reason", "变更原因");
  std::string today = time::today_shanghai().str();
  if (v.effective_from < today)
    throw Error::invalid("effective_from", "新版本的生效日期不能早于今天：调整不能改变过去已执行的清单", "spotcheck.retroactive");
  if (v.same_content(base)) throw Error::conflict("spotcheck.no_change", "新版本与当前最新版本完全相同");
  if (v.name != base.name) check_name_free(c, province, v.name, id);
  v.item_id = id;
  v.version = base.version + 1;
  insert_version(c, p, v, "spotcheck.item_version");
  return get_item(c, p, id);
}

nlohmann::json public_items(db::Connection& c, const std::string& date) {
  std::string day = day_or_today(date);
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& it : all_items(c)) {
    auto v = in_force(versions_of(c, it.id), day);
    if (!v) continue;
    nlohmann::json j = version_json(c, *v);
    // The portal shows the list, not who typed it in.
    j.erase("created_by");
    j["version_id"] = j["id"];
    j["id"] = it.id;
    j["seq_no"] = it.seq_no;
    j["bureau_id"] = it.bureau_id;
    j["bureau_name"] = it.bureau_name;
    arr.push_back(j);
  }
  return {{"items", arr}, {"date", day}};
}

}  // namespace zhifa::spotcheck
