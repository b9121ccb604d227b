// Numbers about legal reviews for supervision (REV-4, REC-24, INF-3) and, later, the annual
// report: how long concluded reviews took in working days, and the open reviews past the time
// limit the catalogue set (reviews.due_on, fixed at submission). A bureau subtree (`path`, in the
// principal's scope: 404 bureau.not_found otherwise) and a period of Shanghai dates.
//
// Who: supervision.read or review.read. Thread-safety: free functions over a caller-owned
// Connection; read-only.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "base/time.h"
#include "db/db.h"
#include "org/principal.h"

namespace zhifa::review {

// Reviews concluded in [from, to]: [{id, case_id, case_number, party_name, bureau_id,
// bureau_path, bureau_name, submitted_on, concluded_on, due_on, workdays (working days from
// submission to conclusion, null when the calendar lacks a year), late (concluded after due_on), outcome (agree |
// disagree | return | refer), violation (the proposal's discretion code, null when none)}],
// slowest first.
nlohmann::json concluded_reviews(db::Connection& c, const org::Principal& p, const std::string& path, time::Date from,
                                 time::Date to);

// Open reviews whose due date is in [from, to] and already past today: [{id, case_id,
// case_number, party_name, bureau_id, bureau_path, bureau_name, state, submitted_on, due_on,
// workdays_late}], by due date.
nlohmann::json overdue_reviews(db::Connection& c, const org::Principal& p, const std::string& path, time::Date from,
                               time::Date to);

}  // namespace zhifa::review
