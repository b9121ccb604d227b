#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <mutex>

#include "base/error.h"
#include "db/db_impl.h"

namespace zhifa::db {
namespace {

// A fixed-size pool: connections are opened lazily up to `size`, then callers wait.
class PooledDatabase final : public Database {
public:
  PooledDatabase(std::string url, Dialect d, std::string target, int size)
      : url_(std::move(url)), dialect_(d), target_(std::move(target)), size_(size) {
    give_back(open_one());  // fail fast on a bad URL
  }
  Dialect dialect() const override { return dialect_; }
  const std::string& url() const override { return url_; }
  Lease acquire() override {
    std::unique_lock lk(mu_);
    for (;;) {
      if (!idle_.empty()) {
        auto c = std::move(idle_.back());
        idle_.pop_back();
        return Lease(this, std::move(c));
      }
      if (open_ < size_) {
        ++open_;
        lk.unlock();
        try {
          return Lease(this, open_one_counted());
        } catch (...) {
          std::lock_guard g(mu_);
          --open_;
          throw;
        }
      }
      cv_.wait(lk);
    }
  }

protected:
  void give_back(std::unique_ptr<Connection> c) override {
    if (c->in_transaction()) {
      try {
        c->rollback();
      } catch (...) {
        std::lock_guard g(mu_);
        --open_;
        cv_.notify_one();
        return;
      }
    }
    std::lock_guard g(mu_);
    idle_.push_back(std::move(c));
    cv_.notify_one();
  }

private:
  std::unique_ptr<Connection> open_one() {
    ++open_;
    return open_one_counted();
  }
  std::unique_ptr<Connection> open_one_counted() {
    return dialect_ == Dialect::sqlite ? open_sqlite(target_) : open_postgres(target_);
  }

  std::string url_;
  Dialect dialect_;
  std::string target_;
  int size_;
  int open_ = 0;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace

namespace {
std::atomic<uint64_t> g_write_generation{0};
}

uint64_t write_generation() { return g_write_generation.load(std::memory_order_acquire); }
void bump_write_generation() { g_write_generation.fetch_add(1, std::memory_order_acq_rel); }

Database::Lease::~Lease() {
  if (c_ && owner_) owner_->give_back(std::move(c_));
}

std::shared_ptr<Database> Database::open(const std::string& url, int pool_size) {
  if (url.rfind("sqlite:", 0) == 0) {
    std::string path = url.substr(7);
    if (path.empty()) throw Error::bad_request("db.url_invalid", "数据库地址缺少文件路径：" + url);
    auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
    return std::make_shared<PooledDatabase>(url, Dialect::sqlite, path, pool_size);
  }
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    return std::make_shared<PooledDatabase>(url, Dialect::postgres, url, pool_size);
  }
  throw Error::bad_request("db.url_invalid", "数据库地址应以 sqlite: 或 postgresql:// 开头：" + url);
}

}  // namespace zhifa::db
