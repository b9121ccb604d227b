// A party's access to the records of its case (REC-20, seed 002 Art 24-25) and the supervisor's
// read log (REC-22).
//
// Access requests: a party (or its agent) asks to read or copy named items of a case's file
// (evidence ids, document codes). The head of the legal affairs unit (access.approve), never the
// person who registered the request, grants or refuses; material that is confidential (state
// secret, trade secret, other people's personal information) is never granted, and the decision
// lists what was granted and what was excluded with the ground.
//
// Read log: every read of a case file by staff is one ledger entry and one row here, so a
// supervisor (access.log.read) can see who read which case and when.
//
// Thread-safety: free functions over a caller-owned Connection; writers need a transaction.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "db/db.h"
#include "org/principal.h"

namespace zhifa::cases::access {

// Records that `p` read case `case_id`'s file; `what` says what was read (e.g. "案件详情",
// "文书 立案审批表", "证据 12"). The case service calls this in its read path, after it has
// checked the case and the principal's scope; the row takes the principal's bureau. Requires a
// transaction. Returns the ledger sequence number of the entry.
int64_t record_read(db::Connection& c, const org::Principal& p, int64_t case_id, const std::string& what);

struct ReadFilter {
  std::optional<int64_t> case_id;
  std::optional<int64_t> user_id;
  std::string from, to;  // Shanghai dates, inclusive
  int64_t page = 1, page_size = 50;
};
// Requires access.log.read. {items, total, page, page_size}, newest first, reads by users of the
// bureaus in scope.
nlohmann::json list_reads(db::Connection& c, const org::Principal& p, const ReadFilter& f);

// Input: case_id, requester_name, requester_id_type, requester_id_number, relation (party |
// agent | other), relation_note?, access_mode (read | copy), items [{kind: evidence | document,
// ref, title?}] (at least one; the key of an item is
// "kind:ref"), requested_on (YYYY-MM-DD), note?. Requires access.request (legal_reviewer,
// case.handle holders). Returns the request.
nlohmann::json create_request(db::Connection& c, const org::Principal& p, const nlohmann::json& in);
// Input: approve (bool), opinion, granted [ref...], excluded [{ref, ground: state_secret |
// trade_secret | personal_info | other, note?}]. Every item must be granted or excluded;
// confidential-marked items may never be granted. Requires access.approve and a person other
// than the registrar.
nlohmann::json decide_request(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in);

struct RequestFilter {
  std::optional<int64_t> case_id;
  std::string state;  // pending | approved | refused
  int64_t page = 1, page_size = 20;
};
// Requires access.request or access.approve. {items, total, page, page_size}, newest first.
nlohmann::json list_requests(db::Connection& c, const org::Principal& p, const RequestFilter& f);
nlohmann::json get_request(db::Connection& c, const org::Principal& p, int64_t id);

// Marks an item of a case's file confidential. Input: case_id, kind (evidence | document), ref,
// ground (state_secret | trade_secret | personal_info), note?. Requires access.request or
// access.approve.
nlohmann::json mark_confidential(db::Connection& c, const org::Principal& p, const nlohmann::json& in);
// The marks of a case: {items: [{key, kind, ref, ground, ground_label, note, marked_by, marked_at}]}.
nlohmann::json list_marks(db::Connection& c, const org::Principal& p, int64_t case_id);

}  // namespace zhifa::cases::access
