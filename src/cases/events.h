// Observers of what cases and inspections record, for modules that act on them (publicity
// collects a draft disclosure from a decision or a completed inspection) without src/cases
// depending on them. An observer runs inside the writing transaction, after the step and its
// ledger entry are written: what it writes commits or vanishes with the step, and what it throws
// refuses the step.
//
// Thread-safety: register at start-up, before the server serves (the lists are not locked).
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "db/db.h"
#include "org/principal.h"

namespace zhifa::cases {

// A case step was recorded: the case id, the step kind and its id.
using CaseStepObserver = std::function<void(db::Connection&, const org::Principal&, int64_t case_id, const std::string& kind,
                                            int64_t step_id)>;
// An inspection was completed.
using InspectionObserver = std::function<void(db::Connection&, const org::Principal&, int64_t inspection_id)>;

// Adds an observer under `name`; registering the same name again replaces it (idempotent).
void on_case_step(const std::string& name, CaseStepObserver fn);
void on_inspection_completed(const std::string& name, InspectionObserver fn);

// Called by src/cases inside the writing transaction.
void notify_case_step(db::Connection& c, const org::Principal& p, int64_t case_id, const std::string& kind, int64_t step_id);
void notify_inspection_completed(db::Connection& c, const org::Principal& p, int64_t inspection_id);

}  // namespace zhifa::cases
