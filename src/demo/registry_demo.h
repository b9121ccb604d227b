// Demo survey objects and foreign-related survey bodies (DR-2) across Zhejiang's cities: real
// division codes, GB/T 4754 industries, credit codes made valid by computing their check
// characters (the bodies are invented). Private to src/demo.
// Thread-safety: free functions over a caller-owned Connection.
#pragma once

#include "db/db.h"
#include "org/principal.h"

namespace zhifa::demo {

// Requires: a transaction; `province_manager` holds registry.manage at the province.
void load_registry_demo(db::Connection& c, const org::Principal& province_manager);

// A valid unified social credit code: "91" (a company registered with market regulation), the
// division, an organisation code from `serial` with its GB 11714 check character, and the GB 32100
// check character. Deterministic, so the demo and the tests agree.
std::string demo_credit_code(const std::string& division, int serial);

}  // namespace zhifa::demo
