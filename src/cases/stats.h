// Numbers about cases and field inspections for supervision (REC-17, REC-21, REC-24, INF-1,
// INF-3, DR-4) and, later, the annual report. Each function reads a bureau subtree (`path`, which
// must be in the principal's scope: 404 bureau.not_found otherwise) over a period of Shanghai
// dates and applies the rules where they already live: the deadlines of case_deadlines()
// (deadlines.h), the `all_mobile` flag inspections fix at completion, the plan in force
// (spotcheck::plan_in_force). Nothing here decides anew what is late.
//
// Who: supervision.read, or the module's own read permission (case.read, spotcheck.read).
// Thread-safety: free functions over a caller-owned Connection; read-only.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "base/time.h"
#include "db/db.h"
#include "org/principal.h"

namespace zhifa::cases {

// Every deadline of case_deadlines() that fell due in [from, to] (an instant's Shanghai date for
// the emergency approval) and was missed: status overdue (still not done today) or done_late.
// [{case_id, number, party_name, state, bureau_id, bureau_path, bureau_name, kind, label, from,
// due, done_on, status, days_late}], by due date.
nlohmann::json missed_deadlines(db::Connection& c, const org::Principal& p, const std::string& path, time::Date from,
                                time::Date to);

// INF-1: inspections completed in [from, to] per bureau, and how many were recorded wholly on
// the phone: [{bureau_id, bureau_path, bureau_name, completed, mobile}].
nlohmann::json inspections_by_channel(db::Connection& c, const org::Principal& p, const std::string& path, time::Date from,
                                      time::Date to);
// The inspections completed in [from, to] not recorded wholly on the phone: [{id, bureau_id,
// bureau_path, bureau_name, object_name, item_name, completed_at, console_steps}].
nlohmann::json inspections_off_phone(db::Connection& c, const org::Principal& p, const std::string& path, time::Date from,
                                     time::Date to);

// DR-4, DR-9: each published annual plan of the subtree for a year in [from_year, to_year], line
// by line: the ratio and frequency, the pool of its latest drawn session, the checks the line
// calls for in that pool (ceil(ratio × pool) × frequency; null before any draw), the tasks drawn
// (not superseded) and the inspections of them completed. [{plan_id, year, bureau_id,
// bureau_path, bureau_name, version, lines: [{item_id, item_name, ratio_bp, frequency, pool,
// planned, drawn, completed}], planned (the drawn lines' sum), undrawn_lines, drawn, completed}].
nlohmann::json plan_coverage(db::Connection& c, const org::Principal& p, const std::string& path, int from_year, int to_year);

// Workload of each active inspector of the subtree: the drawn tasks (check date in [from, to])
// they are a current member of and the cases (opened in [from, to]) they currently handle.
// [{inspector_id, name, certificate_no, bureau_id, bureau_path, bureau_name, tasks, cases}], by
// tasks + cases descending.
nlohmann::json inspector_workload(db::Connection& c, const org::Principal& p, const std::string& path, time::Date from,
                                  time::Date to);

// PUB-9, the annual report: what became of the cases and inspections of the subtree in [from,
// to], one record each, without parties' names. {cases: [{case_id, bureau_id, bureau_path,
// procedure, opened_on, decided_on, decision_kind, amount_fen, closed_on}] — a case is listed when
// any of its three dates is in the period (the others null when outside it); opened_on is the
// opening approval or emergency start (general) or the on-the-spot record (simple); decided_on the
// approved decision_approval (general, with the kind and amount of the last decide step before
// it) or the simple_record (a penalty, amount_fen as recorded, 0 for a warning); closed_on the
// closing_approval. inspections: [{id, bureau_id, bureau_path, outcome, all_mobile}] completed in
// the period (outcome no_problem | rectification | propose_case | propose_referral)}.
nlohmann::json year_outcomes(db::Connection& c, const org::Principal& p, const std::string& path, time::Date from, time::Date to);

}  // namespace zhifa::cases
