#include "http/routes_import.h"

#include "http/routes_util.h"

namespace zhifa::http {

Response attachment(std::string bytes, const std::string& content_type, const std::string& filename) {
  Response r = Response::file("", content_type, filename);
  r.file_path.clear();
  r.body = std::move(bytes);
  return r;
}

registry::ImportOptions import_options(const Request& req, bool commit) {
  registry::ImportOptions o;
  o.commit = commit;
  std::string existing = req.q("existing");
  if (existing == "update") o.existing = registry::OnExisting::update;
  else if (!existing.empty() && existing != "reject") throw Error::invalid("existing", "existing 只能是 reject 或 update");
  return o;
}

Response run_import(App& app, Request& req, const Importer& importer) {
  std::string mode = req.q("mode").empty() ? "preview" : req.q("mode");
  if (mode != "preview" && mode != "commit") throw Error::invalid("mode", "mode 只能是 preview 或 commit");
  auto opt = import_options(req, mode == "commit");
  std::unique_ptr<ProgressBoard::Ticket> ticket;
  if (std::string id = req.q("progress_id"); !id.empty()) {
    ticket = app.progress->start(req.who().user_id, id, "read");
    opt.progress = [t = ticket.get()](const char* phase, int64_t done, int64_t total) { t->report(phase, done, total); };
  }
  auto run = [&](db::Connection& c) { return importer(c, req.who(), req.body, opt); };
  auto res = mode == "preview" ? with_conn(app, run) : with_tx(app, run);
  if (ticket) ticket->succeeded();
  return Response::json(res.to_json());
}

Response import_report(App& app, Request& req, const Importer& importer, const std::string& filename) {
  auto opt = import_options(req, false);
  opt.max_warnings = 100000;
  auto res = with_conn(app, [&](db::Connection& c) { return importer(c, req.who(), req.body, opt); });
  return attachment(registry::report_xlsx(res.errors, res.warnings), kXlsxType, filename);
}

void register_import_progress_routes(App& app) {
  app.router.add("GET", "/api/v1/import-progress/{progress_id}", Access::login, [&app](Request& req) {
    auto j = app.progress->get(req.who().user_id, req.params.at("progress_id"));
    if (!j) throw Error::not_found("import.progress_not_found", "没有该导入的进度（编号有误、不是您的导入，或已过期）");
    (*j)["phase_name"] = registry::import_phase_name((*j)["phase"].get<std::string>());
    return Response::json(*j);
  });
}

}  // namespace zhifa::http
