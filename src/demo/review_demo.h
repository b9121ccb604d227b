// Demo data of the legal review: the province's review catalogue (REV-2).
#pragma once

#include "db/db.h"
#include "org/principal.h"

namespace zhifa::demo {

// Publishes 浙江省统计局's catalogue (version 1, in force today) as the province's legal reviewer.
void load_review_demo(db::Connection& c, const org::Principal& province_reviewer);

}  // namespace zhifa::demo
