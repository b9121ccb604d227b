#include <utility>

#include "support/test_server.h"

#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <filesystem>
#include <stdexcept>

#include "base/crypto.h"

#include "demo/demo.h"
#include "http/server.h"

namespace zhifa::test {

namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = boost::asio::ip::tcp;

std::string HttpResult::code() const {
  try {
    auto j = json();
    if (j.is_object() && j.contains("error")) return j["error"]["code"].get<std::string>();
  } catch (...) {
  }
  return "";
}

struct TestServer::Impl {
  http::App app;
  std::unique_ptr<http::Server> server;
  std::filesystem::path data_dir;
};

TestServer::TestServer(std::shared_ptr<db::Database> db) : impl_(std::make_unique<Impl>()), db_(db) {
  impl_->app.db = db;
  impl_->app.web_dir = "/nonexistent";
  // Evidence files of this server go to a directory of its own, removed with it.
  impl_->data_dir = std::filesystem::temp_directory_path() / ("zhifa-test-data-" + crypto::hex(crypto::random_bytes(6)));
  std::filesystem::create_directories(impl_->data_dir);
  {
    auto lease = db->acquire();
    impl_->app.blobs = std::make_shared<ledger::BlobStore>(impl_->data_dir, ledger::store_hash(*lease));
  }
  http::register_routes(impl_->app);
  http::ServerOptions o;
  o.port = 0;
  o.threads = 2;
  o.handle_signals = false;
  o.access_log = false;
  o.body_limit = 1024 * 1024;
  impl_->server = std::make_unique<http::Server>(impl_->app, o);
  port_ = impl_->server->port();
  thread_ = std::thread([this] { impl_->server->run(); });
}

TestServer::~TestServer() {
  impl_->server->stop();
  thread_.join();
  std::error_code ec;
  std::filesystem::remove_all(impl_->data_dir, ec);
}

std::string TestServer::data_dir() const { return impl_->data_dir.string(); }

HttpResult Client::request(const std::string& method, const std::string& target, const std::string& body,
                           std::map<std::string, std::string> headers) {
  boost::asio::io_context ioc;
  tcp::resolver resolver(ioc);
  beast::tcp_stream stream(ioc);
  stream.connect(resolver.resolve("127.0.0.1", std::to_string(port_)));
  bhttp::request<bhttp::string_body> req(bhttp::string_to_verb(method), target, 11);
  req.set(bhttp::field::host, "127.0.0.1");
  if (!bearer.empty()) {
    req.set(bhttp::field::authorization, "Bearer " + bearer);
  } else if (!cookie.empty()) {
    req.set(bhttp::field::cookie, "zhifa_session=" + cookie);
  }
  if (!csrf.empty() && bearer.empty()) req.set("X-CSRF-Token", csrf);
  if (!body.empty()) req.set(bhttp::field::content_type, "application/json");
  for (auto& [k, v] : headers) req.set(k, v);
  req.body() = body;
  req.prepare_payload();
  bhttp::write(stream, req);
  beast::flat_buffer buf;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  bhttp::read(stream, buf, parser);
  auto res = parser.release();
  HttpResult out;
  out.status = res.result_int();
  out.body = res.body();
  for (const auto& f : res) {
    std::string name(f.name_string());
    for (auto& ch : name) ch = char(std::tolower(static_cast<unsigned char>(ch)));
    out.headers[name] = std::string(f.value());
  }
  auto sc = out.headers.find("set-cookie");
  if (sc != out.headers.end() && sc->second.rfind("zhifa_session=", 0) == 0) {
    std::string v = sc->second.substr(14);
    cookie = v.substr(0, v.find(';'));
  }
  beast::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  return out;
}

HttpResult Client::raw(const std::string& bytes) {
  boost::asio::io_context ioc;
  tcp::resolver resolver(ioc);
  beast::tcp_stream stream(ioc);
  stream.connect(resolver.resolve("127.0.0.1", std::to_string(port_)));
  boost::asio::write(stream.socket(), boost::asio::buffer(bytes));
  beast::flat_buffer buf;
  bhttp::response_parser<bhttp::string_body> parser;
  bhttp::read(stream, buf, parser);
  auto res = parser.release();
  HttpResult out;
  out.status = res.result_int();
  out.body = res.body();
  return out;
}

HttpResult Client::login(const std::string& username, const std::string& password) {
  auto r = post("/api/v1/auth/login", {{"username", username}, {"password", password}});
  if (r.status == 200) csrf = r.json()["csrf_token"];
  return r;
}

void Client::login_ready(const std::string& username, const std::string& new_password) {
  auto r = login(username, demo::demo_password());
  if (r.status != 200) throw std::runtime_error("login " + username + ": " + r.body);
  auto c = post("/api/v1/auth/password", {{"old_password", demo::demo_password()}, {"new_password", new_password}});
  if (c.status != 200) throw std::runtime_error("password change " + username + ": " + c.body);
}

}  // namespace zhifa::test
