// Numbers about evidence for supervision (REC-18, REC-24, INF-3) and, later, the annual report:
// the uploads the evidence module flagged overdue (more than 24 hours after capture, fixed at
// upload by store_evidence), listed for a bureau subtree and a period of capture dates.
//
// Thread-safety: free functions over a caller-owned Connection; read-only.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "base/time.h"
#include "db/db.h"
#include "org/principal.h"

namespace zhifa::evidence {

// The items flagged overdue whose capture date (Shanghai) is in [from, to], of the bureaus whose
// path starts with `path`, oldest capture first: [{id, bureau_id, bureau_path, bureau_name,
// kind, title, captured_at, uploaded_at, hours_late (after the 24-hour window), late_reason,
// owner_kind, owner_id}].
// Requires: `path` is in the principal's scope (404 bureau.not_found otherwise) and
// evidence.read or supervision.read.
nlohmann::json late_uploads(db::Connection& c, const org::Principal& p, const std::string& path, time::Date from, time::Date to);

}  // namespace zhifa::evidence
