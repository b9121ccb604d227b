#include <utility>  // Boost 1.74's asio/awaitable.hpp needs std::exchange before Asio.

#include "http/server.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <chrono>
#include <thread>

#include "base/crypto.h"
#include "base/error.h"

namespace zhifa::http {

namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string url_decode(std::string_view s, bool plus_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
      out += char(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
      i += 2;
    } else if (plus_space && s[i] == '+') {
      out += ' ';
    } else {
      out += s[i];
    }
  }
  return out;
}

void parse_target(std::string_view target, Request& req) {
  size_t q = target.find('?');
  req.path = url_decode(target.substr(0, q), false);
  if (q == std::string_view::npos) return;
  std::string_view qs = target.substr(q + 1);
  while (!qs.empty()) {
    size_t amp = qs.find('&');
    std::string_view kv = qs.substr(0, amp);
    size_t eq = kv.find('=');
    std::string k = url_decode(kv.substr(0, eq), true);
    if (!k.empty()) req.query[k] = eq == std::string_view::npos ? "" : url_decode(kv.substr(eq + 1), true);
    if (amp == std::string_view::npos) break;
    qs = qs.substr(amp + 1);
  }
}

}  // namespace

struct Server::Impl {
  App& app;
  ServerOptions opts;
  asio::io_context ioc;
  tcp::acceptor acceptor;
  asio::signal_set signals;
  std::atomic<int> in_flight{0};
  std::atomic<bool> stopping{false};
  std::vector<std::thread> threads;

  Impl(App& a, ServerOptions o) : app(a), opts(std::move(o)), ioc(opts.threads), acceptor(ioc), signals(ioc) {
    beast::error_code ec;
    auto addr = asio::ip::make_address(opts.host, ec);
    if (ec) throw Error::bad_request("server.listen_invalid", "监听地址无效：" + opts.host);
    tcp::endpoint ep(addr, opts.port);
    acceptor.open(ep.protocol(), ec);
    if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor.bind(ep, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) throw Error(500, "server.listen_failed", "无法在 " + opts.host + ":" + std::to_string(opts.port) + " 监听：" + ec.message());
  }

  void accept() {
    acceptor.async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket s) {
      if (ec) {
        if (!acceptor.is_open()) return;
      } else {
        std::make_shared<Session>(*this, std::move(s))->start();
      }
      accept();
    });
  }

  void begin_shutdown() {
    if (stopping.exchange(true)) return;
    asio::post(ioc, [this] {
      beast::error_code ec;
      acceptor.close(ec);
      signals.cancel(ec);
      drain();
    });
  }

  void drain() {
    auto t = std::make_shared<asio::steady_timer>(ioc, std::chrono::milliseconds(20));
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    auto step = std::make_shared<std::function<void()>>();
    *step = [this, t, deadline, step] {
      if (in_flight.load() == 0 || std::chrono::steady_clock::now() > deadline) {
        ioc.stop();
        return;
      }
      t->expires_after(std::chrono::milliseconds(20));
      t->async_wait([step](beast::error_code) { (*step)(); });
    };
    (*step)();
  }

  struct Session : std::enable_shared_from_this<Session> {
    Impl& srv;
    beast::tcp_stream stream;
    beast::flat_buffer buffer;
    std::optional<bhttp::request_parser<bhttp::string_body>> parser;
    std::string remote;
    std::shared_ptr<bhttp::response<bhttp::string_body>> res;

    Session(Impl& s, tcp::socket sock) : srv(s), stream(std::move(sock)) {
      beast::error_code ec;
      auto ep = stream.socket().remote_endpoint(ec);
      remote = ec ? "" : ep.address().to_string();
    }
    void start() {
      asio::dispatch(stream.get_executor(), [self = shared_from_this()] { self->read(); });
    }
    void read() {
      parser.emplace();
      parser->body_limit(srv.opts.body_limit);
      parser->header_limit(32 * 1024);
      stream.expires_after(std::chrono::seconds(60));
      bhttp::async_read(stream, buffer, *parser, [self = shared_from_this()](beast::error_code ec, size_t) { self->on_read(ec); });
    }
    void on_read(beast::error_code ec) {
      if (ec == bhttp::error::body_limit) {
        Response r = Response::json(Error(413, "request.too_large", "请求体过大，超过 " +
                                                                     std::to_string(srv.opts.body_limit / (1024 * 1024)) + " MB 的上限")
                                        .to_json(),
                                    413);
        send(r, 11, false, "-", "-", std::chrono::steady_clock::now(), "");
        return;
      }
      if (ec) {
        beast::error_code ignored;
        stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
        return;
      }
      auto started = std::chrono::steady_clock::now();
      ++srv.in_flight;
      auto msg = parser->release();
      Request req;
      req.method = std::string(msg.method_string());
      parse_target(msg.target(), req);
      for (const auto& f : msg) {
        std::string name(f.name_string());
        for (auto& ch : name) ch = char(std::tolower(static_cast<unsigned char>(ch)));
        req.headers[name] = std::string(f.value());
      }
      req.body = std::move(msg.body());
      req.remote_ip = remote;
      std::string rid = req.header("x-request-id");
      req.request_id = (!rid.empty() && rid.size() <= 64) ? rid : crypto::hex(crypto::random_bytes(8));
      Response r = dispatch(srv.app, req);
      bool keep = msg.keep_alive() && !srv.stopping.load();
      std::string user = req.principal ? req.principal->username : "-";
      send(r, msg.version(), keep, req.method, std::string(msg.target()), started, user, req.request_id);
    }
    void send(Response& r, unsigned version, bool keep, const std::string& method, const std::string& target,
              std::chrono::steady_clock::time_point started, const std::string& user, const std::string& rid = "") {
      res = std::make_shared<bhttp::response<bhttp::string_body>>(bhttp::status(r.status), version);
      res->set(bhttp::field::server, "zhifa");
      if (!r.content_type.empty()) res->set(bhttp::field::content_type, r.content_type);
      res->set("X-Content-Type-Options", "nosniff");
      res->set("X-Frame-Options", "DENY");
      res->set("Referrer-Policy", "same-origin");
      for (auto& [k, v] : r.headers) res->insert(k, v);
      res->keep_alive(keep);
      if (method == "HEAD") {
        res->content_length(r.body.size());
      } else {
        res->body() = std::move(r.body);
        res->prepare_payload();
      }
      if (srv.opts.access_log) {
        auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
        spdlog::info("{} {} {} {} {} {}B {:.1f}ms {}", rid.empty() ? "-" : rid, remote, method, target, r.status,
                     res->body().size(), ms, user);
      }
      bool counted = method != "-";
      bhttp::async_write(stream, *res, [self = shared_from_this(), keep, counted](beast::error_code ec, size_t) {
        if (counted) --self->srv.in_flight;
        if (ec || !keep) {
          beast::error_code ignored;
          self->stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
          return;
        }
        self->read();
      });
    }
  };
};

Server::Server(App& app, ServerOptions opts) : impl_(std::make_unique<Impl>(app, std::move(opts))) {}
Server::~Server() = default;

unsigned short Server::port() const { return impl_->acceptor.local_endpoint().port(); }

void Server::run() {
  auto& im = *impl_;
  if (im.opts.handle_signals) {
    im.signals.add(SIGINT);
    im.signals.add(SIGTERM);
    im.signals.async_wait([&im](beast::error_code ec, int sig) {
      if (ec) return;
      spdlog::info("signal {}: finishing requests in flight, then stopping", sig);
      im.begin_shutdown();
    });
  }
  im.accept();
  for (int i = 1; i < im.opts.threads; ++i) im.threads.emplace_back([&im] { im.ioc.run(); });
  im.ioc.run();
  for (auto& t : im.threads) t.join();
  im.threads.clear();
}

void Server::stop() { impl_->begin_shutdown(); }

}  // namespace zhifa::http
