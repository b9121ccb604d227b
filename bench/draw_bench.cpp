// Draw benchmarks (issue 5, item 9), run by bench/draw.sh. A stratified 3% draw (strata by
// division, ratios raised for dishonest and high-risk units) with Chengde's rules (no repeat within
// three years, key units every year, seriously dishonest units every half year):
//
//   engine N            N objects and 300 inspectors generated in memory; times draw::run (with
//                       the pool root given, as the server has it from the commit), then the pool
//                       root alone, then run with teams of 2.
//   store BASE N        a fresh store, migrated, holding a province bureau, its 100 counties and
//                       N survey objects (credit codes in no relation to insertion order) with
//                       40% of them checked in survey_object_checks, filled by SQL, not timed;
//                       DRAW_BENCH_KEEP=1 reuses a store that already holds the N objects. Then
//                       (a) zhifa: the commit's own read (draw::add_registry_objects, through
//                           registry::for_each_draw_candidate), the file order (sort_pool), run;
//                       (b) the pool root, shown apart (the commit computes it before any
//                           randomness exists);
//                       (c) the SQL a typical system runs, same store, same run, in its best form:
//                           one pass gathers the candidates with their latest check into a
//                           temporary table indexed by division, then the rule queries, a count per
//                           stratum, and `ORDER BY random() LIMIT k` per stratum.
//
// Output: lines starting with "| " (Markdown rows) and "# " (notes).
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <stdexcept>
#include <thread>

#include "base/time.h"
#include "db/db.h"
#include "draw/engine.h"
#include "draw/sessions.h"

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

// Credit codes in an order unrelated to the rows' insertion (a registry is imported county by
// county, not sorted): the murmur finaliser is a bijection, so the 16 hex digits are unique.
std::string shuffled_code(uint64_t i) {
  char b[32];
  snprintf(b, sizeof b, "91%016llX", (unsigned long long)mix(i + 0x9e3779b97f4a7c15ull));
  return b;
}

// The registry's own tables (the migrated schema): a province bureau and its 100 counties, the
// objects with their credit and risk, and one row in survey_object_checks per object checked.
void fill_registry(db::Connection& c, uint64_t n) {
  const std::string at = "2027-01-01T00:00:00+08:00";
  c.begin();
  c.prepare("INSERT INTO bureaus (parent_id, code, division_code, name, level, created_at) VALUES (NULL, 'P', '130000', '省统计局', 'province', ?)")
      ->bind(at).exec();
  c.exec_script("UPDATE bureaus SET path = '/' || CAST(id AS TEXT) || '/' WHERE code = 'P'");
  std::map<std::string, int64_t> county;
  draw::Pool g = generate(n);
  std::set<uint32_t> divisions;
  for (const auto& o : g.objects) divisions.insert(o.division);
  for (uint32_t d : divisions) {
    const std::string& t = g.text(d);
    c.prepare("INSERT INTO bureaus (parent_id, code, division_code, name, level, created_at) SELECT id, ?, ?, ?, 'county', ? FROM bureaus WHERE code = 'P'")
        ->bind("C" + t).bind(t).bind(t + "统计局").bind(at).exec();
    county[t] = 0;
  }
  c.exec_script("UPDATE bureaus SET path = '/' || CAST(parent_id AS TEXT) || '/' || CAST(id AS TEXT) || '/' WHERE parent_id IS NOT NULL");
  {
    auto q = c.prepare("SELECT division_code, id FROM bureaus WHERE level = 'county'");
    while (q->step()) county[q->row().text(0)] = q->row().i64(1);
  }
  c.commit();

  // 400 rows per INSERT, 100,000 per transaction; ids come out 1..n (checked below), which the
  // check rows use.
  const size_t per = 400;
  const char* cols =
      "INSERT INTO survey_objects (province_code, bureau_id, credit_code, name, division_code, address, industry_code, unit_category,"
      " online_reporting, key_unit, credit_status, risk_level, contact_name, contact_phone, created_at, updated_at) VALUES ";
  auto values = [&](size_t rows) {
    std::string sql = cols;
    for (size_t r = 0; r < rows; ++r) sql += std::string(r ? "," : "") + "('130000', ?, ?, ?, ?, '某路1号', ?, ?, 1, ?, ?, ?, '联系人', '0311-1234567', ?, ?)";
    return sql;
  };
  auto ins = c.prepare(values(per));
  c.begin();
  for (uint64_t i = 0; i < n; i += per) {
    if (i % 100000 == 0 && i > 0) {
      c.commit();
      c.begin();
    }
    size_t rows = size_t(std::min<uint64_t>(per, n - i));
    if (rows < per) ins = c.prepare(values(rows));
    for (size_t r = 0; r < rows; ++r) {
      const auto& o = g.objects[i + r];
      const std::string& credit = g.text(o.credit);
      const std::string& risk = g.text(o.risk);
      ins->bind(county.at(g.text(o.division))).bind(shuffled_code(i + r)).bind(o.name).bind(g.text(o.division)).bind(g.text(o.industry));
      ins->bind(g.text(o.category)).bind(int64_t(o.key_unit));
      ins->bind(credit.empty() ? std::optional<std::string>() : credit).bind(risk.empty() ? std::optional<std::string>() : risk);
      ins->bind(at).bind(at);
    }
    ins->step();
    ins->reset();
  }
  c.commit();
  {
    auto q = c.prepare("SELECT MIN(id), MAX(id), COUNT(*) FROM survey_objects");
    q->step();
    if (q->row().i64(0) != 1 || q->row().i64(1) != int64_t(n) || q->row().i64(2) != int64_t(n))
      throw std::runtime_error("survey_objects ids are not 1..n");
  }
  // The checks, 500 per INSERT.
  std::vector<std::pair<int64_t, std::string>> checks;
  for (uint64_t i = 0; i < n; ++i)
    if (g.objects[i].last_check >= 0) checks.emplace_back(int64_t(i + 1), time::Date::from_days(g.objects[i].last_check).str());
  auto check_values = [&](size_t rows) {
    std::string sql = "INSERT INTO survey_object_checks (object_id, checked_on, note, recorded_by, recorded_at) VALUES ";
    for (size_t r = 0; r < rows; ++r) sql += std::string(r ? "," : "") + "(?, ?, '', 1, ?)";
    return sql;
  };
  const size_t cper = 500;
  auto chk = c.prepare(check_values(cper));
  c.begin();
  for (size_t i = 0; i < checks.size(); i += cper) {
    size_t rows = std::min(cper, checks.size() - i);
    if (rows < cper) chk = c.prepare(check_values(rows));
    for (size_t r = 0; r < rows; ++r) chk->bind(checks[i + r].first).bind(checks[i + r].second).bind(at);
    chk->step();
    chk->reset();
  }
  c.commit();
}

int store(const std::string& base, uint64_t n) {
  // DRAW_BENCH_KEEP=1 reuses a store that already holds the n rows (when trying a change).
  const bool keep = getenv("DRAW_BENCH_KEEP") && std::string(getenv("DRAW_BENCH_KEEP")) == "1";
  auto db = db::Database::open(keep ? (base.rfind("sqlite:", 0) == 0 ? "sqlite:" + base.substr(7) + "/draw_bench.db" : base) : fresh_store(base), 2);
  auto lease = db->acquire();
  db::Connection& c = *lease;
  bool pg = c.dialect() == db::Dialect::postgres;
  db::migrate(c);
  auto t0 = Clock::now();
  bool filled = false;
  if (keep) {
    auto q = c.prepare("SELECT COUNT(*) FROM survey_objects");
    q->step();
    filled = q->row().i64(0) == int64_t(n);
  }
  if (!filled) {
    fill_registry(c, n);
    c.exec_script(pg ? "VACUUM ANALYZE" : "ANALYZE");
    std::cout << "# filled " << n << " registry rows in " << since(t0) << " s (" << (pg ? "PostgreSQL" : "SQLite") << ")\n";
  }
  const time::Date day{2027, 3, 1};
  std::string province_path;
  {
    auto q = c.prepare("SELECT path FROM bureaus WHERE code = 'P'");
    q->step();
    province_path = q->row().text(0);
  }

  // zhifa: the commit's own read (draw::add_registry_objects, as build_pool calls it) and the
  // file order, then the engine.
  t0 = Clock::now();
  draw::Pool pool;
  pool.objects.reserve(n);
  {
    db::Transaction tx(c);
    draw::add_registry_objects(c, "survey_object", {province_path}, day, pool);
    tx.commit();
  }
  double fetch_s = since(t0);
  draw::sort_pool(pool);
  double read_s = since(t0);
  std::cout << "# read " << fetch_s << " s, sorted in " << read_s - fetch_s << " s\n";
  if (pool.objects.size() != n) throw std::runtime_error("the pool holds " + std::to_string(pool.objects.size()) + " objects");
  t0 = Clock::now();
  std::string root = draw::pool_root(crypto::Hash::sm3, pool);
  double root_s = since(t0);
  t0 = Clock::now();
  draw::Result res = draw::draw(pool, params(false), "12 34 56", root);
  double run_s = since(t0);
  size_t zhifa_selected = res.selected.size();

  // The baseline: what a typical system runs for the same plan over the same tables, in its best
  // form: one pass gathers each candidate's division, credit, risk and latest check into a temporary
  // table indexed by division (a subquery per row would be looked up again for every condition
  // that names it), then the rules and ratio classes in SQL, a count per stratum, and
  // `ORDER BY random() LIMIT k` per stratum.
  t0 = Clock::now();
  size_t base_selected = 0;
  {
    db::Transaction tx(c);
    c.exec_script(
        "CREATE TEMP TABLE bench_candidates AS SELECT o.credit_code, o.division_code AS division, o.key_unit,"
        " COALESCE(o.credit_status, '') AS credit, COALESCE(o.risk_level, '') AS risk, m.last_check FROM survey_objects o"
        " JOIN bureaus b ON b.id = o.bureau_id LEFT JOIN (SELECT object_id, MAX(checked_on) AS last_check FROM survey_object_checks"
        " WHERE checked_on <= '2027-03-01' GROUP BY object_id) m ON m.object_id = o.id WHERE b.path LIKE '" + province_path + "%'");
    c.exec_script("CREATE INDEX bench_candidates_division ON bench_candidates (division)");
    c.exec_script(pg ? "ANALYZE bench_candidates" : "ANALYZE temp.bench_candidates");
    std::string cutoff = "2024-03-01", y0 = "2027-01-01", h0 = "2027-01-01";
    std::string due = "((key_unit = 1 AND (last_check IS NULL OR last_check < '" + y0 +
                      "')) OR (credit = 'seriously_dishonest' AND (last_check IS NULL OR last_check < '" + h0 + "')))";
    auto forced = c.prepare("SELECT credit_code FROM bench_candidates WHERE " + due);
    while (forced->step()) ++base_selected;
    forced.reset();
    std::string ratio =
        "CASE WHEN credit = 'dishonest' OR risk = 'high' THEN 1000 WHEN credit = 'trustworthy' THEN 200 ELSE 300 END";
    std::string candidate = "NOT " + due + " AND (last_check IS NULL OR last_check <= '" + cutoff + "')";
    auto counts = c.prepare("SELECT division, " + ratio + " AS r, COUNT(*) FROM bench_candidates WHERE " + candidate + " GROUP BY 1, 2 ORDER BY 1, 2");
    std::vector<std::tuple<std::string, int64_t, int64_t>> strata;
    while (counts->step()) strata.emplace_back(counts->row().text(0), counts->row().i64(1), counts->row().i64(2));
    counts.reset();
    auto pick = c.prepare("SELECT credit_code FROM bench_candidates WHERE division = ? AND " + ratio + " = ? AND " + candidate +
                          " ORDER BY random() LIMIT ?");
    for (const auto& [div, r, cnt] : strata) {
      int64_t k = (cnt * r + 9999) / 10000;
      pick->bind(div).bind(r).bind(k);
      while (pick->step()) ++base_selected;
      pick->reset();
    }
    pick.reset();
    c.exec_script("DROP TABLE bench_candidates");
    tx.commit();
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
