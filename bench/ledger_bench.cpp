// Ledger benchmarks (issue 3, item 8), run by bench/ledger.sh, which starts the stores and builds
// the Markdown table. Every figure is measured beside a baseline taken in the same process:
//
//   append BASE N B MAX_SECONDS   durable appends through ledger::record in transactions of B
//                                 entries, then the baseline: plain INSERTs of the same rows (same
//                                 columns and indexes, seq counted by the client: no tree, no
//                                 MAX(seq), no hashing) into a table of the same shape, same B.
//                                 Each run gets a fresh migrated store and stops after N entries or
//                                 MAX_SECONDS (whole transactions), whichever comes first.
//   verify BASE N HASH            builds N entries (ledger::record, transactions of 10,000), times
//                                 ledger::verify, then times the raw hashing of exactly the inputs
//                                 verify hashes (EVP_Digest on precomputed buffers, no store).
//
// BASE is `sqlite:DIR` (a new file per run in DIR) or a PostgreSQL URL of an admin database (a
// new database per run). Output: lines starting with "| " (Markdown rows) and "# " (notes).
#include <openssl/evp.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "base/canonical_json.h"
#include "base/crypto.h"
#include "base/error.h"
#include "base/time.h"
#include "db/db.h"
#include "ledger/ledger.h"
#include "ledger/verify.h"

using namespace zhifa;

namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }
// CPU time of this process (user + system): steadier than wall time on a shared machine.
double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

std::string next_name() {
  static int n = 0;
  return "zb_" + std::to_string(getpid()) + "_" + std::to_string(++n);
}

std::string pg_with_db(const std::string& url, const std::string& dbname) {
  size_t q = url.find('?');
  std::string base = url.substr(0, q), params = q == std::string::npos ? "" : url.substr(q);
  size_t slash = base.find('/', base.find("://") + 3);
  return (slash == std::string::npos ? base : base.substr(0, slash)) + "/" + dbname + params;
}

// A fresh migrated store with the ledger hash fixed, as tests/support/test_db.cpp makes one.
struct Store {
  std::shared_ptr<db::Database> db;
  std::string file;  // SQLite only, removed at the end
};

Store fresh_store(const std::string& base, const std::string& hash) {
  Store s;
  std::string name = next_name();
  if (base.rfind("sqlite:", 0) == 0) {
    std::filesystem::path dir = base.substr(7);
    std::filesystem::create_directories(dir);
    s.file = (dir / (name + ".db")).string();
    s.db = db::Database::open("sqlite:" + s.file, 1);
  } else {
    {
      auto admin = db::Database::open(base, 1);
      auto c = admin->acquire();
      c->exec_script("CREATE DATABASE " + name);
    }
    s.db = db::Database::open(pg_with_db(base, name), 1);
  }
  auto c = s.db->acquire();
  db::migrate(*c);
  c->exec_script("INSERT INTO store_meta(key, value) VALUES ('ledger_hash', '" + hash + "')");
  // The baseline: the shape of ledger_entries (columns, key, foreign key, indexes), no ledger.
  c->exec_script(
      "CREATE TABLE bench_plain (seq BIGINT PRIMARY KEY, at TEXT NOT NULL, actor_id BIGINT NOT NULL, bureau_id BIGINT "
      "NOT NULL, action TEXT NOT NULL, subject_kind TEXT NOT NULL, subject_id TEXT NOT NULL, change TEXT NOT NULL, "
      "change_hash TEXT NOT NULL, corrects BIGINT REFERENCES bench_plain(seq));"
      "CREATE INDEX bench_plain_subject ON bench_plain(subject_kind, subject_id);"
      "CREATE INDEX bench_plain_actor ON bench_plain(actor_id, seq);"
      "CREATE INDEX bench_plain_action ON bench_plain(action, seq);");
  return s;
}

void drop_store(Store& s) {
  s.db.reset();
  if (!s.file.empty())
    for (const char* suf : {"", "-wal", "-shm"}) std::filesystem::remove(s.file + suf);
}

// A realistic change: a user's fields before and after an edit (about 200 bytes canonical). Not
// in ledger::record_row's {"table","row"} form, so verify does not look for a users table.
nlohmann::json change_of(int64_t i) {
  char phone[16];
  std::snprintf(phone, sizeof phone, "138%08lld", static_cast<long long>((i * 7919) % 100000000));
  return {{"user_id", 1000 + i},
          {"before", {{"role", "inspector"}, {"status", "pending"}}},
          {"after",
           {{"bureau_id", 1 + i % 7},
            {"display_name", "执法人员" + std::to_string(i % 1000)},
            {"phone", phone},
            {"role", i % 5 == 0 ? "bureau_admin" : "inspector"},
            {"status", "active"},
            {"username", "insp_" + std::to_string(i)}}}};
}
ledger::Actor actor_of(int64_t i) { return {1 + i % 50, 1 + i % 7}; }

struct Run {
  int64_t n = 0;
  double secs = 0;
  double cpu = 0;  // client CPU seconds
  double rate() const { return secs > 0 ? double(n) / secs : 0; }
};

Run append_ledger(db::Connection& c, int64_t n, int64_t b, double max_secs) {
  Run r;
  double c0 = cpu_seconds();
  auto t0 = Clock::now();
  while (r.n < n && seconds_since(t0) < max_secs) {
    db::Transaction tx(c);
    for (int64_t j = 0; j < b && r.n < n; ++j, ++r.n)
      ledger::record(c, actor_of(r.n), "user.update", "user", std::to_string(1000 + r.n), change_of(r.n));
    tx.commit();
  }
  r.secs = seconds_since(t0);
  r.cpu = cpu_seconds() - c0;
  return r;
}

Run append_plain(db::Connection& c, int64_t n, int64_t b, double max_secs) {
  static const std::string kHash(64, 'a');  // the size of a hex SM3/SHA-256 hash; not computed
  Run r;
  double c0 = cpu_seconds();
  auto t0 = Clock::now();
  while (r.n < n && seconds_since(t0) < max_secs) {
    db::Transaction tx(c);
    for (int64_t j = 0; j < b && r.n < n; ++j, ++r.n) {
      auto a = actor_of(r.n);
      c.prepare(
           "INSERT INTO bench_plain(seq, at, actor_id, bureau_id, action, subject_kind, subject_id, change, "
           "change_hash, corrects) VALUES (?,?,?,?,?,?,?,?,?,?)")
          ->bind(r.n + 1)
          .bind(time::to_iso(time::now()))
          .bind(a.user_id)
          .bind(a.bureau_id)
          .bind("user.update")
          .bind("user")
          .bind(std::to_string(1000 + r.n))
          .bind(canonical_json(change_of(r.n)))
          .bind(kHash)
          .bind(nullptr)
          .exec();
    }
    tx.commit();
  }
  r.secs = seconds_since(t0);
  r.cpu = cpu_seconds() - c0;
  return r;
}

int cmd_append(const std::string& base, int64_t n, int64_t b, double max_secs) {
  const char* store = base.rfind("sqlite:", 0) == 0 ? "SQLite" : "PostgreSQL";
  // Baseline first, then the ledger, each in a fresh store.
  Store sp = fresh_store(base, "sm3");
  Run plain;
  {
    auto c = sp.db->acquire();
    plain = append_plain(*c, n, b, max_secs);
  }
  drop_store(sp);
  Store sl = fresh_store(base, "sm3");
  Run led;
  {
    auto c = sl.db->acquire();
    led = append_ledger(*c, n, b, max_secs);
    if (ledger::size(*c) != led.n) throw std::runtime_error("ledger size mismatch");
  }
  drop_store(sl);
  std::printf("| %s | %lld | %lld / %lld | %.0f | %.0f | %.2f |\n", store, static_cast<long long>(b),
              static_cast<long long>(led.n), static_cast<long long>(plain.n), led.rate(), plain.rate(),
              led.rate() / plain.rate());
  std::printf("# append %s B=%lld: ledger %lld in %.2fs (client CPU %.1f us/entry), plain %lld in %.2fs (client CPU %.1f us/entry)\n",
              store, static_cast<long long>(b), static_cast<long long>(led.n), led.secs, 1e6 * led.cpu / double(led.n),
              static_cast<long long>(plain.n), plain.secs, 1e6 * plain.cpu / double(plain.n));
  return 0;
}

std::string raw_digest(const EVP_MD* md, const std::string& data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  if (!EVP_Digest(data.data(), data.size(), out, &len, md, nullptr)) throw std::runtime_error("digest");
  return std::string(reinterpret_cast<char*>(out), len);
}

int cmd_verify(const std::string& base, int64_t n, const std::string& hash) {
  Store s = fresh_store(base, hash);
  {
  auto c = s.db->acquire();
  Run build = append_ledger(*c, n, 10000, 1e9);
  if (s.file.size()) c->exec_script("PRAGMA wal_checkpoint(TRUNCATE)");
  std::printf("# built %lld entries with ledger::record in transactions of 10000: %.1fs (%.0f/s)\n",
              static_cast<long long>(build.n), build.secs, build.rate());

  // The inputs verify hashes, read back outside the timing: the change, 0x00 || leaf bytes.
  std::vector<std::string> changes, leaves;
  changes.reserve(size_t(n));
  leaves.reserve(size_t(n));
  double entry_bytes = 0, change_bytes = 0;
  {
    auto q = c->prepare(
        "SELECT seq, at, actor_id, bureau_id, action, subject_kind, subject_id, change, change_hash, corrects FROM "
        "ledger_entries ORDER BY seq");
    while (q->step()) {
      const auto& r = q->row();
      ledger::Entry e{r.i64(0), r.text(1), r.i64(2), r.i64(3), r.text(4), r.text(5), r.text(6), r.text(7), r.text(8), r.opt_i64(9)};
      std::string leaf = ledger::entry_bytes(e);
      entry_bytes += double(e.change.size() + leaf.size());
      change_bytes += double(e.change.size());
      changes.push_back(std::move(e.change));
      leaves.push_back('\0' + leaf);
    }
  }

  // The store's pages are in the page cache (just written and read back): this is CPU, not disk.
  auto t0 = Clock::now();
  // Where verify spends its time: the moment each phase (as its progress names it) is first seen.
  std::vector<std::pair<std::string, double>> phases;
  auto rep = ledger::verify(*c, "", [&](const char* phase, int64_t, int64_t) {
    if (phases.empty() || phases.back().first != phase) phases.emplace_back(phase, seconds_since(t0));
  });
  double vsecs = seconds_since(t0);
  std::printf("# verify phases (start, s):");
  for (const auto& [name, at] : phases) std::printf(" %s %.2f", name.c_str(), at);
  std::printf(" end %.2f\n", vsecs);
  if (!rep.ok) throw std::runtime_error("verify failed: " + rep.problem);

  // Raw hashing of exactly those inputs: change, leaf, and the n - 1 interior nodes.
  EVP_MD* md = EVP_MD_fetch(nullptr, hash == "sm3" ? "SM3" : "SHA256", nullptr);
  int64_t calls = 0;
  double hashed = 0, node_bytes = 0;
  auto t1 = Clock::now();
  std::vector<std::string> level;
  level.reserve(leaves.size());
  for (size_t i = 0; i < leaves.size(); ++i) {
    raw_digest(md, changes[i]);
    level.push_back(raw_digest(md, leaves[i]));
    calls += 2;
    hashed += double(changes[i].size() + leaves[i].size());
  }
  std::string buf;
  while (level.size() > 1) {
    std::vector<std::string> up;
    up.reserve(level.size() / 2);
    for (size_t i = 0; i + 1 < level.size(); i += 2) {
      buf.assign(1, '\x01');
      buf += level[i];
      buf += level[i + 1];
      up.push_back(raw_digest(md, buf));
      ++calls;
      node_bytes += double(buf.size());
    }
    level = std::move(up);
  }
  double hsecs = seconds_since(t1);
  EVP_MD_free(md);
  double mb = entry_bytes / 1e6;
  std::printf("| verify %s %s | %lld | %.2f | %.0f | %.1f | %.2f | %.1f | %.2f |\n",
              s.file.empty() ? "PostgreSQL" : "SQLite", hash.c_str(), static_cast<long long>(rep.entries), vsecs,
              double(rep.entries) / vsecs, mb / vsecs, hsecs, mb / hsecs, hsecs / vsecs);
  std::printf("# verify: %lld entries, %lld nodes compared; raw hashing: %lld digest calls (%.2f per entry), "
              "%.1f MB change+leaf input (%.0f B/entry) + %.1f MB node input (65 B each)\n",
              static_cast<long long>(rep.entries), static_cast<long long>(rep.nodes), static_cast<long long>(calls),
              double(calls) / double(n), hashed / 1e6, hashed / double(n), node_bytes / 1e6);
  std::printf("# per entry on average: change %.0f B, leaf bytes %.0f B (hashed with the 0x00 prefix)\n",
              change_bytes / double(n), (entry_bytes - change_bytes) / double(n));
  std::printf("# HASHSTATS entries=%lld change_leaf_bytes=%.0f node_calls=%lld verify_secs=%.4f\n",
              static_cast<long long>(rep.entries), hashed, static_cast<long long>(calls - 2 * n), vsecs);
  }
  drop_store(s);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    std::vector<std::string> a(argv + 1, argv + argc);
    if (a.size() == 5 && a[0] == "append") return cmd_append(a[1], std::stoll(a[2]), std::stoll(a[3]), std::stod(a[4]));
    if (a.size() == 4 && a[0] == "verify") return cmd_verify(a[1], std::stoll(a[2]), a[3]);
    std::cerr << "usage: zhifa_ledger_bench append BASE N B MAX_SECONDS | verify BASE N sm3|sha256\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "zhifa_ledger_bench: " << e.what() << "\n";
    return 1;
  }
}
