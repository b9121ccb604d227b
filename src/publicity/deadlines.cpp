#include "publicity/deadlines.h"

#include <algorithm>

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

std::vector<DisclosureRow> rows_in(db::Connection& c, const std::string& path) {
  auto q = c.prepare(std::string(row_select()) + "WHERE b.path LIKE ? ORDER BY d.id");
  q->bind(path + "%");
  std::vector<DisclosureRow> out;
  while (q->step()) out.push_back(read_row(q->row()));
  return out;
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
  int64_t due = 0, due_soon = 0, overdue = 0, on_time = 0, late = 0, takedown_overdue = 0;
  for (const auto& d : rows_in(c, path)) {
    auto j = deadline_json(d, cal, today);
    const std::string st = j["status"];
    if (st == "due" || st == "due_soon") ++due;
    if (st == "due_soon") ++due_soon;
    if (st == "overdue") ++overdue;
    if (st == "published_on_time") ++on_time;
    if (st == "published_late") ++late;
    if (j["takedown"].is_object() && j["takedown"]["status"] == "overdue") ++takedown_overdue;
  }
  return {{"due", due}, {"due_soon", due_soon}, {"overdue", overdue}, {"published_on_time", on_time}, {"published_late", late},
          {"takedown_overdue", takedown_overdue}};
}

json deadline_list(db::Connection& c, const org::Principal& p, std::optional<int64_t> bureau_id, const std::string& status) {
  p.require("publicity.read");
  static const std::vector<std::string> kStatuses = {"due", "due_soon", "overdue", "unknown", "published_late", "takedown_due", "takedown_overdue"};
  if (!status.empty() && std::find(kStatuses.begin(), kStatuses.end(), status) == kStatuses.end())
    throw Error::invalid("status", "status 只能是 due、due_soon、overdue、unknown、published_late、takedown_due 或 takedown_overdue");
  const auto path = scope_path(c, p, bureau_id);
  const auto cal = calendar::load(c);
  const auto today = time::today_shanghai();
  json items = json::array();
  for (const auto& d : rows_in(c, path)) {
    auto j = deadline_json(d, cal, today);
    const std::string st = j["status"];
    const std::string tst = j["takedown"].is_object() ? j["takedown"]["status"].get<std::string>() : "";
    const bool takedown_open = tst == "due" || tst == "due_soon" || tst == "overdue" || tst == "unknown";
    bool take;
    if (status.empty()) take = st == "due" || st == "due_soon" || st == "overdue" || st == "unknown" || st == "published_late" || takedown_open;
    else if (status == "due") take = st == "due" || st == "due_soon";
    else if (status == "takedown_due") take = takedown_open && tst != "overdue";
    else if (status == "takedown_overdue") take = tst == "overdue";
    else take = st == status;
    if (!take) continue;
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
