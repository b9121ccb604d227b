#include "cases/stats.h"

#include <algorithm>
#include <map>

#include "base/error.h"
#include "calendar/calendar_service.h"
#include "cases/cases.h"
#include "cases/deadlines.h"
#include "spotcheck/plans.h"

namespace zhifa::cases {
namespace {

void check(const org::Principal& p, const std::string& path, const char* permission) {
  if (!p.can("supervision.read")) p.require(permission);
  if (!p.covers_path(path)) throw Error::not_found("bureau.not_found", "机构不存在或不在您的管辖范围内");
}

// [from, to] in Shanghai dates as UTC instants [start, end): a Shanghai day starts at 16:00 UTC
// the day before, and instants sort as text on both stores.
std::string day_start(time::Date d) { return d.plus_days(-1).str() + "T16:00:00.000Z"; }
std::string day_end(time::Date d) { return d.str() + "T16:00:00.000Z"; }

}  // namespace

nlohmann::json missed_deadlines(db::Connection& c, const org::Principal& p, const std::string& path, time::Date from,
                                time::Date to) {
  check(p, path, "case.read");
  std::vector<CaseRow> ks;
  {
    // A deadline runs from a step of the case, so a case opened after the period has none in it.
    auto q = c.prepare(
        "SELECT k.id, k.bureau_id, b.path, b.name, k.number, k.procedure, k.party_name, k.state FROM cases k JOIN bureaus b "
        "ON b.id = k.bureau_id WHERE b.path LIKE ? AND k.created_at < ? ORDER BY k.id");
    q->bind(path + "%").bind(day_end(to));
    while (q->step()) {
      const auto& r = q->row();
      CaseRow k;
      k.id = r.i64(0);
      k.bureau_id = r.i64(1);
      k.bureau_path = r.text(2);
      k.bureau_name = r.text(3);
      k.number = r.text(4);
      k.procedure = r.text(5);
      k.party_name = r.text(6);
      k.state = r.text(7);
      ks.push_back(std::move(k));
    }
  }
  const auto cal = calendar::load(c);
  const auto today = time::today_shanghai();
  nlohmann::json out = nlohmann::json::array();
  for (const auto& k : ks) {
    for (auto d : case_deadlines(k, steps_of(c, k.id), cal, today)) {
      const std::string st = d["status"];
      if ((st != "overdue" && st != "done_late") || d["due"].is_null()) continue;
      const std::string due_text = d["due"];
      std::optional<time::Date> due = time::parse_date(due_text);
      if (!due)
        if (auto at = time::parse_iso(due_text)) due = time::shanghai_date(*at);
      if (!due || *due < from || *due > to) continue;
      time::Date end = today;
      if (st == "done_late" && d.contains("done_on"))
        if (auto done = time::parse_date(d["done_on"].get<std::string>())) end = *done;
      nlohmann::json row = {{"case_id", k.id},
                            {"number", k.number},
                            {"party_name", k.party_name},
                            {"state", k.state},
                            {"bureau_id", k.bureau_id},
                            {"bureau_path", k.bureau_path},
                            {"bureau_name", k.bureau_name},
                            {"kind", d["kind"]},
                            {"label", d["label"]},
                            {"from", d["from"]},
                            {"due", due->str()},
                            {"done_on", d.value("done_on", nlohmann::json(nullptr))},
                            {"status", st},
                            {"days_late", std::max<int64_t>(end.days() - due->days(), 0)}};
      out.push_back(std::move(row));
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const nlohmann::json& a, const nlohmann::json& b) { return a["due"].get<std::string>() < b["due"].get<std::string>(); });
  return out;
}

nlohmann::json inspections_by_channel(db::Connection& c, const org::Principal& p, const std::string& path, time::Date from,
                                      time::Date to) {
  check(p, path, "spotcheck.read");
  auto q = c.prepare(
      "SELECT b.id, b.path, b.name, COUNT(*), SUM(CASE WHEN i.all_mobile = 1 THEN 1 ELSE 0 END) FROM inspections i "
      "JOIN bureaus b ON b.id = i.bureau_id WHERE i.state = 'completed' AND i.completed_at >= ? AND i.completed_at < ? "
      "AND b.path LIKE ? GROUP BY b.id, b.path, b.name ORDER BY b.path");
  q->bind(day_start(from)).bind(day_end(to)).bind(path + "%");
  nlohmann::json out = nlohmann::json::array();
  while (q->step()) {
    const auto& r = q->row();
    out.push_back({{"bureau_id", r.i64(0)}, {"bureau_path", r.text(1)}, {"bureau_name", r.text(2)}, {"completed", r.i64(3)}, {"mobile", r.i64(4)}});
  }
  return out;
}

nlohmann::json inspections_off_phone(db::Connection& c, const org::Principal& p, const std::string& path, time::Date from,
                                     time::Date to) {
  check(p, path, "spotcheck.read");
  auto q = c.prepare(
      "SELECT i.id, b.id, b.path, b.name, i.object_name, s.item_name, i.completed_at, "
      "(SELECT COUNT(*) FROM inspection_steps x WHERE x.inspection_id = i.id AND x.channel <> 'mobile') "
      "FROM inspections i JOIN bureaus b ON b.id = i.bureau_id JOIN draw_tasks t ON t.id = i.task_id "
      "JOIN draw_sessions s ON s.id = t.session_id WHERE i.state = 'completed' AND COALESCE(i.all_mobile, 0) <> 1 "
      "AND i.completed_at >= ? AND i.completed_at < ? AND b.path LIKE ? ORDER BY i.completed_at, i.id");
  q->bind(day_start(from)).bind(day_end(to)).bind(path + "%");
  nlohmann::json out = nlohmann::json::array();
  while (q->step()) {
    const auto& r = q->row();
    out.push_back({{"id", r.i64(0)},
                   {"bureau_id", r.i64(1)},
                   {"bureau_path", r.text(2)},
                   {"bureau_name", r.text(3)},
                   {"object_name", r.text(4)},
                   {"item_name", r.text(5)},
                   {"completed_at", r.text(6)},
                   {"console_steps", r.i64(7)}});
  }
  return out;
}

nlohmann::json plan_coverage(db::Connection& c, const org::Principal& p, const std::string& path, int from_year, int to_year) {
  check(p, path, "spotcheck.read");
  struct PlanHead {
    int64_t id, bureau_id, year;
    std::string path, name;
  };
  std::vector<PlanHead> plans;
  {
    auto q = c.prepare(
        "SELECT pl.id, pl.bureau_id, pl.year, b.path, b.name FROM spotcheck_plans pl JOIN bureaus b ON b.id = pl.bureau_id "
        "WHERE b.path LIKE ? AND pl.year >= ? AND pl.year <= ? ORDER BY pl.year, b.path");
    q->bind(path + "%").bind(from_year).bind(to_year);
    while (q->step()) {
      const auto& r = q->row();
      plans.push_back({r.i64(0), r.i64(1), r.i64(2), r.text(3), r.text(4)});
    }
  }
  // per item of one plan: a query returning (item_id, number)
  auto per_item = [&](const char* sql, int64_t plan_id) {
    std::map<int64_t, int64_t> m;
    auto q = c.prepare(sql);
    q->bind(plan_id);
    while (q->step()) m[q->row().i64(0)] = q->row().is_null(1) ? 0 : q->row().i64(1);
    return m;
  };
  nlohmann::json out = nlohmann::json::array();
  for (const auto& pl : plans) {
    auto terms = spotcheck::plan_in_force(c, pl.id);
    if (!terms) continue;
    auto pools = per_item("SELECT item_id, MAX(pool_objects) FROM draw_sessions WHERE plan_id = ? AND state = 'drawn' GROUP BY item_id", pl.id);
    auto drawn = per_item(
        "SELECT s.item_id, COUNT(*) FROM draw_tasks t JOIN draw_sessions s ON s.id = t.session_id WHERE s.plan_id = ? "
        "AND t.state = 'assigned' GROUP BY s.item_id",
        pl.id);
    auto done = per_item(
        "SELECT s.item_id, COUNT(*) FROM inspections i JOIN draw_tasks t ON t.id = i.task_id JOIN draw_sessions s ON "
        "s.id = t.session_id WHERE s.plan_id = ? AND t.state = 'assigned' AND i.state = 'completed' GROUP BY s.item_id",
        pl.id);
    nlohmann::json lines = nlohmann::json::array();
    int64_t planned_sum = 0, drawn_sum = 0, done_sum = 0, undrawn = 0;
    for (const auto& line : terms->lines) {
      nlohmann::json planned = nullptr, pool = nullptr;
      if (auto it = pools.find(line.item_id); it != pools.end()) {
        pool = it->second;
        int64_t n = (line.ratio_bp * it->second + 9999) / 10000 * std::max<int64_t>(line.frequency, 1);
        planned = n;
        planned_sum += n;
      } else {
        ++undrawn;
      }
      int64_t d = drawn.count(line.item_id) ? drawn[line.item_id] : 0, k = done.count(line.item_id) ? done[line.item_id] : 0;
      drawn_sum += d;
      done_sum += k;
      lines.push_back({{"item_id", line.item_id}, {"item_name", line.item_name}, {"ratio_bp", line.ratio_bp}, {"frequency", line.frequency},
                       {"pool", pool}, {"planned", planned}, {"drawn", d}, {"completed", k}});
    }
    out.push_back({{"plan_id", pl.id},
                   {"year", pl.year},
                   {"bureau_id", pl.bureau_id},
                   {"bureau_path", pl.path},
                   {"bureau_name", pl.name},
                   {"version", terms->version},
                   {"lines", lines},
                   {"planned", planned_sum},
                   {"undrawn_lines", undrawn},
                   {"drawn", drawn_sum},
                   {"completed", done_sum}});
  }
  return out;
}

nlohmann::json inspector_workload(db::Connection& c, const org::Principal& p, const std::string& path, time::Date from,
                                  time::Date to) {
  check(p, path, "spotcheck.read");
  struct Load {
    nlohmann::json row;
    int64_t tasks = 0, cases = 0;
  };
  std::map<int64_t, Load> by_id;
  std::vector<int64_t> order;
  {
    auto q = c.prepare(
        "SELECT i.id, i.name, i.certificate_no, b.id, b.path, b.name FROM inspectors i JOIN bureaus b ON b.id = i.bureau_id "
        "WHERE i.status = 'active' AND b.path LIKE ? ORDER BY b.path, i.certificate_no");
    q->bind(path + "%");
    while (q->step()) {
      const auto& r = q->row();
      by_id[r.i64(0)].row = {{"inspector_id", r.i64(0)}, {"name", r.text(1)}, {"certificate_no", r.text(2)},
                             {"bureau_id", r.i64(3)},    {"bureau_path", r.text(4)}, {"bureau_name", r.text(5)}};
      order.push_back(r.i64(0));
    }
  }
  {
    auto q = c.prepare(
        "SELECT m.inspector_id, COUNT(DISTINCT t.id) FROM draw_task_members m JOIN draw_tasks t ON t.id = m.task_id "
        "WHERE m.left_at IS NULL AND m.inspector_id IS NOT NULL AND t.state = 'assigned' AND t.check_date >= ? AND t.check_date <= ? "
        "GROUP BY m.inspector_id");
    q->bind(from.str()).bind(to.str());
    while (q->step())
      if (auto it = by_id.find(q->row().i64(0)); it != by_id.end()) it->second.tasks = q->row().i64(1);
  }
  {
    // The handlers now are those of the case's latest assignment.
    auto q = c.prepare(
        "SELECT h.inspector_id, COUNT(DISTINCT h.case_id) FROM case_handlers h JOIN cases k ON k.id = h.case_id "
        "WHERE h.assignment = (SELECT MAX(h2.assignment) FROM case_handlers h2 WHERE h2.case_id = h.case_id) "
        "AND k.created_at >= ? AND k.created_at < ? GROUP BY h.inspector_id");
    q->bind(day_start(from)).bind(day_end(to));
    while (q->step())
      if (auto it = by_id.find(q->row().i64(0)); it != by_id.end()) it->second.cases = q->row().i64(1);
  }
  std::vector<Load> rows;
  for (int64_t id : order) {
    auto l = by_id[id];
    l.row["tasks"] = l.tasks;
    l.row["cases"] = l.cases;
    rows.push_back(std::move(l));
  }
  std::stable_sort(rows.begin(), rows.end(), [](const Load& a, const Load& b) { return a.tasks + a.cases > b.tasks + b.cases; });
  nlohmann::json out = nlohmann::json::array();
  for (auto& l : rows) out.push_back(std::move(l.row));
  return out;
}

nlohmann::json year_outcomes(db::Connection& c, const org::Principal& p, const std::string& path, time::Date from, time::Date to) {
  check(p, path, "case.read");
  using nlohmann::json;
  const std::string lo = from.str(), hi = to.str();
  auto in = [&](const std::string& d) { return d >= lo && d <= hi; };
  struct Acc {
    int64_t bureau_id = 0;
    std::string path, procedure;
    json opened, decided, kind, amount, closed, last_kind, last_amount;
  };
  std::map<int64_t, Acc> by;
  std::vector<int64_t> order;
  auto q = c.prepare(
      "SELECT s.case_id, k.bureau_id, b.path, k.procedure, s.kind, s.content, s.done_on FROM case_steps s JOIN cases k ON k.id = s.case_id "
      "JOIN bureaus b ON b.id = k.bureau_id WHERE b.path LIKE ? AND s.done_on <= ? AND s.kind IN ('opening_approval', "
      "'emergency_start', 'simple_record', 'decide', 'decision_approval', 'closing_approval') ORDER BY s.case_id, s.id");
  q->bind(path + "%").bind(hi);
  while (q->step()) {
    const auto& r = q->row();
    const int64_t id = r.i64(0);
    if (!by.count(id)) order.push_back(id);
    auto& a = by[id];
    a.bureau_id = r.i64(1);
    a.path = r.text(2);
    a.procedure = r.text(3);
    const std::string kind = r.text(4), on = r.text(6);
    const json content = json::parse(r.text(5));
    if ((kind == "opening_approval" || kind == "emergency_start" || kind == "simple_record") && a.opened.is_null() && in(on))
      a.opened = on;
    if (kind == "decide") {
      a.last_kind = content.value("decision_kind", "");
      a.last_amount = content.contains("amount_fen") ? content["amount_fen"] : json(0);
    }
    // A decision not approved goes back to the notice stage (flow.cpp): only the approved one counts.
    if (kind == "decision_approval" && content.value("approved", false) && in(on)) {
      a.decided = on;
      a.kind = a.last_kind;
      a.amount = a.last_amount.is_null() ? json(0) : a.last_amount;
    }
    if (kind == "simple_record" && in(on)) {
      a.decided = on;
      a.kind = "penalty";
      a.amount = content.contains("amount_fen") && content["amount_fen"].is_number_integer() ? content["amount_fen"] : json(0);
    }
    if (kind == "closing_approval" && in(on)) a.closed = on;
  }
  json cases = json::array();
  for (int64_t id : order) {
    const auto& a = by[id];
    if (a.opened.is_null() && a.decided.is_null() && a.closed.is_null()) continue;
    cases.push_back({{"case_id", id}, {"bureau_id", a.bureau_id}, {"bureau_path", a.path}, {"procedure", a.procedure},
                     {"opened_on", a.opened}, {"decided_on", a.decided}, {"decision_kind", a.decided.is_null() ? json(nullptr) : a.kind},
                     {"amount_fen", a.decided.is_null() ? json(nullptr) : a.amount}, {"closed_on", a.closed}});
  }
  json inspections = json::array();
  auto iq = c.prepare(
      "SELECT i.id, b.id, b.path, i.outcome, i.all_mobile FROM inspections i JOIN bureaus b ON b.id = i.bureau_id "
      "WHERE i.state = 'completed' AND i.completed_at >= ? AND i.completed_at < ? AND b.path LIKE ? ORDER BY i.id");
  iq->bind(day_start(from)).bind(day_end(to)).bind(path + "%");
  while (iq->step()) {
    const auto& r = iq->row();
    inspections.push_back({{"id", r.i64(0)}, {"bureau_id", r.i64(1)}, {"bureau_path", r.text(2)},
                           {"outcome", r.is_null(3) ? json(nullptr) : json(r.text(3))}, {"all_mobile", r.boolean(4)}});
  }
  return {{"cases", cases}, {"inspections", inspections}};
}

}  // namespace zhifa::cases
