// The one small database interface of zhifa. Every module talks to SQLite or PostgreSQL only
// through these classes; the SQL it writes is the common subset of both (see docs/architecture.md
// "SQL dialect"): `?` placeholders (rewritten to $n for PostgreSQL), `RETURNING`, ISO-8601 text
// for instants and dates, integers for money, booleans and ids.
//
// Thread-safety: a Connection and its Statements belong to one thread at a time. A Database is
// safe to share: it hands out pooled connections.
#pragma once

#include <any>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace zhifa::db {

enum class Dialect { sqlite, postgres };

// A value bound to a placeholder.
using Value = std::variant<std::nullptr_t, int64_t, double, std::string>;

// One result row, valid until the next step() of its statement.
class Row {
public:
  virtual ~Row() = default;
  virtual int columns() const = 0;
  virtual bool is_null(int col) const = 0;
  virtual int64_t i64(int col) const = 0;
  virtual double f64(int col) const = 0;
  virtual std::string text(int col) const = 0;
  // The text without a copy; valid until the next step() (bulk reads that intern or parse).
  virtual std::string_view view(int col) const = 0;
  std::optional<std::string> opt_text(int col) const {
    return is_null(col) ? std::nullopt : std::optional<std::string>(text(col));
  }
  std::optional<int64_t> opt_i64(int col) const {
    return is_null(col) ? std::nullopt : std::optional<int64_t>(i64(col));
  }
  bool boolean(int col) const { return !is_null(col) && i64(col) != 0; }
};

// A prepared statement. Bind with 1-based indexes or the fluent bind(), then step() until false.
class Statement {
public:
  virtual ~Statement() = default;
  virtual Statement& bind_value(int index, const Value& v) = 0;
  // Runs the statement (first call) or moves to the next row; false when no row is left.
  virtual bool step() = 0;
  virtual const Row& row() const = 0;
  // Number of rows changed by an INSERT/UPDATE/DELETE after it ran.
  virtual int64_t changes() const = 0;
  // Clears bindings and results so the statement can run again.
  virtual void reset() = 0;

  // Binds the next placeholder in order.
  template <class T>
  Statement& bind(const T& v) {
    return bind_value(++next_, to_value(v));
  }
  // Runs a statement that returns no rows, returns changes().
  int64_t exec() {
    while (step()) {
    }
    return changes();
  }

protected:
  int next_ = 0;

private:
  static Value to_value(std::nullptr_t) { return nullptr; }
  static Value to_value(bool v) { return int64_t(v ? 1 : 0); }
  static Value to_value(int v) { return int64_t(v); }
  static Value to_value(long v) { return int64_t(v); }
  static Value to_value(long long v) { return int64_t(v); }
  static Value to_value(unsigned v) { return int64_t(v); }
  static Value to_value(double v) { return v; }
  static Value to_value(const char* v) { return std::string(v); }
  static Value to_value(const std::string& v) { return v; }
  static Value to_value(std::string_view v) { return std::string(v); }
  static Value to_value(const Value& v) { return v; }
  template <class T>
  static Value to_value(const std::optional<T>& v) {
    return v ? to_value(*v) : Value(nullptr);
  }
};

class Connection {
public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;
  // Requires: sql uses `?` placeholders only.
  virtual std::unique_ptr<Statement> prepare(std::string_view sql) = 0;
  // A statement whose rows are read while the store still sends them, for results too large to
  // hold at once (a draw's pool of millions): PostgreSQL otherwise delivers the whole result
  // before the first row, so transfer and reading cannot overlap. SQLite always steps through
  // its b-tree, so there it is prepare(). One abandoned part-way reads the rest when destroyed.
  virtual std::unique_ptr<Statement> stream(std::string_view sql) { return prepare(sql); }
  // Runs one or more statements without parameters (migrations, pragmas).
  virtual void exec_script(std::string_view sql) = 0;
  // Write transactions take the write lock at once (SQLite BEGIN IMMEDIATE) so that two writers
  // never deadlock on a lock upgrade.
  virtual void begin() = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;
  virtual bool in_transaction() const = 0;

  // What one module remembers for the length of one transaction (the ledger: its next sequence
  // number, hash and the right edge of its tree, so that a batch of appends does not read them
  // back each time). Dropped at begin, commit and rollback, so nothing outlives the transaction
  // that computed it.
  std::any& transaction_state() { return tx_state_; }

protected:
  std::any tx_state_;
};

// Commits on commit(), rolls back when destroyed without it (an exception passed through).
class Transaction {
public:
  explicit Transaction(Connection& c) : c_(c) { c_.begin(); }
  ~Transaction() {
    if (!done_) {
      try {
        c_.rollback();
      } catch (...) {
      }
    }
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit() {
    c_.commit();
    done_ = true;
  }

private:
  Connection& c_;
  bool done_ = false;
};

// A store: the URL it was opened from and a pool of connections.
class Database {
public:
  // url: `sqlite:PATH` or `postgresql://...` (also `postgres://`). Throws zhifa::Error
  // (`db.url_invalid`, `db.open_failed`) when it cannot.
  static std::shared_ptr<Database> open(const std::string& url, int pool_size = 4);
  virtual ~Database() = default;
  virtual Dialect dialect() const = 0;
  virtual const std::string& url() const = 0;

  // A pooled connection, given back when the handle is destroyed.
  class Lease {
  public:
    Lease(Database* owner, std::unique_ptr<Connection> c) : owner_(owner), c_(std::move(c)) {}
    Lease(Lease&&) = default;
    ~Lease();
    Connection& operator*() { return *c_; }
    Connection* operator->() { return c_.get(); }

  private:
    Database* owner_;
    std::unique_ptr<Connection> c_;
  };
  virtual Lease acquire() = 0;

protected:
  friend class Lease;
  virtual void give_back(std::unique_ptr<Connection> c) = 0;
};

// A process-wide count of committed write transactions. Caches of store data (the session cache
// of org::authenticate) stay valid only while it is unchanged.
uint64_t write_generation();

// Runs the numbered migrations that have not run yet, each in its own transaction, and records
// them in schema_migrations. Returns how many ran.
int migrate(Connection& c);

// Convenience: run `fn` inside a write transaction on a pooled connection.
template <class F>
auto with_tx(Database& db, F&& fn) {
  auto lease = db.acquire();
  Transaction tx(*lease);
  if constexpr (std::is_void_v<decltype(fn(*lease))>) {
    fn(*lease);
    tx.commit();
  } else {
    auto r = fn(*lease);
    tx.commit();
    return r;
  }
}

}  // namespace zhifa::db
