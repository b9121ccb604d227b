#include "http/routes_import.h"
#include "http/routes_util.h"
#include "registry/foreign_bodies.h"
#include "registry/object_import.h"
#include "registry/objects.h"

namespace zhifa::http {

namespace {

std::optional<bool> q_bool(const Request& req, const char* name) {
  std::string v = req.q(name);
  if (v.empty()) return std::nullopt;
  if (v == "true" || v == "1") return true;
  if (v == "false" || v == "0") return false;
  throw Error::invalid(name, std::string(name) + " 只能是 true 或 false");
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
    return attachment(std::move(bytes), kXlsxType, "调查对象名录.xlsx");
  });
  r.add("GET", "/api/v1/objects/import-template", Access::login, [](Request& req) {
    std::string format = req.q("format").empty() ? "xlsx" : req.q("format");
    auto bytes = registry::object_template(req.who(), format);
    return attachment(std::move(bytes), format == "csv" ? "text/csv; charset=utf-8" : kXlsxType, "调查对象导入模板." + format);
  });
  // The body is the file (CSV or XLSX; the content is sniffed, Content-Type is not relied on).
  r.add_long("POST", "/api/v1/objects/import", Access::login, [&app](Request& req) { return run_import(app, req, registry::import_objects); });
  // The same file again: the check report as XLSX (stateless, so nothing is kept on the server).
  r.add_long("POST", "/api/v1/objects/import/report", Access::login,
             [&app](Request& req) { return import_report(app, req, registry::import_objects, "导入检查报告.xlsx"); });
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
