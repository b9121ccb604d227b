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

// The demo city's training plan (ORG-5, 004 annex 3) for the year the demo is loaded in (2026 when
// written; the training records it is read against are dated relative to that day): two sessions
// of a day each for all of Hangzhou's enforcement staff, the first the 双随机 training every
// demo inspector has already received, the second still to come and moved once after publication
// (an adjustment with its reason). Requires: the inspectors loaded; `city_manager` holds
// inspector.manage at Hangzhou.
void load_training_plan_demo(db::Connection& c, const org::Principal& city_manager);

}  // namespace zhifa::demo
