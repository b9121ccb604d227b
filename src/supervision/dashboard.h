// The supervisor's dashboard (INF-3, REC-21, REC-24; 000 §2.4 and §4.3: 加强执法信息记录的统计分析，
// 及时发现行政执法薄弱环节): for a bureau subtree and a period, the numbers that show where
// enforcement is weak — late uploads, late archives, cases past the 90-day limit, review times,
// plan coverage, inspector workload, the share of inspections done on the phone (INF-1), cases
// missing required records — each with its basis and a breakdown by child bureau, and the
// records behind each number (the drill-down lists exactly what the number counts).
//
// This module owns no tables and no rules: every number is computed by the module that owns the
// records (evidence/stats.h, cases/stats.h, review/stats.h) and only counted and grouped here.
//
// Who: supervision.read (roles.cpp: bureau head, unit head, legal reviewer). Scope: the
// principal's bureau subtree; a bureau outside it answers 404 bureau.not_found.
// Thread-safety: free functions over a caller-owned Connection; read-only.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "base/time.h"
#include "db/db.h"
#include "org/principal.h"

namespace zhifa::supervision {

struct Period {
  time::Date from, to;  // Shanghai dates, both inclusive
};
// From the query's text: YYYY-MM-DD each; empty `from` is 1 January of `to`'s year, empty `to`
// today (Shanghai). 422 naming `from` or `to` when malformed, when from > to, or when the period
// is longer than ten years.
Period parse_period(const std::string& from, const std::string& to);

// The dashboard: {bureau, period, children: [{bureau_id, name}], metrics: {code: {label, value,
// basis, by_bureau: [{bureau_id, name, value, ...}], drill}}} (docs/supervision.md lists the
// metrics). `bureau_id` defaults to the principal's bureau.
nlohmann::json dashboard(db::Connection& c, const org::Principal& p, std::optional<int64_t> bureau_id, const Period& period);

// The records behind a metric with a drill-down, paged: {metric, label, total, page, page_size,
// columns, items: [{..., link}]}; `total` equals the metric's value on the dashboard. 404
// supervision.metric_unknown for a metric without one.
nlohmann::json drilldown(db::Connection& c, const org::Principal& p, const std::string& metric, std::optional<int64_t> bureau_id,
                         const Period& period, int64_t page, int64_t page_size);

}  // namespace zhifa::supervision
