// Annual training plans over HTTP on both stores (ORG-5; 000 Art 9, 004 annex 3 "全年培训时间不少于2天"):
// validation that names the field (a session's by index and key) and writes nothing; scope and
// the own-bureau rule; versions (a draft superseded, publication, an adjustment that needs a
// reason, a stale publish refused) each a ledger entry that `ledger verify` covers; and the
// report: per inspector planned, due, received and shortfall against the plan and the 2-day
// minimum, read live from the training records.
#include <gtest/gtest.h>

#include "base/time.h"
#include "support/api_test.h"

using namespace zhifa;
using test::Client;
using test::HttpResult;
using nlohmann::json;

namespace {

const int Y = time::today_shanghai().year;
std::string ym(int month) { return std::to_string(Y) + (month < 10 ? "-0" : "-") + std::to_string(month); }
const std::string kNextSeptember = std::to_string(Y + 1) + "-09";

class TrainingPlansApi : public test::ApiTest {
protected:
  int64_t written() { return count("SELECT COUNT(*) FROM ledger_entries WHERE action LIKE 'training_plan.%'"); }
  int64_t inspector(const std::string& username) {
    return count("SELECT i.id FROM inspectors i JOIN users u ON u.id = i.user_id WHERE u.username = '" + username + "'");
  }
  int64_t bureau(const std::string& code) { return count("SELECT id FROM bureaus WHERE code = '" + code + "'"); }
  static json session(const std::string& month = kNextSeptember, double days = 1) {
    return {{"month", month}, {"topic", "统计执法实务培训"}, {"content", "抽查程序与文书"}, {"days", days}};
  }
  static json plan(const json& s, int year = Y + 1) { return {{"year", year}, {"sessions", json::array({s})}}; }
  // A plan refused with `code`, naming sessions[index].`key`; nothing written.
  void expect_session_refused(Client& c, const json& body, const std::string& code, const std::string& key, size_t index = 0) {
    int64_t before = written();
    auto r = c.post("/api/v1/training-plans", body);
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(r.code(), code) << r.body;
    auto d = r.json()["error"]["details"];
    EXPECT_EQ(d["field"], "sessions") << r.body;
    EXPECT_EQ(d["index"], index) << r.body;
    EXPECT_EQ(d["key"], key) << r.body;
    EXPECT_EQ(written(), before);
  }
  static const json* row(const json& report, int64_t inspector_id) {
    for (const auto& i : report["items"])
      if (i["inspector_id"] == inspector_id) return &i;
    return nullptr;
  }
};

}  // namespace

// R: ORG-5 — every field at fault is named (a session's by index and key) and nothing is written.
TEST_F(TrainingPlansApi, ValidationNamesTheFieldAndWritesNothing) {
  auto c = as("nb_unit_head");
  int64_t before = written();
  auto r = c.post("/api/v1/training-plans", json::object());
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.code(), "validation.required");
  EXPECT_EQ(r.json()["error"]["details"]["field"], "year");
  r = c.post("/api/v1/training-plans", {{"year", 1999}});
  EXPECT_EQ(r.code(), "training_plan.year_invalid");
  EXPECT_EQ(r.json()["error"]["details"]["field"], "year");
  r = c.post("/api/v1/training-plans", {{"year", Y + 2}});
  EXPECT_EQ(r.code(), "training_plan.year_invalid");
  r = c.post("/api/v1/training-plans", {{"year", Y + 1}, {"sessions", "两期"}});
  EXPECT_EQ(r.code(), "training_plan.sessions_invalid");
  EXPECT_EQ(r.json()["error"]["details"]["field"], "sessions");
  EXPECT_EQ(written(), before);

  json s = session();
  s.erase("topic");
  expect_session_refused(c, plan(s), "validation.required", "topic");
  s = session();
  s.erase("month");
  expect_session_refused(c, plan(s), "validation.required", "date");
  s = session();
  s["month"] = std::to_string(Y + 1) + "-13";
  expect_session_refused(c, plan(s), "training_plan.month_invalid", "month");
  s = session();
  s.erase("month");
  s["date"] = std::to_string(Y) + "-06-01";  // not in the plan's year (Y + 1)
  expect_session_refused(c, plan(s), "training_plan.date_invalid", "date");
  s["date"] = std::to_string(Y + 1) + "-06-01";
  s["month"] = std::to_string(Y + 1) + "-07";
  expect_session_refused(c, plan(s), "training_plan.month_invalid", "month");
  s = session(kNextSeptember, 0.3);
  expect_session_refused(c, plan(s), "training_plan.days_invalid", "days");
  s = session(kNextSeptember, 31);
  expect_session_refused(c, plan(s), "training_plan.days_invalid", "days");
  s = session();
  s.erase("days");
  expect_session_refused(c, plan(s), "validation.required", "days");
  s = session();
  s["topic"] = std::string(101 * 3, 'a');
  expect_session_refused(c, plan(s), "validation.too_long", "topic");
  s = session();
  s["trainees"] = "some";
  expect_session_refused(c, plan(s), "training_plan.trainees_invalid", "trainees");
  s["trainees"] = "named";
  expect_session_refused(c, plan(s), "training_plan.trainees_invalid", "inspector_ids");
  // Named trainees must be the bureau's own staff or below: a Hangzhou inspector is not Ningbo's.
  s["inspector_ids"] = {inspector("nb_insp1"), inspector("hz_insp1")};
  expect_session_refused(c, plan(s), "training_plan.inspector_invalid", "inspector_ids");
  s["inspector_ids"] = {inspector("nb_insp1"), inspector("nb_insp1")};
  expect_session_refused(c, plan(s), "training_plan.inspector_invalid", "inspector_ids");
  // The second session is named by its index.
  json two = plan(session());
  two["sessions"].push_back(session(ym(10), 0));
  for (auto& x : two["sessions"]) x["month"] = std::to_string(Y + 1) + "-09";
  expect_session_refused(c, two, "training_plan.days_invalid", "days", 1);
  EXPECT_EQ(written(), before);
  EXPECT_EQ(count("SELECT COUNT(*) FROM training_plans"), 1);  // the demo's Hangzhou plan only

  s = session(kNextSeptember, 1.5);
  auto ok = c.post("/api/v1/training-plans", plan(s));
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(ok.json()["versions"][0]["sessions"][0]["days"], 1.5);
  EXPECT_EQ(ok.json()["versions"][0]["sessions"][0]["half_days"], 3);
  EXPECT_EQ(ok.json()["versions"][0]["sessions"][0]["trainees"], "all");
  EXPECT_EQ(ok.json()["title"], "宁波市统计局" + std::to_string(Y + 1) + "年度执法人员培训计划");
  EXPECT_EQ(written(), before + 2);  // the plan and its version 1
  EXPECT_EQ(verify_problem(), "");
}

// R: ORG-5 — reading follows the bureau tree (out of scope is 404); only the bureau's own unit
// head makes and changes its plan; one plan a bureau a year.
TEST_F(TrainingPlansApi, ScopeAndOwnBureau) {
  auto hz = as("hz_unit_head");
  auto list = hz.get("/api/v1/training-plans").json()["items"];
  ASSERT_EQ(list.size(), 1u);  // the demo plan
  const int64_t hz_plan = list[0]["id"].get<int64_t>();
  const std::string path = "/api/v1/training-plans/" + std::to_string(hz_plan);
  EXPECT_EQ(list[0]["bureau_name"], "杭州市统计局");
  EXPECT_EQ(list[0]["current_version"], 2);
  EXPECT_EQ(list[0]["all_staff_days"], 2.0);

  auto dup = hz.post("/api/v1/training-plans", plan(session(), Y));
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(dup.code(), "training_plan.exists");
  EXPECT_EQ(dup.json()["error"]["details"]["plan_id"], hz_plan);

  // Below and above: Xihu's inspector does not see the city's plan; the province reads it but
  // cannot change it; a sibling city sees nothing.
  auto xh = as("xh_insp1");
  EXPECT_EQ(xh.get(path).status, 404);
  EXPECT_EQ(xh.get("/api/v1/training-plans").json()["items"].size(), 0u);
  auto reader = as("hz_insp1");
  EXPECT_EQ(reader.get(path).status, 200);
  EXPECT_EQ(reader.get(path + "/report").status, 200);
  auto zj = as("zj_unit_head");
  EXPECT_EQ(zj.get(path).status, 200);
  auto r = zj.post(path + "/versions", {{"notes", "代为修改"}, {"reason", "x"}});
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.code(), "training_plan.own_bureau_only");
  EXPECT_EQ(zj.post(path + "/publish", json::object()).status, 403);
  r = zj.post("/api/v1/training-plans", {{"year", Y + 1}, {"bureau_id", bureau("330100")}});
  EXPECT_EQ(r.code(), "training_plan.own_bureau_only");
  auto nb = as("nb_unit_head");
  EXPECT_EQ(nb.get(path).status, 404);
  EXPECT_EQ(nb.get(path + "/report").status, 404);
  EXPECT_EQ(nb.post(path + "/versions", {{"notes", "x"}, {"reason", "x"}}).status, 404);
  EXPECT_EQ(nb.get("/api/v1/training-plans").json()["items"].size(), 0u);
  EXPECT_EQ(nb.post("/api/v1/training-plans", {{"year", Y + 1}, {"bureau_id", bureau("330100")}}).status, 404);
  // An inspector reads but does not manage; the administrators hold neither permission.
  EXPECT_EQ(reader.post("/api/v1/training-plans", plan(session())).status, 403);
  EXPECT_EQ(as("sysadmin").get("/api/v1/training-plans").status, 403);
  EXPECT_EQ(as("auditadmin").get(path).status, 403);
}

// R: ORG-5, REC-21 — versions as for the spot-check plans: a draft is superseded freely, a
// publication is final, an adjustment after it needs a reason; every step is a ledger entry.
TEST_F(TrainingPlansApi, VersionsPublicationAndAdjustment) {
  auto c = as("nb_unit_head");
  const std::string next = std::to_string(Y + 1);
  auto r = c.post("/api/v1/training-plans", {{"year", Y + 1}, {"notes", "草稿"}});
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string path = "/api/v1/training-plans/" + std::to_string(r.json()["id"].get<int64_t>());
  EXPECT_EQ(r.json()["latest_state"], "draft");
  // Nothing to train yet: not publishable.
  r = c.post(path + "/publish", json::object());
  EXPECT_EQ(r.code(), "training_plan.sessions_required");
  EXPECT_EQ(r.json()["error"]["details"]["field"], "sessions");

  // A second draft needs no reason and supersedes the first.
  r = c.post(path + "/versions", {{"sessions", {session(next + "-03"), session(next + "-10")}}});
  ASSERT_EQ(r.status, 201) << r.body;
  auto v = r.json()["versions"];
  EXPECT_EQ(v[0]["state"], "superseded");
  EXPECT_EQ(v[1]["state"], "draft");
  EXPECT_EQ(v[1]["notes"], "草稿");  // taken from the latest version
  EXPECT_EQ(v[1]["all_staff_days"], 2.0);
  EXPECT_EQ(c.post(path + "/versions", {{"sessions", {session(next + "-03"), session(next + "-10")}}}).code(), "training_plan.no_change");
  // A stale screen cannot publish: the version named must be the latest.
  r = c.post(path + "/publish", {{"version_id", v[0]["id"]}});
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.code(), "training_plan.version_not_latest");
  r = c.post(path + "/publish", {{"version_id", v[1]["id"]}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["current_version"], 2);
  EXPECT_EQ(r.json()["versions"][1]["published_by"]["username"], "nb_unit_head");
  EXPECT_EQ(c.post(path + "/publish", json::object()).code(), "training_plan.nothing_to_publish");

  // After publication a change is an adjustment: the reason is required and kept.
  int64_t before = written();
  r = c.post(path + "/versions", {{"sessions", {session(next + "-04")}}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json()["error"]["details"]["field"], "reason");
  EXPECT_EQ(written(), before);
  r = c.post(path + "/versions", {{"sessions", {session(next + "-04"), session(next + "-10")}}, {"reason", "第一期推迟到 4 月"}});
  ASSERT_EQ(r.status, 201) << r.body;
  v = r.json()["versions"];
  EXPECT_EQ(v[2]["is_adjustment"], true);
  EXPECT_EQ(v[2]["adjusts_version"], 2);
  EXPECT_EQ(v[2]["reason"], "第一期推迟到 4 月");
  EXPECT_EQ(v[2]["sessions"][0]["month"], next + "-04");
  EXPECT_EQ(r.json()["current_version"], 2);  // until the adjustment is published
  ASSERT_EQ(c.post(path + "/publish", json::object()).status, 200);
  auto got = c.get(path).json();
  EXPECT_EQ(got["current_version"], 3);
  EXPECT_EQ(got["published_versions"], 2);
  EXPECT_EQ(got["versions"][1]["state"], "published");  // the first publication stays

  // The record: the plan, three versions, two publications, all under the plan's subject.
  const std::string id = path.substr(path.rfind('/') + 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM ledger_entries WHERE subject_kind = 'training_plan' AND subject_id = '" + id + "'"), 6);
  EXPECT_EQ(count("SELECT COUNT(*) FROM ledger_entries WHERE subject_id = '" + id + "' AND action = 'training_plan.publish'"), 2);
  EXPECT_EQ(verify_problem(), "");
  // Versions are never rewritten behind the service's back.
  auto lease = srv->db()->acquire();
  EXPECT_ANY_THROW(lease->prepare("UPDATE training_plan_versions SET title = 'x'")->exec());
  EXPECT_ANY_THROW(lease->prepare("DELETE FROM training_plan_publications")->exec());
}

// R: ORG-5 — the report: per inspector the days planned (sessions for all staff plus those that
// name them), those due by a day, the training received in the year (the inspectors' records,
// read live) and the shortfall against max(plan, 2 days); the left are not counted.
TEST_F(TrainingPlansApi, ReportPlannedAgainstReceived) {
  auto c = as("nb_unit_head");
  const int64_t nb1 = inspector("nb_insp1"), nb2 = inspector("nb_insp2"), hs1 = inspector("hs_insp1"), hs2 = inspector("hs_insp2");
  json named = {{"date", std::to_string(Y) + "-06-15"}, {"topic", "执法文书制作"}, {"days", 1.5}, {"trainees", "named"},
                {"inspector_ids", {hs2, nb1}}};
  auto r = c.post("/api/v1/training-plans",
                  {{"year", Y}, {"sessions", {session(ym(10), 0.5), named, session(ym(3), 1)}}});
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string path = "/api/v1/training-plans/" + std::to_string(r.json()["id"].get<int64_t>());
  // Sessions are kept in the order they happen; the named ones by certificate number.
  auto s = r.json()["versions"][0]["sessions"];
  EXPECT_EQ(s[0]["month"], ym(3));
  EXPECT_EQ(s[1]["date"], std::to_string(Y) + "-06-15");
  EXPECT_EQ(s[1]["inspectors"][0]["id"], nb1);
  EXPECT_EQ(s[1]["inspectors"][1]["id"], hs2);
  EXPECT_EQ(s[2]["month"], ym(10));

  auto rep = c.get(path + "/report?as_of=" + std::to_string(Y) + "-07-01");
  ASSERT_EQ(rep.status, 200) << rep.body;
  json j = rep.json();
  EXPECT_EQ(j["version"], 1);
  EXPECT_EQ(j["version_state"], "draft");
  EXPECT_EQ(j["min_days"], 2.0);
  EXPECT_EQ(j["sessions"][0]["due"], true);
  EXPECT_EQ(j["sessions"][1]["due"], true);
  EXPECT_EQ(j["sessions"][2]["due"], false);
  ASSERT_EQ(j["items"].size(), 4u);
  // The demo's training this year: 2.5 days each, 云飞 (hs_insp2) 1 day.
  auto expect = [&](const json& rp, int64_t who, double planned, double due, double received, double shortfall) {
    const json* x = row(rp, who);
    ASSERT_NE(x, nullptr) << who;
    EXPECT_EQ((*x)["planned_days"], planned) << (*x)["name"];
    EXPECT_EQ((*x)["planned_due_days"], due) << (*x)["name"];
    EXPECT_EQ((*x)["received_days"], received) << (*x)["name"];
    EXPECT_EQ((*x)["shortfall_days"], shortfall) << (*x)["name"];
    EXPECT_EQ((*x)["planned_short"], planned < 2) << (*x)["name"];
    EXPECT_EQ((*x)["received_short"], received < 2) << (*x)["name"];
  };
  expect(j, nb1, 3.0, 2.5, 2.5, 0.5);
  expect(j, nb2, 1.5, 1.0, 2.5, 0.0);
  expect(j, hs1, 1.5, 1.0, 2.5, 0.0);
  expect(j, hs2, 3.0, 2.5, 1.0, 2.0);
  EXPECT_EQ(j["summary"]["planned_short"], 2);
  EXPECT_EQ(j["summary"]["with_shortfall"], 2);
  EXPECT_EQ(j["summary"]["received_short"], 1);
  // By region as staff read it: Ningbo's own (330200) before Haishu's (330203).
  EXPECT_EQ(j["items"][0]["bureau_name"], "宁波市统计局");
  EXPECT_EQ(j["items"][3]["bureau_name"], "海曙区统计局");
  // Before anything is due.
  auto early = c.get(path + "/report?as_of=" + std::to_string(Y) + "-01-01").json();
  EXPECT_EQ(row(early, nb1)->at("planned_due_days"), 0.0);

  // Training recorded now counts at once; someone who left is no longer planned for unless named.
  auto t = c.post("/api/v1/inspectors/" + std::to_string(hs2) + "/trainings",
                  {{"trained_on", time::today_shanghai().str()}, {"course", "执法文书制作"}, {"days", 1.5}});
  ASSERT_EQ(t.status, 201) << t.body;
  ASSERT_EQ(c.patch("/api/v1/inspectors/" + std::to_string(hs1), {{"status", "left"}, {"status_reason", "调离"}}).status, 200);
  j = c.get(path + "/report?as_of=" + std::to_string(Y) + "-07-01").json();
  ASSERT_EQ(j["items"].size(), 3u);
  EXPECT_EQ(row(j, hs1), nullptr);
  expect(j, hs2, 3.0, 2.5, 2.5, 0.5);
  EXPECT_EQ(j["summary"]["received_short"], 0);

  // Publishing, then an adjustment in draft: the report reads the published version unless asked.
  ASSERT_EQ(c.post(path + "/publish", json::object()).status, 200);
  ASSERT_EQ(c.post(path + "/versions", {{"sessions", {session(ym(3), 2)}}, {"reason", "合并为一期"}}).status, 201);
  j = c.get(path + "/report").json();
  EXPECT_EQ(j["version"], 1);
  EXPECT_EQ(j["version_state"], "published");
  j = c.get(path + "/report?version=2").json();
  EXPECT_EQ(j["version"], 2);
  EXPECT_EQ(j["version_state"], "draft");
  expect(j, nb1, 2.0, j["sessions"][0]["due"].get<bool>() ? 2.0 : 0.0, 2.5, 0.0);
  EXPECT_EQ(j["summary"]["planned_short"], 0);
  auto bad = c.get(path + "/report?version=9");
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.json()["error"]["details"]["field"], "version");
  EXPECT_EQ(c.get(path + "/report?as_of=7月1日").json()["error"]["details"]["field"], "as_of");
}

// R: ORG-5 — the demo city's plan: two days for all of Hangzhou's staff, the first session the
// training every demo inspector has received; 姜涛 (yh_insp2) has had one day and is short.
TEST_F(TrainingPlansApi, DemoCityPlan) {
  auto c = as("hz_unit_head");
  auto list = c.get("/api/v1/training-plans").json()["items"];
  ASSERT_EQ(list.size(), 1u);
  const std::string path = "/api/v1/training-plans/" + std::to_string(list[0]["id"].get<int64_t>());
  auto plan = c.get(path).json();
  EXPECT_EQ(plan["year"], Y);
  ASSERT_EQ(plan["versions"].size(), 2u);
  EXPECT_EQ(plan["versions"][1]["is_adjustment"], true);
  EXPECT_FALSE(plan["versions"][1]["reason"].get<std::string>().empty());
  auto rep = c.get(path + "/report").json();
  ASSERT_EQ(rep["sessions"].size(), 2u);
  EXPECT_EQ(rep["sessions"][0]["due"], true);
  EXPECT_EQ(rep["items"].size(), 7u);  // Hangzhou 3, Xihu 2, Yuhang 2
  EXPECT_EQ(rep["summary"]["with_shortfall"], 1);
  const json* jiang = row(rep, inspector("yh_insp2"));
  ASSERT_NE(jiang, nullptr);
  EXPECT_EQ((*jiang)["planned_days"], 2.0);
  EXPECT_EQ((*jiang)["received_days"], 1.0);
  EXPECT_EQ((*jiang)["shortfall_days"], 1.0);
  // The first session is in every inspector's training record on its day, as received.
  auto lease = srv->db()->acquire();
  auto q = lease->prepare("SELECT COUNT(*) FROM inspector_trainings WHERE trained_on = ? AND course = ?");
  q->bind(rep["sessions"][0]["date"].get<std::string>()).bind(rep["sessions"][0]["topic"].get<std::string>());
  ASSERT_TRUE(q->step());
  EXPECT_GE(q->row().i64(0), 7);
}
