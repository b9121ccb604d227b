// Importing survey objects from a CSV or XLSX file (INF-2, DR-2), all or nothing: every row is
// validated (codes, required fields, duplicates inside the file and against the registry) and
// every bad row is reported by its line in the file, its column as the file names it and the
// reason in Chinese; one bad row and nothing is written. A good file is written in the caller's
// one transaction with one ledger entry per object and one for the file itself
// (survey_object.import, subject the file's hash).
//
// A credit code already in the registry is an error by default (`existing=reject`): a file of
// new objects that repeats a known one is more likely a mistake than an intended change. With
// `existing=update` the row changes that object (the columns the file has; no entry when nothing
// differs), provided the object is in the importer's scope.
//
// Thread-safety: free functions over a caller-owned Connection.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "db/db.h"
#include "org/principal.h"
#include "registry/import.h"

namespace zhifa::registry {

enum class OnExisting { reject, update };

struct ImportOptions {
  bool commit = false;
  OnExisting existing = OnExisting::reject;
  // Called as the import goes: "read" once before the file is parsed (0 of 0), then "validate"
  // and "write" (commit only) at their start and every thousand rows, with rows done and rows in
  // all (import_phase_name() in registry/import.h names the phases).
  std::function<void(const char* phase, int64_t done, int64_t total)> progress;
  size_t preview_rows = 20;
  size_t max_warnings = 1000;  // warnings beyond this are counted, not listed
};

struct ImportResult {
  std::string format;
  std::string file_hash;
  int64_t rows = 0;  // data rows (blank lines not counted)
  int64_t created = 0, updated = 0, unchanged = 0;
  std::vector<Problem> errors;
  std::vector<Problem> warnings;
  int64_t warnings_total = 0;
  int64_t error_rows = 0;  // distinct lines with an error
  nlohmann::json columns = nlohmann::json::object();  // spec key -> header as in the file
  std::vector<std::string> ignored_columns;
  nlohmann::json preview = nlohmann::json::array();
  bool committed = false;
  nlohmann::json to_json() const;
};

// Requires registry.manage. Reads and validates `bytes`; when o.commit and the file is clean,
// writes it (requires a transaction). A file with errors under o.commit throws zhifa::Error 422
// `import.rejected` whose details are the result (errors included) and writes nothing; without
// commit the errors are in the result.
ImportResult import_objects(db::Connection& c, const org::Principal& p, const std::string& bytes, const ImportOptions& o);

// Requires registry.read (or registry.manage). The object template (header row and one example
// row) as "xlsx" or "csv".
std::string object_template(const org::Principal& p, const std::string& format);

}  // namespace zhifa::registry
