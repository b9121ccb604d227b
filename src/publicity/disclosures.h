// Disclosures (行政执法公示, PUB-1, PUB-2, PUB-4, PUB-8; seed 000 §1): "谁执法谁公示" — each
// disclosure belongs to the bureau whose act it publishes, and passes collect → review → publish,
// each act by a named person and a ledger entry of the rows it changes. Its content is one of the
// standard structures of content_spec() (a decision: body, object, category, legal basis,
// conclusion, amount, decision number, date; a spot-check result: item, object, check date,
// inspectors with their certificate numbers, result, rectification) and lives in versions:
//   draft → reviewed → published; a published version is never changed. A correction is a new
//   version pointing at the one it corrects, reviewed and published again; the corrected one is
//   marked `corrected` and stays in the public history.
//   A disclosure the rules withhold (a party under 18 on the event date, state or trade secrets)
//   is `withheld` with its reason, never published.
//   A published decision that is revoked, confirmed illegal or ordered redone (PUB-8) gets its
//   revocation recorded, which starts a 7-working-day clock, and is taken down (`withdrawn`).
// Collection: a draft is made, in the writing transaction, when a case's decision is made
// (general: decision_approval approved; simple: simple_record) and when an inspection is
// completed (register_collectors(), through src/cases/events.h); a collector may also enter one
// by hand. The text is desensitised (desensitise.h) before review; the reviewer sees the
// original beside the masked text and may mask more, never less. A reviewer may not review a
// version they collected or edited by hand.
//
// Permissions: publicity.read, publicity.collect (manual draft, edit, correction, revocation,
// withhold), publicity.review (review, withhold), publicity.publish (publish, take down). A case
// handler (case.handle) may also withhold the disclosure of a case in scope (secrets).
// Scope: the principal's bureau subtree; outside it answers 404 like an absent disclosure.
//
// Thread-safety: free functions over a caller-owned Connection; writers need a transaction.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/calendar.h"
#include "base/time.h"
#include "db/db.h"
#include "org/principal.h"

namespace zhifa::publicity {

// The kinds: penalty_decision (行政处罚决定), other_decision (其他行政执法决定), check_result
// (双随机抽查结果, with a `problems` flag). {code, label}.
const std::vector<std::pair<std::string, std::string>>& kinds();
const std::string& kind_label(const std::string& kind);
// The structure of each kind's content, for forms: {kind: {label, period_workdays, fields: [...]}}.
nlohmann::json content_spec();
// The text's distinct pairs of adjacent characters, Latin letters lowered, pairs with whitespace
// left out, separated by spaces: what the portal's bigram index (migration 0027, which fills
// old rows with the same pairs in SQL) holds for a published text, and, for a 2-character
// query, the one pair the portal looks up.
std::string search_grams_of(const std::string& text);

struct DisclosureFilter {
  std::optional<int64_t> bureau_id;
  std::string state, kind;  // "" = any
  std::optional<int> year;
  int64_t page = 1, page_size = 20;
};
// Requires publicity.read. {items, total, page, page_size}, newest first.
nlohmann::json list_disclosures(db::Connection& c, const org::Principal& p, const DisclosureFilter& f);
// Requires publicity.read. The disclosure with its working version (original and masked side by
// side), its current published version, every version, its deadline and the actions open to p.
nlohmann::json get_disclosure(db::Connection& c, const org::Principal& p, int64_t id);

// Requires publicity.collect. A draft entered by hand. Input: kind, bureau_id? (default the
// principal's), source_kind? (default manual), source_id?, content {...}, persons? [names of
// natural persons other than the party the record knows].
nlohmann::json create_draft(db::Connection& c, const org::Principal& p, const nlohmann::json& in);
// Requires publicity.collect. Changes the working version while it is not published: content?,
// persons?. A reviewed version goes back to draft. The editor becomes its hand collector.
nlohmann::json edit_draft(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in);
// Requires publicity.review. Input: add_masks? [strings masked everywhere from now on], note?.
// The working version must be a draft; 409 publicity.self_review for its hand collector.
nlohmann::json review(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in);
// Requires publicity.publish. The working version must be reviewed.
nlohmann::json publish(db::Connection& c, const org::Principal& p, int64_t id);
// Requires publicity.collect. A correction of the published version: content, reason.
nlohmann::json correct(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in);
// Requires publicity.review, publicity.collect or (for a case's disclosure) case.handle. Input:
// reason_code (minor | state_secret | trade_secret | privacy | other), reason. Not once published.
nlohmann::json withhold(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in);
// Requires publicity.collect. PUB-8: kind (revoked | confirmed_illegal | ordered_redo),
// event_date, reason, document (the decision that revoked it). Starts the 7-working-day clock.
nlohmann::json record_revocation(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in);
// Requires publicity.publish. Takes the published disclosure off the portal. Input: reason
// (required when no revocation was recorded).
nlohmann::json take_down(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in);

// ---- collection from events ---------------------------------------------------------------
// A draft from a case step (decision_approval approved, simple_record), or nothing for other
// steps or when the case already has a disclosure. Returns its id. Requires a transaction.
std::optional<int64_t> collect_case_step(db::Connection& c, const org::Principal& p, int64_t case_id, const std::string& kind);
// A draft from a completed inspection, or nothing when it already has one.
std::optional<int64_t> collect_inspection(db::Connection& c, const org::Principal& p, int64_t inspection_id);
// Registers both with src/cases/events.h (idempotent). Called at start-up.
void register_collectors();

// ---- shared inside src/publicity ------------------------------------------------------------
struct DisclosureRow {
  int64_t id = 0, bureau_id = 0, created_by = 0;
  int year = 0;
  std::string bureau_path, bureau_name, division_code, kind, source_kind, source_id, event_date, state, created_at;
  std::optional<std::string> due_on, withheld_reason, withheld_at, first_published_on, takedown_due_on, withdrawn_on;
  std::optional<int64_t> withheld_by, working_version_id, current_version_id, withdrawn_by;
  nlohmann::json persons, extra_masks, revocation;
  std::string search_text;
};
// The SELECT of a DisclosureRow ("FROM disclosures d JOIN bureaus b ..."), to append WHERE to.
const char* row_select();
DisclosureRow read_row(const db::Row& r);
// The deadline of one disclosure on `today` (deadlines.cpp): {due, period_workdays, status,
// workdays_left, published_on, takedown}. status: due | due_soon | overdue | unknown |
// published_on_time | published_late | withheld; takedown (null until a revocation is
// recorded): {due, status: due | due_soon | overdue | unknown | done | done_late, done_on}.
nlohmann::json deadline_json(const DisclosureRow& d, const calendar::WorkCalendar& cal, time::Date today);

}  // namespace zhifa::publicity
