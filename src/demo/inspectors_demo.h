// Demo inspectors (DR-2, ORG-2, ORG-5): a record for every demo account with the inspector role,
// linked to the account, with certificates, specialties and training; one certificate lapsing
// within 30 days, one already lapsed, one inspector suspended, two below the yearly 2 days of
// training, and two declared conflicts of interest, so that the console shows each case. Dates
// are relative to the day the demo is loaded. Private to src/demo.
// Thread-safety: free functions over a caller-owned Connection.
#pragma once

#include "db/db.h"
#include "org/principal.h"

namespace zhifa::demo {

// Requires: a transaction; the demo users and survey objects loaded; `province_manager` holds
// inspector.manage at the province.
void load_inspectors_demo(db::Connection& c, const org::Principal& province_manager);

}  // namespace zhifa::demo
