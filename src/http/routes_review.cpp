#include "http/routes_util.h"
#include "review/catalogue.h"
#include "review/gate.h"
#include "review/reviews.h"

namespace zhifa::http {

// The review catalogue, the reviews of cases and the decision gate (docs/review.md). Literal
// paths come before /{id}: the router takes the first match.
void register_review_routes(App& app) {
  review::register_decision_gate();
  auto& r = app.router;
  r.add("GET", "/api/v1/review/catalogue", Access::login, [&app](Request& req) {
    return Response::json(with_conn(app, [&](db::Connection& c) { return review::get_catalogue(c, req.who(), req.q_int("bureau_id")); }));
  });
  r.add("GET", "/api/v1/review/catalogue/versions", Access::login, [&app](Request& req) {
    return Response::json(with_conn(app, [&](db::Connection& c) { return review::catalogue_versions(c, req.who(), req.q_int("bureau_id")); }));
  });
  r.add("POST", "/api/v1/review/catalogue", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return review::publish_catalogue(c, req.who(), body); }), 201);
  });
  r.add("GET", "/api/v1/public/review/catalogues", Access::public_, [&app](Request&) {
    return Response::json(with_conn(app, [&](db::Connection& c) { return review::public_catalogues(c); }));
  });
  r.add("GET", "/api/v1/cases/{id}/review", Access::login, [&app](Request& req) {
    // ?decision_kind=&amount_fen= : judge the decision being filled in, as the gate will.
    std::optional<nlohmann::json> decision;
    if (!req.q("decision_kind").empty())
      decision = nlohmann::json{{"decision_kind", req.q("decision_kind")}, {"amount_fen", req.q_int("amount_fen").value_or(0)}};
    return Response::json(with_conn(app, [&](db::Connection& c) { return review::case_review(c, req.who(), req.id(), decision); }));
  });
  r.add("POST", "/api/v1/cases/{id}/review-submissions", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return review::submit(c, req.who(), req.id(), body); }), 201);
  });
  r.add("GET", "/api/v1/reviews", Access::login, [&app](Request& req) {
    review::ReviewFilter f;
    f.bureau_id = req.q_int("bureau_id");
    f.state = req.q("state");
    f.mine = req.q("mine") == "true" || req.q("mine") == "1";
    f.page = req.q_int("page").value_or(1);
    f.page_size = req.q_int("page_size").value_or(20);
    return Response::json(with_conn(app, [&](db::Connection& c) { return review::list_reviews(c, req.who(), f); }));
  });
  r.add("GET", "/api/v1/reviews/{id}", Access::login, [&app](Request& req) {
    return Response::json(with_conn(app, [&](db::Connection& c) { return review::get_review(c, req.who(), req.id()); }));
  });
  r.add("POST", "/api/v1/reviews/{id}/assign", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return review::assign(c, req.who(), req.id(), body); }));
  });
  r.add("POST", "/api/v1/reviews/{id}/opinion", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return review::conclude(c, req.who(), req.id(), body); }));
  });
  r.add("POST", "/api/v1/reviews/{id}/coordination", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return review::coordinate(c, req.who(), req.id(), body); }));
  });
}

}  // namespace zhifa::http
