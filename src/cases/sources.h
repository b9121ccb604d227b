// Where a case comes from (立案来源): a case is opened ex officio, from a lead or complaint
// (leads.h), from a field inspection that proposed one (inspections.h), or from another body's
// referral. Each source other than ex officio is a record of another part of this module; the
// part that owns it registers a check at start-up, so the case service can confirm the source
// exists in the principal's scope and may lead to a case without reading that part's tables.
//
// Thread-safety: registration happens once at start-up (before serving); lookups are
// thread-safe.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "db/db.h"
#include "org/principal.h"

namespace zhifa::cases {

// What a source tells the case that opens from it.
struct SourceInfo {
  int64_t bureau_id = 0;
  // Facts that pre-fill the case: party_name, party_code (credit code or ID number), summary.
  nlohmann::json facts = nlohmann::json::object();
};
// Throws zhifa::Error (404 when the record is absent or out of scope, 409 when it may not lead to
// a case, e.g. a lead decided "no case") naming the source; otherwise returns its facts.
using SourceCheck = std::function<SourceInfo(db::Connection&, const org::Principal&, const std::string& id)>;

void register_source_kind(const std::string& kind, const std::string& label, SourceCheck check);
// 422 `case.source_kind_unknown` (field source_kind) for an unregistered kind.
SourceInfo check_source(db::Connection& c, const org::Principal& p, const std::string& kind, const std::string& id);
// The Chinese label of a registered kind; empty when unknown.
std::string source_label(const std::string& kind);

}  // namespace zhifa::cases
