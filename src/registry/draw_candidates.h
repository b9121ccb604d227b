// The registry as the draw (src/draw, DR-6, DR-13) reads it: every survey object or
// foreign-related survey body of a bureau subtree, streamed (in no set order) with what the
// draw's pool file needs — the credit status in force on the check day, the risk level, the
// key-unit flag and the latest check on or before that day. The draw builds its pool from this
// rather than from the paged list, because a province's registry reaches millions of rows.
//
// No permission or scope check here: the draw checks its own (spotcheck.draw on the plan's bureau,
// the extra bureaus of a joint draw in the principal's scope) before it asks.
//
// Thread-safety: free functions over a caller-owned Connection.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "base/time.h"
#include "db/db.h"

namespace zhifa::registry {

struct DrawCandidate {
  int64_t id = 0;
  std::string credit_code, name, division_code;
  std::string industry_code, unit_category;  // empty for a foreign-related survey body
  bool key_unit = false;
  std::string credit_status;  // in force on the day; "" when none
  std::string risk_level;     // "" when none
  std::string last_checked_on;  // the latest check on or before the day; "" when none
};

// `object_type` is an item's object type: survey_object or foreign_survey_body (every body
// registered in the subtree, whatever the state of its qualification: whether it holds one is
// itself a check point of the item). Calls `fn` once per row of the bureaus whose path starts
// with `bureau_path`, in no set order: the pool sorts its rows itself, because sorting in the
// store would read the table in credit-code order, a random walk over its pages. The candidate
// passed is reused for the next row (copy what you keep). Throws 422 for an unknown object type.
void for_each_draw_candidate(db::Connection& c, const std::string& object_type, const std::string& bureau_path,
                             const time::Date& day, const std::function<void(const DrawCandidate&)>& fn);

// The registry id and name of one row by credit code, in any scope; nullopt when there is none.
std::optional<DrawCandidate> find_draw_candidate(db::Connection& c, const std::string& object_type,
                                                 const std::string& credit_code);

}  // namespace zhifa::registry
