#include "publicity/deadlines.h"

#include <algorithm>
#include <set>

#include "base/error.h"
#include "calendar/calendar_service.h"
#include "org/bureaus.h"
#include "publicity/disclosures.h"

namespace zhifa::publicity {
namespace {

using nlohmann::json;

std::optional<time::Date> parse(const std::optional<std::string>& s) { return s ? time::parse_date(*s) : std::nullopt; }

// due | due_soon | overdue | unknown for an act not done by `today`.
std::string open_status(const calendar::WorkCalendar& cal, std::optional<time::Date> due, time::Date today, json& j) {
  if (!due) return "unknown";
  if (today > *due) {
    j["workdays_left"] = cal.workdays_between(today, *due).value_or(due->days() - today.days());
    return "overdue";
  }
  auto left = cal.workdays_between(today, *due);
  j["workdays_left"] = left ? json(*left) : json(nullptr);
  // Without the calendar for today (unlikely: the due date's year is loaded) calendar days stand in.
  int64_t n = left.value_or(due->days() - today.days());
  return n <= kDueSoonWorkdays ? "due_soon" : "due";
}

std::string scope_path(db::Connection& c, const org::Principal& p, std::optional<int64_t> bureau_id) {
  if (!bureau_id) return p.bureau_path;
  auto b = org::find_bureau(c, *bureau_id);
  if (!b || !p.covers_path(b->path)) throw Error::not_found("bureau.not_found", "机构不存在或不在您的管辖范围内");
  return b->path;
}

// The dates a status test compares stored due dates with: today, and the first due date that is
// no longer due_soon (the (kDueSoonWorkdays+1)-th working day after today, as open_status counts).
struct Bounds {
  std::string today, soon;
};

Bounds bounds(const calendar::WorkCalendar& cal, time::Date today) {
  auto soon = cal.add_workdays(today, kDueSoonWorkdays + 1);
  return {today.str(), soon ? soon->str() : today.plus_days(kDueSoonWorkdays + 1).str()};
}

// SQL conditions over the stored due dates, one per status, with the Bounds they bind (in
// order). A row whose due date was not stored (its year was not in the calendar at collection)
// matches none of them: it is read by `unstored_rows` and classified by deadline_json.
struct Cond {
  std::string sql;
  std::vector<std::string> args;
};

const char* kOpen = "d.first_published_on IS NULL AND d.state <> 'withheld'";
const char* kTakedownOpen = "d.revocation IS NOT NULL AND d.withdrawn_on IS NULL";

Cond status_cond(const std::string& status, const Bounds& b) {
  const std::string open = kOpen, tk = kTakedownOpen;
  if (status == "due") return {open + " AND d.due_on >= ?", {b.today}};
  if (status == "due_soon") return {open + " AND d.due_on >= ? AND d.due_on < ?", {b.today, b.soon}};
  if (status == "overdue") return {open + " AND d.due_on < ?", {b.today}};
  if (status == "published_on_time") return {"d.first_published_on <= d.due_on", {}};
  if (status == "published_late") return {"d.first_published_on > d.due_on", {}};
  if (status == "takedown_due") return {tk + " AND d.takedown_due_on >= ?", {b.today}};
  if (status == "takedown_overdue") return {tk + " AND d.takedown_due_on < ?", {b.today}};
  if (status == "unknown") return {"1 = 0", {}};  // only unstored rows can be unknown
  // "": every open or late one.
  return {"((" + open + " AND d.due_on IS NOT NULL) OR d.first_published_on > d.due_on OR (" + tk +
              " AND d.takedown_due_on IS NOT NULL))",
          {}};
}

// The rows of the subtree whose due date (or, for an open takedown, takedown date) is not stored.
std::vector<DisclosureRow> unstored_rows(db::Connection& c, const std::string& path) {
  auto q = c.prepare(std::string(row_select()) + "WHERE b.path LIKE ? AND (d.due_on IS NULL OR (" + kTakedownOpen +
                     " AND d.takedown_due_on IS NULL)) ORDER BY d.id");
  q->bind(path + "%");
  std::vector<DisclosureRow> out;
  while (q->step()) out.push_back(read_row(q->row()));
  return out;
}

// Whether deadline_json's result `j` has `status` (the list's filter; "" = every open or late one).
bool has_status(const json& j, const std::string& status) {
  const std::string st = j["status"];
  const std::string tst = j["takedown"].is_object() ? j["takedown"]["status"].get<std::string>() : "";
  const bool takedown_open = tst == "due" || tst == "due_soon" || tst == "overdue" || tst == "unknown";
  if (status.empty()) return st == "due" || st == "due_soon" || st == "overdue" || st == "unknown" || st == "published_late" || takedown_open;
  if (status == "due") return st == "due" || st == "due_soon";
  if (status == "takedown_due") return takedown_open && tst != "overdue";
  if (status == "takedown_overdue") return tst == "overdue";
  return st == status;
}

}  // namespace

int period_workdays(const std::string& kind) {
  // 000 §1.3: 行政许可、行政处罚的执法决定信息 7 个工作日；其他执法决定 20 个工作日；撤下 7 个工作日.
  // 004 §3.4 / PUB-11: spot-check results 20 working days after the check ends.
  if (kind == "penalty_decision" || kind == "licensing_decision" || kind == "takedown") return 7;
  return 20;
}

std::optional<time::Date> due_date(const calendar::WorkCalendar& cal, const std::string& kind, time::Date event_date) {
  return cal.add_workdays(event_date, period_workdays(kind));
}

json deadline_json(const DisclosureRow& d, const calendar::WorkCalendar& cal, time::Date today) {
  const auto event = *time::parse_date(d.event_date);
  auto due = d.due_on ? parse(d.due_on) : due_date(cal, d.kind, event);
  json j = {{"due", due ? json(due->str()) : json(nullptr)},
            {"period_workdays", period_workdays(d.kind)},
            {"from", d.event_date},
            {"published_on", d.first_published_on ? json(*d.first_published_on) : json(nullptr)},
            {"takedown", nullptr}};
  if (d.state == "withheld" && !d.first_published_on) {
    j["status"] = "withheld";
  } else if (d.first_published_on) {
    auto pub = *time::parse_date(*d.first_published_on);
    j["status"] = !due ? "unknown" : (pub > *due ? "published_late" : "published_on_time");
  } else {
    j["status"] = open_status(cal, due, today, j);
  }
  if (d.revocation.is_object()) {
    auto from = time::parse_date(d.revocation.value("event_date", ""));
    auto tdue = d.takedown_due_on ? parse(d.takedown_due_on) : (from ? due_date(cal, "takedown", *from) : std::nullopt);
    json t = {{"due", tdue ? json(tdue->str()) : json(nullptr)}, {"from", d.revocation.value("event_date", "")},
              {"period_workdays", period_workdays("takedown")}};
    if (d.withdrawn_on) {
      t["done_on"] = *d.withdrawn_on;
      t["status"] = !tdue ? "done" : (*time::parse_date(*d.withdrawn_on) > *tdue ? "done_late" : "done");
    } else {
      t["status"] = open_status(cal, tdue, today, t);
    }
    j["takedown"] = t;
  }
  return j;
}

json deadline_counts(db::Connection& c, const org::Principal& p, std::optional<int64_t> bureau_id) {
  if (!p.can("publicity.read") && !p.can("supervision.read")) p.require("publicity.read");
  const auto path = scope_path(c, p, bureau_id);
  const auto cal = calendar::load(c);
  const auto today = time::today_shanghai();
  const auto b = bounds(cal, today);
  static const std::vector<std::string> kCounted = {"due", "due_soon", "overdue", "published_on_time", "published_late", "takedown_overdue"};
  // One pass over the subtree's rows, each status a conditional sum over the stored dates.
  std::string sql = "SELECT ";
  std::vector<std::string> args;
  for (size_t i = 0; i < kCounted.size(); ++i) {
    auto cond = status_cond(kCounted[i], b);
    sql += std::string(i ? ", " : "") + "COALESCE(SUM(CASE WHEN " + cond.sql + " THEN 1 ELSE 0 END), 0)";
    args.insert(args.end(), cond.args.begin(), cond.args.end());
  }
  sql += " FROM disclosures d JOIN bureaus b ON b.id = d.bureau_id WHERE b.path LIKE ?";
  auto q = c.prepare(sql);
  for (const auto& a : args) q->bind(a);
  q->bind(path + "%");
  json out = json::object();
  q->step();
  for (size_t i = 0; i < kCounted.size(); ++i) out[kCounted[i]] = q->row().i64(static_cast<int>(i));
  // Rows without a stored date: classified one by one; only the part whose date is missing
  // counts here, the stored part was counted above.
  for (const auto& d : unstored_rows(c, path)) {
    auto j = deadline_json(d, cal, today);
    if (!d.due_on) {
      for (const auto& st : {"due", "due_soon", "overdue", "published_on_time", "published_late"})
        if (has_status(j, st)) out[st] = out[st].get<int64_t>() + 1;
    }
    if (!d.takedown_due_on && has_status(j, "takedown_overdue")) out["takedown_overdue"] = out["takedown_overdue"].get<int64_t>() + 1;
  }
  return out;
}

json deadline_list(db::Connection& c, const org::Principal& p, std::optional<int64_t> bureau_id, const std::string& status) {
  p.require("publicity.read");
  static const std::vector<std::string> kStatuses = {"due", "due_soon", "overdue", "unknown", "published_late", "takedown_due", "takedown_overdue"};
  if (!status.empty() && std::find(kStatuses.begin(), kStatuses.end(), status) == kStatuses.end())
    throw Error::invalid("status", "status 只能是 due、due_soon、overdue、unknown、published_late、takedown_due 或 takedown_overdue");
  const auto path = scope_path(c, p, bureau_id);
  const auto cal = calendar::load(c);
  const auto today = time::today_shanghai();
  auto cond = status_cond(status, bounds(cal, today));
  auto q = c.prepare(std::string(row_select()) + "WHERE b.path LIKE ? AND " + cond.sql + " ORDER BY d.id");
  q->bind(path + "%");
  for (const auto& a : cond.args) q->bind(a);
  std::vector<DisclosureRow> rows;
  while (q->step()) rows.push_back(read_row(q->row()));
  std::set<int64_t> seen;
  for (const auto& d : rows) seen.insert(d.id);
  for (auto& d : unstored_rows(c, path))
    if (!seen.count(d.id)) rows.push_back(std::move(d));
  json items = json::array();
  for (const auto& d : rows) {
    auto j = deadline_json(d, cal, today);
    if (!has_status(j, status)) continue;
    items.push_back({{"id", d.id}, {"bureau_id", d.bureau_id}, {"bureau_name", d.bureau_name}, {"kind", d.kind},
                     {"kind_name", kind_label(d.kind)}, {"state", d.state}, {"event_date", d.event_date},
                     {"source", {{"kind", d.source_kind}, {"id", d.source_id}}}, {"deadline", j}});
  }
  auto key = [](const json& x) {
    const json& t = x["deadline"]["takedown"];
    if (t.is_object() && !t.contains("done_on") && !t["due"].is_null()) return t["due"].get<std::string>();
    return x["deadline"]["due"].is_null() ? std::string("9999-12-31") : x["deadline"]["due"].get<std::string>();
  };
  std::stable_sort(items.begin(), items.end(), [&](const json& a, const json& b) { return key(a) < key(b); });
  return {{"items", items}};
}

}  // namespace zhifa::publicity
