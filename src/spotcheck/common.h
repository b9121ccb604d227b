// Helpers shared by the item list and the check forms; private to src/spotcheck.
// Thread-safety: free functions over a caller-owned Connection.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "base/time.h"
#include "db/db.h"
#include "org/principal.h"

namespace zhifa::spotcheck::detail {

// The list and the forms are set by the province (000 Art 5, Art 8): the principal must hold
// spotcheck.items.manage and belong to a province-level bureau. Returns that bureau's id.
int64_t require_province_manager(db::Connection& c, const org::Principal& p);

// A date from a query parameter or an input field: empty means today (Shanghai) when
// `empty_is_today`, otherwise 422 validation.required; malformed is 422 spotcheck.date_invalid.
time::Date parse_date_field(const std::string& value, const char* field, const std::string& label, bool empty_is_today);

// The principal sees the items of the province it belongs to (a city or county inherits the
// list) and of any province below it.
bool sees_province(const org::Principal& p, const std::string& province_path);

// Basis points as the seeds write a percentage: 300 -> "3%", 250 -> "2.5%".
std::string percent(int64_t bp);

nlohmann::json user_ref(db::Connection& c, int64_t id);
nlohmann::json opt_text(const std::optional<std::string>& s);

}  // namespace zhifa::spotcheck::detail
