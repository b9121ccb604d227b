#include "cases/access.h"
#include "cases/leads.h"
#include "http/routes_util.h"

namespace zhifa::http {

namespace {

std::optional<bool> bool_param(const Request& req, const char* name) {
  std::string v = req.q(name);
  if (v.empty()) return std::nullopt;
  if (v == "true" || v == "1") return true;
  if (v == "false" || v == "0") return false;
  throw Error::invalid(name, std::string(name) + " 只能是 true 或 false");
}

}  // namespace

// The leads log (REC-5) and a party's access to case records with the read log (REC-20, REC-22).
// Literal paths come before /{id}: the router takes the first match.
void register_leads_routes(App& app) {
  cases::leads::register_lead_kinds();
  auto& r = app.router;
  r.add("GET", "/api/v1/leads/dictionaries", Access::login, [](Request&) { return Response::json(cases::leads::dictionaries()); });
  r.add("GET", "/api/v1/leads", Access::login, [&app](Request& req) {
    cases::leads::LeadFilter f;
    f.bureau_id = req.q_int("bureau_id");
    f.source = req.q("source");
    f.state = req.q("state");
    f.from = req.q("from");
    f.to = req.q("to");
    f.reply_missing = bool_param(req, "reply_missing");
    f.q = req.q("q");
    f.page = req.q_int("page").value_or(1);
    f.page_size = req.q_int("page_size").value_or(20);
    return Response::json(with_conn(app, [&](db::Connection& c) { return cases::leads::list_leads(c, req.who(), f); }));
  });
  r.add("POST", "/api/v1/leads", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return cases::leads::create_lead(c, req.who(), body); }), 201);
  });
  r.add("GET", "/api/v1/leads/{id}", Access::login, [&app](Request& req) {
    return Response::json(with_conn(app, [&](db::Connection& c) { return cases::leads::get_lead(c, req.who(), req.id()); }));
  });
  using Step = nlohmann::json (*)(db::Connection&, const org::Principal&, int64_t, const nlohmann::json&);
  const std::pair<const char*, Step> steps[] = {{"instruct", cases::leads::instruct_lead},
                                                {"assign", cases::leads::assign_lead},
                                                {"decide", cases::leads::decide_lead},
                                                {"reply", cases::leads::reply_lead}};
  for (const auto& [name, fn] : steps) {
    r.add("POST", std::string("/api/v1/leads/{id}/") + name, Access::login, [&app, fn = fn](Request& req) {
      auto body = req.json();
      return Response::json(with_tx(app, [&](db::Connection& c) { return fn(c, req.who(), req.id(), body); }));
    });
  }
  r.add("POST", "/api/v1/leads/{id}/close", Access::login, [&app](Request& req) {
    return Response::json(with_tx(app, [&](db::Connection& c) { return cases::leads::close_lead(c, req.who(), req.id()); }));
  });

  r.add("GET", "/api/v1/access/reads", Access::login, [&app](Request& req) {
    cases::access::ReadFilter f;
    f.case_id = req.q_int("case_id");
    f.user_id = req.q_int("user_id");
    f.from = req.q("from");
    f.to = req.q("to");
    f.page = req.q_int("page").value_or(1);
    f.page_size = req.q_int("page_size").value_or(50);
    return Response::json(with_conn(app, [&](db::Connection& c) { return cases::access::list_reads(c, req.who(), f); }));
  });
  r.add("GET", "/api/v1/access/marks", Access::login, [&app](Request& req) {
    auto case_id = req.q_int("case_id");
    if (!case_id) throw Error::required("case_id", "案件");
    return Response::json(with_conn(app, [&](db::Connection& c) { return cases::access::list_marks(c, req.who(), *case_id); }));
  });
  r.add("POST", "/api/v1/access/marks", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return cases::access::mark_confidential(c, req.who(), body); }), 201);
  });
  r.add("GET", "/api/v1/access/requests", Access::login, [&app](Request& req) {
    cases::access::RequestFilter f;
    f.case_id = req.q_int("case_id");
    f.state = req.q("state");
    f.page = req.q_int("page").value_or(1);
    f.page_size = req.q_int("page_size").value_or(20);
    return Response::json(with_conn(app, [&](db::Connection& c) { return cases::access::list_requests(c, req.who(), f); }));
  });
  r.add("POST", "/api/v1/access/requests", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return cases::access::create_request(c, req.who(), body); }), 201);
  });
  r.add("GET", "/api/v1/access/requests/{id}", Access::login, [&app](Request& req) {
    return Response::json(with_conn(app, [&](db::Connection& c) { return cases::access::get_request(c, req.who(), req.id()); }));
  });
  r.add("POST", "/api/v1/access/requests/{id}/decision", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return cases::access::decide_request(c, req.who(), req.id(), body); }));
  });
}

}  // namespace zhifa::http
