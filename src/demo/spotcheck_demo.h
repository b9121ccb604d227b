// Zhejiang's random spot-check item list (浙江省统计局系统随机抽查事项清单, seed 000's annex) and a
// check form for each item, loaded by the demo. Private to src/demo.
// Thread-safety: free functions over a caller-owned Connection.
#pragma once

#include "db/db.h"
#include "org/principal.h"

namespace zhifa::demo {

// Requires: a transaction; `province_manager` holds spotcheck.items.manage at the province.
void load_spotcheck_demo(db::Connection& c, const org::Principal& province_manager);

// The 2026 annual plans (DR-4, DR-5, DR-13): the province's published on time, Hangzhou's
// published and adjusted once, Xihu's (a county) still a draft. Each principal holds
// spotcheck.plans.manage at its own bureau. Requires: a transaction; the item list loaded.
void load_plan_demo(db::Connection& c, const org::Principal& province, const org::Principal& city,
                    const org::Principal& county);

}  // namespace zhifa::demo
