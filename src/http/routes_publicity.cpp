#include "http/routes_util.h"
#include "publicity/deadlines.h"
#include "publicity/disclosures.h"
#include "publicity/portal.h"

namespace zhifa::http {

// Disclosures, their deadlines and the portal's query of them (docs/publicity.md). Literal
// paths come before /{id}: the router takes the first match.
void register_publicity_routes(App& app) {
  publicity::register_collectors();
  auto& r = app.router;
  r.add("GET", "/api/v1/disclosures", Access::login, [&app](Request& req) {
    publicity::DisclosureFilter f;
    f.bureau_id = req.q_int("bureau_id");
    f.state = req.q("state");
    f.kind = req.q("kind");
    if (auto y = req.q_int("year")) f.year = static_cast<int>(*y);
    f.page = req.q_int("page").value_or(1);
    f.page_size = req.q_int("page_size").value_or(20);
    return Response::json(with_conn(app, [&](db::Connection& c) { return publicity::list_disclosures(c, req.who(), f); }));
  });
  r.add("POST", "/api/v1/disclosures", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return publicity::create_draft(c, req.who(), body); }), 201);
  });
  r.add("GET", "/api/v1/disclosures/spec", Access::login, [](Request&) { return Response::json(publicity::content_spec()); });
  r.add("GET", "/api/v1/disclosures/deadlines", Access::login, [&app](Request& req) {
    return Response::json(with_conn(app, [&](db::Connection& c) {
      return publicity::deadline_list(c, req.who(), req.q_int("bureau_id"), req.q("status"));
    }));
  });
  r.add("GET", "/api/v1/disclosures/deadline-counts", Access::login, [&app](Request& req) {
    return Response::json(with_conn(app, [&](db::Connection& c) { return publicity::deadline_counts(c, req.who(), req.q_int("bureau_id")); }));
  });
  r.add("GET", "/api/v1/disclosures/{id}", Access::login, [&app](Request& req) {
    return Response::json(with_conn(app, [&](db::Connection& c) { return publicity::get_disclosure(c, req.who(), req.id()); }));
  });
  r.add("PATCH", "/api/v1/disclosures/{id}", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return publicity::edit_draft(c, req.who(), req.id(), body); }));
  });
  r.add("POST", "/api/v1/disclosures/{id}/review", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return publicity::review(c, req.who(), req.id(), body); }));
  });
  r.add("POST", "/api/v1/disclosures/{id}/publish", Access::login, [&app](Request& req) {
    return Response::json(with_tx(app, [&](db::Connection& c) { return publicity::publish(c, req.who(), req.id()); }));
  });
  r.add("POST", "/api/v1/disclosures/{id}/corrections", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return publicity::correct(c, req.who(), req.id(), body); }), 201);
  });
  r.add("POST", "/api/v1/disclosures/{id}/withhold", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return publicity::withhold(c, req.who(), req.id(), body); }));
  });
  r.add("POST", "/api/v1/disclosures/{id}/revocation", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return publicity::record_revocation(c, req.who(), req.id(), body); }));
  });
  r.add("POST", "/api/v1/disclosures/{id}/takedown", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return publicity::take_down(c, req.who(), req.id(), body); }));
  });
  // The portal (no login).
  r.add("GET", "/api/v1/portal/disclosures", Access::public_, [&app](Request& req) {
    publicity::PortalFilter f;
    f.bureau_id = req.q_int("bureau_id");
    f.division = req.q("division");
    if (auto y = req.q_int("year")) f.year = static_cast<int>(*y);
    f.kind = req.q("kind");
    f.q = req.q("q");
    f.page = req.q_int("page").value_or(1);
    f.page_size = req.q_int("page_size").value_or(20);
    return Response::json(with_conn(app, [&](db::Connection& c) { return publicity::portal_list(c, f); }));
  });
  r.add("GET", "/api/v1/portal/disclosures/{id}", Access::public_, [&app](Request& req) {
    return Response::json(with_conn(app, [&](db::Connection& c) { return publicity::portal_get(c, req.id()); }));
  });
}

}  // namespace zhifa::http
