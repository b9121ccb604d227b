// Demo reference data of legal review (ORG-4, REV-3): the reviewer roster of the province, its
// cities and Xihu, Hangzhou's roster report of this year submitted (Ningbo's not), and the
// province's discretion tiers from 《浙江省统计行政处罚裁量实施细则》. Private to src/demo.
// Thread-safety: free functions over a caller-owned Connection.
#pragma once

#include "db/db.h"
#include "org/principal.h"

namespace zhifa::demo {

// Requires: a transaction; `province` holds review.roster.manage and review.benchmarks.manage at
// 330000, `city` review.roster.manage at Hangzhou (330100).
void load_review_reference_demo(db::Connection& c, const org::Principal& province, const org::Principal& city);

}  // namespace zhifa::demo
