// The draw engine (docs/draw-algorithm.md) on its own: determinism, the rules, allocation,
// uniformity over many draws (chi-square at p = 0.001 over fixed randomness, so the test is
// reproducible and still fails on a biased draw), teams, the pool root against the ledger's
// Merkle code, malformed pools, and verify naming what changed. The independent Python
// implementation is held to the same certificates in tests/python/test_verify_draw.py.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "base/error.h"
#include "draw/engine.h"
#include "ledger/merkle.h"

namespace zhifa::draw {
namespace {

using nlohmann::json;

const char* kHeader =
    "kind,id,name,division,industry,category,credit,risk,key_unit,last_check,weight,department,status,valid_from,valid_to,specialties,"
    "conflicts,load\n";

std::string code(int i) {
  char b[32];
  snprintf(b, sizeof b, "91130800MA%07dX", i);
  return b;
}

struct Obj {
  std::string division = "130802", credit, risk, key_unit, last_check, weight, department;
};

// Inspectors I001.. then objects, in file order.
std::string pool_csv(const std::vector<Obj>& objs, int inspectors = 0, const std::map<int, std::string>& conflicts = {}) {
  std::string s = kHeader;
  for (int i = 1; i <= inspectors; ++i) {
    char id[16];
    snprintf(id, sizeof id, "I%03d", i);
    auto c = conflicts.count(i) ? conflicts.at(i) : "";
    s += std::string("inspector,") + id + ",人员" + std::to_string(i) + ",130800,,,,,,,,,active,2020-01-01,2030-12-31,industry," + c + ",\n";
  }
  for (size_t i = 0; i < objs.size(); ++i) {
    const auto& o = objs[i];
    s += "object," + code(int(i)) + ",单位" + std::to_string(i) + "," + o.division + ",C13,industry_above_scale," + o.credit + "," + o.risk + "," +
         o.key_unit + "," + o.last_check + "," + o.weight + "," + o.department + ",,,,,,\n";
  }
  return s;
}

json base_params(const std::string& mode = "random") {
  json p = {{"algorithm", "zhifa-draw/1"}, {"hash", "sm3"}, {"date", "2021-03-01"}, {"mode", mode}};
  if (mode == "random" || mode == "systematic") p["ratio_bp"] = 1000;
  return p;
}

std::vector<std::string> ids(const json& cert) {
  std::vector<std::string> v;
  for (const auto& s : cert["result"]["selected"]) v.push_back(s["id"]);
  return v;
}

// R: DR-6
TEST(DrawEngine, SameInputsSameCertificateAndTheSeedDependsOnEveryInput) {
  auto pool = read_pool(pool_csv(std::vector<Obj>(50)));
  auto a = run(pool, base_params(), "12 34 56");
  auto b = run(pool, base_params(), "  12 34 56\n");  // trimmed
  EXPECT_EQ(a, b);
  EXPECT_EQ(a["randomness"], "12 34 56");
  EXPECT_EQ(a["result"]["summary"]["selected"], 5);  // ceil(50 * 10%)
  EXPECT_NE(run(pool, base_params(), "12 34 57")["seed"], a["seed"]);
  auto p2 = base_params();
  p2["context"] = {{"plan", 1}};
  EXPECT_NE(run(pool, p2, "12 34 56")["seed"], a["seed"]);
  EXPECT_NE(run(read_pool(pool_csv(std::vector<Obj>(51))), base_params(), "12 34 56")["seed"], a["seed"]);
  EXPECT_EQ(verify(a, pool), std::nullopt);
}

std::string mth(crypto::Hash h, const std::vector<std::string>& leaves, size_t a, size_t b) {
  if (b - a == 1) return leaves[a];
  size_t k = 1;
  while (k * 2 < b - a) k *= 2;
  return ledger::merkle::node_hash(h, mth(h, leaves, a, a + k), mth(h, leaves, a + k, b));
}

// R: DR-6
TEST(DrawEngine, PoolRootIsTheRfc6962TreeOfTheRowsAsWritten) {
  for (int n : {1, 2, 3, 7, 8, 13}) {
    std::vector<Obj> objs(static_cast<size_t>(n));
    std::string csv = pool_csv(objs, 2);
    auto pool = read_pool(csv);
    EXPECT_EQ(write_pool(pool), csv);
    std::vector<std::string> leaves;
    size_t start = csv.find('\n') + 1;
    while (start < csv.size()) {
      size_t end = csv.find('\n', start);
      std::string line = csv.substr(start, end - start);
      std::replace(line.begin(), line.end(), ',', '\x1f');
      leaves.push_back(ledger::merkle::leaf_hash(crypto::Hash::sm3, line));
      start = end + 1;
    }
    EXPECT_EQ(pool_root(crypto::Hash::sm3, pool), mth(crypto::Hash::sm3, leaves, 0, leaves.size())) << n;
  }
}

// R: DR-6
TEST(DrawEngine, MalformedPoolsAreRefusedNamingLineAndColumn) {
  auto expect = [](const std::string& csv, const std::string& column, int line) {
    try {
      read_pool(csv);
      ADD_FAILURE() << "accepted: " << csv;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), "draw.pool_invalid");
      EXPECT_EQ(e.details()["line"], line) << e.message();
      EXPECT_EQ(e.details()["column"], column) << e.message();
    }
  };
  std::string ok = pool_csv(std::vector<Obj>(2));
  expect("kind,id\n", "", 1);
  std::string unsorted = std::string(kHeader) + "object,B,,,,,,,,,,,,,,,,\nobject,A,,,,,,,,,,,,,,,,\n";
  expect(unsorted, "id", 3);
  expect(std::string(kHeader) + "object,A,,,,,,,,,,,,,,,,\nobject,A,,,,,,,,,,,,,,,,\n", "id", 3);
  expect(std::string(kHeader) + "object,A,,,,,good,,,,,,,,,,,\n", "credit", 2);
  expect(std::string(kHeader) + "object,A,,,,,,,,2021-02-30,,,,,,,,\n", "last_check", 2);
  expect(std::string(kHeader) + "object,A,,,,,,,,,01,,,,,,,\n", "weight", 2);
  expect(std::string(kHeader) + "object,A,,,,,,,,,,,active,,,,,\n", "status", 2);
  expect(std::string(kHeader) + "inspector,I,,,,,,,,,,,active,2020-01-01,,,,\nobject,A,,,,,,,,,,,,,,,,\n", "valid_to", 2);
  expect(std::string(kHeader) + "inspector,I,,,,,,,,,,,active,2020-01-01,2030-01-01,,friend:x,\nobject,A,,,,,,,,,,,,,,,,\n", "conflicts", 2);
  expect(std::string(kHeader) + "object,\"A\tB\",,,,,,,,,,,,,,,,\n", "id", 2);
  expect(std::string(kHeader) + "inspector,I,,,,,,,,,,,active,2020-01-01,2030-01-01,,,\n", "", 1);  // no objects
}

// R: DR-13
TEST(DrawEngine, RulesPlaceAndRemoveObjectsAndTheCertificateSaysWhich) {
  std::vector<Obj> objs(40);
  objs[0].key_unit = "1";                                       // never checked: placed
  objs[1].key_unit = "1", objs[1].last_check = "2021-01-05";    // checked this year: not placed, and recent: removed
  objs[2].key_unit = "1", objs[2].last_check = "2019-06-01";    // key unit wins over no-repeat
  objs[3].credit = "seriously_dishonest", objs[3].last_check = "2020-12-31";  // previous half: placed
  objs[4].credit = "seriously_dishonest", objs[4].last_check = "2021-01-10";  // this half: removed (recent)
  objs[5].last_check = "2018-03-01";                            // exactly three years: a candidate
  objs[6].last_check = "2018-03-02";                            // within three years: removed
  auto p = base_params();
  p["rules"] = {{"no_repeat_years", 3}, {"key_units_every_year", true}, {"seriously_dishonest_every_half_year", true}};
  auto cert = run(read_pool(pool_csv(objs)), p, "r");
  const auto& sel = cert["result"]["selected"];
  EXPECT_EQ(sel[0]["id"], code(0));
  EXPECT_EQ(sel[0]["rule"], "key_unit");
  EXPECT_EQ(sel[1]["id"], code(2));
  EXPECT_EQ(sel[1]["rule"], "key_unit");
  EXPECT_EQ(sel[2]["id"], code(3));
  EXPECT_EQ(sel[2]["rule"], "seriously_dishonest");
  std::set<std::string> removed;
  for (const auto& r : cert["result"]["removed"]) {
    EXPECT_EQ(r["rule"], "recently_checked");
    removed.insert(r["id"]);
  }
  EXPECT_EQ(removed, (std::set<std::string>{code(1), code(4), code(6)}));
  EXPECT_EQ(cert["result"]["summary"]["candidates"], 34);
  EXPECT_EQ(cert["result"]["summary"]["drawn"], 4);  // ceil(34 * 10%)
}

// R: DR-5, DR-13
TEST(DrawEngine, AllocationIsLargestRemainderAndTheFloorRaisesTheTotal) {
  std::vector<Obj> objs;
  for (int i = 0; i < 5; ++i) objs.push_back({.division = "130802"});
  for (int i = 0; i < 3; ++i) objs.push_back({.division = "130803"});
  auto p = base_params();
  p["strata"] = {"division"};
  p["ratio_bp"] = 5000;
  auto pool = read_pool(pool_csv(objs));
  for (const char* r : {"a", "b", "c", "d"}) {
    auto cert = run(pool, p, r);
    const auto& st = cert["result"]["strata"];
    ASSERT_EQ(st.size(), 2u);
    EXPECT_EQ(st[0]["key"], json({{"division", "130802"}, {"ratio_bp", 5000}}));
    // 2.5 and 1.5: both remainders equal, the tie-break order gives one of them the fourth.
    int a = st[0]["drawn"], b = st[1]["drawn"];
    EXPECT_EQ(a + b, 4);
    EXPECT_TRUE((a == 3 && b == 1) || (a == 2 && b == 2)) << a << " " << b;
  }
  // The floor: 5% of 8 is 1, so it changes nothing; 60% of 8 is 5 (ceil 4.8).
  p["min_ratio_bp"] = 6000;
  EXPECT_EQ(run(pool, p, "a")["result"]["summary"]["selected"], 5);
  // Differentiated ratios split strata: dishonest units at 100% are all taken.
  objs[0].credit = objs[5].credit = "dishonest";
  p.erase("min_ratio_bp");
  p["ratio_bp"] = 1000;
  p["credit_ratios_bp"] = {{"dishonest", 10000}, {"trustworthy", 500}};
  auto cert = run(read_pool(pool_csv(objs)), p, "a");
  std::set<std::string> got;
  for (const auto& s : cert["result"]["selected"]) got.insert(s["id"]);
  EXPECT_TRUE(got.count(code(0)) && got.count(code(5)));
  EXPECT_EQ(cert["result"]["strata"].size(), 4u);
}

// The chance of each object over many draws: chi-square with n-1 degrees of freedom.
double chi_square(const std::map<std::string, int>& hits, size_t n, double expected) {
  double x = 0;
  for (size_t i = 0; i < n; ++i) {
    auto it = hits.find(code(int(i)));
    double o = it == hits.end() ? 0 : it->second;
    x += (o - expected) * (o - expected) / expected;
  }
  return x;
}

// R: DR-6
TEST(DrawEngine, EveryObjectInAStratumHasTheSameChance) {
  // 20 objects, 3 drawn (15%), 4000 draws: 600 expected each; chi-square(19) at p = 0.001 is 43.82.
  auto pool = read_pool(pool_csv(std::vector<Obj>(20)));
  for (const char* mode : {"random", "systematic"}) {
    auto p = base_params(mode);
    p["ratio_bp"] = 1500;
    std::map<std::string, int> hits;
    for (int t = 0; t < 4000; ++t)
      for (const auto& id : ids(run(pool, p, "trial " + std::to_string(t)))) ++hits[id];
    EXPECT_LT(chi_square(hits, 20, 600), 43.82) << mode;
    // The last rows of the list are reachable (some systems never pick them).
    EXPECT_GT(hits[code(19)], 0) << mode;
  }
  // Weighted: object 0 weighs 4, the rest 1, one draw of 1 from 8: object 0 has 4/11.
  std::vector<Obj> objs(8);
  objs[0].weight = "4";
  auto wpool = read_pool(pool_csv(objs));
  auto p = base_params();
  p["ratio_bp"] = 1250;
  p["weighted"] = true;
  int first = 0;
  for (int t = 0; t < 4400; ++t) first += ids(run(wpool, p, std::to_string(t)))[0] == code(0);
  EXPECT_NEAR(first, 1600, 4 * std::sqrt(4400 * (4.0 / 11) * (7.0 / 11)));
}

// R: DR-13
TEST(DrawEngine, MultistageDrawsClustersThenUnitsInRange) {
  std::vector<Obj> objs;
  for (const char* d : {"130802", "130803", "130804", "130821", "130822"})
    for (int i = 0; i < 8; ++i) objs.push_back({.division = d});
  auto p = base_params("multistage");
  p["multistage"] = {{"cluster", "division"}, {"clusters_min", 2}, {"clusters_max", 3}, {"units_min", 4}, {"units_max", 6}};
  auto pool = read_pool(pool_csv(objs));
  std::set<size_t> cluster_counts;
  for (int t = 0; t < 40; ++t) {
    auto cert = run(pool, p, std::to_string(t));
    const auto& cl = cert["result"]["clusters"];
    cluster_counts.insert(cl.size());
    ASSERT_GE(cl.size(), 2u);
    ASSERT_LE(cl.size(), 3u);
    std::map<std::string, int> per;
    for (const auto& s : cert["result"]["selected"]) ++per[s["cluster"]];
    for (const auto& c : cl) {
      EXPECT_GE(c["drawn"], 4);
      EXPECT_LE(c["drawn"], 6);
      EXPECT_EQ(per[c["value"]], c["drawn"]);
    }
  }
  EXPECT_EQ(cluster_counts, (std::set<size_t>{2, 3}));
}

// R: DR-14
TEST(DrawEngine, TakeAllSelectsEveryCandidateWithoutDrawing) {
  auto cert = run(read_pool(pool_csv(std::vector<Obj>(7))), base_params("all"), "x");
  EXPECT_EQ(cert["result"]["summary"]["selected"], 7);
  for (const auto& s : cert["result"]["selected"]) EXPECT_EQ(s["rule"], "all");
}

// R: DR-6, DR-13
TEST(DrawEngine, TeamsHaveTwoEligibleMembersWithoutConflictAndBalancedLoad) {
  std::vector<Obj> objs(30);
  objs[3].division = "130821";
  // I001 has a conflict with every object in 1308xx, I002 with object 3, I003 with 130821.
  auto pool = read_pool(pool_csv(objs, 6, {{1, "division:130800"}, {2, "object:" + code(3)}, {3, "division:130821"}}));
  auto p = base_params("all");
  p["team"] = {{"size", 2}, {"specialty", "industry"}};
  auto cert = run(pool, p, "team");
  std::map<std::string, int> load;
  for (const auto& s : cert["result"]["selected"]) {
    const auto& t = s["team"];
    ASSERT_EQ(t.size(), 2u);
    EXPECT_EQ(t[0]["role"], "leader");
    EXPECT_NE(t[0]["id"], t[1]["id"]);
    for (const auto& m : t) {
      EXPECT_NE(m["id"], "I001");
      if (s["id"] == code(3)) {
        EXPECT_TRUE(m["id"] != "I002" && m["id"] != "I003");
      }
      ++load[m["id"]];
    }
  }
  int lo = 1 << 30, hi = 0;
  for (const auto& [id, n] : load) lo = std::min(lo, n), hi = std::max(hi, n);
  EXPECT_LE(hi - lo, 2) << "load spread 1 keeps the workload even";
  // Only one eligible inspector left for object 3: no team, and the error names it.
  auto lone = read_pool(pool_csv(objs, 2, {{2, "object:" + code(3)}}));
  try {
    run(lone, p, "team");
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), "draw.team_impossible");
    EXPECT_NE(e.message().find(code(3)), std::string::npos) << e.message();
    EXPECT_EQ(e.details()["object"], code(3));
  }
}

// R: DR-7
TEST(DrawEngine, ReplacementIsDrawnFromTheSameEligibleGroupDeterministically) {
  auto pool = read_pool(pool_csv(std::vector<Obj>(4), 5, {{4, "object:" + code(0)}}));
  auto p = base_params("all");
  p["team"] = {{"size", 2}};
  auto cert = run(pool, p, "rep");
  std::vector<std::string> team;
  for (const auto& m : cert["result"]["selected"][0]["team"]) team.push_back(m["id"]);
  auto r1 = replacement(pool, cert, 0, team, team[0], 1);
  EXPECT_EQ(r1, replacement(pool, cert, 0, team, team[0], 1));
  EXPECT_TRUE(std::find(team.begin(), team.end(), r1) == team.end());
  EXPECT_NE(r1, "I004");  // conflicted with object 0
  EXPECT_THROW(replacement(pool, cert, 0, team, "I999", 1), Error);
}

// R: DR-6, PUB-11
TEST(DrawEngine, VerifyNamesTheFirstDifference) {
  std::string csv = pool_csv(std::vector<Obj>(30), 4);
  auto pool = read_pool(csv);
  auto p = base_params();
  p["team"] = {{"size", 2}};
  auto cert = run(pool, p, "v");
  ASSERT_EQ(verify(cert, pool), std::nullopt);
  auto changed = csv;
  changed.replace(changed.find("单位7"), std::string("单位7").size(), "单位X");
  EXPECT_EQ(verify(cert, read_pool(changed))->rfind("pool_root", 0), 0u);
  auto c2 = cert;
  c2["params"]["ratio_bp"] = 2000;
  EXPECT_EQ(verify(c2, pool)->rfind("params_hash", 0), 0u);
  c2 = cert;
  c2["randomness"] = "w";
  EXPECT_EQ(verify(c2, pool)->rfind("seed", 0), 0u);
  c2 = cert;
  c2["result"]["selected"][1]["id"] = code(29);
  EXPECT_EQ(verify(c2, pool)->rfind("result.selected[1].id", 0), 0u);
  c2 = cert;
  c2["result"]["selected"][2]["team"][1]["id"] = "I009";
  EXPECT_EQ(verify(c2, pool)->rfind("result.selected[2].team[1].id", 0), 0u);
}

// R: DR-6
TEST(DrawEngine, ParametersAreValidatedNamingTheKey) {
  auto expect = [](json p, const std::string& field) {
    try {
      check_params(p);
      ADD_FAILURE() << p.dump();
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), "draw.params_invalid");
      EXPECT_EQ(e.details()["field"], field) << e.message();
    }
  };
  auto p = base_params();
  p["ratio"] = 3;
  expect(p, "ratio");
  p = base_params();
  p["ratio_bp"] = 10001;
  expect(p, "ratio_bp");
  p = base_params();
  p["team"] = {{"size", 1}};
  expect(p, "team.size");
  p = base_params();
  p["strata"] = {"name"};
  expect(p, "strata");
  p = base_params("multistage");
  expect(p, "multistage");
  p = base_params();
  p["hash"] = "md5";
  expect(p, "hash");
  p = base_params();
  p["ratio_bp"] = 1.5;
  expect(p, "ratio_bp");
}

}  // namespace
}  // namespace zhifa::draw

// R: DR-6 — a pool read from the store in any order is put in the file's order (byte order of the
// ids), whether ids differ in their first 16 bytes or only after them, are prefixes of each other,
// or hold bytes above 0x7F; interned values keep their numbers.
TEST(DrawEngine, SortPoolPutsObjectsInTheFilesOrder) {
  std::vector<std::string> ids = {"91330106MA27XL0F3B", "91330106MA27XL0F3A", "91330106MA27XL0F", "91330106MA27XL0F3B9",
                                  "9133", "A", "", "\xe4\xb8\xad", "91330106MA27XL0F\xff", "0"};
  for (int i = 0; i < 200000; ++i) ids.push_back("9" + std::to_string((i * 7919) % 200003));  // enough for the two-thread path
  zhifa::draw::Pool pool;
  for (const auto& id : ids) {
    zhifa::draw::Object o;
    o.id = id;
    o.name = "n" + id;
    o.division = pool.intern("330106");
    pool.objects.push_back(o);
  }
  EXPECT_EQ(pool.intern("330106"), 1u);
  EXPECT_EQ(pool.intern(std::string_view("330106x", 6)), 1u);
  EXPECT_EQ(pool.intern("330110"), 2u);
  zhifa::draw::sort_pool(pool);
  std::vector<std::string> want = ids;
  std::sort(want.begin(), want.end());
  ASSERT_EQ(pool.objects.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    ASSERT_EQ(pool.objects[i].id, want[i]) << "at " << i;
    ASSERT_EQ(pool.objects[i].name, "n" + want[i]);
  }
}
