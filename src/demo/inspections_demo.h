// A field inspection under way for the demo (DR-9): one of the demo draw's tasks begun on the
// phone, certificates shown and the notice served, the rest left to do, so that the mobile
// pages and the console's 检查记录 have something to show. Private to src/demo.
// Thread-safety: free functions over a caller-owned Connection.
#pragma once

#include "db/db.h"
#include "org/principal.h"

namespace zhifa::demo {

// Requires: a transaction; the draw demo loaded; `inspector` is on the team of a drawn task.
void load_inspections_demo(db::Connection& c, const org::Principal& inspector);

}  // namespace zhifa::demo
