// Who may be drawn (ORG-2, DR-6, DR-7, DR-13): the one place that decides whether an inspector
// can be picked for a spot check on a given day, and the pool the draw takes its inspectors from.
//
// The rule: an inspector is eligible on day D when their status is active (not 暂停执法, not
// 离岗) and their certificate is valid on D (valid_from <= D <= valid_to). For a given target an
// eligible inspector is further excluded when a declared conflict of interest is in force on D and
// matches it: the same survey object (credit code), a division that contains the target's
// division (a conflict with 330106 covers 330106; one with 330100 covers every code 3301xx), or
// the same department name. A draw by specialty also leaves out those without it.
//
// Thread-safety: pure functions, and draw_pool over a caller-owned Connection.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/time.h"
#include "db/db.h"
#include "inspectors/inspectors.h"
#include "org/principal.h"

namespace zhifa::inspectors {

// Why an inspector cannot be drawn: a stable code and the Chinese reason.
//   inspector.suspended, inspector.left, inspector.certificate_not_yet_valid,
//   inspector.certificate_lapsed, inspector.conflict, inspector.specialty_missing
struct Reason {
  std::string code;
  std::string message;
  nlohmann::json to_json() const { return {{"code", code}, {"message", message}}; }
};

struct Eligibility {
  bool ok = true;
  std::vector<Reason> reasons;  // empty when ok
};

// ORG-2: status active and certificate valid on `on`.
Eligibility eligible(const Inspector& i, time::Date on);

// ORG-2 for the modules where a person acts as an inspector (checks, documents): the rule applied
// to the inspector record of an account on `on`; nullopt when the account has no record (not an
// enforcement officer at all).
std::optional<Eligibility> user_eligibility(db::Connection& c, int64_t user_id, time::Date on);

// What a team is drawn for; any part may be empty.
struct ConflictTarget {
  std::string credit_code;    // the survey object
  std::string division_code;  // where it is (GB/T 2260)
  std::string department;     // a department name
  bool empty() const { return credit_code.empty() && division_code.empty() && department.empty(); }
};

// True when the conflict is in force on `on` and concerns the target.
bool conflict_matches(const Conflict& k, const ConflictTarget& t, time::Date on);

struct PoolQuery {
  int64_t bureau_id = 0;  // whose subtree's inspectors may be drawn; must be in the principal's scope
  time::Date on;
  std::string specialty;  // a specialty code, or "" for any
  ConflictTarget target;
};

struct PoolEntry {
  Inspector inspector;
  std::vector<Conflict> conflicts;  // every conflict in force on the day (for other targets)
  std::vector<Reason> reasons;      // empty for an eligible one
};

struct Pool {
  std::vector<PoolEntry> eligible;  // ordered by certificate number (the draw's pool order)
  std::vector<PoolEntry> excluded;  // each with every reason, same order
  nlohmann::json to_json(time::Date today) const;
};

// Requires inspector.read; the bureau in scope (404 bureau.not_found otherwise). Every inspector
// of the bureau's subtree, split into those who may be drawn on q.on for q.target and the rest.
Pool draw_pool(db::Connection& c, const org::Principal& p, const PoolQuery& q);

}  // namespace zhifa::inspectors
