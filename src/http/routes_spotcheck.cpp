#include "http/routes_util.h"
#include "spotcheck/forms.h"
#include "spotcheck/items.h"
#include "spotcheck/plans.h"

namespace zhifa::http {

// The spot-check item list (DR-1, DR-14, PUB-5) and the check forms (DR-3).
void register_spotcheck_routes(App& app) {
  auto& r = app.router;
  r.add("GET", "/api/v1/public/spotcheck-items", Access::public_, [&app](Request& req) {
    return Response::json(with_conn(app, [&](db::Connection& c) { return spotcheck::public_items(c, req.q("date")); }));
  });
  r.add("GET", "/api/v1/spotcheck/items", Access::login, [&app](Request& req) {
    return Response::json(with_conn(app, [&](db::Connection& c) { return spotcheck::list_items(c, req.who(), req.q("date")); }));
  });
  r.add("POST", "/api/v1/spotcheck/items", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return spotcheck::create_item(c, req.who(), body); }), 201);
  });
  r.add("GET", "/api/v1/spotcheck/items/{id}", Access::login, [&app](Request& req) {
    return Response::json(with_conn(app, [&](db::Connection& c) { return spotcheck::get_item(c, req.who(), req.id()); }));
  });
  r.add("POST", "/api/v1/spotcheck/items/{id}/versions", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return spotcheck::add_item_version(c, req.who(), req.id(), body); }),
                          201);
  });
  r.add("GET", "/api/v1/spotcheck/items/{id}/forms", Access::login, [&app](Request& req) {
    return Response::json(with_conn(app, [&](db::Connection& c) { return spotcheck::list_forms(c, req.who(), req.id()); }));
  });
  r.add("POST", "/api/v1/spotcheck/items/{id}/forms", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return spotcheck::add_form_version(c, req.who(), req.id(), body); }),
                          201);
  });
  r.add("GET", "/api/v1/spotcheck/items/{id}/form-in-force", Access::login, [&app](Request& req) {
    return Response::json(
        with_conn(app, [&](db::Connection& c) { return spotcheck::form_in_force_json(c, req.who(), req.id(), req.q("date")); }));
  });
  r.add("GET", "/api/v1/spotcheck/forms/{id}", Access::login, [&app](Request& req) {
    return Response::json(with_conn(app, [&](db::Connection& c) { return spotcheck::get_form(c, req.who(), req.id()); }));
  });

  // Annual plans (DR-4, DR-5, DR-13). /plans/status is added before /plans/{id}: first match wins.
  r.add("GET", "/api/v1/public/plans", Access::public_, [&app](Request& req) {
    return Response::json(
        with_conn(app, [&](db::Connection& c) { return spotcheck::public_plans(c, req.q_int("year"), req.q_int("bureau_id")); }));
  });
  r.add("GET", "/api/v1/plans", Access::login, [&app](Request& req) {
    spotcheck::PlanFilter f{req.q_int("year"), req.q_int("bureau_id")};
    return Response::json(with_conn(app, [&](db::Connection& c) { return spotcheck::list_plans(c, req.who(), f); }));
  });
  r.add("POST", "/api/v1/plans", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return spotcheck::create_plan(c, req.who(), body, time::now()); }),
                          201);
  });
  r.add("GET", "/api/v1/plans/status", Access::login, [&app](Request& req) {
    return Response::json(with_conn(app, [&](db::Connection& c) {
      return spotcheck::plan_status(c, req.who(), req.q_int("year"), req.q_int("bureau_id"), req.q("date"));
    }));
  });
  r.add("GET", "/api/v1/plans/{id}", Access::login, [&app](Request& req) {
    return Response::json(with_conn(app, [&](db::Connection& c) { return spotcheck::get_plan(c, req.who(), req.id()); }));
  });
  r.add("POST", "/api/v1/plans/{id}/versions", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(
        with_tx(app, [&](db::Connection& c) { return spotcheck::add_plan_version(c, req.who(), req.id(), body, time::now()); }), 201);
  });
  r.add("POST", "/api/v1/plans/{id}/publish", Access::login, [&app](Request& req) {
    // The body is optional: {version_id} guards against publishing a version the user has not seen.
    auto body = req.body.empty() ? nlohmann::json::object() : req.json();
    return Response::json(
        with_tx(app, [&](db::Connection& c) { return spotcheck::publish_plan(c, req.who(), req.id(), body, time::now()); }));
  });
}

}  // namespace zhifa::http
