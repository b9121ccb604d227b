#include "http/routes_util.h"
#include "org/audit.h"
#include "org/bureaus.h"
#include "org/policy.h"
#include "org/roles.h"
#include "org/users.h"

namespace zhifa::http {

void register_org_routes(App& app) {
  auto& r = app.router;
  r.add("GET", "/api/v1/roles", Access::login, [](Request&) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& role : org::all_roles())
      arr.push_back({{"code", role.code}, {"name", role.name}, {"description", role.description}, {"admin", role.admin}, {"permissions", role.permissions}});
    return Response::json(items(arr));
  });

  r.add("GET", "/api/v1/bureaus", Access::login, [&app](Request& req) {
    return Response::json(to_items(with_conn(app, [&](db::Connection& c) { return org::list_bureaus(c, req.who()); })));
  });
  r.add("POST", "/api/v1/bureaus", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return org::create_bureau(c, req.who(), body); }).to_json(), 201);
  });
  r.add("GET", "/api/v1/bureaus/{id}", Access::login, [&app](Request& req) {
    return Response::json(with_conn(app, [&](db::Connection& c) { return org::get_bureau(c, req.who(), req.id()); }).to_json());
  });
  r.add("PATCH", "/api/v1/bureaus/{id}", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return org::update_bureau(c, req.who(), req.id(), body); }).to_json());
  });
  r.add("GET", "/api/v1/bureaus/{id}/departments", Access::login, [&app](Request& req) {
    return Response::json(to_items(with_conn(app, [&](db::Connection& c) { return org::list_departments(c, req.who(), req.id()); })));
  });
  r.add("POST", "/api/v1/bureaus/{id}/departments", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return org::create_department(c, req.who(), req.id(), body); }).to_json(), 201);
  });

  r.add("GET", "/api/v1/users", Access::login, [&app](Request& req) {
    org::UserFilter f;
    f.bureau_id = req.q_int("bureau_id");
    f.q = req.q("q");
    f.role = req.q("role");
    f.page = req.q_int("page").value_or(1);
    f.page_size = req.q_int("page_size").value_or(20);
    return Response::json(with_conn(app, [&](db::Connection& c) { return org::list_users(c, req.who(), f); }));
  });
  r.add("POST", "/api/v1/users", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return org::create_user(c, req.who(), body); }), 201);
  });
  r.add("GET", "/api/v1/users/{id}", Access::login, [&app](Request& req) {
    return Response::json(with_conn(app, [&](db::Connection& c) { return org::get_user(c, req.who(), req.id()); }));
  });
  r.add("PATCH", "/api/v1/users/{id}", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return org::update_user(c, req.who(), req.id(), body); }));
  });
  r.add("POST", "/api/v1/users/{id}/password", Access::login, [&app](Request& req) {
    auto body = req.json();
    with_tx(app, [&](db::Connection& c) { org::reset_password(c, req.who(), req.id(), body); });
    return Response::json({{"ok", true}});
  });
  r.add("POST", "/api/v1/users/{id}/unlock", Access::login, [&app](Request& req) {
    with_tx(app, [&](db::Connection& c) { org::unlock_user(c, req.who(), req.id()); });
    return Response::json({{"ok", true}});
  });

  r.add("GET", "/api/v1/security-policy", Access::login, [&app](Request& req) {
    return Response::json(with_conn(app, [&](db::Connection& c) { return org::read_policy(c, req.who()); }).to_json());
  });
  r.add("PUT", "/api/v1/security-policy", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return org::update_policy(c, req.who(), body); }).to_json());
  });

  r.add("GET", "/api/v1/audit-log", Access::login, [&app](Request& req) {
    org::AuditFilter f;
    f.from = req.q("from");
    f.to = req.q("to");
    f.actor = req.q("actor");
    f.action = req.q("action");
    f.subject = req.q("subject");
    f.page = req.q_int("page").value_or(1);
    f.page_size = req.q_int("page_size").value_or(50);
    return Response::json(with_tx(app, [&](db::Connection& c) { return org::audit_log(c, req.who(), f); }));
  });
}

}  // namespace zhifa::http
