// Demo data for `zhifa init --demo` and the tests: the Zhejiang province with its real
// division codes, a bureau for each city and county, units, departments, and accounts for every
// role (REQUIREMENTS ORG-3), and recording devices held by inspectors (REC-23). Thread-safety: free functions over a caller-owned Connection.
#pragma once

#include "db/db.h"

namespace zhifa::demo {

// Requires: an empty organisation (no bureaus). Opens its own transaction.
void load_demo(db::Connection& c);
void print_demo_accounts();
// The shared initial password of the demo accounts.
const char* demo_password();

}  // namespace zhifa::demo
