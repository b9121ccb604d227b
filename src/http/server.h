// The HTTP server: Boost.Beast over Asio, a fixed pool of worker threads (one io_context each), keep-alive, a request body
// limit (413), one access-log line per request, graceful shutdown on SIGTERM/SIGINT (stop
// accepting, let requests in flight finish, then return from run()).
// Thread-safety: construct, then call run() from one thread; stop() may be called from any.
#pragma once

#include <memory>
#include <string>

#include "http/router.h"

namespace zhifa::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;  // 0 picks a free port (tests)
  int threads = 4;
  size_t body_limit = 64 * 1024 * 1024;
  bool handle_signals = true;
  bool access_log = true;
};

class Server {
public:
  Server(App& app, ServerOptions opts);
  ~Server();
  // Binds now, so port() is known before run(). Throws zhifa::Error `server.listen_failed`.
  unsigned short port() const;
  void run();
  void stop();

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace zhifa::http
