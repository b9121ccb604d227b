#include "support/test_db.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "calendar/calendar_service.h"
#include "db/migrations.h"

#include "demo/demo.h"

namespace zhifa::test {
namespace {

std::string target() {
  const char* v = std::getenv("ZHIFA_TEST_DB");
  std::string t = v && *v ? v : "sqlite";
  if (t == "postgres") {
    // Never quietly fall back to SQLite: a PostgreSQL run without a cluster is a failure.
    const char* pg = std::getenv("ZHIFA_TEST_PG");
    if (!pg || !*pg) throw std::runtime_error("ZHIFA_TEST_DB=postgres needs ZHIFA_TEST_PG (scripts/test starts a cluster)");
    return pg;
  }
  return t;
}

std::string next_name() {
  static std::atomic<int> n{0};
  return "zt_" + std::to_string(getpid()) + "_" + std::to_string(++n);
}

std::string pg_with_db(const std::string& url, const std::string& dbname) {
  // postgresql://user@host:port/dbname[?params]
  size_t q = url.find('?');
  std::string base = url.substr(0, q), params = q == std::string::npos ? "" : url.substr(q);
  size_t slash = base.find('/', base.find("://") + 3);
  return (slash == std::string::npos ? base : base.substr(0, slash)) + "/" + dbname + params;
}

std::shared_ptr<db::Database> create_empty() {
  std::string t = target();
  std::string name = next_name();
  if (t == "sqlite") {
    auto dir = std::filesystem::temp_directory_path() / ("zhifa-tests-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    return db::Database::open("sqlite:" + (dir / (name + ".db")).string(), 4);
  }
  {
    auto admin = db::Database::open(t, 1);
    auto c = admin->acquire();
    c->exec_script("CREATE DATABASE " + name);
  }
  return db::Database::open(pg_with_db(t, name), 4);
}

}  // namespace

std::string store_name() { return target() == "sqlite" ? "sqlite" : "postgres"; }

std::shared_ptr<db::Database> fresh_database() {
  auto d = create_empty();
  auto c = d->acquire();
  db::migrate(*c);
  c->exec_script("INSERT INTO store_meta(key, value) VALUES ('ledger_hash', 'sm3')");
  return d;
}

std::shared_ptr<db::Database> demo_database() {
  // The demo is built once per process and copied: a file copy for SQLite, CREATE DATABASE ...
  // TEMPLATE for PostgreSQL (the template must have no open connection).
  static std::string tmpl;
  if (tmpl.empty()) {
    auto d = fresh_database();
    {
      auto c = d->acquire();
      calendar::ensure_builtin(*c);
      demo::load_demo(*c);
      if (c->dialect() == db::Dialect::sqlite) c->exec_script("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    tmpl = d->url();
  }
  std::string name = next_name();
  if (target() == "sqlite") {
    std::string src = tmpl.substr(7);
    std::string dst = (std::filesystem::path(src).parent_path() / (name + ".db")).string();
    std::filesystem::copy_file(src, dst);
    return db::Database::open("sqlite:" + dst, 4);
  }
  {
    auto admin = db::Database::open(target(), 1);
    auto c = admin->acquire();
    std::string tdb = tmpl.substr(tmpl.rfind('/') + 1);
    tdb = tdb.substr(0, tdb.find('?'));
    c->exec_script("CREATE DATABASE " + name + " TEMPLATE " + tdb);
  }
  return db::Database::open(pg_with_db(target(), name), 4);
}

}  // namespace zhifa::test
