// Demo leads (REC-5) in Hangzhou: one per source, a named complaint decided "no case" with its
// reply and closed, a report that opened a case, and a party's request to copy that case's
// records (REC-20) awaiting the legal affairs unit. Private to src/demo.
// Thread-safety: free functions over a caller-owned Connection.
#pragma once

#include "db/db.h"
#include "org/principal.h"

namespace zhifa::demo {

// Requires: a transaction; `manager` holds lead.manage and case.handle, `head` lead.instruct,
// `registrar` access.request, all of the same bureau; `handler_id` an active user there.
void load_leads_demo(db::Connection& c, const org::Principal& manager, const org::Principal& head, const org::Principal& registrar,
                     int64_t handler_id, int64_t handler2_id);

}  // namespace zhifa::demo
