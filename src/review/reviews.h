// The legal review of one case's proposed decision (法制审核, REV-3..REV-5, REC-12): the handling
// unit submits its proposal with the materials the catalogue lists (checked for completeness);
// the legal affairs unit assigns a reviewer from the roster who did not handle the case; the
// reviewer answers the ten points of REV-3, concludes (agree, disagree, return for more
// material, recommend referral) and writes the opinion, within the catalogue's time limit in
// working days; after a disagreement the head decides a recorded coordination. Each act is a
// ledger entry of the review row and a case step (review_submission, legal_review,
// review_coordination), so the timeline, the case file and the 法制审核意见书 carry it with its
// proof. The gate (gate.h) reads the latest review of the case.
//
// Thread-safety: free functions over a caller-owned Connection; writers need a transaction.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/time.h"
#include "calendar/calendar_service.h"
#include "cases/cases.h"
#include "db/db.h"
#include "org/principal.h"

namespace zhifa::review {

// The time limit of one review, the one home of that rule: an open review is ok, due_soon (due
// within one working day), overdue (today is after due_on) or unknown (no due date, or the
// calendar has no data); a concluded one is done or done_late (concluded after due_on).
// Dates are YYYY-MM-DD.
std::string deadline_state(const std::string& state, const std::optional<std::string>& due_on,
                           const std::optional<std::string>& concluded_on, const calendar::WorkCalendar& cal, time::Date today);

// The ten points of REV-3 (seed 000 §3.3), in order: {code, label}.
const std::vector<std::pair<std::string, std::string>>& review_points();

// What the case needs now: {major, reasons, collective_required, catalogue, status, passed,
// can_decide, blocking, hearing_right, latest, history}. Requires case.read (or case.handle).
// With `decision` ({decision_kind, amount_fen}, the one being filled in) blocking and major are
// those of that decision, as the gate will judge it; otherwise those of the latest proposal.
nlohmann::json case_review(db::Connection& c, const org::Principal& p, int64_t case_id,
                           const std::optional<nlohmann::json>& decision = std::nullopt);

// Requires case.handle. Input: proposal {decision_kind, amount_fen?, violation?, party_class?,
// tier?, facts, basis, complex?, referral?, public_interest?}, materials {code: evidence_id or
// [ids]}, note?. The case must be `notified`. 409 review.materials_incomplete, review.open_exists,
// review.case_state. Returns the review.
nlohmann::json submit(db::Connection& c, const org::Principal& p, int64_t case_id, const nlohmann::json& in);

struct ReviewFilter {
  std::optional<int64_t> bureau_id;
  std::string state;  // submitted | assigned | concluded | open ("" = any)
  bool mine = false;  // assigned to the principal
  int64_t page = 1, page_size = 20;
};
// Requires review.read. {items, total, page, page_size}: open reviews first by due date.
nlohmann::json list_reviews(db::Connection& c, const org::Principal& p, const ReviewFilter& f);
// Requires review.read, or case.read for a review of a case in scope.
nlohmann::json get_review(db::Connection& c, const org::Principal& p, int64_t id);
// Requires review.assign. Input: reviewer_user_id.
nlohmann::json assign(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in);
// Requires review.conduct and being the assigned reviewer. Input: findings [{point, result,
// comment}], outcome, opinion.
nlohmann::json conclude(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in);
// Requires case.approve; only after outcome disagree. Input: result (adopt_proposal |
// adopt_review), opinion.
nlohmann::json coordinate(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in);

// ---- for the gate -----------------------------------------------------------------------------
// What blocks `decision` on case `k` today (Chinese, empty when it may be made).
std::vector<std::string> blocking(db::Connection& c, const cases::CaseRow& k, const nlohmann::json& decision);

}  // namespace zhifa::review
