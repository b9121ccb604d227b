// Inspection tasks (检查任务; DR-6, DR-7, DR-12): what a drawn session leaves behind — one task per
// selected object with the rule that placed it, the item and its version, the check form in
// force on the check date, the method and window of the plan line, and the team (leader, members,
// members of another department for a joint check). A task is `assigned` until a redraw of its
// session is drawn (`superseded`).
//
// DR-7 (000 Art 14): a drawn inspector leaves a team only for job change, work conflict or
// health, on a leader's approval, and the replacement is drawn (draw::replacement over the
// session's frozen pool), never chosen.
//
// Who: spotcheck.read reads the tasks of bureaus in scope, and an inspector always reads the
// tasks they are (or were) a member of, wherever the task's bureau is (`mine`). spotcheck.draw
// asks for a replacement; spotcheck.draw.approve, someone other than the one who asked, approves
// or refuses it. Ledger subject: draw_task:<id>.
//
// Thread-safety: free functions over a caller-owned Connection; writers need a transaction.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "base/time.h"
#include "db/db.h"
#include "draw/engine.h"
#include "org/principal.h"

namespace zhifa::draw {

struct TaskFilter {
  std::optional<int64_t> session_id;
  bool mine = false;  // only tasks where the caller's inspector record is a current member
  std::string state;  // "" any, assigned, superseded
  int64_t page = 1, page_size = 50;
};
// Requires spotcheck.read. {items, total, page, page_size}, by check date then id.
nlohmann::json list_tasks(db::Connection& c, const org::Principal& p, const TaskFilter& f);
// Requires spotcheck.read. The task with its team, former members and replacements; 404
// task.not_found when neither in scope nor the caller's own.
nlohmann::json get_task(db::Connection& c, const org::Principal& p, int64_t id);

// Requires spotcheck.draw. Input: certificate_no (a current member), reason (job_change |
// work_conflict | health), note?. Returns the replacement request (state pending).
nlohmann::json request_replacement(db::Connection& c, const org::Principal& p, int64_t task_id, const nlohmann::json& in,
                                   time::Instant now);
// Requires spotcheck.draw.approve, not the requester. Input: opinion. Approving draws the
// replacement and changes the team (409 draw.team_impossible when nobody eligible is left,
// nothing written); refusing leaves the team as it is.
nlohmann::json decide_replacement(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in, bool approve,
                                  time::Instant now);

// ---- used by the sessions (draw/sessions.cpp) ----------------------------------------------------

// A session's stored file: kind "pool" (CSV) or "certificate" (canonical JSON); 404
// draw.not_drawn for the certificate of a session not drawn yet.
std::string session_file(db::Connection& c, int64_t session_id, const char* kind);
// What a task copies from its session.
struct SessionFacts {
  int64_t id = 0, bureau_id = 0, item_id = 0, item_version_id = 0;
  std::string province_code, object_type, check_date, method, window_from, window_to;
};
// Writes one task per result.selected of the certificate, with its team, each row with its
// ledger entry. Requires a transaction.
void create_tasks(db::Connection& c, const ledger::Actor& a, const SessionFacts& s, const nlohmann::json& certificate,
                  const Pool& pool, time::Instant now);
// Marks the assigned tasks of a session superseded (a redraw of it was drawn). Requires a transaction.
void supersede_tasks(db::Connection& c, const ledger::Actor& a, int64_t session_id, time::Instant now);
// Tasks already drawn in `year` for each inspector (by certificate number): the pool's `load`.
std::map<std::string, int64_t> loads_in_year(db::Connection& c, int year);
// The tasks of a session as the public sees them: object name and credit code, rule, the team's
// names, certificate numbers and roles, and the approved replacements (no reasons: a health
// reason is personal). {tasks, replacements}.
nlohmann::json public_tasks(db::Connection& c, int64_t session_id);
// The tasks and replacements of a session for staff (get_draw).
nlohmann::json session_tasks(db::Connection& c, int64_t session_id);
nlohmann::json session_replacements(db::Connection& c, int64_t session_id);

}  // namespace zhifa::draw
