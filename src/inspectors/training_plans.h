// Annual training plans for enforcement staff (ORG-5; 000 Art 9 "加强执法检查人员的业务培训",
// 004 annex 3: the plan names its trainees, its time and its content, "全年培训时间不少于2天"). A
// bureau plans the sessions of a year — a date or a month, a topic and its content, the length
// in half days, and the trainees: every enforcement officer of the bureau and below, or named
// inspectors — and the report reads the plan against the training each inspector has actually
// received (inspectors.h, inspector_trainings): per inspector planned, received and shortfall
// against both the plan and the 2-day minimum.
//
// A plan is an identity (bureau, year) and a history of versions, as the spot-check plans are
// (spotcheck/plans.h): a version is written whole and never edited; a new version while the
// latest is a draft supersedes the draft; a new version after a publication is an adjustment and
// needs a reason; every published version stays published. Every change is a ledger entry whose
// subject is training_plan:<id>.
//
// Who: inspector.read reads the plans of the principal's bureau and below (out of scope: 404);
// inspector.manage makes, changes and publishes the plan of the principal's own bureau only.
//
// Clock: writers take `now` (the HTTP layer passes time::now(), the demo an instant of its
// choosing); the report takes its as-of day as text ("" = today in Shanghai).
//
// Thread-safety: free functions over a caller-owned Connection; writers need a transaction.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "base/time.h"
#include "db/db.h"
#include "org/principal.h"

namespace zhifa::inspectors {

struct TrainingPlanFilter {
  std::optional<int64_t> year, bureau_id;
};

// Requires inspector.read. The visible plans, newest year first, then by the bureau's division
// code: each with its latest version's state and its current (published) version. {items}.
nlohmann::json list_training_plans(db::Connection& c, const org::Principal& p, const TrainingPlanFilter& f);
// Requires inspector.read. One plan with every version; 404 training_plan.not_found when absent
// or out of scope.
nlohmann::json get_training_plan(db::Connection& c, const org::Principal& p, int64_t id);

// Requires inspector.manage. Input: year, bureau_id? (default and only allowed value: the
// principal's bureau), title?, sessions?, notes?. Creates the plan and version 1 as a draft.
// A session: date (YYYY-MM-DD) or month (YYYY-MM) inside the year, topic, content?, days (> 0,
// in half days, at most 30), trainees ("all" | "named"), inspector_ids (named: inspectors of the
// bureau and below who have not left). 422 names the field: details.field "sessions" with
// details.index and details.key for a session's field. 409 training_plan.exists.
nlohmann::json create_training_plan(db::Connection& c, const org::Principal& p, const nlohmann::json& in, time::Instant now);
// Requires inspector.manage on the plan's bureau. A new draft version: title, sessions, notes left
// out are taken from the latest version; reason required once a version has been published.
// 409 training_plan.no_change when nothing differs.
nlohmann::json add_training_plan_version(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in,
                                         time::Instant now);
// Requires inspector.manage on the plan's bureau. Publishes the latest version, a draft with at
// least one session; {version_id} may name it so that a stale screen cannot publish another.
nlohmann::json publish_training_plan(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in,
                                     time::Instant now);

// Requires inspector.read. The plan read against the training received in its year: `version`
// (default the current published version, else the latest), as of `as_of` ("" = today). Every
// inspector of the bureau and below who has not left, and every inspector the version names:
// {plan_id, year, version, version_state, as_of, min_days, sessions: [... due], items:
// [{inspector, planned_days, planned_due_days, received_days, shortfall_days, planned_short,
// received_short}], summary}. Shortfall is what is still to be received to meet both the plan and
// the 2-day minimum: max(planned, 2) - received, never below 0.
nlohmann::json training_plan_report(db::Connection& c, const org::Principal& p, int64_t id, std::optional<int64_t> version,
                                    const std::string& as_of);

}  // namespace zhifa::inspectors
