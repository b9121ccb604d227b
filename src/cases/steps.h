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

#include <functional>
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
// amount_fen (penalty), facts, basis. It passes the decision gate first.
nlohmann::json decide(db::Connection& c, const org::Principal& p, int64_t case_id, const nlohmann::json& in);

// The decision gate (法制审核, REV-1): called by decide() inside its transaction, after the
// decision's content is checked and before anything is written, with the case as it stands and
// the decision content (decision_kind, amount_fen, facts, basis). It throws zhifa::Error (409
// `review.required`, details.missing) to refuse the decision. The legal review module
// (src/review/gate.h) registers it at start-up; until one is registered every decision is
// refused, so a decision can never slip past an unwired gate.
using DecisionGate = std::function<void(db::Connection&, const org::Principal&, const CaseRow&, const nlohmann::json& decision)>;
void set_decision_gate(DecisionGate gate);

// Steps that only another module records (the legal review's submission, opinion and
// coordination, flow.h `internal`): the rule's state, permission and content checks apply as for
// record_step, but the public API refuses these kinds. Returns the step id.
int64_t record_internal_step(db::Connection& c, const org::Principal& p, int64_t case_id, const nlohmann::json& in);

// Registers the "case_step" document producer (documents.h): each step kind maps to its official
// document (flow.h document_title) with the step's fields, the handlers and the party's signature
// or refusal. owner_id is the step id, template code "case_<kind>". Called by register_case_kinds.
void register_step_documents();

// The actions the principal may take on the case now: [{kind, label, document_title, fields,
// missing: [documents still absent], needs: [evidence to link]}]. Empty for an archived case.
nlohmann::json allowed_actions(db::Connection& c, const org::Principal& p, const CaseRow& k, const std::vector<StepRow>& steps);

}  // namespace zhifa::cases
