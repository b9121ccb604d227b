#include "cases/deadlines.h"

#include <algorithm>

#include "base/error.h"
#include "calendar/calendar_service.h"
#include "cases/flow.h"
#include "org/bureaus.h"

namespace zhifa::cases {
namespace {

const StepRow* first_of(const std::vector<StepRow>& steps, std::initializer_list<const char*> kinds) {
  for (const auto& s : steps)
    for (const char* k : kinds)
      if (s.kind == k) return &s;
  return nullptr;
}

// status of a date deadline
std::string date_status(std::optional<time::Date> due, const StepRow* done, time::Date today) {
  if (done) {
    if (!due) return "done";
    return *time::parse_date(done->done_on) > *due ? "done_late" : "done";
  }
  if (!due) return "unknown";
  if (today > *due) return "overdue";
  if (due->days() - today.days() <= kDueSoonDays) return "due_soon";
  return "pending";
}

nlohmann::json item(const char* kind, const char* label, const std::string& from, std::optional<time::Date> due,
                    const StepRow* done, time::Date today) {
  nlohmann::json j = {{"kind", kind}, {"label", label}, {"from", from}, {"due", due ? nlohmann::json(due->str()) : nlohmann::json(nullptr)},
                      {"status", date_status(due, done, today)}};
  if (done) j["done_on"] = done->done_on;
  if (due && !done) j["days_left"] = due->days() - today.days();
  return j;
}

}  // namespace

std::optional<time::Date> earliest_hearing(const calendar::WorkCalendar& cal, time::Date served_on) {
  return cal.add_workdays(served_on, 7);
}

std::optional<time::Date> calendar_period_end(const calendar::WorkCalendar& cal, time::Date start, int days) {
  return cal.first_workday_on_or_after(start.plus_days(days));
}

nlohmann::json case_deadlines(const CaseRow& k, const std::vector<StepRow>& steps, const calendar::WorkCalendar& cal,
                              time::Date today) {
  nlohmann::json out = nlohmann::json::array();
  // 24 hours after an emergency start: an instant, so no calendar.
  if (auto em = first_of(steps, {"emergency_start"})) {
    auto started = time::parse_iso(em->content.value("started_at", ""));
    auto approval = first_of(steps, {"opening_approval"});
    if (started) {
      auto due = *started + std::chrono::hours(24);
      std::string status;
      if (approval) status = approval->late ? "done_late" : "done";
      else if (time::now() > due) status = "overdue";
      else status = "due_soon";
      nlohmann::json j = {{"kind", "emergency_approval"}, {"label", "紧急先行调查后 24 小时内补办立案审批"}, {"from", em->content["started_at"]},
                          {"due", time::to_iso(due)}, {"status", status}};
      if (approval) j["done_on"] = approval->done_on;
      out.push_back(j);
    }
  }
  if (k.procedure == "general") {
    if (auto opened = first_of(steps, {"emergency_start", "opening_approval"})) {
      auto start = *time::parse_date(opened->done_on);
      out.push_back(item("decision_90", "立案之日起 90 日内作出处理决定", opened->done_on, calendar_period_end(cal, start, 90),
                         first_of(steps, {"decide"}), today));
    }
    for (const auto& s : steps) {
      if (s.kind != "hearing_notice") continue;
      auto served = *time::parse_date(s.content["served_on"].get<std::string>());
      auto j = item("hearing_notice", "听证通知送达后满 7 个工作日方可举行听证", served.str(), earliest_hearing(cal, served),
                    first_of(steps, {"hearing_record"}), today);
      // The due date here is the earliest lawful hearing day, not a day to finish by.
      if (j["status"] == "overdue" || j["status"] == "due_soon") j["status"] = "pending";
      j["hearing_on"] = s.content["hearing_on"];
      out.push_back(j);
    }
    for (const auto& s : steps) {
      if (s.kind != "decision_approval" || !s.content.value("approved", false)) continue;
      auto start = *time::parse_date(s.done_on);
      out.push_back(item("service", "决定批准后 7 个工作日内送达", s.done_on, cal.add_workdays(start, 7),
                         first_of(steps, {"service_direct", "service_mail", "service_residence", "service_entrusted", "service_announcement"}),
                         today));
    }
  }
  if (auto closing = first_of(steps, {"closing_approval"})) {
    auto start = *time::parse_date(closing->done_on);
    out.push_back(item("archive_30", "结案后 30 日内归档", closing->done_on, calendar_period_end(cal, start, 30),
                       first_of(steps, {"archive"}), today));
  }
  return out;
}

nlohmann::json deadline_list(db::Connection& c, const org::Principal& p, std::optional<int64_t> bureau_id, const std::string& status) {
  if (!p.can("case.handle")) p.require("case.read");
  if (!status.empty() && status != "due_soon" && status != "overdue" && status != "unknown" && status != "pending")
    throw Error::invalid("status", "status 只能是 due_soon、overdue、unknown 或 pending");
  std::string path = p.bureau_path;
  if (bureau_id) {
    auto b = org::find_bureau(c, *bureau_id);
    if (!b || !p.covers_path(b->path)) throw Error(404, "bureau.not_found", "机构不存在或不在您的管辖范围内");
    path = b->path;
  }
  auto q = c.prepare("SELECT k.id FROM cases k JOIN bureaus b ON b.id = k.bureau_id WHERE b.path LIKE ? AND k.state <> 'archived' ORDER BY k.id");
  q->bind(path + "%");
  std::vector<int64_t> ids;
  while (q->step()) ids.push_back(q->row().i64(0));
  q.reset();
  const auto cal = calendar::load(c);
  const auto today = time::today_shanghai();
  nlohmann::json items = nlohmann::json::array();
  for (int64_t id : ids) {
    auto k = load_case(c, p, id);
    for (auto d : case_deadlines(k, steps_of(c, id), cal, today)) {
      std::string st = d["status"];
      if (st == "done" || st == "done_late") continue;
      if (!status.empty() && st != status) continue;
      d["case_id"] = k.id;
      d["number"] = k.number;
      d["party_name"] = k.party_name;
      d["bureau_name"] = k.bureau_name;
      d["state_name"] = state_label(k.state);
      items.push_back(d);
    }
  }
  std::stable_sort(items.begin(), items.end(), [](const nlohmann::json& a, const nlohmann::json& b) {
    bool ua = a["due"].is_null(), ub = b["due"].is_null();
    if (ua != ub) return ub;
    if (ua) return false;
    return a["due"].get<std::string>() < b["due"].get<std::string>();
  });
  return {{"items", items}};
}

}  // namespace zhifa::cases
