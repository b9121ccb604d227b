// Statistical dishonesty records (统计失信记录, CRED-1, DR-11, DR-5): who is dishonest (a
// registry object by credit code, or a party not in the registry by name and credit code), at
// which level (serious 统计严重失信 / general 一般失信), on which basis (a case with its approved
// penalty decision, read through the cases service; the decision's document number), determined
// on which day; proposed by one person, approved or rejected by another, published by the
// publicity officer; then in publication for the period src/credit/rules.h computes, until it
// ends by date or a repair (repairs.h) ends it early. An approved record sets the registry
// object's credit status for that period (registry::set_credit_status), which the plans' ratios
// and the draw read on the check day.
//
// A record belongs to the bureau of its case (or the proposer's, for a record with no case in
// the system); a principal sees the records of their bureau subtree, never a sibling's: out of
// scope answers 404 like an absent record. Every act is a row of credit_acts and the record's
// row change, each with its ledger entry, in the caller's transaction.
//
// Permissions (src/org/roles.cpp): credit.read; credit.manage (propose, enter repairs);
// credit.approve (approve or reject a record, decide a repair); credit.publish.
//
// Thread-safety: free functions over a caller-owned Connection; writers need a transaction.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "base/time.h"
#include "db/db.h"
#include "org/principal.h"

namespace zhifa::credit {

// Registers the unique indexes of the credit tables, so that two racing writes end in the same
// 409 the services give (credit.duplicate, credit.repair_pending). Called once at start-up.
void register_conflicts();

struct RecordRow {
  int64_t id = 0, bureau_id = 0, proposed_by = 0;
  std::optional<int64_t> object_id, case_id, approved_by, published_by;
  std::string bureau_path, bureau_name, credit_code, party_name, legal_representative, level, case_number, basis,
      decision_no, determination_date, state, proposed_at;
  std::optional<std::string> approved_at, approval_opinion, published_at, published_on, publication_end, removed_on;
};

// 404 `credit.not_found` when absent or out of the principal's scope (needs credit.read or more).
RecordRow load_record(db::Connection& c, const org::Principal& p, int64_t id);

// Requires credit.manage. Input: credit_code; party_name (required when the code is not in the
// registry, else the registry's name); legal_representative?; level (serious | general);
// case_id (the case must be in scope, its party's code this credit code, with an approved
// penalty decision); decision_no; basis (the facts in brief); determination_date (YYYY-MM-DD,
// not in the future, not before the decision). `without_case` (the demo loader only) allows a
// record whose decision was made outside the system: no case_id, bureau = the principal's.
// 422 naming the field; 409 `credit.duplicate` for a live record of the same decision.
nlohmann::json propose(db::Connection& c, const org::Principal& p, const nlohmann::json& in, bool without_case = false);
// Requires credit.approve; the approver is not the proposer (409 `credit.same_person`). Input:
// approved (bool), opinion (required when not approved). Approval sets the registry status
// (credit_from = the determination date, open end until publication).
nlohmann::json decide(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in);
// Requires credit.publish. Input: published_on? (default today; not in the future, not before the
// determination). Sets the period and the registry status's end. `late` in the answer when it is
// after the due date.
nlohmann::json publish(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in);

struct RecordFilter {
  std::optional<int64_t> bureau_id;
  std::string level, status, q;
  std::string from, to;  // determination date range (inclusive), YYYY-MM-DD
  int64_t page = 1, page_size = 20;
};
// Requires credit.read. {items, total, page, page_size}, newest determination first. status is
// one of rules.h's statuses (computed from dates as of today).
nlohmann::json list_records(db::Connection& c, const org::Principal& p, const RecordFilter& f);
// Requires credit.read. The record with its acts (history), repairs, due date and ledger entries.
nlohmann::json get_record(db::Connection& c, const org::Principal& p, int64_t id);
// Requires credit.read. Approved records not yet published, in scope: due_on (null and
// due_unknown when the calendar lacks the year), overdue, workdays_left; overdue first.
nlohmann::json due_list(db::Connection& c, const org::Principal& p, std::optional<int64_t> bureau_id);
// No login: serious records in publication today, with no staff names and no personal data.
nlohmann::json portal_list(db::Connection& c);

// ---- shared inside src/credit ------------------------------------------------------------------
nlohmann::json record_json(const RecordRow& r, time::Date today);
// Appends an act row (and its entry) and records the record row's current state. Requires a tx.
void record_act(db::Connection& c, const org::Principal& p, const RecordRow& r, const std::string& act,
                const std::string& done_on, const std::string& note);
// Writes the record row's state columns (state, approval, publication, removed_on) and its entry.
void save_record_state(db::Connection& c, const org::Principal& p, const RecordRow& r, const std::string& action);
// Visits the records the filter selects, in scope, without paging (for exports).
void for_each_record(db::Connection& c, const org::Principal& p, const RecordFilter& f,
                     const std::function<void(const RecordRow&)>& fn);

}  // namespace zhifa::credit
