#include "cases/archive.h"
#include "cases/cases.h"
#include "cases/deadlines.h"
#include "cases/flow.h"
#include "cases/steps.h"
#include "calendar/calendar_service.h"
#include "http/routes_util.h"

namespace zhifa::http {

// Cases from opening to archive (REC-1..REC-17, REC-22). Literal paths before /cases/{id}.
void register_cases_routes(App& app) {
  cases::register_case_kinds();
  auto& r = app.router;
  r.add("GET", "/api/v1/cases/flow", Access::login, [](Request&) { return Response::json(cases::flow_json()); });
  r.add("GET", "/api/v1/cases/deadlines", Access::login, [&app](Request& req) {
    auto bureau = req.q_int("bureau_id");
    if (!bureau) bureau = req.q_int("bureau");
    return Response::json(with_conn(app, [&](db::Connection& c) { return cases::deadline_list(c, req.who(), bureau, req.q("status")); }));
  });
  r.add("GET", "/api/v1/cases", Access::login, [&app](Request& req) {
    cases::CaseFilter f;
    f.bureau_id = req.q_int("bureau_id");
    f.state = req.q("state");
    f.procedure = req.q("procedure");
    f.q = req.q("q");
    f.page = req.q_int("page").value_or(1);
    f.page_size = req.q_int("page_size").value_or(20);
    return Response::json(with_conn(app, [&](db::Connection& c) { return cases::list_cases(c, req.who(), f); }));
  });
  r.add("POST", "/api/v1/cases", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return cases::create_case(c, req.who(), body); }), 201);
  });
  r.add("GET", "/api/v1/cases/{id}", Access::login, [&app](Request& req) {
    return Response::json(with_conn(app, [&](db::Connection& c) { return cases::get_case(c, req.who(), req.id()); }));
  });
  r.add("POST", "/api/v1/cases/{id}/handlers", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return cases::assign_handlers(c, req.who(), req.id(), body); }));
  });
  r.add("POST", "/api/v1/cases/{id}/steps", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return cases::record_step(c, req.who(), req.id(), body); }), 201);
  });
  r.add("POST", "/api/v1/cases/{id}/decision", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return cases::decide(c, req.who(), req.id(), body); }), 201);
  });
  r.add("GET", "/api/v1/cases/{id}/deadlines", Access::login, [&app](Request& req) {
    return Response::json(with_conn(app, [&](db::Connection& c) {
      auto k = cases::load_case(c, req.who(), req.id());
      return items(cases::case_deadlines(k, cases::steps_of(c, k.id), calendar::load(c), time::today_shanghai()));
    }));
  });
  r.add("GET", "/api/v1/cases/{id}/file", Access::login, [&app](Request& req) {
    return Response::json(with_tx(app, [&](db::Connection& c) { return cases::case_file(c, req.who(), req.id()); }));
  });
}

}  // namespace zhifa::http
