#include "http/routes_util.h"
#include "registry/foreign_bodies.h"
#include "registry/object_import.h"
#include "registry/objects.h"

namespace zhifa::http {

namespace {

constexpr const char* kXlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

std::optional<bool> q_bool(const Request& req, const char* name) {
  std::string v = req.q(name);
  if (v.empty()) return std::nullopt;
  if (v == "true" || v == "1") return true;
  if (v == "false" || v == "0") return false;
  throw Error::invalid(name, std::string(name) + " 只能是 true 或 false");
}

// Bytes built in memory, sent as a download (the Content-Disposition of Response::file).
Response attachment(std::string bytes, const std::string& content_type, const std::string& filename) {
  Response r = Response::file("", content_type, filename);
  r.file_path.clear();
  r.body = std::move(bytes);
  return r;
}

registry::ObjectFilter object_filter(const Request& req) {
  registry::ObjectFilter f;
  f.division = req.q("division");
  f.industry = req.q("industry");
  f.unit_category = req.q("unit_category");
  f.credit_status = req.q("credit_status");
  f.risk_level = req.q("risk_level");
  f.key_unit = q_bool(req, "key_unit");
  f.online_reporting = q_bool(req, "online_reporting");
  f.bureau_id = req.q_int("bureau_id");
  f.q = req.q("q");
  f.page = req.q_int("page").value_or(1);
  f.page_size = req.q_int("page_size").value_or(20);
  return f;
}

registry::ImportOptions import_options(const Request& req, bool commit) {
  registry::ImportOptions o;
  o.commit = commit;
  std::string existing = req.q("existing");
  if (existing == "update") o.existing = registry::OnExisting::update;
  else if (!existing.empty() && existing != "reject") throw Error::invalid("existing", "existing 只能是 reject 或 update");
  return o;
}

}  // namespace

// The survey-object registry and foreign-related survey bodies (DR-2), import and export (INF-2).
// Literal paths are added before /objects/{id}: the router takes the first match.
void register_registry_routes(App& app) {
  auto& r = app.router;
  r.add("GET", "/api/v1/objects", Access::login, [&app](Request& req) {
    auto f = object_filter(req);
    return Response::json(with_conn(app, [&](db::Connection& c) { return registry::list_objects(c, req.who(), f); }));
  });
  r.add("POST", "/api/v1/objects", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return registry::create_object(c, req.who(), body); }), 201);
  });
  r.add("GET", "/api/v1/objects/export.xlsx", Access::login, [&app](Request& req) {
    auto f = object_filter(req);
    auto bytes = with_conn(app, [&](db::Connection& c) { return registry::export_objects_xlsx(c, req.who(), f); });
    return attachment(std::move(bytes), kXlsx, "调查对象名录.xlsx");
  });
  r.add("GET", "/api/v1/objects/import-template", Access::login, [](Request& req) {
    std::string format = req.q("format").empty() ? "xlsx" : req.q("format");
    auto bytes = registry::object_template(req.who(), format);
    return attachment(std::move(bytes), format == "csv" ? "text/csv; charset=utf-8" : kXlsx, "调查对象导入模板." + format);
  });
  // The body is the file (CSV or XLSX; the content is sniffed, Content-Type is not relied on).
  r.add("POST", "/api/v1/objects/import", Access::login, [&app](Request& req) {
    std::string mode = req.q("mode").empty() ? "preview" : req.q("mode");
    if (mode != "preview" && mode != "commit") throw Error::invalid("mode", "mode 只能是 preview 或 commit");
    auto opt = import_options(req, mode == "commit");
    if (mode == "preview")
      return Response::json(with_conn(app, [&](db::Connection& c) { return registry::import_objects(c, req.who(), req.body, opt); }).to_json());
    return Response::json(with_tx(app, [&](db::Connection& c) { return registry::import_objects(c, req.who(), req.body, opt); }).to_json());
  });
  // The same file again: the check report as XLSX (stateless, so nothing is kept on the server).
  r.add("POST", "/api/v1/objects/import/report", Access::login, [&app](Request& req) {
    auto opt = import_options(req, false);
    opt.max_warnings = 100000;
    auto res = with_conn(app, [&](db::Connection& c) { return registry::import_objects(c, req.who(), req.body, opt); });
    return attachment(registry::report_xlsx(res.errors, res.warnings), kXlsx, "导入检查报告.xlsx");
  });
  r.add("GET", "/api/v1/objects/{id}", Access::login, [&app](Request& req) {
    return Response::json(with_conn(app, [&](db::Connection& c) { return registry::get_object(c, req.who(), req.id()); }));
  });
  r.add("PATCH", "/api/v1/objects/{id}", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return registry::update_object(c, req.who(), req.id(), body); }));
  });
  r.add("GET", "/api/v1/objects/{id}/history", Access::login, [&app](Request& req) {
    return Response::json(with_conn(app, [&](db::Connection& c) { return registry::object_history(c, req.who(), req.id()); }));
  });
  r.add("POST", "/api/v1/objects/{id}/checks", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return registry::add_object_check(c, req.who(), req.id(), body); }), 201);
  });

  r.add("GET", "/api/v1/foreign-survey-bodies", Access::login, [&app](Request& req) {
    return Response::json(with_conn(app, [&](db::Connection& c) { return registry::list_foreign_bodies(c, req.who(), req.q("q"), req.q("valid_on")); }));
  });
  r.add("POST", "/api/v1/foreign-survey-bodies", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return registry::create_foreign_body(c, req.who(), body); }), 201);
  });
  r.add("GET", "/api/v1/foreign-survey-bodies/{id}", Access::login, [&app](Request& req) {
    return Response::json(with_conn(app, [&](db::Connection& c) { return registry::get_foreign_body(c, req.who(), req.id()); }));
  });
  r.add("PATCH", "/api/v1/foreign-survey-bodies/{id}", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return registry::update_foreign_body(c, req.who(), req.id(), body); }));
  });
  r.add("GET", "/api/v1/foreign-survey-bodies/{id}/history", Access::login, [&app](Request& req) {
    return Response::json(with_conn(app, [&](db::Connection& c) { return registry::foreign_body_history(c, req.who(), req.id()); }));
  });
}

}  // namespace zhifa::http
