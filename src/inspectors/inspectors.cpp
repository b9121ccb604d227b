#include "inspectors/inspectors.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "base/codes.h"
#include "base/error.h"
#include "base/fields.h"
#include "inspectors/dictionary.h"
#include "inspectors/eligibility.h"
#include "ledger/ledger.h"
#include "org/bureaus.h"

namespace zhifa::inspectors {
namespace {

enum Col : size_t {
  kName, kGender, kCertificate, kValidFrom, kValidTo, kBureau, kPost, kRegion, kSpecialties, kStatus, kStatusReason,
  kStatusSince, kPhone, kUsername, kCols
};

const registry::ColumnSpec kColumns[kCols] = {
    {"name", "姓名", {"执法人员姓名", "人员姓名"}, true, ""},
    {"gender", "性别", {}, true, "男、女"},
    {"certificate_no", "执法证号", {"执法证件号", "执法证件编号", "执法证编号", "执法证件号码", "证件号码", "证号"}, true,
     "字母、数字、汉字和“-”，4 至 32 位"},
    {"valid_from", "有效期起", {"有效期开始日期", "有效期起始日期", "证件有效期起", "发证日期"}, true, "YYYY-MM-DD"},
    {"valid_to", "有效期至", {"有效期截止日期", "有效期止", "证件有效期至", "有效期限"}, true, "YYYY-MM-DD"},
    {"bureau_code", "所属机构代码", {"机构代码", "所属机构", "所属单位", "执法主体"}, true, "机构代码（如 330106）或机构全称"},
    {"post", "职务", {"执法岗位", "岗位", "职务职级"}, false, ""},
    {"region_code", "执法区域", {"执法区域代码", "执法区划", "区域代码"}, false, "行政区划代码，默认为所属机构的区划"},
    {"specialties", "专业领域", {"专业", "抽查专业", "擅长专业"}, false,
     "工业、批零住餐、服务业、建筑业、房地产、农业、固定资产投资、劳动工资、涉外调查、统计设计、数据质量，可填多个，用顿号分隔"},
    {"status", "状态", {"人员状态", "在岗状态"}, false, "在岗、暂停执法、离岗；默认在岗"},
    {"status_reason", "状态原因", {"暂停或离岗原因"}, false, "暂停执法或离岗时必填"},
    {"status_since", "状态日期", {"状态变更日期"}, false, "YYYY-MM-DD"},
    {"phone", "联系电话", {"手机号码", "电话"}, false, ""},
    {"username", "登录账号", {"用户名", "系统账号", "账号"}, false, "本系统的用户名（一人一号）"},
};

const std::vector<std::string> kRecordColumns = {
    "province_code", "bureau_id",   "user_id",    "name",          "gender",       "certificate_no", "valid_from", "valid_to",
    "post",          "region_code", "specialties", "status",       "status_reason", "status_since",  "phone",      "created_at",
    "updated_at"};

// The training sum's two placeholders come first: the year's first and last day.
const char* kSelect =
    "SELECT i.id, i.bureau_id, b.path, b.name, b.code, b.division_code, i.user_id, u.username, i.name, i.gender, "
    "i.certificate_no, i.valid_from, i.valid_to, i.post, i.region_code, i.specialties, i.status, i.status_reason, "
    "i.status_since, i.phone, i.created_at, i.updated_at, "
    "(SELECT COALESCE(SUM(t.half_days), 0) FROM inspector_trainings t WHERE t.inspector_id = i.id AND t.trained_on >= ? "
    "AND t.trained_on <= ?) "
    "FROM inspectors i JOIN bureaus b ON b.id = i.bureau_id LEFT JOIN users u ON u.id = i.user_id ";

Inspector read_inspector(const db::Row& r) {
  Inspector i;
  i.id = r.i64(0);
  i.bureau_id = r.i64(1);
  i.bureau_path = r.text(2);
  i.bureau_name = r.text(3);
  i.bureau_code = r.text(4);
  i.bureau_division = r.text(5);
  i.user_id = r.opt_i64(6);
  i.username = r.is_null(7) ? "" : r.text(7);
  i.name = r.text(8);
  i.gender = r.text(9);
  i.certificate_no = r.text(10);
  i.valid_from = r.text(11);
  i.valid_to = r.text(12);
  i.post = r.text(13);
  i.region_code = r.text(14);
  i.specialties = split_specialties(r.text(15));
  i.status = r.text(16);
  i.status_reason = r.text(17);
  i.status_since = r.opt_text(18);
  i.phone = r.text(19);
  i.created_at = r.text(20);
  i.updated_at = r.text(21);
  i.training_half_days = r.i64(22);
  return i;
}

int year_or_this(int year) { return year > 0 ? year : time::today_shanghai().year; }

void bind_year(db::Statement& q, int year) {
  const std::string y = std::to_string(year_or_this(year));
  q.bind(y + "-01-01").bind(y + "-12-31");
}

nlohmann::json opt(const std::optional<std::string>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }
double days_of(int64_t half_days) { return days_of_half(half_days); }
void require_read(const org::Principal& p) { require_inspector_read(p); }

std::string province_of(const std::string& division) { return division.substr(0, 2) + "0000"; }

std::string division_prefix(std::string d) {
  while (d.size() > 2 && d.compare(d.size() - 2, 2, "00") == 0) d.resize(d.size() - 2);
  return d;
}

std::string region_name(const std::string& code) {
  auto d = codes::find_division(code);
  return d ? codes::division_full_name(*d) : std::string();
}

// ASCII letters upper-cased; surrounding spaces already trimmed.
std::string normalise_certificate(std::string s) {
  for (auto& ch : s) ch = char(std::toupper(static_cast<unsigned char>(ch)));
  return s;
}

bool certificate_ok(const std::string& s) {
  size_t n = utf8_length(s);
  if (n < 4 || n > 32) return false;
  for (unsigned char ch : s) {
    if (ch >= 0x80) continue;  // a Chinese character (浙统执...), in UTF-8
    if (!std::isalnum(ch) && ch != '-') return false;
  }
  // A full-width space or punctuation is not part of a number.
  for (const char* bad : {"　", "，", "。", "、", "（", "）"})
    if (s.find(bad) != std::string::npos) return false;
  return true;
}

bool phone_ok(const std::string& v) { return v.size() <= 40 && v.find_first_not_of("0123456789+-() ,;/") == std::string::npos; }

bool lapsing_within(const Inspector& i, time::Date today, int64_t days) {
  return i.status != "left" && i.valid_to <= today.plus_days(days).str();
}

// The API's field for a column: the JSON body names the bureau and the account by id.
std::string api_field(size_t col, bool json_input) {
  if (json_input && col == kBureau) return "bureau_id";
  if (json_input && col == kUsername) return "user_id";
  return kColumns[col].key;
}

[[noreturn]] void throw_first(const std::vector<FieldIssue>& errors) {
  const auto& first = errors.front();
  nlohmann::json all = nlohmann::json::array();
  for (const auto& e : errors) all.push_back({{"field", api_field(e.column, true)}, {"reason", e.reason}});
  std::string key = api_field(first.column, true);
  bool missing = first.reason.find("不能为空") != std::string::npos;
  throw Error(422, missing ? "validation.required" : "inspector." + key + "_invalid", first.reason, {{"field", key}, {"errors", all}});
}

// The JSON body of a create or change as text values by column. bureau_id and user_id are turned
// into the bureau's code and the account's username, as a file would give them.
std::map<size_t, std::string> values_of(Resolver& r, const nlohmann::json& in, bool create) {
  Fields f(in);  // 400 when not an object
  std::map<size_t, std::string> v;
  for (size_t i = 0; i < kCols; ++i) {
    const std::string key = api_field(i, true);
    if (!in.contains(key)) {
      if (create && kColumns[i].required) v[i] = "";
      continue;
    }
    const auto& j = in.at(key);
    if (i == kBureau) {
      if (j.is_null()) {
        v[i] = "";
        continue;
      }
      if (!j.is_number_integer()) throw Error(422, "validation.type", "所属机构应为机构 id（整数）", {{"field", key}});
      auto b = r.bureau_by_id(j.get<int64_t>());
      if (!b) throw Error::invalid(key, "所属机构不存在或不在您的管辖范围内", "inspector.bureau_invalid");
      v[i] = b->code;
    } else if (i == kUsername) {
      if (j.is_null()) {
        v[i] = "";
        continue;
      }
      if (!j.is_number_integer()) throw Error(422, "validation.type", "登录账号应为用户 id（整数）", {{"field", key}});
      auto u = r.user_by_id(j.get<int64_t>());
      if (!u) throw Error::invalid(key, "登录账号不存在或不在您的管辖范围内", "inspector.user_id_invalid");
      v[i] = u->username;
    } else if (i == kSpecialties && j.is_array()) {
      std::string joined;
      for (const auto& e : j) {
        if (!e.is_string()) throw Error(422, "validation.type", "专业领域的每一项应为文本", {{"field", key}});
        joined += (joined.empty() ? "" : ",") + trim(e.get<std::string>());
      }
      v[i] = joined;
    } else if (j.is_null()) {
      v[i] = "";
    } else if (j.is_string()) {
      v[i] = trim(j.get<std::string>());
    } else {
      throw Error(422, "validation.type", std::string(kColumns[i].label) + "应为文本", {{"field", key}});
    }
  }
  return v;
}

std::vector<std::string> changed_fields(const Inspector& a, const Inspector& b) {
  std::vector<std::string> out;
  auto diff = [&](bool d, const char* f) {
    if (d) out.push_back(f);
  };
  diff(a.bureau_id != b.bureau_id, "bureau_id");
  diff(a.user_id != b.user_id, "user_id");
  diff(a.name != b.name, "name");
  diff(a.gender != b.gender, "gender");
  diff(a.certificate_no != b.certificate_no, "certificate_no");
  diff(a.valid_from != b.valid_from, "valid_from");
  diff(a.valid_to != b.valid_to, "valid_to");
  diff(a.post != b.post, "post");
  diff(a.region_code != b.region_code, "region_code");
  diff(a.specialties != b.specialties, "specialties");
  diff(a.status != b.status, "status");
  diff(a.status_reason != b.status_reason, "status_reason");
  diff(a.status_since != b.status_since, "status_since");
  diff(a.phone != b.phone, "phone");
  return out;
}

std::vector<Inspector> select_all(db::Connection& c, const std::string& where, const std::vector<db::Value>& args, int year) {
  auto q = c.prepare(std::string(kSelect) + where + " ORDER BY i.certificate_no");
  bind_year(*q, year);
  for (const auto& a : args) q->bind(a);
  std::vector<Inspector> out;
  while (q->step()) out.push_back(read_inspector(q->row()));
  return out;
}

Conflict read_conflict(const db::Row& r) {
  Conflict k;
  k.id = r.i64(0);
  k.inspector_id = r.i64(1);
  k.kind = r.text(2);
  k.target = r.text(3);
  k.target_name = r.text(4);
  k.reason = r.text(5);
  k.declared_on = r.text(6);
  k.until = r.opt_text(7);
  k.end_reason = r.text(8);
  k.ended_by = r.opt_i64(9);
  k.recorded_by = r.i64(10);
  k.recorded_at = r.text(11);
  return k;
}
const char* kConflictSelect =
    "SELECT k.id, k.inspector_id, k.kind, k.target, k.target_name, k.reason, k.declared_on, k.until_on, k.end_reason, "
    "k.ended_by, k.recorded_by, k.recorded_at FROM inspector_conflicts k ";

// The list's filters that SQL can apply without knowing the rules; the rest are applied to the
// rows by the functions that hold them (eligible(), lapsing_within()).
std::vector<Inspector> filtered(db::Connection& c, const org::Principal& p, const InspectorFilter& f, time::Date today) {
  std::string w = "WHERE b.path LIKE ?";
  std::vector<db::Value> args{p.bureau_path + "%"};
  if (f.bureau_id) {
    w += " AND i.bureau_id = ?";
    args.emplace_back(*f.bureau_id);
  }
  if (!f.status.empty()) {
    if (!name_of(statuses(), f.status)) throw Error::invalid("status", "状态只能是 active、suspended 或 left");
    w += " AND i.status = ?";
    args.emplace_back(f.status);
  }
  if (!f.specialty.empty()) {
    if (!name_of(specialties(), f.specialty)) throw Error::invalid("specialty", "专业领域代码不正确", "inspector.specialty_invalid");
    w += " AND (',' || i.specialties || ',') LIKE ?";
    args.emplace_back("%," + f.specialty + ",%");
  }
  if (!f.q.empty()) {
    std::string esc;
    for (char ch : f.q) {
      if (ch == '%' || ch == '_' || ch == '\\') esc += '\\';
      esc += ch;
    }
    w += " AND (i.name LIKE ? ESCAPE '\\' OR i.certificate_no LIKE ? ESCAPE '\\')";
    args.emplace_back("%" + esc + "%");
    args.emplace_back(normalise_certificate(esc) + "%");
  }
  std::optional<time::Date> eligible_on;
  if (!f.eligible_on.empty()) {
    eligible_on = time::parse_date(f.eligible_on);
    if (!eligible_on) throw Error::invalid("eligible_on", "日期格式应为 YYYY-MM-DD", "inspector.date_invalid");
  }
  if (f.lapsing_within_days && (*f.lapsing_within_days < 0 || *f.lapsing_within_days > 3660))
    throw Error::invalid("lapsing_within_days", "天数应在 0 到 3660 之间");
  if (f.year && (f.year < 1990 || f.year > 2200)) throw Error::invalid("year", "年份不正确");
  auto all = select_all(c, w, args, f.year);
  // By region as staff read it; within a bureau by certificate number (the SQL order, kept).
  std::stable_sort(all.begin(), all.end(), [](const Inspector& a, const Inspector& b) {
    return org::division_order(a.bureau_division, a.bureau_name, b.bureau_division, b.bureau_name);
  });
  std::vector<Inspector> out;
  for (auto& i : all) {
    if (eligible_on && !eligible(i, *eligible_on).ok) continue;
    if (f.lapsing_within_days && !lapsing_within(i, today, *f.lapsing_within_days)) continue;
    if (f.training_short && (i.training_half_days < kMinTrainingHalfDaysPerYear) != *f.training_short) continue;
    out.push_back(std::move(i));
  }
  return out;
}

int64_t insert_returning(db::Statement& ins) {
  ins.step();
  int64_t id = ins.row().i64(0);
  ins.exec();
  return id;
}

}  // namespace

std::span<const registry::ColumnSpec> inspector_columns() { return kColumns; }

void require_inspector_read(const org::Principal& p) {
  if (!p.can("inspector.manage")) p.require("inspector.read");
}

std::optional<int64_t> half_days_of(const nlohmann::json& days, int64_t max_days) {
  if (!days.is_number()) return std::nullopt;
  double half = days.get<double>() * 2.0;
  if (!(half > 0) || std::fabs(half - std::round(half)) > 1e-9 || half > double(max_days * 2)) return std::nullopt;
  return int64_t(std::llround(half));
}

std::string certificate_state(const Inspector& i, time::Date day) {
  const std::string d = day.str();
  if (d < i.valid_from) return "not_yet_valid";
  if (d > i.valid_to) return "lapsed";
  if (i.valid_to <= day.plus_days(kLapsingDays).str()) return "lapsing";
  return "valid";
}

// ---- Resolver -------------------------------------------------------------------------------

std::optional<Resolver::Bureau> Resolver::bureau(const std::string& v, std::string& why) {
  auto it = bureaus_.find(v);
  if (it == bureaus_.end()) {
    std::optional<Bureau> hit;
    if (auto b = org::find_bureau_by_code(c_, v)) {
      hit = Bureau{b->id, b->path, b->name, b->code, b->division_code};
    } else if (p_.can("org.read")) {
      std::optional<Bureau> named;
      int n = 0;
      for (const auto& x : org::list_bureaus(c_, p_))
        if (x.name == v) named = Bureau{x.id, x.path, x.name, x.code, x.division_code}, ++n;
      if (n == 1) hit = named;
    }
    it = bureaus_.emplace(v, hit).first;
  }
  if (!it->second) {
    why = "所属机构“" + v + "”不存在（请填写机构代码，如 330106，或机构全称）";
    return std::nullopt;
  }
  if (!p_.covers_path(it->second->path)) {
    why = "所属机构“" + it->second->name + "”不在您的管辖范围内";
    return std::nullopt;
  }
  return it->second;
}

std::optional<Resolver::Bureau> Resolver::bureau_by_id(int64_t id) {
  auto b = org::find_bureau(c_, id);
  if (!b || !p_.covers_path(b->path)) return std::nullopt;
  return Bureau{b->id, b->path, b->name, b->code, b->division_code};
}

std::optional<Resolver::User> Resolver::user(const std::string& username) {
  auto it = users_.find(username);
  if (it != users_.end()) return it->second;
  std::optional<User> hit;
  auto q = c_.prepare("SELECT u.id, u.bureau_id, b.path FROM users u JOIN bureaus b ON b.id = u.bureau_id WHERE u.username = ?");
  q->bind(username);
  if (q->step() && p_.covers_path(q->row().text(2))) hit = User{q->row().i64(0), q->row().i64(1), username};
  users_[username] = hit;
  return hit;
}

std::optional<Resolver::User> Resolver::user_by_id(int64_t id) {
  auto q = c_.prepare("SELECT u.username, b.path FROM users u JOIN bureaus b ON b.id = u.bureau_id WHERE u.id = ?");
  q->bind(id);
  if (!q->step() || !p_.covers_path(q->row().text(1))) return std::nullopt;
  return User{id, 0, q->row().text(0)};
}

// ---- validation -------------------------------------------------------------------------------

void apply_inspector_fields(Resolver& r, Inspector& i, const std::map<size_t, std::string>& values, std::vector<FieldIssue>& errors,
                            std::vector<FieldIssue>& warnings) {
  auto err = [&](size_t col, std::string why) { errors.push_back({col, std::move(why)}); };
  auto bad = [&](size_t col) {
    for (const auto& e : errors)
      if (e.column == col) return true;
    return false;
  };
  const std::string prior_status = i.status;
  const int64_t prior_bureau = i.bureau_id;
  std::optional<Resolver::User> user;
  bool user_given = false;
  for (const auto& [col, v] : values) {
    const std::string label = kColumns[col].label;
    if (kColumns[col].required && v.empty()) {
      err(col, label + "不能为空");
      continue;
    }
    switch (col) {
      case kName:
        if (utf8_length(v) > 50) err(col, "姓名不能超过 50 个字");
        else i.name = v;
        break;
      case kGender:
        if (auto g = parse_term(genders(), v)) i.gender = *g;
        else err(col, "性别应为“男”或“女”");
        break;
      case kCertificate: {
        std::string cert = normalise_certificate(v);
        if (!certificate_ok(cert)) err(col, "执法证号只能由字母、数字、汉字和“-”组成，4 至 32 位");
        else i.certificate_no = cert;
        break;
      }
      case kValidFrom:
      case kValidTo: {
        if (auto d = registry::parse_cell_date(v)) (col == kValidFrom ? i.valid_from : i.valid_to) = *d;
        else err(col, label + "应为日期，格式 YYYY-MM-DD");
        break;
      }
      case kBureau: {
        std::string why;
        if (auto b = r.bureau(v, why)) {
          i.bureau_id = b->id;
          i.bureau_path = b->path;
          i.bureau_name = b->name;
          i.bureau_code = b->code;
          i.bureau_division = b->division;
        } else {
          err(col, why);
        }
        break;
      }
      case kPost:
        if (utf8_length(v) > 50) err(col, "职务不能超过 50 个字");
        else i.post = v;
        break;
      case kRegion:
        if (v.empty()) {
          i.region_code.clear();
        } else {
          auto chk = codes::check_division(v);
          if (!chk.valid) err(col, chk.reason);
          else i.region_code = v;
        }
        break;
      case kSpecialties: {
        std::vector<std::string> unknown;
        auto codes = parse_specialties(v, unknown);
        if (!unknown.empty()) {
          std::string names;
          for (const auto& u : unknown) names += (names.empty() ? "" : "、") + u;
          std::string allowed;
          for (const auto& t : specialties()) allowed += (allowed.empty() ? "" : "、") + std::string(t.name);
          err(col, "专业领域“" + names + "”不在字典中，可选：" + allowed);
        } else {
          i.specialties = codes;
        }
        break;
      }
      case kStatus:
        if (v.empty()) i.status = "active";
        else if (auto s = parse_term(statuses(), v)) i.status = *s;
        else err(col, "状态应为 在岗、暂停执法 或 离岗");
        break;
      case kStatusReason:
        if (utf8_length(v) > 200) err(col, "状态原因不能超过 200 个字");
        else i.status_reason = v;
        break;
      case kStatusSince:
        if (v.empty()) i.status_since.reset();
        else if (auto d = registry::parse_cell_date(v)) i.status_since = *d;
        else err(col, "状态日期应为日期，格式 YYYY-MM-DD");
        break;
      case kPhone:
        if (!phone_ok(v)) err(col, "联系电话只能由数字和 + - ( ) 空格 组成，不超过 40 位");
        else i.phone = v;
        break;
      case kUsername:
        user_given = true;
        if (v.empty()) {
          i.user_id.reset();
          i.username.clear();
        } else if ((user = r.user(v))) {
          i.user_id = user->id;
          i.username = v;
        } else {
          err(col, "登录账号“" + v + "”不存在或不在您的管辖范围内");
        }
        break;
      default:
        break;
    }
  }
  const std::string today = time::today_shanghai().str();
  // A status change dates itself today unless told otherwise; back in post, the reason goes.
  if (!bad(kStatus) && i.status != prior_status) {
    if (!values.count(kStatusSince)) i.status_since = today;
    if (i.status == "active" && !values.count(kStatusReason)) i.status_reason.clear();
  }
  if (!bad(kValidFrom) && !bad(kValidTo) && !i.valid_from.empty() && !i.valid_to.empty()) {
    if (i.valid_to < i.valid_from) err(values.count(kValidTo) ? kValidTo : kValidFrom, "有效期至早于有效期起");
    else if (i.valid_to < today) warnings.push_back({kValidTo, "执法证已于 " + i.valid_to + " 到期，该人员不能被抽取"});
    else if (i.valid_to <= time::today_shanghai().plus_days(kLapsingDays).str())
      warnings.push_back({kValidTo, "执法证将于 " + i.valid_to + " 到期（" + std::to_string(kLapsingDays) + " 天内）"});
  }
  if (!bad(kBureau) && !bad(kRegion) && i.bureau_id) {
    // Moved to another bureau without a region named: the new bureau's division.
    if (prior_bureau && i.bureau_id != prior_bureau && !values.count(kRegion)) i.region_code.clear();
    if (i.region_code.empty()) i.region_code = i.bureau_division;
    else if (i.region_code.rfind(division_prefix(i.bureau_division), 0) != 0)
      err(values.count(kRegion) ? kRegion : kBureau, "执法区域 " + i.region_code + "（" + region_name(i.region_code) + "）不在所属机构“" +
                                                         i.bureau_name + "”的辖区内");
  }
  if (!bad(kStatus) && !bad(kStatusReason) && i.status != "active" && i.status_reason.empty())
    err(kStatusReason, std::string(name_of(statuses(), i.status)) + "须填写状态原因");
  if (!bad(kStatusSince) && i.status_since && *i.status_since > today) err(kStatusSince, "状态日期不能晚于今天");
  // The account is the person's own: it must belong to the inspector's bureau.
  if (!bad(kUsername) && !bad(kBureau) && i.user_id && i.bureau_id && (user_given || values.count(kBureau))) {
    if (!user) user = r.user(i.username);
    if (user && user->bureau_id != i.bureau_id)
      err(user_given ? kUsername : kBureau, "登录账号“" + i.username + "”不属于所属机构“" + i.bureau_name + "”");
  }
}

// ---- reads ------------------------------------------------------------------------------------

nlohmann::json inspector_json(const Inspector& i, time::Date today) {
  nlohmann::json names = nlohmann::json::array(), reasons = nlohmann::json::array();
  for (const auto& s : i.specialties) names.push_back(name_of(specialties(), s) ? name_of(specialties(), s) : s.c_str());
  auto el = eligible(i, today);
  for (const auto& r : el.reasons) reasons.push_back(r.to_json());
  auto to = time::parse_date(i.valid_to);
  return {{"id", i.id},
          {"bureau_id", i.bureau_id},
          {"bureau_name", i.bureau_name},
          {"bureau_code", i.bureau_code},
          {"user_id", i.user_id ? nlohmann::json(*i.user_id) : nlohmann::json(nullptr)},
          {"username", i.user_id ? nlohmann::json(i.username) : nlohmann::json(nullptr)},
          {"name", i.name},
          {"gender", i.gender},
          {"gender_name", name_of(genders(), i.gender) ? name_of(genders(), i.gender) : ""},
          {"certificate_no", i.certificate_no},
          {"valid_from", i.valid_from},
          {"valid_to", i.valid_to},
          {"certificate_state", certificate_state(i, today)},
          {"days_to_expiry", to ? to->days() - today.days() : 0},
          {"post", i.post},
          {"region_code", i.region_code},
          {"region_name", region_name(i.region_code)},
          {"specialties", i.specialties},
          {"specialty_names", names},
          {"status", i.status},
          {"status_name", name_of(statuses(), i.status) ? name_of(statuses(), i.status) : ""},
          {"status_reason", i.status_reason},
          {"status_since", opt(i.status_since)},
          {"phone", i.phone},
          {"training_days", days_of(i.training_half_days)},
          {"training_short", i.training_half_days < kMinTrainingHalfDaysPerYear},
          {"eligible_now", el.ok},
          {"ineligible_reasons", reasons},
          {"created_at", i.created_at},
          {"updated_at", i.updated_at}};
}

nlohmann::json conflict_json(const Conflict& k, const std::string& today) {
  return {{"id", k.id},
          {"kind", k.kind},
          {"kind_name", name_of(conflict_kinds(), k.kind) ? name_of(conflict_kinds(), k.kind) : ""},
          {"target", k.target},
          {"target_name", k.target_name},
          {"reason", k.reason},
          {"declared_on", k.declared_on},
          {"until", opt(k.until)},
          {"in_force", k.in_force(today)},
          {"end_reason", k.end_reason},
          {"ended_by", k.ended_by ? nlohmann::json(*k.ended_by) : nlohmann::json(nullptr)},
          {"recorded_by", k.recorded_by},
          {"recorded_at", k.recorded_at}};
}

Inspector find_inspector(db::Connection& c, const org::Principal& p, int64_t id, int year) {
  auto q = c.prepare(std::string(kSelect) + "WHERE i.id = ?");
  bind_year(*q, year);
  q->bind(id);
  if (!q->step() || !p.covers_path(q->row().text(2)))
    throw Error::not_found("inspector.not_found", "执法人员不存在或不在您的管辖范围内");
  return read_inspector(q->row());
}

std::optional<Inspector> find_by_certificate(db::Connection& c, const std::string& certificate_no) {
  auto q = c.prepare(std::string(kSelect) + "WHERE i.certificate_no = ?");
  bind_year(*q, 0);
  q->bind(certificate_no);
  if (!q->step()) return std::nullopt;
  return read_inspector(q->row());
}

std::optional<Inspector> inspector_by_user(db::Connection& c, int64_t user_id) {
  auto q = c.prepare(std::string(kSelect) + "WHERE i.user_id = ?");
  bind_year(*q, 0);
  q->bind(user_id);
  if (!q->step()) return std::nullopt;
  return read_inspector(q->row());
}

std::vector<Inspector> inspectors_under(db::Connection& c, const std::string& path, int year) {
  return select_all(c, "WHERE b.path LIKE ?", {path + "%"}, year);
}

std::optional<int64_t> inspector_of_user(db::Connection& c, int64_t user_id) {
  auto q = c.prepare("SELECT id FROM inspectors WHERE user_id = ?");
  q->bind(user_id);
  if (!q->step()) return std::nullopt;
  return q->row().i64(0);
}

std::vector<Conflict> conflicts_of(db::Connection& c, int64_t inspector_id) {
  auto q = c.prepare(std::string(kConflictSelect) + "WHERE k.inspector_id = ? ORDER BY k.declared_on DESC, k.id DESC");
  q->bind(inspector_id);
  std::vector<Conflict> out;
  while (q->step()) out.push_back(read_conflict(q->row()));
  return out;
}

std::map<int64_t, std::vector<Conflict>> conflicts_in_force_under(db::Connection& c, const std::string& path, const std::string& day) {
  auto q = c.prepare(std::string(kConflictSelect) +
                     "JOIN inspectors i ON i.id = k.inspector_id JOIN bureaus b ON b.id = i.bureau_id "
                     "WHERE b.path LIKE ? AND k.declared_on <= ? AND (k.until_on IS NULL OR k.until_on >= ?) ORDER BY k.id");
  q->bind(path + "%").bind(day).bind(day);
  std::map<int64_t, std::vector<Conflict>> out;
  while (q->step()) {
    auto k = read_conflict(q->row());
    out[k.inspector_id].push_back(std::move(k));
  }
  return out;
}

bool same_inspector(const Inspector& a, const Inspector& b) { return changed_fields(a, b).empty(); }

std::vector<std::string> inspector_row(const Inspector& i) {
  const char* g = name_of(genders(), i.gender);
  const char* s = name_of(statuses(), i.status);
  return {i.name,
          g ? g : i.gender,
          i.certificate_no,
          i.valid_from,
          i.valid_to,
          i.bureau_code,
          i.post,
          i.region_code,
          specialty_names(i.specialties),
          s ? s : i.status,
          i.status_reason,
          i.status_since.value_or(""),
          i.phone,
          i.user_id ? i.username : ""};
}

nlohmann::json list_inspectors(db::Connection& c, const org::Principal& p, const InspectorFilter& f) {
  require_read(p);
  const auto today = time::today_shanghai();
  auto rows = filtered(c, p, f, today);
  int64_t size = std::clamp<int64_t>(f.page_size, 1, 200), page = std::max<int64_t>(f.page, 1);
  nlohmann::json items = nlohmann::json::array();
  for (size_t k = size_t((page - 1) * size); k < rows.size() && items.size() < size_t(size); ++k)
    items.push_back(inspector_json(rows[k], today));
  return {{"items", items}, {"total", int64_t(rows.size())}, {"page", page}, {"page_size", size}, {"year", year_or_this(f.year)}};
}

nlohmann::json get_inspector(db::Connection& c, const org::Principal& p, int64_t id) {
  require_read(p);
  const auto today = time::today_shanghai();
  auto i = find_inspector(c, p, id);
  nlohmann::json out = inspector_json(i, today);
  auto q = c.prepare(
      "SELECT id, trained_on, course, half_days, provider, recorded_by, recorded_at FROM inspector_trainings WHERE inspector_id = ? "
      "ORDER BY trained_on DESC, id DESC");
  q->bind(id);
  nlohmann::json trainings = nlohmann::json::array();
  std::map<int, int64_t> by_year{{today.year, 0}};
  while (q->step()) {
    const auto& r = q->row();
    trainings.push_back({{"id", r.i64(0)},
                         {"trained_on", r.text(1)},
                         {"course", r.text(2)},
                         {"days", days_of(r.i64(3))},
                         {"provider", r.text(4)},
                         {"recorded_by", r.i64(5)},
                         {"recorded_at", r.text(6)}});
    by_year[std::stoi(r.text(1).substr(0, 4))] += r.i64(3);
  }
  q.reset();
  nlohmann::json years = nlohmann::json::array();
  for (auto it = by_year.rbegin(); it != by_year.rend(); ++it)
    years.push_back({{"year", it->first}, {"days", days_of(it->second)}, {"short", it->second < kMinTrainingHalfDaysPerYear}});
  nlohmann::json conflicts = nlohmann::json::array();
  for (const auto& k : conflicts_of(c, id)) conflicts.push_back(conflict_json(k, today.str()));
  out["trainings"] = trainings;
  out["training_by_year"] = years;
  out["conflicts"] = conflicts;
  return out;
}

nlohmann::json my_inspector(db::Connection& c, const org::Principal& p) {
  auto id = inspector_of_user(c, p.user_id);
  if (!id) throw Error::not_found("inspector.not_found", "您的账号没有登记为执法人员");
  // One's own record needs no inspector.read: it is the e-certificate shown at the door.
  org::Principal self = p;
  self.permissions.insert("inspector.read");
  return get_inspector(c, self, *id);
}

nlohmann::json inspector_history(db::Connection& c, const org::Principal& p, int64_t id) {
  require_read(p);
  find_inspector(c, p, id);
  auto q = c.prepare(
      "SELECT e.seq, e.at, e.action, e.actor_id, u.name, e.change FROM ledger_entries e LEFT JOIN users u ON u.id = e.actor_id "
      "WHERE e.subject_kind = 'inspector' AND e.subject_id = ? ORDER BY e.seq");
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

nlohmann::json lapsing_certificates(db::Connection& c, const org::Principal& p, int64_t within_days, std::optional<int64_t> bureau_id) {
  require_read(p);
  if (within_days < 0 || within_days > 366) throw Error::invalid("days", "天数应在 0 到 366 之间");
  const auto today = time::today_shanghai();
  InspectorFilter f;
  f.bureau_id = bureau_id;
  f.lapsing_within_days = within_days;
  auto rows = filtered(c, p, f, today);
  std::stable_sort(rows.begin(), rows.end(), [](const Inspector& a, const Inspector& b) { return a.valid_to < b.valid_to; });
  nlohmann::json items = nlohmann::json::array();
  for (const auto& i : rows) {
    auto j = inspector_json(i, today);
    j["days_left"] = j["days_to_expiry"];
    items.push_back(j);
  }
  return {{"items", items}, {"within_days", within_days}, {"today", today.str()}};
}

std::string export_inspectors_xlsx(db::Connection& c, const org::Principal& p, const InspectorFilter& f) {
  require_read(p);
  const auto today = time::today_shanghai();
  auto rows = filtered(c, p, f, today);
  std::vector<std::string> header;
  for (const auto& col : kColumns) header.push_back(col.label);
  header.insert(header.end(), {"机构名称", "证件状态", std::to_string(year_or_this(f.year)) + "年培训天数", "当前可被抽取"});
  size_t k = 0;
  return registry::write_xlsx("执法人员", header, [&](std::vector<std::string>& row) {
    if (k >= rows.size()) return false;
    const auto& i = rows[k++];
    row = inspector_row(i);
    std::string state = certificate_state(i, today);
    char days[32];
    std::snprintf(days, sizeof days, "%g", days_of(i.training_half_days));
    row.insert(row.end(), {i.bureau_name,
                           state == "valid" ? "有效" : state == "lapsing" ? "即将到期" : state == "lapsed" ? "已过期" : "未生效",
                           days, eligible(i, today).ok ? "是" : "否"});
    return true;
  });
}

nlohmann::json public_inspectors(db::Connection& c, std::optional<int64_t> bureau_id, const std::string& q,
                                 const std::string& certificate_no, int64_t page, int64_t page_size) {
  std::string w = "WHERE i.status = 'active'";
  std::vector<db::Value> args;
  if (bureau_id) {
    auto b = org::find_bureau(c, *bureau_id);
    if (!b) throw Error::not_found("bureau.not_found", "机构不存在");
    w += " AND b.path LIKE ?";
    args.emplace_back(b->path + "%");
  }
  if (!q.empty()) {
    if (utf8_length(q) > 50) throw Error::invalid("q", "姓名过长");
    std::string esc;
    for (char ch : q) {
      if (ch == '%' || ch == '_' || ch == '\\') esc += '\\';
      esc += ch;
    }
    w += " AND i.name LIKE ? ESCAPE '\\'";
    args.emplace_back("%" + esc + "%");
  }
  if (!certificate_no.empty()) {
    w += " AND i.certificate_no = ?";
    args.emplace_back(normalise_certificate(certificate_no));
  }
  int64_t size = std::clamp<int64_t>(page_size, 1, 200), pg = std::max<int64_t>(page, 1);
  auto cq = c.prepare("SELECT COUNT(*) FROM inspectors i JOIN bureaus b ON b.id = i.bureau_id " + w);
  for (const auto& a : args) cq->bind(a);
  cq->step();
  int64_t total = cq->row().i64(0);
  cq.reset();
  auto sq = c.prepare(
      "SELECT i.name, i.gender, i.bureau_id, b.name, i.certificate_no, i.valid_from, i.valid_to, i.post, i.region_code "
      "FROM inspectors i JOIN bureaus b ON b.id = i.bureau_id " +
      w + " ORDER BY b.path, i.certificate_no LIMIT ? OFFSET ?");
  for (const auto& a : args) sq->bind(a);
  sq->bind(size).bind((pg - 1) * size);
  const std::string today = time::today_shanghai().str();
  nlohmann::json items = nlohmann::json::array();
  while (sq->step()) {
    const auto& r = sq->row();
    const std::string g = r.text(1);
    items.push_back({{"name", r.text(0)},
                     {"gender", g},
                     {"gender_name", name_of(genders(), g) ? name_of(genders(), g) : ""},
                     {"bureau_id", r.i64(2)},
                     {"bureau_name", r.text(3)},
                     {"certificate_no", r.text(4)},
                     {"valid_from", r.text(5)},
                     {"valid_to", r.text(6)},
                     {"valid_now", r.text(5) <= today && today <= r.text(6)},
                     {"post", r.text(7)},
                     {"region_code", r.text(8)},
                     {"region_name", region_name(r.text(8))}});
  }
  return {{"items", items}, {"total", total}, {"page", pg}, {"page_size", size}};
}

nlohmann::json dictionaries() {
  return {{"specialties", terms_json(specialties())},
          {"genders", terms_json(genders())},
          {"statuses", terms_json(statuses())},
          {"conflict_kinds", terms_json(conflict_kinds())},
          {"min_training_days_per_year", days_of(kMinTrainingHalfDaysPerYear)},
          {"lapsing_days", kLapsingDays}};
}

// ---- writes -----------------------------------------------------------------------------------

void insert_inspector(db::Connection& c, const ledger::Actor& a, Inspector& i, const nlohmann::json& extra) {
  auto ins = c.prepare(
      "INSERT INTO inspectors(province_code, bureau_id, user_id, name, gender, certificate_no, valid_from, valid_to, post, "
      "region_code, specialties, status, status_reason, status_since, phone, created_at, updated_at) "
      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
  ins->bind(province_of(i.bureau_division)).bind(i.bureau_id).bind(i.user_id).bind(i.name).bind(i.gender).bind(i.certificate_no)
      .bind(i.valid_from).bind(i.valid_to).bind(i.post).bind(i.region_code).bind(join_specialties(i.specialties)).bind(i.status)
      .bind(i.status_reason).bind(i.status_since).bind(i.phone).bind(i.created_at).bind(i.updated_at);
  i.id = insert_returning(*ins);
  ins.reset();
  ledger::record_row(c, a, "inspector.create", "inspector", "inspectors", "id", std::to_string(i.id), kRecordColumns, extra);
}

void write_inspector_update(db::Connection& c, const ledger::Actor& a, const Inspector& i, const nlohmann::json& extra) {
  c.prepare(
       "UPDATE inspectors SET province_code = ?, bureau_id = ?, user_id = ?, name = ?, gender = ?, certificate_no = ?, "
       "valid_from = ?, valid_to = ?, post = ?, region_code = ?, specialties = ?, status = ?, status_reason = ?, status_since = ?, "
       "phone = ?, updated_at = ? WHERE id = ?")
      ->bind(province_of(i.bureau_division)).bind(i.bureau_id).bind(i.user_id).bind(i.name).bind(i.gender).bind(i.certificate_no)
      .bind(i.valid_from).bind(i.valid_to).bind(i.post).bind(i.region_code).bind(join_specialties(i.specialties)).bind(i.status)
      .bind(i.status_reason).bind(i.status_since).bind(i.phone).bind(i.updated_at).bind(i.id)
      .exec();
  ledger::record_row(c, a, "inspector.update", "inspector", "inspectors", "id", std::to_string(i.id), kRecordColumns, extra);
}

nlohmann::json create_inspector(db::Connection& c, const org::Principal& p, const nlohmann::json& in) {
  p.require("inspector.manage");
  Resolver r(c, p);
  auto values = values_of(r, in, true);
  Inspector i;
  std::vector<FieldIssue> errors, warnings;
  apply_inspector_fields(r, i, values, errors, warnings);
  if (!errors.empty()) throw_first(errors);
  if (find_by_certificate(c, i.certificate_no))
    throw Error::conflict("inspector.certificate_taken", "执法证号“" + i.certificate_no + "”已登记", {{"field", "certificate_no"}});
  if (i.user_id && inspector_of_user(c, *i.user_id))
    throw Error::conflict("inspector.user_taken", "该登录账号已对应另一名执法人员", {{"field", "user_id"}});
  i.created_at = i.updated_at = time::to_iso(time::now());
  insert_inspector(c, p.actor(), i);
  auto out = get_inspector(c, p, i.id);
  nlohmann::json w = nlohmann::json::array();
  for (const auto& x : warnings) w.push_back({{"field", api_field(x.column, true)}, {"message", x.reason}});
  out["warnings"] = w;
  return out;
}

nlohmann::json update_inspector(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in) {
  p.require("inspector.manage");
  Inspector i = find_inspector(c, p, id);
  const Inspector before = i;
  Resolver r(c, p);
  auto values = values_of(r, in, false);
  std::vector<FieldIssue> errors, warnings;
  apply_inspector_fields(r, i, values, errors, warnings);
  if (!errors.empty()) throw_first(errors);
  if (i.certificate_no != before.certificate_no && find_by_certificate(c, i.certificate_no))
    throw Error::conflict("inspector.certificate_taken", "执法证号“" + i.certificate_no + "”已登记", {{"field", "certificate_no"}});
  if (i.user_id && i.user_id != before.user_id && inspector_of_user(c, *i.user_id))
    throw Error::conflict("inspector.user_taken", "该登录账号已对应另一名执法人员", {{"field", "user_id"}});
  auto changed = changed_fields(before, i);
  if (!changed.empty()) {
    i.updated_at = time::to_iso(time::now());
    write_inspector_update(c, p.actor(), i, {{"changed", changed}});
  }
  auto out = get_inspector(c, p, id);
  nlohmann::json w = nlohmann::json::array();
  for (const auto& x : warnings) w.push_back({{"field", api_field(x.column, true)}, {"message", x.reason}});
  out["warnings"] = w;
  return out;
}

}  // namespace zhifa::inspectors
