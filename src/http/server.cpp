#include <utility>  // Boost 1.74's asio/awaitable.hpp needs std::exchange before Asio.

#include "http/server.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <chrono>
#include <cstdio>
#include <limits>
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
  // One io_context per worker thread, each run by that thread alone: a connection lives on one
  // worker for its life, so its handlers need no strand and wake no other thread. A handler
  // that blocks (a slow query) delays only the connections of its own worker; the default of
  // two workers per core leaves the others serving. `main` runs the acceptor and signals.
  using Worker = asio::io_context;
  using Socket = asio::basic_stream_socket<tcp, Worker::executor_type>;
  using Stream = beast::basic_stream<tcp, Worker::executor_type>;

  App& app;
  ServerOptions opts;
  asio::io_context main;
  std::vector<std::unique_ptr<Worker>> workers;
  std::vector<asio::executor_work_guard<Worker::executor_type>> keep_running;
  size_t next_worker = 0;
  tcp::acceptor acceptor;
  asio::signal_set signals;
  std::atomic<int> in_flight{0};
  std::atomic<bool> stopping{false};
  std::vector<std::thread> threads;
  // Handlers of Router::add_long routes run here, so that a long import does not hold up the
  // other connections of its worker. Declared last: destroyed (joined) before the workers.
  asio::thread_pool long_pool{2};

  Impl(App& a, ServerOptions o) : app(a), opts(std::move(o)), main(1), acceptor(main), signals(main) {
    for (int i = 0; i < std::max(1, opts.threads); ++i) workers.push_back(std::make_unique<Worker>(1));
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
    auto& w = *workers[next_worker++ % workers.size()];
    acceptor.async_accept(w.get_executor(), [this](beast::error_code ec, Socket s) {
      if (ec) {
        if (!acceptor.is_open()) return;
      } else {
        s.set_option(tcp::no_delay(true), ec);
        std::make_shared<Session>(*this, std::move(s))->start();
      }
      accept();
    });
  }

  void begin_shutdown() {
    if (stopping.exchange(true)) return;
    asio::post(main, [this] {
      beast::error_code ec;
      acceptor.close(ec);
      signals.cancel(ec);
      drain();
    });
  }

  void drain() {
    auto t = std::make_shared<asio::steady_timer>(main, std::chrono::milliseconds(20));
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    auto step = std::make_shared<std::function<void()>>();
    *step = [this, t, deadline, step] {
      if (in_flight.load() == 0 || std::chrono::steady_clock::now() > deadline) {
        for (auto& w : workers) w->stop();
        main.stop();
        return;
      }
      t->expires_after(std::chrono::milliseconds(20));
      t->async_wait([step](beast::error_code) { (*step)(); });
    };
    (*step)();
  }

  struct Session : std::enable_shared_from_this<Session> {
    Impl& srv;
    Stream stream;
    beast::flat_buffer buffer;
    // A request is read header first, so that an upload can be refused before its body is read
    // and then streamed to disk; other requests continue into a string body.
    std::optional<bhttp::request_parser<bhttp::empty_body>> header;
    std::optional<bhttp::request_parser<bhttp::string_body>> parser;
    std::optional<bhttp::request_parser<bhttp::buffer_body>> upload;
    std::vector<char> chunk;
    const Route* upload_route = nullptr;
    Request req;
    unsigned version = 11;
    bool keep = false;
    std::chrono::steady_clock::time_point started;
    std::string remote;
    std::shared_ptr<void> res;  // the message being written

    Session(Impl& s, Socket sock) : srv(s), stream(std::move(sock)) {
      beast::error_code ec;
      auto ep = stream.socket().remote_endpoint(ec);
      remote = ec ? "" : ep.address().to_string();
    }
    void start() {
      asio::dispatch(stream.get_executor(), [self = shared_from_this()] { self->read(); });
    }
    void close() {
      beast::error_code ignored;
      stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    }
    void read() {
      header.emplace();
      header->header_limit(32 * 1024);
      // The limit is checked per route once the header is known.
      header->body_limit(std::numeric_limits<std::uint64_t>::max());
      stream.expires_after(std::chrono::seconds(60));
      bhttp::async_read_header(stream, buffer, *header, [self = shared_from_this()](beast::error_code ec, size_t) { self->on_header(ec); });
    }
    // Request ids need to be unique, not secret: a random prefix per thread and a counter.
    static std::string next_request_id() {
      thread_local std::string prefix = crypto::hex(crypto::random_bytes(4));
      thread_local uint64_t n = 0;
      char buf[24];
      std::snprintf(buf, sizeof buf, "%08llx", static_cast<unsigned long long>(++n));
      return prefix + buf;
    }
    void on_header(beast::error_code ec) {
      if (ec) return close();
      started = std::chrono::steady_clock::now();
      ++srv.in_flight;
      const auto& h = header->get();
      version = h.version();
      keep = h.keep_alive() && !srv.stopping.load();
      req = Request{};
      req.method = std::string(h.method_string());
      parse_target(h.target(), req);
      for (const auto& f : h) {
        std::string name(f.name_string());
        for (auto& ch : name) ch = char(std::tolower(static_cast<unsigned char>(ch)));
        req.headers[name] = std::string(f.value());
      }
      req.remote_ip = remote;
      std::string rid = req.header("x-request-id");
      req.request_id = (!rid.empty() && rid.size() <= 64) ? rid : next_request_id();
      if (h.method() == bhttp::verb::post || h.method() == bhttp::verb::put) {
        if ((upload_route = upload_route_of())) return start_upload();
      }
      auto length = header->content_length();
      if (length && *length > srv.opts.body_limit) return too_large(srv.opts.body_limit);
      parser.emplace(std::move(*header));
      parser->body_limit(srv.opts.body_limit);
      if (parser->is_done()) return on_body({});
      stream.expires_after(std::chrono::seconds(60));
      bhttp::async_read(stream, buffer, *parser, [self = shared_from_this()](beast::error_code ec, size_t) { self->on_body(ec); });
    }
    const Route* upload_route_of() { return http::upload_route(srv.app, req); }
    void too_large(uint64_t limit) {
      keep = false;
      std::string mb = limit >= (1ull << 30) ? std::to_string(limit >> 30) + " GB" : std::to_string(limit >> 20) + " MB";
      Response r = Response::json(Error(413, "request.too_large", "请求体过大，超过 " + mb + " 的上限").to_json(), 413);
      r.headers.push_back({"X-Request-Id", req.request_id});
      send(r);
    }
    void on_body(beast::error_code ec) {
      if (ec == bhttp::error::body_limit) return too_large(srv.opts.body_limit);
      if (ec) {
        --srv.in_flight;
        return close();
      }
      req.body = std::move(parser->get().body());
      if (long_running(srv.app, req)) return run_long();
      Response r = dispatch(srv.app, req);
      send(r);
    }
    // The handler on the long pool; its answer is written from this connection's worker again.
    void run_long() {
      asio::post(srv.long_pool, [self = shared_from_this()] {
        auto r = std::make_shared<Response>(dispatch(self->srv.app, self->req));
        asio::post(self->stream.get_executor(), [self, r] { self->send(*r); });
      });
    }

    void start_upload() {
      if (auto refusal = admit(srv.app, req, *upload_route)) {
        keep = false;  // the body stays unread: the connection cannot be reused
        return send(*refusal);
      }
      auto length = header->content_length();
      if (length && *length > upload_route->upload_limit) return too_large(upload_route->upload_limit);
      try {
        req.upload = srv.app.blobs->begin();
      } catch (const Error& e) {
        keep = false;
        Response r = Response::json(e.to_json(), e.status());
        return send(r);
      }
      bool expect = beast::iequals(header->get()[bhttp::field::expect], "100-continue");
      upload.emplace(std::move(*header));
      upload->body_limit(upload_route->upload_limit);
      chunk.resize(256 * 1024);
      if (!expect) return read_chunk();
      auto cont = std::make_shared<bhttp::response<bhttp::empty_body>>(bhttp::status::continue_, version);
      bhttp::async_write(stream, *cont, [self = shared_from_this(), cont](beast::error_code ec, size_t) {
        if (ec) return self->abort_upload();
        self->read_chunk();
      });
    }
    void abort_upload() {
      req.upload.reset();  // removes the partial file
      --srv.in_flight;
      close();
    }
    void read_chunk() {
      if (upload->is_done()) return finish_upload();
      auto& body = upload->get().body();
      body.data = chunk.data();
      body.size = chunk.size();
      body.more = true;
      stream.expires_after(std::chrono::seconds(60));
      bhttp::async_read(stream, buffer, *upload, [self = shared_from_this()](beast::error_code ec, size_t) {
        if (ec == bhttp::error::need_buffer) ec = {};
        if (ec == bhttp::error::body_limit) {
          self->req.upload.reset();
          return self->too_large(self->upload_route->upload_limit);
        }
        if (ec) return self->abort_upload();
        size_t n = self->chunk.size() - self->upload->get().body().size;
        try {
          self->req.upload->write(std::string_view(self->chunk.data(), n));
        } catch (const Error& e) {
          self->req.upload.reset();
          self->keep = false;
          Response r = Response::json(e.to_json(), e.status());
          return self->send(r);
        }
        self->read_chunk();
      });
    }
    void finish_upload() {
      Response r = run_admitted(srv.app, req, *upload_route);
      req.upload.reset();
      send(r);
    }

    template <class Body>
    void prepare(bhttp::response<Body>& m, const Response& r) {
      m.set(bhttp::field::server, "zhifa");
      if (!r.content_type.empty()) m.set(bhttp::field::content_type, r.content_type);
      m.set("X-Content-Type-Options", "nosniff");
      m.set("X-Frame-Options", "DENY");
      m.set("Referrer-Policy", "same-origin");
      for (auto& [k, v] : r.headers) m.insert(k, v);
      m.keep_alive(keep);
    }
    void send(Response& r) {
      uint64_t size = 0;
      if (!r.file_path.empty()) {
        bhttp::file_body::value_type file;
        beast::error_code ec;
        file.open(r.file_path.c_str(), beast::file_mode::scan, ec);
        if (ec) {
          spdlog::error("{} cannot open {}: {}", req.request_id, r.file_path, ec.message());
          r = Response::json(Error(410, "file.missing", "文件无法读取，请联系系统管理员").to_json(), 410);
          r.headers.push_back({"X-Request-Id", req.request_id});
        } else {
          auto m = std::make_shared<bhttp::response<bhttp::file_body>>(bhttp::status(r.status), version);
          prepare(*m, r);
          size = file.size();
          if (req.method == "HEAD") {
            m->content_length(size);
          } else {
            m->body() = std::move(file);
            m->prepare_payload();
          }
          return write(m, r.status, size);
        }
      }
      auto m = std::make_shared<bhttp::response<bhttp::string_body>>(bhttp::status(r.status), version);
      prepare(*m, r);
      size = r.body.size();
      if (req.method == "HEAD") {
        m->content_length(size);
      } else {
        m->body() = std::move(r.body);
        m->prepare_payload();
      }
      write(m, r.status, size);
    }
    template <class Msg>
    void write(std::shared_ptr<Msg> m, int status, uint64_t size) {
      if (srv.opts.access_log) {
        auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
        spdlog::info("{} {} {} {} {} {}B {:.1f}ms {}", req.request_id.empty() ? "-" : req.request_id, remote, req.method,
                     req.path, status, size, ms, req.principal ? req.principal->username : "-");
      }
      res = m;
      // The timer set for the read may have run out while a slow handler worked; the answer
      // gets its own minute.
      stream.expires_after(std::chrono::seconds(60));
      bhttp::async_write(stream, *m, [self = shared_from_this()](beast::error_code ec, size_t) {
        --self->srv.in_flight;
        self->res.reset();
        if (ec || !self->keep) {
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
  for (auto& w : im.workers) {
    im.keep_running.push_back(asio::make_work_guard(*w));
    im.threads.emplace_back([w = w.get()] { w->run(); });
  }
  im.main.run();
  for (auto& g : im.keep_running) g.reset();
  for (auto& t : im.threads) t.join();
  im.threads.clear();
  im.keep_running.clear();
}

void Server::stop() { impl_->begin_shutdown(); }

}  // namespace zhifa::http
