// The legal reviewer roster (法制审核人员名单, ORG-4): who may review an enforcement decision of a
// bureau. A bureau's staff reviewers and its contracted legal advisers (法律顾问, with the law firm
// and the contract's term), each with the legal professional qualification number (法律职业资格)
// that Administrative Penalty Law Art 58 §2 requires of a first-time reviewer. An entry of a bureau
// covers the bureaus below it (a province's reviewer may review a county's case); a sibling's never.
// Each year a bureau reports its roster upward by 30 September (seed 000 §3.1); the report is a
// snapshot recorded in the ledger, and the bureaus above see its state.
//
// Rows are append-only but for the entry's `active` flag and deactivation fields, which change once
// (a deactivation); every create and change is a ledger entry, subject reviewer/<id>.
//
// Permissions: review.read (list, report), review.roster.manage (add, deactivate, submit).
// Thread-safety: free functions over a caller-owned Connection; writers need a transaction.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "base/time.h"
#include "db/db.h"
#include "org/principal.h"

namespace zhifa::review {

struct ReviewerCheck {
  bool ok = false;
  std::string reason;  // Chinese, empty when ok
};

// May user_id review a case of bureau_id on `on`? ok when the user has an active roster entry of
// that bureau or one of its ancestors; an adviser's contract covers `on`; and, when first_review
// (the user never concluded a review), the entry has the legal professional qualification number
// (法律职业资格, Administrative Penalty Law Art 58 §2). The caller computes first_review.
ReviewerCheck reviewer_eligibility(db::Connection& c, int64_t user_id, int64_t bureau_id, const time::Date& on, bool first_review);

// Requires review.read. {items: [entry]} of the bureau (default the principal's) and those below it,
// in scope only (404 bureau.not_found otherwise); include_inactive adds deactivated entries.
nlohmann::json list_roster(db::Connection& c, const org::Principal& p, std::optional<int64_t> bureau_id, bool include_inactive);
// Requires review.roster.manage. Input: user_id, bureau_id? (default the user's), kind (staff |
// adviser), qualification_no? (1-40 chars), qualified_on?, contract_from/contract_until and firm
// (adviser), note?. The user must be in scope and hold the legal_reviewer role; 409
// review.roster_duplicate when the user already has an active entry of that bureau.
nlohmann::json add_reviewer(db::Connection& c, const org::Principal& p, const nlohmann::json& in);
// Requires review.roster.manage. Input: reason. 409 review.roster_inactive when already inactive.
nlohmann::json deactivate_reviewer(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in);

// The report's state on `today`: not_due | due_soon (from 1 September) | overdue (after 30
// September) | submitted.
std::string report_state(int year, bool submitted, const time::Date& today);
// Requires review.read. {bureau, year, due_on, state, submitted_at, submitted_by, entries}: the
// entries are the submitted snapshot, or the roster as it stands when not yet submitted.
nlohmann::json roster_report(db::Connection& c, const org::Principal& p, int year, std::optional<int64_t> bureau_id,
                             const time::Date& today);
// Requires review.roster.manage. Submits the principal's bureau's roster of `year` (in force now)
// as a snapshot; 409 review.roster_report_submitted when already submitted that year.
nlohmann::json submit_roster_report(db::Connection& c, const org::Principal& p, int year, const time::Date& today);
// Requires review.read. The reports of the principal's bureau and every city and county below it
// for `year`: {year, due_on, items: [{bureau, state, submitted_at, entries_count}]}.
nlohmann::json roster_reports(db::Connection& c, const org::Principal& p, int year, const time::Date& today);

}  // namespace zhifa::review
