// Witnessed draw sessions and inspection tasks over HTTP on both stores (DR-6, DR-7, DR-12,
// DR-13, DR-14, PUB-11): commit -> draw -> tasks with the certificate re-verified by the engine
// against the published pool file; the commitment public before the draw and unchanged after it;
// a pool that cannot make a team refused with nothing written; teams of at least two without
// conflicts; the lottery rule; permissions and scope; redraws and replacements needing a second
// person, replacements drawn deterministically; item 2 (100%) as `all`; multi-stage draws; joint
// and cross-region draws; the demo's completed draw; and `ledger verify` after each.
// Plans are made for next year (Y+1) so that the tests do not depend on the day they run.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "base/crypto.h"
#include "base/time.h"
#include "demo/registry_demo.h"
#include "draw/engine.h"
#include "ledger/verify.h"
#include "support/test_db.h"
#include "support/test_server.h"

using namespace zhifa;
using test::Client;
using test::HttpResult;
using nlohmann::json;

namespace {

const int Y = time::today_shanghai().year;
const std::string NEXT = std::to_string(Y + 1);

json witnesses() {
  return json::array({{{"name", "纪检组王监督"}, {"role", "纪检监察"}}, {{"name", "公证员李公"}, {"role", "公证"}}});
}

class DrawApi : public ::testing::Test {
protected:
  void SetUp() override { srv = std::make_unique<test::TestServer>(test::demo_database()); }
  std::unique_ptr<test::TestServer> srv;
  void TearDown() override { clients.clear(); }

  // One logged-in client per user (the first login changes the demo password).
  Client& as(const std::string& user) {
    auto& slot = clients[user];
    if (!slot) {
      slot = std::make_unique<Client>(srv->port());
      slot->login_ready(user);
    }
    return *slot;
  }
  std::map<std::string, std::unique_ptr<Client>> clients;
  Client anon() { return Client(srv->port()); }
  int64_t count(const std::string& sql) {
    auto lease = srv->db()->acquire();
    auto q = lease->prepare(sql);
    q->step();
    return q->row().i64(0);
  }
  std::string text(const std::string& sql, const std::string& arg) {
    auto lease = srv->db()->acquire();
    auto q = lease->prepare(sql);
    q->bind(arg);
    EXPECT_TRUE(q->step()) << sql << " " << arg;
    return q->row().text(0);
  }
  int64_t id_where(const std::string& sql, int64_t arg) {
    auto lease = srv->db()->acquire();
    auto q = lease->prepare(sql);
    q->bind(arg);
    EXPECT_TRUE(q->step()) << sql << " " << arg;
    return q->row().i64(0);
  }
  int64_t bureau(const std::string& code) { return std::stoll(text("SELECT id FROM bureaus WHERE code = ?", code)); }
  int64_t item(int seq_no) { return std::stoll(text("SELECT id FROM spotcheck_items WHERE seq_no = ?", std::to_string(seq_no))); }
  std::string cert_of(const std::string& username) {
    return text("SELECT i.certificate_no FROM inspectors i JOIN users u ON u.id = i.user_id WHERE u.username = ?", username);
  }
  int64_t inspector_id(const std::string& username) {
    return std::stoll(text("SELECT i.id FROM inspectors i JOIN users u ON u.id = i.user_id WHERE u.username = ?", username));
  }
  // Everything the draw module writes, and every entry that is not a login.
  int64_t written() {
    return count("SELECT COUNT(*) FROM draw_sessions") + count("SELECT COUNT(*) FROM draw_documents") +
           count("SELECT COUNT(*) FROM draw_tasks") + count("SELECT COUNT(*) FROM draw_task_members") +
           count("SELECT COUNT(*) FROM draw_replacements") + count("SELECT COUNT(*) FROM ledger_entries WHERE action NOT LIKE 'auth.%'") +
           count("SELECT COUNT(*) FROM draw_sessions WHERE state = 'drawn'");
  }
  std::string verify_problem() {
    auto lease = srv->db()->acquire();
    auto rep = ledger::verify(*lease, srv->data_dir());
    return rep.ok ? "" : rep.problem;
  }

  // A survey object of Ningbo made through the registry API.
  std::string add_object(Client& c, const std::string& division, int serial, bool key_unit = false) {
    std::string code = demo::demo_credit_code(division, 50000 + serial);
    auto r = c.post("/api/v1/objects", {{"credit_code", code},
                                        {"name", "测试调查单位" + std::to_string(serial) + "有限公司"},
                                        {"division_code", division},
                                        {"industry_code", "C13"},
                                        {"unit_category", "规上工业"},
                                        {"key_unit", key_unit}});
    EXPECT_EQ(r.status, 201) << r.body;
    return code;
  }
  // A line of item `seq` for next year.
  json line(int seq) {
    json l = {{"item_id", item(seq)}, {"frequency", 1}, {"window_from", NEXT + "-04-01"}, {"window_to", NEXT + "-10-31"}, {"method", "both"}};
    l["ratio_bp"] = seq == 1 ? 300 : 10000;
    return l;
  }
  // Makes and publishes next year's plan of the user's bureau; returns its id.
  int64_t plan(Client& c, const json& lines, const json& options = json::object()) {
    auto r = c.post("/api/v1/plans", {{"year", Y + 1}, {"lines", lines}, {"options", options}});
    EXPECT_EQ(r.status, 201) << r.body;
    int64_t id = r.json()["id"].get<int64_t>();
    auto p = c.post("/api/v1/plans/" + std::to_string(id) + "/publish", json::object());
    EXPECT_EQ(p.status, 200) << p.body;
    return id;
  }
  HttpResult commit(Client& c, json body) { return c.post("/api/v1/draws", body); }
  HttpResult run(Client& c, int64_t id, json body = json::object()) {
    if (!body.contains("witnesses")) body["witnesses"] = witnesses();
    if (!body.contains("numbers")) body["numbers"] = "17 03 88 42 65";
    return c.post("/api/v1/draws/" + std::to_string(id) + "/draw", body);
  }
  // Ningbo with more objects: 8 more in Haishu (330203) and 8 in Yinzhou (330212).
  void more_ningbo_objects(Client& c) {
    for (int i = 0; i < 8; ++i) add_object(c, "330203", i);
    for (int i = 0; i < 8; ++i) add_object(c, "330212", 100 + i);
  }
  // The published files, and the certificate checked against the pool by the engine.
  struct Published {
    draw::Pool pool;
    json cert;
    std::string csv;
  };
  Published published(int64_t id) {
    auto a = anon();
    auto p = a.get("/api/v1/public/draws/" + std::to_string(id) + "/pool.csv");
    EXPECT_EQ(p.status, 200) << p.body;
    auto c = a.get("/api/v1/public/draws/" + std::to_string(id) + "/certificate.json");
    EXPECT_EQ(c.status, 200) << c.body;
    return {draw::read_pool(p.body), c.json(), p.body};
  }
  static const draw::Inspector& inspector_in(const draw::Pool& pool, const std::string& id) {
    for (const auto& i : pool.inspectors)
      if (i.id == id) return i;
    throw std::runtime_error("inspector not in pool: " + id);
  }
  static const draw::Object& object_in(const draw::Pool& pool, const std::string& id) {
    for (const auto& o : pool.objects)
      if (o.id == id) return o;
    throw std::runtime_error("object not in pool: " + id);
  }
  // True when one of the inspector's conflicts concerns the object (docs/draw-algorithm.md §7).
  static bool conflicts_with(const draw::Pool& pool, const draw::Inspector& i, const draw::Object& o) {
    for (const auto& k : i.conflicts) {
      auto colon = k.find(':');
      std::string kind = k.substr(0, colon), target = k.substr(colon + 1);
      if (kind == "object" && target == o.id) return true;
      if (kind == "division") {
        while (target.size() > 2 && target.compare(target.size() - 2, 2, "00") == 0) target.resize(target.size() - 2);
        if (pool.text(o.division).rfind(target, 0) == 0) return true;
      }
      if (kind == "department" && o.department && pool.text(o.department) == target) return true;
    }
    return false;
  }
  // DR-6: every team has at least `min` distinct members, each active, valid on the date and
  // without a conflict with its object.
  void expect_sound_teams(const json& tasks, const draw::Pool& pool, const std::string& date, size_t min = 2) {
    for (const auto& t : tasks) {
      const auto& o = object_in(pool, t["object"]["credit_code"].get<std::string>());
      std::set<std::string> seen;
      for (const auto& m : t["team"]) {
        std::string cert = m["certificate_no"];
        EXPECT_TRUE(seen.insert(cert).second) << "duplicate member " << cert << " in " << t.dump();
        const auto& i = inspector_in(pool, cert);
        EXPECT_EQ(i.status, "active") << cert;
        EXPECT_LE(i.valid_from, date);
        EXPECT_GE(i.valid_to, date);
        EXPECT_FALSE(conflicts_with(pool, i, o)) << cert << " conflicts with " << o.id;
      }
      EXPECT_GE(seen.size(), min) << t.dump();
    }
  }
  json tasks_of(Client& c, int64_t session_id) {
    auto r = c.get("/api/v1/tasks?session_id=" + std::to_string(session_id) + "&page_size=200");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json()["items"];
  }
  // A user holding both the unit head's and the bureau head's roles at Ningbo: the one person
  // the second-person rules are about.
  Client& dual_role() {
    auto& admin = as("sysadmin");
    auto r = admin.post("/api/v1/users", {{"username", "nb_dual"}, {"name", "双岗测试"}, {"bureau_id", bureau("330200")},
                                          {"roles", {"unit_head", "bureau_head"}}, {"password", "Zhifa@2026"}});
    EXPECT_EQ(r.status, 201) << r.body;
    return as("nb_dual");
  }
};

}  // namespace

// R: DR-6, PUB-11 — commit, draw and tasks: the certificate re-runs from the published pool file,
// the commitment is public before the draw and the same after it, every team has two or more
// members without a conflict with its object, and the ledger verifies.
TEST_F(DrawApi, CommitDrawTasksAndTheCertificateVerifiesAgainstThePublishedPool) {
  auto& nb = as("nb_unit_head");
  more_ningbo_objects(nb);
  // A key unit of Yinzhou with two declared conflicts: nb_insp1 with the object, hs_insp1 with
  // the district. It is placed by the key-unit rule, so its team is determined: the other two.
  std::string key = add_object(nb, "330212", 900, true);
  ASSERT_EQ(nb.post("/api/v1/inspectors/" + std::to_string(inspector_id("nb_insp1")) + "/conflicts",
                    {{"kind", "object"}, {"target", key}, {"reason", "配偶在该单位任职"}})
                .status,
            201);
  ASSERT_EQ(nb.post("/api/v1/inspectors/" + std::to_string(inspector_id("hs_insp1")) + "/conflicts",
                    {{"kind", "division"}, {"target", "330212"}, {"reason", "近亲属在鄞州区经营企业"}})
                .status,
            201);
  int64_t plan_id = plan(nb, json::array({line(1)}), {{"key_units_every_year", true}, {"min_enterprise_ratio_bp", 2000}});

  auto r = commit(nb, {{"plan_id", plan_id}, {"item_id", item(1)}, {"strata", {"division"}}});
  ASSERT_EQ(r.status, 201) << r.body;
  json s = r.json();
  const int64_t id = s["id"].get<int64_t>();
  EXPECT_EQ(s["state"], "committed");
  EXPECT_EQ(s["mode"], "random");
  EXPECT_EQ(s["date"], NEXT + "-04-01");  // the line's window start
  EXPECT_EQ(s["params"]["ratio_bp"], 300);
  EXPECT_EQ(s["params"]["min_ratio_bp"], 2000);
  EXPECT_EQ(s["params"]["team"]["size"], 2);
  EXPECT_EQ(s["params"]["rules"]["key_units_every_year"], true);
  EXPECT_EQ(s["params"]["hash"], s["commitment"]["hash"]);
  const json commitment = s["commitment"];
  EXPECT_EQ(commitment["pool_objects"], 4 + 17);
  EXPECT_EQ(commitment["pool_inspectors"], 4);
  EXPECT_TRUE(commitment["ledger_seq"].is_number());

  // Before the draw: the commitment is public, the pool file matches its root, the parameters their hash.
  auto a = anon();
  auto pub = a.get("/api/v1/public/draws/" + std::to_string(id));
  ASSERT_EQ(pub.status, 200) << pub.body;
  EXPECT_EQ(pub.json()["state"], "committed");
  EXPECT_EQ(pub.json()["commitment"]["pool_root"], commitment["pool_root"]);
  EXPECT_EQ(pub.json()["commitment"]["params_hash"], commitment["params_hash"]);
  EXPECT_TRUE(pub.json()["result"].empty());
  EXPECT_EQ(a.get("/api/v1/public/draws/" + std::to_string(id) + "/certificate.json").code(), "draw.not_drawn");
  auto csv = a.get("/api/v1/public/draws/" + std::to_string(id) + "/pool.csv");
  ASSERT_EQ(csv.status, 200);
  const auto h = crypto::hash_from_name(commitment["hash"].get<std::string>());
  EXPECT_EQ(crypto::hex(draw::pool_root(h, draw::read_pool(csv.body))), commitment["pool_root"]);
  EXPECT_EQ(crypto::hex(draw::params_hash(pub.json()["params"])), commitment["params_hash"]);
  bool listed = false;
  const json public_list = a.get("/api/v1/public/draws").json();
  for (const auto& it : public_list["items"]) listed = listed || it["id"] == id;
  EXPECT_TRUE(listed);

  auto d = run(nb, id);
  ASSERT_EQ(d.status, 200) << d.body;
  EXPECT_EQ(d.json()["state"], "drawn");
  EXPECT_EQ(d.json()["commitment"], commitment);  // root and hash unchanged by the draw
  EXPECT_EQ(run(nb, id).code(), "draw.already_drawn");

  auto p = published(id);
  EXPECT_EQ(p.csv, csv.body);
  EXPECT_EQ(draw::verify(p.cert, p.pool), std::nullopt);
  EXPECT_EQ(p.cert["pool_root"], commitment["pool_root"]);
  EXPECT_EQ(p.cert["params_hash"], commitment["params_hash"]);
  EXPECT_NE(p.cert["randomness"].get<std::string>().find("17 03 88 42 65"), std::string::npos);
  EXPECT_NE(p.cert["randomness"].get<std::string>().find("纪检组王监督（纪检监察）"), std::string::npos);
  const auto& selected = p.cert["result"]["selected"];
  // At least 20% of the 21 objects (min_enterprise_ratio_bp), the key unit among them.
  EXPECT_GE(selected.size(), 5u);
  EXPECT_EQ(selected[0]["id"], key);
  EXPECT_EQ(selected[0]["rule"], "key_unit");

  json tasks = tasks_of(nb, id);
  ASSERT_EQ(tasks.size(), selected.size());
  expect_sound_teams(tasks, p.pool, NEXT + "-04-01");
  for (size_t i = 0; i < tasks.size(); ++i) {
    EXPECT_EQ(tasks[i]["position"], int64_t(i));
    EXPECT_EQ(tasks[i]["object"]["credit_code"], selected[i]["id"]);
    EXPECT_EQ(tasks[i]["rule"], selected[i]["rule"]);
    EXPECT_EQ(tasks[i]["state"], "assigned");
    EXPECT_EQ(tasks[i]["method"], "both");
    EXPECT_EQ(tasks[i]["window_to"], NEXT + "-10-31");
    EXPECT_TRUE(tasks[i]["form_version_id"].is_number());
    EXPECT_TRUE(tasks[i]["object"]["id"].is_number());
    EXPECT_EQ(tasks[i]["team"][0]["role"], "leader");
    for (size_t k = 0; k < tasks[i]["team"].size(); ++k)
      EXPECT_EQ(tasks[i]["team"][k]["certificate_no"], selected[i]["team"][k]["id"]);
  }
  std::set<std::string> key_team;
  for (const auto& m : tasks[0]["team"]) key_team.insert(m["certificate_no"].get<std::string>());
  EXPECT_EQ(key_team, (std::set<std::string>{cert_of("nb_insp2"), cert_of("hs_insp2")}));

  // The public result: objects, rules, team names and certificate numbers, witnesses.
  auto pd = a.get("/api/v1/public/draws/" + std::to_string(id)).json();
  EXPECT_EQ(pd["commitment"], commitment);
  ASSERT_EQ(pd["result"].size(), selected.size());
  EXPECT_EQ(pd["result"][0]["object"]["credit_code"], key);
  EXPECT_FALSE(pd["result"][0]["team"][0]["name"].get<std::string>().empty());
  EXPECT_EQ(pd["draw"]["witnesses"][1]["role"], "公证");
  EXPECT_FALSE(pd["draw"].contains("drawn_by"));  // no staff names in public
  auto qr = a.get("/api/v1/public/draws/" + std::to_string(id) + "/qr.svg");
  ASSERT_EQ(qr.status, 200);
  EXPECT_EQ(qr.headers["content-type"], "image/svg+xml");
  EXPECT_NE(qr.body.find("<svg"), std::string::npos);

  // mine=1: an inspector sees their own tasks, even those of a bureau above their own.
  auto& hs = as("hs_insp2");
  auto mine = hs.get("/api/v1/tasks?mine=1").json();
  ASSERT_GE(mine["total"].get<int64_t>(), 1);
  for (const auto& t : mine["items"]) {
    bool member = false;
    for (const auto& m : t["team"]) member = member || m["certificate_no"] == cert_of("hs_insp2");
    EXPECT_TRUE(member) << t.dump();
  }
  const std::string own_task = std::to_string(tasks[0]["id"].get<int64_t>());
  EXPECT_EQ(hs.get("/api/v1/tasks/" + own_task).status, 200);
  EXPECT_EQ(as("hs_insp1").get("/api/v1/tasks/" + own_task).code(), "task.not_found");
  EXPECT_EQ(verify_problem(), "");
}

// R: DR-6 — a pool that cannot make a team of two (one inspector holds the specialty asked for)
// fails with 409 naming the object; nothing is written and the session stays committed.
TEST_F(DrawApi, TeamImpossibleFailsNamingTheObjectAndWritesNothing) {
  auto& nb = as("nb_unit_head");
  int64_t plan_id = plan(nb, json::array({line(1)}), {{"min_enterprise_ratio_bp", 5000}});
  auto r = commit(nb, {{"plan_id", plan_id}, {"item_id", item(1)}, {"specialty", "labour"}});
  ASSERT_EQ(r.status, 201) << r.body;
  const int64_t id = r.json()["id"].get<int64_t>();
  const int64_t before = written();
  auto d = run(nb, id);
  EXPECT_EQ(d.status, 409) << d.body;
  EXPECT_EQ(d.code(), "draw.team_impossible");
  std::string object = d.json()["error"]["details"]["object"];
  EXPECT_EQ(object.size(), 18u);
  EXPECT_NE(d.json()["error"]["message"].get<std::string>().find(object), std::string::npos);
  EXPECT_EQ(written(), before);
  EXPECT_EQ(anon().get("/api/v1/public/draws/" + std::to_string(id)).json()["state"], "committed");
  EXPECT_EQ(commit(nb, {{"plan_id", plan_id}, {"item_id", item(1)}, {"specialty", "astrology"}}).code(), "draw.specialty_invalid");
  EXPECT_EQ(verify_problem(), "");
}

// R: DR-6 — a named future lottery: its result is required at the draw and goes into the
// randomness; a result without a named lottery, and a draw without witnesses, are refused.
TEST_F(DrawApi, LotteryNamedAtCommitIsRequiredAtTheDraw) {
  auto& nb = as("nb_unit_head");
  int64_t plan_id = plan(nb, json::array({line(1)}));
  EXPECT_EQ(commit(nb, {{"plan_id", plan_id}, {"item_id", item(1)}, {"lottery", {{"name", "中国福利彩票双色球"}}}}).json()["error"]["details"]["key"],
            "draw_no");
  auto r = commit(nb, {{"plan_id", plan_id}, {"item_id", item(1)}, {"lottery", {{"name", "中国福利彩票双色球"}, {"draw_no", NEXT + "038"}}}});
  ASSERT_EQ(r.status, 201) << r.body;
  const int64_t id = r.json()["id"].get<int64_t>();
  auto pub = anon().get("/api/v1/public/draws/" + std::to_string(id)).json();
  EXPECT_EQ(pub["lottery"]["name"], "中国福利彩票双色球");
  EXPECT_EQ(pub["lottery"]["draw_no"], NEXT + "038");

  const int64_t before = written();
  auto no_result = run(nb, id);
  EXPECT_EQ(no_result.status, 422);
  EXPECT_EQ(no_result.json()["error"]["details"]["field"], "lottery_result");
  EXPECT_EQ(run(nb, id, {{"witnesses", json::array()}, {"lottery_result", "03 09 14 22 27 31 + 07"}}).code(), "draw.witness_required");
  EXPECT_EQ(run(nb, id, {{"numbers", ""}, {"lottery_result", "03 09 14 22 27 31 + 07"}}).json()["error"]["details"]["field"], "numbers");
  EXPECT_EQ(written(), before);
  auto d = run(nb, id, {{"lottery_result", "03 09 14 22 27 31 + 07"}});
  ASSERT_EQ(d.status, 200) << d.body;
  auto p = published(id);
  std::string randomness = p.cert["randomness"];
  EXPECT_NE(randomness.find("中国福利彩票双色球 第" + NEXT + "038期 开奖结果 03 09 14 22 27 31 + 07"), std::string::npos);
  EXPECT_EQ(draw::verify(p.cert, p.pool), std::nullopt);

  auto other = commit(nb, {{"plan_id", plan_id}, {"item_id", item(1)}});
  ASSERT_EQ(other.status, 201);
  EXPECT_EQ(run(nb, other.json()["id"].get<int64_t>(), {{"lottery_result", "1 2 3"}}).code(), "draw.lottery_not_named");
  EXPECT_EQ(verify_problem(), "");
}

// R: DR-6, ORG-1 — who may draw what: a county cannot draw its city's plan, an inspector cannot
// commit, a sibling city does not see another's sessions; refused inputs name their field and
// write nothing.
TEST_F(DrawApi, PermissionsScopeAndRefusedInputs) {
  auto& nb = as("nb_unit_head");
  int64_t plan_id = plan(nb, json::array({line(1)}));
  const int64_t before = written();
  // Hangzhou's demo plan: Xihu (a county below it) cannot draw it.
  int64_t hz_plan = id_where("SELECT id FROM spotcheck_plans WHERE bureau_id = ? AND year = 2026", bureau("330100"));
  EXPECT_EQ(commit(as("xh_unit_head"), {{"plan_id", hz_plan}, {"item_id", item(1)}}).status, 404);
  // Xihu's own plan is a draft.
  int64_t xh_plan = id_where("SELECT id FROM spotcheck_plans WHERE bureau_id = ? AND year = 2026", bureau("330106"));
  EXPECT_EQ(commit(as("xh_unit_head"), {{"plan_id", xh_plan}, {"item_id", item(1)}}).code(), "draw.plan_not_published");
  EXPECT_EQ(commit(as("nb_insp1"), {{"plan_id", plan_id}, {"item_id", item(1)}}).status, 403);
  EXPECT_EQ(commit(nb, {{"plan_id", plan_id}, {"item_id", item(2)}}).code(), "draw.item_not_in_plan");
  EXPECT_EQ(commit(nb, {{"plan_id", plan_id}, {"item_id", item(1)}, {"date", NEXT + "-11-01"}}).code(), "draw.date_out_of_window");
  EXPECT_EQ(commit(nb, {{"plan_id", plan_id}, {"item_id", item(1)}, {"team_size", 1}}).code(), "draw.team_size_invalid");
  EXPECT_EQ(commit(nb, {{"plan_id", plan_id}, {"item_id", item(1)}, {"strata", {"colour"}}}).code(), "draw.strata_invalid");
  EXPECT_EQ(commit(nb, {{"plan_id", plan_id}, {"item_id", item(1)}, {"bureau_ids", {bureau("330100")}}}).code(), "draw.bureau_invalid");
  auto joint = commit(nb, {{"plan_id", plan_id},
                           {"item_id", item(1)},
                           {"joint_inspectors", {{{"name", "张三"}, {"certificate_no", "SJ-1"}, {"department", ""}, {"valid_from", "2024-01-01"},
                                                  {"valid_to", "2030-12-31"}}}}});
  EXPECT_EQ(joint.json()["error"]["details"]["field"], "joint_inspectors");
  EXPECT_EQ(joint.json()["error"]["details"]["key"], "department");
  EXPECT_EQ(written(), before);

  auto r = commit(nb, {{"plan_id", plan_id}, {"item_id", item(1)}});
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string id = std::to_string(r.json()["id"].get<int64_t>());
  auto& hz = as("hz_unit_head");
  EXPECT_EQ(hz.get("/api/v1/draws/" + id).code(), "draw.not_found");
  EXPECT_EQ(hz.post("/api/v1/draws/" + id + "/draw", {{"witnesses", witnesses()}, {"numbers", "1"}}).status, 404);
  const json hz_list = hz.get("/api/v1/draws").json();
  for (const auto& it : hz_list["items"]) EXPECT_NE(it["bureau_id"], bureau("330200"));
  EXPECT_EQ(as("nb_insp1").post("/api/v1/draws/" + id + "/draw", {{"witnesses", witnesses()}, {"numbers", "1"}}).status, 403);
  EXPECT_EQ(as("nb_insp1").get("/api/v1/draws/" + id).status, 200);  // staff of the bureau read it
  EXPECT_EQ(as("zj_unit_head").get("/api/v1/draws/" + id).status, 200);  // and the province
}

// R: DR-6, PUB-11 — a repeated draw is a new session with a reason, approved by someone other
// than the one who asked; the first stays published and its tasks are superseded only when the
// redraw is drawn.
TEST_F(DrawApi, RedrawNeedsAnotherPersonsApprovalAndTheFirstStaysPublic) {
  auto& nb = as("nb_unit_head");
  int64_t plan_id = plan(nb, json::array({line(1)}), {{"min_enterprise_ratio_bp", 5000}});
  auto r = commit(nb, {{"plan_id", plan_id}, {"item_id", item(1)}});
  ASSERT_EQ(r.status, 201) << r.body;
  const int64_t first = r.json()["id"].get<int64_t>();
  const std::string fs = std::to_string(first);
  EXPECT_EQ(nb.post("/api/v1/draws/" + fs + "/redraw", {{"reason", "x"}}).code(), "draw.not_drawn");
  ASSERT_EQ(run(nb, first).status, 200);
  const json first_tasks = tasks_of(nb, first);

  auto& dual = dual_role();
  EXPECT_EQ(dual.post("/api/v1/draws/" + fs + "/redraw", json::object()).json()["error"]["details"]["field"], "reason");
  auto rr = dual.post("/api/v1/draws/" + fs + "/redraw", {{"reason", "抽取时见证人未全部到场，经研究重新抽取"}});
  ASSERT_EQ(rr.status, 201) << rr.body;
  const int64_t redraw = rr.json()["id"].get<int64_t>();
  const std::string rs = std::to_string(redraw);
  EXPECT_EQ(rr.json()["state"], "pending_approval");
  EXPECT_EQ(rr.json()["redraw_of"], first);
  EXPECT_EQ(rr.json()["commitment"]["pool_root"], r.json()["commitment"]["pool_root"]);  // the same frozen pool
  EXPECT_EQ(nb.post("/api/v1/draws/" + fs + "/redraw", {{"reason", "再次"}}).code(), "draw.redraw_open");
  EXPECT_EQ(run(nb, redraw).code(), "draw.approval_pending");
  EXPECT_EQ(anon().get("/api/v1/public/draws/" + rs).status, 404);  // not public while pending
  EXPECT_EQ(nb.post("/api/v1/draws/" + rs + "/approve", {{"opinion", "同意"}}).status, 403);
  EXPECT_EQ(dual.post("/api/v1/draws/" + rs + "/approve", {{"opinion", "同意"}}).code(), "draw.same_person");
  auto& head = as("nb_head");
  EXPECT_EQ(head.post("/api/v1/draws/" + rs + "/approve", json::object()).json()["error"]["details"]["field"], "opinion");
  auto ok = head.post("/api/v1/draws/" + rs + "/approve", {{"opinion", "同意重新抽取"}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json()["state"], "committed");
  EXPECT_EQ(ok.json()["decision"]["decided_by"]["name"], "戚宏");
  EXPECT_EQ(head.post("/api/v1/draws/" + rs + "/approve", {{"opinion", "again"}}).code(), "draw.not_pending");
  // Still the first's tasks until the redraw is drawn.
  for (const auto& t : tasks_of(nb, first)) EXPECT_EQ(t["state"], "assigned");

  auto d = run(nb, redraw, {{"numbers", "55 21 90"}});
  ASSERT_EQ(d.status, 200) << d.body;
  for (const auto& t : tasks_of(nb, first)) EXPECT_EQ(t["state"], "superseded");
  for (const auto& t : tasks_of(nb, redraw)) EXPECT_EQ(t["state"], "assigned");
  EXPECT_EQ(first_tasks.size(), tasks_of(nb, first).size());

  // Both public, linked; both certificates re-run from their pool files.
  auto a = anon();
  auto p1 = a.get("/api/v1/public/draws/" + fs).json();
  EXPECT_EQ(p1["state"], "drawn");
  ASSERT_EQ(p1["redraws"].size(), 1u);
  EXPECT_EQ(p1["redraws"][0]["id"], redraw);
  EXPECT_EQ(p1["result"][0]["state"], "superseded");
  auto p2 = a.get("/api/v1/public/draws/" + rs).json();
  EXPECT_EQ(p2["redraw_of"], first);
  EXPECT_EQ(p2["redraw_reason"], "抽取时见证人未全部到场，经研究重新抽取");
  EXPECT_EQ(p2["params"]["context"]["redraw_of"], first);
  auto f1 = published(first), f2 = published(redraw);
  EXPECT_EQ(draw::verify(f1.cert, f1.pool), std::nullopt);
  EXPECT_EQ(draw::verify(f2.cert, f2.pool), std::nullopt);
  EXPECT_EQ(f1.csv, f2.csv);
  EXPECT_NE(f1.cert["seed"], f2.cert["seed"]);
  EXPECT_EQ(verify_problem(), "");
}

// R: DR-7 — a drawn inspector is replaced only for job change, work conflict or health, on a
// leader's approval by another person; the replacement is drawn from the eligible pool exactly
// as the engine derives it from the published files.
TEST_F(DrawApi, ReplacementReasonsApprovalByAnotherPersonAndDeterministicDraw) {
  auto& nb = as("nb_unit_head");
  int64_t plan_id = plan(nb, json::array({line(1)}), {{"min_enterprise_ratio_bp", 5000}});
  auto r = commit(nb, {{"plan_id", plan_id}, {"item_id", item(1)}});
  ASSERT_EQ(r.status, 201) << r.body;
  const int64_t id = r.json()["id"].get<int64_t>();
  ASSERT_EQ(run(nb, id).status, 200);
  json tasks = tasks_of(nb, id);
  ASSERT_GE(tasks.size(), 2u);
  const json task = tasks[0];
  const std::string tid = std::to_string(task["id"].get<int64_t>());
  std::vector<std::string> team;
  for (const auto& m : task["team"]) team.push_back(m["certificate_no"].get<std::string>());
  const std::string leaving = team[1];

  auto& dual = dual_role();
  const std::string url = "/api/v1/tasks/" + tid + "/replacements";
  EXPECT_EQ(dual.post(url, {{"certificate_no", leaving}, {"reason", "vacation"}}).code(), "draw.replacement_reason_invalid");
  EXPECT_EQ(dual.post(url, {{"certificate_no", "NOPE"}, {"reason", "health"}}).code(), "draw.member_not_in_team");
  EXPECT_EQ(as("nb_insp1").post(url, {{"certificate_no", leaving}, {"reason", "health"}}).status, 403);
  auto req = dual.post(url, {{"certificate_no", leaving}, {"reason", "job_change"}, {"note", "调任办公室"}});
  ASSERT_EQ(req.status, 201) << req.body;
  EXPECT_EQ(req.json()["state"], "pending");
  EXPECT_EQ(dual.post(url, {{"certificate_no", leaving}, {"reason", "health"}}).code(), "draw.replacement_pending");
  const std::string rid = std::to_string(req.json()["id"].get<int64_t>());
  EXPECT_EQ(nb.post("/api/v1/replacements/" + rid + "/approve", {{"opinion", "同意"}}).status, 403);
  EXPECT_EQ(dual.post("/api/v1/replacements/" + rid + "/approve", {{"opinion", "同意"}}).code(), "draw.same_person");
  auto& head = as("nb_head");
  auto ok = head.post("/api/v1/replacements/" + rid + "/approve", {{"opinion", "同意更换"}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json()["state"], "approved");
  EXPECT_EQ(ok.json()["n"], 1);
  const std::string joining = ok.json()["new_certificate_no"];

  // The engine, from the published files alone, names the same person.
  auto p = published(id);
  EXPECT_EQ(draw::replacement(p.pool, p.cert, size_t(task["position"].get<int64_t>()), team, leaving, 1), joining);
  EXPECT_EQ(std::find(team.begin(), team.end(), joining), team.end());
  auto after = nb.get("/api/v1/tasks/" + tid).json();
  ASSERT_EQ(after["team"].size(), team.size());
  EXPECT_EQ(after["team"][1]["certificate_no"], joining);
  EXPECT_EQ(after["team"][1]["role"], task["team"][1]["role"]);
  ASSERT_EQ(after["former_members"].size(), 1u);
  EXPECT_EQ(after["former_members"][0]["certificate_no"], leaving);
  expect_sound_teams(json::array({after}), p.pool, NEXT + "-04-01");
  EXPECT_EQ(head.post("/api/v1/replacements/" + rid + "/approve", {{"opinion", "again"}}).code(), "draw.replacement_decided");

  // A refusal leaves the team as it is.
  const std::string other_tid = std::to_string(tasks[1]["id"].get<int64_t>());
  auto req2 = dual.post("/api/v1/tasks/" + other_tid + "/replacements",
                        {{"certificate_no", tasks[1]["team"][0]["certificate_no"]}, {"reason", "work_conflict"}});
  ASSERT_EQ(req2.status, 201) << req2.body;
  auto no = head.post("/api/v1/replacements/" + std::to_string(req2.json()["id"].get<int64_t>()) + "/refuse", {{"opinion", "检查任务优先"}});
  ASSERT_EQ(no.status, 200) << no.body;
  EXPECT_EQ(no.json()["state"], "refused");
  EXPECT_EQ(nb.get("/api/v1/tasks/" + other_tid).json()["team"], tasks_of(nb, id)[1]["team"]);
  EXPECT_EQ(nb.get("/api/v1/tasks/" + other_tid).json()["team"][0]["certificate_no"], tasks[1]["team"][0]["certificate_no"]);

  auto pub = anon().get("/api/v1/public/draws/" + std::to_string(id)).json();
  ASSERT_EQ(pub["replacements"].size(), 1u);
  EXPECT_EQ(pub["replacements"][0]["joining"], joining);
  EXPECT_FALSE(pub["replacements"][0].contains("reason"));  // a health reason is personal
  EXPECT_EQ(pub["result"][0]["team"][1]["certificate_no"], joining);
  EXPECT_EQ(verify_problem(), "");
}

// R: DR-14, DR-6 — seed 000's item 2 (foreign-related survey bodies, 100%) runs as `all`: every
// body in the bureau's subtree gets a task.
TEST_F(DrawApi, ItemTwoAtOneHundredPercentRunsAsAll) {
  auto& nb = as("nb_unit_head");
  int64_t plan_id = plan(nb, json::array({line(1), line(2)}));
  auto r = commit(nb, {{"plan_id", plan_id}, {"item_id", item(2)}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["mode"], "all");
  EXPECT_EQ(r.json()["object_type"], "foreign_survey_body");
  EXPECT_FALSE(r.json()["params"].contains("ratio_bp"));
  EXPECT_EQ(commit(nb, {{"plan_id", plan_id}, {"item_id", item(2)}, {"strata", {"division"}}}).code(), "draw.strata_invalid");
  const int64_t id = r.json()["id"].get<int64_t>();
  ASSERT_EQ(run(nb, id).status, 200);
  auto p = published(id);
  EXPECT_EQ(draw::verify(p.cert, p.pool), std::nullopt);
  const int64_t bodies = count("SELECT COUNT(*) FROM foreign_survey_bodies f JOIN bureaus b ON b.id = f.bureau_id WHERE b.code LIKE '3302%'");
  ASSERT_GE(bodies, 1);
  EXPECT_EQ(int64_t(p.pool.objects.size()), bodies);
  json tasks = tasks_of(nb, id);
  ASSERT_EQ(int64_t(tasks.size()), bodies);
  for (const auto& t : tasks) {
    EXPECT_EQ(t["rule"], "all");
    EXPECT_EQ(t["object"]["kind"], "foreign_survey_body");
  }
  expect_sound_teams(tasks, p.pool, NEXT + "-04-01");
  EXPECT_EQ(verify_problem(), "");
}

// R: DR-13 — Chengde's multi-stage draw: 2-3 districts, then 4-6 units in each.
TEST_F(DrawApi, MultiStageDrawSelectsTwoToThreeDivisionsAndFourToSixInEach) {
  auto& nb = as("nb_unit_head");
  int serial = 0;
  for (const char* div : {"330203", "330205", "330206", "330212"})
    for (int i = 0; i < 7; ++i) add_object(nb, div, 200 + serial++);
  int64_t plan_id =
      plan(nb, json::array({line(1)}), {{"multi_stage", {{"counties_min", 2}, {"counties_max", 3}, {"units_min", 4}, {"units_max", 6}}}});
  auto r = commit(nb, {{"plan_id", plan_id}, {"item_id", item(1)}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["mode"], "multistage");
  EXPECT_EQ(r.json()["params"]["multistage"]["cluster"], "division");
  EXPECT_EQ(r.json()["params"]["multistage"]["clusters_max"], 3);
  const int64_t id = r.json()["id"].get<int64_t>();
  ASSERT_EQ(run(nb, id).status, 200);
  auto p = published(id);
  EXPECT_EQ(draw::verify(p.cert, p.pool), std::nullopt);
  std::map<std::string, int> per_division;
  for (const auto& s : p.cert["result"]["selected"]) {
    EXPECT_EQ(s["rule"], "drawn");
    per_division[p.pool.text(object_in(p.pool, s["id"].get<std::string>()).division)]++;
  }
  EXPECT_GE(per_division.size(), 2u);
  EXPECT_LE(per_division.size(), 3u);
  for (const auto& [div, n] : per_division) {
    EXPECT_GE(n, 4) << div;
    EXPECT_LE(n, 6) << div;
  }
  EXPECT_EQ(p.cert["result"]["clusters"].size(), per_division.size());
  expect_sound_teams(tasks_of(nb, id), p.pool, NEXT + "-04-01");
  EXPECT_EQ(verify_problem(), "");
}

// R: DR-12 — a joint check with another department (one of its staff in every team, kept by name
// and department) and across regions (the province adds Wenzhou's objects to Ningbo's plan).
TEST_F(DrawApi, JointDepartmentAndCrossRegionDraw) {
  auto& nb = as("nb_unit_head");
  int64_t plan_id = plan(nb, json::array({line(1)}), {{"min_enterprise_ratio_bp", 3000}});
  const std::string dept = "宁波市市场监督管理局";
  json joint = json::array({{{"name", "市监甲"}, {"certificate_no", "SJ330200001"}, {"department", dept}, {"valid_from", "2024-01-01"}, {"valid_to", "2030-12-31"}},
                            {{"name", "市监乙"}, {"certificate_no", "SJ330200002"}, {"department", dept}, {"valid_from", "2024-01-01"}, {"valid_to", "2030-12-31"}}});
  auto& zj = as("zj_unit_head");
  auto r = commit(zj, {{"plan_id", plan_id}, {"item_id", item(1)}, {"bureau_ids", {bureau("330300")}}, {"joint_inspectors", joint}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["params"]["team"]["joint"], json::array({{{"department", dept}, {"count", 1}}}));
  const int64_t id = r.json()["id"].get<int64_t>();
  ASSERT_EQ(run(zj, id).status, 200);
  auto p = published(id);
  EXPECT_EQ(draw::verify(p.cert, p.pool), std::nullopt);
  bool wenzhou = false;
  for (const auto& o : p.pool.objects) wenzhou = wenzhou || p.pool.text(o.division).rfind("3303", 0) == 0;
  EXPECT_TRUE(wenzhou);
  EXPECT_EQ(inspector_in(p.pool, "SJ330200001").department, dept);
  json tasks = tasks_of(zj, id);
  ASSERT_FALSE(tasks.empty());
  expect_sound_teams(tasks, p.pool, NEXT + "-04-01", 3);
  for (const auto& t : tasks) {
    int joint_members = 0;
    for (const auto& m : t["team"])
      if (m["role"] == "joint") {
        ++joint_members;
        EXPECT_EQ(m["department"], dept);
        EXPECT_TRUE(m["inspector_id"].is_null());
        EXPECT_TRUE(m["name"] == "市监甲" || m["name"] == "市监乙");
      }
    EXPECT_EQ(joint_members, 1) << t.dump();
  }
  EXPECT_EQ(verify_problem(), "");
}

// R: DR-6, DR-13, PUB-11 — the demo holds Hangzhou's completed witnessed draw with its tasks,
// public and re-runnable.
TEST_F(DrawApi, DemoHasACompletedWitnessedDrawOfTheCitysPlan) {
  auto a = anon();
  auto list = a.get("/api/v1/public/draws?bureau_id=" + std::to_string(bureau("330100"))).json();
  ASSERT_EQ(list["items"].size(), 1u) << list.dump();
  const auto& s = list["items"][0];
  EXPECT_EQ(s["state"], "drawn");
  EXPECT_EQ(s["mode"], "multistage");
  const int64_t id = s["id"].get<int64_t>();
  auto p = published(id);
  EXPECT_EQ(draw::verify(p.cert, p.pool), std::nullopt);
  auto detail = a.get("/api/v1/public/draws/" + std::to_string(id)).json();
  EXPECT_EQ(detail["draw"]["witnesses"].size(), 3u);
  EXPECT_EQ(detail["result"].size(), p.cert["result"]["selected"].size());
  EXPECT_FALSE(detail["result"].empty());
  expect_sound_teams(tasks_of(as("hz_unit_head"), id), p.pool, "2026-07-20");
}

// R: REC-21, PUB-11 — the pool file is kept out of its ledger entry (a province's pool is large),
// so verify rehashes it: an edit made with the triggers dropped is named.
TEST_F(DrawApi, VerifyNamesAPoolFileEditedBehindTheServicesBack) {
  ASSERT_EQ(verify_problem(), "");
  auto lease = srv->db()->acquire();
  if (test::store_name() == "sqlite") lease->exec_script("DROP TRIGGER draw_documents_no_update");
  else lease->exec_script("DROP TRIGGER draw_documents_append_only ON draw_documents");
  EXPECT_EQ(lease->prepare("UPDATE draw_documents SET content = REPLACE(content, 'active', 'suspended') WHERE kind = 'pool'")->exec(), 1);
  std::string problem = verify_problem();
  EXPECT_NE(problem.find("draw_documents"), std::string::npos) << problem;
  EXPECT_NE(problem.find("content"), std::string::npos) << problem;
}
