// Authentication over HTTP on both stores: login, lockout, sessions, CSRF, forced password change.
#include <gtest/gtest.h>

#include "demo/demo.h"
#include "support/test_db.h"
#include "support/test_server.h"

using namespace zhifa;
using test::Client;

namespace {
class AuthApi : public ::testing::Test {
protected:
  void SetUp() override { srv = std::make_unique<test::TestServer>(test::demo_database()); }
  std::unique_ptr<test::TestServer> srv;
  Client client() { return Client(srv->port()); }
};
}  // namespace

TEST_F(AuthApi, HealthzAnswersWithStore) {
  auto r = client().get("/api/v1/healthz");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json()["status"], "ok");
  EXPECT_EQ(r.json()["store"], test::store_name());
  EXPECT_FALSE(r.headers["x-request-id"].empty());
}

TEST_F(AuthApi, LoginSetsHttpOnlyStrictCookieAndAnswersTokenAndUser) {
  auto c = client();
  auto r = c.login("zj_insp1", demo::demo_password());
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = r.json();
  EXPECT_EQ(j["token"].get<std::string>().size(), 43u);  // 256 bits, base64url
  EXPECT_EQ(j["user"]["username"], "zj_insp1");
  EXPECT_TRUE(j["user"]["must_change_password"].get<bool>());
  std::string sc = r.headers["set-cookie"];
  EXPECT_NE(sc.find("HttpOnly"), std::string::npos);
  EXPECT_NE(sc.find("SameSite=Strict"), std::string::npos);
  // The token is stored only hashed.
  auto lease = srv->db()->acquire();
  auto q = lease->prepare("SELECT COUNT(*) FROM sessions WHERE token_hash = ?");
  q->bind(j["token"].get<std::string>());
  q->step();
  EXPECT_EQ(q->row().i64(0), 0);
}

TEST_F(AuthApi, WrongPasswordAndUnknownUserLookTheSame) {
  auto a = client().login("zj_insp1", "Wrong@2026");
  auto b = client().login("nobody", "Wrong@2026");
  EXPECT_EQ(a.status, 401);
  EXPECT_EQ(b.status, 401);
  EXPECT_EQ(a.code(), "auth.invalid_credentials");
  EXPECT_EQ(b.code(), "auth.invalid_credentials");
  EXPECT_EQ(a.json()["error"]["message"], "用户名或密码错误");
}

TEST_F(AuthApi, FiveFailuresLockTheAccountForFifteenMinutes) {
  for (int i = 0; i < 4; ++i) EXPECT_EQ(client().login("hz_insp1", "Wrong@2026").status, 401);
  auto fifth = client().login("hz_insp1", "Wrong@2026");
  EXPECT_EQ(fifth.status, 403);
  EXPECT_EQ(fifth.code(), "auth.locked");
  // Even the right password is refused while locked.
  auto right = client().login("hz_insp1", demo::demo_password());
  EXPECT_EQ(right.code(), "auth.locked");
  std::string until = right.json()["error"]["details"]["locked_until"];
  auto lease = srv->db()->acquire();
  auto q = lease->prepare("SELECT locked_until, last_login_at FROM users WHERE username = 'hz_insp1'");
  q->step();
  EXPECT_EQ(q->row().text(0), until);
  EXPECT_TRUE(q->row().is_null(1));
  // Recorded in the ledger.
  auto l = lease->prepare("SELECT COUNT(*) FROM ledger_entries WHERE action IN ('auth.login_failed','auth.locked')");
  l->step();
  EXPECT_GE(l->row().i64(0), 5);
}

TEST_F(AuthApi, AdministratorUnlocks) {
  for (int i = 0; i < 5; ++i) client().login("hz_insp2", "Wrong@2026");
  Client admin = client();
  admin.login_ready("sysadmin");
  auto users = admin.get("/api/v1/users?q=hz_insp2").json();
  ASSERT_EQ(users["total"], 1);
  int64_t id = users["items"][0]["id"];
  EXPECT_FALSE(users["items"][0]["locked_until"].is_null());
  EXPECT_EQ(admin.post("/api/v1/users/" + std::to_string(id) + "/unlock", nlohmann::json::object()).status, 200);
  EXPECT_EQ(client().login("hz_insp2", demo::demo_password()).status, 200);
}

TEST_F(AuthApi, PasswordChangeIsForcedAtFirstLogin) {
  auto c = client();
  c.login("zj_insp2", demo::demo_password());
  EXPECT_EQ(c.get("/api/v1/auth/me").status, 200);
  auto blocked = c.get("/api/v1/bureaus");
  EXPECT_EQ(blocked.status, 403);
  EXPECT_EQ(blocked.code(), "auth.password_change_required");
  auto weak = c.post("/api/v1/auth/password", {{"old_password", demo::demo_password()}, {"new_password", "abcdefgh"}});
  EXPECT_EQ(weak.status, 422);
  EXPECT_EQ(weak.json()["error"]["details"]["field"], "new_password");
  auto shortpw = c.post("/api/v1/auth/password", {{"old_password", demo::demo_password()}, {"new_password", "Ab1!"}});
  EXPECT_EQ(shortpw.status, 422);
  auto same = c.post("/api/v1/auth/password", {{"old_password", demo::demo_password()}, {"new_password", demo::demo_password()}});
  EXPECT_EQ(same.code(), "auth.password_reused");
  auto wrong_old = c.post("/api/v1/auth/password", {{"old_password", "Nope@2026"}, {"new_password", "Better#2027"}});
  EXPECT_EQ(wrong_old.json()["error"]["details"]["field"], "old_password");
  auto ok = c.post("/api/v1/auth/password", {{"old_password", demo::demo_password()}, {"new_password", "Better#2027"}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_FALSE(ok.json()["user"]["must_change_password"].get<bool>());
  EXPECT_EQ(c.get("/api/v1/bureaus").status, 200);
  // The old password no longer works, the new one does.
  EXPECT_EQ(client().login("zj_insp2", demo::demo_password()).status, 401);
  EXPECT_EQ(client().login("zj_insp2", "Better#2027").status, 200);
}

TEST_F(AuthApi, CookieRequestsNeedTheCsrfHeaderForUnsafeMethods) {
  auto c = client();
  c.login_ready("sysadmin");
  std::string csrf = c.csrf;
  c.csrf.clear();
  auto r = c.post("/api/v1/bureaus/1/departments", {{"name", "测试部门"}});
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.code(), "auth.csrf");
  c.csrf = "forged";
  EXPECT_EQ(c.post("/api/v1/bureaus/1/departments", {{"name", "测试部门"}}).code(), "auth.csrf");
  // GET needs none.
  EXPECT_EQ(c.get("/api/v1/bureaus").status, 200);
  c.csrf = csrf;
  EXPECT_EQ(c.post("/api/v1/bureaus/1/departments", {{"name", "测试部门"}}).status, 201);
}

TEST_F(AuthApi, BearerTokenNeedsNoCsrf) {
  auto c = client();
  c.login_ready("sysadmin");
  auto login = client().login("sysadmin", "Zhifa@2027x");
  Client api = client();
  api.bearer = login.json()["token"];
  EXPECT_EQ(api.get("/api/v1/auth/me").json()["user"]["username"], "sysadmin");
  EXPECT_EQ(api.post("/api/v1/bureaus/1/departments", {{"name", "接口部门"}}).status, 201);
}

TEST_F(AuthApi, LogoutEndsTheSession) {
  auto c = client();
  c.login_ready("zj_insp3");
  EXPECT_EQ(c.post("/api/v1/auth/logout", nlohmann::json::object()).status, 204);
  auto r = c.get("/api/v1/auth/me");
  EXPECT_EQ(r.status, 401);
}

TEST_F(AuthApi, IdleSessionsExpireAfterThirtyMinutes) {
  auto c = client();
  c.login_ready("zj_insp4");
  {
    auto lease = srv->db()->acquire();
    lease->exec_script("UPDATE sessions SET last_seen_at = '2020-01-01T00:00:00.000Z'");
  }
  auto r = c.get("/api/v1/auth/me");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.code(), "auth.session_expired");
}

TEST_F(AuthApi, MalformedJsonIs400WithPosition) {
  auto r = client().request("POST", "/api/v1/auth/login", "{\"username\": \"a\",, }");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.code(), "request.malformed_json");
  EXPECT_TRUE(r.json()["error"]["details"].contains("position"));
}

TEST_F(AuthApi, MissingFieldIs422NamingIt) {
  auto r = client().post("/api/v1/auth/login", {{"username", "sysadmin"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json()["error"]["details"]["field"], "password");
}

TEST_F(AuthApi, UnknownRouteIs404AndWrongMethod405) {
  EXPECT_EQ(client().get("/api/v1/nothing-here").status, 404);
  EXPECT_EQ(client().request("DELETE", "/api/v1/healthz").status, 405);
}

TEST_F(AuthApi, OversizedBodyIs413) {
  // The limit applies as soon as the header announces the size, before any body is read.
  auto r = client().raw("POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        "Content-Length: 2097152\r\n\r\n{\"username\":");
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.code(), "request.too_large");
}

TEST_F(AuthApi, UnauthenticatedIs401) {
  auto r = client().get("/api/v1/users");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.code(), "auth.required");
}
