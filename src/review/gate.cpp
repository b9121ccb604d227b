#include "review/gate.h"

#include "base/error.h"
#include "cases/steps.h"
#include "db/conflicts.h"
#include "review/reviews.h"

namespace zhifa::review {

void register_decision_gate() {
  // What the services check first, two concurrent requests can still both pass: their second
  // write meets the index and gets the service's own answer.
  db::register_unique_conflict("reviews_open_once", "reviews.case_id", "review.open_exists", "本案已有未完成的法制审核");
  db::register_unique_conflict("review_catalogues_version", "review_catalogues.bureau_id, review_catalogues.version",
                               "review.catalogue_concurrent", "另一版本刚刚发布，请刷新后重试");
  cases::set_decision_gate([](db::Connection& c, const org::Principal&, const cases::CaseRow& k, const nlohmann::json& decision) {
    auto missing = blocking(c, k, decision);
    if (missing.empty()) return;
    std::string joined;
    for (const auto& m : missing) joined += (joined.empty() ? "" : "；") + m;
    throw Error(409, "review.required", "重大执法决定未经法制审核或审核未通过，不得作出决定。缺少：" + joined, {{"missing", missing}});
  });
}

}  // namespace zhifa::review
