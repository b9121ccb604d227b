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
#include "http/progress.h"
#include "ledger/blobs.h"
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
  // Upload routes: the body, already stored and hashed while it arrived (never in `body`).
  std::unique_ptr<ledger::BlobWriter> upload;

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
  std::string file_path;  // when set, the body is this file, streamed from disk

  static Response json(const nlohmann::json& j, int status = 200);
  static Response text(std::string body, std::string content_type = "text/plain; charset=utf-8", int status = 200);
  static Response no_content();
  // A file sent as an attachment named `filename` (RFC 6266, UTF-8), streamed, never loaded.
  static Response file(std::string path, std::string content_type, const std::string& filename);
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
  uint64_t upload_limit = 0;  // > 0: an upload route, the body streamed into Request::upload
  bool long_running = false;  // runs off the connection's worker thread (Router::add_long)
};

class Router {
public:
  void add(const std::string& method, const std::string& pattern, Access access, Handler h);
  // A route whose body (up to `limit` bytes) is streamed to the blob store, hashed on the way,
  // after the request has been authenticated from its header alone.
  void add_upload(const std::string& method, const std::string& pattern, Access access, uint64_t limit, Handler h);
  // A route whose handler may take many seconds (an import of a large file): the server runs it
  // on a separate pool, so that the other connections of its worker thread — the same browser
  // asking how far the import has got — are answered meanwhile.
  void add_long(const std::string& method, const std::string& pattern, Access access, Handler h);
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
  std::shared_ptr<ledger::BlobStore> blobs;  // evidence files under the data directory
  std::shared_ptr<ProgressBoard> progress = std::make_shared<ProgressBoard>();  // of running imports
};

// Every route of every module.
void register_routes(App& app);

// Runs one request through authentication, CSRF, the handler and error mapping. Never throws.
Response dispatch(App& app, Request& req);

// Uploads, in three steps so that nothing is read from an unauthenticated client: the server
// asks for the upload route of a request whose header has arrived (sets req.params), admits it
// (an error response to send instead, or nullopt), streams the body into req.upload, then runs
// it. None throws.
const Route* upload_route(App& app, Request& req);
std::optional<Response> admit(App& app, Request& req, const Route& route);
Response run_admitted(App& app, Request& req, const Route& route);

// Whether the request goes to a route added with Router::add_long.
bool long_running(App& app, const Request& req);

}  // namespace zhifa::http
