// The registry of statistical survey objects (抽查对象名录库, DR-2; 000 Art 7, 004 §3.2): every
// supervised body with its credit code, division, industry, unit category, 一套表 and key-unit
// flags, credit status with its period, risk level, contact and the dates it was checked. The
// draw picks from it. An object belongs to the bureau of its division (the bureau whose code is
// the division, else the nearest ancestor's), so data scope is the bureau subtree as elsewhere;
// out of scope answers 404. Every create and change is a ledger entry in the same transaction
// (subject survey_object/<id>), so an object's history is its entries.
//
// Permissions (src/org/roles.cpp): registry.read to read and export, registry.manage to create,
// change and import.
//
// Thread-safety: free functions over a caller-owned Connection; writers need a transaction.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>

#include "db/db.h"
#include "org/principal.h"
#include "registry/import.h"

namespace zhifa::registry {

struct SurveyObject {
  int64_t id = 0;
  int64_t bureau_id = 0;
  std::string bureau_path, bureau_name;
  std::string credit_code, name, division_code, address, industry_code;
  std::string unit_category = "other";
  bool online_reporting = false, key_unit = false;
  std::optional<std::string> credit_status, credit_from, credit_to, risk_level;
  std::string contact_name, contact_phone;
  std::string created_at, updated_at;
  std::optional<std::string> last_checked_on;  // read only: the latest check date
};

// The columns of an object, in template order; the key is the API field and English alias.
// The first four are required.
std::span<const ColumnSpec> object_columns();

// Chinese names of the enumerations (nullptr for an unknown code).
const char* unit_category_name(const std::string& code);
const char* credit_status_name(const std::string& code);
const char* risk_level_name(const std::string& code);

struct ObjectFilter {
  std::string division;       // a division code: the objects in it and below it
  std::string industry;       // a prefix of the canonical industry code ("C", "C13", "C1311")
  std::string unit_category, credit_status, risk_level;
  std::optional<bool> key_unit, online_reporting;
  std::optional<int64_t> bureau_id;
  std::string q;              // a part of the name, or the start of the credit code
  int64_t page = 1, page_size = 20;
};

// Requires registry.read. {items, total, page, page_size}, ordered by credit code.
nlohmann::json list_objects(db::Connection& c, const org::Principal& p, const ObjectFilter& f);
// Requires registry.read. The object with its check dates.
nlohmann::json get_object(db::Connection& c, const org::Principal& p, int64_t id);
// Requires registry.manage. Input: the fields of object_columns() (booleans as JSON booleans),
// plus credit_from/credit_to. 422 with details.field and the Chinese reason (details.errors lists
// every field at fault); 409 `object.credit_code_taken`.
nlohmann::json create_object(db::Connection& c, const org::Principal& p, const nlohmann::json& in);
// Requires registry.manage. Changes the fields given; the new division must be in scope too.
nlohmann::json update_object(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in);
// Requires registry.read. The object's ledger entries, oldest first: {items: [{seq, at, action,
// actor_id, actor_name, change}]}.
nlohmann::json object_history(db::Connection& c, const org::Principal& p, int64_t id);
// Requires registry.manage. Input: checked_on (YYYY-MM-DD, not in the future), note.
nlohmann::json add_object_check(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in);
// Requires registry.read. The filtered list (no paging) as XLSX bytes, with the import template's
// columns first so that an export re-imports; at most 1,048,575 rows (422 `export.too_large`).
std::string export_objects_xlsx(db::Connection& c, const org::Principal& p, const ObjectFilter& f);

SurveyObject find_object(db::Connection& c, const org::Principal& p, int64_t id);
nlohmann::json object_json(const SurveyObject& o);

// For the credit module (src/credit): sets the object's credit status and its period as a
// credit record decides it (an approved dishonesty record, a repair that ends it early), one
// ledger entry `survey_object.credit_status` with `extra` (the record it comes from). Nothing is
// written when the object already has exactly these values. The caller checks permission and
// scope. Requires a transaction; `status` one of the codes of credit_status_name(); dates
// YYYY-MM-DD or nullopt for an open end. 404 `object.not_found` when there is no such object.
void set_credit_status(db::Connection& c, const ledger::Actor& a, int64_t object_id, const std::optional<std::string>& status,
                       const std::optional<std::string>& from, const std::optional<std::string>& to,
                       const nlohmann::json& extra = nlohmann::json::object());

// ---- used by the import and the demo loader ----------------------------------------------------

// Finds the bureau an object of `division` belongs to, remembering answers (one import asks about
// the same few divisions again and again).
class BureauResolver {
public:
  struct Hit {
    int64_t id = 0;
    std::string path, name;
  };
  explicit BureauResolver(db::Connection& c) : c_(c) {}
  std::optional<Hit> resolve(const std::string& division);

private:
  db::Connection& c_;
  std::map<std::string, std::optional<Hit>> cache_;
};

// The validation of one object from text values by column (object_columns() index -> value;
// an absent index leaves the field as it is in `o`). Appends (column index, reason) for every
// field at fault and warnings the same way; sets o.bureau_id/bureau_path from the division.
// credit_from/credit_to are column indexes too (see object_columns()).
struct FieldIssue {
  size_t column;
  std::string reason;
};
void apply_object_fields(db::Connection& c, const org::Principal& p, BureauResolver& bureaus, SurveyObject& o,
                         const std::map<size_t, std::string>& values, std::vector<FieldIssue>& errors,
                         std::vector<FieldIssue>& warnings);

// Writes a new object (o.id is set) or the changed one, and its ledger entry. `extra` is merged
// into the entry's change. Requires a transaction; `o` validated.
void insert_object(db::Connection& c, const ledger::Actor& a, SurveyObject& o, const nlohmann::json& extra = nlohmann::json::object());
void write_object_update(db::Connection& c, const ledger::Actor& a, const SurveyObject& o,
                         const nlohmann::json& extra = nlohmann::json::object());
// The stored object with this credit code, in any scope.
std::optional<SurveyObject> find_object_by_code(db::Connection& c, const std::string& credit_code);
// True when the two agree on every stored field.
bool same_object(const SurveyObject& a, const SurveyObject& b);

}  // namespace zhifa::registry
