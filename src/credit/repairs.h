// Credit repair (信用修复, CRED-1): the party applies (staff enter the application with the
// rectification's evidence: evidence items or a document number), the application is decided
// (approved or rejected, with a reason). An approved repair ends the record's publication on the
// decision day (removed_on) and ends the registry object's dishonest status the day before, so a
// draw on or after that day no longer sees it. No application before the earliest day
// rules.h allows: 422 on applied_on with that day in the message. At most one pending
// application per record.
//
// Scope and permissions as records.h: credit.manage enters, credit.approve decides.
//
// Thread-safety: free functions over a caller-owned Connection; writers need a transaction.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "db/db.h"
#include "org/principal.h"

namespace zhifa::credit {

// Requires credit.manage. Input: applicant (the party's name or its agent), applied_on
// (YYYY-MM-DD, not in the future, the record in publication that day, no sooner than the
// earliest repair day), rectification (what was put right), evidence_ids? (evidence items the
// principal can read), document_no? (one of the two is required). 409 `credit.repair_pending`
// when one is already pending, `credit.not_in_publication` when the record is not published.
nlohmann::json apply_repair(db::Connection& c, const org::Principal& p, int64_t record_id, const nlohmann::json& in);
// Requires credit.approve. Input: approved (bool), reason (required), decided_on? (default
// today; not before applied_on, not in the future, the record still in publication that day).
nlohmann::json decide_repair(db::Connection& c, const org::Principal& p, int64_t repair_id, const nlohmann::json& in);
// Requires credit.read. Repairs in scope, newest first; state filter pending | approved | rejected.
nlohmann::json list_repairs(db::Connection& c, const org::Principal& p, const std::string& state,
                            std::optional<int64_t> bureau_id);

}  // namespace zhifa::credit
