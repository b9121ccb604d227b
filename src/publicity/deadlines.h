// The disclosure deadlines (PUB-7, PUB-8, PUB-11), counted in working days from the event date
// (Asia/Shanghai) through the working-day calendar: 7 for a penalty (or licensing) decision,
// 20 for any other decision and for a spot-check result, 7 to take down a revoked decision. A
// due date the calendar cannot tell (its year not loaded) is "unknown", never guessed.
//
// Thread-safety: free functions over a caller-owned Connection.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "base/calendar.h"
#include "base/time.h"
#include "db/db.h"
#include "org/principal.h"

namespace zhifa::publicity {

// Working days left at or under which an open disclosure is `due_soon`.
constexpr int kDueSoonWorkdays = 2;

// The working days a disclosure of `kind` has from its event (7 or 20; 7 for a takedown).
int period_workdays(const std::string& kind);

// The due date of `kind` for an event on `event_date`; nullopt when the calendar lacks the year.
std::optional<time::Date> due_date(const calendar::WorkCalendar& cal, const std::string& kind, time::Date event_date);

// For the dashboard: {due, due_soon, overdue, published_on_time, published_late, takedown_overdue}
// over the principal's scope (or the bureau subtree `bureau_id`, which must be in scope: 404).
// Requires publicity.read or supervision.read. `due` counts the open ones not yet overdue
// (due_soon included); `takedown_overdue` the revoked publications not taken down in time.
nlohmann::json deadline_counts(db::Connection& c, const org::Principal& p, std::optional<int64_t> bureau_id);

// Requires publicity.read. The list per bureau subtree: {items: [...disclosure summary, due,
// status, workdays_left]} where status filters due | due_soon | overdue | published_late |
// takedown_due | takedown_overdue ("" = every open or late one).
nlohmann::json deadline_list(db::Connection& c, const org::Principal& p, std::optional<int64_t> bureau_id,
                             const std::string& status);

}  // namespace zhifa::publicity
