// The review catalogue (重大执法决定法制审核事项清单, REV-2): which decisions of a bureau are major
// and must pass the legal review, the materials a submission must carry, and the review's time
// limit. Each bureau publishes versions (never edited: a new version replaces the old from its
// effective date); a bureau without its own version uses its nearest ancestor's; with none in
// the chain, the built-in catalogue of Administrative Penalty Law Art 58 applies (version 0), so
// a decision is never "not major" just because nobody wrote a list.
//
// Thread-safety: free functions over a caller-owned Connection; writers need a transaction.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/time.h"
#include "db/db.h"
#include "org/principal.h"

namespace zhifa::review {

struct Criterion {
  std::string code, label, kind;  // kind: decision_kind fine_org fine_person hearing complex referral public_interest
  std::vector<std::string> decision_kinds;  // kind decision_kind
  int64_t threshold_fen = 0;                // kinds fine_org, fine_person
  bool collective = false;                  // the decision then needs a collective discussion
};
struct Material {
  std::string code, label;
  bool required = true;
  std::string source;  // "upload" or "step:<case step kind>"
  std::string when;    // required only when the case has a step of this kind ("" = always)
};
struct Catalogue {
  int64_t id = 0;  // 0 for the built-in catalogue
  int64_t bureau_id = 0;
  std::string bureau_name;
  int version = 0;
  std::string effective_from, note, published_at, published_by_name;
  bool review_all_general = false;
  int review_days = 5;
  std::vector<Criterion> criteria;
  std::vector<Material> materials;
  nlohmann::json to_json() const;
};

// The facts the criteria are matched against.
struct DecisionFacts {
  std::string procedure;      // general | simple
  std::string decision_kind;  // penalty | no_penalty | other
  int64_t amount_fen = 0;
  std::string party_class;    // org | individual_business | person
  bool hearing_held = false, complex = false, referral = false, public_interest = false;
};
struct Majority {
  bool major = false, collective = false;
  std::vector<std::string> reasons;  // Chinese, one per matched criterion
};
// Simple-procedure decisions are never major (REV-2: 法定简易程序外).
Majority assess(const Catalogue& cat, const DecisionFacts& f);

// The catalogue in force for a bureau on a day (no permission: the gate and the public portal
// read it).
Catalogue in_force(db::Connection& c, int64_t bureau_id, time::Date on);

// Requires review.read or case.handle; bureau_id (default the principal's) in scope.
nlohmann::json get_catalogue(db::Connection& c, const org::Principal& p, std::optional<int64_t> bureau_id);
// Every published version of the bureau, newest first.
nlohmann::json catalogue_versions(db::Connection& c, const org::Principal& p, std::optional<int64_t> bureau_id);
// Requires review.catalogue.manage. Input: bureau_id?, effective_from? (today or later; default
// today), review_all_general, review_days (1..30), criteria [{label, kind, decision_kinds?,
// threshold_fen?, collective?}], materials [{code, label, required, source, when?}], note?.
// 422 naming the field (`criteria[1].threshold_fen`). Returns the version.
nlohmann::json publish_catalogue(db::Connection& c, const org::Principal& p, const nlohmann::json& in);
// The versions in force of every bureau, for the portal (no login).
nlohmann::json public_catalogues(db::Connection& c);

}  // namespace zhifa::review
