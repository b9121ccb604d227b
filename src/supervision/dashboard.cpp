#include "supervision/dashboard.h"

#include <algorithm>
#include <array>
#include <functional>
#include <map>

#include "base/error.h"
#include "cases/stats.h"
#include "evidence/stats.h"
#include "org/bureaus.h"
#include "publicity/deadlines.h"
#include "review/stats.h"

namespace zhifa::supervision {
namespace {

using nlohmann::json;

// The subtree asked for and its direct children, which the breakdowns are by.
struct Scope {
  org::Bureau bureau;
  std::vector<org::Bureau> children;
};

Scope resolve(db::Connection& c, const org::Principal& p, std::optional<int64_t> bureau_id) {
  p.require("supervision.read");
  auto b = org::find_bureau(c, bureau_id.value_or(p.bureau_id));
  if (!b || !p.covers_path(b->path)) throw Error::not_found("bureau.not_found", "机构不存在或不在您的管辖范围内");
  Scope s{*b, {}};
  for (auto& x : org::list_bureaus(c, p))
    if (x.parent_id && *x.parent_id == b->id) s.children.push_back(std::move(x));
  std::sort(s.children.begin(), s.children.end(), [](const org::Bureau& x, const org::Bureau& y) {
    return org::division_order(x.division_code, x.name, y.division_code, y.name);
  });
  return s;
}

// The breakdown key of a record: the child bureau whose subtree holds it, or the bureau itself.
const org::Bureau& owner_of(const Scope& s, const std::string& path) {
  for (const auto& ch : s.children)
    if (path.rfind(ch.path, 0) == 0) return ch;
  return s.bureau;
}

// Rows per breakdown entry: the bureau itself (本级) first, then each child, in the tree's order.
json breakdown(const Scope& s, const std::function<void(const org::Bureau&, json&)>& fill) {
  json out = json::array();
  auto add = [&](const org::Bureau& b, const std::string& name) {
    json row = {{"bureau_id", b.id}, {"name", name}};
    fill(b, row);
    out.push_back(std::move(row));
  };
  add(s.bureau, s.bureau.name + "（本级）");
  for (const auto& ch : s.children) add(ch, ch.name);
  return out;
}

json count_by_bureau(const Scope& s, const json& records) {
  std::map<int64_t, int64_t> n;
  for (const auto& r : records) ++n[owner_of(s, r["bureau_path"].get<std::string>()).id];
  return breakdown(s, [&](const org::Bureau& b, json& row) { row["value"] = n.count(b.id) ? n[b.id] : 0; });
}

std::string link_case(int64_t id) { return "/cases/" + std::to_string(id); }

// ---- the metrics with records behind them ---------------------------------------------------

struct Drill {
  const char* code;
  const char* label;
  const char* requirement;
  // [{key, label}] shown as the drill-down table's columns.
  json columns;
  std::function<json(db::Connection&, const org::Principal&, const Scope&, const Period&)> records;
};

json missed(db::Connection& c, const org::Principal& p, const Scope& s, const Period& per,
            const std::function<bool(const json&)>& keep) {
  json out = json::array();
  for (auto& r : cases::missed_deadlines(c, p, s.bureau.path, per.from, per.to))
    if (keep(r)) {
      r["title"] = r["number"].get<std::string>() + " " + r["party_name"].get<std::string>();
      r["link"] = link_case(r["case_id"].get<int64_t>());
      out.push_back(std::move(r));
    }
  return out;
}

const std::vector<Drill>& drills() {
  static const json case_columns = json::array({{{"key", "number"}, {"label", "案件编号"}},
                                                {{"key", "party_name"}, {"label", "当事人"}},
                                                {{"key", "bureau_name"}, {"label", "办案机构"}},
                                                {{"key", "from"}, {"label", "起算日"}},
                                                {{"key", "due"}, {"label", "期限届满"}},
                                                {{"key", "done_on"}, {"label", "完成日"}},
                                                {{"key", "days_late"}, {"label", "逾期天数"}}});
  static const std::vector<Drill> all = {
      {"late_uploads", "执法记录迟延上传（超过 24 小时）", "REC-18",
       json::array({{{"key", "title"}, {"label", "记录"}},
                    {{"key", "kind"}, {"label", "类型"}},
                    {{"key", "bureau_name"}, {"label", "机构"}},
                    {{"key", "captured_at"}, {"label", "拍摄时间"}},
                    {{"key", "uploaded_at"}, {"label", "上传时间"}},
                    {{"key", "hours_late"}, {"label", "超出 24 小时（小时）"}},
                    {{"key", "late_reason"}, {"label", "迟延原因"}}}),
       [](db::Connection& c, const org::Principal& p, const Scope& s, const Period& per) {
         json out = evidence::late_uploads(c, p, s.bureau.path, per.from, per.to);
         for (auto& r : out) {
           const std::string kind = r["owner_kind"].is_string() ? r["owner_kind"].get<std::string>() : "";
           const std::string id = r["owner_id"].is_string() ? r["owner_id"].get<std::string>() : "";
           r["link"] = kind == "case" ? "/cases/" + id : kind == "inspection" ? "/spotcheck/inspections/" + id : std::string("/evidence");
         }
         return out;
       }},
      {"late_uploads_no_reason", "迟延上传未说明原因", "REC-18",
       json::array({{{"key", "title"}, {"label", "记录"}},
                    {{"key", "bureau_name"}, {"label", "机构"}},
                    {{"key", "captured_at"}, {"label", "拍摄时间"}},
                    {{"key", "uploaded_at"}, {"label", "上传时间"}}}),
       [](db::Connection& c, const org::Principal& p, const Scope& s, const Period& per) {
         json out = json::array();
         for (auto& r : drills()[0].records(c, p, s, per))
           if (r["late_reason"].get<std::string>().find_first_not_of(" \t") == std::string::npos) out.push_back(std::move(r));
         return out;
       }},
      {"archive_overdue", "结案逾 30 日未归档", "REC-17", case_columns,
       [](db::Connection& c, const org::Principal& p, const Scope& s, const Period& per) {
         return missed(c, p, s, per, [](const json& r) { return r["kind"] == "archive_30" && r["status"] == "overdue"; });
       }},
      {"archive_late", "逾期归档", "REC-17", case_columns,
       [](db::Connection& c, const org::Principal& p, const Scope& s, const Period& per) {
         return missed(c, p, s, per, [](const json& r) { return r["kind"] == "archive_30" && r["status"] == "done_late"; });
       }},
      {"decision_overdue", "立案逾 90 日未作出决定", "REC-21", case_columns,
       [](db::Connection& c, const org::Principal& p, const Scope& s, const Period& per) {
         return missed(c, p, s, per, [](const json& r) { return r["kind"] == "decision_90" && r["status"] == "overdue"; });
       }},
      // REC-21 (002 Art 30): a record not made when the law required it. What src/cases flags:
      // the emergency start's approval after 24 hours and the decision served after 7 working days.
      {"records_missing", "记录未按时制作的案件", "REC-21",
       json::array({{{"key", "number"}, {"label", "案件编号"}},
                    {{"key", "party_name"}, {"label", "当事人"}},
                    {{"key", "bureau_name"}, {"label", "办案机构"}},
                    {{"key", "problems"}, {"label", "问题"}},
                    {{"key", "days_late"}, {"label", "最长逾期天数"}}}),
       [](db::Connection& c, const org::Principal& p, const Scope& s, const Period& per) {
         json rows = missed(c, p, s, per, [](const json& r) { return r["kind"] == "emergency_approval" || r["kind"] == "service"; });
         std::map<int64_t, json> by_case;
         std::vector<int64_t> order;
         for (const auto& r : rows) {
           int64_t id = r["case_id"];
           const std::string what = r["label"].get<std::string>() + (r["status"] == "overdue" ? "（未办理）" : "（迟延办理）");
           if (!by_case.count(id)) {
             order.push_back(id);
             json head = r;
             head["problems"] = what;
             by_case[id] = head;
           } else {
             auto& h = by_case[id];
             h["problems"] = h["problems"].get<std::string>() + "；" + what;
             h["days_late"] = std::max(h["days_late"].get<int64_t>(), r["days_late"].get<int64_t>());
           }
         }
         json out = json::array();
         for (int64_t id : order) out.push_back(by_case[id]);
         return out;
       }},
      {"reviews_concluded", "完成的法制审核", "REV-4",
       json::array({{{"key", "case_number"}, {"label", "案件编号"}},
                    {{"key", "party_name"}, {"label", "当事人"}},
                    {{"key", "bureau_name"}, {"label", "机构"}},
                    {{"key", "submitted_on"}, {"label", "送审日"}},
                    {{"key", "concluded_on"}, {"label", "审结日"}},
                    {{"key", "workdays"}, {"label", "用时（工作日）"}},
                    {{"key", "due_on"}, {"label", "审核期限"}}}),
       [](db::Connection& c, const org::Principal& p, const Scope& s, const Period& per) {
         json out = review::concluded_reviews(c, p, s.bureau.path, per.from, per.to);
         for (auto& r : out) {
           r["title"] = r["case_number"];
           r["link"] = "/review/reviews/" + std::to_string(r["id"].get<int64_t>());
         }
         return out;
       }},
      {"reviews_overdue", "超过审核期限未审结", "REV-4",
       json::array({{{"key", "case_number"}, {"label", "案件编号"}},
                    {{"key", "party_name"}, {"label", "当事人"}},
                    {{"key", "bureau_name"}, {"label", "机构"}},
                    {{"key", "submitted_on"}, {"label", "送审日"}},
                    {{"key", "due_on"}, {"label", "审核期限"}},
                    {{"key", "workdays_late"}, {"label", "逾期（工作日）"}}}),
       [](db::Connection& c, const org::Principal& p, const Scope& s, const Period& per) {
         json out = review::overdue_reviews(c, p, s.bureau.path, per.from, per.to);
         for (auto& r : out) {
           r["title"] = r["case_number"];
           r["link"] = "/review/reviews/" + std::to_string(r["id"].get<int64_t>());
         }
         return out;
       }},
      {"inspections_off_phone", "未全程使用掌上执法的检查", "INF-1",
       json::array({{{"key", "object_name"}, {"label", "检查对象"}},
                    {{"key", "item_name"}, {"label", "抽查事项"}},
                    {{"key", "bureau_name"}, {"label", "机构"}},
                    {{"key", "completed_at"}, {"label", "完成时间"}},
                    {{"key", "console_steps"}, {"label", "电脑端记录步骤数"}}}),
       [](db::Connection& c, const org::Principal& p, const Scope& s, const Period& per) {
         json out = cases::inspections_off_phone(c, p, s.bureau.path, per.from, per.to);
         for (auto& r : out) {
           r["title"] = r["object_name"];
           r["link"] = "/spotcheck/inspections/" + std::to_string(r["id"].get<int64_t>());
         }
         return out;
       }},
  };
  return all;
}

const Drill* find_drill(const std::string& code) {
  for (const auto& d : drills())
    if (code == d.code) return &d;
  return nullptr;
}

json share(int64_t num, int64_t den) { return den ? json(double(num) / double(den)) : json(nullptr); }

// Median of a sorted list (the mean of the middle two for an even count).
json median(const std::vector<int64_t>& v) {
  if (v.empty()) return nullptr;
  size_t n = v.size();
  return n % 2 ? json(v[n / 2]) : json(double(v[n / 2 - 1] + v[n / 2]) / 2.0);
}

json count_metric(const Drill& d, const Scope& s, const json& records) {
  return {{"label", d.label}, {"requirement", d.requirement}, {"value", records.size()}, {"drill", d.code},
          {"by_bureau", count_by_bureau(s, records)}};
}

}  // namespace

Period parse_period(const std::string& from, const std::string& to) {
  Period out;
  if (to.empty()) {
    out.to = time::today_shanghai();
  } else {
    auto d = time::parse_date(to);
    if (!d) throw Error::invalid("to", "截止日期应为 YYYY-MM-DD 格式的有效日期");
    out.to = *d;
  }
  if (from.empty()) {
    out.from = time::Date{out.to.year, 1, 1};
  } else {
    auto d = time::parse_date(from);
    if (!d) throw Error::invalid("from", "起始日期应为 YYYY-MM-DD 格式的有效日期");
    out.from = *d;
  }
  if (out.from > out.to) throw Error::invalid("from", "起始日期不能晚于截止日期");
  if (out.to.year - out.from.year > 10) throw Error::invalid("from", "统计期间不能超过十年");
  return out;
}

json dashboard(db::Connection& c, const org::Principal& p, std::optional<int64_t> bureau_id, const Period& per) {
  const Scope s = resolve(c, p, bureau_id);
  const std::string& path = s.bureau.path;
  json metrics = json::object();

  std::map<std::string, json> records;
  for (const auto& d : drills()) {
    records[d.code] = d.records(c, p, s, per);
    metrics[d.code] = count_metric(d, s, records[d.code]);
  }
  {
    // The basis of the late uploads: by kind of record (REC-18 is about audio and video).
    std::map<std::string, int64_t> kinds;
    for (const auto& r : records["late_uploads"]) ++kinds[r["kind"].get<std::string>()];
    metrics["late_uploads"]["basis"] = {{"by_kind", kinds}, {"without_reason", records["late_uploads_no_reason"].size()}};
  }

  {
    // REV-4: working days from submission to conclusion.
    const auto& rs = records["reviews_concluded"];
    std::vector<int64_t> days;
    std::map<int64_t, std::vector<int64_t>> per_bureau;
    for (const auto& r : rs)
      if (r["workdays"].is_number()) {
        days.push_back(r["workdays"]);
        per_bureau[owner_of(s, r["bureau_path"]).id].push_back(r["workdays"]);
      }
    std::sort(days.begin(), days.end());
    metrics["review_times"] = {
        {"label", "法制审核用时（工作日）"},
        {"requirement", "REV-4"},
        {"value", median(days)},
        {"basis", {{"count", rs.size()}, {"timed", days.size()}, {"median", median(days)}, {"max", days.empty() ? json(nullptr) : json(days.back())},
                   {"late", std::count_if(rs.begin(), rs.end(), [](const json& r) { return r["late"] == true; })},
                   {"overdue_open", records["reviews_overdue"].size()}}},
        {"drill", "reviews_concluded"},
        {"by_bureau", breakdown(s, [&](const org::Bureau& b, json& row) {
           auto v = per_bureau[b.id];
           std::sort(v.begin(), v.end());
           row["count"] = v.size();
           row["median"] = median(v);
           row["max"] = v.empty() ? json(nullptr) : json(v.back());
         })}};
  }

  {
    // INF-1: completed inspections recorded wholly on the phone, target 100%.
    std::map<int64_t, std::pair<int64_t, int64_t>> by;
    int64_t all = 0, mobile = 0;
    for (const auto& r : cases::inspections_by_channel(c, p, path, per.from, per.to)) {
      auto& x = by[owner_of(s, r["bureau_path"]).id];
      x.first += r["completed"].get<int64_t>();
      x.second += r["mobile"].get<int64_t>();
      all += r["completed"].get<int64_t>();
      mobile += r["mobile"].get<int64_t>();
    }
    metrics["mobile_share"] = {{"label", "掌上执法使用率"},
                               {"requirement", "INF-1"},
                               {"value", share(mobile, all)},
                               {"target", 1.0},
                               {"basis", {{"numerator", mobile}, {"denominator", all}, {"off_phone", all - mobile}}},
                               {"drill", "inspections_off_phone"},
                               {"by_bureau", breakdown(s, [&](const org::Bureau& b, json& row) {
                                  auto x = by[b.id];
                                  row["completed"] = x.first;
                                  row["mobile"] = x.second;
                                  row["value"] = share(x.second, x.first);
                                })}};
  }

  {
    // DR-4: the plans in force for the years of the period.
    json plans = cases::plan_coverage(c, p, path, per.from.year, per.to.year);
    int64_t planned = 0, drawn = 0, done = 0, undrawn = 0;
    std::map<int64_t, std::array<int64_t, 3>> by;
    for (auto& pl : plans) {
      planned += pl["planned"].get<int64_t>();
      undrawn += pl["undrawn_lines"].get<int64_t>();
      drawn += pl["drawn"].get<int64_t>();
      done += pl["completed"].get<int64_t>();
      auto& x = by[owner_of(s, pl["bureau_path"]).id];
      x[0] += pl["planned"].get<int64_t>();
      x[1] += pl["drawn"].get<int64_t>();
      x[2] += pl["completed"].get<int64_t>();
      pl["link"] = "/spotcheck/plans/" + std::to_string(pl["plan_id"].get<int64_t>());
    }
    metrics["plan_coverage"] = {{"label", "抽查计划完成率"},
                                {"requirement", "DR-4"},
                                {"value", share(done, drawn)},
                                {"basis", {{"planned", planned}, {"undrawn_lines", undrawn}, {"drawn", drawn}, {"completed", done},
                                           {"numerator", done}, {"denominator", drawn}}},
                                {"plans", plans},
                                {"by_bureau", breakdown(s, [&](const org::Bureau& b, json& row) {
                                   auto x = by[b.id];
                                   row["planned"] = x[0];
                                   row["drawn"] = x[1];
                                   row["completed"] = x[2];
                                   row["value"] = share(x[2], x[1]);
                                 })}};
  }

  {
    // Tasks and cases per inspector: the busiest ten and how the load is spread.
    json rows = cases::inspector_workload(c, p, path, per.from, per.to);
    std::vector<int64_t> loads;
    int64_t tasks = 0, kases = 0;
    std::map<int64_t, std::array<int64_t, 3>> by;
    for (const auto& r : rows) {
      int64_t t = r["tasks"], k = r["cases"];
      loads.push_back(t + k);
      tasks += t;
      kases += k;
      auto& x = by[owner_of(s, r["bureau_path"]).id];
      x[0] += 1;
      x[1] += t;
      x[2] += k;
    }
    std::sort(loads.begin(), loads.end());
    json top = json::array();
    for (size_t i = 0; i < rows.size() && i < 10; ++i) top.push_back(rows[i]);
    metrics["workload"] = {{"label", "执法人员工作量"},
                           {"requirement", "REC-24"},
                           {"value", loads.empty() ? json(nullptr) : json(double(tasks + kases) / double(loads.size()))},
                           {"basis", {{"inspectors", loads.size()}, {"tasks", tasks}, {"cases", kases},
                                      {"min", loads.empty() ? json(nullptr) : json(loads.front())},
                                      {"median", median(loads)},
                                      {"max", loads.empty() ? json(nullptr) : json(loads.back())},
                                      {"idle", std::count(loads.begin(), loads.end(), 0)}}},
                           {"top", top},
                           {"by_bureau", breakdown(s, [&](const org::Bureau& b, json& row) {
                              auto x = by[b.id];
                              row["inspectors"] = x[0];
                              row["tasks"] = x[1];
                              row["cases"] = x[2];
                              row["value"] = x[0] ? json(double(x[1] + x[2]) / double(x[0])) : json(nullptr);
                            })}};
  }

  {
    // PUB-7, PUB-8: disclosures past their deadline now (publicity's own count; not by period).
    auto total = publicity::deadline_counts(c, p, s.bureau.id);
    std::map<int64_t, json> per_child;
    int64_t in_children = 0;
    for (const auto& ch : s.children) {
      per_child[ch.id] = publicity::deadline_counts(c, p, ch.id);
      in_children += per_child[ch.id]["overdue"].get<int64_t>();
    }
    metrics["disclosures_overdue"] = {{"label", "逾期未公示（当前）"},
                                      {"requirement", "PUB-7"},
                                      {"value", total["overdue"]},
                                      {"basis", total},
                                      {"by_bureau", breakdown(s, [&](const org::Bureau& b, json& row) {
                                         row["value"] = b.id == s.bureau.id ? total["overdue"].get<int64_t>() - in_children
                                                                            : per_child[b.id]["overdue"].get<int64_t>();
                                       })}};
  }

  json children = json::array();
  for (const auto& ch : s.children) children.push_back({{"bureau_id", ch.id}, {"name", ch.name}});
  return {{"bureau", {{"id", s.bureau.id}, {"name", s.bureau.name}}},
          {"period", {{"from", per.from.str()}, {"to", per.to.str()}}},
          {"as_of", time::today_shanghai().str()},
          {"children", children},
          {"metrics", metrics}};
}

json drilldown(db::Connection& c, const org::Principal& p, const std::string& metric, std::optional<int64_t> bureau_id,
               const Period& per, int64_t page, int64_t page_size) {
  p.require("supervision.read");
  const Drill* d = find_drill(metric);
  if (!d) throw Error::not_found("supervision.metric_unknown", "没有这项监督指标的明细");
  const Scope s = resolve(c, p, bureau_id);
  json all = d->records(c, p, s, per);
  const int64_t size = std::clamp<int64_t>(page_size, 1, 200), pg = std::max<int64_t>(page, 1);
  json items = json::array();
  for (int64_t i = (pg - 1) * size; i < int64_t(all.size()) && i < pg * size; ++i) items.push_back(all[size_t(i)]);
  return {{"metric", d->code},
          {"label", d->label},
          {"requirement", d->requirement},
          {"bureau", {{"id", s.bureau.id}, {"name", s.bureau.name}}},
          {"period", {{"from", per.from.str()}, {"to", per.to.str()}}},
          {"columns", d->columns},
          {"total", all.size()},
          {"page", pg},
          {"page_size", size},
          {"items", items}};
}

}  // namespace zhifa::supervision
