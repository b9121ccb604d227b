// The operation log (操作日志) the audit administrator reads: ledger entries of the bureaus in
// scope, newest first, with actor and bureau names. Reading it is itself recorded.
// Thread-safety: free function over a caller-owned Connection inside a transaction.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "db/db.h"
#include "org/principal.h"

namespace zhifa::org {

struct AuditFilter {
  std::string from, to;  // YYYY-MM-DD, Shanghai dates, inclusive
  std::string actor;     // username or name, substring
  std::string action;    // exact or prefix ending in '.' ("auth.")
  std::string subject;   // "kind" or "kind:id" ("user", "user:12"), exact
  int64_t page = 1, page_size = 50;
};

// Requires audit.read. {items, total, page, page_size}.
nlohmann::json audit_log(db::Connection& c, const Principal& p, const AuditFilter& f);

}  // namespace zhifa::org
