#include "publicity/annual_report.h"

#include <algorithm>
#include <map>

#include "base/canonical_json.h"
#include "base/error.h"
#include "base/fields.h"
#include "calendar/calendar_service.h"
#include "cases/stats.h"
#include "credit/records.h"
#include "evidence/stats.h"
#include "ledger/ledger.h"
#include "org/bureaus.h"
#include "org/users.h"
#include "publicity/disclosures.h"
#include "review/discretion.h"
#include "review/stats.h"

namespace zhifa::publicity {
namespace {

using nlohmann::json;

const std::vector<std::string> kReportColumns = {"id", "bureau_id", "year", "state", "working_version_id", "current_version_id",
                                                 "first_published_on", "created_by", "created_at"};
const std::vector<std::string> kVersionColumns = {"id",          "report_id",     "version",        "numbers",     "as_of",
                                                  "state",       "corrects_version_id", "correction_reason", "compiled_by", "compiled_at",
                                                  "reviewed_by", "reviewed_at",   "review_opinion", "published_by", "published_at",
                                                  "published_on", "reported_to"};

struct Report {
  int64_t id = 0, bureau_id = 0, created_by = 0;
  int year = 0;
  std::string bureau_path, state, created_at;
  std::optional<int64_t> working, current;
  std::optional<std::string> first_published_on;
};

struct Version {
  int64_t id = 0, report_id = 0, compiled_by = 0;
  int version = 0;
  std::string numbers, as_of, state, compiled_at;
  std::optional<int64_t> corrects, reviewed_by, published_by;
  std::optional<std::string> correction_reason, reviewed_at, review_opinion, published_at, published_on, reported_to;
};

const char* kReportSelect =
    "SELECT r.id, r.bureau_id, r.year, r.state, r.working_version_id, r.current_version_id, r.first_published_on, r.created_by, "
    "r.created_at, b.path FROM annual_reports r JOIN bureaus b ON b.id = r.bureau_id ";

Report read_report(const db::Row& r) {
  Report x;
  x.id = r.i64(0);
  x.bureau_id = r.i64(1);
  x.year = int(r.i64(2));
  x.state = r.text(3);
  x.working = r.opt_i64(4);
  x.current = r.opt_i64(5);
  x.first_published_on = r.opt_text(6);
  x.created_by = r.i64(7);
  x.created_at = r.text(8);
  x.bureau_path = r.text(9);
  return x;
}

std::optional<Report> find_report(db::Connection& c, const std::string& where, const std::vector<db::Value>& args) {
  auto q = c.prepare(std::string(kReportSelect) + where);
  for (const auto& a : args) q->bind(a);
  if (!q->step()) return std::nullopt;
  return read_report(q->row());
}

Report load_report(db::Connection& c, const org::Principal& p, int64_t id) {
  auto r = find_report(c, "WHERE r.id = ?", {id});
  if (!r || !p.covers_path(r->bureau_path)) throw Error::not_found("annual.not_found", "统计年报不存在或不在您的管辖范围内");
  return *r;
}

std::vector<Version> versions_of(db::Connection& c, int64_t report_id) {
  auto q = c.prepare(
      "SELECT id, report_id, version, numbers, as_of, state, corrects_version_id, correction_reason, compiled_by, compiled_at, "
      "reviewed_by, reviewed_at, review_opinion, published_by, published_at, published_on, reported_to FROM annual_report_versions "
      "WHERE report_id = ? ORDER BY version");
  q->bind(report_id);
  std::vector<Version> out;
  while (q->step()) {
    const auto& r = q->row();
    Version v;
    v.id = r.i64(0);
    v.report_id = r.i64(1);
    v.version = int(r.i64(2));
    v.numbers = r.text(3);
    v.as_of = r.text(4);
    v.state = r.text(5);
    v.corrects = r.opt_i64(6);
    v.correction_reason = r.opt_text(7);
    v.compiled_by = r.i64(8);
    v.compiled_at = r.text(9);
    v.reviewed_by = r.opt_i64(10);
    v.reviewed_at = r.opt_text(11);
    v.review_opinion = r.opt_text(12);
    v.published_by = r.opt_i64(13);
    v.published_at = r.opt_text(14);
    v.published_on = r.opt_text(15);
    v.reported_to = r.opt_text(16);
    out.push_back(std::move(v));
  }
  return out;
}

const Version* version_by_id(const std::vector<Version>& vs, std::optional<int64_t> id) {
  if (!id) return nullptr;
  for (const auto& v : vs)
    if (v.id == *id) return &v;
  return nullptr;
}

json opt(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

json user_or_null(db::Connection& c, std::optional<int64_t> id) { return id ? org::user_ref(c, *id) : json(nullptr); }

json version_json(db::Connection& c, const Version& v) {
  return {{"id", v.id},
          {"version", v.version},
          {"state", v.state},
          {"numbers", json::parse(v.numbers)},
          {"as_of", v.as_of},
          {"corrects_version_id", v.corrects ? json(*v.corrects) : json(nullptr)},
          {"correction_reason", opt(v.correction_reason)},
          {"compiled_by", org::user_ref(c, v.compiled_by)},
          {"compiled_at", v.compiled_at},
          {"reviewed_by", user_or_null(c, v.reviewed_by)},
          {"reviewed_at", opt(v.reviewed_at)},
          {"review_opinion", opt(v.review_opinion)},
          {"published_by", user_or_null(c, v.published_by)},
          {"published_at", opt(v.published_at)},
          {"published_on", opt(v.published_on)},
          {"reported_to", v.reported_to ? json::parse(*v.reported_to) : json(nullptr)}};
}

json bureau_ref(const org::Bureau& b) { return {{"id", b.id}, {"name", b.name}, {"code", b.code}, {"level", b.level}}; }

org::Bureau bureau_of(db::Connection& c, int64_t id) {
  auto b = org::find_bureau(c, id);
  if (!b) throw Error::not_found("bureau.not_found", "机构不存在");
  return *b;
}

std::optional<time::Date> first_published(const Report& r) {
  return r.first_published_on ? time::parse_date(*r.first_published_on) : std::nullopt;
}

void record_report(db::Connection& c, const org::Principal& p, const char* action, int64_t id) {
  ledger::record_row(c, p.actor(), action, "annual_report", "annual_reports", "id", std::to_string(id), kReportColumns);
}
void record_version(db::Connection& c, const org::Principal& p, const char* action, int64_t vid, int64_t rid) {
  ledger::record_row(c, p.actor(), action, "annual_report", "annual_report_versions", "id", std::to_string(vid), kVersionColumns,
                     json::object(), std::to_string(rid));
}

// ---- the numbers ------------------------------------------------------------------------------

// The breakdown key of a record: the child bureau whose subtree holds it, or the bureau itself.
struct Tree {
  org::Bureau bureau;
  std::vector<org::Bureau> children;
  int64_t owner(const std::string& path) const {
    for (const auto& ch : children)
      if (path.rfind(ch.path, 0) == 0) return ch.id;
    return bureau.id;
  }
};

std::string median_text(std::vector<int64_t> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  if (n % 2) return std::to_string(v[n / 2]);
  const int64_t twice = v[n / 2 - 1] + v[n / 2];
  return std::to_string(twice / 2) + (twice % 2 ? ".5" : "");
}

// The government the report goes to with the bureau (000 §1.3: 报同级政府): "杭州市统计局" reports
// to "杭州市人民政府".
std::string government_of(const org::Bureau& b) {
  const std::string suffix = "统计局";
  if (b.name.size() > suffix.size() && b.name.compare(b.name.size() - suffix.size(), suffix.size(), suffix) == 0)
    return b.name.substr(0, b.name.size() - suffix.size()) + "人民政府";
  return b.name + "同级人民政府";
}

int parse_year(const nlohmann::json& in, const time::Date& today, bool year_so_far) {
  if (!in.is_object() || !in.contains("year") || in["year"].is_null()) throw Error::required("year", "年度");
  if (!in["year"].is_number_integer()) throw Error::invalid("year", "年度应为整数，例如 " + std::to_string(today.year - 1), "annual.year_invalid");
  const int64_t y = in["year"].get<int64_t>();
  if (y > today.year || (y == today.year && !year_so_far)) throw Error::invalid("year", "只能编制已经结束的年度的统计年报", "annual.year_invalid");
  if (y < 2000) throw Error::invalid("year", "年度不在可编制的范围内", "annual.year_invalid");
  return int(y);
}

std::string text_of(const nlohmann::json& in, const char* field) {
  if (!in.is_object() || !in.contains(field) || in[field].is_null()) return "";
  if (!in[field].is_string()) throw Error::invalid(field, std::string(field) + " 应为文本");
  std::string s = in[field].get<std::string>();
  auto b = s.find_first_not_of(" \t\r\n");
  auto e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

json actions_for(const org::Principal& p, const Report& r, const Version* working, const time::Date& today) {
  json a = json::array();
  const std::string ws = working ? working->state : "";
  if ((ws == "draft" || ws == "reviewed") && p.can("publicity.collect") && p.bureau_id == r.bureau_id) a.push_back("compile");
  if (ws == "draft" && p.can("publicity.review") && working->compiled_by != p.user_id) a.push_back("review");
  if (ws == "reviewed" && p.can("publicity.publish") && r.year < today.year) a.push_back("publish");
  if (ws == "published" && p.can("publicity.collect") && p.bureau_id == r.bureau_id) a.push_back("correct");
  return a;
}

int64_t insert_version(db::Connection& c, const org::Principal& p, int64_t report_id, int version, const json& numbers,
                       const time::Date& today, std::optional<int64_t> corrects, const std::optional<std::string>& reason) {
  auto q = c.prepare(
      "INSERT INTO annual_report_versions (report_id, version, numbers, as_of, state, corrects_version_id, correction_reason, "
      "compiled_by, compiled_at) VALUES (?, ?, ?, ?, 'draft', ?, ?, ?, ?) RETURNING id");
  q->bind(report_id).bind(int64_t(version)).bind(canonical_json(numbers)).bind(today.str()).bind(corrects).bind(reason);
  q->bind(p.user_id).bind(time::to_iso(time::now()));
  q->step();
  const int64_t id = q->row().i64(0);
  q.reset();
  record_version(c, p, "publicity.annual.compile", id, report_id);
  return id;
}

void set_report(db::Connection& c, const org::Principal& p, const char* action, int64_t id, const std::string& state,
                std::optional<int64_t> working, std::optional<int64_t> current, const std::optional<std::string>& first_published) {
  auto u = c.prepare("UPDATE annual_reports SET state = ?, working_version_id = ?, current_version_id = ?, first_published_on = ? WHERE id = ?");
  u->bind(state).bind(working).bind(current).bind(first_published).bind(id);
  u->exec();
  record_report(c, p, action, id);
}

// An unpublished working version a new compilation replaces: kept, marked superseded.
void supersede(db::Connection& c, const org::Principal& p, const Version& v) {
  auto u = c.prepare("UPDATE annual_report_versions SET state = 'superseded' WHERE id = ?");
  u->bind(v.id);
  u->exec();
  record_version(c, p, "publicity.annual.supersede", v.id, v.report_id);
}

}  // namespace

time::Date annual_due_on(int year) { return time::Date{year + 1, 1, 31}; }

std::string annual_state(int year, const std::optional<time::Date>& first_published_on, const time::Date& today) {
  const time::Date due = annual_due_on(year);
  if (first_published_on) return *first_published_on > due ? "published_late" : "published_on_time";
  if (today > due) return "overdue";
  if (today >= time::Date{year + 1, 1, 2}) return "due_soon";
  return "not_due";
}

json annual_numbers(db::Connection& c, const org::Principal& p, int64_t bureau_id, int year, const time::Date& today) {
  if (!p.can("publicity.collect")) p.require("publicity.read");
  auto b = org::find_bureau(c, bureau_id);
  if (!b || !p.covers_path(b->path)) throw Error::not_found("bureau.not_found", "机构不存在或不在您的管辖范围内");
  Tree t{*b, {}};
  for (auto& x : org::list_bureaus(c, p))
    if (x.parent_id && *x.parent_id == b->id) t.children.push_back(std::move(x));
  std::sort(t.children.begin(), t.children.end(), [](const org::Bureau& x, const org::Bureau& y) {
    return org::division_order(x.division_code, x.name, y.division_code, y.name);
  });
  // The report is the bureau's own published account of its subtree and holds counts only, so it
  // reads the owning modules' statistics with the supervisor's read permission whoever compiles it
  // (a publicity officer holds no case.read); the subtree is still the principal's scope.
  org::Principal reader = p;
  reader.permissions.insert("supervision.read");
  reader.permissions.insert("credit.read");
  const std::string& path = b->path;
  const time::Date from{year, 1, 1}, to{year, 12, 31};

  struct Row {
    int64_t inspections = 0, with_problems = 0, mobile = 0, cases_decided = 0, penalties = 0, fines_fen = 0, disclosures = 0,
            disclosures_late = 0, late_uploads = 0, archives_late = 0, reviews = 0;
  };
  std::map<int64_t, Row> by;

  // Spot checks (DR-4, INF-1): the plans of the year and the inspections completed in it.
  json plans = cases::plan_coverage(c, reader, path, year, year);
  int64_t planned = 0, drawn = 0, plan_completed = 0;
  for (const auto& pl : plans) {
    planned += pl["planned"].get<int64_t>();
    drawn += pl["drawn"].get<int64_t>();
    plan_completed += pl["completed"].get<int64_t>();
  }
  json outcomes = cases::year_outcomes(c, reader, path, from, to);
  int64_t completed = 0, no_problem = 0, mobile = 0;
  std::map<std::string, int64_t> by_outcome;
  for (const auto& i : outcomes["inspections"]) {
    auto& r = by[t.owner(i["bureau_path"])];
    ++completed;
    ++r.inspections;
    const std::string oc = i["outcome"].is_string() ? i["outcome"].get<std::string>() : "";
    ++by_outcome[oc.empty() ? "unknown" : oc];
    if (oc == "no_problem") ++no_problem;
    else ++r.with_problems;
    if (i["all_mobile"] == true) {
      ++mobile;
      ++r.mobile;
    }
  }
  json spot = {{"plans", plans.size()},          {"planned_checks", planned},        {"objects_drawn", drawn},
               {"plan_checks_completed", plan_completed}, {"inspections_completed", completed}, {"without_problems", no_problem},
               {"with_problems", completed - no_problem},  {"by_outcome", by_outcome},         {"on_phone", mobile}};

  // Legal reviews (REV-4) and the violation each reviewed penalty was proposed for.
  json concluded = review::concluded_reviews(c, reader, path, from, to);
  std::map<std::string, int64_t> review_outcomes;
  std::vector<int64_t> days;
  int64_t reviews_late = 0;
  for (const auto& r : concluded) {
    ++by[t.owner(r["bureau_path"])].reviews;
    ++review_outcomes[r["outcome"].is_string() ? r["outcome"].get<std::string>() : "unknown"];
    if (r["workdays"].is_number()) days.push_back(r["workdays"]);
    if (r["late"] == true) ++reviews_late;
  }
  std::map<int64_t, std::string> violation_of;
  // A decision of the year may rest on a review concluded late the year before.
  for (const auto& r : review::concluded_reviews(c, reader, path, time::Date{year - 1, 1, 1}, to))
    if (r["violation"].is_string()) violation_of[r["case_id"].get<int64_t>()] = r["violation"];
  const int64_t reviews_overdue = int64_t(review::overdue_reviews(c, reader, path, from, to).size());
  json reviews = {{"concluded", concluded.size()},
                  {"outcomes", review_outcomes},
                  {"timed", days.size()},
                  {"median_workdays", days.empty() ? json(nullptr) : json(median_text(days))},
                  {"max_workdays", days.empty() ? json(nullptr) : json(*std::max_element(days.begin(), days.end()))},
                  {"concluded_late", reviews_late},
                  {"overdue_open", reviews_overdue}};

  // Cases by procedure and outcome; penalties by violation.
  std::map<std::string, std::map<std::string, int64_t>> decided;  // procedure → decision kind → n
  std::map<std::string, int64_t> opened, closed;
  std::map<std::string, std::pair<int64_t, int64_t>> by_violation;  // code → (count, fen)
  int64_t penalties = 0, fines = 0;
  for (const auto& k : outcomes["cases"]) {
    const std::string proc = k["procedure"];
    if (k["opened_on"].is_string()) ++opened[proc];
    if (k["closed_on"].is_string()) ++closed[proc];
    if (!k["decided_on"].is_string()) continue;
    const std::string kind = k["decision_kind"].is_string() ? k["decision_kind"].get<std::string>() : "other";
    ++decided[proc][kind];
    auto& r = by[t.owner(k["bureau_path"])];
    ++r.cases_decided;
    if (kind != "penalty") continue;
    const int64_t fen = k["amount_fen"].is_number_integer() ? k["amount_fen"].get<int64_t>() : 0;
    ++penalties;
    fines += fen;
    ++r.penalties;
    r.fines_fen += fen;
    auto it = violation_of.find(k["case_id"].get<int64_t>());
    auto& v = by_violation[it == violation_of.end() ? "" : it->second];
    ++v.first;
    v.second += fen;
  }
  json violations = json::array();
  for (const auto& [code, v] : by_violation) {
    std::string label = code.empty() ? "" : review::violation_label(code);
    if (label.empty()) label = code.empty() ? "未经法制审核登记违法行为（含简易程序）" : code;
    violations.push_back({{"violation", code}, {"label", label}, {"count", v.first}, {"fines_fen", v.second}});
  }

  // Disclosures of the year's events, by publicity's own deadline rule (deadlines.h); the
  // revocations of published decisions recorded in the year (PUB-8).
  const auto cal = calendar::load(c);
  std::map<std::string, std::map<std::string, int64_t>> disc;
  int64_t revoked = 0;
  {
    auto q = c.prepare(std::string(row_select()) + "WHERE b.path LIKE ? AND d.event_date >= ? AND d.event_date <= ? ORDER BY d.id");
    q->bind(path + "%").bind(from.str()).bind(to.str());
    std::vector<DisclosureRow> rows;
    while (q->step()) rows.push_back(read_row(q->row()));
    q.reset();
    for (const auto& d : rows) {
      const std::string st = deadline_json(d, cal, today)["status"];
      auto& k = disc[d.kind];
      ++k["total"];
      const std::string bucket = st == "due" || st == "due_soon" || st == "unknown" ? "open" : st;
      ++k[bucket];
      auto& r = by[t.owner(d.bureau_path)];
      ++r.disclosures;
      if (st == "published_late" || st == "overdue") ++r.disclosures_late;
    }
    auto rq = c.prepare(std::string(row_select()) + "WHERE b.path LIKE ? AND d.revocation IS NOT NULL ORDER BY d.id");
    rq->bind(path + "%");
    while (rq->step()) {
      auto d = read_row(rq->row());
      const std::string on = d.revocation.is_object() ? d.revocation.value("event_date", "") : "";
      if (on >= from.str() && on <= to.str()) ++revoked;
    }
  }
  json disclosures = json::array();
  for (const auto& [kind, label] : kinds()) {
    auto& k = disc[kind];
    disclosures.push_back({{"kind", kind},
                           {"label", label},
                           {"total", k["total"]},
                           {"published_on_time", k["published_on_time"]},
                           {"published_late", k["published_late"]},
                           {"overdue", k["overdue"]},
                           {"open", k["open"]},
                           {"withheld", k["withheld"]}});
  }

  json cases_j = {{"opened", {{"simple", opened["simple"]}, {"general", opened["general"]}, {"total", opened["simple"] + opened["general"]}}},
                  {"decided", json::object()},
                  {"by_outcome", json::object()},
                  {"closed", closed["simple"] + closed["general"]},
                  {"revoked", revoked}};
  std::map<std::string, int64_t> outcome_total;
  for (const char* proc : {"simple", "general"}) {
    json row = json::object();
    int64_t total = 0;
    for (const char* kind : {"penalty", "no_penalty", "other"}) {
      row[kind] = decided[proc][kind];
      total += decided[proc][kind];
      outcome_total[kind] += decided[proc][kind];
    }
    row["total"] = total;
    cases_j["decided"][proc] = row;
  }
  cases_j["by_outcome"] = outcome_total;

  // Credit (CRED-1): dishonesty records published in the year.
  int64_t credit_published = 0;
  std::map<std::string, int64_t> credit_levels;
  credit::RecordFilter cf;
  cf.bureau_id = b->id;
  credit::for_each_record(c, reader, cf, [&](const credit::RecordRow& r) {
    if (!r.published_on || *r.published_on < from.str() || *r.published_on > to.str()) return;
    ++credit_published;
    ++credit_levels[r.level];
  });

  // Records made late (REC-17, REC-18).
  json late = evidence::late_uploads(c, reader, path, from, to);
  int64_t late_no_reason = 0;
  for (const auto& r : late) {
    ++by[t.owner(r["bureau_path"])].late_uploads;
    if (r["late_reason"].is_string() && r["late_reason"].get<std::string>().find_first_not_of(" \t") == std::string::npos) ++late_no_reason;
  }
  int64_t archive_late = 0, archive_overdue = 0;
  for (const auto& r : cases::missed_deadlines(c, reader, path, from, to)) {
    if (r["kind"] != "archive_30") continue;
    ++by[t.owner(r["bureau_path"])].archives_late;
    if (r["status"] == "overdue") ++archive_overdue;
    else ++archive_late;
  }

  json rows = json::array();
  auto add = [&](const org::Bureau& x, const std::string& name) {
    const Row& r = by[x.id];
    rows.push_back({{"bureau_id", x.id},          {"name", name},
                    {"inspections", r.inspections}, {"with_problems", r.with_problems},
                    {"on_phone", r.mobile},         {"cases_decided", r.cases_decided},
                    {"penalties", r.penalties},     {"fines_fen", r.fines_fen},
                    {"reviews", r.reviews},         {"disclosures", r.disclosures},
                    {"disclosures_late", r.disclosures_late}, {"late_uploads", r.late_uploads},
                    {"archives_late", r.archives_late}});
  };
  add(t.bureau, t.bureau.name + "（本级）");
  for (const auto& ch : t.children) add(ch, ch.name);

  return {{"year", year},
          {"bureau", bureau_ref(t.bureau)},
          {"period", {{"from", from.str()}, {"to", to.str()}}},
          {"as_of", today.str()},
          {"spot_checks", spot},
          {"cases", cases_j},
          {"penalties", {{"count", penalties}, {"fines_fen", fines}, {"by_violation", violations}}},
          {"reviews", reviews},
          {"disclosures", disclosures},
          {"credit", {{"published", credit_published}, {"by_level", credit_levels}}},
          {"late_uploads", {{"count", late.size()}, {"without_reason", late_no_reason}}},
          {"archives", {{"archived_late", archive_late}, {"not_archived_overdue", archive_overdue}}},
          {"by_bureau", rows}};
}

json list_annual_reports(db::Connection& c, const org::Principal& p, std::optional<int> year, std::optional<int64_t> bureau_id,
                         const time::Date& today) {
  p.require("publicity.read");
  const int y = year.value_or(today.year - 1);
  if (y < 2000 || y > today.year) throw Error::invalid("year", "年度不在可查询的范围内", "annual.year_invalid");
  auto top = org::get_bureau(c, p, bureau_id.value_or(p.bureau_id));
  std::vector<org::Bureau> bureaus;
  // As the roster's reports upward (review/roster.cpp): the bureau itself and the city and county
  // bureaus below it; an internal unit (普查中心) publishes no report of its own.
  for (auto& x : org::list_bureaus(c, p))
    if (x.path.rfind(top.path, 0) == 0 && (x.id == top.id || x.level == "city" || x.level == "county")) bureaus.push_back(std::move(x));
  // The tree's order: the bureau first, each below it after its parent (paths sort so).
  std::sort(bureaus.begin(), bureaus.end(), [](const org::Bureau& a, const org::Bureau& b) { return a.path < b.path; });
  std::map<int64_t, Report> reports;
  {
    auto q = c.prepare(std::string(kReportSelect) + "WHERE r.year = ? AND b.path LIKE ?");
    q->bind(int64_t(y)).bind(top.path + "%");
    while (q->step()) {
      auto r = read_report(q->row());
      reports[r.bureau_id] = r;
    }
  }
  json items = json::array(), overdue = json::array();
  std::map<std::string, int64_t> counts;
  for (const auto& b : bureaus) {
    auto it = reports.find(b.id);
    const Report* r = it == reports.end() ? nullptr : &it->second;
    const std::string ds = annual_state(y, r ? first_published(*r) : std::nullopt, today);
    ++counts[ds];
    if (ds == "overdue") overdue.push_back(b.name);
    json item = {{"bureau", bureau_ref(b)},
                 {"parent_id", b.parent_id ? json(*b.parent_id) : json(nullptr)},
                 {"report_id", r ? json(r->id) : json(nullptr)},
                 {"state", r ? json(r->state) : json("none")},
                 {"deadline_state", ds},
                 {"published_on", r ? opt(r->first_published_on) : json(nullptr)},
                 {"version", nullptr}};
    if (r && r->working) {
      auto q = c.prepare("SELECT version FROM annual_report_versions WHERE id = ?");
      q->bind(*r->working);
      if (q->step()) item["version"] = q->row().i64(0);
    }
    items.push_back(std::move(item));
  }
  return {{"year", y}, {"due_on", annual_due_on(y).str()}, {"today", today.str()}, {"counts", counts}, {"overdue", overdue}, {"items", items}};
}

json get_annual_report(db::Connection& c, const org::Principal& p, int64_t id, const time::Date& today) {
  p.require("publicity.read");
  const Report r = load_report(c, p, id);
  const auto vs = versions_of(c, r.id);
  const Version* working = version_by_id(vs, r.working);
  const Version* current = version_by_id(vs, r.current);
  json versions = json::array();
  for (auto it = vs.rbegin(); it != vs.rend(); ++it) versions.push_back(version_json(c, *it));
  const auto b = bureau_of(c, r.bureau_id);
  json superior = nullptr;
  if (b.parent_id)
    if (auto up = org::find_bureau(c, *b.parent_id)) superior = bureau_ref(*up);
  return {{"id", r.id},
          {"bureau", bureau_ref(b)},
          {"superior", superior},
          {"year", r.year},
          {"due_on", annual_due_on(r.year).str()},
          {"state", r.state},
          {"deadline_state", annual_state(r.year, first_published(r), today)},
          {"first_published_on", opt(r.first_published_on)},
          {"working", working ? version_json(c, *working) : json(nullptr)},
          {"current", current ? version_json(c, *current) : json(nullptr)},
          {"versions", versions},
          {"actions", actions_for(p, r, working, today)}};
}

json compile_annual_report(db::Connection& c, const org::Principal& p, const json& in, const time::Date& today, bool year_so_far) {
  p.require("publicity.collect");
  const int year = parse_year(in, today, year_so_far);
  auto existing = find_report(c, "WHERE r.bureau_id = ? AND r.year = ?", {p.bureau_id, int64_t(year)});
  if (!existing) {
    json numbers = annual_numbers(c, p, p.bureau_id, year, today);
    auto q = c.prepare("INSERT INTO annual_reports (bureau_id, year, state, created_by, created_at) VALUES (?, ?, 'draft', ?, ?) RETURNING id");
    q->bind(p.bureau_id).bind(int64_t(year)).bind(p.user_id).bind(time::to_iso(time::now()));
    q->step();
    const int64_t rid = q->row().i64(0);
    q.reset();
    const int64_t vid = insert_version(c, p, rid, 1, numbers, today, std::nullopt, std::nullopt);
    set_report(c, p, "publicity.annual.compile", rid, "draft", vid, std::nullopt, std::nullopt);
    return get_annual_report(c, p, rid, today);
  }
  const auto vs = versions_of(c, existing->id);
  const Version* working = version_by_id(vs, existing->working);
  if (working && working->state == "published")
    throw Error::conflict("annual.published", "该年度统计年报已发布，只能以更正的方式修改（需说明更正原因）");
  json numbers = annual_numbers(c, p, p.bureau_id, year, today);
  std::optional<int64_t> corrects;
  std::optional<std::string> reason;
  if (working) {
    // A pending correction recompiled stays the correction it was.
    corrects = working->corrects;
    reason = working->correction_reason;
    supersede(c, p, *working);
  }
  const int64_t vid = insert_version(c, p, existing->id, vs.empty() ? 1 : vs.back().version + 1, numbers, today, corrects, reason);
  set_report(c, p, "publicity.annual.compile", existing->id, "draft", vid, existing->current, existing->first_published_on);
  return get_annual_report(c, p, existing->id, today);
}

json review_annual_report(db::Connection& c, const org::Principal& p, int64_t id, const json& in, const time::Date& today) {
  p.require("publicity.review");
  const Report r = load_report(c, p, id);
  const auto vs = versions_of(c, r.id);
  const Version* w = version_by_id(vs, r.working);
  if (!w || w->state != "draft") throw Error::conflict("annual.state", "只有草稿状态的统计年报可以审核");
  if (w->compiled_by == p.user_id)
    throw Error::conflict("annual.self_review", "统计年报应由编制人以外的人员审核");
  const std::string opinion = text_of(in, "opinion");
  if (opinion.empty()) throw Error::required("opinion", "审核意见");
  if (utf8_length(opinion) > 1000) throw Error::invalid("opinion", "审核意见不超过 1000 个字符");
  auto u = c.prepare("UPDATE annual_report_versions SET state = 'reviewed', reviewed_by = ?, reviewed_at = ?, review_opinion = ? WHERE id = ?");
  u->bind(p.user_id).bind(time::to_iso(time::now())).bind(opinion).bind(w->id);
  u->exec();
  record_version(c, p, "publicity.annual.review", w->id, r.id);
  set_report(c, p, "publicity.annual.review", r.id, "reviewed", r.working, r.current, r.first_published_on);
  return get_annual_report(c, p, r.id, today);
}

json publish_annual_report(db::Connection& c, const org::Principal& p, int64_t id, const time::Date& today) {
  p.require("publicity.publish");
  const Report r = load_report(c, p, id);
  const auto vs = versions_of(c, r.id);
  const Version* w = version_by_id(vs, r.working);
  if (!w || w->state != "reviewed") throw Error::conflict("annual.state", "只有已审核的统计年报可以发布");
  if (r.year >= today.year) throw Error::conflict("annual.year_not_over", "年度尚未结束，统计年报不能发布");
  const auto b = bureau_of(c, r.bureau_id);
  // 000 §1.3: 报同级政府和上级主管部门 — publishing is the report upward; the superior reads it in
  // its list of reports from below.
  json reported = {{"government", government_of(b)}, {"superior", nullptr}, {"on", today.str()}};
  if (b.parent_id)
    if (auto up = org::find_bureau(c, *b.parent_id)) reported["superior"] = {{"id", up->id}, {"name", up->name}};
  auto u = c.prepare(
      "UPDATE annual_report_versions SET state = 'published', published_by = ?, published_at = ?, published_on = ?, reported_to = ? WHERE id = ?");
  u->bind(p.user_id).bind(time::to_iso(time::now())).bind(today.str()).bind(canonical_json(reported)).bind(w->id);
  u->exec();
  record_version(c, p, "publicity.annual.publish", w->id, r.id);
  if (const Version* old = version_by_id(vs, r.current)) {
    auto m = c.prepare("UPDATE annual_report_versions SET state = 'corrected' WHERE id = ?");
    m->bind(old->id);
    m->exec();
    record_version(c, p, "publicity.annual.corrected", old->id, r.id);
  }
  set_report(c, p, "publicity.annual.publish", r.id, "published", w->id, w->id, r.first_published_on.value_or(today.str()));
  return get_annual_report(c, p, r.id, today);
}

json correct_annual_report(db::Connection& c, const org::Principal& p, int64_t id, const json& in, const time::Date& today) {
  p.require("publicity.collect");
  const Report r = load_report(c, p, id);
  if (r.bureau_id != p.bureau_id) throw Error::forbidden("annual.own_bureau", "只能更正本机关的统计年报");
  const auto vs = versions_of(c, r.id);
  const Version* w = version_by_id(vs, r.working);
  if (!r.current || !w || w->state != "published")
    throw Error::conflict("annual.not_published", "统计年报尚未发布或已有待发布的更正，请编制或审核当前版本");
  const std::string reason = text_of(in, "reason");
  if (reason.empty()) throw Error::required("reason", "更正原因");
  if (utf8_length(reason) > 1000) throw Error::invalid("reason", "更正原因不超过 1000 个字符");
  json numbers = annual_numbers(c, p, r.bureau_id, r.year, today);
  const int64_t vid = insert_version(c, p, r.id, vs.back().version + 1, numbers, today, r.current, reason);
  set_report(c, p, "publicity.annual.correct", r.id, "draft", vid, r.current, r.first_published_on);
  return get_annual_report(c, p, r.id, today);
}

json portal_annual_reports(db::Connection& c, std::optional<int> year, std::optional<int64_t> bureau_id) {
  std::string where = "WHERE r.current_version_id IS NOT NULL";
  std::vector<db::Value> args;
  if (year) {
    where += " AND r.year = ?";
    args.push_back(int64_t(*year));
  }
  if (bureau_id) {
    where += " AND r.bureau_id = ?";
    args.push_back(*bureau_id);
  }
  auto q = c.prepare(
      "SELECT r.id, r.year, b.id, b.name, b.code, b.level, v.version, v.published_on, v.corrects_version_id FROM annual_reports r "
      "JOIN bureaus b ON b.id = r.bureau_id JOIN annual_report_versions v ON v.id = r.current_version_id " +
      where + " ORDER BY r.year DESC, b.path");
  for (const auto& a : args) q->bind(a);
  json items = json::array();
  while (q->step()) {
    const auto& x = q->row();
    items.push_back({{"id", x.i64(0)},
                     {"year", x.i64(1)},
                     {"bureau", {{"id", x.i64(2)}, {"name", x.text(3)}, {"code", x.text(4)}, {"level", x.text(5)}}},
                     {"version", x.i64(6)},
                     {"published_on", x.opt_text(7) ? json(x.text(7)) : json(nullptr)},
                     {"corrected", !x.is_null(8)}});
  }
  return {{"items", items}};
}

json portal_annual_report(db::Connection& c, int64_t id) {
  auto r = find_report(c, "WHERE r.id = ?", {id});
  if (!r || !r->current) throw Error::not_found("annual.not_found", "统计年报不存在或尚未发布");
  const auto vs = versions_of(c, r->id);
  const Version* cur = version_by_id(vs, r->current);
  const auto b = bureau_of(c, r->bureau_id);
  json history = json::array();
  for (auto it = vs.rbegin(); it != vs.rend(); ++it)
    if (it->published_on)
      history.push_back({{"version", it->version}, {"state", it->state}, {"published_on", *it->published_on},
                         {"correction_reason", opt(it->correction_reason)}});
  return {{"id", r->id},
          {"bureau", bureau_ref(b)},
          {"year", r->year},
          {"due_on", annual_due_on(r->year).str()},
          {"first_published_on", opt(r->first_published_on)},
          {"published_on", opt(cur->published_on)},
          {"version", cur->version},
          {"reported_to", cur->reported_to ? json::parse(*cur->reported_to) : json(nullptr)},
          {"numbers", json::parse(cur->numbers)},
          {"history", history}};
}

}  // namespace zhifa::publicity
