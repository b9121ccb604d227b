// Annual spot-check plans (年度抽查工作计划; DR-4, DR-5, DR-13, CRED-1, PUB-5): each province,
// city and county bureau makes one plan a year from the item list in force (000 Art 10-11), by
// 31 March, and may adjust it. The draw (a later issue) reads the published plan through
// plan_in_force() and effective_ratio_bp().
//
// A plan is an identity (bureau, year) and a history of versions. A version is written whole and
// never edited: a draft until it is published; a new version while the latest is a draft
// supersedes that draft; a new version after a publication is an adjustment and needs a reason.
// Every published version stays published and public. Publishing is a row of its own, so the
// deadline is judged on the first publication's Shanghai date.
//
// A version has lines — one per item of the list in force on the line's window start, with the
// base ratio and frequency inside the item's ranges, a window inside the year, a method the item
// allows, and ratios differentiated by credit status and risk level — and options (DR-13), both
// documented in docs/spotcheck.md "Annual plans".
//
// Who: spotcheck.read reads the plans of the principal's bureau and below; spotcheck.plans.manage
// (roles.cpp) makes and publishes the plan of the principal's own bureau only (a city's unit head
// cannot make a county's, the province's or a sibling's). Every change is a ledger entry whose
// subject is spotcheck_plan:<id>.
//
// Clock: functions that write take `now` (the HTTP layer passes time::now(); the demo loader a
// historical instant) and readers take the as-of day as text ("" = today in Shanghai), so tests
// and the demo never depend on the wall clock.
//
// Thread-safety: free functions over a caller-owned Connection; writers need a transaction.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/time.h"
#include "db/db.h"
#include "org/principal.h"

namespace zhifa::spotcheck {

// One line of a published version, as the draw reads it.
struct PlanLine {
  int64_t item_id = 0, item_version_id = 0;
  std::string item_name, object_type;
  int64_t ratio_bp = 0;   // base ratio, basis points, inside the item's range
  int64_t frequency = 0;  // checks in the year, inside the item's range
  time::Date window_from, window_to;
  std::string method;  // on_site | written | both
  // Every credit status (registry codes: trustworthy, abnormal, dishonest, seriously_dishonest)
  // and every risk level (low, medium, high), each in basis points 0..10000.
  std::map<std::string, int64_t> credit_ratios_bp, risk_ratios_bp;
  std::string notes;
};

// DR-13 (Chengde's rules), all optional; the meaning of each is in docs/spotcheck.md.
struct MultiStage {
  int64_t counties_min = 0, counties_max = 0, units_min = 0, units_max = 0;
};
struct PlanOptions {
  int64_t no_repeat_years = 0;          // 0: no exclusion
  int64_t min_enterprise_ratio_bp = 0;  // 0: no floor
  bool key_units_every_year = false;
  bool seriously_dishonest_every_half_year = false;
  bool systematic_sampling = false;
  std::optional<MultiStage> multi_stage;
};

struct PlanTerms {
  int64_t plan_id = 0, bureau_id = 0, year = 0, version_id = 0, version = 0;
  std::vector<PlanLine> lines;
  PlanOptions options;
};

// The latest published version of a plan; nullopt when none is published. No scope check.
std::optional<PlanTerms> plan_in_force(db::Connection& c, int64_t plan_id);

// The ratio a line applies to one object (DR-5, CRED-1): its credit status's ratio and its risk
// level's ratio (the base ratio for an unknown status or level); when either is above the base
// the higher one applies (dishonesty or risk raise the rate), otherwise the lower one
// (trustworthiness or low risk lower it).
int64_t effective_ratio_bp(const PlanLine& line, const std::optional<std::string>& credit_status,
                           const std::optional<std::string>& risk_level);

// DR-4: the plan of `year` is due by 31 March of that year (a calendar date, not working days).
struct Timeliness {
  std::string state;  // pending | on_time | late | missing
  bool warning = false;  // not published as of a day on or after 1 March
  time::Date deadline, warning_from;
  nlohmann::json to_json() const;
};
// `first_published_on`: the Shanghai date the plan was first published, if ever; a publication
// after `as_of` counts as not yet made.
Timeliness plan_timeliness(int64_t year, const std::optional<time::Date>& first_published_on, const time::Date& as_of);

struct PlanFilter {
  std::optional<int64_t> year, bureau_id;
};

// Requires spotcheck.read. The visible plans, newest year first, each with its latest version,
// its current (published) version number and its timeliness today. {items}.
nlohmann::json list_plans(db::Connection& c, const org::Principal& p, const PlanFilter& f);
// Requires spotcheck.read. One plan with every version (lines, options, state); 404
// `plan.not_found` when absent or out of scope.
nlohmann::json get_plan(db::Connection& c, const org::Principal& p, int64_t id);

// Requires spotcheck.plans.manage. Input: year, bureau_id? (default and only allowed value: the
// principal's bureau), title?, lines?, options?, notes?, reason?. Creates the plan and version 1
// as a draft; returns the plan as get_plan does.
nlohmann::json create_plan(db::Connection& c, const org::Principal& p, const nlohmann::json& in, time::Instant now);
// Requires spotcheck.plans.manage on the plan's bureau. A new draft version: title, lines,
// options, notes left out are taken from the latest version; reason required once any version
// has been published (an adjustment).
nlohmann::json add_plan_version(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in,
                                time::Instant now);
// Requires spotcheck.plans.manage on the plan's bureau. Publishes the latest version, which must
// be a draft with at least one line whose items have not changed since; input may name it
// ({version_id}) so that a stale screen cannot publish something else.
nlohmann::json publish_plan(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in,
                            time::Instant now);

// Requires spotcheck.read. The deadline view: every province, city and county bureau in the
// principal's scope (or under `bureau_id`), by division code then name (org::division_order),
// with its plan state for `year` as of `date` (default today; year defaults to date's).
// {year, date, deadline, warning_from, items, summary}.
nlohmann::json plan_status(db::Connection& c, const org::Principal& p, std::optional<int64_t> year,
                           std::optional<int64_t> bureau_id, const std::string& date);

// No login (PUB-5): every plan with a published version, with every published version (never a
// draft) and no staff names. Filters are exact. {items}.
nlohmann::json public_plans(db::Connection& c, std::optional<int64_t> year, std::optional<int64_t> bureau_id);

}  // namespace zhifa::spotcheck
