#include "http/routes_util.h"
#include "publicity/prior_bodies.h"
#include "publicity/prior_flow.h"
#include "publicity/prior_items.h"

namespace zhifa::http {

// What is published before enforcement (docs/prior-disclosure.md): the enforcement item list
// with its service guides, the enforcement bodies, the flowcharts. Literal paths come before
// any /{id}: the router takes the first match.
void register_prior_routes(App& app) {
  auto& r = app.router;
  r.add("GET", "/api/v1/prior/items", Access::login, [&app](Request& req) {
    return Response::json(with_conn(app, [&](db::Connection& c) { return publicity::prior_items_in_force(c, req.who(), req.q_int("bureau_id")); }));
  });
  r.add("GET", "/api/v1/prior/items/versions", Access::login, [&app](Request& req) {
    return Response::json(with_conn(app, [&](db::Connection& c) { return publicity::prior_item_versions(c, req.who(), req.q_int("bureau_id")); }));
  });
  r.add("POST", "/api/v1/prior/items", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return publicity::publish_prior_items(c, req.who(), body); }), 201);
  });
  r.add("GET", "/api/v1/prior/body", Access::login, [&app](Request& req) {
    return Response::json(with_conn(app, [&](db::Connection& c) { return publicity::prior_body(c, req.who(), req.q_int("bureau_id")); }));
  });
  r.add("POST", "/api/v1/prior/body", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return publicity::publish_prior_body(c, req.who(), body); }), 201);
  });
  r.add("GET", "/api/v1/public/prior/items", Access::public_, [&app](Request& req) {
    auto b = req.q_int("bureau_id");
    if (!b) throw Error::required("bureau_id", "机构");
    return Response::json(with_conn(app, [&](db::Connection& c) { return publicity::public_prior_items(c, *b, req.q_int("version")); }));
  });
  r.add("GET", "/api/v1/public/prior/items/versions", Access::public_, [&app](Request& req) {
    auto b = req.q_int("bureau_id");
    if (!b) throw Error::required("bureau_id", "机构");
    return Response::json(with_conn(app, [&](db::Connection& c) { return publicity::public_prior_item_versions(c, *b); }));
  });
  r.add("GET", "/api/v1/public/prior/bodies", Access::public_, [&app](Request&) {
    return Response::json(with_conn(app, [&](db::Connection& c) { return publicity::public_prior_bodies(c); }));
  });
  r.add("GET", "/api/v1/public/prior/flowcharts", Access::public_, [](Request&) { return Response::json(publicity::flowcharts()); });
}

}  // namespace zhifa::http
