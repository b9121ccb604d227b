// PostgreSQL driver over libpq. Statements keep the common `?` placeholders in the code and are
// rewritten to $n here; parameters go as text, results come back as text.
#include <libpq-fe.h>

#include <charconv>
#include <cstdlib>

#include "base/error.h"
#include "db/conflicts.h"
#include "db/db_impl.h"

namespace zhifa::db {
namespace {

[[noreturn]] void fail_result(PGconn* h, PGresult* r, const std::string& sql) {
  std::string state = r && PQresultErrorField(r, PG_DIAG_SQLSTATE) ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : "";
  std::string msg = r ? PQresultErrorMessage(r) : PQerrorMessage(h);
  if (r) PQclear(r);
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  if (state.rfind("23", 0) == 0) {
    throw constraint_error(msg, {{"sqlstate", state}});
  }
  if (state == "40001" || state == "40P01" || state == "55P03") {
    throw Error(503, "db.busy", "数据库繁忙，请稍后重试", {{"driver_message", msg}, {"sqlstate", state}});
  }
  throw Error(500, "db.error", "数据库错误", {{"driver_message", msg}, {"sqlstate", state}, {"sql", sql}});
}

// `?` -> `$n`, leaving quoted text and comments alone.
std::string rewrite_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  char quote = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    char ch = sql[i];
    if (quote) {
      out += ch;
      if (ch == quote) quote = 0;
    } else if (ch == '\'' || ch == '"') {
      quote = ch;
      out += ch;
    } else if (ch == '?') {
      out += '$';
      out += std::to_string(++n);
    } else {
      out += ch;
    }
  }
  return out;
}

class PgRow final : public Row {
public:
  PGresult* r = nullptr;
  int i = 0;
  int columns() const override { return PQnfields(r); }
  bool is_null(int c) const override { return PQgetisnull(r, i, c); }
  int64_t i64(int c) const override {
    const char* v = PQgetvalue(r, i, c);
    if (v[0] == 't' && v[1] == 0) return 1;  // boolean columns from catalog queries
    if (v[0] == 'f' && v[1] == 0) return 0;
    return std::strtoll(v, nullptr, 10);
  }
  double f64(int c) const override { return std::strtod(PQgetvalue(r, i, c), nullptr); }
  std::string text(int c) const override { return std::string(PQgetvalue(r, i, c), size_t(PQgetlength(r, i, c))); }
  std::string_view view(int c) const override { return std::string_view(PQgetvalue(r, i, c), size_t(PQgetlength(r, i, c))); }
};

class PgStatement final : public Statement {
public:
  PgStatement(PGconn* h, std::string_view sql, bool stream = false) : h_(h), sql_(rewrite_placeholders(sql)), stream_(stream) {}
  ~PgStatement() override { clear(); }
  Statement& bind_value(int i, const Value& v) override {
    if (i < 1) throw Error::internal("bind index");
    if (params_.size() < size_t(i)) params_.resize(size_t(i));
    params_[size_t(i - 1)] = std::visit(
        [](auto&& x) -> std::optional<std::string> {
          using T = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<T, std::nullptr_t>) return std::nullopt;
          else if constexpr (std::is_same_v<T, int64_t>) return std::to_string(x);
          else if constexpr (std::is_same_v<T, double>) {
            char buf[64];
            auto res = std::to_chars(buf, buf + sizeof buf, x);
            return std::string(buf, res.ptr);
          } else return x;
        },
        v);
    return *this;
  }
  bool step() override {
    if (stream_) return step_stream();
    if (!ran_) {
      auto vals = values();
      PGresult* r = PQexecParams(h_, sql_.c_str(), int(vals.size()), nullptr, vals.data(), nullptr, nullptr, 0);
      auto st = PQresultStatus(r);
      if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) fail_result(h_, r, sql_);
      row_.r = r;
      row_.i = -1;
      ran_ = true;
      const char* ct = PQcmdTuples(r);
      changes_ = (ct && *ct) ? std::strtoll(ct, nullptr, 10) : 0;
    }
    if (!row_.r) return false;
    if (row_.i + 1 < PQntuples(row_.r)) {
      ++row_.i;
      return true;
    }
    return false;
  }
  const Row& row() const override { return row_; }
  int64_t changes() const override { return changes_; }
  void reset() override {
    clear();
    params_.clear();
    next_ = 0;
  }

private:
  std::vector<const char*> values() const {
    std::vector<const char*> vals;
    for (auto& p : params_) vals.push_back(p ? p->c_str() : nullptr);
    return vals;
  }
  // Single-row mode: one PGresult per row, taken as the server sends it.
  bool step_stream() {
    if (!ran_) {
      auto vals = values();
      ran_ = true;
      if (!PQsendQueryParams(h_, sql_.c_str(), int(vals.size()), nullptr, vals.data(), nullptr, nullptr, 0)) fail_result(h_, nullptr, sql_);
      streaming_ = true;
      if (!PQsetSingleRowMode(h_)) {
        drain();
        fail_result(h_, nullptr, sql_);
      }
    }
    if (row_.r) PQclear(row_.r);
    row_.r = nullptr;
    if (!streaming_) return false;
    PGresult* r = PQgetResult(h_);
    auto st = r ? PQresultStatus(r) : PGRES_TUPLES_OK;
    if (st == PGRES_SINGLE_TUPLE) {
      row_.r = r;
      row_.i = 0;
      return true;
    }
    drain();
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) fail_result(h_, r, sql_);  // keeps the SQLSTATE
    if (r) PQclear(r);
    return false;
  }
  // Reads what is left of a streamed result so the connection can take the next command.
  void drain() {
    streaming_ = false;
    while (PGresult* r = PQgetResult(h_)) PQclear(r);
  }
  void clear() {
    if (row_.r) PQclear(row_.r);
    row_.r = nullptr;
    // Abandoned part-way (an exception while reading): read the rest. A cancel request would be
    // quicker but can land on the connection's next command.
    if (streaming_) drain();
    ran_ = false;
    changes_ = 0;
  }
  PGconn* h_;
  std::string sql_;
  bool stream_ = false, streaming_ = false;
  std::vector<std::optional<std::string>> params_;
  PgRow row_;
  bool ran_ = false;
  int64_t changes_ = 0;
};

class PgConnection final : public Connection {
public:
  explicit PgConnection(const std::string& url) {
    h_ = PQconnectdb(url.c_str());
    if (PQstatus(h_) != CONNECTION_OK) {
      std::string msg = PQerrorMessage(h_);
      PQfinish(h_);
      throw Error(500, "db.open_failed", "无法连接 PostgreSQL：" + msg);
    }
    PQsetNoticeProcessor(h_, [](void*, const char*) {}, nullptr);
    exec_script("SET client_encoding TO 'UTF8'; SET TIME ZONE 'UTC'");
  }
  ~PgConnection() override { PQfinish(h_); }
  Dialect dialect() const override { return Dialect::postgres; }
  std::unique_ptr<Statement> prepare(std::string_view sql) override { return std::make_unique<PgStatement>(h_, sql); }
  std::unique_ptr<Statement> stream(std::string_view sql) override { return std::make_unique<PgStatement>(h_, sql, true); }
  void exec_script(std::string_view sql) override {
    PGresult* r = PQexec(h_, std::string(sql).c_str());
    auto st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY) fail_result(h_, r, std::string(sql));
    PQclear(r);
  }
  void begin() override {
    tx_state_.reset();
    exec_script("BEGIN");
    in_tx_ = true;
  }
  void commit() override {
    tx_state_.reset();
    in_tx_ = false;
    exec_script("COMMIT");
    bump_write_generation();
  }
  void rollback() override {
    tx_state_.reset();
    in_tx_ = false;
    exec_script("ROLLBACK");
  }
  bool in_transaction() const override { return in_tx_; }

private:
  PGconn* h_ = nullptr;
  bool in_tx_ = false;
};

}  // namespace

std::unique_ptr<Connection> open_postgres(const std::string& url) { return std::make_unique<PgConnection>(url); }

}  // namespace zhifa::db
