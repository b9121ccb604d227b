#include "review/roster.h"

#include <algorithm>
#include <map>

#include "base/error.h"
#include "base/fields.h"
#include "ledger/ledger.h"
#include "org/bureaus.h"
#include "org/users.h"

namespace zhifa::review {

namespace {

const std::vector<std::string> kReviewerColumns = {"id",          "bureau_id",   "user_id",        "kind",           "qualification_no",
                                                   "qualified_on", "firm",       "contract_from",  "contract_until", "note",
                                                   "active",      "deactivated_reason", "deactivated_at", "deactivated_by", "created_by",
                                                   "created_at",  "updated_at"};
const std::vector<std::string> kReportColumns = {"id", "bureau_id", "year", "entries", "submitted_by", "submitted_at"};

struct Entry {
  int64_t id = 0, bureau_id = 0, user_id = 0;
  std::string bureau_path, bureau_name, bureau_code, user_name, username;
  std::string kind;
  std::optional<std::string> qualification_no, qualified_on, contract_from, contract_until, deactivated_at;
  std::optional<int64_t> deactivated_by;
  std::string firm, note, deactivated_reason, created_at, updated_at;
  int64_t created_by = 0;
  bool active = false;
};

const char* kSelect =
    "SELECT r.id, r.bureau_id, r.user_id, r.kind, r.qualification_no, r.qualified_on, r.firm, r.contract_from, r.contract_until,"
    " r.note, r.active, r.deactivated_reason, r.deactivated_at, r.deactivated_by, r.created_by, r.created_at, r.updated_at,"
    " b.path, b.name, b.code, u.name, u.username FROM reviewers r JOIN bureaus b ON b.id = r.bureau_id JOIN users u ON u.id = r.user_id ";

Entry read_entry(const db::Row& r) {
  Entry e;
  e.id = r.i64(0);
  e.bureau_id = r.i64(1);
  e.user_id = r.i64(2);
  e.kind = r.text(3);
  e.qualification_no = r.opt_text(4);
  e.qualified_on = r.opt_text(5);
  e.firm = r.text(6);
  e.contract_from = r.opt_text(7);
  e.contract_until = r.opt_text(8);
  e.note = r.text(9);
  e.active = r.boolean(10);
  e.deactivated_reason = r.text(11);
  e.deactivated_at = r.opt_text(12);
  e.deactivated_by = r.opt_i64(13);
  e.created_by = r.i64(14);
  e.created_at = r.text(15);
  e.updated_at = r.text(16);
  e.bureau_path = r.text(17);
  e.bureau_name = r.text(18);
  e.bureau_code = r.text(19);
  e.user_name = r.text(20);
  e.username = r.text(21);
  return e;
}

nlohmann::json opt(const std::optional<std::string>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }

nlohmann::json entry_json(const Entry& e) {
  return {{"id", e.id},
          {"bureau", {{"id", e.bureau_id}, {"name", e.bureau_name}, {"code", e.bureau_code}}},
          {"user", {{"id", e.user_id}, {"name", e.user_name}, {"username", e.username}}},
          {"kind", e.kind},
          {"kind_label", e.kind == "adviser" ? "法律顾问" : "法制审核人员"},
          {"qualification_no", opt(e.qualification_no)},
          {"qualified_on", opt(e.qualified_on)},
          {"firm", e.firm},
          {"contract_from", opt(e.contract_from)},
          {"contract_until", opt(e.contract_until)},
          {"note", e.note},
          {"active", e.active},
          {"deactivated_reason", e.deactivated_reason},
          {"deactivated_at", opt(e.deactivated_at)},
          {"created_at", e.created_at},
          {"updated_at", e.updated_at}};
}

std::vector<Entry> query_entries(db::Connection& c, const std::string& where, const std::vector<db::Value>& args) {
  auto q = c.prepare(std::string(kSelect) + where);
  for (const auto& a : args) q->bind(a);
  std::vector<Entry> out;
  while (q->step()) out.push_back(read_entry(q->row()));
  return out;
}

std::optional<Entry> find_entry(db::Connection& c, int64_t id) {
  auto v = query_entries(c, "WHERE r.id = ?", {id});
  if (v.empty()) return std::nullopt;
  return v.front();
}

org::Bureau bureau_in_scope(db::Connection& c, const org::Principal& p, std::optional<int64_t> bureau_id) {
  return org::get_bureau(c, p, bureau_id.value_or(p.bureau_id));
}

std::string due_on(int year) { return std::to_string(year) + "-09-30"; }

// A text field of the input: absent or null gives "", anything but a string is 422.
std::string text_field(const nlohmann::json& in, const char* field) {
  if (!in.contains(field) || in[field].is_null()) return "";
  if (!in[field].is_string()) throw Error::invalid(field, std::string(field) + " 应为文本");
  std::string s = in[field].get<std::string>();
  auto b = s.find_first_not_of(" \t\r\n");
  auto e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::optional<std::string> date_field(const nlohmann::json& in, const char* field, const std::string& label) {
  std::string s = text_field(in, field);
  if (s.empty()) return std::nullopt;
  auto d = time::parse_date(s);
  if (!d) throw Error::invalid(field, label + "应为 YYYY-MM-DD 格式的日期", "review.date_invalid");
  return d->str();
}

void check_year(int64_t y, const time::Date& today) {
  if (y < 2000 || y > today.year + 1) throw Error::invalid("year", "年度不在可报送的范围内", "review.year_invalid");
}

std::vector<Entry> active_entries_of(db::Connection& c, int64_t bureau_id) {
  return query_entries(c, "WHERE r.bureau_id = ? AND r.active = 1 ORDER BY r.id", {bureau_id});
}

}  // namespace

ReviewerCheck reviewer_eligibility(db::Connection& c, int64_t user_id, int64_t bureau_id, const time::Date& on, bool first_review) {
  auto b = org::find_bureau(c, bureau_id);
  if (!b) return {false, "案件所属机关不存在"};
  auto entries = query_entries(c, "WHERE r.user_id = ? AND r.active = 1 ORDER BY r.id", {user_id});
  std::string reason;
  const std::string day = on.str();
  for (const auto& e : entries) {
    // Only the case's own bureau and its ancestors: a sibling's or a lower bureau's reviewer does not count.
    if (b->path.rfind(e.bureau_path, 0) != 0) continue;
    if (e.kind == "adviser" && (!e.contract_from || !e.contract_until || day < *e.contract_from || day > *e.contract_until)) {
      if (reason.empty())
        reason = "法律顾问的聘用合同期限（" + e.contract_from.value_or("") + " 至 " + e.contract_until.value_or("") + "）不包括 " + day;
      continue;
    }
    if (first_review && !e.qualification_no) {
      if (reason.empty()) reason = "初次从事行政处罚决定法制审核的人员应当取得法律职业资格（《行政处罚法》第五十八条第二款），名单中未登记其资格证号";
      continue;
    }
    return {true, ""};
  }
  if (reason.empty()) reason = "不在本机关或上级机关的法制审核人员名单中";
  return {false, reason};
}

nlohmann::json list_roster(db::Connection& c, const org::Principal& p, std::optional<int64_t> bureau_id, bool include_inactive) {
  p.require("review.read");
  auto b = bureau_in_scope(c, p, bureau_id);
  std::string where = "WHERE b.path LIKE ?";
  if (!include_inactive) where += " AND r.active = 1";
  auto entries = query_entries(c, where + " ORDER BY b.path, r.id", {b.path + "%"});
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& e : entries) arr.push_back(entry_json(e));
  return {{"bureau", {{"id", b.id}, {"name", b.name}, {"code", b.code}}}, {"items", arr}};
}

nlohmann::json add_reviewer(db::Connection& c, const org::Principal& p, const nlohmann::json& in) {
  p.require("review.roster.manage");
  if (!in.is_object()) throw Error::invalid("body", "请求体应为 JSON 对象");
  if (!in.contains("user_id") || in["user_id"].is_null()) throw Error::required("user_id", "审核人员");
  if (!in["user_id"].is_number_integer()) throw Error::invalid("user_id", "user_id 应为整数");
  const int64_t user_id = in["user_id"].get<int64_t>();
  auto uq = c.prepare("SELECT u.bureau_id, b.path, u.status FROM users u JOIN bureaus b ON b.id = u.bureau_id WHERE u.id = ?");
  uq->bind(user_id);
  if (!uq->step() || !p.covers_path(uq->row().text(1)))
    throw Error::invalid("user_id", "该用户不存在或不在本机关及下级机关", "review.user_invalid");
  const int64_t user_bureau = uq->row().i64(0);
  const std::string user_path = uq->row().text(1);
  if (uq->row().text(2) != "active") throw Error::invalid("user_id", "该用户已停用", "review.user_invalid");
  if (!org::user_roles(c, user_id).count("legal_reviewer"))
    throw Error::invalid("user_id", "只有具有法制审核人员角色的用户才能列入名单", "review.user_not_reviewer");

  int64_t bureau_id = user_bureau;
  if (in.contains("bureau_id") && !in["bureau_id"].is_null()) {
    if (!in["bureau_id"].is_number_integer()) throw Error::invalid("bureau_id", "bureau_id 应为整数");
    bureau_id = in["bureau_id"].get<int64_t>();
  }
  auto b = org::find_bureau(c, bureau_id);
  if (!b || !p.covers_path(b->path)) throw Error::invalid("bureau_id", "机关不存在或不在管辖范围内", "review.bureau_invalid");
  // The entry's bureau is the user's own or one above it: a city may list a county's lawyer, not the reverse.
  if (user_path.rfind(b->path, 0) != 0)
    throw Error::invalid("bureau_id", "名单所属机关应为该用户所在机关或其上级机关", "review.bureau_invalid");

  std::string kind = text_field(in, "kind");
  if (kind.empty()) throw Error::required("kind", "人员类别");
  if (kind != "staff" && kind != "adviser") throw Error::invalid("kind", "人员类别只能是 staff（法制审核人员）或 adviser（法律顾问）", "review.kind_invalid");

  std::optional<std::string> qualification;
  if (std::string qn = text_field(in, "qualification_no"); !qn.empty()) {
    if (utf8_length(qn) > 40 || std::any_of(qn.begin(), qn.end(), [](unsigned char ch) { return ch < 0x20; }))
      throw Error::invalid("qualification_no", "法律职业资格证书编号应为 1 至 40 个字符", "review.qualification_invalid");
    qualification = qn;
  }
  auto qualified_on = date_field(in, "qualified_on", "取得资格日期");
  if (qualified_on && !qualification)
    throw Error::invalid("qualified_on", "登记取得资格日期时应同时填写资格证书编号", "review.qualification_invalid");
  if (qualified_on && *qualified_on > time::today_shanghai().str())
    throw Error::invalid("qualified_on", "取得资格日期不能晚于今天", "review.date_invalid");

  std::string firm = text_field(in, "firm");
  auto from = date_field(in, "contract_from", "合同起始日期");
  auto until = date_field(in, "contract_until", "合同终止日期");
  if (kind == "adviser") {
    if (firm.empty()) throw Error::required("firm", "法律顾问所在律师事务所");
    if (utf8_length(firm) > 100) throw Error::invalid("firm", "律师事务所名称不超过 100 个字符");
    if (!from) throw Error::required("contract_from", "合同起始日期");
    if (!until) throw Error::required("contract_until", "合同终止日期");
    if (*until < *from) throw Error::invalid("contract_until", "合同终止日期不能早于起始日期", "review.date_invalid");
  } else if (from || until || !firm.empty()) {
    const char* field = from ? "contract_from" : until ? "contract_until" : "firm";
    throw Error::invalid(field, "只有法律顾问登记律师事务所和合同期限", "review.kind_invalid");
  }
  std::string note = text_field(in, "note");
  if (utf8_length(note) > 500) throw Error::invalid("note", "备注不超过 500 个字符");

  auto dup = c.prepare("SELECT id FROM reviewers WHERE user_id = ? AND active = 1");
  dup->bind(user_id);
  if (dup->step())
    throw Error::conflict("review.roster_duplicate", "该人员已在法制审核人员名单中，请先停用原有记录",
                          {{"field", "user_id"}, {"id", dup->row().i64(0)}});

  const std::string now = time::to_iso(time::now());
  auto ins = c.prepare(
      "INSERT INTO reviewers (bureau_id, user_id, kind, qualification_no, qualified_on, firm, contract_from, contract_until, note,"
      " active, deactivated_reason, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, '', ?, ?, ?) RETURNING id");
  ins->bind(bureau_id).bind(user_id).bind(kind).bind(qualification).bind(qualified_on).bind(firm).bind(from).bind(until).bind(note);
  ins->bind(p.user_id).bind(now).bind(now);
  ins->step();
  const int64_t id = ins->row().i64(0);
  ins.reset();
  ledger::record_row(c, p.actor(), "review.roster.add", "reviewer", "reviewers", "id", std::to_string(id), kReviewerColumns);
  return entry_json(*find_entry(c, id));
}

nlohmann::json deactivate_reviewer(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in) {
  p.require("review.roster.manage");
  auto e = find_entry(c, id);
  if (!e || !p.covers_path(e->bureau_path)) throw Error::not_found("review.reviewer_not_found", "名单记录不存在");
  std::string reason = in.is_object() ? text_field(in, "reason") : "";
  if (reason.empty()) throw Error::required("reason", "停用原因");
  if (utf8_length(reason) > 500) throw Error::invalid("reason", "停用原因不超过 500 个字符");
  if (!e->active) throw Error::conflict("review.roster_inactive", "该名单记录已停用");
  const std::string now = time::to_iso(time::now());
  auto u = c.prepare("UPDATE reviewers SET active = 0, deactivated_reason = ?, deactivated_at = ?, deactivated_by = ?, updated_at = ? WHERE id = ?");
  u->bind(reason).bind(now).bind(p.user_id).bind(now).bind(id);
  u->exec();
  ledger::record_row(c, p.actor(), "review.roster.deactivate", "reviewer", "reviewers", "id", std::to_string(id), kReviewerColumns);
  return entry_json(*find_entry(c, id));
}

std::string report_state(int year, bool submitted, const time::Date& today) {
  if (submitted) return "submitted";
  const time::Date due{year, 9, 30};
  if (today > due) return "overdue";
  if (today >= time::Date{year, 9, 1}) return "due_soon";
  return "not_due";
}

namespace {

struct Report {
  int64_t id = 0;
  nlohmann::json entries;
  int64_t submitted_by = 0;
  std::string submitted_at;
};

std::optional<Report> find_report(db::Connection& c, int64_t bureau_id, int year) {
  auto q = c.prepare("SELECT id, entries, submitted_by, submitted_at FROM roster_reports WHERE bureau_id = ? AND year = ?");
  q->bind(bureau_id).bind(year);
  if (!q->step()) return std::nullopt;
  return Report{q->row().i64(0), nlohmann::json::parse(q->row().text(1)), q->row().i64(2), q->row().text(3)};
}

nlohmann::json bureau_ref(const org::Bureau& b) {
  return {{"id", b.id}, {"name", b.name}, {"code", b.code}, {"level", b.level}};
}

}  // namespace

nlohmann::json roster_report(db::Connection& c, const org::Principal& p, int year, std::optional<int64_t> bureau_id,
                             const time::Date& today) {
  p.require("review.read");
  auto b = bureau_in_scope(c, p, bureau_id);
  auto rep = find_report(c, b.id, year);
  nlohmann::json out = {{"bureau", bureau_ref(b)}, {"year", year}, {"due_on", due_on(year)}, {"state", report_state(year, rep.has_value(), today)}};
  if (rep) {
    out["submitted_at"] = rep->submitted_at;
    out["submitted_by"] = org::user_ref(c, rep->submitted_by);
    out["entries"] = rep->entries;
  } else {
    out["submitted_at"] = nullptr;
    out["submitted_by"] = nullptr;
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& e : active_entries_of(c, b.id)) arr.push_back(entry_json(e));
    out["entries"] = arr;
  }
  return out;
}

nlohmann::json submit_roster_report(db::Connection& c, const org::Principal& p, int year, const time::Date& today) {
  p.require("review.roster.manage");
  check_year(year, today);
  auto b = org::get_bureau(c, p, p.bureau_id);
  if (find_report(c, b.id, year))
    throw Error::conflict("review.roster_report_submitted", "本机关该年度的法制审核人员名单已报送");
  auto entries = active_entries_of(c, b.id);
  if (entries.empty()) throw Error::conflict("review.roster_empty", "本机关的法制审核人员名单为空，不能报送");
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& e : entries) arr.push_back(entry_json(e));
  const std::string now = time::to_iso(time::now());
  auto ins = c.prepare("INSERT INTO roster_reports (bureau_id, year, entries, submitted_by, submitted_at) VALUES (?, ?, ?, ?, ?) RETURNING id");
  ins->bind(b.id).bind(year).bind(arr.dump()).bind(p.user_id).bind(now);
  ins->step();
  const int64_t id = ins->row().i64(0);
  ins.reset();
  ledger::record_row(c, p.actor(), "review.roster.report", "roster_report", "roster_reports", "id", std::to_string(id), kReportColumns);
  return roster_report(c, p, year, b.id, today);
}

nlohmann::json roster_reports(db::Connection& c, const org::Principal& p, int year, const time::Date& today) {
  p.require("review.read");
  auto own = org::get_bureau(c, p, p.bureau_id);
  std::vector<org::Bureau> bureaus;
  for (auto& b : org::list_bureaus(c, p))
    if (b.id == own.id || b.level == "city" || b.level == "county") bureaus.push_back(std::move(b));
  std::sort(bureaus.begin(), bureaus.end(),
            [](const org::Bureau& a, const org::Bureau& b) { return org::division_order(a.division_code, a.name, b.division_code, b.name); });
  std::map<int64_t, std::pair<std::string, size_t>> submitted;
  auto q = c.prepare("SELECT r.bureau_id, r.submitted_at, r.entries FROM roster_reports r JOIN bureaus b ON b.id = r.bureau_id WHERE r.year = ? AND b.path LIKE ?");
  q->bind(year).bind(p.bureau_path + "%");
  while (q->step()) submitted[q->row().i64(0)] = {q->row().text(1), nlohmann::json::parse(q->row().text(2)).size()};
  nlohmann::json items = nlohmann::json::array();
  std::map<std::string, int64_t> counts;
  for (const auto& b : bureaus) {
    auto it = submitted.find(b.id);
    const bool done = it != submitted.end();
    std::string state = report_state(year, done, today);
    ++counts[state];
    items.push_back({{"bureau", bureau_ref(b)},
                     {"state", state},
                     {"submitted_at", done ? nlohmann::json(it->second.first) : nlohmann::json(nullptr)},
                     {"entries_count", done ? nlohmann::json(it->second.second) : nlohmann::json(nullptr)}});
  }
  return {{"year", year}, {"due_on", due_on(year)}, {"counts", counts}, {"items", items}};
}

}  // namespace zhifa::review
