// One completed witnessed draw for the demo city's (Hangzhou's) 2026 plan (DR-6, DR-13, PUB-11),
// with its tasks, so that the console, the mobile pages and the portal have a draw to show.
// Private to src/demo. Thread-safety: free functions over a caller-owned Connection.
#pragma once

#include "db/db.h"
#include "org/principal.h"

namespace zhifa::demo {

// Requires: a transaction; the plans loaded (load_plan_demo); `city_unit_head` holds
// spotcheck.draw at the city whose 2026 plan is drawn.
void load_draw_demo(db::Connection& c, const org::Principal& city_unit_head);

}  // namespace zhifa::demo
