// The decision gate (REV-1): 未经法制审核或者审核未通过的，不得作出决定. Registered into
// cases::decide() at start-up; it decides, from the bureau's review catalogue (catalogue.h) and
// the case's reviews (reviews.h), whether the decision is major and, if it is, refuses it with
// 409 `review.required` (details.missing, Chinese) until a review of this very decision passed
// and, where the catalogue asks for it, the collective discussion took place.
//
// Thread-safety: the registration runs once before the server serves; the gate itself is a free
// function over the caller's Connection.
#pragma once

namespace zhifa::review {

// Installs the gate into cases::decide() (idempotent). What blocks a decision is
// reviews.h blocking().
void register_decision_gate();

}  // namespace zhifa::review
