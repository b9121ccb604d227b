// The annual enforcement statistics report (行政执法统计年报, PUB-9; seed 000 §1.3: 每年1月31日前公开
// 本部门上年度行政执法总体情况有关数据，并报同级政府和上级主管部门). A bureau's report for year Y counts
// the records of its subtree dated 1 January..31 December of Y: spot checks, cases by procedure
// and outcome, penalties and fines by violation, legal reviews, disclosures and their timeliness,
// credit records published, late recordings and late archives, with a breakdown by child bureau.
// Every number comes from the module that owns the records (cases/stats.h, review/stats.h,
// evidence/stats.h, credit/records.h, and publicity's own deadline rule); nothing is decided here.
//
// The numbers are frozen in a version (canonical JSON of counts only: no names of parties or
// staff) when compiled. A version goes draft → reviewed (by a named person other than its
// compiler, with an opinion) → published (by a named person; public from then on, and recorded as
// reported to the government at the bureau's level and to the superior bureau). Recompiling makes
// a new draft (an unpublished earlier one is superseded); a published report changes only by a
// correction — a new version with its reason — and the corrected one stays in the history.
//
// Deadline: due 31 January of Y+1; state not_due, due_soon (from 2 January), overdue (after
// 31 January, unpublished), published_on_time, published_late (by the first publication).
//
// Permissions: publicity.read (list, get), publicity.collect (compile, correct), publicity.review,
// publicity.publish. Scope: a report belongs to its bureau; a principal sees those of their
// bureau subtree (404 outside it) and compiles for their own bureau only.
// Thread-safety: free functions over a caller-owned Connection; writers need a transaction.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "base/time.h"
#include "db/db.h"
#include "org/principal.h"

namespace zhifa::publicity {

// The due date of year Y's report: 31 January of Y+1.
time::Date annual_due_on(int year);
// not_due | due_soon | overdue | published_on_time | published_late on `today`.
std::string annual_state(int year, const std::optional<time::Date>& first_published_on, const time::Date& today);

// The numbers of year `year` for the subtree of `bureau_id` as of `today` (the snapshot a version
// freezes). Requires publicity.collect or publicity.read and the bureau in scope.
nlohmann::json annual_numbers(db::Connection& c, const org::Principal& p, int64_t bureau_id, int year, const time::Date& today);

// Requires publicity.read. The reports of year `year` (default last year) for the bureau
// (default the principal's) and every bureau below it, reported or not: {year, due_on, counts:
// {state: n}, overdue: [bureau names], items: [{bureau, report_id, version, state, deadline_state,
// published_on}]}.
nlohmann::json list_annual_reports(db::Connection& c, const org::Principal& p, std::optional<int> year,
                                   std::optional<int64_t> bureau_id, const time::Date& today);
// Requires publicity.read. {id, bureau, year, due_on, state, deadline_state, working, current,
// versions, actions}. 404 annual.not_found outside the scope.
nlohmann::json get_annual_report(db::Connection& c, const org::Principal& p, int64_t id, const time::Date& today);
// Requires publicity.collect. Input: year (an integer, 2000 ≤ year < today's year). Compiles the
// principal's bureau's report as a new draft version. 409 annual.published once published (use
// correct). `year_so_far` (the demo loader only) also allows this year's report, as a draft of the
// year so far: it cannot be published before the year is over.
nlohmann::json compile_annual_report(db::Connection& c, const org::Principal& p, const nlohmann::json& in, const time::Date& today,
                                     bool year_so_far = false);
// Requires publicity.review. Input: opinion. The working version must be a draft; 409
// annual.self_review for its compiler.
nlohmann::json review_annual_report(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in,
                                    const time::Date& today);
// Requires publicity.publish. The working version must be reviewed and the year over (409
// annual.year_not_over); publishing records the report to the government and the superior bureau.
nlohmann::json publish_annual_report(db::Connection& c, const org::Principal& p, int64_t id, const time::Date& today);
// Requires publicity.collect. Input: reason. A new draft recompiled from the records that
// corrects the published version; 409 annual.not_published before publication.
nlohmann::json correct_annual_report(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in,
                                     const time::Date& today);

// No login: published reports only, numbers only. {items: [{id, bureau, year, published_on,
// version, corrected}]} filtered by year and bureau (0 = any).
nlohmann::json portal_annual_reports(db::Connection& c, std::optional<int> year, std::optional<int64_t> bureau_id);
// No login: {id, bureau, year, published_on, version, numbers, history: [{version, published_on,
// correction_reason, state}]}. 404 annual.not_found when not published.
nlohmann::json portal_annual_report(db::Connection& c, int64_t id);

}  // namespace zhifa::publicity
