// What the import routes of the registries share (INF-2): the query options, the preview/commit
// protocol of POST …/import with its server-side progress, the check report, and file downloads.
// Private to src/http.
#pragma once

#include <functional>
#include <string>

#include "http/router.h"
#include "registry/object_import.h"

namespace zhifa::http {

constexpr const char* kXlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// Bytes built in memory, sent as a download (the Content-Disposition of Response::file).
Response attachment(std::string bytes, const std::string& content_type, const std::string& filename);

// existing=reject|update (422 naming `existing` otherwise).
registry::ImportOptions import_options(const Request& req, bool commit);

using Importer = std::function<registry::ImportResult(db::Connection&, const org::Principal&, const std::string&,
                                                      const registry::ImportOptions&)>;

// POST …/import?mode=preview|commit&existing=…&progress_id=…: the body is the file. Preview checks
// on a plain connection, commit checks and writes in one transaction. With a progress_id the
// import's phases and row counts are on the app's ProgressBoard for GET /import-progress/{id}.
// Register it with Router::add_long.
Response run_import(App& app, Request& req, const Importer& importer);

// POST …/import/report: the same file checked again, every error and warning as an XLSX workbook.
Response import_report(App& app, Request& req, const Importer& importer, const std::string& filename);

// GET /api/v1/import-progress/{progress_id}: the caller's own entry, 404 otherwise.
void register_import_progress_routes(App& app);

}  // namespace zhifa::http
