// Foreign-related survey bodies (涉外调查机构, DR-2; the 涉外调查 item of the spot-check list):
// the bodies licensed to conduct foreign-related market and social surveys, with their
// qualification — approval number (批准文号), approving authority, validity and business scope —
// checked by the bureau of their division. Scope, permissions (registry.read/registry.manage) and
// the ledger work as for survey objects (registry/objects.h); subject foreign_survey_body/<id>.
//
// Thread-safety: free functions over a caller-owned Connection; writers need a transaction.
#pragma once

#include <nlohmann/json.hpp>

#include "db/db.h"
#include "org/principal.h"

namespace zhifa::registry {

// Requires registry.read. Filter: q (name or credit code), valid_on (YYYY-MM-DD: qualification
// valid that day). {items}.
nlohmann::json list_foreign_bodies(db::Connection& c, const org::Principal& p, const std::string& q, const std::string& valid_on);
nlohmann::json get_foreign_body(db::Connection& c, const org::Principal& p, int64_t id);
// Requires registry.manage. Input: credit_code, name, division_code, address?, approval_no,
// approval_authority?, valid_from, valid_to, scope, contact_name?, contact_phone?.
nlohmann::json create_foreign_body(db::Connection& c, const org::Principal& p, const nlohmann::json& in);
// Requires registry.manage. Changes the fields given.
nlohmann::json update_foreign_body(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in);
// Requires registry.read. The body's ledger entries, oldest first.
nlohmann::json foreign_body_history(db::Connection& c, const org::Principal& p, int64_t id);

}  // namespace zhifa::registry
