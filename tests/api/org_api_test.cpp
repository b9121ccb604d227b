// Organisation over HTTP on both stores: data scope (ORG-1), roles and the separation of the
// three administrators (ORG-3), user and bureau administration with validation.
#include <gtest/gtest.h>

#include <algorithm>

#include "support/test_db.h"
#include "support/test_server.h"

using namespace zhifa;
using test::Client;

namespace {
class OrgApi : public ::testing::Test {
protected:
  void SetUp() override { srv = std::make_unique<test::TestServer>(test::demo_database()); }
  std::unique_ptr<test::TestServer> srv;
  Client as(const std::string& user) {
    Client c(srv->port());
    c.login_ready(user);
    return c;
  }
  int64_t bureau_id(const std::string& code) {
    auto lease = srv->db()->acquire();
    auto q = lease->prepare("SELECT id FROM bureaus WHERE code = ?");
    q->bind(code);
    q->step();
    return q->row().i64(0);
  }
  int64_t count(const std::string& sql) {
    auto lease = srv->db()->acquire();
    auto q = lease->prepare(sql);
    q->step();
    return q->row().i64(0);
  }
};

std::set<std::string> codes_of(const nlohmann::json& items) {
  std::set<std::string> s;
  for (auto& b : items) s.insert(b["code"].get<std::string>());
  return s;
}
}  // namespace

// R: ORG-1 — a user sees their bureau and those below it, never a sibling's.
TEST_F(OrgApi, CityUserSeesOwnSubtreeOnly) {
  auto c = as("hz_insp1");
  auto list = c.get("/api/v1/bureaus").json()["items"];
  auto codes = codes_of(list);
  EXPECT_TRUE(codes.count("330100"));
  EXPECT_TRUE(codes.count("330106"));
  EXPECT_FALSE(codes.count("330000"));
  EXPECT_FALSE(codes.count("330200"));
  EXPECT_FALSE(codes.count("330203"));
  // Asking for a sibling directly is a 404, not a leak.
  EXPECT_EQ(c.get("/api/v1/bureaus/" + std::to_string(bureau_id("330200"))).status, 404);
  EXPECT_EQ(c.get("/api/v1/bureaus/" + std::to_string(bureau_id("330200")) + "/departments").status, 404);
  // The directory of people obeys the same scope, whatever filter the UI sends.
  auto people = c.get("/api/v1/users?bureau_id=" + std::to_string(bureau_id("330200"))).json();
  EXPECT_EQ(people["total"], 0);
  auto all = c.get("/api/v1/users?page_size=200").json();
  for (auto& u : all["items"]) EXPECT_NE(u["username"].get<std::string>().substr(0, 3), "nb_");
  EXPECT_FALSE(all["items"][0].contains("locked_until"));  // the directory hides security state
}

TEST_F(OrgApi, CountyUserSeesOnlyTheCounty) {
  auto c = as("xh_insp1");
  auto codes = codes_of(c.get("/api/v1/bureaus").json()["items"]);
  EXPECT_EQ(codes, std::set<std::string>{"330106"});
}

TEST_F(OrgApi, ProvinceSeesEveryCityAndCounty) {
  auto c = as("zj_head");
  auto list = c.get("/api/v1/bureaus").json()["items"];
  int cities = 0, counties = 0;
  for (auto& b : list) {
    cities += b["level"] == "city";
    counties += b["level"] == "county";
  }
  EXPECT_EQ(cities, 11);
  EXPECT_GE(counties, 85);
}

// R: ORG-3 — the three administrators are separate.
TEST_F(OrgApi, SystemAdministratorManagesUsersButReadsNoAuditLog) {
  auto c = as("sysadmin");
  EXPECT_EQ(c.get("/api/v1/audit-log").status, 403);
  EXPECT_EQ(c.put("/api/v1/security-policy", {{"lockout_minutes", 30}}).status, 403);
  auto r = c.post("/api/v1/users", {{"username", "new_insp"}, {"name", "新执法员"}, {"bureau_id", bureau_id("330100")},
                                    {"roles", {"inspector"}}, {"password", "Start#2026a"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_TRUE(r.json()["must_change_password"].get<bool>());
}

TEST_F(OrgApi, AuditAdministratorReadsTheLogButChangesNothing) {
  auto admin = as("sysadmin");
  auto made = admin.post("/api/v1/bureaus/" + std::to_string(bureau_id("330100")) + "/departments", {{"name", "审计可见部门"}});
  ASSERT_EQ(made.status, 201) << made.body;
  auto c = as("auditadmin");
  auto log = c.get("/api/v1/audit-log?action=department.create");
  ASSERT_EQ(log.status, 200) << log.body;
  bool seen = false;
  auto entries = log.json()["items"];
  for (auto& e : entries) seen = seen || e["change"]["row"]["name"] == "审计可见部门";
  EXPECT_TRUE(seen);
  EXPECT_EQ(c.post("/api/v1/users", {{"username", "x_user"}, {"name", "x"}, {"bureau_id", 1}, {"roles", {"inspector"}}, {"password", "Start#2026a"}}).status, 403);
  EXPECT_EQ(c.put("/api/v1/security-policy", {{"lockout_minutes", 30}}).status, 403);
  EXPECT_EQ(c.post("/api/v1/bureaus/1/departments", {{"name", "x"}}).status, 403);
  EXPECT_EQ(c.get("/api/v1/bureaus").status, 403);  // no case or organisation content either
  // Reading the log is itself logged.
  EXPECT_GE(count("SELECT COUNT(*) FROM ledger_entries WHERE action = 'audit.read'"), 1);
}

// R: REC-21, REC-22 — the audit administrator finds every entry about one subject ("user:ID")
// or one kind ("user"), and each entry's seq leads to its public inclusion proof.
TEST_F(OrgApi, AuditLogFiltersBySubject) {
  auto admin = as("sysadmin");
  auto made = admin.post("/api/v1/users", {{"username", "subject_probe"}, {"name", "对象筛选"}, {"bureau_id", bureau_id("330100")},
                                           {"roles", {"inspector"}}, {"password", "Start#2026a"}});
  ASSERT_EQ(made.status, 201) << made.body;
  std::string id = std::to_string(made.json()["id"].get<int64_t>());
  ASSERT_EQ(admin.post("/api/v1/users/" + id + "/unlock", nlohmann::json::object()).status, 200);
  auto c = as("auditadmin");

  auto one = c.get("/api/v1/audit-log?subject=user:" + id);
  ASSERT_EQ(one.status, 200) << one.body;
  auto items = one.json()["items"];
  ASSERT_EQ(one.json()["total"], 2);
  std::set<std::string> actions;
  for (auto& e : items) {
    EXPECT_EQ(e["subject_kind"], "user");
    EXPECT_EQ(e["subject_id"], id);
    actions.insert(e["action"].get<std::string>());
  }
  EXPECT_EQ(actions, (std::set<std::string>{"user.create", "user.unlock"}));
  // Newest first; each row's seq is the ledger entry whose proof the console fetches.
  int64_t seq = items[0]["seq"].get<int64_t>();
  EXPECT_GT(seq, items[1]["seq"].get<int64_t>());
  auto proof = Client(srv->port()).get("/api/v1/ledger/entries/" + std::to_string(seq) + "/proof?size=" + std::to_string(seq));
  ASSERT_EQ(proof.status, 200) << proof.body;
  EXPECT_EQ(proof.json()["entry"]["seq"], seq);
  EXPECT_EQ(proof.json()["entry"]["action"], "user.unlock");
  EXPECT_EQ(proof.json()["entry"]["subject_id"], id);

  // A kind alone: every user entry, nothing else; combined with the other filters.
  auto kind = c.get("/api/v1/audit-log?subject=user&page_size=200").json();
  EXPECT_GE(kind["total"].get<int64_t>(), 3);  // the two above and the logins
  for (auto& e : kind["items"]) EXPECT_EQ(e["subject_kind"], "user");
  auto both = c.get("/api/v1/audit-log?subject=user:" + id + "&action=user.create").json();
  ASSERT_EQ(both["total"], 1);
  EXPECT_EQ(both["items"][0]["action"], "user.create");
  EXPECT_EQ(c.get("/api/v1/audit-log?subject=user:no-such-id").json()["total"], 0);
  auto bureaus = c.get("/api/v1/audit-log?subject=bureau&page_size=5").json();
  for (auto& e : bureaus["items"]) EXPECT_EQ(e["subject_kind"], "bureau");

  // Malformed subjects are refused, naming the field.
  for (std::string bad : {"User", "user:", ":12", "us%20er", "user%27--"}) {
    auto r = c.get("/api/v1/audit-log?subject=" + bad);
    EXPECT_EQ(r.status, 422) << bad;
    EXPECT_EQ(r.json()["error"]["details"]["field"], "subject") << bad;
  }
  // The query itself is recorded with its subject filter.
  EXPECT_GE(count("SELECT COUNT(*) FROM ledger_entries WHERE action = 'audit.read' AND change LIKE '%\"subject\":\"user:" + id + "\"%'"), 1);
}

TEST_F(OrgApi, SecurityAdministratorSetsPolicyWithinTheFloor) {
  auto c = as("secadmin");
  EXPECT_EQ(c.get("/api/v1/users").status, 403);
  EXPECT_EQ(c.get("/api/v1/audit-log").status, 403);
  auto weak = c.put("/api/v1/security-policy", {{"password_min_length", 6}});
  EXPECT_EQ(weak.status, 422);
  EXPECT_EQ(weak.json()["error"]["details"]["field"], "password_min_length");
  EXPECT_EQ(c.put("/api/v1/security-policy", {{"lockout_threshold", 10}}).status, 422);
  auto ok = c.put("/api/v1/security-policy", {{"password_min_length", 10}, {"lockout_minutes", 30}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json()["password_min_length"], 10);
  // The new rule applies at once.
  auto admin = as("sysadmin");
  auto r = admin.post("/api/v1/users", {{"username", "short_pw"}, {"name", "短密码"}, {"bureau_id", 1}, {"roles", {"inspector"}}, {"password", "Abc#1234"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json()["error"]["details"]["field"], "password");
}

TEST_F(OrgApi, AdministratorRolesCannotBeCombined) {
  auto c = as("sysadmin");
  auto r = c.post("/api/v1/users", {{"username", "two_hats"}, {"name", "兼任"}, {"bureau_id", 1}, {"roles", {"sys_admin", "audit_admin"}}, {"password", "Start#2026a"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.code(), "org.role_conflict");
  auto r2 = c.post("/api/v1/users", {{"username", "two_hats"}, {"name", "兼任"}, {"bureau_id", 1}, {"roles", {"inspector", "audit_admin"}}, {"password", "Start#2026a"}});
  EXPECT_EQ(r2.code(), "org.role_conflict");
}

TEST_F(OrgApi, CityAdministratorCannotReachAnotherCity) {
  auto c = as("hz_sysadmin");
  auto r = c.post("/api/v1/users", {{"username", "nb_spy"}, {"name", "越权"}, {"bureau_id", bureau_id("330200")}, {"roles", {"inspector"}}, {"password", "Start#2026a"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json()["error"]["details"]["field"], "bureau_id");
  auto nb = count("SELECT id FROM users WHERE username = 'nb_insp1'");
  EXPECT_EQ(c.patch("/api/v1/users/" + std::to_string(nb), {{"name", "改名"}}).status, 404);
  EXPECT_EQ(c.post("/api/v1/users/" + std::to_string(nb) + "/password", {{"new_password", "Reset#2026a"}}).status, 404);
}

TEST_F(OrgApi, BadUserInputChangesNothing) {
  auto c = as("sysadmin");
  int64_t users_before = count("SELECT COUNT(*) FROM users");
  const char* non_auth = "SELECT COUNT(*) FROM ledger_entries WHERE action NOT LIKE 'auth.%'";
  int64_t ledger_before = count(non_auth);
  struct Case {
    nlohmann::json body;
    std::string field;
  };
  std::vector<Case> cases = {
      {{{"name", "甲"}, {"bureau_id", 1}, {"roles", {"inspector"}}, {"password", "Start#2026a"}}, "username"},
      {{{"username", "Bad Name"}, {"name", "甲"}, {"bureau_id", 1}, {"roles", {"inspector"}}, {"password", "Start#2026a"}}, "username"},
      {{{"username", "ok_name"}, {"bureau_id", 1}, {"roles", {"inspector"}}, {"password", "Start#2026a"}}, "name"},
      {{{"username", "ok_name"}, {"name", "甲"}, {"bureau_id", 999999}, {"roles", {"inspector"}}, {"password", "Start#2026a"}}, "bureau_id"},
      {{{"username", "ok_name"}, {"name", "甲"}, {"bureau_id", 1}, {"roles", {"wizard"}}, {"password", "Start#2026a"}}, "roles"},
      {{{"username", "ok_name"}, {"name", "甲"}, {"bureau_id", 1}, {"roles", nlohmann::json::array()}, {"password", "Start#2026a"}}, "roles"},
      {{{"username", "ok_name"}, {"name", "甲"}, {"bureau_id", 1}, {"roles", {"inspector"}}, {"password", "weakweak"}}, "password"},
      {{{"username", "ok_name"}, {"name", "甲"}, {"bureau_id", "1"}, {"roles", {"inspector"}}, {"password", "Start#2026a"}}, "bureau_id"},
  };
  for (auto& k : cases) {
    auto r = c.post("/api/v1/users", k.body);
    EXPECT_EQ(r.status, 422) << k.body.dump();
    EXPECT_EQ(r.json()["error"]["details"]["field"], k.field) << r.body;
    EXPECT_FALSE(r.json()["error"]["message"].get<std::string>().empty());
  }
  auto dup = c.post("/api/v1/users", {{"username", "zj_insp1"}, {"name", "重复"}, {"bureau_id", 1}, {"roles", {"inspector"}}, {"password", "Start#2026a"}});
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(dup.code(), "user.username_taken");
  EXPECT_EQ(count("SELECT COUNT(*) FROM users"), users_before);
  // Nothing but logins reached the ledger.
  EXPECT_EQ(count(non_auth), ledger_before);
}

TEST_F(OrgApi, BureausFollowTheDivisionTree) {
  auto c = as("sysadmin");
  int64_t hz = bureau_id("330100");
  // A Ningbo county under Hangzhou is refused.
  auto wrong = c.post("/api/v1/bureaus", {{"parent_id", hz}, {"code", "330203"}, {"name", "海曙区统计局"}, {"level", "county"}});
  EXPECT_EQ(wrong.status, 422);
  EXPECT_EQ(wrong.json()["error"]["details"]["field"], "code");
  auto bad = c.post("/api/v1/bureaus", {{"parent_id", hz}, {"code", "339999"}, {"name", "不存在"}, {"level", "county"}});
  EXPECT_EQ(bad.json()["error"]["details"]["field"], "code");
  auto dup = c.post("/api/v1/bureaus", {{"parent_id", hz}, {"code", "330106"}, {"name", "西湖区统计局"}, {"level", "county"}});
  EXPECT_EQ(dup.status, 409);
  auto unit = c.post("/api/v1/bureaus", {{"parent_id", hz}, {"code", "330100-DC"}, {"name", "国家统计局杭州调查队"}, {"level", "unit"}, {"kind", "调查队"}});
  ASSERT_EQ(unit.status, 201) << unit.body;
  EXPECT_EQ(unit.json()["division_code"], "330100");
  auto patched = c.patch("/api/v1/bureaus/" + std::to_string(hz), {{"phone", "0571-85252000"}, {"address", "杭州市解放东路18号"}});
  ASSERT_EQ(patched.status, 200);
  EXPECT_EQ(patched.json()["phone"], "0571-85252000");
  EXPECT_EQ(c.patch("/api/v1/bureaus/" + std::to_string(hz), {{"code", "330200"}}).status, 422);
}

TEST_F(OrgApi, InspectorCannotAdminister) {
  auto c = as("zj_insp1");
  EXPECT_EQ(c.post("/api/v1/bureaus", {{"parent_id", 1}, {"code", "330100-X"}, {"name", "x"}, {"level", "unit"}}).status, 403);
  EXPECT_EQ(c.post("/api/v1/users/1/unlock", nlohmann::json::object()).status, 403);
  auto me = c.get("/api/v1/auth/me").json()["user"]["permissions"];
  // Whatever the modules grant an inspector to read and record, nothing that administers.
  ASSERT_TRUE(me.is_array());
  for (const auto& perm : me) {
    std::string p = perm;
    // Recording their own field work (issue 6: inspection.record, case.handle) is not administering.
    EXPECT_TRUE((p.ends_with(".read") && p != "policy.read" && p != "audit.read") || p == "evidence.upload" ||
                p == "inspection.record" || p == "case.handle")
        << p;
  }
  for (const char* admin : {"user.manage", "bureau.manage", "calendar.manage", "audit.read", "policy.manage", "policy.read"})
    EXPECT_EQ(std::count(me.begin(), me.end(), admin), 0) << admin;
}

TEST_F(OrgApi, DisabledUserIsLoggedOutAndCannotLogIn) {
  auto admin = as("sysadmin");
  auto victim = as("nb_insp1");
  int64_t id = count("SELECT id FROM users WHERE username = 'nb_insp1'");
  EXPECT_EQ(admin.patch("/api/v1/users/" + std::to_string(id), {{"status", "disabled"}}).status, 200);
  EXPECT_EQ(victim.get("/api/v1/auth/me").status, 401);
  EXPECT_EQ(Client(srv->port()).login("nb_insp1", "Zhifa@2027x").code(), "auth.disabled");
}

TEST_F(OrgApi, PublicBureausNeedNoLogin) {
  auto r = Client(srv->port()).get("/api/v1/public/bureaus");
  ASSERT_EQ(r.status, 200);
  EXPECT_GT(r.json()["items"].size(), 100u);
}

// Sessions are cached briefly; a change to the user must still take effect on the next request.
TEST_F(OrgApi, RoleChangeTakesEffectAtOnce) {
  auto admin = as("sysadmin");
  auto user = as("zj_archivist");
  EXPECT_EQ(user.get("/api/v1/bureaus").status, 200);
  EXPECT_EQ(user.get("/api/v1/bureaus").status, 200);  // now cached
  int64_t id = count("SELECT id FROM users WHERE username = 'zj_archivist'");
  ASSERT_EQ(admin.patch("/api/v1/users/" + std::to_string(id), {{"roles", {"audit_admin"}}}).status, 200);
  EXPECT_EQ(user.get("/api/v1/bureaus").status, 403);
  EXPECT_EQ(user.get("/api/v1/audit-log").status, 200);
}
