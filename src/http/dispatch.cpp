// The path of a request (docs/architecture.md): API routes get authentication, the CSRF check,
// the forced-password-change gate and error mapping here; everything else is a web asset.
#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/crypto.h"
#include "base/error.h"
#include "http/router.h"
#include "org/auth.h"

namespace zhifa::http {
namespace {

std::string cookie_value(const std::string& cookies, const std::string& name) {
  size_t i = 0;
  while (i < cookies.size()) {
    size_t semi = cookies.find(';', i);
    if (semi == std::string::npos) semi = cookies.size();
    std::string part = cookies.substr(i, semi - i);
    size_t b = part.find_first_not_of(' ');
    if (b != std::string::npos) {
      part = part.substr(b);
      if (part.rfind(name + "=", 0) == 0) return part.substr(name.size() + 1);
    }
    i = semi + 1;
  }
  return "";
}

bool unsafe(const std::string& m) { return m != "GET" && m != "HEAD" && m != "OPTIONS"; }

void authenticate(App& app, Request& req, Access access) {
  std::string token;
  std::string auth = req.header("authorization");
  if (auth.rfind("Bearer ", 0) == 0) {
    token = auth.substr(7);
  } else {
    token = cookie_value(req.header("cookie"), "zhifa_session");
    req.via_cookie = !token.empty();
  }
  if (token.empty()) {
    if (access == Access::public_) return;
    throw Error::unauthorized();
  }
  try {
    req.principal = org::authenticate(*app.db, token);
  } catch (const Error&) {
    if (access == Access::public_) return;
    throw;
  }
  if (access == Access::public_) return;
  // A cookie is sent by the browser on its own; only a page of ours can read the CSRF token.
  if (req.via_cookie && unsafe(req.method) && !crypto::equal(req.header("x-csrf-token"), req.principal->csrf_token)) {
    throw Error(403, "auth.csrf", "请求缺少有效的 CSRF 令牌，请刷新页面后重试");
  }
  if (access == Access::login && req.principal->must_change_password) {
    throw Error(403, "auth.password_change_required", "首次登录或密码被重置后，须先修改密码");
  }
}

std::string mime(const std::string& ext) {
  static const std::map<std::string, std::string> m = {
      {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},         {".svg", "image/svg+xml"},                 {".png", "image/png"},
      {".jpg", "image/jpeg"},                {".ico", "image/x-icon"},                  {".woff2", "font/woff2"},
      {".woff", "font/woff"},                {".ttf", "font/ttf"},                      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"},          {".webmanifest", "application/manifest+json"}};
  auto it = m.find(ext);
  return it == m.end() ? "application/octet-stream" : it->second;
}

std::optional<std::string> read_file(const std::filesystem::path& p) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(p, ec)) return std::nullopt;
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Response serve_web(App& app, const Request& req) {
  if (req.method != "GET" && req.method != "HEAD") return Response::json(Error(405, "route.method_not_allowed", "不支持的请求方法").to_json(), 405);
  if (req.path.find("..") != std::string::npos || req.path.find('\0') != std::string::npos)
    return Response::json(Error::not_found("route.not_found", "页面不存在").to_json(), 404);
  std::filesystem::path root(app.web_dir);
  std::string rel = req.path.substr(1);
  if (!rel.empty() && rel.back() != '/') {
    if (auto body = read_file(root / rel)) {
      Response r = Response::text(std::move(*body), mime(std::filesystem::path(rel).extension().string()));
      // Vite puts a content hash in every asset name: those never change.
      if (rel.rfind("assets/", 0) == 0) r.headers.push_back({"Cache-Control", "public, max-age=31536000, immutable"});
      return r;
    }
  }
  // Single-page apps: each of the three owns its prefix.
  std::string index = "index.html";
  if (req.path == "/console" || req.path.rfind("/console/", 0) == 0) index = "console/index.html";
  else if (req.path == "/m" || req.path.rfind("/m/", 0) == 0) index = "m/index.html";
  if (std::filesystem::path(rel).has_extension() && rel.rfind("assets/", 0) == 0)
    return Response::json(Error::not_found("route.not_found", "文件不存在").to_json(), 404);
  if (auto body = read_file(root / index)) {
    Response r = Response::text(std::move(*body), "text/html; charset=utf-8");
    r.headers.push_back({"Cache-Control", "no-cache"});
    return r;
  }
  return Response::text("zhifa: 网页资源尚未构建（web/dist 不存在），请运行 scripts/run。\n", "text/plain; charset=utf-8", 404);
}

}  // namespace

namespace {

// Runs fn, mapping any error to its JSON answer; every answer carries the request id.
template <class F>
Response guarded(Request& req, F&& fn) {
  Response res;
  try {
    res = fn();
  } catch (const Error& e) {
    if (e.status() >= 500) spdlog::error("{} {} {}: {} {}", req.request_id, req.method, req.path, e.code(), e.details().dump());
    nlohmann::json body = e.to_json();
    if (e.status() >= 500) body["error"]["details"] = nlohmann::json::object();  // driver text stays in the log
    res = Response::json(body, e.status());
  } catch (const std::exception& e) {
    spdlog::error("{} {} {}: unexpected {}", req.request_id, req.method, req.path, e.what());
    res = Response::json(Error::internal("服务器内部错误，请联系系统管理员（请求编号 " + req.request_id + "）").to_json(), 500);
  }
  res.headers.push_back({"X-Request-Id", req.request_id});
  return res;
}

}  // namespace

Response dispatch(App& app, Request& req) {
  return guarded(req, [&] {
    if (req.path.rfind("/api/", 0) != 0) return serve_web(app, req);
    auto m = app.router.match(req.method, req.path, req.params);
    if (!m.route) {
      if (m.path_known) throw Error(405, "route.method_not_allowed", "该接口不支持 " + req.method + " 方法");
      throw Error::not_found("route.not_found", "接口不存在：" + req.path);
    }
    if (m.route->upload_limit > 0) throw Error::internal("upload route reached without its body");
    authenticate(app, req, m.route->access);
    return m.route->handler(req);
  });
}

const Route* upload_route(App& app, Request& req) {
  if (req.path.rfind("/api/", 0) != 0) return nullptr;
  std::map<std::string, std::string> params;
  auto m = app.router.match(req.method, req.path, params);
  if (!m.route || m.route->upload_limit == 0) return nullptr;
  req.params = std::move(params);
  return m.route;
}

bool long_running(App& app, const Request& req) {
  if (req.path.rfind("/api/", 0) != 0) return false;
  std::map<std::string, std::string> params;
  auto m = app.router.match(req.method, req.path, params);
  return m.route && m.route->long_running;
}

std::optional<Response> admit(App& app, Request& req, const Route& route) {
  bool refused = false;
  Response res = guarded(req, [&] {
    refused = true;
    authenticate(app, req, route.access);
    if (!app.blobs) throw Error::internal("no blob store configured");
    refused = false;
    return Response::no_content();
  });
  if (!refused) return std::nullopt;
  return res;
}

Response run_admitted(App&, Request& req, const Route& route) {
  return guarded(req, [&] { return route.handler(req); });
}

}  // namespace zhifa::http
