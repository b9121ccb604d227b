// SQLite driver: WAL, foreign keys on, synchronous=FULL, a busy timeout, write transactions
// begun IMMEDIATE.
#include <sqlite3.h>

#include <cstring>
#include <map>

#include "base/error.h"
#include "db/conflicts.h"
#include "db/db_impl.h"

namespace zhifa::db {
namespace {

[[noreturn]] void fail(sqlite3* h, const std::string& what) {
  std::string msg = h ? sqlite3_errmsg(h) : "unknown";
  int code = h ? sqlite3_extended_errcode(h) : 0;
  if ((code & 0xff) == SQLITE_CONSTRAINT) {
    throw constraint_error(msg);
  }
  if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED) {
    throw Error(503, "db.busy", "数据库繁忙，请稍后重试", {{"driver_message", msg}});
  }
  throw Error(500, "db.error", "数据库错误：" + what, {{"driver_message", msg}});
}

class SqliteRow final : public Row {
public:
  sqlite3_stmt* s = nullptr;
  int columns() const override { return sqlite3_column_count(s); }
  bool is_null(int c) const override { return sqlite3_column_type(s, c) == SQLITE_NULL; }
  int64_t i64(int c) const override { return sqlite3_column_int64(s, c); }
  double f64(int c) const override { return sqlite3_column_double(s, c); }
  std::string text(int c) const override {
    auto p = reinterpret_cast<const char*>(sqlite3_column_text(s, c));
    return p ? std::string(p, size_t(sqlite3_column_bytes(s, c))) : std::string();
  }
  std::string_view view(int c) const override {
    auto p = reinterpret_cast<const char*>(sqlite3_column_text(s, c));
    return p ? std::string_view(p, size_t(sqlite3_column_bytes(s, c))) : std::string_view();
  }
};

// A prepared statement kept by its connection for reuse; `in_use` while a Statement holds it.
struct CachedStmt {
  sqlite3_stmt* s = nullptr;
  bool in_use = false;
};

class SqliteStatement final : public Statement {
public:
  SqliteStatement(sqlite3* h, std::string_view sql) : h_(h) {
    if (sqlite3_prepare_v2(h, sql.data(), int(sql.size()), &s_, nullptr) != SQLITE_OK) fail(h, std::string(sql));
    row_.s = s_;
  }
  SqliteStatement(sqlite3* h, CachedStmt* cached) : h_(h), s_(cached->s), cached_(cached) {
    cached_->in_use = true;
    row_.s = s_;
  }
  ~SqliteStatement() override {
    if (cached_) {
      sqlite3_reset(s_);
      sqlite3_clear_bindings(s_);
      cached_->in_use = false;
    } else {
      sqlite3_finalize(s_);
    }
  }
  Statement& bind_value(int i, const Value& v) override {
    int rc = std::visit(
        [&](auto&& x) -> int {
          using T = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<T, std::nullptr_t>) return sqlite3_bind_null(s_, i);
          else if constexpr (std::is_same_v<T, int64_t>) return sqlite3_bind_int64(s_, i, x);
          else if constexpr (std::is_same_v<T, double>) return sqlite3_bind_double(s_, i, x);
          else return sqlite3_bind_text(s_, i, x.data(), int(x.size()), SQLITE_TRANSIENT);
        },
        v);
    if (rc != SQLITE_OK) fail(h_, "bind");
    return *this;
  }
  bool step() override {
    if (done_) return false;
    int rc = sqlite3_step(s_);
    if (rc == SQLITE_ROW) return true;
    done_ = true;
    if (rc == SQLITE_DONE) {
      changes_ = sqlite3_changes64(h_);
      return false;
    }
    fail(h_, sqlite3_sql(s_));
  }
  const Row& row() const override { return row_; }
  int64_t changes() const override { return changes_; }
  void reset() override {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
    next_ = 0;
    done_ = false;
    changes_ = 0;
  }

private:
  sqlite3* h_;
  sqlite3_stmt* s_ = nullptr;
  CachedStmt* cached_ = nullptr;
  SqliteRow row_;
  bool done_ = false;
  int64_t changes_ = 0;
};

class SqliteConnection final : public Connection {
public:
  explicit SqliteConnection(const std::string& path) {
    // SQLite counts memory under one global mutex unless told not to; with several connections
    // on several threads that mutex is the bottleneck.
    static const bool configured = [] {
      sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
      return sqlite3_initialize() == SQLITE_OK;
    }();
    (void)configured;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &h_, flags, nullptr) != SQLITE_OK) {
      std::string msg = h_ ? sqlite3_errmsg(h_) : "out of memory";
      sqlite3_close(h_);
      throw Error(500, "db.open_failed", "无法打开数据库文件 " + path + "：" + msg);
    }
    sqlite3_busy_timeout(h_, 10000);
    exec_script("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;");
  }
  ~SqliteConnection() override {
    for (auto& [sql, c] : cache_) sqlite3_finalize(c.s);
    sqlite3_close_v2(h_);
  }
  Dialect dialect() const override { return Dialect::sqlite; }
  // Statements are parsed once per connection and reused; a statement already in use (a nested
  // query with the same text) gets a fresh one.
  std::unique_ptr<Statement> prepare(std::string_view sql) override {
    auto it = cache_.find(sql);
    if (it == cache_.end() && cache_.size() < 256) {
      sqlite3_stmt* st = nullptr;
      if (sqlite3_prepare_v3(h_, sql.data(), int(sql.size()), SQLITE_PREPARE_PERSISTENT, &st, nullptr) != SQLITE_OK)
        fail(h_, std::string(sql));
      it = cache_.emplace(std::string(sql), CachedStmt{st, false}).first;
    }
    if (it != cache_.end() && !it->second.in_use) return std::make_unique<SqliteStatement>(h_, &it->second);
    return std::make_unique<SqliteStatement>(h_, sql);
  }
  void exec_script(std::string_view sql) override {
    char* err = nullptr;
    if (sqlite3_exec(h_, std::string(sql).c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : "";
      sqlite3_free(err);
      int code = sqlite3_extended_errcode(h_) & 0xff;
      if (code == SQLITE_CONSTRAINT) throw constraint_error(msg);
      throw Error(500, "db.error", "数据库错误：" + msg);
    }
  }
  void begin() override {
    tx_state_.reset();
    exec_script("BEGIN IMMEDIATE");
    in_tx_ = true;
  }
  void commit() override {
    tx_state_.reset();
    exec_script("COMMIT");
    in_tx_ = false;
    bump_write_generation();
  }
  void rollback() override {
    tx_state_.reset();
    in_tx_ = false;
    exec_script("ROLLBACK");
  }
  bool in_transaction() const override { return in_tx_; }

private:
  sqlite3* h_ = nullptr;
  bool in_tx_ = false;
  std::map<std::string, CachedStmt, std::less<>> cache_;
};

}  // namespace

std::unique_ptr<Connection> open_sqlite(const std::string& path) { return std::make_unique<SqliteConnection>(path); }

}  // namespace zhifa::db
