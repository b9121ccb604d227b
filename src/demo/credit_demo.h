// Demo data of statistical credit (CRED-1): three Hangzhou enterprises — one seriously dishonest
// and in publication, one repaired early, one awaiting the head's approval. The demo has no case
// with an approved penalty decision, so these records name a decision document number with no
// case link (credit::propose's `without_case`), and their basis says so.
#pragma once

#include "db/db.h"
#include "org/principal.h"

namespace zhifa::demo {

// Dates are counted back from today so that the one in publication stays in it.
void load_credit_demo(db::Connection& c, const org::Principal& unit_head, const org::Principal& head,
                      const org::Principal& publicity_officer);

}  // namespace zhifa::demo
