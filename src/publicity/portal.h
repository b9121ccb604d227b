// The public query of disclosures (PUB-10, the data side of the portal; no login): published,
// current versions only, never a withdrawn one, never the original text, the persons or the
// reviewer's masks — only the desensitised content.
//
// Text search (q) over the published text: at 3 characters or more, SQLite's FTS5 trigram index
// (a phrase query, a substring match) and PostgreSQL's pg_trgm GIN index under ILIKE; a query of
// 1-2 characters is shorter than a trigram and is answered by a LIKE / ILIKE substring scan of
// the same text. Both stores give the same rows for the same data (case-insensitive for Latin
// letters, exact for Chinese).
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
};
// {items: [{id, kind, kind_name, bureau, event_date, published_on, updated_at, version,
// corrected, content}], total, page, page_size}, the latest publication first.
nlohmann::json portal_list(db::Connection& c, const PortalFilter& f);
// One published disclosure with `history`: every published version, newest first, each with
// its state (published | corrected), published_at, correction_reason and content. 404
// disclosure.not_found when absent, not published or taken down.
nlohmann::json portal_get(db::Connection& c, int64_t id);

}  // namespace zhifa::publicity
