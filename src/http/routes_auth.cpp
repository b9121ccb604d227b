#include "http/routes_util.h"
#include "org/auth.h"

namespace zhifa::http {
namespace {

std::string session_cookie(const Request& req, const std::string& value, bool clear) {
  std::string c = "zhifa_session=" + value + "; Path=/; HttpOnly; SameSite=Strict";
  if (req.header("x-forwarded-proto") == "https") c += "; Secure";
  if (clear) c += "; Max-Age=0";
  return c;
}

}  // namespace

void register_auth_routes(App& app) {
  auto& r = app.router;
  r.add("POST", "/api/v1/auth/login", Access::public_, [&app](Request& req) {
    auto res = org::login(*app.db, req.json(), req.remote_ip, req.header("user-agent"));
    auto user = with_conn(app, [&](db::Connection& c) { return org::user_json(c, res.principal); });
    Response out = Response::json({{"token", res.token}, {"csrf_token", res.principal.csrf_token}, {"user", user}});
    out.headers.push_back({"Set-Cookie", session_cookie(req, res.token, false)});
    return out;
  });
  r.add("GET", "/api/v1/auth/me", Access::password_change, [&app](Request& req) {
    auto user = with_conn(app, [&](db::Connection& c) { return org::user_json(c, req.who()); });
    return Response::json({{"user", user}, {"csrf_token", req.who().csrf_token}});
  });
  r.add("POST", "/api/v1/auth/logout", Access::password_change, [&app](Request& req) {
    with_tx(app, [&](db::Connection& c) { org::logout(c, req.who()); });
    Response out = Response::no_content();
    out.headers.push_back({"Set-Cookie", session_cookie(req, "", true)});
    return out;
  });
  r.add("POST", "/api/v1/auth/password", Access::password_change, [&app](Request& req) {
    auto body = req.json();
    auto user = with_tx(app, [&](db::Connection& c) {
      org::change_password(c, req.who(), body);
      return org::user_json(c, req.who());
    });
    return Response::json({{"user", user}});
  });
}

}  // namespace zhifa::http
