// The inspector registry (执法检查人员名录库, DR-2; 000 Art 7, Art 9, §1.2; 004 §3.2 and annexes
// 2-3): the enforcement staff of each bureau with their certificate (执法证号 and validity, ORG-2),
// post, enforcement region, specialties, status (在岗 / 暂停执法 / 离岗, with reason and date), the
// staff account they log in with, the training they received (ORG-5: at least 2 days a year) and
// the conflicts of interest they declared. The draw picks from it (inspectors/eligibility.h).
//
// An inspector belongs to one bureau; data scope is that bureau's subtree as elsewhere and out of
// scope answers 404. Every create and change is a ledger entry in the same transaction, subject
// inspector/<id>; trainings and conflicts are rows of their own whose entries also name the
// inspector, so an inspector's history is one query.
//
// Permissions (src/org/roles.cpp): inspector.read to read and export, inspector.manage to
// create, change, record training and conflicts, and import.
//
// Thread-safety: free functions over a caller-owned Connection; writers need a transaction.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/time.h"
#include "db/db.h"
#include "org/principal.h"
#include "registry/import.h"

namespace zhifa::inspectors {

// ORG-5 (004 annex 3: 全年培训时间不少于2天), in half days.
constexpr int64_t kMinTrainingHalfDaysPerYear = 4;
// The console's lapse list: certificates that end within this many days, and those already ended.
constexpr int64_t kLapsingDays = 30;

// Training is counted in half days (004 annex 3 plans whole and half days), so sums stay exact.
inline double days_of_half(int64_t half_days) { return double(half_days) / 2.0; }
// Days as staff write them (0.5, 1, 2.5) as half days: nullopt unless a number above 0, in steps
// of half a day, at most `max_days`.
std::optional<int64_t> half_days_of(const nlohmann::json& days, int64_t max_days);
// Reading the registry and its training plans: inspector.read, or inspector.manage which implies it.
void require_inspector_read(const org::Principal& p);

struct Inspector {
  int64_t id = 0;
  int64_t bureau_id = 0;
  std::string bureau_path, bureau_name, bureau_code, bureau_division;
  std::optional<int64_t> user_id;
  std::string username;  // of user_id, read only
  std::string name, gender, certificate_no, valid_from, valid_to, post, region_code;
  std::vector<std::string> specialties;  // codes, dictionary order
  std::string status = "active", status_reason;
  std::optional<std::string> status_since;
  std::string phone;
  std::string created_at, updated_at;
  int64_t training_half_days = 0;  // read only: in the year the query asked about
};

struct Conflict {
  int64_t id = 0;
  int64_t inspector_id = 0;
  std::string kind, target, target_name, reason, declared_on;
  std::optional<std::string> until;
  std::string end_reason;
  std::optional<int64_t> ended_by;
  int64_t recorded_by = 0;
  std::string recorded_at;
  bool in_force(const std::string& day) const { return declared_on <= day && (!until || day <= *until); }
};

// "not_yet_valid" | "valid" | "lapsing" (ends within kLapsingDays) | "lapsed", on `day`.
std::string certificate_state(const Inspector& i, time::Date day);

// The columns of an inspector in template order; the key is the import's English alias. The
// first six are required.
std::span<const registry::ColumnSpec> inspector_columns();

struct InspectorFilter {
  std::string q;                       // a part of the name, or the start of the certificate number
  std::optional<int64_t> bureau_id;    // that bureau only
  std::string status;                  // active | suspended | left
  std::string specialty;               // a specialty code
  std::string eligible_on;             // YYYY-MM-DD: only those who may be drawn that day (eligible())
  std::optional<int64_t> lapsing_within_days;  // certificates ending within N days or already ended (not `left`)
  std::optional<bool> training_short;  // below 2 days of training in `year`
  int year = 0;                        // the training year shown and filtered; 0 = this year (Shanghai)
  int64_t page = 1, page_size = 20;
};

// Requires inspector.read. {items, total, page, page_size, year}, ordered by the bureau's division
// code and name (org::division_order), then certificate number. Each item carries its certificate state, eligibility today with the
// reasons, and its training days in `year`.
nlohmann::json list_inspectors(db::Connection& c, const org::Principal& p, const InspectorFilter& f);
// Requires inspector.read. The inspector with trainings, conflicts and training days per year.
nlohmann::json get_inspector(db::Connection& c, const org::Principal& p, int64_t id);
// The inspector record of the logged-in user (their e-certificate); 404 when there is none.
nlohmann::json my_inspector(db::Connection& c, const org::Principal& p);
// Requires inspector.manage. Input: name, gender, certificate_no, valid_from, valid_to, bureau_id,
// post?, region_code? (default the bureau's division), specialties? [codes or names], status?,
// status_reason?, status_since?, phone?, user_id?. 422 names the field (details.field; every field
// at fault in details.errors); 409 inspector.certificate_taken, inspector.user_taken.
nlohmann::json create_inspector(db::Connection& c, const org::Principal& p, const nlohmann::json& in);
// Requires inspector.manage. Changes the fields given (user_id null unlinks the account). A new
// status other than active needs status_reason; status_since defaults to today.
nlohmann::json update_inspector(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in);
// Requires inspector.read. The ledger entries of the inspector and of its trainings and conflicts,
// oldest first: {items: [{seq, at, action, actor_id, actor_name, change}]}.
nlohmann::json inspector_history(db::Connection& c, const org::Principal& p, int64_t id);
// Requires inspector.manage. Input: trained_on (not in the future), course, days (> 0, in steps
// of 0.5, at most 60), provider?.
nlohmann::json add_training(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in);
// Requires inspector.manage. Input: kind (object | division | department), target (credit code,
// division code, department name), reason, declared_on? (default today, not in the future),
// until? (the last day it is in force), target_name? (for an object not in the registry). 409 inspector.conflict_exists when the
// same conflict is already in force.
nlohmann::json declare_conflict(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in);
// Requires inspector.manage. Input: reason, ended_on? (default today; between declared_on and
// today): from that day on the conflict is no longer in force (until becomes the day before).
// 409 inspector.conflict_ended when it is not in force today.
nlohmann::json end_conflict(db::Connection& c, const org::Principal& p, int64_t id, int64_t conflict_id, const nlohmann::json& in);
// Requires inspector.read. Certificates of inspectors not `left` that end within `within_days`
// (0..366) or have ended, soonest first: {items: [inspector + days_left, certificate_state],
// within_days}.
nlohmann::json lapsing_certificates(db::Connection& c, const org::Principal& p, int64_t within_days,
                                    std::optional<int64_t> bureau_id);
// Requires inspector.read. The filtered list (no paging) as XLSX, the template's columns first so
// that an export re-imports (as an update).
std::string export_inspectors_xlsx(db::Connection& c, const org::Principal& p, const InspectorFilter& f);
// No login (PUB-5, PUB-6): active inspectors with name, gender, bureau, certificate number and
// validity, post and region; never phone, account or conflicts. Filters: bureau_id (that bureau
// and below), q (name part), certificate_no (exact, to check a certificate shown at the door).
nlohmann::json public_inspectors(db::Connection& c, std::optional<int64_t> bureau_id, const std::string& q,
                                 const std::string& certificate_no, int64_t page, int64_t page_size);
// The vocabularies for forms: {specialties, genders, statuses, conflict_kinds} as [{code, name}].
nlohmann::json dictionaries();

// ---- shared with the import, the eligibility rules and the demo -------------------------------

// 404 inspector.not_found unless in the principal's scope. training_half_days for `year` (0: this).
Inspector find_inspector(db::Connection& c, const org::Principal& p, int64_t id, int year = 0);
std::optional<Inspector> find_by_certificate(db::Connection& c, const std::string& certificate_no);
// Every inspector whose bureau path starts with `path`, ordered by certificate number.
std::vector<Inspector> inspectors_under(db::Connection& c, const std::string& path, int year = 0);
std::vector<Conflict> conflicts_of(db::Connection& c, int64_t inspector_id);
// The conflicts in force on `day` of every inspector under `path`, by inspector id.
std::map<int64_t, std::vector<Conflict>> conflicts_in_force_under(db::Connection& c, const std::string& path, const std::string& day);
nlohmann::json inspector_json(const Inspector& i, time::Date today);
nlohmann::json conflict_json(const Conflict& k, const std::string& today);

// Resolves the bureau and account columns of a row (code or name; username), remembering answers.
class Resolver {
public:
  Resolver(db::Connection& c, const org::Principal& p) : c_(c), p_(p) {}
  struct Bureau {
    int64_t id = 0;
    std::string path, name, code, division;
  };
  // A bureau in scope by code or exact name; the error (Chinese) when there is none.
  std::optional<Bureau> bureau(const std::string& code_or_name, std::string& why);
  std::optional<Bureau> bureau_by_id(int64_t id);  // in scope
  struct User {
    int64_t id = 0, bureau_id = 0;
    std::string username;
  };
  std::optional<User> user(const std::string& username);
  std::optional<User> user_by_id(int64_t id);

private:
  db::Connection& c_;
  const org::Principal& p_;
  std::map<std::string, std::optional<Bureau>> bureaus_;
  std::map<std::string, std::optional<User>> users_;
};

// The validation of one inspector from text values by column (inspector_columns() index ->
// value; an absent index leaves the field as it is in `i`). Appends (column, reason) for every
// field at fault, and warnings (a certificate already lapsed or lapsing) the same way.
struct FieldIssue {
  size_t column;
  std::string reason;
};
void apply_inspector_fields(Resolver& r, Inspector& i, const std::map<size_t, std::string>& values,
                            std::vector<FieldIssue>& errors, std::vector<FieldIssue>& warnings);

// Writes a new inspector (i.id is set) or the changed one, with its ledger entry; `extra` is merged
// into the entry's change. Requires a transaction; `i` validated.
void insert_inspector(db::Connection& c, const ledger::Actor& a, Inspector& i, const nlohmann::json& extra = nlohmann::json::object());
void write_inspector_update(db::Connection& c, const ledger::Actor& a, const Inspector& i,
                            const nlohmann::json& extra = nlohmann::json::object());
// The inspector linked to this account, if any (its id; or the record, in any scope).
std::optional<int64_t> inspector_of_user(db::Connection& c, int64_t user_id);
std::optional<Inspector> inspector_by_user(db::Connection& c, int64_t user_id);
// True when the two agree on every stored field.
bool same_inspector(const Inspector& a, const Inspector& b);
// One row of the template / export in inspector_columns() order.
std::vector<std::string> inspector_row(const Inspector& i);

}  // namespace zhifa::inspectors
