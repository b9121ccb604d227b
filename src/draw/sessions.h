// Witnessed draw sessions (抽查批次; DR-6, DR-12, DR-13, PUB-11; 000 Art 12-14, Art 20; 004): the
// server side of DESIGN.md "The draw". A session draws the objects and the inspector teams of
// one line (item) of a published annual plan, in two steps that are each one transaction:
//
//   commit  the pool (objects of the line's object type in the plan bureau's subtree, plus the
//           extra bureaus of a cross-region draw; the subtree's inspectors, plus another
//           department's for a joint check) and the parameters (from the plan) are frozen, their
//           Merkle root and hash written to the ledger and published before any randomness exists;
//   draw    the witnesses' numbers (and a named lottery's result) make the randomness; the engine
//           (draw/engine.h) selects and builds the teams; the certificate is stored and published
//           and one task per selected object is created (draw/tasks.h).
//
// A repeated draw (redraw) is a new session with the same inputs, a reason and a second person's
// approval; the first stays published, its tasks are superseded when the redraw is drawn.
// docs/draw.md says who may do what and what is published.
//
// Who: spotcheck.draw (unit head) commits, draws and asks for a redraw, for a plan whose bureau
// is in the principal's scope; spotcheck.draw.approve (bureau head), someone other than the one
// who asked, approves or refuses a redraw; spotcheck.read reads the sessions in scope. The public
// reads committed and drawn sessions without login. Ledger subject: draw_session:<id>.
//
// Clock: writers take `now` (the HTTP layer passes time::now(), the demo a historical instant).
//
// Thread-safety: free functions over a caller-owned Connection; writers need a transaction.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/time.h"
#include "db/db.h"
#include "draw/engine.h"
#include "org/principal.h"

namespace zhifa::draw {

// The registry's objects of `object_type` under each of `bureau_paths` (which must not overlap),
// appended to the pool as its rows with the facts in force on `day`: what a commit freezes, apart
// from the inspectors. The rows are in no set order; sort_pool puts them in the file's order.
// Public so that bench/draw_bench.cpp times the server's own read.
void add_registry_objects(db::Connection& c, const std::string& object_type, const std::vector<std::string>& bureau_paths,
                          const time::Date& day, Pool& pool);

// Requires spotcheck.draw on the plan's bureau. Input: plan_id, item_id, title?, date?,
// strata?, team_size?, specialty?, bureau_ids?, joint_inspectors?, joint_per_team?, lottery?
// (docs/draw.md "Commit"). Returns the session as get_draw does (state committed).
nlohmann::json commit_draw(db::Connection& c, const org::Principal& p, const nlohmann::json& in, time::Instant now);

// Requires spotcheck.draw. Input: witnesses [{name, role}], numbers, lottery_result? (required
// exactly when the session named a lottery). 409 draw.team_impossible (details.object) leaves the
// session committed and writes nothing.
nlohmann::json run_draw(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in, time::Instant now);

// Requires spotcheck.draw. Input: reason, lottery? (a new future lottery: the first one's result
// is known by now). The session must be drawn and have no open redraw. Returns the new session
// (state pending_approval).
nlohmann::json request_redraw(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in,
                              time::Instant now);
// Requires spotcheck.draw.approve, not the requester. Input: opinion. Approving makes the redraw
// committed; refusing ends it (state refused).
nlohmann::json decide_redraw(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in, bool approve,
                             time::Instant now);

struct DrawFilter {
  std::optional<int64_t> plan_id, bureau_id, year;
  std::string state;  // "" any
};
// Requires spotcheck.read. The sessions of bureaus in scope, newest first. {items}.
nlohmann::json list_draws(db::Connection& c, const org::Principal& p, const DrawFilter& f);
// Requires spotcheck.read. The session with its commitment, params, witnesses, certificate
// summary, tasks, replacements and redraws; 404 draw.not_found when absent or out of scope.
nlohmann::json get_draw(db::Connection& c, const org::Principal& p, int64_t id);
// Requires spotcheck.read. The pool file (CSV) and the certificate (404 draw.not_drawn before
// the draw).
std::string pool_csv(db::Connection& c, const org::Principal& p, int64_t id);
nlohmann::json draw_certificate(db::Connection& c, const org::Principal& p, int64_t id);

// No login (PUB-11, DR-6): committed and drawn sessions only (never one pending approval or
// refused); 404 draw.not_found otherwise. The list: {items, total, page, page_size}.
nlohmann::json public_draws(db::Connection& c, const DrawFilter& f, int64_t page, int64_t page_size);
nlohmann::json public_draw(db::Connection& c, int64_t id);
std::string public_pool_csv(db::Connection& c, int64_t id);
nlohmann::json public_certificate(db::Connection& c, int64_t id);
// The portal page where anyone can check a session (the QR code points there).
std::string verification_path(int64_t id);

}  // namespace zhifa::draw
