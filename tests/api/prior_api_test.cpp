// What is published before enforcement (PUB-5, PUB-10) over HTTP on both stores: the enforcement
// item list in versions (the demo's 2009 list replaced by the 2024 one, the old one still
// readable), the nearest ancestor's list for a bureau without one, the reason a new version
// needs, 422 naming the field with nothing written, permissions and scope, the service guide's
// rights by category, the body profile with its certified staff counted from the inspector
// records, and the flowcharts drawn from the cases' law table.
#include <gtest/gtest.h>

#include <set>

#include "base/time.h"
#include "cases/flow.h"
#include "support/api_test.h"

using namespace zhifa;
using test::Client;
using nlohmann::json;

namespace {

class PriorApi : public test::ApiTest {
protected:
  int64_t bureau(const std::string& code) { return count("SELECT id FROM bureaus WHERE code = '" + code + "'"); }
  int64_t lists() { return count("SELECT COUNT(*) FROM prior_item_lists"); }
  int64_t entries() { return count("SELECT COUNT(*) FROM ledger_entries WHERE action NOT LIKE 'auth.%'"); }
  Client anon() { return Client(srv->port()); }
  static json inspection_item(const std::string& code) {
    return {{"code", code},
            {"name", "统计调查对象执行统计法情况检查"},
            {"category", "inspection"},
            {"basis", json::array({{{"law", "《中华人民共和国统计法》"}, {"article", "第三十五条"}, {"text", "检查条文"}}})},
            {"levels", {"county", "city"}}};
  }
  static json penalty_item(const std::string& code, json rules) {
    return {{"code", code},
            {"name", "对迟报统计资料的行政处罚"},
            {"category", "penalty"},
            {"basis", json::array({{{"law", "《中华人民共和国统计法》"}, {"article", "第四十五条"}, {"text", "罚则条文"}}})},
            {"levels", {"city"}},
            {"fine_rules", std::move(rules)},
            {"guide", {{"conditions", "迟报"}, {"procedure", "立案—调查—决定"}, {"time_limit", "九十日"}}}};
  }
  static std::string field(const test::HttpResult& r) { return r.json()["error"]["details"].value("field", ""); }
};

}  // namespace

// R: PUB-5 — the province's list in versions; Xihu (no list of its own) reads the province's,
// and Hangzhou's own list, once published, wins over the province's for Xihu; the old version
// stays readable with the articles of its day.
TEST_F(PriorApi, ItemListVersionsAndNearestAncestor) {
  auto pub = anon();
  const auto xh = std::to_string(bureau("330106"));
  auto now = pub.get("/api/v1/public/prior/items?bureau_id=" + xh);
  ASSERT_EQ(now.status, 200) << now.body;
  auto l = now.json()["list"];
  EXPECT_EQ(l["bureau_name"], "浙江省统计局");
  EXPECT_EQ(l["inherited"], true);
  EXPECT_EQ(l["version"], 2);
  EXPECT_EQ(l["current"], true);
  EXPECT_FALSE(l.contains("published_by"));  // no staff names on the portal
  EXPECT_NE(l["reason"].get<std::string>().find("2024"), std::string::npos);
  const auto& first = l["items"][0];
  EXPECT_EQ(first["category"], "penalty");
  EXPECT_EQ(first["basis"][0]["article"], "第四十四条");
  // The fine rules spelt out from the discretion table: both law versions of the violation.
  std::set<std::string> articles;
  for (const auto& a : first["fine_rules"][0]["articles"]) articles.insert(a["article"].get<std::string>());
  EXPECT_TRUE(articles.count("第四十一条") && articles.count("第四十四条"));
  int inspections = 0;
  for (const auto& it : l["items"]) inspections += it["category"] == "inspection";
  EXPECT_EQ(inspections, 2);  // the two random spot-check items

  auto old = pub.get("/api/v1/public/prior/items?bureau_id=" + xh + "&version=1").json()["list"];
  EXPECT_EQ(old["version"], 1);
  EXPECT_EQ(old["current"], false);
  EXPECT_EQ(old["items"][0]["basis"][0]["article"], "第四十一条");
  auto vs = pub.get("/api/v1/public/prior/items/versions?bureau_id=" + xh).json();
  ASSERT_EQ(vs["versions"].size(), 2u);
  EXPECT_EQ(vs["from_bureau"]["name"], "浙江省统计局");
  EXPECT_EQ(pub.get("/api/v1/public/prior/items?bureau_id=" + xh + "&version=9").status, 404);

  auto hz = as("hz_pub");
  const int64_t before = entries();
  auto made = hz.post("/api/v1/prior/items", {{"items", json::array({penalty_item("HZ-1", {"late_report"}), inspection_item("HZ-2")})}});
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.json()["version"], 1);
  EXPECT_EQ(made.json()["reason"], "首次发布");
  EXPECT_EQ(made.json()["items"][1]["levels"], json({"city", "county"}));  // the dictionary's order
  EXPECT_EQ(entries(), before + 1);
  auto x = pub.get("/api/v1/public/prior/items?bureau_id=" + xh).json()["list"];
  EXPECT_EQ(x["bureau_name"], "杭州市统计局");
  EXPECT_EQ(x["items"].size(), 2u);
  // The province's own list is untouched.
  auto zj = pub.get("/api/v1/public/prior/items?bureau_id=" + std::to_string(bureau("330000"))).json()["list"];
  EXPECT_EQ(zj["inherited"], false);
  EXPECT_EQ(zj["version"], 2);

  // A second version needs its reason; with it, the console shows both versions.
  auto no_reason = hz.post("/api/v1/prior/items", {{"items", json::array({inspection_item("HZ-2")})}});
  EXPECT_EQ(no_reason.status, 422);
  EXPECT_EQ(field(no_reason), "reason");
  ASSERT_EQ(hz.post("/api/v1/prior/items", {{"items", json::array({inspection_item("HZ-2")})}, {"reason", "职责调整"}}).status, 201);
  auto mine = hz.get("/api/v1/prior/items/versions").json();
  ASSERT_EQ(mine["items"].size(), 2u);
  EXPECT_EQ(mine["items"][0]["version"], 2);
  EXPECT_EQ(mine["items"][0]["published_by"], "施佳");
  auto inforce = hz.get("/api/v1/prior/items?bureau_id=" + xh).json();
  EXPECT_EQ(inforce["list"]["inherited"], true);
  EXPECT_EQ(inforce["list"]["version"], 2);
  EXPECT_EQ(verify_problem(), "");
}

// R: PUB-5 — bad input is refused naming the field, and nothing is written.
TEST_F(PriorApi, ItemListRefusesBadInputNamingTheField) {
  auto hz = as("hz_pub");
  const int64_t before = lists(), ledger = entries();
  auto post = [&](json items) { return hz.post("/api/v1/prior/items", {{"items", std::move(items)}}); };
  auto r = post(json::array({penalty_item("A", {"late_report", "no_such_act"})}));
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(field(r), "items[0].fine_rules[1]");
  r = post(json::array({inspection_item("A"), penalty_item("B", json::array())}));
  EXPECT_EQ(field(r), "items[1].fine_rules");
  auto bad = inspection_item("A");
  bad["fine_rules"] = {"late_report"};
  EXPECT_EQ(field(post(json::array({bad}))), "items[0].fine_rules");
  bad = inspection_item("A");
  bad["category"] = "licensing";
  EXPECT_EQ(field(post(json::array({bad}))), "items[0].category");
  EXPECT_EQ(field(post(json::array({inspection_item("A"), inspection_item("A")}))), "items[1].code");
  bad = inspection_item("A");
  bad["basis"][0].erase("law");
  EXPECT_EQ(field(post(json::array({bad}))), "items[0].basis[0].law");
  bad = inspection_item("A");
  bad["levels"] = {"township"};
  EXPECT_EQ(field(post(json::array({bad}))), "items[0].levels");
  EXPECT_EQ(field(post(json::array())), "items");
  EXPECT_EQ(lists(), before);
  EXPECT_EQ(entries(), ledger);
}

// R: PUB-5 — publishing needs publicity.publish and a bureau in scope; a sibling is 404; the
// console reads need a login, the portal's none.
TEST_F(PriorApi, PermissionsAndScope) {
  json body = {{"items", json::array({inspection_item("A")})}};
  EXPECT_EQ(as("hz_head").post("/api/v1/prior/items", body).status, 403);
  auto hz = as("hz_pub");
  body["bureau_id"] = bureau("330200");  // Ningbo: a sibling
  EXPECT_EQ(hz.post("/api/v1/prior/items", body).status, 404);
  EXPECT_EQ(hz.get("/api/v1/prior/items?bureau_id=" + std::to_string(bureau("330200"))).status, 404);
  EXPECT_EQ(hz.get("/api/v1/prior/body?bureau_id=" + std::to_string(bureau("330200"))).status, 404);
  body["bureau_id"] = bureau("330106");  // Xihu: below Hangzhou
  EXPECT_EQ(hz.post("/api/v1/prior/items", body).status, 201);
  EXPECT_EQ(anon().get("/api/v1/prior/items").status, 401);
  EXPECT_EQ(anon().get("/api/v1/public/prior/items").status, 422);
  EXPECT_EQ(anon().get("/api/v1/public/prior/items?bureau_id=999999").status, 404);
}

// R: PUB-5 — the service guide: the basis of the item, a hearing among the rights only for a
// penalty, no fees, the body's complaint phone as contact when the item names none.
TEST_F(PriorApi, ServiceGuideByCategory) {
  auto l = anon().get("/api/v1/public/prior/items?bureau_id=" + std::to_string(bureau("330000"))).json()["list"];
  const json* pen = nullptr;
  const json* ins = nullptr;
  for (const auto& it : l["items"]) {
    if (!pen && it["category"] == "penalty") pen = &it;
    if (!ins && it["category"] == "inspection") ins = &it;
  }
  ASSERT_TRUE(pen && ins);
  auto codes = [](const json& g) {
    std::set<std::string> s;
    for (const auto& r : g["rights"]) s.insert(r["code"].get<std::string>());
    return s;
  };
  auto pg = (*pen)["guide"];
  EXPECT_EQ(codes(pg), (std::set<std::string>{"statement", "defence", "hearing", "reconsideration", "litigation"}));
  EXPECT_EQ(codes((*ins)["guide"]).count("hearing"), 0u);
  EXPECT_EQ(pg["fees"], "不收取任何费用");
  EXPECT_EQ(pg["basis"], (*pen)["basis"]);
  EXPECT_NE(pg["contact"].get<std::string>().find("0571-87057000"), std::string::npos);
  EXPECT_FALSE(pg["time_limit"].get<std::string>().empty());
}

// R: PUB-5 — the body profile: entered fields in versions, the certified staff counted from the
// inspector records (not typed), a reason for a change, 422 naming the field.
TEST_F(PriorApi, BodyProfileVersionsAndCertifiedStaff) {
  auto hz = as("hz_pub");
  const int64_t hz_id = bureau("330100");
  const std::string today = time::today_shanghai().str();
  const int64_t certified = count("SELECT COUNT(*) FROM inspectors WHERE bureau_id = " + std::to_string(hz_id) +
                                  " AND status = 'active' AND valid_from <= '" + today + "' AND valid_to >= '" + today + "'");
  ASSERT_GT(certified, 0);
  auto b = hz.get("/api/v1/prior/body").json();
  EXPECT_EQ(b["certified_staff"], certified);
  EXPECT_EQ(b["profile"]["legal_name"], "杭州市统计局");
  EXPECT_EQ(b["profile"]["version"], 1);

  json in = {{"legal_name", "杭州市统计局"}, {"duties", "职责"}, {"address", "杭州市"}, {"complaint_phone", "0571-8888"}, {"staffing", "10 名"}};
  auto r = hz.post("/api/v1/prior/body", in);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(field(r), "reason");
  in["reason"] = "机构改革";
  in["complaint_phone"] = "打电话";
  EXPECT_EQ(field(hz.post("/api/v1/prior/body", in)), "complaint_phone");
  in["complaint_phone"] = "0571-8888";
  in.erase("duties");
  EXPECT_EQ(field(hz.post("/api/v1/prior/body", in)), "duties");
  in["duties"] = "新职责";
  // A typed staff count is not taken: the count stays the inspectors'.
  in["certified_staff"] = 999;
  r = hz.post("/api/v1/prior/body", in);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["profile"]["version"], 2);
  EXPECT_EQ(r.json()["certified_staff"], certified);
  EXPECT_EQ(r.json()["versions"].size(), 2u);

  // Suspending one of its inspectors lowers the count.
  {
    auto lease = srv->db()->acquire();
    lease->prepare("UPDATE inspectors SET status = 'suspended' WHERE id = (SELECT MIN(id) FROM inspectors WHERE bureau_id = " +
                std::to_string(hz_id) + " AND status = 'active')")->exec();
  }
  EXPECT_EQ(hz.get("/api/v1/prior/body").json()["certified_staff"], certified - 1);

  auto all = anon().get("/api/v1/public/prior/bodies").json()["items"];
  bool found = false;
  for (const auto& x : all) {
    if (x["bureau"]["id"] != hz_id) continue;
    found = true;
    EXPECT_EQ(x["profile"]["duties"], "新职责");
    EXPECT_FALSE(x["profile"].contains("published_by"));
    EXPECT_EQ(x["versions"].size(), 2u);
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(as("hz_head").post("/api/v1/prior/body", in).status, 403);
}

// R: PUB-5 — the flowcharts follow the law table: every step of a procedure is drawn, the
// simple procedure skips the investigation, a general-only step is absent from the simple chart.
TEST_F(PriorApi, FlowchartsFollowTheLawTable) {
  auto f = anon().get("/api/v1/public/prior/flowcharts");
  ASSERT_EQ(f.status, 200);
  auto procs = f.json()["procedures"];
  ASSERT_EQ(procs.size(), 2u);
  for (const auto& p : procs) {
    const std::string proc = p["code"];
    std::set<std::string> drawn, states;
    for (const auto& s : p["states"]) {
      states.insert(s["code"].get<std::string>());
      for (const auto& st : s["steps"]) drawn.insert(st["kind"].get<std::string>());
    }
    for (const auto& e : p["edges"]) {
      EXPECT_TRUE(states.count(e["from"].get<std::string>()) && states.count(e["to"].get<std::string>()));
      for (const auto& st : e["steps"]) drawn.insert(st["kind"].get<std::string>());
    }
    for (const auto& r : cases::step_rules()) {
      const bool belongs = r.procedure == proc || r.procedure == "any";
      EXPECT_EQ(drawn.count(r.kind) > 0, belongs) << proc << " " << r.kind;
    }
    if (proc == "simple") {
      EXPECT_EQ(states.count("investigating"), 0u);
      EXPECT_EQ(p["edges"][0]["from"], "draft");
      EXPECT_EQ(p["edges"][0]["to"], "executing");
    } else {
      EXPECT_EQ(states.size(), cases::states().size());
    }
  }
}
