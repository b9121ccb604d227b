#include "base/versions.h"

#include "base/error.h"

namespace zhifa::versions {

const char* state(bool published, int64_t version, int64_t latest) {
  if (published) return "published";
  return version == latest ? "draft" : "superseded";
}

void check_new_version(const std::string& prefix, bool published_before, const std::string& reason, bool same_as_latest) {
  // A published document may be adjusted; the reason is part of the public record.
  if (published_before && reason.empty()) throw Error::required("reason", "调整原因");
  if (same_as_latest) throw Error::conflict(prefix + ".no_change", "新版本与当前最新版本完全相同");
}

void check_publish(const std::string& prefix, std::optional<int64_t> seen, int64_t latest_id, bool latest_published) {
  if (seen && *seen != latest_id)
    throw Error::conflict(prefix + ".version_not_latest", "只能公布最新版本，该版本已被新版本取代",
                          {{"field", "version_id"}, {"latest_version_id", latest_id}});
  if (latest_published) throw Error::conflict(prefix + ".nothing_to_publish", "最新版本已经公布；调整计划请先新增版本");
}

}  // namespace zhifa::versions
