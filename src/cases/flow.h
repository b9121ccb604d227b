// The law of a case as one table (REC-1..REC-17; Administrative Penalty Law; seed 002): the
// states a case passes through, the steps, which step is allowed from which state under which
// procedure and permission, and what each step requires — its content fields, the earlier steps
// whose documents must exist (documents), and the evidence it must link (recordings: audio or
// video; attachments: a signed receipt, a mail slip, a screenshot). The rules are data so that a
// refusal names what is missing and the console can show which actions are allowed now.
// steps.cpp applies the table; the few rules that are not a presence check (the hearing notice's
// 7 working days, the 24-hour emergency window, the archive's completeness) live there and in
// archive.cpp and are named in the rules' `notes`.
//
// Thread-safety: immutable data.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace zhifa::cases {

enum class FieldType { text, date, instant, fen, boolean, choice };

struct FieldSpec {
  std::string key, label;
  FieldType type = FieldType::text;
  bool required = true;
  std::vector<std::string> choices;  // FieldType::choice
  // Required only when this boolean field of the same step is true (e.g. amount when penalty).
  std::string required_if;
  std::string required_if_value;  // for a choice field: required when it has this value
  std::vector<std::string> choice_labels;  // shown in documents, parallel to choices
};

// An earlier step that must be on the case: one of `kinds`; only when a step of `if_present`
// exists (a review after a statement, a hearing record after a hearing notice).
struct DocRequirement {
  std::vector<std::string> kinds;
  std::string label;
  std::string if_present;
};

// Evidence the step must link: at least one item of one of `kinds`. Waived when the step gives
// the field `unless_field` (a reason why no recording was made, REC-10); needed only when the
// boolean field `only_if` is true (simple procedure, dispute likely, REC-13).
struct MediaRequirement {
  std::vector<std::string> kinds;
  std::string label;
  std::string unless_field;
  std::string only_if;
};

struct StepRule {
  std::string kind, label;
  std::string document_title;  // the official document the step produces ("" for none)
  std::string procedure;       // general | simple | any
  std::vector<std::string> from;
  std::string to;              // the state after the step; "" keeps the state
  std::string permission;
  std::vector<FieldSpec> fields;
  std::vector<DocRequirement> documents;
  std::vector<MediaRequirement> media;
  bool party_signature = false;  // party_signed true, or party_refusal_reason (REC-9)
  bool certificates = false;     // the handlers' names and certificate numbers, shown (REC-7, REC-9)
  bool once = false;
  bool investigation = false;    // needs two eligible certified handlers
  std::string notes;
  // Recorded only by another module's service (the legal review, src/review/), never through
  // the steps API: the review's own rules (roster, ten points, coordination) live there.
  bool internal = false;
};

struct StateInfo {
  std::string code, label;
};

const std::vector<StateInfo>& states();
const std::string& state_label(const std::string& code);
const std::vector<StepRule>& step_rules();
// nullptr when unknown.
const StepRule* find_rule(const std::string& kind);
const std::string& step_label(const std::string& kind);
// The whole table for the console and the docs.
nlohmann::json flow_json();
nlohmann::json rule_json(const StepRule& r);

}  // namespace zhifa::cases
