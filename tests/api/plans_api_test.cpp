// Annual spot-check plans over HTTP on both stores: lines checked against the item list in force
// (ratio, frequency, method, window), credit- and risk-differentiated ratios in order, the DR-13
// options, each bureau making only its own plan, publication and adjustment keeping every
// published version public, the 31 March deadline on an injected day, and `ledger verify`.
// Years are relative to today (Y+1 for plans published on time, Y-1 for late ones) so that the
// tests do not depend on the date they run; the demo's 2026 plans are checked on fixed days.
#include <gtest/gtest.h>

#include <algorithm>

#include "base/time.h"
#include "ledger/verify.h"
#include "registry/objects.h"
#include "spotcheck/plans.h"
#include "support/test_db.h"
#include "support/test_server.h"

using namespace zhifa;
using test::Client;
using test::HttpResult;
using nlohmann::json;

namespace {

const int Y = time::today_shanghai().year;
std::string ystr(int offset) { return std::to_string(Y + offset); }

class PlansApi : public ::testing::Test {
protected:
  void SetUp() override { srv = std::make_unique<test::TestServer>(test::demo_database()); }
  std::unique_ptr<test::TestServer> srv;

  Client as(const std::string& user) {
    Client c(srv->port());
    c.login_ready(user);
    return c;
  }
  int64_t count(const std::string& sql) {
    auto lease = srv->db()->acquire();
    auto q = lease->prepare(sql);
    q->step();
    return q->row().i64(0);
  }
  int64_t bureau(const std::string& code) {
    auto lease = srv->db()->acquire();
    auto q = lease->prepare("SELECT id FROM bureaus WHERE code = ?");
    q->bind(code);
    EXPECT_TRUE(q->step()) << code;
    return q->row().i64(0);
  }
  int64_t item(int seq_no) {
    auto lease = srv->db()->acquire();
    auto q = lease->prepare("SELECT id FROM spotcheck_items WHERE seq_no = ?");
    q->bind(seq_no);
    EXPECT_TRUE(q->step()) << seq_no;
    return q->row().i64(0);
  }
  // Everything the module writes, and every entry that is not a login.
  int64_t written() {
    return count("SELECT COUNT(*) FROM spotcheck_plans") + count("SELECT COUNT(*) FROM spotcheck_plan_versions") +
           count("SELECT COUNT(*) FROM spotcheck_plan_publications") +
           count("SELECT COUNT(*) FROM ledger_entries WHERE action NOT LIKE 'auth.%'");
  }
  std::string verify_problem() {
    auto lease = srv->db()->acquire();
    auto rep = ledger::verify(*lease, srv->data_dir());
    return rep.ok ? "" : rep.problem;
  }
  // A valid line of item 1 (3%, 1-2 times a year, on-site or written) for year Y + offset.
  json line(int offset = 1) {
    return {{"item_id", item(1)},
            {"ratio_bp", 300},
            {"frequency", 1},
            {"window_from", ystr(offset) + "-04-01"},
            {"window_to", ystr(offset) + "-10-31"},
            {"method", "both"}};
  }
  json plan(const json& l, int offset = 1) { return {{"year", Y + offset}, {"lines", json::array({l})}}; }
  // Posts a plan that must be refused with `code`, naming lines[0].`key`; nothing is written.
  void expect_line_refused(Client& c, const json& l, const std::string& code, const std::string& key, int offset = 1) {
    int64_t before = written();
    auto r = c.post("/api/v1/plans", plan(l, offset));
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(r.code(), code) << r.body;
    auto d = r.json()["error"]["details"];
    EXPECT_EQ(d["field"], "lines") << r.body;
    EXPECT_EQ(d["index"], 0) << r.body;
    EXPECT_EQ(d["key"], key) << r.body;
    EXPECT_EQ(written(), before);
  }
  json status(Client& c, const std::string& query) {
    auto r = c.get("/api/v1/plans/status?" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }
  static json row_of(const json& st, int64_t bureau_id) {
    for (const auto& it : st["items"])
      if (it["bureau_id"] == bureau_id) return it;
    ADD_FAILURE() << "bureau " << bureau_id << " not in " << st.dump();
    return json::object();
  }
};

}  // namespace

// R: DR-5, DR-14 — a line's base ratio and frequency stay inside the item's ranges (item 1: 3%,
// 1-2 times a year); the refusal names the line and the field and writes nothing.
TEST_F(PlansApi, RatioAndFrequencyMustLieInsideTheItemsRange) {
  auto c = as("nb_unit_head");
  json l = line();
  l["ratio_bp"] = 400;
  expect_line_refused(c, l, "plan.ratio_out_of_range", "ratio_bp");
  l["ratio_bp"] = 299;
  expect_line_refused(c, l, "plan.ratio_out_of_range", "ratio_bp");
  auto r = c.post("/api/v1/plans", plan(l));
  EXPECT_EQ(r.json()["error"]["details"]["min"], 300);
  EXPECT_EQ(r.json()["error"]["details"]["max"], 300);
  l = line();
  l["frequency"] = 3;
  expect_line_refused(c, l, "plan.frequency_out_of_range", "frequency");
  l["frequency"] = 0;
  expect_line_refused(c, l, "plan.frequency_out_of_range", "frequency");
  l = line();
  l.erase("ratio_bp");
  expect_line_refused(c, l, "validation.required", "ratio_bp");
  l = line();
  l["item_id"] = 999999;
  expect_line_refused(c, l, "plan.item_not_found", "item_id");

  l = line();
  l["frequency"] = 2;
  r = c.post("/api/v1/plans", plan(l));
  ASSERT_EQ(r.status, 201) << r.body;
  auto v = r.json()["versions"][0];
  EXPECT_EQ(v["state"], "draft");
  EXPECT_EQ(v["lines"][0]["ratio_bp"], 300);
  EXPECT_EQ(v["lines"][0]["frequency"], 2);
  EXPECT_EQ(v["lines"][0]["item_name"], "统计调查对象执行统计法及国家有关规定情况");
  EXPECT_EQ(v["lines"][0]["item_version"], 1);
  EXPECT_EQ(r.json()["title"], "宁波市统计局" + ystr(1) + "年度“双随机、一公开”抽查工作计划");
  // One plan per bureau and year.
  r = c.post("/api/v1/plans", plan(line()));
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.code(), "plan.exists");
  EXPECT_EQ(verify_problem(), "");
}

// R: DR-8, DR-1 — the plan's method must be one the item allows (000 Art 15); an item that is
// on-site only refuses a written check, and a line without a method takes the item's.
TEST_F(PlansApi, MethodMustBeAllowedByTheItem) {
  auto zj = as("zj_unit_head");
  auto it = zj.post("/api/v1/spotcheck/items", {{"name", "重点调查单位统计台账现场核查"},
                                                {"basis", "《统计法》"},
                                                {"bodies", {"province", "city", "county"}},
                                                {"object_type", "survey_object"},
                                                {"ratio_min_bp", 100},
                                                {"ratio_max_bp", 250},
                                                {"frequency_min", 1},
                                                {"frequency_max", 1},
                                                {"method", "on_site"},
                                                {"contents", {"统计台账登记情况"}},
                                                {"effective_from", "2024-01-01"}});
  ASSERT_EQ(it.status, 201) << it.body;
  int64_t on_site = it.json()["id"];

  auto c = as("nb_unit_head");
  json l = line();
  l["item_id"] = on_site;
  l["ratio_bp"] = 250;
  l["method"] = "written";
  expect_line_refused(c, l, "plan.method_not_allowed", "method");
  l["method"] = "both";
  expect_line_refused(c, l, "plan.method_not_allowed", "method");
  l["method"] = "by_phone";
  expect_line_refused(c, l, "plan.method_invalid", "method");
  l.erase("method");
  auto r = c.post("/api/v1/plans", {{"year", Y + 1}, {"lines", {l, line()}}});
  ASSERT_EQ(r.status, 201) << r.body;
  auto lines = r.json()["versions"][0]["lines"];
  EXPECT_EQ(lines[0]["method"], "on_site");
  EXPECT_EQ(lines[0]["method_name"], "现场检查");
  EXPECT_EQ(lines[1]["method"], "both");
  // The same item twice is refused.
  r = c.post("/api/v1/plans/" + std::to_string(r.json()["id"].get<int64_t>()) + "/versions", {{"lines", {line(), line()}}});
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.code(), "plan.item_duplicate");
  EXPECT_EQ(r.json()["error"]["details"]["index"], 1);
  EXPECT_EQ(verify_problem(), "");
}

// R: DR-5, CRED-1 — ratios by credit status and risk level: trustworthy <= base <= abnormal <=
// dishonest <= seriously dishonest; low <= medium <= high with low <= base <= high; each 0-100%.
TEST_F(PlansApi, DifferentiatedRatiosFollowCreditAndRisk) {
  auto c = as("nb_unit_head");
  auto with = [&](const char* map, json ratios) {
    json l = line();
    l[map] = std::move(ratios);
    return l;
  };
  expect_line_refused(c, with("credit_ratios", {{"trustworthy", 400}}), "plan.ratio_order_invalid", "credit_ratios.trustworthy");
  expect_line_refused(c, with("credit_ratios", {{"abnormal", 200}}), "plan.ratio_order_invalid", "credit_ratios.abnormal");
  expect_line_refused(c, with("credit_ratios", {{"dishonest", 200}}), "plan.ratio_order_invalid", "credit_ratios.dishonest");
  expect_line_refused(c, with("credit_ratios", {{"dishonest", 2000}, {"seriously_dishonest", 1000}}), "plan.ratio_order_invalid",
                      "credit_ratios.seriously_dishonest");
  expect_line_refused(c, with("risk_ratios", {{"low", 400}}), "plan.ratio_order_invalid", "risk_ratios.low");
  expect_line_refused(c, with("risk_ratios", {{"high", 200}}), "plan.ratio_order_invalid", "risk_ratios.high");
  expect_line_refused(c, with("risk_ratios", {{"low", 100}, {"medium", 50}}), "plan.ratio_order_invalid", "risk_ratios.medium");
  expect_line_refused(c, with("credit_ratios", {{"seriously_dishonest", 10001}}), "plan.ratio_invalid",
                      "credit_ratios.seriously_dishonest");
  expect_line_refused(c, with("risk_ratios", {{"low", -1}}), "plan.ratio_invalid", "risk_ratios.low");
  expect_line_refused(c, with("credit_ratios", {{"excellent", 100}}), "plan.ratio_invalid", "credit_ratios.excellent");

  json l = line();
  l["credit_ratios"] = {{"trustworthy", 0}, {"dishonest", 1000}, {"seriously_dishonest", 10000}};
  l["risk_ratios"] = {{"low", 200}, {"high", 600}};
  auto r = c.post("/api/v1/plans", plan(l));
  ASSERT_EQ(r.status, 201) << r.body;
  auto got = r.json()["versions"][0]["lines"][0];
  // Every class is stored, those left out at the base ratio; the codes are the registry's.
  EXPECT_EQ(got["credit_ratios"], json({{"trustworthy", 0}, {"abnormal", 300}, {"dishonest", 1000}, {"seriously_dishonest", 10000}}));
  EXPECT_EQ(got["risk_ratios"], json({{"low", 200}, {"medium", 300}, {"high", 600}}));
  for (const auto& [k, v] : got["credit_ratios"].items()) EXPECT_NE(registry::credit_status_name(k), nullptr) << k;
  for (const auto& [k, v] : got["risk_ratios"].items()) EXPECT_NE(registry::risk_level_name(k), nullptr) << k;

  // What the draw reads once it is published: dishonesty or risk raise the ratio, otherwise the
  // lower of the two applies.
  int64_t id = r.json()["id"];
  {
    auto lease = srv->db()->acquire();
    EXPECT_FALSE(spotcheck::plan_in_force(*lease, id)) << "a draft is not in force";
  }
  ASSERT_EQ(c.post("/api/v1/plans/" + std::to_string(id) + "/publish", json::object()).status, 200);
  auto lease = srv->db()->acquire();
  auto terms = spotcheck::plan_in_force(*lease, id);
  ASSERT_TRUE(terms);
  const auto& pl = terms->lines.at(0);
  EXPECT_EQ(pl.ratio_bp, 300);
  EXPECT_EQ(spotcheck::effective_ratio_bp(pl, std::nullopt, std::nullopt), 300);
  EXPECT_EQ(spotcheck::effective_ratio_bp(pl, std::string("trustworthy"), std::string("low")), 0);
  EXPECT_EQ(spotcheck::effective_ratio_bp(pl, std::string("trustworthy"), std::nullopt), 0);
  EXPECT_EQ(spotcheck::effective_ratio_bp(pl, std::nullopt, std::string("low")), 200);
  EXPECT_EQ(spotcheck::effective_ratio_bp(pl, std::string("trustworthy"), std::string("high")), 600);
  EXPECT_EQ(spotcheck::effective_ratio_bp(pl, std::string("seriously_dishonest"), std::string("low")), 10000);
  EXPECT_EQ(spotcheck::effective_ratio_bp(pl, std::string("dishonest"), std::string("high")), 1000);
  EXPECT_EQ(spotcheck::effective_ratio_bp(pl, std::string("abnormal"), std::string("medium")), 300);
  EXPECT_EQ(verify_problem(), "");
}

// R: DR-4 — the time window of each line lies inside the plan's year, start before end.
TEST_F(PlansApi, WindowMustLieInsideTheYear) {
  auto c = as("nb_unit_head");
  json l = line();
  l["window_from"] = ystr(0) + "-12-31";
  expect_line_refused(c, l, "plan.window_invalid", "window_from");
  l = line();
  l["window_to"] = ystr(2) + "-01-01";
  expect_line_refused(c, l, "plan.window_invalid", "window_to");
  l = line();
  l["window_from"] = ystr(1) + "-11-01";
  expect_line_refused(c, l, "plan.window_invalid", "window_to");
  l = line();
  l["window_to"] = ystr(1) + "-02-30";
  expect_line_refused(c, l, "plan.window_invalid", "window_to");
  l = line();
  l.erase("window_from");
  expect_line_refused(c, l, "validation.required", "window_from");

  // The year itself: at most one year ahead.
  int64_t before = written();
  auto r = c.post("/api/v1/plans", plan(line(2), 2));
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.code(), "plan.year_invalid");
  EXPECT_EQ(r.json()["error"]["details"]["field"], "year");
  // Options are checked as well: a county does not draw counties.
  auto xh = as("xh_unit_head");
  r = xh.post("/api/v1/plans", {{"year", Y + 1},
                                {"options", {{"multi_stage", {{"counties_min", 2}, {"counties_max", 3}, {"units_min", 4}, {"units_max", 6}}}}}});
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json()["error"]["details"], json({{"field", "options"}, {"key", "multi_stage"}}));
  r = c.post("/api/v1/plans", {{"year", Y + 1}, {"options", {{"no_repeat_years", 11}}}});
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json()["error"]["details"]["key"], "no_repeat_years");
  r = c.post("/api/v1/plans", {{"year", Y + 1}, {"options", {{"no_repeat_year", 3}}}});
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json()["error"]["details"]["key"], "no_repeat_year");
  r = c.post("/api/v1/plans",
             {{"year", Y + 1}, {"options", {{"multi_stage", {{"counties_min", 3}, {"counties_max", 2}, {"units_min", 4}, {"units_max", 6}}}}}});
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json()["error"]["details"]["key"], "multi_stage.counties_max");
  EXPECT_EQ(written(), before);

  // DR-13: the options are stored whole, for the draw to read.
  r = c.post("/api/v1/plans", {{"year", Y + 1},
                               {"lines", {line()}},
                               {"options",
                                {{"no_repeat_years", 3},
                                 {"min_enterprise_ratio_bp", 500},
                                 {"key_units_every_year", true},
                                 {"seriously_dishonest_every_half_year", true},
                                 {"systematic_sampling", true},
                                 {"multi_stage", {{"counties_min", 2}, {"counties_max", 3}, {"units_min", 4}, {"units_max", 6}}}}}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["versions"][0]["options"]["multi_stage"]["units_max"], 6);
  int64_t id = r.json()["id"];
  ASSERT_EQ(c.post("/api/v1/plans/" + std::to_string(id) + "/publish", json::object()).status, 200);
  auto lease = srv->db()->acquire();
  auto terms = spotcheck::plan_in_force(*lease, id);
  ASSERT_TRUE(terms);
  EXPECT_EQ(terms->options.no_repeat_years, 3);
  EXPECT_EQ(terms->options.min_enterprise_ratio_bp, 500);
  EXPECT_TRUE(terms->options.key_units_every_year);
  EXPECT_TRUE(terms->options.seriously_dishonest_every_half_year);
  EXPECT_TRUE(terms->options.systematic_sampling);
  ASSERT_TRUE(terms->options.multi_stage);
  EXPECT_EQ(terms->options.multi_stage->counties_min, 2);
  EXPECT_EQ(terms->options.multi_stage->units_min, 4);
  EXPECT_EQ(terms->lines.at(0).window_from.str(), ystr(1) + "-04-01");
}

// R: ORG-1, DR-4 — each bureau makes its own plan: a city cannot make the province's, a
// sibling's or even its own county's; it reads its counties' plans but not the province's.
TEST_F(PlansApi, EachBureauMakesOnlyItsOwnPlan) {
  auto hz = as("hz_unit_head");
  int64_t before = written();
  for (const char* code : {"330000", "330200"}) {
    json in = plan(line());
    in["bureau_id"] = bureau(code);
    auto r = hz.post("/api/v1/plans", in);
    EXPECT_EQ(r.status, 404) << code << r.body;
    EXPECT_EQ(r.code(), "bureau.not_found");
  }
  json in = plan(line());
  in["bureau_id"] = bureau("330106");
  auto r = hz.post("/api/v1/plans", in);
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(r.code(), "plan.own_bureau_only");

  auto ids = [&](Client& c, const std::string& q) {
    std::map<std::string, int64_t> out;  // bureau name -> plan id
    auto res = c.get("/api/v1/plans" + q);
    EXPECT_EQ(res.status, 200) << res.body;
    const json body = res.json();
    for (const auto& p : body["items"]) out[p["bureau_name"]] = p["id"];
    return out;
  };
  auto zj = as("zj_insp1");
  auto zj_plans = ids(zj, "?year=2026");
  ASSERT_EQ(zj_plans.size(), 3u);
  auto hz_plans = ids(hz, "?year=2026");
  EXPECT_EQ(hz_plans.size(), 2u);
  EXPECT_TRUE(hz_plans.count("杭州市统计局") && hz_plans.count("西湖区统计局"));
  int64_t province_plan = zj_plans.at("浙江省统计局"), xihu_plan = zj_plans.at("西湖区统计局");
  EXPECT_EQ(hz.get("/api/v1/plans/" + std::to_string(province_plan)).status, 404);
  auto path = [](int64_t id, const char* tail) { return "/api/v1/plans/" + std::to_string(id) + tail; };
  r = hz.post(path(province_plan, "/versions"), {{"reason", "越权调整"}, {"notes", "x"}});
  EXPECT_EQ(r.status, 404) << r.body;
  EXPECT_EQ(r.code(), "plan.not_found");
  EXPECT_EQ(hz.get(path(xihu_plan, "")).status, 200);
  r = hz.post(path(xihu_plan, "/versions"), {{"notes", "代为修改"}});
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(r.code(), "plan.own_bureau_only");
  r = hz.post(path(xihu_plan, "/publish"), json::object());
  EXPECT_EQ(r.status, 403) << r.body;
  auto nb = as("nb_unit_head");
  EXPECT_EQ(nb.get(path(xihu_plan, "")).status, 404);
  EXPECT_TRUE(ids(nb, "?year=2026").empty());
  // Reading is not managing.
  auto insp = as("hz_insp1");
  EXPECT_EQ(ids(insp, "").size(), 2u);
  r = insp.post("/api/v1/plans", plan(line()));
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(r.code(), "auth.forbidden");
  EXPECT_EQ(written(), before);

  // The county makes and publishes its own.
  auto xh = as("xh_unit_head");
  r = xh.post(path(xihu_plan, "/publish"), json::object());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["current_version"], 1);
  EXPECT_EQ(verify_problem(), "");
}

// R: DR-4, PUB-5 — publish, then adjust with a reason: both versions stay public, drafts never
// are; a stale screen cannot publish, nothing is published twice.
TEST_F(PlansApi, PublishThenAdjustKeepsBothVersionsPublic) {
  auto c = as("nb_unit_head");
  int64_t nb = bureau("330200");
  auto pub = [&] {
    Client anon(srv->port());
    auto r = anon.get("/api/v1/public/plans?year=" + ystr(1) + "&bureau_id=" + std::to_string(nb));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json()["items"];
  };
  auto r = c.post("/api/v1/plans", plan(line()));
  ASSERT_EQ(r.status, 201) << r.body;
  int64_t id = r.json()["id"];
  int64_t v1 = r.json()["versions"][0]["id"];
  std::string base = "/api/v1/plans/" + std::to_string(id);
  EXPECT_TRUE(pub().empty()) << "a draft is not public";

  ASSERT_EQ(c.post(base + "/publish", {{"version_id", v1}}).status, 200);
  ASSERT_EQ(pub().size(), 1u);
  EXPECT_EQ(pub()[0]["versions"].size(), 1u);

  json adjusted = line();
  adjusted["frequency"] = 2;
  adjusted["window_to"] = ystr(1) + "-12-15";
  r = c.post(base + "/versions", {{"lines", {adjusted}}});
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json()["error"]["details"]["field"], "reason");
  r = c.post(base + "/versions", {{"lines", {line()}}, {"reason", "无变化"}});
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.code(), "plan.no_change");
  r = c.post(base + "/versions", {{"lines", {adjusted}}, {"reason", "下半年增加一次检查"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["latest_version"], 2);
  EXPECT_EQ(r.json()["latest_state"], "draft");
  EXPECT_EQ(r.json()["current_version"], 1);
  EXPECT_EQ(r.json()["published_versions"], 1);
  ASSERT_EQ(pub()[0]["versions"].size(), 1u) << "the adjustment is not public before it is published";

  r = c.post(base + "/publish", {{"version_id", v1}});
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.code(), "plan.version_not_latest");
  r = c.post(base + "/publish", json::object());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["current_version"], 2);
  EXPECT_EQ(r.json()["published_versions"], 2);  // adjusted after publication
  r = c.post(base + "/publish", json::object());
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.code(), "plan.nothing_to_publish");

  auto p = pub();
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0]["current_version"], 2);
  EXPECT_EQ(p[0]["timeliness"]["state"], "on_time");
  ASSERT_EQ(p[0]["versions"].size(), 2u);
  EXPECT_EQ(p[0]["versions"][0]["version"], 1);
  EXPECT_EQ(p[0]["versions"][0]["lines"][0]["frequency"], 1);
  EXPECT_FALSE(p[0]["versions"][0]["is_adjustment"]);
  EXPECT_EQ(p[0]["versions"][1]["version"], 2);
  EXPECT_TRUE(p[0]["versions"][1]["is_adjustment"]);
  EXPECT_EQ(p[0]["versions"][1]["adjusts_version"], 1);
  EXPECT_EQ(p[0]["versions"][1]["reason"], "下半年增加一次检查");
  EXPECT_EQ(p[0]["versions"][1]["lines"][0]["window_to"], ystr(1) + "-12-15");
  EXPECT_FALSE(p[0]["versions"][1].contains("created_by")) << "the portal shows no staff names";

  // A draft that is replaced before publication stays in the history as superseded, not public.
  ASSERT_EQ(c.post(base + "/versions", {{"notes", "草稿一"}, {"reason", "补充说明"}}).status, 201);
  r = c.post(base + "/versions", {{"notes", "草稿二"}, {"reason", "补充说明"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["versions"][2]["state"], "superseded");
  EXPECT_EQ(r.json()["versions"][3]["state"], "draft");
  EXPECT_EQ(pub()[0]["versions"].size(), 2u);

  // The demo: Hangzhou's 2026 plan, published on time and adjusted once; Xihu's draft is absent.
  Client anon(srv->port());
  r = anon.get("/api/v1/public/plans?year=2026");
  ASSERT_EQ(r.status, 200) << r.body;
  std::map<std::string, json> demo;
  const json listed = r.json();
  for (const auto& it : listed["items"]) demo[it["bureau_name"]] = it;
  EXPECT_EQ(demo.size(), 2u) << r.body;
  ASSERT_TRUE(demo.count("杭州市统计局"));
  EXPECT_EQ(demo["杭州市统计局"]["versions"].size(), 2u);
  EXPECT_EQ(demo["杭州市统计局"]["versions"][0]["published_on"], "2026-03-27");
  EXPECT_EQ(demo["杭州市统计局"]["versions"][1]["published_on"], "2026-07-08");
  EXPECT_EQ(demo["浙江省统计局"]["timeliness"]["state"], "on_time");
  EXPECT_FALSE(demo.count("西湖区统计局"));
  EXPECT_EQ(verify_problem(), "");
}

// R: DR-4 — due by 31 March (a calendar date): on time, late, missing, and a warning from 1 March
// while not published, judged as of an injected day; a publication after that day does not count.
TEST_F(PlansApi, DeadlineStatesOnAnInjectedDay) {
  // The rule itself, at its edges.
  using spotcheck::plan_timeliness;
  auto d = [](const char* s) { return *time::parse_date(s); };
  EXPECT_EQ(plan_timeliness(2026, d("2026-03-31"), d("2026-04-01")).state, "on_time");
  EXPECT_EQ(plan_timeliness(2026, d("2026-04-01"), d("2026-04-01")).state, "late");
  EXPECT_EQ(plan_timeliness(2026, d("2026-04-01"), d("2026-03-31")).state, "pending");
  EXPECT_TRUE(plan_timeliness(2026, d("2026-04-01"), d("2026-03-31")).warning);
  EXPECT_FALSE(plan_timeliness(2026, std::nullopt, d("2026-02-28")).warning);
  EXPECT_TRUE(plan_timeliness(2026, std::nullopt, d("2026-03-01")).warning);
  EXPECT_EQ(plan_timeliness(2026, std::nullopt, d("2026-03-31")).state, "pending");
  EXPECT_EQ(plan_timeliness(2026, std::nullopt, d("2026-04-01")).state, "missing");
  EXPECT_FALSE(plan_timeliness(2026, d("2026-03-02"), d("2026-03-05")).warning);

  auto nb = as("nb_unit_head");
  int64_t ningbo = bureau("330200"), haishu = bureau("330203");
  // Next year's plan published today: on time. Last year's published today: late.
  auto r = nb.post("/api/v1/plans", plan(line(1), 1));
  ASSERT_EQ(r.status, 201) << r.body;
  ASSERT_EQ(nb.post("/api/v1/plans/" + std::to_string(r.json()["id"].get<int64_t>()) + "/publish", json::object()).status, 200);
  r = nb.post("/api/v1/plans", plan(line(-1), -1));
  ASSERT_EQ(r.status, 201) << r.body;
  ASSERT_EQ(nb.post("/api/v1/plans/" + std::to_string(r.json()["id"].get<int64_t>()) + "/publish", json::object()).status, 200);

  auto st = status(nb, "year=" + ystr(1) + "&date=" + ystr(1) + "-04-01");
  EXPECT_EQ(st["deadline"], ystr(1) + "-03-31");
  EXPECT_EQ(st["warning_from"], ystr(1) + "-03-01");
  EXPECT_EQ(row_of(st, ningbo)["timeliness"], "on_time");
  EXPECT_EQ(row_of(st, ningbo)["plan_state"], "published");
  EXPECT_FALSE(row_of(st, ningbo)["warning"]);
  EXPECT_EQ(row_of(st, haishu)["timeliness"], "missing");
  EXPECT_EQ(row_of(st, haishu)["plan_state"], "none");
  EXPECT_TRUE(row_of(st, haishu)["warning"]);
  // Ningbo and its counties, nobody else; the summary adds up.
  for (const auto& it : st["items"]) EXPECT_EQ(it["bureau_code"].get<std::string>().substr(0, 4), "3302") << it.dump();
  EXPECT_EQ(st["summary"]["on_time"], 1);
  EXPECT_EQ(st["summary"]["missing"].get<size_t>(), st["items"].size() - 1);
  EXPECT_EQ(st["summary"]["total"].get<size_t>(), st["items"].size());

  st = status(nb, "year=" + ystr(1) + "&date=" + ystr(1) + "-02-28");
  EXPECT_EQ(row_of(st, haishu)["timeliness"], "pending");
  EXPECT_FALSE(row_of(st, haishu)["warning"]);
  st = status(nb, "year=" + ystr(1) + "&date=" + ystr(1) + "-03-01");
  EXPECT_EQ(row_of(st, haishu)["timeliness"], "pending");
  EXPECT_TRUE(row_of(st, haishu)["warning"]);
  EXPECT_EQ(st["summary"]["warning"].get<size_t>(), st["items"].size() - 1);

  st = status(nb, "year=" + ystr(-1) + "&date=" + time::today_shanghai().str());
  EXPECT_EQ(row_of(st, ningbo)["timeliness"], "late");
  EXPECT_EQ(row_of(st, ningbo)["first_published_on"], time::today_shanghai().str());
  // As of a day before it was made, last year's plan did not exist.
  st = status(nb, "year=" + ystr(-1) + "&date=" + ystr(-1) + "-03-15");
  EXPECT_EQ(row_of(st, ningbo)["timeliness"], "pending");
  EXPECT_EQ(row_of(st, ningbo)["plan_state"], "none");
  EXPECT_TRUE(row_of(st, ningbo)["warning"]);

  // A draft shows as such; the province sees every city and county but no unit (普查中心).
  auto xh = as("xh_unit_head");
  ASSERT_EQ(xh.post("/api/v1/plans", plan(line())).status, 201);
  auto zj = as("zj_unit_head");
  st = status(zj, "year=" + ystr(1) + "&date=" + ystr(1) + "-03-05");
  EXPECT_EQ(row_of(st, bureau("330106"))["plan_state"], "draft");
  EXPECT_TRUE(row_of(st, bureau("330106"))["warning"]);
  for (const auto& it : st["items"]) EXPECT_NE(it["bureau_level"], "unit");
  EXPECT_GT(st["items"].size(), 90u);
  st = status(zj, "year=" + ystr(1) + "&bureau_id=" + std::to_string(ningbo) + "&date=" + ystr(1) + "-03-05");
  EXPECT_EQ(row_of(st, ningbo)["timeliness"], "on_time");
  auto hz = as("hz_unit_head");
  r = hz.get("/api/v1/plans/status?year=" + ystr(1) + "&bureau_id=" + std::to_string(ningbo));
  EXPECT_EQ(r.status, 404) << r.body;
  r = hz.get("/api/v1/plans/status?date=2026-13-01");
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json()["error"]["details"]["field"], "date");

  // The demo on fixed days: the province and Hangzhou on time, Xihu's draft missing.
  st = status(zj, "year=2026&date=2026-11-30");
  EXPECT_EQ(row_of(st, bureau("330000"))["timeliness"], "on_time");
  EXPECT_EQ(row_of(st, bureau("330000"))["first_published_on"], "2026-03-20");
  EXPECT_EQ(row_of(st, bureau("330100"))["timeliness"], "on_time");
  EXPECT_EQ(row_of(st, bureau("330100"))["current_version"], 2);
  EXPECT_EQ(row_of(st, bureau("330106"))["timeliness"], "missing");
  EXPECT_EQ(row_of(st, bureau("330106"))["plan_state"], "draft");
  st = status(zj, "year=2026&date=2026-03-25");
  EXPECT_EQ(row_of(st, bureau("330100"))["timeliness"], "pending");
  EXPECT_EQ(row_of(st, bureau("330100"))["plan_state"], "draft");
  EXPECT_EQ(verify_problem(), "");
}

// R: REC-21, DR-4 — every row the plans write is a ledger entry whose subject is the plan, and
// verify names a plan version edited behind the service's back.
TEST_F(PlansApi, EveryChangeIsALedgerEntryAndVerifyCatchesAnEdit) {
  auto c = as("nb_unit_head");
  auto r = c.post("/api/v1/plans", plan(line()));
  ASSERT_EQ(r.status, 201) << r.body;
  int64_t id = r.json()["id"];
  std::string base = "/api/v1/plans/" + std::to_string(id);
  ASSERT_EQ(c.post(base + "/publish", json::object()).status, 200);
  ASSERT_EQ(c.post(base + "/versions", {{"notes", "调整说明"}, {"reason", "补充计划说明"}}).status, 201);
  ASSERT_EQ(c.post(base + "/publish", json::object()).status, 200);

  for (const char* t : {"spotcheck_plans", "spotcheck_plan_versions", "spotcheck_plan_publications"})
    EXPECT_EQ(count(std::string("SELECT COUNT(*) FROM ") + t + " WHERE ledger_seq IS NULL"), 0) << t;
  EXPECT_EQ(count("SELECT COUNT(*) FROM ledger_entries WHERE subject_kind = 'spotcheck_plan' AND subject_id = '" + std::to_string(id) + "'"),
            5);
  EXPECT_EQ(verify_problem(), "");

  auto lease = srv->db()->acquire();
  if (test::store_name() == "sqlite") lease->exec_script("DROP TRIGGER spotcheck_plan_versions_no_update");
  else lease->exec_script("DROP TRIGGER spotcheck_plan_versions_append_only ON spotcheck_plan_versions");
  auto q = lease->prepare("UPDATE spotcheck_plan_versions SET lines = REPLACE(lines, '\"ratio_bp\":300', '\"ratio_bp\":30') WHERE plan_id = ?");
  q->bind(id);
  EXPECT_EQ(q->exec(), 2);
  std::string problem = verify_problem();
  EXPECT_NE(problem.find("spotcheck_plan_versions"), std::string::npos) << problem;
}

// R: DR-4 — the status view lists the bureaus as staff read regions, by division code (then name),
// not in the tree's path order, where 余杭区 (a higher id, "/…/10/") would come before 西湖区 ("/…/7/").
TEST_F(PlansApi, StatusListsBureausByDivisionCode) {
  auto zj = as("zj_unit_head");
  auto st = status(zj, "year=" + ystr(0));
  std::vector<std::string> codes;
  for (const auto& it : st["items"]) codes.push_back(it["bureau_code"]);
  ASSERT_GT(codes.size(), 50u);
  EXPECT_TRUE(std::is_sorted(codes.begin(), codes.end())) << st["items"].dump().substr(0, 2000);
  EXPECT_EQ(codes.front(), "330000");
  auto at = [&](const std::string& code) { return std::find(codes.begin(), codes.end(), code) - codes.begin(); };
  EXPECT_LT(at("330106"), at("330110"));
  EXPECT_LT(at("330110"), at("330200"));
}
