// Cases (案件, REC-1..REC-17): a case is opened ex officio or from a registered source (sources.h),
// handled under the simple or the general procedure and closed, then archived. Its state and the
// steps allowed from it are the law table in flow.h; each step is an append-only row with its
// ledger entry (steps.h). A case belongs to its handling bureau: a principal sees the cases of
// their bureau subtree, never a sibling's; out of scope answers 404 like an absent case.
//
// Permissions (src/org/roles.cpp): case.read, case.handle (open, record steps), case.assign,
// case.approve_plan (enforcement plan), case.approve (opening, decision, closing, bureau head),
// case.archive (archivist).
//
// Thread-safety: free functions over a caller-owned Connection; writers need a transaction.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "db/db.h"
#include "org/principal.h"

namespace zhifa::cases {

// What other parts of src/cases (leads, access, documents) need to know about a case.
struct CaseRef {
  int64_t id = 0, bureau_id = 0;
  std::string number, party_name, procedure, state;
  bool archived = false;
};
// Requires case.read. 404 `case.not_found` when absent or out of the principal's scope.
CaseRef case_ref(db::Connection& c, const org::Principal& p, int64_t case_id);

// Registers the evidence owner kind "case" (permanent retention for a general-procedure case,
// REC-19) and the source kind "referral" (another body's transfer, its document an evidence item).
// Called once at start-up (register_cases_routes).
void register_case_kinds();

// Requires case.handle. Input: procedure (simple | general), party_kind (org | person),
// party_name, party_code (credit code for org, ID number for person), source_kind (ex_officio or
// a registered kind: lead, inspection, referral), source_id (not for ex_officio), source_note?,
// summary, unit_name (handling unit), bureau_id? (default: the principal's), handlers? (user ids).
nlohmann::json create_case(db::Connection& c, const org::Principal& p, const nlohmann::json& in);

struct CaseFilter {
  std::optional<int64_t> bureau_id;
  std::string state, procedure, q;
  int64_t page = 1, page_size = 20;
};
// Requires case.read. {items, total, page, page_size}, newest first.
nlohmann::json list_cases(db::Connection& c, const org::Principal& p, const CaseFilter& f);
// Requires case.read. The case with its handlers, steps (the timeline), the actions the principal
// may take now (each with what is still missing) and its deadlines.
nlohmann::json get_case(db::Connection& c, const org::Principal& p, int64_t id);
// Requires case.assign. Input: user_ids (each an account with an inspector record whose
// certificate is valid and status active today). A new assignment replaces the handlers.
nlohmann::json assign_handlers(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in);

// ---- shared inside src/cases ------------------------------------------------------------------

struct CaseRow {
  int64_t id = 0, bureau_id = 0, created_by = 0;
  int year = 0, serial = 0;
  std::string bureau_path, bureau_name, number, procedure, party_kind, party_name, party_code, source_kind, source_id,
      source_note, summary, unit_name, state, created_at, updated_at;
  nlohmann::json to_json() const;
};
struct Handler {
  int64_t user_id = 0, inspector_id = 0;
  std::string name, certificate_no;
};
struct StepRow {
  int64_t id = 0, case_id = 0, recorded_by = 0;
  std::string kind, done_on, state_before, state_after, recorded_at, recorded_by_name;
  nlohmann::json content;
  std::vector<int64_t> evidence_ids;
  bool late = false;
  int64_t ledger_seq = 0;
  nlohmann::json to_json() const;
};

// 404 `case.not_found` when absent or out of scope (needs case.read or case.handle).
CaseRow load_case(db::Connection& c, const org::Principal& p, int64_t id);
// 409 `case.archived` for an archived case: every write refuses it.
void require_writable(const CaseRow& k);
std::vector<Handler> current_handlers(db::Connection& c, int64_t case_id);
std::vector<StepRow> steps_of(db::Connection& c, int64_t case_id);
// Moves the case to `state` with its ledger entry. Requires a transaction.
void set_state(db::Connection& c, const org::Principal& p, CaseRow& k, const std::string& state, int64_t step_id);

}  // namespace zhifa::cases
