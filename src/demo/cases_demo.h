// Three demo cases of Hangzhou in different states (REC-1..REC-17): a simple-procedure case
// archived, a simple one in execution, and a general-procedure case in investigation with its
// plan, opening approval and inquiry. Private to src/demo.
// Thread-safety: free functions over a caller-owned Connection.
#pragma once

#include "db/db.h"
#include "org/principal.h"

namespace zhifa::demo {

// Requires: a transaction; the inspectors loaded (handlers hz_insp1, hz_insp3 eligible).
void load_cases_demo(db::Connection& c, const org::Principal& unit_head, const org::Principal& head,
                     const org::Principal& inspector, const org::Principal& archivist, int64_t handler_a, int64_t handler_b);

}  // namespace zhifa::demo
