// The random spot-check item list (随机抽查事项清单, 一单; DR-1, DR-14, PUB-5): what may be checked,
// on what legal basis, by which levels of bureau, of which kind of object, at what ratio and
// frequency (each a range), how, and what the check covers. The list is set by the provincial
// bureau (000 Art 5) and read by its cities and counties; the public reads the items in force.
//
// An item is a stable identity (its 序号 within the province) and a history of versions; a change
// is a new version, never an edit. The version in force on a day is the highest-numbered version
// whose effective_from is not after that day, unless its effective_to has passed (then the item
// is not in force): a later decision replaces every earlier one from its start date, and a
// version with an end date ends the item. A new version may not start before today, so a change
// never rewrites what was in force in the past; only an item's first version may start in the
// past (a list issued before the system existed).
//
// Who may change it: the permission `spotcheck.items.manage` (roles.cpp), held by a principal
// whose own bureau is at province level. A city or county bureau's holder of the same role reads
// the list and cannot change it (403 `spotcheck.province_only`).
//
// Thread-safety: free functions over a caller-owned Connection; writers need a transaction.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "db/db.h"
#include "org/principal.h"

namespace zhifa::spotcheck {

// Requires spotcheck.read. The items of the principal's province, ordered by 序号, each with the
// version in force on `date` (YYYY-MM-DD, default today in Shanghai) as `current` (null when none)
// and its latest version as `latest`. {items}.
nlohmann::json list_items(db::Connection& c, const org::Principal& p, const std::string& date);
// Requires spotcheck.read. One item with `current` and every version, oldest first.
nlohmann::json get_item(db::Connection& c, const org::Principal& p, int64_t id);

// Requires spotcheck.items.manage at a province-level bureau. Input: name, basis, bodies
// (subset of province/city/county), object_type, ratio_min_bp, ratio_max_bp, frequency_min,
// frequency_max, method (on_site|written|both), contents (ordered texts), notes?, effective_from,
// effective_to?, reason?. Returns the item as get_item does.
nlohmann::json create_item(db::Connection& c, const org::Principal& p, const nlohmann::json& in);
// A new version of an item. Input as create_item, plus a required reason and effective_from; any
// other field left out is taken from the latest version (effective_to is not: absent means open).
nlohmann::json add_item_version(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in);

// The public list (no login): every province's items in force on `date` (default today), flat:
// item_id, seq_no, bureau_name and the version's fields. {items, date}.
nlohmann::json public_items(db::Connection& c, const std::string& date);

// An item visible to the principal (its province's, or its own); 404 `spotcheck.item_not_found`
// otherwise. Returns the owning province bureau's id.
int64_t find_item(db::Connection& c, const org::Principal& p, int64_t id);

// The version of an item visible to the principal that is in force on `date` (YYYY-MM-DD), as
// get_item shows a version, or null when none is; 404 `spotcheck.item_not_found` when the item is
// not visible. No permission check: for services that have checked their own (plans.h).
nlohmann::json item_version_in_force(db::Connection& c, const org::Principal& p, int64_t id, const std::string& date);

// Chinese names of the codes; nullptr for an unknown code.
const char* object_type_name(const std::string& code);
const char* method_name(const std::string& code);

}  // namespace zhifa::spotcheck
