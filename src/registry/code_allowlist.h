// The allow-list of early pilot unified social credit codes (table credit_code_allowlist,
// migration 0004): codes really issued before GB 32100 settled that fail its checksum or
// structure. A listed code passes base/codes.h's check with a warning instead of failing. Also
// the store-aware entry point of the code checks, for the HTTP routes and the CLI.
//
// Thread-safety: free functions over a Connection the caller owns.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "base/codes.h"
#include "db/db.h"
#include "ledger/ledger.h"

namespace zhifa::registry {

struct AllowlistEntry {
  std::string code;
  std::string note;
  int64_t added_by = 0;
  std::string added_at;
  nlohmann::json to_json() const;
};

// Adds a code (ledger entry `credit_code_allowlist.add`). The code must be 18 characters from
// the credit-code character set and must fail the plain check (a valid code needs no listing).
// Throws zhifa::Error: 422 `allowlist.code_invalid` / `allowlist.not_needed` (field "code"),
// 422 `allowlist.note_invalid` (over 200 characters), 409 `allowlist.duplicate`.
// Requires: `c` is inside a transaction the caller owns.
AllowlistEntry allowlist_add(db::Connection& c, const ledger::Actor& actor, const std::string& code, const std::string& note);
// Every entry, by code.
std::vector<AllowlistEntry> allowlist(db::Connection& c);
bool allowlist_contains(db::Connection& c, std::string_view code);

// Checks `value` as `kind`: credit-code (with the allow-list), id-card (against today in
// Asia/Shanghai), division, industry; "credit_code" and "id_card" are accepted too. Throws
// zhifa::Error 422 `code.kind_unknown` (field "kind") for any other kind.
codes::CodeCheck check_code(db::Connection& c, std::string_view kind, std::string_view value);
// The same without a store: credit codes are checked without the allow-list.
codes::CodeCheck check_code_without_store(std::string_view kind, std::string_view value);

}  // namespace zhifa::registry
