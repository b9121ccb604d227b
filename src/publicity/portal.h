// The public query of disclosures (PUB-10, the data side of the portal; no login): published,
// current versions only, never a withdrawn one, never the original text, the persons or the
// reviewer's masks — only the desensitised content.
//
// Text search (q) is a substring match over the published text: rare texts through a text index
// (from 3 characters the trigram index, SQLite FTS5 / PostgreSQL pg_trgm; at 2 letters, digits
// or Chinese characters the bigram index of migration 0027), everything else by walking the
// portal's order index newest first and testing each row (portal.cpp says how the two are told
// apart). Both stores give the same rows for the same data (case-insensitive for Latin
// letters, exact for Chinese).
//
// The total is exact up to `total_cap` and reported as `total_capped` beyond it, and pages reach
// only as far as the cap: counting a million matches costs a second on either store.
//
// Thread-safety: free functions over a caller-owned Connection.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "db/db.h"

namespace zhifa::publicity {

struct PortalFilter {
  std::optional<int64_t> bureau_id;  // the bureau and those below it
  std::string division;              // a division code (330100): bureaus whose code starts with it, trailing 00 pairs dropped
  std::optional<int> year;           // the event's year
  std::string kind, q;
  int64_t page = 1, page_size = 20;
  int64_t total_cap = 10000;  // the HTTP layer keeps it; tests lower it
};
// {items: [{id, kind, kind_name, bureau, event_date, published_on, updated_at, version,
// corrected, content}], total, total_capped, page, page_size}, the latest publication first.
// 422 naming `page` for a page past the cap, `division`, `year`, `kind` or `q` for bad values.
nlohmann::json portal_list(db::Connection& c, const PortalFilter& f);
// One published disclosure with `history`: every published version, newest first, each with
// its state (published | corrected), published_at, correction_reason and content. 404
// disclosure.not_found when absent, not published or taken down.
nlohmann::json portal_get(db::Connection& c, int64_t id);

}  // namespace zhifa::publicity
