// The time limits of a case, computed from its steps through the working-day calendar:
//   emergency_approval  立案审批补办: 24 hours after an emergency start (an instant);
//   decision_90         作出处理决定: 90 calendar days after opening (APL Art 60);
//   hearing_notice      听证日期: no earlier than 7 working days after the notice was served;
//   service             决定书送达: 7 working days after the decision was approved (APL Art 61);
//   archive_30          归档: 30 calendar days after closing (REC-17, 002 Art 21).
// A calendar-day period that ends on a holiday ends on the next working day (APL Art 85). When
// the calendar has no data for a date the deadline's status is "unknown", never guessed.
// Statuses: done, done_late, pending, due_soon (3 days or less left), overdue, unknown.
//
// Thread-safety: pure functions over the caller's data, and a Connection for the lists.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "base/calendar.h"
#include "base/time.h"
#include "cases/cases.h"

namespace zhifa::cases {

constexpr int kDueSoonDays = 3;

// The deadlines of one case on `today`, [{kind, label, from, due, due_at?, status, done_on?}].
nlohmann::json case_deadlines(const CaseRow& k, const std::vector<StepRow>& steps, const calendar::WorkCalendar& cal,
                              time::Date today);
// The earliest lawful hearing date for a notice served on `served_on`; nullopt when unknown.
std::optional<time::Date> earliest_hearing(const calendar::WorkCalendar& cal, time::Date served_on);
// The last day of a calendar-day period of `days` from `start` (Art 85); nullopt when unknown.
std::optional<time::Date> calendar_period_end(const calendar::WorkCalendar& cal, time::Date start, int days);

// Requires case.read. The open deadlines (not done) of the cases of a bureau subtree in scope,
// ordered by due date, unknown last: {items: [{case_id, number, party_name, ...deadline}]}.
// `status` filters (due_soon | overdue | unknown | pending).
nlohmann::json deadline_list(db::Connection& c, const org::Principal& p, std::optional<int64_t> bureau_id,
                             const std::string& status);

}  // namespace zhifa::cases
