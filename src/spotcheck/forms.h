// The check form (检查表式) of each spot-check item (DR-3, 000 Art 8): the ordered check points an
// inspector answers, each with its text, the answers allowed, and whether a photo and the
// party's signature are required. The province sets it with the item list (same permission,
// same province-only rule as items.h). A change is a new version, never an edit; the version in
// force on a day is the highest-numbered one whose effective_from is not after that day, and a
// new version may not start before today, so a check recorded against form_in_force() keeps
// pointing at the form its inspector actually saw.
//
// Thread-safety: free functions over a caller-owned Connection; writers need a transaction.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "base/time.h"
#include "db/db.h"
#include "org/principal.h"

namespace zhifa::spotcheck {

// Requires spotcheck.read. Every form version of a visible item, oldest first. {items}.
nlohmann::json list_forms(db::Connection& c, const org::Principal& p, int64_t item_id);
// Requires spotcheck.read. One form version by id (a check names it); 404 when not visible.
nlohmann::json get_form(db::Connection& c, const org::Principal& p, int64_t form_id);
// Requires spotcheck.read. The version in force on `date` (YYYY-MM-DD, default today);
// 404 `spotcheck.form_not_in_force` when none is.
nlohmann::json form_in_force_json(db::Connection& c, const org::Principal& p, int64_t item_id, const std::string& date);

// Requires spotcheck.items.manage at a province-level bureau. Input: effective_from, reason
// (required unless this is the item's first form), points: [{text, answers? (default
// 符合/不符合/不适用), photo_required? (false), signature_required? (false)}].
nlohmann::json add_form_version(db::Connection& c, const org::Principal& p, int64_t item_id, const nlohmann::json& in);

// The id of the form version in force for an item on a date; nullopt when none is. No scope
// check: the caller (a check being recorded) has already found the item.
std::optional<int64_t> form_in_force(db::Connection& c, int64_t item_id, const time::Date& date);

}  // namespace zhifa::spotcheck
