// The leads log (问题线索记录档案, REC-5, seed 002 Art 7): every lead the legal affairs unit
// receives — assigned by a superior, referred by another department, reported, complained
// about, from the media, found in an inspection — with when it came, what it says, about whom,
// who instructed what (批示人, 批示要求), who handles it (经办人), and what was decided: open a
// case (the lead is then a case source of kind "lead", sources.h, and may open exactly one), no
// case (with the reason), or transfer (to which body). A named complainant whose complaint does
// not lead to a case must be told, and that reply is recorded before the lead can be closed.
//
// A lead is an append-only row; each later step (instruct, assign, decide, reply, close) is an
// append-only action row with its ledger entry, a later action of a kind superseding the earlier
// one (corrects). Scope: a principal sees the leads of their bureau subtree; out of scope is 404.
// Permissions: lead.read, lead.manage (register, assign, decide, reply, close), lead.instruct.
//
// Thread-safety: free functions over a caller-owned Connection; writers need a transaction.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "db/db.h"
#include "org/principal.h"

namespace zhifa::cases::leads {

// Registers the case source kind "lead". Called once at start-up (register_leads_routes).
void register_lead_kinds();

// The sources, decisions and reply manners with their Chinese names, for the console.
nlohmann::json dictionaries();

// Requires lead.manage. Input: received_at (UTC ISO 8601, not in the future), source (code or
// Chinese name), summary, object_name?, object_credit_code? (GB 32100), bureau_id? (default the
// principal's; in scope), and for a report or complaint complainant_kind (named | anonymous),
// complainant_name and complainant_contact (named). Returns the lead.
nlohmann::json create_lead(db::Connection& c, const org::Principal& p, const nlohmann::json& in);

struct LeadFilter {
  std::optional<int64_t> bureau_id;
  std::string source, state;  // state: pending | decided | closed
  std::string from, to;       // received, Shanghai dates, inclusive
  std::optional<bool> reply_missing;
  std::string q;
  int64_t page = 1, page_size = 20;
};
// Requires lead.read. {items, total, page, page_size}, newest received first.
nlohmann::json list_leads(db::Connection& c, const org::Principal& p, const LeadFilter& f);
// Requires lead.read. The lead, its current instruction, handler, decision and reply, every
// action (history), its age in working days and the case opened from it, if any.
nlohmann::json get_lead(db::Connection& c, const org::Principal& p, int64_t id);

// Requires lead.instruct. Input: instruction. The instructing person is the principal.
nlohmann::json instruct_lead(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in);
// Requires lead.manage. Input: handler_id (an active user of a bureau in scope).
nlohmann::json assign_lead(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in);
// Requires lead.manage. Input: decision (case | no_case | transfer), reason (required for
// no_case), transfer_to (required for transfer). 409 lead.case_opened once a case was opened.
nlohmann::json decide_lead(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in);
// Requires lead.manage; a named complaint or report only, after a decision. Input: reply_on
// (YYYY-MM-DD), reply_manner, reply_content.
nlohmann::json reply_lead(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in);
// Requires lead.manage. 409 lead.not_decided; 409 lead.reply_required (details.missing) for a
// named complaint decided "no case" without a reply; 409 lead.case_not_opened when decided
// "case" and no case was opened from it yet.
nlohmann::json close_lead(db::Connection& c, const org::Principal& p, int64_t id);

}  // namespace zhifa::cases::leads
