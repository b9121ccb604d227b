// The HTTP layer's own types, free of Boost.Beast so that route files compile fast: a decoded
// Request, a Response, and the Router that maps "METHOD /api/v1/path/{param}" to a handler.
// Handlers parse, pass the principal to a service and shape the answer; they hold no rules.
// Thread-safety: routes are added before the server starts; matching is then read-only.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "db/db.h"
#include "org/principal.h"

namespace zhifa::http {

struct Request {
  std::string method;
  std::string path;  // decoded, without the query
  std::map<std::string, std::string> query;
  std::map<std::string, std::string> headers;  // lower-case names
  std::map<std::string, std::string> params;   // from {name} segments
  std::string body;
  std::string remote_ip;
  std::string request_id;
  std::shared_ptr<const org::Principal> principal;  // shared with the session cache
  bool via_cookie = false;

  std::string header(const std::string& lower_name) const;
  std::string q(const std::string& name) const;
  // 400 request.malformed_json with details.position (byte offset) when the body is not JSON.
  nlohmann::json json() const;
  // A path parameter as an id; 404 when it is not a positive integer.
  int64_t id(const std::string& name = "id") const;
  // An integer query parameter; 422 naming it when malformed.
  std::optional<int64_t> q_int(const std::string& name) const;
  const org::Principal& who() const { return *principal; }
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  static Response json(const nlohmann::json& j, int status = 200);
  static Response text(std::string body, std::string content_type = "text/plain; charset=utf-8", int status = 200);
  static Response no_content();
};

enum class Access {
  public_,         // no login
  login,           // a session whose password need not be changed
  password_change  // a session, even one that must change its password first
};

using Handler = std::function<Response(Request&)>;

struct Route {
  std::string method;
  std::string pattern;  // "/api/v1/users/{id}"
  Access access;
  Handler handler;
  std::vector<std::string> segments;
};

class Router {
public:
  void add(const std::string& method, const std::string& pattern, Access access, Handler h);
  struct Match {
    const Route* route = nullptr;
    bool path_known = false;  // some route has this path with another method (405)
  };
  Match match(const std::string& method, const std::string& path, std::map<std::string, std::string>& params) const;
  const std::vector<Route>& routes() const { return routes_; }

private:
  std::vector<Route> routes_;
};

// Everything a handler may reach.
struct App {
  std::shared_ptr<db::Database> db;
  Router router;
  std::string web_dir;  // the built web app (web/dist)
  std::string version = "0.1.0";
};

// Every route of every module.
void register_routes(App& app);

// Runs one request through authentication, CSRF, the handler and error mapping. Never throws.
Response dispatch(App& app, Request& req);

}  // namespace zhifa::http
