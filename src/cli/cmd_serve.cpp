#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <cstdio>

#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

#include "base/error.h"
#include "cli/commands.h"
#include "http/server.h"
#include "ledger/blobs.h"
#include "ledger/checkpoint.h"

namespace zhifa::cli {
namespace {

// Standard output without a flush per line: the access log writes a line per request, and a
// write(2) for each was a large share of a request's cost. Flushed every second and at exit.
class BufferedStdout final : public spdlog::sinks::base_sink<std::mutex> {
protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t out;
    formatter_->format(msg, out);
    std::fwrite(out.data(), 1, out.size(), stdout);
  }
  void flush_() override { std::fflush(stdout); }
};

void use_buffered_log() {
  auto logger = std::make_shared<spdlog::logger>("zhifa", std::make_shared<BufferedStdout>());
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(logger);
  spdlog::flush_every(std::chrono::seconds(1));
}

}  // namespace

void add_serve(CLI::App& app, DbOption& db) {
  auto* cmd = app.add_subcommand("serve", "启动 Web 服务");
  auto listen = std::make_shared<std::string>("127.0.0.1:8080");
  auto web = std::make_shared<std::string>();
  auto data = std::make_shared<std::string>();
  auto threads = std::make_shared<int>(0);
  cmd->add_option("--listen", *listen, "监听地址 HOST:PORT");
  cmd->add_option("--web", *web, "网页资源目录（默认 web/dist）");
  cmd->add_option("--data", *data, "数据目录（证据文件、密钥；默认为 SQLite 文件所在目录）");
  cmd->add_option("--threads", *threads, "工作线程数（默认 CPU 核数的两倍，至少 4）");
  cmd->callback([&db, listen, web, data, threads] {
    size_t colon = listen->rfind(':');
    if (colon == std::string::npos) throw Error::invalid("listen", "监听地址应为 HOST:PORT");
    http::ServerOptions o;
    o.host = listen->substr(0, colon);
    int port = 0;
    try {
      port = std::stoi(listen->substr(colon + 1));
    } catch (...) {
      port = -1;
    }
    if (port < 0 || port > 65535) throw Error::invalid("listen", "端口无效：" + listen->substr(colon + 1));
    o.port = static_cast<unsigned short>(port);
    o.threads = *threads > 0 ? *threads : std::max(4, int(std::thread::hardware_concurrency()) * 2);
    http::App a;
    a.db = db.open(o.threads + 2);
    a.web_dir = web->empty() ? "web/dist" : *web;
    std::filesystem::create_directories(db.data_dir(*data));
    http::register_routes(a);
    use_buffered_log();
    // The keys are made at init; a store created by `migrate` alone gets them here.
    std::optional<ledger::Keys> keys;
    db::with_tx(*a.db, [&](db::Connection& c) {
      keys.emplace(ledger::init_keys(c, db.data_dir(*data), ""));
      a.blobs = std::make_shared<ledger::BlobStore>(db.data_dir(*data), ledger::store_hash(c));
    });
    http::Server server(a, o);
    // Checkpoints after each batch: once a second when the log has grown.
    std::mutex mu;
    std::condition_variable cv;
    bool done = false;
    std::thread checkpointer([&] {
      std::unique_lock lk(mu);
      while (!cv.wait_for(lk, std::chrono::seconds(1), [&] { return done; })) {
        try {
          db::with_tx(*a.db, [&](db::Connection& c) { ledger::make_checkpoint(c, *keys); });
        } catch (const std::exception& e) {
          spdlog::error("checkpoint: {}", e.what());
        }
      }
    });
    spdlog::info("zhifa listening on http://{}:{} ({} threads, store {}, web {})", o.host, server.port(), o.threads,
                 a.db->dialect() == db::Dialect::sqlite ? db.resolve() : "postgresql", a.web_dir);
    server.run();
    {
      std::lock_guard g(mu);
      done = true;
    }
    cv.notify_all();
    checkpointer.join();
    db::with_tx(*a.db, [&](db::Connection& c) { ledger::make_checkpoint(c, *keys); });
    spdlog::info("zhifa stopped");
    spdlog::default_logger()->flush();
  });
}

}  // namespace zhifa::cli
