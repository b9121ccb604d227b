#include "registry/objects.h"

#include <algorithm>
#include <cctype>

#include "base/codes.h"
#include "base/error.h"
#include "base/fields.h"
#include "base/time.h"
#include "ledger/ledger.h"
#include "org/bureaus.h"
#include "registry/code_allowlist.h"

namespace zhifa::registry {
namespace {

enum Col : size_t {
  kCredit, kName, kDivision, kIndustry, kAddress, kCategory, kOnline, kKeyUnit, kCreditStatus, kCreditFrom, kCreditTo,
  kRisk, kContactName, kContactPhone, kCols
};

const ColumnSpec kColumns[kCols] = {
    {"credit_code", "统一社会信用代码", {"社会信用代码", "信用代码"}, true, "18 位，GB 32100"},
    {"name", "单位名称", {"名称", "单位详细名称"}, true, ""},
    {"division_code", "行政区划代码", {"区划代码", "行政区划"}, true, "6 位，GB/T 2260，如 330106"},
    {"industry_code", "行业代码", {"国民经济行业代码", "行业分类代码"}, true, "GB/T 4754，如 C13 或 1311"},
    {"address", "单位详细地址", {"详细地址", "单位地址", "地址"}, false, ""},
    {"unit_category", "单位类别", {"单位类型"}, false, "规上工业、限上批零住餐、规上服务业、资质内建筑业、房地产开发、其他"},
    {"online_reporting", "是否一套表", {"一套表单位", "一套表"}, false, "是/否"},
    {"key_unit", "重点单位", {"是否重点单位"}, false, "是/否"},
    {"credit_status", "信用状态", {}, false, "守信、信用异常、一般失信、严重失信"},
    {"credit_from", "信用状态起始日期", {"信用起始日期"}, false, "YYYY-MM-DD"},
    {"credit_to", "信用状态截止日期", {"信用截止日期"}, false, "YYYY-MM-DD"},
    {"risk_level", "风险等级", {}, false, "低、中、高"},
    {"contact_name", "联系人", {}, false, ""},
    {"contact_phone", "联系电话", {}, false, ""},
};

struct Named {
  const char* code;
  const char* name;
};
constexpr Named kCategories[] = {{"above_scale_industry", "规上工业"},         {"above_limit_trade", "限上批零住餐"},
                                 {"above_scale_services", "规上服务业"},       {"qualified_construction", "资质内建筑业"},
                                 {"real_estate_development", "房地产开发"},    {"other", "其他"}};
constexpr Named kCreditStatuses[] = {
    {"trustworthy", "守信"}, {"abnormal", "信用异常"}, {"dishonest", "一般失信"}, {"seriously_dishonest", "严重失信"}};
constexpr Named kRisks[] = {{"low", "低"}, {"medium", "中"}, {"high", "高"}};

template <size_t N>
const char* name_in(const Named (&t)[N], const std::string& code) {
  for (const auto& n : t)
    if (code == n.code) return n.name;
  return nullptr;
}
// A code or its Chinese name (also "高风险" for "高").
template <size_t N>
std::optional<std::string> parse_named(const Named (&t)[N], const std::string& v, const char* suffix = "") {
  for (const auto& n : t)
    if (v == n.code || v == n.name || v == std::string(n.name) + suffix) return std::string(n.code);
  return std::nullopt;
}

std::optional<bool> parse_bool(std::string v) {
  for (auto& ch : v) ch = char(std::tolower(static_cast<unsigned char>(ch)));
  if (v.empty() || v == "否" || v == "n" || v == "no" || v == "false" || v == "0" || v == "非") return false;
  if (v == "是" || v == "y" || v == "yes" || v == "true" || v == "1" || v == "√") return true;
  return std::nullopt;
}

std::string upper(std::string s) {
  for (auto& ch : s) ch = char(std::toupper(static_cast<unsigned char>(ch)));
  return s;
}

// "13" -> "C13"; "c1311" -> "C1311": stored with the section letter so a prefix finds a section.
std::string canonical_industry(const std::string& v) {
  std::string s = upper(v);
  if (!s.empty() && std::isdigit(static_cast<unsigned char>(s[0])) && s.size() >= 2) {
    char sec = codes::industry_section(s.substr(0, 2));
    if (sec) return std::string(1, sec) + s;
  }
  return s;
}

std::string province_of(const std::string& division) { return division.substr(0, 2) + "0000"; }

const std::vector<std::string> kRecordColumns = {
    "province_code", "bureau_id",  "credit_code",   "name",        "division_code", "address",   "industry_code",
    "unit_category", "online_reporting", "key_unit", "credit_status", "credit_from", "credit_to", "risk_level",
    "contact_name",  "contact_phone", "created_at", "updated_at"};

const char* kSelect =
    "SELECT o.id, o.bureau_id, b.path, b.name, o.credit_code, o.name, o.division_code, o.address, o.industry_code, "
    "o.unit_category, o.online_reporting, o.key_unit, o.credit_status, o.credit_from, o.credit_to, o.risk_level, "
    "o.contact_name, o.contact_phone, o.created_at, o.updated_at, "
    "(SELECT MAX(k.checked_on) FROM survey_object_checks k WHERE k.object_id = o.id) "
    "FROM survey_objects o JOIN bureaus b ON b.id = o.bureau_id ";

SurveyObject read_object(const db::Row& r) {
  SurveyObject o;
  o.id = r.i64(0);
  o.bureau_id = r.i64(1);
  o.bureau_path = r.text(2);
  o.bureau_name = r.text(3);
  o.credit_code = r.text(4);
  o.name = r.text(5);
  o.division_code = r.text(6);
  o.address = r.text(7);
  o.industry_code = r.text(8);
  o.unit_category = r.text(9);
  o.online_reporting = r.boolean(10);
  o.key_unit = r.boolean(11);
  o.credit_status = r.opt_text(12);
  o.credit_from = r.opt_text(13);
  o.credit_to = r.opt_text(14);
  o.risk_level = r.opt_text(15);
  o.contact_name = r.text(16);
  o.contact_phone = r.text(17);
  o.created_at = r.text(18);
  o.updated_at = r.text(19);
  o.last_checked_on = r.opt_text(20);
  return o;
}

nlohmann::json opt(const std::optional<std::string>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }

void require_read(const org::Principal& p) {
  if (!p.can("registry.manage")) p.require("registry.read");
}

// The WHERE clause of a filtered list, inside the principal's scope.
std::string where(const org::Principal& p, const ObjectFilter& f, std::vector<db::Value>& args) {
  std::string w = "WHERE b.path LIKE ?";
  args.emplace_back(p.bureau_path + "%");
  auto like_escape = [](const std::string& s) {
    std::string out;
    for (char ch : s) {
      if (ch == '%' || ch == '_' || ch == '\\') out += '\\';
      out += ch;
    }
    return out;
  };
  if (!f.division.empty()) {
    auto chk = codes::check_division(f.division);
    if (!chk.valid) throw Error::invalid("division", chk.reason);
    std::string prefix = f.division;
    while (prefix.size() > 2 && prefix.compare(prefix.size() - 2, 2, "00") == 0) prefix.resize(prefix.size() - 2);
    w += " AND o.division_code LIKE ?";
    args.emplace_back(prefix + "%");
  }
  if (!f.industry.empty()) {
    std::string ind = canonical_industry(f.industry);
    if (ind.size() > 5 || !std::all_of(ind.begin(), ind.end(), ::isalnum))
      throw Error::invalid("industry", "行业代码应为门类字母或数字代码，如 C、C13");
    w += " AND o.industry_code LIKE ?";
    args.emplace_back(ind + "%");
  }
  auto eq = [&](const std::string& v, const char* col, const char* field, auto& table, const char* msg) {
    if (v.empty()) return;
    if (!name_in(table, v)) throw Error::invalid(field, msg);
    w += std::string(" AND o.") + col + " = ?";
    args.emplace_back(v);
  };
  eq(f.unit_category, "unit_category", "unit_category", kCategories, "单位类别不正确");
  eq(f.credit_status, "credit_status", "credit_status", kCreditStatuses, "信用状态只能是 trustworthy、abnormal、dishonest 或 seriously_dishonest");
  eq(f.risk_level, "risk_level", "risk_level", kRisks, "风险等级只能是 low、medium 或 high");
  if (f.key_unit) {
    w += " AND o.key_unit = ?";
    args.emplace_back(int64_t(*f.key_unit));
  }
  if (f.online_reporting) {
    w += " AND o.online_reporting = ?";
    args.emplace_back(int64_t(*f.online_reporting));
  }
  if (f.bureau_id) {
    w += " AND o.bureau_id = ?";
    args.emplace_back(*f.bureau_id);
  }
  if (!f.q.empty()) {
    w += " AND (o.name LIKE ? ESCAPE '\\' OR o.credit_code LIKE ? ESCAPE '\\')";
    args.emplace_back("%" + like_escape(f.q) + "%");
    args.emplace_back(like_escape(upper(f.q)) + "%");
  }
  return w;
}

void throw_first(const std::vector<FieldIssue>& errors) {
  const auto& first = errors.front();
  nlohmann::json all = nlohmann::json::array();
  for (const auto& e : errors) all.push_back({{"field", kColumns[e.column].key}, {"reason", e.reason}});
  std::string key = kColumns[first.column].key;
  bool missing = first.reason.find("不能为空") != std::string::npos;
  throw Error(422, missing ? "validation.required" : "object." + key + "_invalid", first.reason, {{"field", key}, {"errors", all}});
}

// The JSON body of a create or change as text values by column.
std::map<size_t, std::string> values_of(const nlohmann::json& in, bool all_required) {
  Fields f(in);  // 400 when not an object
  std::map<size_t, std::string> v;
  for (size_t i = 0; i < kCols; ++i) {
    const char* key = kColumns[i].key;
    if (!in.contains(key)) {
      if (all_required && kColumns[i].required) v[i] = "";
      continue;
    }
    const auto& j = in.at(key);
    if (j.is_null()) v[i] = "";
    else if (j.is_string()) v[i] = trim(j.get<std::string>());
    else if (j.is_boolean()) v[i] = j.get<bool>() ? "true" : "false";
    else throw Error::invalid(key, std::string(kColumns[i].label) + "应为文本");
  }
  return v;
}

}  // namespace

std::span<const ColumnSpec> object_columns() { return kColumns; }
const char* unit_category_name(const std::string& code) { return name_in(kCategories, code); }
const char* credit_status_name(const std::string& code) { return name_in(kCreditStatuses, code); }
const char* risk_level_name(const std::string& code) { return name_in(kRisks, code); }

std::optional<BureauResolver::Hit> BureauResolver::resolve(const std::string& division) {
  auto it = cache_.find(division);
  if (it != cache_.end()) return it->second;
  std::optional<Hit> hit;
  for (const codes::Division* d = codes::find_division(division); d && !hit;
       d = d->parent.empty() ? nullptr : codes::find_division(d->parent)) {
    auto b = org::find_bureau_by_code(c_, d->code);
    if (b && b->level != "unit") hit = Hit{b->id, b->path, b->name};
  }
  cache_[division] = hit;
  return hit;
}

void apply_object_fields(db::Connection& c, const org::Principal& p, BureauResolver& bureaus, SurveyObject& o,
                         const std::map<size_t, std::string>& values, std::vector<FieldIssue>& errors,
                         std::vector<FieldIssue>& warnings) {
  auto err = [&](size_t col, std::string why) { errors.push_back({col, std::move(why)}); };
  auto warn = [&](size_t col, const std::vector<std::string>& ws) {
    for (const auto& w : ws) warnings.push_back({col, w});
  };
  for (const auto& [col, v] : values) {
    const std::string label = kColumns[col].label;
    if (kColumns[col].required && v.empty()) {
      err(col, label + "不能为空");
      continue;
    }
    switch (col) {
      case kCredit: {
        std::string code = upper(v);
        auto chk = codes::check_credit_code(code, [&c](std::string_view s) { return allowlist_contains(c, s); });
        if (!chk.valid) err(col, chk.reason);
        else o.credit_code = code, warn(col, chk.warnings);
        break;
      }
      case kName:
        if (utf8_length(v) > 200) err(col, "单位名称不能超过 200 个字");
        else o.name = v;
        break;
      case kDivision: {
        auto chk = codes::check_division(v);
        if (!chk.valid) {
          err(col, chk.reason);
          break;
        }
        auto hit = bureaus.resolve(v);
        if (!hit) {
          err(col, "行政区划 " + v + "（" + chk.info.value("full_name", "") + "）没有对应的统计机构");
        } else if (!p.covers_path(hit->path)) {
          err(col, "行政区划 " + v + "（" + chk.info.value("full_name", "") + "）不在您的管辖范围内");
        } else {
          o.division_code = v;
          o.bureau_id = hit->id;
          o.bureau_path = hit->path;
          o.bureau_name = hit->name;
          warn(col, chk.warnings);
        }
        break;
      }
      case kIndustry: {
        auto chk = codes::check_industry(upper(v));
        if (!chk.valid) err(col, chk.reason);
        else o.industry_code = canonical_industry(v);
        break;
      }
      case kAddress:
        if (utf8_length(v) > 300) err(col, "单位详细地址不能超过 300 个字");
        else o.address = v;
        break;
      case kCategory:
        if (v.empty()) o.unit_category = "other";
        else if (auto cat = parse_named(kCategories, v)) o.unit_category = *cat;
        else err(col, "单位类别应为 规上工业、限上批零住餐、规上服务业、资质内建筑业、房地产开发 或 其他");
        break;
      case kOnline:
      case kKeyUnit: {
        auto b = parse_bool(v);
        if (!b) err(col, label + "应填“是”或“否”");
        else (col == kOnline ? o.online_reporting : o.key_unit) = *b;
        break;
      }
      case kCreditStatus:
        if (v.empty()) o.credit_status.reset();
        else if (auto s = parse_named(kCreditStatuses, v)) o.credit_status = *s;
        else err(col, "信用状态应为 守信、信用异常、一般失信 或 严重失信");
        break;
      case kCreditFrom:
      case kCreditTo: {
        auto& target = col == kCreditFrom ? o.credit_from : o.credit_to;
        if (v.empty()) target.reset();
        else if (auto d = parse_cell_date(v)) target = *d;
        else err(col, label + "应为日期，格式 YYYY-MM-DD");
        break;
      }
      case kRisk:
        if (v.empty()) o.risk_level.reset();
        else if (auto r = parse_named(kRisks, v, "风险")) o.risk_level = *r;
        else err(col, "风险等级应为 低、中 或 高");
        break;
      case kContactName:
        if (utf8_length(v) > 50) err(col, "联系人不能超过 50 个字");
        else o.contact_name = v;
        break;
      case kContactPhone:
        if (v.size() > 40 || v.find_first_not_of("0123456789+-() ,;/") != std::string::npos)
          err(col, "联系电话只能由数字和 + - ( ) 空格 组成，不超过 40 位");
        else o.contact_phone = v;
        break;
      default:
        break;
    }
  }
  bool any_error_on = false;
  for (const auto& e : errors) any_error_on = any_error_on || e.column == kCreditFrom || e.column == kCreditTo || e.column == kCreditStatus;
  if (!any_error_on) {
    if ((o.credit_from || o.credit_to) && !o.credit_status)
      err(values.count(kCreditFrom) ? kCreditFrom : kCreditTo, "填写了信用状态期限，但没有信用状态");
    else if (o.credit_from && o.credit_to && *o.credit_to < *o.credit_from)
      err(values.count(kCreditTo) ? kCreditTo : kCreditFrom, "信用状态截止日期早于起始日期");
  }
}

nlohmann::json object_json(const SurveyObject& o) {
  return {{"id", o.id},
          {"bureau_id", o.bureau_id},
          {"bureau_name", o.bureau_name},
          {"credit_code", o.credit_code},
          {"name", o.name},
          {"division_code", o.division_code},
          {"division_name", [&] {
             auto d = codes::find_division(o.division_code);
             return d ? codes::division_full_name(*d) : std::string();
           }()},
          {"address", o.address},
          {"industry_code", o.industry_code},
          {"industry_name", [&] {
             std::string div = o.industry_code.size() >= 3 ? o.industry_code.substr(1, 2) : o.industry_code;
             auto n = codes::industry_name(div);
             return n ? *n : std::string();
           }()},
          {"unit_category", o.unit_category},
          {"unit_category_name", unit_category_name(o.unit_category) ? unit_category_name(o.unit_category) : ""},
          {"online_reporting", o.online_reporting},
          {"key_unit", o.key_unit},
          {"credit_status", opt(o.credit_status)},
          {"credit_status_name", o.credit_status && credit_status_name(*o.credit_status) ? nlohmann::json(credit_status_name(*o.credit_status)) : nlohmann::json(nullptr)},
          {"credit_from", opt(o.credit_from)},
          {"credit_to", opt(o.credit_to)},
          {"risk_level", opt(o.risk_level)},
          {"contact_name", o.contact_name},
          {"contact_phone", o.contact_phone},
          {"last_checked_on", opt(o.last_checked_on)},
          {"created_at", o.created_at},
          {"updated_at", o.updated_at}};
}

SurveyObject find_object(db::Connection& c, const org::Principal& p, int64_t id) {
  auto q = c.prepare(std::string(kSelect) + "WHERE o.id = ?");
  q->bind(id);
  if (!q->step() || !p.covers_path(q->row().text(2)))
    throw Error::not_found("object.not_found", "调查对象不存在或不在您的管辖范围内");
  return read_object(q->row());
}

std::optional<SurveyObject> find_object_by_code(db::Connection& c, const std::string& credit_code) {
  auto q = c.prepare(std::string(kSelect) + "WHERE o.credit_code = ?");
  q->bind(credit_code);
  if (!q->step()) return std::nullopt;
  return read_object(q->row());
}

bool same_object(const SurveyObject& a, const SurveyObject& b) {
  return a.bureau_id == b.bureau_id && a.credit_code == b.credit_code && a.name == b.name && a.division_code == b.division_code &&
         a.address == b.address && a.industry_code == b.industry_code && a.unit_category == b.unit_category &&
         a.online_reporting == b.online_reporting && a.key_unit == b.key_unit && a.credit_status == b.credit_status &&
         a.credit_from == b.credit_from && a.credit_to == b.credit_to && a.risk_level == b.risk_level &&
         a.contact_name == b.contact_name && a.contact_phone == b.contact_phone;
}

void insert_object(db::Connection& c, const ledger::Actor& a, SurveyObject& o, const nlohmann::json& extra) {
  auto ins = c.prepare(
      "INSERT INTO survey_objects(province_code, bureau_id, credit_code, name, division_code, address, industry_code, "
      "unit_category, online_reporting, key_unit, credit_status, credit_from, credit_to, risk_level, contact_name, "
      "contact_phone, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
  ins->bind(province_of(o.division_code)).bind(o.bureau_id).bind(o.credit_code).bind(o.name).bind(o.division_code)
      .bind(o.address).bind(o.industry_code).bind(o.unit_category).bind(o.online_reporting).bind(o.key_unit)
      .bind(o.credit_status).bind(o.credit_from).bind(o.credit_to).bind(o.risk_level).bind(o.contact_name)
      .bind(o.contact_phone).bind(o.created_at).bind(o.updated_at);
  ins->step();
  o.id = ins->row().i64(0);
  ins->exec();
  ins.reset();
  ledger::record_row(c, a, "survey_object.create", "survey_object", "survey_objects", "id", std::to_string(o.id), kRecordColumns, extra);
}

void write_object_update(db::Connection& c, const ledger::Actor& a, const SurveyObject& o, const nlohmann::json& extra) {
  c.prepare(
       "UPDATE survey_objects SET province_code = ?, bureau_id = ?, credit_code = ?, name = ?, division_code = ?, address = ?, "
       "industry_code = ?, unit_category = ?, online_reporting = ?, key_unit = ?, credit_status = ?, credit_from = ?, "
       "credit_to = ?, risk_level = ?, contact_name = ?, contact_phone = ?, updated_at = ? WHERE id = ?")
      ->bind(province_of(o.division_code)).bind(o.bureau_id).bind(o.credit_code).bind(o.name).bind(o.division_code)
      .bind(o.address).bind(o.industry_code).bind(o.unit_category).bind(o.online_reporting).bind(o.key_unit)
      .bind(o.credit_status).bind(o.credit_from).bind(o.credit_to).bind(o.risk_level).bind(o.contact_name)
      .bind(o.contact_phone).bind(o.updated_at).bind(o.id)
      .exec();
  ledger::record_row(c, a, "survey_object.update", "survey_object", "survey_objects", "id", std::to_string(o.id), kRecordColumns, extra);
}

void set_credit_status(db::Connection& c, const ledger::Actor& a, int64_t object_id, const std::optional<std::string>& status,
                       const std::optional<std::string>& from, const std::optional<std::string>& to, const nlohmann::json& extra) {
  if (status && !credit_status_name(*status)) throw Error::invalid("credit_status", "信用状态不正确");
  auto q = c.prepare(std::string(kSelect) + "WHERE o.id = ?");
  q->bind(object_id);
  if (!q->step()) throw Error::not_found("object.not_found", "调查对象不存在");
  SurveyObject o = read_object(q->row());
  q.reset();
  if (o.credit_status == status && o.credit_from == from && o.credit_to == to) return;
  o.credit_status = status;
  o.credit_from = from;
  o.credit_to = to;
  o.updated_at = time::to_iso(time::now());
  c.prepare("UPDATE survey_objects SET credit_status = ?, credit_from = ?, credit_to = ?, updated_at = ? WHERE id = ?")
      ->bind(o.credit_status).bind(o.credit_from).bind(o.credit_to).bind(o.updated_at).bind(o.id)
      .exec();
  ledger::record_row(c, a, "survey_object.credit_status", "survey_object", "survey_objects", "id", std::to_string(o.id), kRecordColumns, extra);
}

nlohmann::json list_objects(db::Connection& c, const org::Principal& p, const ObjectFilter& f) {
  require_read(p);
  std::vector<db::Value> args;
  std::string w = where(p, f, args);
  int64_t size = std::clamp<int64_t>(f.page_size, 1, 200), page = std::max<int64_t>(f.page, 1);
  auto cq = c.prepare("SELECT COUNT(*) FROM survey_objects o JOIN bureaus b ON b.id = o.bureau_id " + w);
  for (auto& a : args) cq->bind(a);
  cq->step();
  int64_t total = cq->row().i64(0);
  cq.reset();
  auto q = c.prepare(std::string(kSelect) + w + " ORDER BY o.credit_code LIMIT ? OFFSET ?");
  for (auto& a : args) q->bind(a);
  q->bind(size).bind((page - 1) * size);
  nlohmann::json items = nlohmann::json::array();
  while (q->step()) items.push_back(object_json(read_object(q->row())));
  return {{"items", items}, {"total", total}, {"page", page}, {"page_size", size}};
}

nlohmann::json get_object(db::Connection& c, const org::Principal& p, int64_t id) {
  require_read(p);
  auto o = find_object(c, p, id);
  nlohmann::json out = object_json(o);
  auto q = c.prepare("SELECT checked_on, note, recorded_by, recorded_at FROM survey_object_checks WHERE object_id = ? ORDER BY checked_on DESC, id DESC");
  q->bind(id);
  nlohmann::json checks = nlohmann::json::array();
  while (q->step())
    checks.push_back({{"checked_on", q->row().text(0)}, {"note", q->row().text(1)}, {"recorded_by", q->row().i64(2)}, {"recorded_at", q->row().text(3)}});
  out["checks"] = checks;
  return out;
}

nlohmann::json create_object(db::Connection& c, const org::Principal& p, const nlohmann::json& in) {
  p.require("registry.manage");
  auto values = values_of(in, true);
  SurveyObject o;
  BureauResolver bureaus(c);
  std::vector<FieldIssue> errors, warnings;
  apply_object_fields(c, p, bureaus, o, values, errors, warnings);
  if (!errors.empty()) throw_first(errors);
  if (find_object_by_code(c, o.credit_code))
    throw Error::conflict("object.credit_code_taken", "该统一社会信用代码已在名录库中", {{"field", "credit_code"}});
  o.created_at = o.updated_at = time::to_iso(time::now());
  insert_object(c, p.actor(), o);
  auto out = get_object(c, p, o.id);
  nlohmann::json w = nlohmann::json::array();
  for (const auto& x : warnings) w.push_back({{"field", kColumns[x.column].key}, {"message", x.reason}});
  out["warnings"] = w;
  return out;
}

nlohmann::json update_object(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in) {
  p.require("registry.manage");
  SurveyObject o = find_object(c, p, id);
  const SurveyObject before = o;
  auto values = values_of(in, false);
  BureauResolver bureaus(c);
  std::vector<FieldIssue> errors, warnings;
  apply_object_fields(c, p, bureaus, o, values, errors, warnings);
  if (!errors.empty()) throw_first(errors);
  if (o.credit_code != before.credit_code && find_object_by_code(c, o.credit_code))
    throw Error::conflict("object.credit_code_taken", "该统一社会信用代码已在名录库中", {{"field", "credit_code"}});
  if (same_object(o, before)) return get_object(c, p, id);
  o.updated_at = time::to_iso(time::now());
  write_object_update(c, p.actor(), o);
  return get_object(c, p, id);
}

nlohmann::json object_history(db::Connection& c, const org::Principal& p, int64_t id) {
  require_read(p);
  find_object(c, p, id);
  auto q = c.prepare(
      "SELECT e.seq, e.at, e.action, e.actor_id, u.name, e.change FROM ledger_entries e LEFT JOIN users u ON u.id = e.actor_id "
      "WHERE e.subject_kind = 'survey_object' AND e.subject_id = ? ORDER BY e.seq");
  q->bind(std::to_string(id));
  nlohmann::json items = nlohmann::json::array();
  while (q->step()) {
    const auto& r = q->row();
    items.push_back({{"seq", r.i64(0)},
                     {"at", r.text(1)},
                     {"action", r.text(2)},
                     {"actor_id", r.i64(3)},
                     {"actor_name", r.is_null(4) ? (r.i64(3) == 0 ? "系统" : "") : r.text(4)},
                     {"change", nlohmann::json::parse(r.text(5))}});
  }
  return {{"items", items}};
}

nlohmann::json add_object_check(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in) {
  p.require("registry.manage");
  auto o = find_object(c, p, id);
  Fields f(in);
  std::string day = f.str("checked_on", "检查日期", 10);
  auto d = time::parse_date(day);
  if (!d) throw Error::invalid("checked_on", "检查日期格式应为 YYYY-MM-DD", "object.checked_on_invalid");
  if (*d > time::today_shanghai()) throw Error::invalid("checked_on", "检查日期不能晚于今天", "object.checked_on_invalid");
  std::string note = f.opt_str("note", "说明", 200).value_or("");
  auto ins = c.prepare(
      "INSERT INTO survey_object_checks(object_id, checked_on, note, recorded_by, recorded_at) VALUES (?,?,?,?,?) RETURNING id");
  ins->bind(o.id).bind(d->str()).bind(note).bind(p.user_id).bind(time::to_iso(time::now()));
  ins->step();
  int64_t check_id = ins->row().i64(0);
  ins->exec();
  ins.reset();
  ledger::record_row(c, p.actor(), "survey_object.check_recorded", "survey_object", "survey_object_checks", "id",
                     std::to_string(check_id), {"object_id", "checked_on", "note", "recorded_by", "recorded_at"},
                     {{"object_id", o.id}}, std::to_string(o.id));
  return get_object(c, p, id);
}

std::string export_objects_xlsx(db::Connection& c, const org::Principal& p, const ObjectFilter& f) {
  require_read(p);
  std::vector<db::Value> args;
  std::string w = where(p, f, args);
  auto q = c.prepare(std::string(kSelect) + w + " ORDER BY o.credit_code");
  for (auto& a : args) q->bind(a);
  std::vector<std::string> header;
  for (const auto& col : kColumns) header.push_back(col.label);
  header.insert(header.end(), {"所属机构", "最近检查日期"});
  auto yes = [](bool b) { return std::string(b ? "是" : "否"); };
  return write_xlsx("调查对象", header, [&](std::vector<std::string>& row) {
    if (!q->step()) return false;
    auto o = read_object(q->row());
    row = {o.credit_code,
           o.name,
           o.division_code,
           o.industry_code,
           o.address,
           unit_category_name(o.unit_category) ? unit_category_name(o.unit_category) : o.unit_category,
           yes(o.online_reporting),
           yes(o.key_unit),
           o.credit_status && credit_status_name(*o.credit_status) ? credit_status_name(*o.credit_status) : "",
           o.credit_from.value_or(""),
           o.credit_to.value_or(""),
           o.risk_level && risk_level_name(*o.risk_level) ? risk_level_name(*o.risk_level) : "",
           o.contact_name,
           o.contact_phone,
           o.bureau_name,
           o.last_checked_on.value_or("")};
    return true;
  });
}

}  // namespace zhifa::registry
