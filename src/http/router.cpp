#include "http/router.h"

#include <cctype>
#include <cstring>

#include <charconv>

#include "base/error.h"

namespace zhifa::http {
namespace {
std::vector<std::string> split_path(const std::string& p) {
  std::vector<std::string> out;
  size_t i = 1;
  while (i <= p.size()) {
    size_t j = p.find('/', i);
    if (j == std::string::npos) j = p.size();
    out.push_back(p.substr(i, j - i));
    i = j + 1;
  }
  return out;
}
}  // namespace

std::string Request::header(const std::string& n) const {
  auto it = headers.find(n);
  return it == headers.end() ? std::string() : it->second;
}

std::string Request::q(const std::string& n) const {
  auto it = query.find(n);
  return it == query.end() ? std::string() : it->second;
}

nlohmann::json Request::json() const {
  if (body.empty()) throw Error::bad_request("request.body_required", "请求体不能为空，应为 JSON 对象");
  try {
    return nlohmann::json::parse(body);
  } catch (const nlohmann::json::parse_error& e) {
    throw Error::bad_request("request.malformed_json", "请求体不是有效的 JSON（第 " + std::to_string(e.byte) + " 个字节附近）",
                             {{"position", e.byte}});
  }
}

int64_t Request::id(const std::string& name) const {
  auto it = params.find(name);
  int64_t v = 0;
  if (it == params.end()) throw Error::not_found("route.not_found", "资源不存在");
  auto [p, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), v);
  if (ec != std::errc() || p != it->second.data() + it->second.size() || v <= 0)
    throw Error::not_found("route.not_found", "资源不存在");
  return v;
}

std::optional<int64_t> Request::q_int(const std::string& name) const {
  std::string s = q(name);
  if (s.empty()) return std::nullopt;
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size())
    throw Error(422, "validation.type", "参数 " + name + " 应为整数", {{"field", name}});
  return v;
}

Response Response::json(const nlohmann::json& j, int status) {
  Response r;
  r.status = status;
  r.body = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

Response Response::text(std::string body, std::string ct, int status) {
  Response r;
  r.status = status;
  r.content_type = std::move(ct);
  r.body = std::move(body);
  return r;
}

Response Response::no_content() {
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

Response Response::file(std::string path, std::string ct, const std::string& filename) {
  Response r;
  r.content_type = std::move(ct);
  r.file_path = std::move(path);
  // RFC 6266: an ASCII fallback for old clients, the real (Chinese) name percent-encoded.
  std::string ascii, encoded;
  static const char* hex = "0123456789ABCDEF";
  for (unsigned char ch : filename) {
    ascii += (ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\') ? char(ch) : '_';
    if (std::isalnum(ch) || std::strchr("-._~", ch)) encoded += char(ch);
    else encoded += std::string("%") + hex[ch >> 4] + hex[ch & 15];
  }
  r.headers.push_back({"Content-Disposition", "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded});
  return r;
}

void Router::add(const std::string& method, const std::string& pattern, Access access, Handler h) {
  routes_.push_back({method, pattern, access, std::move(h), split_path(pattern)});
}

void Router::add_upload(const std::string& method, const std::string& pattern, Access access, uint64_t limit, Handler h) {
  routes_.push_back({method, pattern, access, std::move(h), split_path(pattern), limit});
}

void Router::add_long(const std::string& method, const std::string& pattern, Access access, Handler h) {
  routes_.push_back({method, pattern, access, std::move(h), split_path(pattern), 0, true});
}

Router::Match Router::match(const std::string& method, const std::string& path, std::map<std::string, std::string>& params) const {
  Match m;
  auto segs = split_path(path);
  for (const auto& r : routes_) {
    if (r.segments.size() != segs.size()) continue;
    std::map<std::string, std::string> got;
    bool ok = true;
    for (size_t i = 0; i < segs.size() && ok; ++i) {
      const auto& s = r.segments[i];
      if (s.size() > 2 && s.front() == '{' && s.back() == '}') {
        if (segs[i].empty()) ok = false;
        else got[s.substr(1, s.size() - 2)] = segs[i];
      } else if (s != segs[i]) {
        ok = false;
      }
    }
    if (!ok) continue;
    if (r.method == method) {
      params = std::move(got);
      m.route = &r;
      return m;
    }
    m.path_known = true;
  }
  return m;
}

}  // namespace zhifa::http
