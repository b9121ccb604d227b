#include "review/stats.h"

#include <algorithm>

#include "base/error.h"
#include "calendar/calendar_service.h"
#include "review/reviews.h"

namespace zhifa::review {
namespace {

void check(const org::Principal& p, const std::string& path) {
  if (!p.can("supervision.read")) p.require("review.read");
  if (!p.covers_path(path)) throw Error::not_found("bureau.not_found", "机构不存在或不在您的管辖范围内");
}

const char* kSelect =
    "SELECT r.id, r.case_id, k.number, k.party_name, b.id, b.path, b.name, r.state, r.submitted_on, r.concluded_on, r.due_on, "
    "r.outcome, r.proposal "
    "FROM reviews r JOIN cases k ON k.id = r.case_id JOIN bureaus b ON b.id = r.bureau_id ";

nlohmann::json head(const db::Row& r) {
  return {{"id", r.i64(0)},          {"case_id", r.i64(1)},       {"case_number", r.text(2)}, {"party_name", r.text(3)},
          {"bureau_id", r.i64(4)},   {"bureau_path", r.text(5)},  {"bureau_name", r.text(6)}, {"state", r.text(7)},
          {"submitted_on", r.text(8)}, {"concluded_on", r.is_null(9) ? nlohmann::json(nullptr) : nlohmann::json(r.text(9))},
          {"due_on", r.is_null(10) ? nlohmann::json(nullptr) : nlohmann::json(r.text(10))}};
}

}  // namespace

nlohmann::json concluded_reviews(db::Connection& c, const org::Principal& p, const std::string& path, time::Date from,
                                 time::Date to) {
  check(p, path);
  auto q = c.prepare(std::string(kSelect) +
                     "WHERE r.state = 'concluded' AND b.path LIKE ? AND r.concluded_on >= ? AND r.concluded_on <= ? ORDER BY r.id");
  q->bind(path + "%").bind(from.str()).bind(to.str());
  const auto cal = calendar::load(c);
  const auto today = time::today_shanghai();
  nlohmann::json out = nlohmann::json::array();
  while (q->step()) {
    auto j = head(q->row());
    auto sub = time::parse_date(j["submitted_on"].get<std::string>());
    auto con = time::parse_date(j["concluded_on"].get<std::string>());
    auto days = sub && con ? cal.workdays_between(*sub, *con) : std::nullopt;
    j["workdays"] = days ? nlohmann::json(*days) : nlohmann::json(nullptr);
    j["late"] = deadline_state(q->row().text(7), q->row().opt_text(10), q->row().opt_text(9), cal, today) == "done_late";
    // The annual report counts outcomes and penalties by violation (the proposal's discretion code).
    j["outcome"] = q->row().is_null(11) ? nlohmann::json(nullptr) : nlohmann::json(q->row().text(11));
    auto proposal = nlohmann::json::parse(q->row().text(12), nullptr, false);
    j["violation"] = proposal.is_object() && proposal.contains("violation") ? proposal["violation"] : nlohmann::json(nullptr);
    out.push_back(std::move(j));
  }
  std::stable_sort(out.begin(), out.end(), [](const nlohmann::json& a, const nlohmann::json& b) {
    return a["workdays"].is_null() ? false : b["workdays"].is_null() ? true : a["workdays"].get<int64_t>() > b["workdays"].get<int64_t>();
  });
  return out;
}

nlohmann::json overdue_reviews(db::Connection& c, const org::Principal& p, const std::string& path, time::Date from,
                               time::Date to) {
  check(p, path);
  const auto today = time::today_shanghai();
  auto q = c.prepare(std::string(kSelect) +
                     "WHERE r.state <> 'concluded' AND r.due_on IS NOT NULL AND b.path LIKE ? AND r.due_on >= ? "
                     "AND r.due_on <= ? ORDER BY r.due_on, r.id");
  q->bind(path + "%").bind(from.str()).bind(to.str());
  const auto cal = calendar::load(c);
  nlohmann::json out = nlohmann::json::array();
  while (q->step()) {
    if (deadline_state(q->row().text(7), q->row().opt_text(10), q->row().opt_text(9), cal, today) != "overdue") continue;
    auto j = head(q->row());
    auto due = time::parse_date(j["due_on"].get<std::string>());
    auto late = due ? cal.workdays_between(*due, today) : std::nullopt;
    j["workdays_late"] = late ? nlohmann::json(*late) : nlohmann::json(nullptr);
    out.push_back(std::move(j));
  }
  return out;
}

}  // namespace zhifa::review
