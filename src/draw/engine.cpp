// zhifa-draw/1 as docs/draw-algorithm.md specifies it. Section numbers (§) refer to that document;
// anything here that the document does not say is a bug in one of the two.
#include "draw/engine.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <functional>
#include <map>
#include <set>
#include <thread>
#include <unordered_set>

#include "base/canonical_json.h"
#include "base/csv.h"
#include "base/error.h"
#include "base/time.h"

namespace zhifa::draw {
namespace {

using nlohmann::json;
using u128 = unsigned __int128;

// ---------- errors ----------

[[noreturn]] void pool_error(int line, const std::string& column, const std::string& msg) {
  throw Error(422, "draw.pool_invalid", "抽取名单第 " + std::to_string(line) + " 行" + (column.empty() ? "" : "「" + column + "」列") + "：" + msg,
              {{"line", line}, {"column", column}});
}
[[noreturn]] void param_error(const std::string& key, const std::string& msg) {
  throw Error(422, "draw.params_invalid", "抽取参数「" + key + "」" + msg, {{"field", key}});
}

// ---------- §2 the pool file ----------

enum Col { kKind, kId, kName, kDivision, kIndustry, kCategory, kCredit, kRisk, kKeyUnit, kLastCheck, kWeight, kDepartment,
           kStatus, kValidFrom, kValidTo, kSpecialties, kConflicts, kLoad, kColumns };

// Splits RFC 4180 CSV into records of fields; `lines` gets the line each record starts on.
void parse_csv(std::string_view s, const std::function<void(int, std::vector<std::string>&)>& on_record) {
  size_t i = 0, n = s.size();
  int line = 1;
  std::vector<std::string> fields;
  std::string field;
  while (i < n) {
    int start_line = line;
    fields.clear();
    for (;;) {
      field.clear();
      if (i < n && s[i] == '"') {
        ++i;
        for (;;) {
          if (i >= n) pool_error(start_line, "", "引号未闭合");
          char ch = s[i++];
          if (ch == '"') {
            if (i < n && s[i] == '"') {
              field += '"';
              ++i;
            } else {
              break;
            }
          } else {
            if (ch == '\n') ++line;
            field += ch;
          }
        }
        if (i < n && s[i] != ',' && s[i] != '\n' && s[i] != '\r') pool_error(line, "", "引号后应为逗号或换行");
      } else {
        size_t j = i;
        while (j < n && s[j] != ',' && s[j] != '\n' && s[j] != '\r') {
          if (s[j] == '"') pool_error(line, "", "未加引号的字段中不能有引号");
          ++j;
        }
        field.assign(s.data() + i, j - i);
        i = j;
      }
      fields.push_back(field);
      if (i < n && s[i] == ',') {
        ++i;
        continue;
      }
      if (i < n && s[i] == '\r') {
        ++i;
        if (i >= n || s[i] != '\n') pool_error(line, "", "换行符应为 LF 或 CRLF");
      }
      if (i < n && s[i] == '\n') ++i;
      ++line;
      break;
    }
    on_record(start_line, fields);
  }
}

bool canonical_uint(const std::string& s, uint64_t max, uint64_t& out) {
  if (s.empty() || s.size() > 19 || (s.size() > 1 && s[0] == '0')) return false;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + uint64_t(c - '0');
  }
  if (v > max) return false;
  out = v;
  return true;
}

int32_t parse_day(const std::string& s, int line, const std::string& col) {
  auto d = time::parse_date(s);
  if (!d) pool_error(line, col, "日期应为 YYYY-MM-DD：" + s);
  return int32_t(d->days());
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  if (s.empty()) return out;
  size_t a = 0;
  for (;;) {
    size_t b = s.find(sep, a);
    out.push_back(s.substr(a, b == std::string::npos ? std::string::npos : b - a));
    if (b == std::string::npos) break;
    a = b + 1;
  }
  return out;
}

std::string join(const std::vector<std::string>& v, char sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) out += sep;
    out += v[i];
  }
  return out;
}

const std::set<std::string>& credit_codes() {
  static const std::set<std::string> s{"trustworthy", "abnormal", "dishonest", "seriously_dishonest"};
  return s;
}
const std::set<std::string>& risk_codes() {
  static const std::set<std::string> s{"low", "medium", "high"};
  return s;
}

// ---------- §4 the stream ----------

std::string be64(uint64_t v) {
  std::string s(8, '\0');
  for (int i = 7; i >= 0; --i, v >>= 8) s[size_t(i)] = char(v & 0xff);
  return s;
}

class Stream {
public:
  Stream(crypto::Hash h, std::string seed) : h_(h), seed_(std::move(seed)) {}
  uint64_t word() {
    if (pos_ == 4) {
      block_ = crypto::digest(h_, seed_ + be64(counter_++));
      pos_ = 0;
    }
    uint64_t w = 0;
    for (int i = 0; i < 8; ++i) w = (w << 8) | uint8_t(block_[size_t(pos_ * 8 + i)]);
    ++pos_;
    return w;
  }
  // Unbiased integer in [0, n), 1 <= n < 2^63.
  const std::string& seed() const { return seed_; }
  uint64_t uniform(uint64_t n) {
    uint64_t t = (0 - n) % n;
    for (;;) {
      uint64_t w = word();
      if (w >= t) return w % n;
    }
  }

private:
  crypto::Hash h_;
  std::string seed_, block_;
  uint64_t counter_ = 0;
  int pos_ = 4;
};

template <class T>
void partial_fisher_yates(Stream& s, std::vector<T>& a, size_t k) {
  size_t n = a.size();
  for (size_t i = 0; i < k; ++i) {
    size_t j = i + size_t(s.uniform(n - i));
    std::swap(a[i], a[j]);
  }
}

// ---------- §3 parameters ----------

const std::vector<std::string>& strata_columns() {
  static const std::vector<std::string> v{"division", "industry", "category", "credit", "risk"};
  return v;
}

int64_t int_in(const json& p, const char* key, int64_t lo, int64_t hi, const std::string& path) {
  const auto& v = p.at(key);
  if (!v.is_number_integer()) param_error(path, "应为整数");
  int64_t x = v.is_number_unsigned() ? (v.get<uint64_t>() > uint64_t(INT64_MAX) ? INT64_MAX : int64_t(v.get<uint64_t>())) : v.get<int64_t>();
  if (x < lo || x > hi) param_error(path, "应在 " + std::to_string(lo) + " 到 " + std::to_string(hi) + " 之间");
  return x;
}
bool bool_of(const json& p, const char* key, const std::string& path) {
  if (!p.at(key).is_boolean()) param_error(path, "应为 true 或 false");
  return p.at(key).get<bool>();
}
void only_keys(const json& o, std::initializer_list<const char*> keys, const std::string& path) {
  if (!o.is_object()) param_error(path, "应为对象");
  for (auto it = o.begin(); it != o.end(); ++it) {
    bool known = false;
    for (const char* k : keys) known = known || it.key() == k;
    if (!known) param_error(path.empty() ? it.key() : path + "." + it.key(), "不是可用的参数");
  }
}

struct Joint {
  std::string department;
  int64_t count;
};
struct Params {
  crypto::Hash hash;
  int32_t date;
  time::Date date_parts;
  std::string mode;
  std::vector<int> strata;  // Col indices
  int64_t ratio_bp = 0, min_ratio_bp = 0;
  std::map<std::string, int64_t> credit_ratios, risk_ratios;
  bool weighted = false;
  int64_t no_repeat_years = 0;
  bool key_units = false, serious_half_year = false;
  int cluster = kDivision;
  int64_t clusters_min = 0, clusters_max = 0, units_min = 0, units_max = 0;
  bool team = false;
  int64_t team_size = 0, load_spread = 1, max_load = 0;
  std::string specialty;
  std::vector<Joint> joint;
};

int column_index(const std::string& name) {
  const auto& cols = pool_columns();
  return int(std::find(cols.begin(), cols.end(), name) - cols.begin());
}

void no_floats(const json& j, const std::string& path) {
  if (j.is_number_float()) param_error(path.empty() ? "params" : path, "只能用整数（不能有小数，也不能超出 64 位整数的范围）");
  if (j.is_object())
    for (auto it = j.begin(); it != j.end(); ++it) no_floats(it.value(), path.empty() ? it.key() : path + "." + it.key());
  if (j.is_array())
    for (size_t i = 0; i < j.size(); ++i) no_floats(j[i], path + "[" + std::to_string(i) + "]");
}

Params parse_params(const json& p) {
  no_floats(p, "");
  only_keys(p, {"algorithm", "hash", "date", "mode", "strata", "ratio_bp", "credit_ratios_bp", "risk_ratios_bp", "weighted", "min_ratio_bp",
                "rules", "multistage", "team", "context"},
            "");
  Params r;
  auto str = [&](const char* key) -> std::string {
    if (!p.contains(key)) param_error(key, "不能为空");
    if (!p.at(key).is_string()) param_error(key, "应为文本");
    return p.at(key).get<std::string>();
  };
  if (str("algorithm") != kAlgorithm) param_error("algorithm", std::string("应为 ") + kAlgorithm);
  std::string h = str("hash");
  if (h != "sm3" && h != "sha256") param_error("hash", "应为 sm3 或 sha256");
  r.hash = crypto::hash_from_name(h);
  auto d = time::parse_date(str("date"));
  if (!d) param_error("date", "应为 YYYY-MM-DD 日期");
  r.date = int32_t(d->days());
  r.date_parts = *d;
  r.mode = str("mode");
  if (r.mode != "random" && r.mode != "systematic" && r.mode != "multistage" && r.mode != "all")
    param_error("mode", "应为 random、systematic、multistage 或 all");
  bool ratio_mode = r.mode == "random" || r.mode == "systematic";
  for (const char* k : {"strata", "ratio_bp", "min_ratio_bp"})
    if (p.contains(k) && !ratio_mode) param_error(k, "只用于 random 和 systematic 方式");
  if (p.contains("weighted") && r.mode != "random") param_error("weighted", "只用于 random 方式");
  if (p.contains("strata")) {
    const auto& s = p.at("strata");
    if (!s.is_array()) param_error("strata", "应为列名数组");
    std::set<std::string> seen;
    for (const auto& c : s) {
      if (!c.is_string() || std::find(strata_columns().begin(), strata_columns().end(), c.get<std::string>()) == strata_columns().end())
        param_error("strata", "只能按 division、industry、category、credit、risk 分层");
      if (!seen.insert(c.get<std::string>()).second) param_error("strata", "分层列重复：" + c.get<std::string>());
      r.strata.push_back(column_index(c.get<std::string>()));
    }
  }
  if (p.contains("ratio_bp")) r.ratio_bp = int_in(p, "ratio_bp", 0, 10000, "ratio_bp");
  else if (ratio_mode) param_error("ratio_bp", "不能为空");
  auto ratios = [&](const char* key, const std::set<std::string>& codes, std::map<std::string, int64_t>& out) {
    if (!p.contains(key)) return;
    const auto& m = p.at(key);
    if (!m.is_object()) param_error(key, "应为对象");
    for (auto it = m.begin(); it != m.end(); ++it) {
      std::string path = std::string(key) + "." + it.key();
      if (!codes.count(it.key())) param_error(path, "不是可用的代码");
      out[it.key()] = int_in(m, it.key().c_str(), 0, 10000, path);
    }
  };
  ratios("credit_ratios_bp", credit_codes(), r.credit_ratios);
  ratios("risk_ratios_bp", risk_codes(), r.risk_ratios);
  if (p.contains("weighted")) r.weighted = bool_of(p, "weighted", "weighted");
  if (p.contains("min_ratio_bp")) r.min_ratio_bp = int_in(p, "min_ratio_bp", 0, 10000, "min_ratio_bp");
  if (p.contains("rules")) {
    const auto& ru = p.at("rules");
    only_keys(ru, {"no_repeat_years", "key_units_every_year", "seriously_dishonest_every_half_year"}, "rules");
    if (ru.contains("no_repeat_years")) r.no_repeat_years = int_in(ru, "no_repeat_years", 0, 100, "rules.no_repeat_years");
    if (ru.contains("key_units_every_year")) r.key_units = bool_of(ru, "key_units_every_year", "rules.key_units_every_year");
    if (ru.contains("seriously_dishonest_every_half_year"))
      r.serious_half_year = bool_of(ru, "seriously_dishonest_every_half_year", "rules.seriously_dishonest_every_half_year");
  }
  if (p.contains("multistage") != (r.mode == "multistage")) param_error("multistage", "用于且只用于 multistage 方式");
  if (r.mode == "multistage") {
    const auto& m = p.at("multistage");
    only_keys(m, {"cluster", "clusters_min", "clusters_max", "units_min", "units_max"}, "multistage");
    if (!m.contains("cluster")) param_error("multistage.cluster", "不能为空");
    {
      if (!m.at("cluster").is_string() ||
          std::find(strata_columns().begin(), strata_columns().end(), m.at("cluster").get<std::string>()) == strata_columns().end())
        param_error("multistage.cluster", "只能是 division、industry、category、credit、risk 之一");
      r.cluster = column_index(m.at("cluster").get<std::string>());
    }
    for (const char* k : {"clusters_min", "clusters_max", "units_min", "units_max"})
      if (!m.contains(k)) param_error(std::string("multistage.") + k, "不能为空");
    r.clusters_min = int_in(m, "clusters_min", 1, 1000000, "multistage.clusters_min");
    r.clusters_max = int_in(m, "clusters_max", 1, 1000000, "multistage.clusters_max");
    r.units_min = int_in(m, "units_min", 1, 1000000, "multistage.units_min");
    r.units_max = int_in(m, "units_max", 1, 1000000, "multistage.units_max");
    if (r.clusters_min > r.clusters_max) param_error("multistage.clusters_max", "不能小于 clusters_min");
    if (r.units_min > r.units_max) param_error("multistage.units_max", "不能小于 units_min");
  }
  if (p.contains("team")) {
    const auto& t = p.at("team");
    only_keys(t, {"size", "specialty", "load_spread", "max_load", "joint"}, "team");
    r.team = true;
    if (!t.contains("size")) param_error("team.size", "不能为空");
    r.team_size = int_in(t, "size", 2, 100, "team.size");
    if (t.contains("specialty")) {
      if (!t.at("specialty").is_string()) param_error("team.specialty", "应为文本");
      r.specialty = t.at("specialty").get<std::string>();
    }
    if (t.contains("load_spread")) r.load_spread = int_in(t, "load_spread", 0, 1000000000, "team.load_spread");
    if (t.contains("max_load")) r.max_load = int_in(t, "max_load", 0, 1000000000, "team.max_load");
    if (t.contains("joint")) {
      const auto& js = t.at("joint");
      if (!js.is_array()) param_error("team.joint", "应为数组");
      std::set<std::string> seen;
      for (size_t i = 0; i < js.size(); ++i) {
        std::string path = "team.joint[" + std::to_string(i) + "]";
        only_keys(js[i], {"department", "count"}, path);
        if (!js[i].contains("department") || !js[i].at("department").is_string() || js[i].at("department").get<std::string>().empty())
          param_error(path + ".department", "不能为空");
        if (!js[i].contains("count")) param_error(path + ".count", "不能为空");
        Joint j{js[i].at("department").get<std::string>(), int_in(js[i], "count", 1, 100, path + ".count")};
        if (!seen.insert(j.department).second) param_error(path + ".department", "部门重复：" + j.department);
        r.joint.push_back(j);
      }
    }
  }
  return r;
}

// ---------- §5–§7 ----------

int32_t years_before(const time::Date& d, int64_t n) {
  time::Date c{int(d.year - n), d.month, d.day};
  if (c.month == 2 && c.day == 29 && !time::valid_date(c.year, 2, 29)) c.day = 28;
  return int32_t(c.days());
}

std::string prefix_of(std::string d) {
  while (d.size() > 2 && d.compare(d.size() - 2, 2, "00") == 0) d.resize(d.size() - 2);
  return d;
}

int64_t ratio_of(const Params& p, const std::string& credit, const std::string& risk) {
  auto pick = [&](const std::map<std::string, int64_t>& m, const std::string& k) {
    auto it = k.empty() ? m.end() : m.find(k);
    return it == m.end() ? p.ratio_bp : it->second;
  };
  int64_t a = pick(p.credit_ratios, credit), b = pick(p.risk_ratios, risk);
  int64_t hi = std::max(a, b);
  return hi > p.ratio_bp ? hi : std::min(a, b);
}

uint32_t column_value(const Object& o, int col) {
  switch (col) {
    case kDivision: return o.division;
    case kIndustry: return o.industry;
    case kCategory: return o.category;
    case kCredit: return o.credit;
    case kRisk: return o.risk;
  }
  return 0;
}

using Outcome = Result;

// The inspectors' facts the team draw needs, parsed once per draw.
struct TeamPool {
  struct Member {
    bool eligible_base = false;  // active and valid on the date
    int group = -1;              // 0 own staff (with the specialty), j+1 the j-th joint department, -1 none
    std::vector<std::string> obj_conflicts, div_prefixes, dept_conflicts;
    bool has_conflicts = false;
    int64_t load = 0;
  };
  std::vector<Member> members;
  std::vector<size_t> need;                    // members to pick per group
  std::vector<std::vector<uint32_t>> by_group;  // the eligible members of each group, pool order
};

TeamPool team_pool(const Pool& pool, const Params& p) {
  TeamPool tp;
  tp.need.push_back(size_t(p.team_size));
  for (const auto& j : p.joint) tp.need.push_back(size_t(j.count));
  std::string day = time::Date::from_days(p.date).str();
  for (const auto& i : pool.inspectors) {
    TeamPool::Member m;
    m.eligible_base = i.status == "active" && i.valid_from <= day && day <= i.valid_to;
    if (i.department.empty()) {
      if (p.specialty.empty() || std::find(i.specialties.begin(), i.specialties.end(), p.specialty) != i.specialties.end()) m.group = 0;
    } else {
      for (size_t j = 0; j < p.joint.size(); ++j)
        if (p.joint[j].department == i.department) m.group = int(j + 1);
    }
    for (const auto& c : i.conflicts) {
      auto colon = c.find(':');
      std::string kind = c.substr(0, colon), target = c.substr(colon + 1);
      if (kind == "object") m.obj_conflicts.push_back(target);
      else if (kind == "division") m.div_prefixes.push_back(prefix_of(target));
      else m.dept_conflicts.push_back(target);
    }
    m.has_conflicts = !i.conflicts.empty();
    m.load = i.load;
    tp.members.push_back(std::move(m));
  }
  tp.by_group.resize(tp.need.size());
  for (uint32_t i = 0; i < tp.members.size(); ++i)
    if (tp.members[i].eligible_base && tp.members[i].group >= 0) tp.by_group[size_t(tp.members[i].group)].push_back(i);
  return tp;
}

bool conflicted(const TeamPool::Member& m, const Pool& pool, const Object& o) {
  for (const auto& x : m.obj_conflicts)
    if (x == o.id) return true;
  if (o.division) {
    const std::string& d = pool.text(o.division);
    for (const auto& x : m.div_prefixes)
      if (d.compare(0, x.size(), x) == 0) return true;
  }
  if (o.department) {
    for (const auto& x : m.dept_conflicts)
      if (x == pool.text(o.department)) return true;
  }
  return false;
}

const char* group_name(int g) { return g == 0 ? "本单位执法人员" : "联合检查部门人员"; }

// One pick (§7): the group's candidates for `o` in pool order, within the load band.
uint32_t pick_member(Stream& s, const Pool& pool, const Params& p, const TeamPool& tp, const std::vector<int64_t>& load, const Object& o,
                     int group, const std::vector<uint32_t>& exclude) {
  // Called once per member of every team (hundreds of thousands of times in a province-wide
  // draw): only the group's eligible members are scanned, and conflicts only where declared.
  thread_local std::vector<uint32_t> c;
  c.clear();
  int64_t least = INT64_MAX;
  for (uint32_t i : tp.by_group[size_t(group)]) {
    const auto& m = tp.members[i];
    if (p.max_load > 0 && load[i] >= p.max_load) continue;
    if (std::find(exclude.begin(), exclude.end(), i) != exclude.end()) continue;
    if (m.has_conflicts && conflicted(m, pool, o)) continue;
    c.push_back(i);
    least = std::min(least, load[i]);
  }
  if (c.empty()) {
    std::string what = group == 0 ? group_name(0) : p.joint[size_t(group - 1)].department + "人员";
    throw Error(409, "draw.team_impossible", "检查对象 " + o.id + "（" + o.name + "）无法组成检查组：没有可抽取的" + what,
                {{"object", o.id}, {"group", group == 0 ? "" : p.joint[size_t(group - 1)].department}});
  }
  std::erase_if(c, [&](uint32_t i) { return load[i] > least + p.load_spread; });
  return c[size_t(s.uniform(c.size()))];
}

void draw_teams(Stream& s, const Pool& pool, const Params& p, Outcome& out) {
  TeamPool tp = team_pool(pool, p);
  std::vector<int64_t> load(tp.members.size());
  for (size_t i = 0; i < load.size(); ++i) load[i] = tp.members[i].load;
  for (auto& sel : out.selected) {
    const Object& o = pool.objects[sel.object];
    std::vector<uint32_t> team;
    for (size_t g = 0; g < tp.need.size(); ++g)
      for (size_t k = 0; k < tp.need[g]; ++k) {
        uint32_t m = pick_member(s, pool, p, tp, load, o, int(g), team);
        team.push_back(m);
        sel.team.emplace_back(m, g > 0 ? "joint" : k == 0 ? "leader" : "member");
      }
    for (uint32_t m : team) ++load[m];
  }
}

void select_stratified(Stream& s, const Pool& pool, const Params& p, const std::vector<uint32_t>& cands, Outcome& out) {
  // Each column's values and each (credit, risk) ratio class get dense codes, so a stratum is one
  // integer (mixed radix) and ten million candidates need no hashing; the real order is by text,
  // sorted below over the few strata.
  const size_t F = p.strata.size();
  std::vector<std::vector<uint32_t>> code(F, std::vector<uint32_t>(pool.texts.size(), UINT32_MAX));
  std::vector<std::vector<uint32_t>> values(F);  // dense code -> text id
  std::vector<uint32_t> credit_dense(pool.texts.size(), UINT32_MAX), risk_dense(pool.texts.size(), UINT32_MAX);
  std::vector<uint32_t> credit_vals, risk_vals;
  for (uint32_t i : cands) {
    const Object& o = pool.objects[i];
    for (size_t f = 0; f < F; ++f) {
      uint32_t t = column_value(o, p.strata[f]);
      if (code[f][t] == UINT32_MAX) {
        code[f][t] = uint32_t(values[f].size());
        values[f].push_back(t);
      }
    }
    if (credit_dense[o.credit] == UINT32_MAX) {
      credit_dense[o.credit] = uint32_t(credit_vals.size());
      credit_vals.push_back(o.credit);
    }
    if (risk_dense[o.risk] == UINT32_MAX) {
      risk_dense[o.risk] = uint32_t(risk_vals.size());
      risk_vals.push_back(o.risk);
    }
  }
  // Ratio per (credit, risk) pair, and the distinct ratios as the key's last part.
  std::vector<int64_t> pair_ratio(credit_vals.size() * risk_vals.size());
  std::vector<int64_t> ratios;
  for (size_t c = 0; c < credit_vals.size(); ++c)
    for (size_t r = 0; r < risk_vals.size(); ++r) {
      int64_t x = ratio_of(p, pool.text(credit_vals[c]), pool.text(risk_vals[r]));
      pair_ratio[c * risk_vals.size() + r] = x;
      if (std::find(ratios.begin(), ratios.end(), x) == ratios.end()) ratios.push_back(x);
    }
  std::vector<uint32_t> pair_class(pair_ratio.size());
  for (size_t i = 0; i < pair_ratio.size(); ++i) pair_class[i] = uint32_t(std::find(ratios.begin(), ratios.end(), pair_ratio[i]) - ratios.begin());
  // Mixed radix: fields, then the ratio class.
  std::vector<uint64_t> radix(F + 1);
  uint64_t space = 1;
  for (size_t f = 0; f < F; ++f) {
    radix[f] = space;
    space *= std::max<size_t>(1, values[f].size());
  }
  radix[F] = space;
  space *= std::max<size_t>(1, ratios.size());
  // Dense index of the strata that occur: a flat table when the key space is small, else a map.
  std::vector<uint32_t> flat(space <= (1u << 24) ? space : 0, UINT32_MAX);
  std::unordered_map<uint64_t, uint32_t> sparse;
  std::vector<uint64_t> raw_key;  // stratum -> mixed-radix key
  std::vector<uint32_t> stratum_of(cands.size());
  std::vector<uint64_t> size, weight;
  for (size_t c = 0; c < cands.size(); ++c) {
    const Object& o = pool.objects[cands[c]];
    uint64_t key = 0;
    for (size_t f = 0; f < F; ++f) key += code[f][column_value(o, p.strata[f])] * radix[f];
    size_t pr = credit_dense[o.credit] * risk_vals.size() + risk_dense[o.risk];
    key += pair_class[pr] * radix[F];
    uint32_t idx;
    if (!flat.empty()) {
      idx = flat[key];
      if (idx == UINT32_MAX) idx = flat[key] = uint32_t(raw_key.size());
    } else {
      idx = sparse.try_emplace(key, uint32_t(raw_key.size())).first->second;
    }
    if (idx == raw_key.size()) {
      raw_key.push_back(key);
      size.push_back(0);
      weight.push_back(0);
    }
    stratum_of[c] = idx;
    ++size[idx];
    weight[idx] += uint64_t(pair_ratio[pr]);
  }
  auto field_text = [&](uint64_t key, size_t f) -> const std::string& {
    return pool.text(values[f][(key / radix[f]) % std::max<size_t>(1, values[f].size())]);
  };
  auto key_ratio = [&](uint64_t key) { return ratios.empty() ? 0 : ratios[(key / radix[F]) % ratios.size()]; };
  // Strata in key order: texts in byte order, then the ratio.
  size_t S = raw_key.size();
  std::vector<uint32_t> order(S);
  for (uint32_t i = 0; i < S; ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    for (size_t f = 0; f < F; ++f) {
      const std::string& x = field_text(raw_key[a], f);
      const std::string& y = field_text(raw_key[b], f);
      if (x != y) return x < y;
    }
    return key_ratio(raw_key[a]) < key_ratio(raw_key[b]);
  });
  std::vector<uint32_t> rank_of(S);  // raw stratum -> position in key order
  for (uint32_t i = 0; i < S; ++i) rank_of[order[i]] = i;
  std::vector<uint64_t> sz(S), w(S);
  for (uint32_t i = 0; i < S; ++i) {
    sz[i] = size[order[i]];
    w[i] = weight[order[i]];
  }
  // Members of each stratum in pool order (counting sort keeps the order).
  std::vector<size_t> start(S + 1, 0);
  for (uint32_t i = 0; i < S; ++i) start[i + 1] = start[i] + sz[i];
  std::vector<uint32_t> members(cands.size());
  {
    std::vector<size_t> fill(start.begin(), start.end() - 1);
    for (size_t c = 0; c < cands.size(); ++c) members[fill[rank_of[stratum_of[c]]]++] = cands[c];
  }

  // Tie-break permutation, drawn first.
  std::vector<uint32_t> perm(S);
  for (uint32_t i = 0; i < S; ++i) perm[i] = i;
  for (size_t i = 0; i + 1 < S; ++i) std::swap(perm[i], perm[i + size_t(s.uniform(S - i))]);
  std::vector<uint32_t> tie(S);
  for (uint32_t i = 0; i < S; ++i) tie[perm[i]] = i;

  // Total.
  u128 R = 0;
  for (uint64_t x : w) R += x;
  int64_t T = int64_t((R + 9999) / 10000);
  if (p.min_ratio_bp > 0) {
    int64_t floor_n = int64_t((u128(uint64_t(p.min_ratio_bp)) * pool.objects.size() + 9999) / 10000) - int64_t(out.forced);
    T = std::max(T, floor_n);
  }
  T = std::max<int64_t>(0, std::min<int64_t>(T, int64_t(cands.size())));

  // Allocation: capped largest remainder.
  std::vector<uint64_t> k(S, 0);
  if (T > 0) {
    bool all_zero = std::all_of(w.begin(), w.end(), [](uint64_t x) { return x == 0; });
    if (all_zero) w = sz;
    std::vector<uint32_t> active;
    for (uint32_t i = 0; i < S; ++i)
      if (w[i] > 0) active.push_back(i);
    uint64_t taken = 0;
    u128 n = 0, W = 0;
    for (;;) {
      n = u128(uint64_t(T) - taken);
      W = 0;
      for (uint32_t i : active) W += w[i];
      std::vector<uint32_t> keep;
      bool any_full = false;
      for (uint32_t i : active) {
        if (n * w[i] >= u128(sz[i]) * W) {
          k[i] = sz[i];
          taken += sz[i];
          any_full = true;
        } else {
          keep.push_back(i);
        }
      }
      active.swap(keep);
      if (!any_full || active.empty()) break;
    }
    if (!active.empty()) {
      n = u128(uint64_t(T) - taken);
      uint64_t given = 0;
      std::vector<std::pair<u128, uint32_t>> rem;
      for (uint32_t i : active) {
        k[i] = uint64_t(n * w[i] / W);
        given += k[i];
        rem.emplace_back(n * w[i] % W, i);
      }
      std::sort(rem.begin(), rem.end(), [&](const auto& a, const auto& b) {
        if (a.first != b.first) return a.first > b.first;
        return tie[a.second] < tie[b.second];
      });
      for (uint64_t j = 0; j < uint64_t(n) - given; ++j) ++k[rem[j].second];
    }
  }

  // Inside each stratum.
  json strata = json::array();
  for (uint32_t st = 0; st < S; ++st) {
    json key = json::object();
    uint64_t rk = raw_key[order[st]];
    for (size_t f = 0; f < F; ++f) key[pool_columns()[size_t(p.strata[f])]] = field_text(rk, f);
    key["ratio_bp"] = key_ratio(rk);
    strata.push_back({{"key", key}, {"size", sz[st]}, {"drawn", k[st]}});
    size_t N = sz[st], kk = size_t(k[st]);
    if (kk == 0) continue;
    std::vector<uint32_t> a(members.begin() + long(start[st]), members.begin() + long(start[st + 1]));
    auto take = [&](uint32_t obj) { out.selected.push_back({obj, "drawn", int64_t(st), {}}); };
    if (p.mode == "systematic") {
      std::vector<std::pair<std::string, uint32_t>> ranked;
      ranked.reserve(N);
      for (uint32_t obj : a) ranked.emplace_back(crypto::digest(p.hash, s.seed() + "order:" + pool.objects[obj].id), obj);
      std::sort(ranked.begin(), ranked.end(), [&](const auto& x, const auto& y) {
        if (x.first != y.first) return x.first < y.first;
        return pool.objects[x.second].id < pool.objects[y.second].id;
      });
      uint64_t r = s.uniform(N);
      for (size_t i = 0; i < kk; ++i) take(ranked[size_t((u128(r) + u128(i) * N) / kk)].second);
    } else if (p.weighted) {
      std::vector<uint64_t> wt(N);
      uint64_t total = 0;
      for (size_t i = 0; i < N; ++i) total += (wt[i] = pool.objects[a[i]].weight);
      for (size_t t = 0; t < kk; ++t) {
        uint64_t u = s.uniform(total), run = 0;
        for (size_t i = 0; i < a.size(); ++i) {
          run += wt[i];
          if (run > u) {
            take(a[i]);
            total -= wt[i];
            a.erase(a.begin() + long(i));
            wt.erase(wt.begin() + long(i));
            break;
          }
        }
      }
    } else {
      partial_fisher_yates(s, a, kk);
      for (size_t i = 0; i < kk; ++i) take(a[i]);
    }
  }
  out.strata = strata;
}

// §5: rules, then the mode's selection.
Outcome select(Stream& s, const Pool& pool, const Params& p) {
  Outcome out;
  int32_t y0 = int32_t(time::Date{p.date_parts.year, 1, 1}.days());
  int32_t h0 = int32_t(time::Date{p.date_parts.year, p.date_parts.month <= 6 ? 1u : 7u, 1}.days());
  int32_t cutoff = p.no_repeat_years > 0 ? years_before(p.date_parts, p.no_repeat_years) : INT32_MAX;
  uint32_t serious = 0;
  for (uint32_t i = 0; i < pool.texts.size(); ++i)
    if (pool.texts[i] == "seriously_dishonest") serious = i;
  std::vector<uint32_t> cands;
  cands.reserve(pool.objects.size());
  for (uint32_t i = 0; i < pool.objects.size(); ++i) {
    const Object& o = pool.objects[i];
    if (p.key_units && o.key_unit && o.last_check < y0) {
      out.selected.push_back({i, "key_unit", -1, {}});
    } else if (p.serious_half_year && serious && o.credit == serious && o.last_check < h0) {
      out.selected.push_back({i, "seriously_dishonest", -1, {}});
    } else if (p.no_repeat_years > 0 && o.last_check > cutoff) {
      out.removed.push_back(i);
    } else {
      cands.push_back(i);
    }
  }
  out.forced = out.selected.size();
  out.candidates = cands.size();
  if (p.mode == "all") {
    for (uint32_t i : cands) out.selected.push_back({i, "all", -1, {}});
  } else if (p.mode == "multistage") {
    // Clusters in byte order of their value; members in pool order.
    std::map<std::string, std::vector<uint32_t>> by_value;
    for (uint32_t i : cands) by_value[pool.text(column_value(pool.objects[i], p.cluster))].push_back(i);
    std::vector<const std::pair<const std::string, std::vector<uint32_t>>*> clusters;
    for (const auto& e : by_value) clusters.push_back(&e);
    size_t c = size_t(p.clusters_min) + size_t(s.uniform(uint64_t(p.clusters_max - p.clusters_min + 1)));
    c = std::min(c, clusters.size());
    partial_fisher_yates(s, clusters, c);
    json cl = json::array();
    for (size_t j = 0; j < c; ++j) {
      std::vector<uint32_t> a = clusters[j]->second;
      size_t m = size_t(p.units_min) + size_t(s.uniform(uint64_t(p.units_max - p.units_min + 1)));
      m = std::min(m, a.size());
      partial_fisher_yates(s, a, m);
      for (size_t i = 0; i < m; ++i) out.selected.push_back({a[i], "drawn", int64_t(j), {}});
      cl.push_back({{"value", clusters[j]->first}, {"size", a.size()}, {"drawn", m}});
    }
    out.clusters = cl;
  } else {
    select_stratified(s, pool, p, cands, out);
  }
  if (p.team) draw_teams(s, pool, p, out);
  return out;
}

json certificate_json(const Pool& pool, const json& params, const Params& p, const std::string& randomness, const std::string& root,
                      const std::string& phash, const std::string& seed, const Outcome& out) {
  json selected = json::array();
  for (const auto& sel : out.selected) {
    json e = {{"id", pool.objects[sel.object].id}, {"rule", sel.rule}};
    if (sel.group >= 0) e[p.mode == "multistage" ? "cluster" : "stratum"] = sel.group;
    if (p.team) {
      json t = json::array();
      for (const auto& [m, role] : sel.team) t.push_back({{"id", pool.inspectors[m].id}, {"role", role}});
      e["team"] = t;
    }
    selected.push_back(std::move(e));
  }
  if (p.mode == "multistage") {
    // The cluster's value, not its index, is what a reader wants on each object.
    for (auto& e : selected)
      if (e.contains("cluster")) e["cluster"] = out.clusters[size_t(e["cluster"].get<int64_t>())]["value"];
  }
  json removed = json::array();
  for (uint32_t i : out.removed) removed.push_back({{"id", pool.objects[i].id}, {"rule", "recently_checked"}});
  json result = {{"summary",
                  {{"pool", pool.objects.size()},
                   {"forced", out.forced},
                   {"removed", out.removed.size()},
                   {"candidates", out.candidates},
                   {"drawn", out.selected.size() - out.forced},
                   {"selected", out.selected.size()}}},
                 {"selected", selected},
                 {"removed", removed}};
  if (!out.strata.is_null()) result["strata"] = out.strata;
  if (!out.clusters.is_null()) result["clusters"] = out.clusters;
  return {{"format", "zhifa-draw-certificate"},
          {"algorithm", kAlgorithm},
          {"hash", crypto::hash_name(p.hash)},
          {"pool_root", crypto::hex(root)},
          {"pool_objects", pool.objects.size()},
          {"pool_inspectors", pool.inspectors.size()},
          {"params", params},
          {"params_hash", crypto::hex(phash)},
          {"randomness", randomness},
          {"seed", crypto::hex(seed)},
          {"result", result}};
}

std::string unhex(const std::string& h) {
  auto v = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  if (h.size() != 64) throw Error::invalid("seed", "证书中的种子应为 64 位十六进制", "draw.replacement_invalid");
  std::string out;
  for (size_t i = 0; i < h.size(); i += 2) {
    int a = v(h[i]), b = v(h[i + 1]);
    if (a < 0 || b < 0) throw Error::invalid("seed", "证书中的种子应为 64 位十六进制", "draw.replacement_invalid");
    out += char(a * 16 + b);
  }
  return out;
}

std::string seed_of(crypto::Hash h, const std::string& root, const std::string& phash, const std::string& randomness) {
  return crypto::digest(h, std::string(kAlgorithm) + std::string(1, '\0') + root + phash + randomness);
}

// The first place two JSON values differ, depth first in the order of `want`'s members.
std::optional<std::string> first_difference(const json& have, const json& want, const std::string& path) {
  auto show = [](const json& j) {
    std::string s = j.dump();
    return s.size() > 120 ? s.substr(0, 117) + "..." : s;
  };
  bool numbers = have.is_number() && want.is_number();  // a parsed 2 is unsigned, a computed 2 signed
  if ((have.type() != want.type() && !numbers) || (!have.is_structured() && have != want))
    return path + "：证书为 " + show(have) + "，重新计算为 " + show(want);
  if (have.is_array()) {
    for (size_t i = 0; i < std::min(have.size(), want.size()); ++i)
      if (auto d = first_difference(have[i], want[i], path + "[" + std::to_string(i) + "]")) return d;
    if (have.size() != want.size())
      return path + "：证书有 " + std::to_string(have.size()) + " 项，重新计算为 " + std::to_string(want.size()) + " 项";
  } else if (have.is_object()) {
    for (auto it = want.begin(); it != want.end(); ++it) {
      if (!have.contains(it.key())) return path + "." + it.key() + "：证书中缺少此项";
      if (auto d = first_difference(have.at(it.key()), it.value(), path + "." + it.key())) return d;
    }
    for (auto it = have.begin(); it != have.end(); ++it)
      if (!want.contains(it.key())) return path + "." + it.key() + "：证书中多出此项";
  }
  return std::nullopt;
}

}  // namespace

const std::vector<std::string>& pool_columns() {
  static const std::vector<std::string> v{"kind",       "id",     "name",       "division", "industry",   "category",
                                          "credit",     "risk",   "key_unit",   "last_check", "weight",   "department",
                                          "status",     "valid_from", "valid_to", "specialties", "conflicts", "load"};
  return v;
}

uint32_t Pool::intern(std::string_view s) {
  if (s.empty()) return 0;
  if (index_.empty())
    for (uint32_t i = 1; i < texts.size(); ++i) index_.emplace(texts[i], i);
  if (auto it = index_.find(s); it != index_.end()) return it->second;
  index_.emplace(std::string(s), uint32_t(texts.size()));
  texts.emplace_back(s);
  return uint32_t(texts.size() - 1);
}

std::vector<std::string> Pool::object_fields(const Object& o) const {
  std::vector<std::string> f(kColumns);
  f[kKind] = "object";
  f[kId] = o.id;
  f[kName] = o.name;
  f[kDivision] = text(o.division);
  f[kIndustry] = text(o.industry);
  f[kCategory] = text(o.category);
  f[kCredit] = text(o.credit);
  f[kRisk] = text(o.risk);
  f[kKeyUnit] = o.key_unit_text == 0 ? "" : o.key_unit_text == 1 ? "0" : "1";
  f[kLastCheck] = o.last_check < 0 ? "" : time::Date::from_days(o.last_check).str();
  f[kWeight] = o.weight_blank ? "" : std::to_string(o.weight);
  f[kDepartment] = text(o.department);
  return f;
}

std::vector<std::string> Pool::inspector_fields(const Inspector& i) {
  std::vector<std::string> f(kColumns);
  f[kKind] = "inspector";
  f[kId] = i.id;
  f[kName] = i.name;
  f[kDivision] = i.division;
  f[kDepartment] = i.department;
  f[kStatus] = i.status;
  f[kValidFrom] = i.valid_from;
  f[kValidTo] = i.valid_to;
  f[kSpecialties] = join(i.specialties, ';');
  f[kConflicts] = join(i.conflicts, ';');
  f[kLoad] = i.load_blank ? "" : std::to_string(i.load);
  return f;
}

Pool read_pool(std::string_view csv) {
  if (csv.starts_with("\xEF\xBB\xBF")) pool_error(1, "", "文件不能以 BOM 开头");
  Pool pool;
  const auto& cols = pool_columns();
  bool header = true;
  std::string last_kind, last_id;
  parse_csv(csv, [&](int line, std::vector<std::string>& f) {
    if (header) {
      if (f != cols) pool_error(line, "", "表头应为 " + join(cols, ','));
      header = false;
      return;
    }
    if (f.size() != cols.size()) pool_error(line, "", "应有 " + std::to_string(cols.size()) + " 列，实有 " + std::to_string(f.size()) + " 列");
    for (size_t c = 0; c < f.size(); ++c)
      for (unsigned char ch : f[c])
        if (ch < 0x20) pool_error(line, cols[c], "不能含有控制字符");
    const std::string& kind = f[kKind];
    if (kind != "object" && kind != "inspector") pool_error(line, "kind", "应为 object 或 inspector");
    if (f[kId].empty()) pool_error(line, "id", "不能为空");
    if (std::make_pair(kind, f[kId]) <= std::make_pair(last_kind, last_id) && !last_kind.empty())
      pool_error(line, "id", kind == last_kind && f[kId] == last_id ? "编号重复：" + f[kId] : "行应按 kind、id 排序");
    last_kind = kind;
    last_id = f[kId];
    auto must_be_empty = [&](std::initializer_list<int> which) {
      for (int c : which)
        if (!f[size_t(c)].empty()) pool_error(line, cols[size_t(c)], kind == "object" ? "检查对象行此列应为空" : "执法人员行此列应为空");
    };
    if (kind == "object") {
      must_be_empty({kStatus, kValidFrom, kValidTo, kSpecialties, kConflicts, kLoad});
      Object o;
      o.id = f[kId];
      o.name = f[kName];
      o.division = pool.intern(f[kDivision]);
      o.industry = pool.intern(f[kIndustry]);
      o.category = pool.intern(f[kCategory]);
      if (!f[kCredit].empty() && !credit_codes().count(f[kCredit])) pool_error(line, "credit", "不是可用的信用状况代码：" + f[kCredit]);
      o.credit = pool.intern(f[kCredit]);
      if (!f[kRisk].empty() && !risk_codes().count(f[kRisk])) pool_error(line, "risk", "应为 low、medium、high 或空");
      o.risk = pool.intern(f[kRisk]);
      const std::string& ku = f[kKeyUnit];
      if (ku != "" && ku != "0" && ku != "1") pool_error(line, "key_unit", "应为 1、0 或空");
      o.key_unit = ku == "1";
      o.key_unit_text = ku.empty() ? 0 : ku == "0" ? 1 : 2;
      if (!f[kLastCheck].empty()) o.last_check = parse_day(f[kLastCheck], line, "last_check");
      if (!f[kWeight].empty()) {
        uint64_t w = 0;
        if (!canonical_uint(f[kWeight], 1000000, w) || w == 0) pool_error(line, "weight", "应为 1 到 1000000 的整数（不带前导零）");
        o.weight = uint32_t(w);
        o.weight_blank = false;
      }
      o.department = pool.intern(f[kDepartment]);
      pool.objects.push_back(std::move(o));
    } else {
      must_be_empty({kIndustry, kCategory, kCredit, kRisk, kKeyUnit, kLastCheck, kWeight});
      Inspector i;
      i.id = f[kId];
      i.name = f[kName];
      i.division = f[kDivision];
      i.department = f[kDepartment];
      i.status = f[kStatus];
      if (i.status != "active" && i.status != "suspended" && i.status != "left") pool_error(line, "status", "应为 active、suspended 或 left");
      for (int c : {kValidFrom, kValidTo}) {
        if (f[size_t(c)].empty()) pool_error(line, cols[size_t(c)], "不能为空");
        parse_day(f[size_t(c)], line, cols[size_t(c)]);
      }
      i.valid_from = f[kValidFrom];
      i.valid_to = f[kValidTo];
      i.specialties = split(f[kSpecialties], ';');
      for (const auto& sp : i.specialties)
        if (sp.empty()) pool_error(line, "specialties", "专业代码不能为空（注意多余的分号）");
      i.conflicts = split(f[kConflicts], ';');
      for (const auto& k : i.conflicts) {
        auto colon = k.find(':');
        std::string kind_k = colon == std::string::npos ? "" : k.substr(0, colon);
        if ((kind_k != "object" && kind_k != "division" && kind_k != "department") || colon + 1 >= k.size())
          pool_error(line, "conflicts", "应为 object:代码、division:区划 或 department:部门，实为：" + k);
      }
      if (!f[kLoad].empty()) {
        uint64_t l = 0;
        if (!canonical_uint(f[kLoad], 1000000000, l)) pool_error(line, "load", "应为不小于 0 的整数（不带前导零）");
        i.load = int64_t(l);
        i.load_blank = false;
      }
      pool.inspectors.push_back(std::move(i));
    }
  });
  if (header) pool_error(1, "", "缺少表头");
  if (pool.objects.empty()) pool_error(1, "", "名单中没有检查对象");
  return pool;
}

std::string write_pool(const Pool& p) {
  std::string out = join(pool_columns(), ',') + "\n";
  for (const auto& i : p.inspectors) out += csv::row(Pool::inspector_fields(i), "\n");
  for (const auto& o : p.objects) out += csv::row(p.object_fields(o), "\n");
  return out;
}

namespace {

// An id's first 16 bytes as two big-endian words (zero-padded), so that most comparisons are two
// integer compares; equal words fall back to the whole ids. Bytes compare unsigned, as
// std::string's operator< does, and zero padding sorts a prefix first, as it does.
struct SortKey {
  uint64_t hi = 0, lo = 0;
  uint32_t index = 0;
};

uint64_t be_word(std::string_view s, size_t from) {
  uint64_t w = 0;
  for (size_t i = 0; i < 8; ++i) w = (w << 8) | (from + i < s.size() ? uint8_t(s[from + i]) : 0);
  return w;
}

}  // namespace

void sort_pool(Pool& p) {
  std::sort(p.inspectors.begin(), p.inspectors.end(), [](const Inspector& a, const Inspector& b) { return a.id < b.id; });
  // Millions of objects straight from the store: compact keys built and sorted on two threads,
  // then each object moved once into its place, in place (no second vector of objects to fault
  // in).
  const size_t n = p.objects.size();
  std::vector<SortKey> keys(n);
  auto less = [&](const SortKey& a, const SortKey& b) {
    if (a.hi != b.hi) return a.hi < b.hi;
    if (a.lo != b.lo) return a.lo < b.lo;
    return p.objects[a.index].id < p.objects[b.index].id;
  };
  auto sort_range = [&](size_t from, size_t to) {
    for (size_t i = from; i < to; ++i) keys[i] = {be_word(p.objects[i].id, 0), be_word(p.objects[i].id, 8), uint32_t(i)};
    std::sort(keys.begin() + std::ptrdiff_t(from), keys.begin() + std::ptrdiff_t(to), less);
  };
  if (n >= 100000) {
    std::thread half([&] { sort_range(0, n / 2); });
    sort_range(n / 2, n);
    half.join();
    std::inplace_merge(keys.begin(), keys.begin() + std::ptrdiff_t(n / 2), keys.end(), less);
  } else {
    sort_range(0, n);
  }
  // Position k takes the object now at keys[k].index: follow each cycle of the permutation, marking
  // a placed position by pointing its key at itself.
  for (size_t start = 0; start < n; ++start) {
    if (keys[start].index == start) continue;
    Object held = std::move(p.objects[start]);
    size_t k = start;
    for (;;) {
      size_t from = keys[k].index;
      keys[k].index = uint32_t(k);
      if (from == start) {
        p.objects[k] = std::move(held);
        break;
      }
      p.objects[k] = std::move(p.objects[from]);
      k = from;
    }
  }
}

namespace {

using Digest = std::array<unsigned char, 32>;

// A digest context reused for every hash of one thread: a ten-million-row root is twenty million
// small hashes, and a fresh context each time costs as much as the hashing.
class Digester {
public:
  explicit Digester(crypto::Hash h) : ctx_(EVP_MD_CTX_new()) {
    static EVP_MD* const sm3 = EVP_MD_fetch(nullptr, "SM3", nullptr);
    static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    md_ = h == crypto::Hash::sm3 ? sm3 : sha256;
    if (!ctx_ || !md_) throw Error::internal("digest init failed");
  }
  ~Digester() { EVP_MD_CTX_free(ctx_); }
  Digester(const Digester&) = delete;
  Digester& operator=(const Digester&) = delete;
  void hash(std::string_view a, std::string_view b, std::string_view c, Digest& out) {
    unsigned len = 0;
    if (!EVP_DigestInit_ex2(ctx_, md_, nullptr) || !EVP_DigestUpdate(ctx_, a.data(), a.size()) || !EVP_DigestUpdate(ctx_, b.data(), b.size()) ||
        !EVP_DigestUpdate(ctx_, c.data(), c.size()) || !EVP_DigestFinal_ex(ctx_, out.data(), &len))
      throw Error::internal("digest failed");
  }

private:
  EVP_MD_CTX* ctx_;
  const EVP_MD* md_;
};

std::string_view view(const Digest& d) { return {reinterpret_cast<const char*>(d.data()), d.size()}; }

// The leaf entry of an object row (§2), built without the 18 temporaries of object_fields().
void object_entry(const Pool& p, const Object& o, std::string& b) {
  b.clear();
  b += "object\x1f";
  b += o.id;
  b += '\x1f';
  b += o.name;
  for (uint32_t t : {o.division, o.industry, o.category, o.credit, o.risk}) {
    b += '\x1f';
    b += p.text(t);
  }
  b += '\x1f';
  b += o.key_unit_text == 0 ? "" : o.key_unit_text == 1 ? "0" : "1";
  b += '\x1f';
  if (o.last_check >= 0) b += time::Date::from_days(o.last_check).str();
  b += '\x1f';
  if (!o.weight_blank) b += std::to_string(o.weight);
  b += '\x1f';
  b += p.text(o.department);
  b += "\x1f\x1f\x1f\x1f\x1f\x1f";
}

}  // namespace

std::string pool_root(crypto::Hash h, const Pool& p) {
  size_t n = p.inspectors.size() + p.objects.size();
  std::vector<Digest> level(n);
  // Leaves and each level split over the cores: the root of a ten-million-row pool is most of
  // the commit's work.
  unsigned threads = n > 100000 ? std::max(1u, std::min(4u, std::thread::hardware_concurrency())) : 1u;
  auto parallel = [&](size_t count, const std::function<void(Digester&, std::string&, size_t, size_t)>& fn) {
    if (threads == 1 || count < 10000) {
      Digester d(h);
      std::string buf;
      fn(d, buf, 0, count);
      return;
    }
    std::vector<std::thread> ts;
    for (unsigned t = 0; t < threads; ++t)
      ts.emplace_back([&, t] {
        Digester d(h);
        std::string buf;
        fn(d, buf, count * t / threads, count * (t + 1) / threads);
      });
    for (auto& t : ts) t.join();
  };
  const std::string_view leaf_tag("\0", 1), node_tag("\1", 1);
  parallel(n, [&](Digester& d, std::string& buf, size_t from, size_t to) {
    for (size_t i = from; i < to; ++i) {
      if (i < p.inspectors.size()) buf = join(Pool::inspector_fields(p.inspectors[i]), '\x1f');
      else object_entry(p, p.objects[i - p.inspectors.size()], buf);
      d.hash(leaf_tag, buf, {}, level[i]);
    }
  });
  while (level.size() > 1) {
    std::vector<Digest> up((level.size() + 1) / 2);
    parallel(level.size() / 2, [&](Digester& d, std::string&, size_t from, size_t to) {
      for (size_t i = from; i < to; ++i) d.hash(node_tag, view(level[2 * i]), view(level[2 * i + 1]), up[i]);
    });
    if (level.size() % 2) up.back() = level.back();
    level.swap(up);
  }
  return level.empty() ? crypto::digest(h, "") : std::string(view(level[0]));
}

void check_params(const json& params) { parse_params(params); }

crypto::Hash params_hash_fn(const json& params) { return parse_params(params).hash; }

std::string params_hash(const json& params) { return crypto::digest(parse_params(params).hash, canonical_json(params)); }

std::string normalise_randomness(std::string_view text) {
  size_t a = 0, b = text.size();
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (a < b && space(text[a])) ++a;
  while (b > a && space(text[b - 1])) --b;
  std::string r(text.substr(a, b - a));
  if (r.empty()) throw Error::invalid("randomness", "随机数不能为空", "draw.randomness_invalid");
  if (r.size() > 4096) throw Error::invalid("randomness", "随机数不能超过 4096 字节", "draw.randomness_invalid");
  try {
    (void)json(r).dump(-1, ' ', false, json::error_handler_t::strict);
  } catch (const json::exception&) {
    throw Error::invalid("randomness", "随机数应为 UTF-8 文本", "draw.randomness_invalid");
  }
  return r;
}

Result draw(const Pool& pool, const json& params, std::string_view randomness, std::optional<std::string> root) {
  Params p = parse_params(params);
  std::string r = normalise_randomness(randomness);
  std::string pr = root ? *root : pool_root(p.hash, pool);
  std::string ph = crypto::digest(p.hash, canonical_json(params));
  std::string seed = seed_of(p.hash, pr, ph, r);
  Stream s(p.hash, seed);
  Result out = select(s, pool, p);
  out.params = params;
  out.randomness = std::move(r);
  out.root = std::move(pr);
  out.params_hash = std::move(ph);
  out.seed = std::move(seed);
  return out;
}

json certificate(const Pool& pool, const Result& r) {
  return certificate_json(pool, r.params, parse_params(r.params), r.randomness, r.root, r.params_hash, r.seed, r);
}

json run(const Pool& pool, const json& params, std::string_view randomness, std::optional<std::string> root) {
  return certificate(pool, draw(pool, params, randomness, std::move(root)));
}

std::string replacement(const Pool& pool, const json& cert, size_t index, const std::vector<std::string>& team, const std::string& leaving,
                        uint64_t n) {
  Params p = parse_params(cert.at("params"));
  const auto& selected = cert.at("result").at("selected");
  if (!p.team || index >= selected.size()) throw Error::invalid("index", "抽取结果中没有此检查对象", "draw.replacement_invalid");
  const std::string& object_id = selected[index].at("id").get_ref<const std::string&>();
  auto oit = std::lower_bound(pool.objects.begin(), pool.objects.end(), object_id, [](const Object& o, const std::string& id) { return o.id < id; });
  if (oit == pool.objects.end() || oit->id != object_id) throw Error::invalid("index", "名单中没有此检查对象", "draw.replacement_invalid");
  if (std::find(team.begin(), team.end(), leaving) == team.end())
    throw Error::invalid("inspector", "被替换的人员不在该检查组中", "draw.replacement_invalid");
  TeamPool tp = team_pool(pool, p);
  std::unordered_map<std::string, uint32_t> by_id;
  for (uint32_t i = 0; i < pool.inspectors.size(); ++i) by_id.emplace(pool.inspectors[i].id, i);
  std::vector<int64_t> load(tp.members.size());
  for (size_t i = 0; i < load.size(); ++i) load[i] = tp.members[i].load;
  for (const auto& sel : selected)
    if (sel.contains("team"))
      for (const auto& m : sel.at("team"))
        if (auto it = by_id.find(m.at("id").get<std::string>()); it != by_id.end()) ++load[it->second];
  std::vector<uint32_t> exclude;
  for (const auto& id : team)
    if (auto it = by_id.find(id); it != by_id.end()) exclude.push_back(it->second);
  auto lit = by_id.find(leaving);
  if (lit == by_id.end()) throw Error::invalid("inspector", "被替换的人员不在名单中", "draw.replacement_invalid");
  int group = tp.members[lit->second].group;
  if (group < 0) throw Error::invalid("inspector", "被替换的人员不属于任何抽取组", "draw.replacement_invalid");
  std::string seed = crypto::digest(p.hash, unhex(cert.at("seed").get<std::string>()) + "replace:" + be64(n));
  Stream s(p.hash, seed);
  return pool.inspectors[pick_member(s, pool, p, tp, load, *oit, group, exclude)].id;
}

std::optional<std::string> verify(const json& cert, const Pool& pool) {
  if (!cert.is_object()) return std::string("证书应为 JSON 对象");
  for (const char* k : {"params", "randomness"})
    if (!cert.contains(k)) return std::string(k) + "：证书中缺少此项";
  if (!cert.at("randomness").is_string()) return std::string("randomness：应为文本");
  json want;
  try {
    want = run(pool, cert.at("params"), cert.at("randomness").get<std::string>());
  } catch (const Error& e) {
    return std::string("无法按证书重新抽取：") + e.what();
  }
  for (const char* k : {"format", "algorithm", "hash", "pool_root", "pool_objects", "pool_inspectors", "params_hash", "randomness", "seed"}) {
    if (!cert.contains(k)) return std::string(k) + "：证书中缺少此项";
    if (auto d = first_difference(cert.at(k), want.at(k), k)) return d;
  }
  if (!cert.contains("result")) return std::string("result：证书中缺少此项");
  return first_difference(cert.at("result"), want.at("result"), "result");
}

}  // namespace zhifa::draw
