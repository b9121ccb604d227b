#include "credit/exports.h"
#include "credit/records.h"
#include "credit/repairs.h"
#include "http/routes_import.h"
#include "http/routes_util.h"

namespace zhifa::http {
namespace {

credit::RecordFilter filter_of(Request& req) {
  credit::RecordFilter f;
  f.bureau_id = req.q_int("bureau_id");
  f.level = req.q("level");
  f.status = req.q("status");
  f.q = req.q("q");
  f.from = req.q("from");
  f.to = req.q("to");
  f.page = req.q_int("page").value_or(1);
  f.page_size = req.q_int("page_size").value_or(20);
  return f;
}

}  // namespace

// Statistical credit (docs/credit.md): dishonesty records, their publication, repairs, exports,
// and the public list. Literal paths come before /{id}: the router takes the first match.
void register_credit_routes(App& app) {
  credit::register_conflicts();
  auto& r = app.router;
  r.add("GET", "/api/v1/credit/records", Access::login, [&app](Request& req) {
    auto f = filter_of(req);
    return Response::json(with_conn(app, [&](db::Connection& c) { return credit::list_records(c, req.who(), f); }));
  });
  r.add("POST", "/api/v1/credit/records", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return credit::propose(c, req.who(), body); }), 201);
  });
  r.add("GET", "/api/v1/credit/due", Access::login, [&app](Request& req) {
    auto bureau = req.q_int("bureau_id");
    return Response::json(with_conn(app, [&](db::Connection& c) { return credit::due_list(c, req.who(), bureau); }));
  });
  r.add("GET", "/api/v1/credit/export", Access::login, [&app](Request& req) {
    auto f = filter_of(req);
    std::string format = req.q("format").empty() ? "xlsx" : req.q("format");
    auto file = with_tx(app, [&](db::Connection& c) { return credit::export_records(c, req.who(), f, format); });
    auto resp = attachment(std::move(file.bytes), file.content_type, file.filename);
    resp.headers.emplace_back("X-Export-Id", std::to_string(file.export_id));
    return resp;
  });
  r.add("GET", "/api/v1/credit/repairs", Access::login, [&app](Request& req) {
    auto state = req.q("state");
    auto bureau = req.q_int("bureau_id");
    return Response::json(with_conn(app, [&](db::Connection& c) { return credit::list_repairs(c, req.who(), state, bureau); }));
  });
  r.add("POST", "/api/v1/credit/repairs/{id}/decision", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return credit::decide_repair(c, req.who(), req.id(), body); }));
  });
  r.add("GET", "/api/v1/credit/records/{id}", Access::login, [&app](Request& req) {
    return Response::json(with_conn(app, [&](db::Connection& c) { return credit::get_record(c, req.who(), req.id()); }));
  });
  r.add("POST", "/api/v1/credit/records/{id}/decision", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return credit::decide(c, req.who(), req.id(), body); }));
  });
  r.add("POST", "/api/v1/credit/records/{id}/publication", Access::login, [&app](Request& req) {
    auto body = req.body.empty() ? nlohmann::json::object() : req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return credit::publish(c, req.who(), req.id(), body); }));
  });
  r.add("POST", "/api/v1/credit/records/{id}/repairs", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return credit::apply_repair(c, req.who(), req.id(), body); }), 201);
  });
  r.add("GET", "/api/v1/portal/credit", Access::public_, [&app](Request&) {
    return Response::json(with_conn(app, [&](db::Connection& c) { return credit::portal_list(c); }));
  });
}

}  // namespace zhifa::http
