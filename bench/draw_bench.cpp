// Draw benchmarks (issue 5, item 9), run by bench/draw.sh. A stratified 3% draw (strata by
// division, ratios raised for dishonest and high-risk units) with Chengde's rules (no repeat within
// three years, key units every year, seriously dishonest units every half year):
//
//   engine N            N objects and 300 inspectors generated in memory; times draw::run (with
//                       the pool root given, as the server has it from the commit), then the pool
//                       root alone, then run with teams of 2.
//   store BASE N        N rows in a table of a fresh store (filled by SQL, not timed), then
//                       (a) zhifa: read the pool in credit-code order, build draw::Pool, run;
//                       (b) the same with the pool root computed (a commit and a draw at once);
//                       (c) the SQL a typical system runs, same store, same run: per division the
//                       count, then `ORDER BY random() LIMIT k` over the rows that pass the rules,
//                       plus the rule queries for key units and seriously dishonest units.
//
// Output: lines starting with "| " (Markdown rows) and "# " (notes).
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <thread>

#include "base/time.h"
#include "db/db.h"
#include "draw/engine.h"

using namespace zhifa;
using nlohmann::json;

namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }
long peak_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024;
}

// Per mille: 0.2% seriously dishonest, 1.8% dishonest, 3% abnormal, 75% trustworthy, the rest unrated.
const char* credit_of(uint64_t h) {
  uint64_t x = h % 1000;
  return x < 2 ? "seriously_dishonest" : x < 20 ? "dishonest" : x < 50 ? "abnormal" : x < 800 ? "trustworthy" : "";
}
const char* kRisk[] = {"low", "medium", "medium", "high", ""};
const char* kCategory[] = {"industry_above_scale", "wholesale_retail_above_limit", "services_above_scale", "construction_qualified",
                           "real_estate_development", "other"};

// Deterministic pseudo-random facts of object i (a registry's shape: 100 counties, 1% key units,
// 40% checked in the last five years, a few seriously dishonest).
uint64_t mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ull;
  return x ^ (x >> 33);
}
std::string credit_code(uint64_t i) {
  char b[64];
  snprintf(b, sizeof b, "91%08lluMA%06llu", (unsigned long long)(i / 1000000), (unsigned long long)(i % 1000000));
  return b;
}
std::string division(uint64_t i) { return "13" + std::to_string(10 + mix(i) % 10) + std::to_string(10 + mix(i + 1) % 10) + "0" + std::to_string(mix(i) % 10); }

json params(bool team) {
  json p = {{"algorithm", "zhifa-draw/1"},
            {"hash", "sm3"},
            {"date", "2027-03-01"},
            {"mode", "random"},
            {"strata", {"division"}},
            {"ratio_bp", 300},
            {"credit_ratios_bp", {{"dishonest", 1000}, {"trustworthy", 200}}},
            {"risk_ratios_bp", {{"high", 1000}}},
            {"min_ratio_bp", 0},
            {"rules", {{"no_repeat_years", 3}, {"key_units_every_year", true}, {"seriously_dishonest_every_half_year", true}}}};
  if (team) p["team"] = {{"size", 2}, {"load_spread", 1}};
  return p;
}

draw::Pool generate(uint64_t n) {
  draw::Pool pool;
  pool.objects.reserve(n);
  int32_t today = int32_t(time::Date{2027, 3, 1}.days());
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t h = mix(i * 7 + 3);
    draw::Object o;
    o.id = credit_code(i);
    o.name = "企业" + std::to_string(i);
    o.division = pool.intern(division(i));
    o.industry = pool.intern("C13");
    o.category = pool.intern(kCategory[h % 6]);
    o.credit = pool.intern(credit_of(h >> 8));
    o.risk = pool.intern(kRisk[(h >> 16) % 5]);
    o.key_unit = (h >> 24) % 100 == 0;
    o.key_unit_text = o.key_unit ? 2 : 1;
    if ((h >> 32) % 10 < 4) o.last_check = today - int32_t((h >> 40) % 1826);
    pool.objects.push_back(std::move(o));
  }
  for (int i = 0; i < 300; ++i) {
    draw::Inspector in;
    char id[16];
    snprintf(id, sizeof id, "13080%05d", i);
    in.id = id;
    in.name = "执法人员" + std::to_string(i);
    in.status = "active";
    in.valid_from = "2024-01-01";
    in.valid_to = "2029-12-31";
    in.specialties = {"industry"};
    if (i % 10 == 0) in.conflicts = {"division:" + division(uint64_t(i))};
    pool.inspectors.push_back(std::move(in));
  }
  return pool;
}

int engine(uint64_t n) {
  auto t0 = Clock::now();
  draw::Pool pool = generate(n);
  std::cout << "# generated " << n << " objects in " << since(t0) << " s\n";
  t0 = Clock::now();
  std::string root = draw::pool_root(crypto::Hash::sm3, pool);
  double root_s = since(t0);
  // The engine (rules, allocation, selection) three times, best of three; then the certificate.
  double best = 1e9;
  draw::Result res;
  for (int r = 0; r < 3; ++r) {
    t0 = Clock::now();
    res = draw::draw(pool, params(false), "12 34 56 " + std::to_string(r), root);
    best = std::min(best, since(t0));
  }
  t0 = Clock::now();
  json cert = draw::certificate(pool, res);
  double cert_s = since(t0);
  size_t cert_bytes = cert.dump().size();
  t0 = Clock::now();
  draw::Result teams = draw::draw(pool, params(true), "12 34 56", root);
  double team_s = since(t0);
  auto row = [&](const std::string& what, const draw::Result& r, double secs) {
    std::cout << "| " << what << " | " << n << " | " << r.forced << " | " << r.removed.size() << " | " << r.selected.size() - r.forced << " | "
              << secs << " |\n";
  };
  row("engine: rules, strata, selection", res, best);
  row("engine with teams of 2 from 300 inspectors", teams, team_s);
  std::cout << "| certificate JSON (" << cert_bytes / 1000000 << " MB) | " << n << " | | | | " << cert_s << " |\n";
  std::cout << "| pool root (SM3, " << std::thread::hardware_concurrency() << " threads) | " << n << " | | | | " << root_s << " |\n";
  std::cout << "# peak RSS " << peak_rss_mb() << " MB\n";
  return 0;
}

std::string fresh_store(const std::string& base) {
  if (base.rfind("sqlite:", 0) == 0) {
    std::string dir = base.substr(7);
    std::filesystem::create_directories(dir);
    std::string f = dir + "/draw_bench.db";
    std::filesystem::remove(f);
    std::filesystem::remove(f + "-wal");
    std::filesystem::remove(f + "-shm");
    return "sqlite:" + f;
  }
  return base;
}

int store(const std::string& base, uint64_t n) {
  auto db = db::Database::open(fresh_store(base), 1);
  auto lease = db->acquire();
  db::Connection& c = *lease;
  bool pg = c.dialect() == db::Dialect::postgres;
  c.exec_script("DROP TABLE IF EXISTS bench_objects");
  // Credit codes rise with the row number, as the pool's order needs; the baseline gets the index
  // on division a typical system has.
  c.exec_script(
      "CREATE TABLE bench_objects (credit_code TEXT PRIMARY KEY, name TEXT NOT NULL, division TEXT NOT NULL, industry TEXT NOT NULL,"
      " category TEXT NOT NULL, credit TEXT NOT NULL, risk TEXT NOT NULL, key_unit INTEGER NOT NULL, last_check TEXT)" +
      std::string(pg ? "" : " WITHOUT ROWID"));
  auto t0 = Clock::now();
  {
    // Filled from the same generator, 500 rows per INSERT, 100,000 per transaction.
    draw::Pool g = generate(n);
    const size_t per = 500;
    std::string sql = "INSERT INTO bench_objects VALUES ";
    for (size_t r = 0; r < per; ++r) sql += std::string(r ? "," : "") + "(?, ?, ?, ?, ?, ?, ?, ?, ?)";
    auto ins = c.prepare(sql);
    c.begin();
    for (uint64_t i = 0; i < n; i += per) {
      if (i % 100000 == 0 && i > 0) {
        c.commit();
        c.begin();
      }
      size_t rows = size_t(std::min<uint64_t>(per, n - i));
      if (rows < per) {
        std::string tail = "INSERT INTO bench_objects VALUES ";
        for (size_t r = 0; r < rows; ++r) tail += std::string(r ? "," : "") + "(?, ?, ?, ?, ?, ?, ?, ?, ?)";
        ins = c.prepare(tail);
      }
      for (size_t r = 0; r < rows; ++r) {
        const auto& o = g.objects[i + r];
        ins->bind(o.id).bind(o.name).bind(g.text(o.division)).bind(g.text(o.industry)).bind(g.text(o.category)).bind(g.text(o.credit));
        ins->bind(g.text(o.risk)).bind(int64_t(o.key_unit));
        ins->bind(o.last_check < 0 ? std::optional<std::string>() : time::Date::from_days(o.last_check).str());
      }
      ins->step();
      ins->reset();
    }
    c.commit();
  }
  c.exec_script("CREATE INDEX bench_objects_division ON bench_objects (division)");
  c.exec_script(pg ? "VACUUM ANALYZE bench_objects" : "ANALYZE");
  std::cout << "# filled " << n << " rows in " << since(t0) << " s (" << (pg ? "PostgreSQL" : "SQLite") << ")\n";

  auto read_pool = [&] {
    draw::Pool pool;
    pool.objects.reserve(n);
    // Streamed: the whole result of ten million rows would otherwise sit in libpq's memory.
    auto q = c.stream("SELECT credit_code, name, division, industry, category, credit, risk, key_unit, last_check FROM bench_objects ORDER BY credit_code");
    while (q->step()) {
      const auto& r = q->row();
      draw::Object o;
      o.id = r.text(0);
      o.name = r.text(1);
      o.division = pool.intern(r.view(2));
      o.industry = pool.intern(r.view(3));
      o.category = pool.intern(r.view(4));
      o.credit = pool.intern(r.view(5));
      o.risk = pool.intern(r.view(6));
      o.key_unit = r.i64(7) != 0;
      o.key_unit_text = o.key_unit ? 2 : 1;
      if (!r.is_null(8)) o.last_check = int32_t(time::parse_date(r.view(8))->days());
      pool.objects.push_back(std::move(o));
    }
    return pool;
  };
  t0 = Clock::now();
  draw::Pool pool = read_pool();
  double read_s = since(t0);
  t0 = Clock::now();
  std::string root = draw::pool_root(crypto::Hash::sm3, pool);
  double root_s = since(t0);
  t0 = Clock::now();
  draw::Result res = draw::draw(pool, params(false), "12 34 56", root);
  double run_s = since(t0);
  size_t zhifa_selected = res.selected.size();

  // The baseline: what a typical system runs for the same plan.
  t0 = Clock::now();
  size_t base_selected = 0;
  {
    std::string cutoff = "2024-03-01", y0 = "2027-01-01", h0 = "2027-01-01";
    auto forced = c.prepare(
        "SELECT credit_code FROM bench_objects WHERE (key_unit = 1 AND (last_check IS NULL OR last_check < ?))"
        " OR (credit = 'seriously_dishonest' AND (last_check IS NULL OR last_check < ?))");
    forced->bind(y0).bind(h0);
    while (forced->step()) ++base_selected;
    forced.reset();
    // Strata by division and ratio class, as zhifa's, counted by SQL.
    std::string ratio =
        "CASE WHEN credit = 'dishonest' OR risk = 'high' THEN 1000 WHEN credit = 'trustworthy' THEN 200 ELSE 300 END";
    std::string candidate =
        "NOT ((key_unit = 1 AND (last_check IS NULL OR last_check < '" + y0 + "')) OR (credit = 'seriously_dishonest' AND (last_check IS NULL OR last_check < '" +
        h0 + "'))) AND (last_check IS NULL OR last_check <= '" + cutoff + "')";
    auto counts = c.prepare("SELECT division, " + ratio + " AS r, COUNT(*) FROM bench_objects WHERE " + candidate + " GROUP BY 1, 2 ORDER BY 1, 2");
    std::vector<std::tuple<std::string, int64_t, int64_t>> strata;
    while (counts->step()) strata.emplace_back(counts->row().text(0), counts->row().i64(1), counts->row().i64(2));
    counts.reset();
    auto pick = c.prepare("SELECT credit_code FROM bench_objects WHERE division = ? AND " + ratio + " = ? AND " + candidate +
                          " ORDER BY random() LIMIT ?");
    for (const auto& [div, r, cnt] : strata) {
      int64_t k = (cnt * r + 9999) / 10000;
      pick->bind(div).bind(r).bind(k);
      while (pick->step()) ++base_selected;
      pick->reset();
    }
  }
  double base_s = since(t0);
  std::cout << "| " << (pg ? "PostgreSQL" : "SQLite") << " | " << n << " | " << read_s << " | " << run_s << " | " << read_s + run_s << " | "
            << root_s << " | " << base_s << " | " << base_s / (read_s + run_s) << " | " << base_s / (read_s + run_s + root_s) << " | "
            << zhifa_selected << " / " << base_selected << " |\n";
  std::cout << "# peak RSS " << peak_rss_mb() << " MB\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    std::string mode = argc > 1 ? argv[1] : "";
    if (mode == "engine" && argc == 3) return engine(std::stoull(argv[2]));
    if (mode == "store" && argc == 4) return store(argv[2], std::stoull(argv[3]));
    std::cerr << "usage: zhifa_draw_bench engine N | store BASE N\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
}
