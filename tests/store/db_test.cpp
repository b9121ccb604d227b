// The database interface on both stores: typed binding, transactions, constraint errors,
// migrations recorded, and the append-only ledger.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "base/error.h"
#include "db/conflicts.h"
#include "db/migrations.h"
#include "ledger/ledger.h"
#include "support/test_db.h"

using namespace zhifa;

TEST(Store, MigrationsAreRecordedAndIdempotent) {
  auto d = test::fresh_database();
  auto c = d->acquire();
  auto q = c->prepare("SELECT COUNT(*) FROM schema_migrations");
  ASSERT_TRUE(q->step());
  EXPECT_EQ(q->row().i64(0), int64_t(db::migrations().size()));
  q.reset();
  EXPECT_EQ(db::migrate(*c), 0);
}

TEST(Store, TypedBindingRoundTrips) {
  auto d = test::fresh_database();
  auto c = d->acquire();
  c->exec_script("CREATE TABLE t (i BIGINT, f DOUBLE PRECISION, s TEXT, n TEXT)");
  c->prepare("INSERT INTO t VALUES (?, ?, ?, ?)")->bind(int64_t(9007199254740993)).bind(2.5).bind("统计 'x' ?").bind(nullptr).exec();
  auto q = c->prepare("SELECT i, f, s, n FROM t WHERE s = ?");
  q->bind(std::string("统计 'x' ?"));
  ASSERT_TRUE(q->step());
  EXPECT_EQ(q->row().i64(0), 9007199254740993);
  EXPECT_DOUBLE_EQ(q->row().f64(1), 2.5);
  EXPECT_EQ(q->row().text(2), "统计 'x' ?");
  EXPECT_TRUE(q->row().is_null(3));
  EXPECT_FALSE(q->step());
}

// A streamed statement gives every row in order, leaves the connection usable when abandoned
// part-way, and reports an error in its query like prepare() does.
TEST(Store, StreamedRowsArriveInOrderAndAnAbandonedStreamFreesTheConnection) {
  auto d = test::fresh_database();
  auto c = d->acquire();
  c->exec_script("CREATE TABLE t (i BIGINT, s TEXT)");
  {
    db::Transaction tx(*c);
    auto ins = c->prepare("INSERT INTO t VALUES (?, ?)");
    for (int i = 0; i < 3000; ++i) {
      ins->bind(int64_t(i)).bind("行" + std::to_string(i)).exec();
      ins->reset();
    }
    tx.commit();
  }
  {
    auto q = c->stream("SELECT i, s FROM t WHERE i >= ? ORDER BY i");
    q->bind(int64_t(10));
    int64_t want = 10;
    while (q->step()) {
      ASSERT_EQ(q->row().i64(0), want);
      EXPECT_EQ(q->row().view(1), "行" + std::to_string(want));
      ++want;
    }
    EXPECT_EQ(want, 3000);
    EXPECT_FALSE(q->step());
  }
  {
    auto q = c->stream("SELECT i FROM t ORDER BY i");
    ASSERT_TRUE(q->step());
    ASSERT_TRUE(q->step());
    EXPECT_EQ(q->row().i64(0), 1);
  }  // abandoned with 2998 rows unread
  auto n = c->prepare("SELECT COUNT(*) FROM t");
  ASSERT_TRUE(n->step());
  EXPECT_EQ(n->row().i64(0), 3000);
  n.reset();
  EXPECT_THROW(
      {
        auto bad = c->stream("SELECT no_such_column FROM t");
        while (bad->step()) {
        }
      },
      Error);
  auto again = c->prepare("SELECT COUNT(*) FROM t WHERE i < 5");
  ASSERT_TRUE(again->step());
  EXPECT_EQ(again->row().i64(0), 5);
}

// A streamed statement gives back every character as stored, whatever the store's wire format
// (PostgreSQL's COPY escapes tabs, newlines and backslashes and writes NULL as \N), and its
// parameters stay values: a quote or a backslash in one is not SQL.
TEST(Store, StreamedTextKeepsEveryCharacterAndParametersStayValues) {
  auto d = test::fresh_database();
  auto c = d->acquire();
  c->exec_script("CREATE TABLE t (i BIGINT, s TEXT, b BOOLEAN, f DOUBLE PRECISION)");
  const std::vector<std::optional<std::string>> texts = {
      "a\tb", "line1\nline2\r\n", "back\\slash\\", "quote'd\"", std::nullopt, "\\N", "", "中文\x01\x7f", "\\x41\\101"};
  {
    db::Transaction tx(*c);
    auto ins = c->prepare("INSERT INTO t VALUES (?, ?, ?, ?)");
    for (size_t i = 0; i < texts.size(); ++i) {
      ins->bind(int64_t(i)).bind(texts[i]).bind(i % 2 == 0).bind(double(i) + 0.25).exec();
      ins->reset();
    }
    tx.commit();
  }
  auto q = c->stream("SELECT i, s, b, f FROM t WHERE i >= ? OR s = ? ORDER BY i");
  q->bind(int64_t(0)).bind("x') OR (1=1");
  size_t n = 0;
  while (q->step()) {
    const auto& r = q->row();
    ASSERT_EQ(r.i64(0), int64_t(n));
    ASSERT_EQ(r.columns(), 4);
    if (texts[n]) {
      EXPECT_FALSE(r.is_null(1)) << n;
      EXPECT_EQ(r.view(1), *texts[n]) << n;
      EXPECT_EQ(r.text(1), *texts[n]) << n;
    } else {
      EXPECT_TRUE(r.is_null(1));
    }
    EXPECT_EQ(r.i64(2), n % 2 == 0 ? 1 : 0);
    EXPECT_DOUBLE_EQ(r.f64(3), double(n) + 0.25);
    ++n;
  }
  EXPECT_EQ(n, texts.size());
  // A parameter is compared as a value, NULL included.
  auto p = c->stream("SELECT i FROM t WHERE s = ? OR (CAST(? AS TEXT) IS NULL AND s IS NULL) ORDER BY i");
  p->bind("quote'd\"").bind(nullptr);
  std::vector<int64_t> got;
  while (p->step()) got.push_back(p->row().i64(0));
  EXPECT_EQ(got, (std::vector<int64_t>{3, 4}));
}

TEST(Store, TransactionRollsBackWhenNotCommitted) {
  auto d = test::fresh_database();
  auto c = d->acquire();
  c->exec_script("CREATE TABLE t (i BIGINT)");
  try {
    db::Transaction tx(*c);
    c->prepare("INSERT INTO t VALUES (1)")->exec();
    throw std::runtime_error("crash in the middle");
  } catch (const std::runtime_error&) {
  }
  auto q = c->prepare("SELECT COUNT(*) FROM t");
  q->step();
  EXPECT_EQ(q->row().i64(0), 0);
}

TEST(Store, ConstraintViolationIsConflict) {
  auto d = test::fresh_database();
  auto c = d->acquire();
  c->exec_script("CREATE TABLE t (k TEXT PRIMARY KEY)");
  c->prepare("INSERT INTO t VALUES ('a')")->exec();
  try {
    c->prepare("INSERT INTO t VALUES ('a')")->exec();
    FAIL() << "duplicate accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), 409);
    EXPECT_EQ(e.code(), "db.constraint");
  }
}

// A unique index a service registers answers with the service's own code when two requests race
// past its check; another index on the same table keeps the generic code.
TEST(Store, RegisteredUniqueIndexGivesTheServicesConflict) {
  db::register_unique_conflict("race_one_open", "race.case_id", "race.open_exists", "已有未完成的记录");
  auto d = test::fresh_database();
  auto c = d->acquire();
  c->exec_script("CREATE TABLE race (id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL, state TEXT NOT NULL, tag TEXT NOT NULL)");
  c->exec_script("CREATE UNIQUE INDEX race_one_open ON race(case_id) WHERE state <> 'done'");
  c->exec_script("CREATE UNIQUE INDEX race_tag ON race(case_id, tag)");
  c->prepare("INSERT INTO race VALUES (1, 7, 'open', 'a')")->exec();
  c->prepare("INSERT INTO race VALUES (2, 7, 'done', 'b')")->exec();  // a closed one may sit beside it
  auto code_of = [&](const char* sql) {
    try {
      c->prepare(sql)->exec();
    } catch (const Error& e) {
      EXPECT_EQ(e.status(), 409);
      return e.code();
    }
    return std::string("accepted");
  };
  EXPECT_EQ(code_of("INSERT INTO race VALUES (3, 7, 'open', 'c')"), "race.open_exists");
  EXPECT_EQ(code_of("INSERT INTO race VALUES (4, 7, 'done', 'a')"), "db.constraint");
}

// R: REC-21 — records cannot be altered or deleted at will.
TEST(Store, LedgerIsAppendOnly) {
  auto d = test::fresh_database();
  auto c = d->acquire();
  {
    db::Transaction tx(*c);
    EXPECT_EQ(ledger::record(*c, ledger::Actor::system(), "test.one", "test", "1", {{"a", 1}}), 1);
    tx.commit();
  }
  EXPECT_THROW(c->exec_script("UPDATE ledger_entries SET action = 'x'"), Error);
  EXPECT_THROW(c->exec_script("DELETE FROM ledger_entries"), Error);
  auto q = c->prepare("SELECT action, change FROM ledger_entries ORDER BY seq DESC");
  ASSERT_TRUE(q->step());
  EXPECT_EQ(q->row().text(0), "test.one");
  EXPECT_EQ(q->row().text(1), R"({"a":1})");
}

TEST(Store, LedgerRefusesWritesOutsideTransaction) {
  auto d = test::fresh_database();
  auto c = d->acquire();
  EXPECT_THROW(ledger::record(*c, ledger::Actor::system(), "x", "y", "z", nlohmann::json::object()), Error);
}
