// Demo data of the annual statistics report (PUB-9): the demo's records are all of this year, so
// Hangzhou's report is a draft of the year so far, compiled by its publicity officer (last year's
// would count nothing); it cannot be published before the year is over.
#pragma once

#include "db/db.h"
#include "org/principal.h"

namespace zhifa::demo {

// `pub` is Hangzhou's publicity officer. Requires a transaction.
void load_annual_demo(db::Connection& c, const org::Principal& pub);

}  // namespace zhifa::demo
