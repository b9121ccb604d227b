// The lifecycle of a document kept as a history of versions that are never edited (the annual
// spot-check plans, spotcheck/plans.h; the training plans, inspectors/training_plans.h): a new
// version while the latest is a draft supersedes that draft; a new version after a publication
// is an adjustment and needs a reason; only the latest version is published, once. The owners
// keep their own tables and ledger entries; the rule lives here once, with the error codes under
// each owner's prefix (`plan.no_change`, `training_plan.no_change` ...).
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace zhifa::versions {

// "published"; else "draft" for the latest version and "superseded" for an earlier one.
const char* state(bool published, int64_t version, int64_t latest);

// The newest published version of `vs` (oldest first; V has published()); nullptr when none is.
template <class V>
const V* latest_published(const std::vector<V>& vs) {
  for (auto it = vs.rbegin(); it != vs.rend(); ++it)
    if (it->published()) return &*it;
  return nullptr;
}

// Before writing a new version: after a publication `reason` is required (422 naming `reason`);
// a version identical to the latest is 409 <prefix>.no_change.
void check_new_version(const std::string& prefix, bool published_before, const std::string& reason, bool same_as_latest);

// Before publishing the latest version: the version the client saw (`seen`, if it says) must be
// the latest (409 <prefix>.version_not_latest naming `version_id`), and the latest must not be
// published already (409 <prefix>.nothing_to_publish).
void check_publish(const std::string& prefix, std::optional<int64_t> seen, int64_t latest_id, bool latest_published);

}  // namespace zhifa::versions
