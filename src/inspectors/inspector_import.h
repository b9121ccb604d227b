// Importing inspectors from a CSV or XLSX file (INF-2, DR-2), all or nothing, on the registry's
// import framework (registry/table_file.h reads the file, registry/import.h maps the header and
// writes the report): every row is validated (required fields, dates, bureau in the importer's
// scope, specialties, accounts, duplicates inside the file and against the registry) and every
// bad row is reported by its line, its column as the file names it and the reason in Chinese; one
// bad row and nothing is written. A good file is written in the caller's transaction with one
// ledger entry per inspector and one for the file (inspector.import, subject the file's hash).
//
// A certificate number already in the registry is an error by default (`existing=reject`); with
// `existing=update` the row changes that inspector (the columns the file has; nothing written when
// nothing differs), provided it is in the importer's scope. An export re-imports this way.
//
// Thread-safety: free functions over a caller-owned Connection.
#pragma once

#include <string>

#include "db/db.h"
#include "org/principal.h"
#include "registry/object_import.h"

namespace zhifa::inspectors {

// Requires inspector.manage. Reads and validates `bytes`; when o.commit and the file is clean,
// writes it (requires a transaction). A file with errors under o.commit throws zhifa::Error 422
// `import.rejected` whose details are the result; without commit the errors are in the result.
registry::ImportResult import_inspectors(db::Connection& c, const org::Principal& p, const std::string& bytes,
                                         const registry::ImportOptions& o);

// Requires inspector.read (or inspector.manage). The inspector template (header row and one
// example row) as "xlsx" or "csv".
std::string inspector_template(const org::Principal& p, const std::string& format);

}  // namespace zhifa::inspectors
