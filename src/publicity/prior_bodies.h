// The enforcement bodies (行政执法主体资格清单, PUB-5): each bureau's profile as versions — legal
// name, duties (职责), address, complaint phone (投诉举报电话) and staffing (编制) as entered — and
// the number of its certified enforcement staff, counted from the inspector records when read
// (active, certificate valid today), never typed. A change publishes a new version with its
// reason; the older ones stay readable.
//
// Permissions: publicity.read (console), publicity.publish (a new version); bureau in scope.
// Thread-safety: free functions over a caller-owned Connection; writers need a transaction.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>

#include "db/db.h"
#include "org/principal.h"

namespace zhifa::publicity {

// {bureau: {id, name, address, phone}, certified_staff, profile: version | null, versions:
// [newest first]}; a version is {id, version, legal_name, duties, address, complaint_phone,
// staffing, reason, published_at, published_by}.
nlohmann::json prior_body(db::Connection& c, const org::Principal& p, std::optional<int64_t> bureau_id);
// Input: bureau_id?, legal_name, duties, address, complaint_phone, staffing, reason (required
// from the second version on). 422 naming the field. Returns prior_body of the bureau (201).
nlohmann::json publish_prior_body(db::Connection& c, const org::Principal& p, const nlohmann::json& in);
// The portal (no login): every bureau, ordered by path, with its latest profile (null when none
// was published: the bureau's name, address and phone then stand) and certified_staff.
nlohmann::json public_prior_bodies(db::Connection& c);

}  // namespace zhifa::publicity
