// The enforcement item list (行政执法事项清单, PUB-5; seed 000 §1.1, 003 §1.2-1.4) and the service
// guide (服务指南) of each item. A bureau publishes its list as versions: a version is the whole
// list, never edited; when a law or a duty changes the bureau publishes the next version with its
// reason and the older ones stay readable. A bureau without a version of its own uses its nearest
// ancestor's (a county follows the province's list, as review catalogues do).
//
// Each item: code, name, category (penalty 行政处罚 | inspection 行政检查 | coercion 行政强制 |
// other 其他), legal basis [{law, article, text}], the levels of body that implement it
// (province | city | county), for a penalty item the violations of the discretion table
// (src/review/discretion.h, fine_rules) it maps to, and the guide's own text (conditions,
// procedure, time limit, contact). The guide's rights and fees are the same for every item of a
// category and are composed here (guide_json), never typed per item.
//
// Permissions: publicity.read (read in the console), publicity.publish (publish a version);
// the bureau must be in scope (404 otherwise). The public reads need no login.
// Thread-safety: free functions over a caller-owned Connection; writers need a transaction.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>

#include "db/db.h"
#include "org/principal.h"

namespace zhifa::publicity {

// {for_bureau: {id, name}, list: version | null} where a version is {id, bureau_id,
// bureau_name, version, reason, published_at, published_by, inherited: bool, items: [...]}.
nlohmann::json prior_items_in_force(db::Connection& c, const org::Principal& p, std::optional<int64_t> bureau_id);
// {bureau: {id, name}, items: [versions of this bureau's own list, newest first]}.
nlohmann::json prior_item_versions(db::Connection& c, const org::Principal& p, std::optional<int64_t> bureau_id);
// Input: bureau_id? (default the principal's), reason (required from the second version on),
// items: [{code, name, category, basis: [{law, article, text}], levels: [...], fine_rules?:
// [violation], guide?: {conditions, procedure, time_limit, contact}}]. 422 naming the field
// (`items[1].fine_rules[0]`). Returns the new version (201).
nlohmann::json publish_prior_items(db::Connection& c, const org::Principal& p, const nlohmann::json& in);

// The portal (no login, no staff names): the list in force for a bureau (nearest ancestor's),
// each item with its composed guide; with `version`, that version of the list whose bureau the
// bureau's chain uses. 404 prior.bureau_not_found / prior.version_not_found.
nlohmann::json public_prior_items(db::Connection& c, int64_t bureau_id, std::optional<int64_t> version);
// Every version of the list the bureau uses (its own, else its nearest ancestor's): {bureau,
// from_bureau, versions: [{version, reason, published_at, item_count}]}.
nlohmann::json public_prior_item_versions(db::Connection& c, int64_t bureau_id);

// The service guide of one item as the portal shows it: basis, conditions, procedure, time
// limit, the party's rights (by category), fees (none), contact (the item's, else `contact`).
nlohmann::json guide_json(const nlohmann::json& item, const std::string& contact);

}  // namespace zhifa::publicity
