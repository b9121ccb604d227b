// PostgreSQL driver over libpq. Statements keep the common `?` placeholders in the code and are
// rewritten to $n here; parameters go as text, results come back as text.
#include <libpq-fe.h>

#include <cctype>
#include <charconv>
#include <cstdlib>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

// Each `?` outside quoted text replaced by `value(n)` (n from 1), the rest copied.
template <class F>
std::string replace_placeholders(std::string_view sql, F value) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  char quote = 0;
  for (char ch : sql) {
    if (quote) {
      out += ch;
      if (ch == quote) quote = 0;
    } else if (ch == '\'' || ch == '"') {
      quote = ch;
      out += ch;
    } else if (ch == '?') {
      out += value(++n);
    } else {
      out += ch;
    }
  }
  return out;
}

// `?` -> `$n`.
std::string rewrite_placeholders(std::string_view sql) {
  return replace_placeholders(sql, [](int n) { return "$" + std::to_string(n); });
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

// One line of COPY ... TO STDOUT in text format: fields split at tabs, \N for NULL, backslash
// escapes undone only in the fields that hold one (numbers, codes and dates never do).
class CopyRow final : public Row {
public:
  // Takes a line as libpq returns it (ending in '\n'); the line must outlive the row's use.
  void parse(const char* line, size_t n) {
    if (n && line[n - 1] == '\n') --n;
    fields_.clear();
    nulls_.clear();
    size_t unescaped = 0;
    size_t start = 0;
    for (size_t i = 0; i <= n; ++i) {
      if (i < n && line[i] != '\t') continue;
      std::string_view f(line + start, i - start);
      bool null = f == "\\N";
      if (!null && f.find('\\') != std::string_view::npos) {
        if (unescaped == buffers_.size()) buffers_.emplace_back();
        f = unescape(f, buffers_[unescaped++]);
      }
      fields_.push_back(null ? std::string_view() : f);
      nulls_.push_back(null);
      start = i + 1;
    }
  }
  int columns() const override { return int(fields_.size()); }
  bool is_null(int c) const override { return nulls_.at(size_t(c)); }
  int64_t i64(int c) const override {
    std::string_view v = fields_.at(size_t(c));
    if (v == "t") return 1;  // booleans, as in PgRow
    if (v == "f") return 0;
    int64_t x = 0;
    std::from_chars(v.data(), v.data() + v.size(), x);
    return x;
  }
  double f64(int c) const override { return std::strtod(std::string(fields_.at(size_t(c))).c_str(), nullptr); }
  std::string text(int c) const override { return std::string(fields_.at(size_t(c))); }
  std::string_view view(int c) const override { return fields_.at(size_t(c)); }

private:
  static std::string_view unescape(std::string_view f, std::string& out) {
    out.clear();
    for (size_t i = 0; i < f.size(); ++i) {
      char ch = f[i];
      if (ch != '\\' || i + 1 == f.size()) {
        out += ch;
        continue;
      }
      char e = f[++i];
      switch (e) {
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'v': out += '\v'; break;
        case 'x': {  // \xHH, one or two hex digits
          int v = 0, k = 0;
          while (k < 2 && i + 1 < f.size() && std::isxdigit(uint8_t(f[i + 1]))) {
            char h = f[++i];
            v = v * 16 + (h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
            ++k;
          }
          out += char(v);
          break;
        }
        default:
          if (e >= '0' && e <= '7') {  // \ooo, up to three octal digits
            int v = e - '0', k = 1;
            while (k < 3 && i + 1 < f.size() && f[i + 1] >= '0' && f[i + 1] <= '7') v = v * 8 + (f[++i] - '0'), ++k;
            out += char(v);
          } else {
            out += e;  // \\ and any other character stand for themselves
          }
      }
    }
    return out;
  }
  std::vector<std::string_view> fields_;
  std::vector<bool> nulls_;
  std::deque<std::string> buffers_;  // a deque: growing it leaves the views into earlier ones valid
};

class PgStatement final : public Statement {
public:
  PgStatement(PGconn* h, std::string_view sql, bool stream = false)
      : h_(h), sql_(rewrite_placeholders(sql)), stream_(stream) {
    if (stream) original_ = sql;
  }
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
  const Row& row() const override {
    if (stream_) return copy_row_;
    return row_;
  }
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
  // The query as the operand of COPY ... TO STDOUT, which takes no parameters: each `?` becomes
  // its value quoted by libpq (PQescapeLiteral), or NULL. Typed from context like a parameter sent
  // as text.
  std::string inlined() const {
    return replace_placeholders(original_, [&](int n) -> std::string {
      const auto& v = size_t(n) <= params_.size() ? params_[size_t(n - 1)] : std::optional<std::string>();
      if (!v) return "NULL";
      char* q = PQescapeLiteral(h_, v->data(), v->size());
      if (!q) fail_result(h_, nullptr, sql_);
      std::string quoted(q);
      PQfreemem(q);
      return quoted;
    });
  }
  // COPY (query) TO STDOUT: rows arrive as the server makes them, one line each, without the
  // PGresult that single-row mode builds per row (most of the client's time on a draw's pool).
  bool step_stream() {
    if (!ran_) {
      ran_ = true;
      const std::string copy = "COPY (" + inlined() + ") TO STDOUT";
      if (!PQsendQuery(h_, copy.c_str())) fail_result(h_, nullptr, sql_);
      streaming_ = true;
      PGresult* r = PQgetResult(h_);
      if (!r || PQresultStatus(r) != PGRES_COPY_OUT) {
        drain();
        fail_result(h_, r, sql_);  // keeps the SQLSTATE
      }
      PQclear(r);
    }
    free_line();
    if (!streaming_) return false;
    int n = PQgetCopyData(h_, &line_, 0);
    if (n > 0) {
      copy_row_.parse(line_, size_t(n));
      return true;
    }
    // -1: the copy is done and its result follows; -2: an error.
    PGresult* r = PQgetResult(h_);
    auto st = r ? PQresultStatus(r) : PGRES_COMMAND_OK;
    if (st != PGRES_COMMAND_OK || n == -2) {
      drain();
      fail_result(h_, r, sql_);
    }
    PQclear(r);
    drain();
    return false;
  }
  void free_line() {
    if (line_) PQfreemem(line_);
    line_ = nullptr;
  }
  // Reads what is left of a streamed result so the connection can take the next command.
  void drain() {
    streaming_ = false;
    for (;;) {
      PGresult* r = PQgetResult(h_);
      if (!r) break;
      if (PQresultStatus(r) == PGRES_COPY_OUT) {
        // Abandoned part-way: read the remaining lines; the copy's own result follows.
        char* rest = nullptr;
        while (PQgetCopyData(h_, &rest, 0) > 0) PQfreemem(rest);
      }
      PQclear(r);
    }
  }
  void clear() {
    if (row_.r) PQclear(row_.r);
    row_.r = nullptr;
    free_line();
    // Abandoned part-way (an exception while reading): read the rest. A cancel request would be
    // quicker but can land on the connection's next command.
    if (streaming_) drain();
    ran_ = false;
    changes_ = 0;
  }
  PGconn* h_;
  std::string sql_;
  std::string original_;  // with `?`, for a stream's COPY
  bool stream_ = false, streaming_ = false;
  char* line_ = nullptr;  // the current line of a COPY, owned by libpq's allocator
  CopyRow copy_row_;
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
