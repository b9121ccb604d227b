// Discretion benchmarks (行政处罚裁量基准, REV-3 "appropriate discretion"): the fine rules of the
// Statistics Law as data by effective date (the 2009 revision, Art 41/42, in force 2010-01-01; the
// 2024 amendment, Art 44/45, in force 2024-09-13), each bureau's discretion tiers by version
// (a bureau without its own uses its nearest ancestor's), and the fine at which a party has the
// right to a hearing (较大数额罚款, Administrative Penalty Law Art 63). A rule is chosen by the
// date of the act: a case decided before 2024-09-13 is measured against the old article.
//
// fine_rules are reference data written by migration 0020 only; discretion_tiers versions are
// append-only, each a ledger entry (subject discretion_tiers/<id>).
//
// Permissions: review.read (read, assess), review.benchmarks.manage (a new tiers version).
// Thread-safety: free functions over a caller-owned Connection; writers need a transaction.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "base/time.h"
#include "db/db.h"
#include "org/principal.h"

namespace zhifa::review {

// The fine rule in force on `on` for a violation and party class, the bureau's tiers for it (its
// own version in force, else its nearest ancestor's), the tier `tier` (code; "" = none chosen) and
// whether amount_fen lies within the law's range and within the tier's range; the hearing
// threshold of the bureau for the party class and whether the amount reaches it.
// Returns {rule: {law, law_version, article, violation, violation_label, party_class, max_fen,
// serious_min_fen, serious_max_fen, text, effective_from} | null, tiers: [{code, label, condition,
// min_fen, max_fen}], tier: {...} | null, within_law: bool, within_tier: bool|null (null when no
// tier chosen), hearing_threshold_fen, hearing_right: bool}.
// 422 `review.violation_unknown` (field violation), `review.party_class_invalid` (field
// party_class), `review.tier_unknown` (field tier).
nlohmann::json assess_fine(db::Connection& c, int64_t bureau_id, const std::string& violation, const std::string& party_class,
                           int64_t amount_fen, const time::Date& on, const std::string& tier);

// Requires review.read; the bureau (default the principal's) must be in scope. {laws: [{law,
// law_version, title, effective_from, effective_to, rules: [...]}], violations, party_classes,
// bureau, tiers: version in force | null (with from_bureau when inherited), history: [versions of
// this bureau, newest first]}.
nlohmann::json benchmarks(db::Connection& c, const org::Principal& p, std::optional<int64_t> bureau_id, const time::Date& today);
// Requires review.read and the bureau in scope; assess_fine with the query's text values checked
// (amount_fen a whole number >= 0, date YYYY-MM-DD, default today).
nlohmann::json assess_fine_for(db::Connection& c, const org::Principal& p, const nlohmann::json& query, const time::Date& today);
// Requires review.benchmarks.manage. Input: bureau_id? (default the principal's), effective_from
// (YYYY-MM-DD), hearing_threshold_org_fen, hearing_threshold_person_fen, items: [{violation,
// party_class, code, label, condition, min_fen, max_fen}]. 422 naming the field
// (`items[2].max_fen`); 422 review.tier_outside_law when a tier leaves the law's range on its
// effective date. 201 with the version.
nlohmann::json create_tiers(db::Connection& c, const org::Principal& p, const nlohmann::json& in);

// Every version of the law's rule for a violation (both party classes), oldest first, as in
// assess_fine's `rule`; [] for an unknown code. Other modules read fine_rules only through this.
nlohmann::json rules_for_violation(db::Connection& c, const std::string& violation);

// The codes and Chinese labels (violation_label / party_class_label: "" when unknown).
std::string violation_label(const std::string& code);
std::string party_class_label(const std::string& code);

}  // namespace zhifa::review
