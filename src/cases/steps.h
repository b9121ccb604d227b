// Recording a step of a case against the law table (flow.h): the step must be allowed from the
// case's state under its procedure, the principal must hold the step's permission, the content
// must have every required field, the earlier steps whose documents it needs must be on the case,
// and the evidence it must link (recordings, signed receipts, screenshots) must be linked. A
// refusal names what is missing: 422 `validation.required` for content fields (details.field,
// details.missing), 409 `case.step_requirements` with details.missing (Chinese names) for
// documents, recordings, signatures and handlers. A step is an append-only row with its ledger
// entry, and the case's state change another, in the same transaction.
//
// Thread-safety: free functions over a caller-owned Connection; writers need a transaction.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "cases/cases.h"
#include "db/db.h"
#include "org/principal.h"

namespace zhifa::cases {

// Input: kind, content {field: value}, evidence_ids? [evidence item ids, owner case], done_on?
// (YYYY-MM-DD, the day the act took place; default today; not in the future nor before the
// case's previous step). The kind "decide" goes through decide(). Returns the case (get_case).
nlohmann::json record_step(db::Connection& c, const org::Principal& p, int64_t case_id, const nlohmann::json& in);

// The decision step (作出处理决定): content decision_kind (penalty | no_penalty | other),
// amount_fen (penalty), facts, basis. It passes review_gate first.
nlohmann::json decide(db::Connection& c, const org::Principal& p, int64_t case_id, const nlohmann::json& in);

// The seam where issue 7's legal review (法制审核, REC-12) plugs in: called by decide() inside
// its transaction, before anything is written, with the case as it stands. It throws
// zhifa::Error (409 `review.required` naming what is missing) to refuse the decision. Today it
// allows every decision; issue 7 replaces its body, nothing else.
void review_gate(db::Connection& c, const CaseRow& k);

// Registers the "case_step" document producer (documents.h): each step kind maps to its official
// document (flow.h document_title) with the step's fields, the handlers and the party's signature
// or refusal. owner_id is the step id, template code "case_<kind>". Called by register_case_kinds.
void register_step_documents();

// The actions the principal may take on the case now: [{kind, label, document_title, fields,
// missing: [documents still absent], needs: [evidence to link]}]. Empty for an archived case.
nlohmann::json allowed_actions(db::Connection& c, const org::Principal& p, const CaseRow& k, const std::vector<StepRow>& steps);

}  // namespace zhifa::cases
