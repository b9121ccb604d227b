// Statistical credit over HTTP on both stores (CRED-1, DR-5, DR-11, INF-3): a dishonesty record
// rests on a case with an approved penalty decision, is proposed and approved by two people and
// published; its due date counts working days across the National Day holidays; its period ends
// by date; a repair is refused before six months and ends publication when approved; the
// registry's credit status (read by the draw on the check day) follows it; exports are parsed
// back; scope, permissions and bad input write nothing; `ledger verify` passes after all of it.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "base/time.h"
#include "credit/rules.h"
#include "registry/draw_candidates.h"
#include "registry/table_file.h"
#include "support/api_test.h"

using namespace zhifa;
using test::Client;
using test::HttpResult;
using nlohmann::json;

namespace {

class CreditApi : public test::ApiTest {
protected:
  // One signed-in client per user and test (signing in changes the demo password).
  std::map<std::string, Client> clients_;
  Client& who(const std::string& u) {
    auto it = clients_.find(u);
    if (it == clients_.end()) it = clients_.emplace(u, as(u)).first;
    return it->second;
  }
  int64_t user(const std::string& u) { return count("SELECT id FROM users WHERE username = '" + u + "'"); }
  std::string code_of(const std::string& name) {
    auto lease = srv->db()->acquire();
    auto q = lease->prepare("SELECT credit_code FROM survey_objects WHERE name = ?");
    q->bind(name);
    EXPECT_TRUE(q->step()) << name;
    return q->row().text(0);
  }
  std::string object_field(const std::string& code, const std::string& column) {
    auto lease = srv->db()->acquire();
    auto q = lease->prepare("SELECT " + column + " FROM survey_objects WHERE credit_code = ?");
    q->bind(code);
    EXPECT_TRUE(q->step());
    return q->row().opt_text(0).value_or("");
  }
  // The credit status the draw reads for this object on `day`.
  std::string draw_status(const std::string& code, const time::Date& day) {
    auto lease = srv->db()->acquire();
    std::string status = "?";
    registry::for_each_draw_candidate(*lease, "survey_object", "/", day, [&](const registry::DrawCandidate& d) {
      if (d.credit_code == code) status = d.credit_status;
    });
    return status;
  }
  static std::string day(const time::Date& d, int plus) { return d.plus_days(plus).str(); }
  void ok(const HttpResult& r, int status = 201) { ASSERT_EQ(r.status, status) << r.body; }
  HttpResult step(Client& c, int64_t id, const std::string& kind, json content, const std::string& on) {
    return c.post("/api/v1/cases/" + std::to_string(id) + "/steps", {{"kind", kind}, {"content", std::move(content)}, {"done_on", on}});
  }
  // A Hangzhou general case against `code` whose penalty decision was made on start+5 and
  // approved on start+6 (a small fine: no legal review needed).
  int64_t decided_case(const std::string& code, const std::string& party, const time::Date& start, bool approve = true) {
    auto& unit = who("hz_unit_head");
    auto& head = who("hz_head");
    auto& insp = who("hz_insp1");
    auto r = unit.post("/api/v1/cases", {{"procedure", "general"}, {"party_kind", "org"}, {"party_name", party}, {"party_code", code},
                                         {"source_kind", "ex_officio"}, {"summary", "涉嫌提供不真实统计资料"}, {"unit_name", "法规执法科"},
                                         {"handlers", {user("hz_insp1"), user("hz_insp3")}}});
    EXPECT_EQ(r.status, 201) << r.body;
    int64_t id = r.json()["id"];
    ok(step(unit, id, "plan_approval",
            {{"basis", "统计法"}, {"period", "本月"}, {"scope", "年报"}, {"content", "核查"}, {"organisation", "两人"}, {"opinion", "同意"}},
            day(start, 0)));
    ok(step(head, id, "opening_approval", {{"reason", "数据异常"}, {"opinion", "同意立案"}}, day(start, 0)));
    ok(step(insp, id, "rights_notice",
            {{"proposed", "拟罚款"}, {"rights", "陈述、申辩、听证、复议、诉讼"}, {"manner", "书面直接送达"}, {"party_signed", true}},
            day(start, 1)));
    ok(insp.post("/api/v1/cases/" + std::to_string(id) + "/decision",
                 {{"content", {{"decision_kind", "penalty"}, {"amount_fen", 300000}, {"facts", "虚报"}, {"basis", "统计法"}}},
                  {"done_on", day(start, 5)}}));
    if (approve) ok(step(head, id, "decision_approval", {{"approved", true}, {"opinion", "同意"}}, day(start, 6)));
    return id;
  }
  json proposal(const std::string& code, int64_t case_id, const std::string& determined, const std::string& no) {
    return {{"credit_code", code}, {"level", "serious"}, {"case_id", case_id}, {"decision_no", no},
            {"basis", "虚报统计资料，情节严重"}, {"legal_representative", "张三丰"}, {"determination_date", determined}};
  }
  // Proposed by the unit head, approved by the bureau head, published by the publicity officer.
  json published(const std::string& code, int64_t case_id, const std::string& determined, const std::string& published_on,
                 const std::string& no) {
    auto& unit = who("hz_unit_head");
    auto r = unit.post("/api/v1/credit/records", proposal(code, case_id, determined, no));
    EXPECT_EQ(r.status, 201) << r.body;
    const std::string base = "/api/v1/credit/records/" + std::to_string(r.json()["id"].get<int64_t>());
    auto a = who("hz_head").post(base + "/decision", {{"approved", true}, {"opinion", "同意"}});
    EXPECT_EQ(a.status, 200) << a.body;
    auto p = who("hz_pub").post(base + "/publication", {{"published_on", published_on}});
    EXPECT_EQ(p.status, 200) << p.body;
    return p.json();
  }
};

}  // namespace

// R: CRED-1 — published within 20 working days of the determination: determined Friday
// 2025-09-19, the 20 working days run over the adjusted working days (Sun 28 Sep, Sat 11 Oct)
// and past the National Day holidays (1–8 Oct) to Thursday 2025-10-23. Published for one year;
// early removal no sooner than six months after publication began.
TEST_F(CreditApi, PublicationPeriodsCountWorkingDaysAcrossHolidays) {
  const std::string code = code_of("杭州湖滨酒店管理有限公司");
  int64_t case_id = decided_case(code, "杭州湖滨酒店管理有限公司", {2025, 9, 8});
  auto& unit = who("hz_unit_head");
  auto r = unit.post("/api/v1/credit/records", proposal(code, case_id, "2025-09-19", "杭统罚决〔2025〕30号"));
  ok(r);
  const std::string base = "/api/v1/credit/records/" + std::to_string(r.json()["id"].get<int64_t>());
  EXPECT_EQ(r.json()["status"], "proposed");
  EXPECT_EQ(r.json()["due_on"], "2025-10-23");
  ok(who("hz_head").post(base + "/decision", {{"approved", true}}), 200);
  // Approved and not published long after its due day: overdue on the due list.
  auto due = unit.get("/api/v1/credit/due");
  ok(due, 200);
  bool listed = false;
  const json due_body = due.json();
  for (const auto& x : due_body["items"])
    if (x["credit_code"] == code) {
      listed = true;
      EXPECT_TRUE(x["overdue"].get<bool>());
      EXPECT_EQ(x["due_on"], "2025-10-23");
    }
  EXPECT_TRUE(listed) << due.body;
  // Published a day late: flagged, and the period runs a year from that day.
  auto p = who("hz_pub").post(base + "/publication", {{"published_on", "2025-10-24"}});
  ok(p, 200);
  EXPECT_TRUE(p.json()["late"].get<bool>());
  EXPECT_TRUE(p.json()["published_late"].get<bool>());
  EXPECT_EQ(p.json()["publication_end"], "2026-10-23");
  EXPECT_EQ(p.json()["earliest_repair"], "2026-04-24");
  // The period ended by date alone: nobody acted, and it is expired and off the public list.
  EXPECT_EQ(p.json()["status"], "expired");
  auto portal = Client(srv->port()).get("/api/v1/portal/credit");
  ok(portal, 200);
  EXPECT_EQ(portal.body.find(code), std::string::npos);
  // The month arithmetic at a month's end.
  EXPECT_EQ(credit::add_months({2026, 8, 31}, 6).str(), "2027-02-28");
  EXPECT_EQ(credit::publication_end({2028, 2, 29}).str(), "2029-02-27");
  EXPECT_EQ(verify_problem(), "");
}

// R: CRED-1, DR-5 — approval sets the registry's credit status for the period, the draw reads it
// on a day inside it; a repair is refused before six months (the earliest day named) and, once
// approved, ends publication and the status from its day: the public list drops it, the draw on
// that day no longer sees it, and a day inside the period still does.
TEST_F(CreditApi, RegistryStatusFollowsTheRecordAndTheRepair) {
  const std::string name = "杭州西溪数智科技有限公司";
  const std::string code = code_of(name);
  const time::Date today = time::today_shanghai();
  int64_t case_id = decided_case(code, name, today.plus_days(-260));
  const time::Date determined = today.plus_days(-250), pub = today.plus_days(-245);
  auto rec = published(code, case_id, determined.str(), pub.str(), "杭统罚决〔测试〕1号");
  const std::string base = "/api/v1/credit/records/" + std::to_string(rec["id"].get<int64_t>());
  EXPECT_EQ(rec["status"], "publishing") << rec.dump();
  EXPECT_FALSE(rec["late"].get<bool>());
  const std::string end = credit::publication_end(pub).str();
  EXPECT_EQ(rec["publication_end"], end);
  EXPECT_EQ(object_field(code, "credit_status"), "seriously_dishonest");
  EXPECT_EQ(object_field(code, "credit_from"), determined.str());
  EXPECT_EQ(object_field(code, "credit_to"), end);
  EXPECT_EQ(draw_status(code, today), "seriously_dishonest");
  EXPECT_EQ(draw_status(code, determined.plus_days(-1)), "");

  // On the public list, without staff names or the legal representative.
  auto portal = Client(srv->port()).get("/api/v1/portal/credit");
  ok(portal, 200);
  EXPECT_NE(portal.body.find(code), std::string::npos);
  for (const char* secret : {"朱建华", "杨光明", "施佳", "张三丰"}) EXPECT_EQ(portal.body.find(secret), std::string::npos) << secret;

  // A day before six months: 422 on applied_on naming the earliest day; nothing written.
  auto& unit = who("hz_unit_head");
  const std::string earliest = credit::earliest_repair(pub).str();
  const int64_t entries = count("SELECT COUNT(*) FROM ledger_entries");
  auto early = unit.post(base + "/repairs", {{"applicant", name}, {"applied_on", time::parse_date(earliest)->plus_days(-1).str()},
                                             {"rectification", "已补报"}, {"document_no", "整改报告1号"}});
  EXPECT_EQ(early.status, 422) << early.body;
  EXPECT_EQ(early.json()["error"]["details"]["field"], "applied_on");
  EXPECT_NE(early.json()["error"]["message"].get<std::string>().find(earliest), std::string::npos) << early.body;
  EXPECT_EQ(count("SELECT COUNT(*) FROM ledger_entries"), entries);
  EXPECT_EQ(count("SELECT COUNT(*) FROM credit_repairs"), 1);  // the demo's

  auto applied = unit.post(base + "/repairs", {{"applicant", name}, {"applied_on", earliest}, {"rectification", "已补报，建立台账"},
                                               {"document_no", "整改报告1号"}});
  ok(applied);
  const std::string repair = "/api/v1/credit/repairs/" + std::to_string(applied.json()["repair_id"].get<int64_t>());
  // A second application while one is pending: 409.
  EXPECT_EQ(unit.post(base + "/repairs", {{"applicant", name}, {"applied_on", earliest}, {"rectification", "x"}, {"document_no", "y"}}).code(),
            "credit.repair_pending");
  // The unit head enters, the bureau head decides.
  EXPECT_EQ(unit.post(repair + "/decision", {{"approved", true}, {"reason", "整改到位"}}).status, 403);
  auto decided = who("hz_head").post(repair + "/decision", {{"approved", true}, {"reason", "整改到位"}});
  ok(decided, 200);
  EXPECT_EQ(decided.json()["status"], "removed_early");
  EXPECT_EQ(decided.json()["removed_on"], today.str());
  EXPECT_EQ(object_field(code, "credit_to"), today.plus_days(-1).str());
  EXPECT_EQ(draw_status(code, today), "");
  EXPECT_EQ(draw_status(code, today.plus_days(-10)), "seriously_dishonest");
  portal = Client(srv->port()).get("/api/v1/portal/credit");
  EXPECT_EQ(portal.body.find(code), std::string::npos);
  // The history: proposed, approved, published, repair applied and approved.
  auto full = unit.get(base);
  std::vector<std::string> acts;
  const json full_body = full.json();
  for (const auto& a : full_body["acts"]) acts.push_back(a["act"]);
  EXPECT_EQ(acts, (std::vector<std::string>{"propose", "approve", "publish", "repair_apply", "repair_approve"}));
  EXPECT_EQ(verify_problem(), "");
}

// R: DR-11, INF-3 — exports for joint punishment and the credit platform, parsed back: the
// columns, the record's values; proposals stay out; each export is a ledger entry.
TEST_F(CreditApi, ExportsCarryTheColumnsAndAreRecorded) {
  const std::string name = "杭州运河置业有限公司";
  const std::string code = code_of(name);
  const time::Date today = time::today_shanghai();
  int64_t case_id = decided_case(code, name, today.plus_days(-40));
  published(code, case_id, today.plus_days(-30).str(), today.plus_days(-25).str(), "杭统罚决〔测试〕2号");
  auto& unit = who("hz_unit_head");
  const int64_t exports = count("SELECT COUNT(*) FROM ledger_entries WHERE action = 'credit.export'");
  for (const std::string format : {"csv", "xlsx"}) {
    auto r = unit.get("/api/v1/credit/export?format=" + format + "&from=" + today.plus_days(-31).str());
    ok(r, 200);
    auto table = registry::read_table(r.body);
    ASSERT_GE(table.rows.size(), 2u) << format;
    const auto& h = table.rows[0].cells;
    ASSERT_EQ(h.size(), 13u);
    EXPECT_EQ(h[0], "统一社会信用代码");
    EXPECT_EQ(h[6], "处罚决定书文号");
    EXPECT_EQ(h[12], "认定机关");
    int found = 0;
    for (size_t i = 1; i < table.rows.size(); ++i) {
      const auto& row = table.rows[i].cells;
      EXPECT_GE(row[7], today.plus_days(-31).str()) << "the period filter";
      EXPECT_NE(row[11], "待审批") << "a proposal left the bureau";
      if (row[0] != code) continue;
      ++found;
      EXPECT_EQ(row[1], name);
      EXPECT_EQ(row[2], "张三丰");
      EXPECT_EQ(row[3], "统计严重失信");
      EXPECT_EQ(row[6], "杭统罚决〔测试〕2号");
      EXPECT_EQ(row[7], today.plus_days(-30).str());
      EXPECT_EQ(row[8], today.plus_days(-25).str());
      EXPECT_EQ(row[9], credit::publication_end(today.plus_days(-25)).str());
      EXPECT_EQ(row[11], "公示中");
    }
    EXPECT_EQ(found, 1) << format;
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM ledger_entries WHERE action = 'credit.export'"), exports + 2);
  EXPECT_EQ(unit.get("/api/v1/credit/export?format=pdf").json()["error"]["details"]["field"], "format");
  EXPECT_EQ(verify_problem(), "");
}

// R: CRED-1 — permissions, data scope (a sibling bureau and a county below see no Hangzhou
// record: 404) and bad input (422 naming the field) with nothing written.
TEST_F(CreditApi, PermissionsScopeAndBadInputWriteNothing) {
  const std::string name = "杭州未来城建设集团有限公司";
  const std::string code = code_of(name);
  const time::Date today = time::today_shanghai();
  int64_t case_id = decided_case(code, name, today.plus_days(-20));
  int64_t undecided = decided_case(code, name, today.plus_days(-20), /*approve=*/false);
  auto& unit = who("hz_unit_head");
  who("hz_pub");
  who("hz_insp1");  // signed in before counting: a log-in is itself a ledger entry
  const int64_t entries = count("SELECT COUNT(*) FROM ledger_entries");
  const int64_t records = count("SELECT COUNT(*) FROM credit_records");
  auto bad = [&](json in, const std::string& field) {
    auto r = unit.post("/api/v1/credit/records", in);
    EXPECT_EQ(r.status, 422) << field << ": " << r.body;
    EXPECT_EQ(r.json()["error"]["details"]["field"], field) << r.body;
  };
  json good = proposal(code, case_id, today.plus_days(-10).str(), "杭统罚决〔测试〕3号");
  auto with = [&](const std::string& k, json v) { json x = good; x[k] = std::move(v); return x; };
  bad(with("level", "severe"), "level");
  bad(with("credit_code", "91330100MA2XXXXX1X"), "credit_code");
  bad(with("credit_code", code_of("杭州湖滨酒店管理有限公司")), "credit_code");  // not the case's party
  bad(with("case_id", undecided), "case_id");
  bad(with("case_id", 999999), "case_id");
  bad(with("determination_date", today.plus_days(1).str()), "determination_date");
  bad(with("determination_date", "2026-13-01"), "determination_date");
  bad(with("determination_date", today.plus_days(-30).str()), "determination_date");  // before the decision
  json no_date = good;
  no_date.erase("determination_date");
  bad(no_date, "determination_date");
  EXPECT_EQ(who("hz_pub").post("/api/v1/credit/records", good).status, 403);
  EXPECT_EQ(who("hz_insp1").get("/api/v1/credit/records").status, 403);
  EXPECT_EQ(count("SELECT COUNT(*) FROM ledger_entries"), entries);
  EXPECT_EQ(count("SELECT COUNT(*) FROM credit_records"), records);

  auto r = unit.post("/api/v1/credit/records", good);
  ok(r);
  const std::string base = "/api/v1/credit/records/" + std::to_string(r.json()["id"].get<int64_t>());
  EXPECT_EQ(unit.post("/api/v1/credit/records", good).code(), "credit.duplicate");
  // Not published before approval; the unit head cannot approve; a refusal needs its reason.
  EXPECT_EQ(who("hz_pub").post(base + "/publication", json::object()).code(), "credit.state");
  EXPECT_EQ(unit.post(base + "/decision", {{"approved", true}}).status, 403);
  auto no_reason = who("hz_head").post(base + "/decision", {{"approved", false}});
  EXPECT_EQ(no_reason.status, 422);
  EXPECT_EQ(no_reason.json()["error"]["details"]["field"], "opinion");
  // Scope: Ningbo (a sibling) and Xihu (below Hangzhou) see nothing of it.
  for (const char* other : {"nb_unit_head", "xh_unit_head"}) {
    auto& c = who(other);
    EXPECT_EQ(c.get(base).status, 404) << other;
    EXPECT_EQ(c.post(base + "/repairs", {{"applicant", "x"}, {"applied_on", today.str()}, {"rectification", "x"}, {"document_no", "y"}}).status, 404);
    EXPECT_EQ(c.get("/api/v1/credit/records").body.find(code), std::string::npos) << other;
  }
  EXPECT_EQ(who("nb_head").post(base + "/decision", {{"approved", true}}).status, 404);
  // The legal reviewer reads it.
  EXPECT_EQ(who("hz_reviewer").get(base).status, 200);
  // Filters: the proposal is listed as proposed; an unknown status is 422.
  auto listed = unit.get("/api/v1/credit/records?status=proposed");
  EXPECT_NE(listed.body.find(code), std::string::npos);
  EXPECT_EQ(unit.get("/api/v1/credit/records?status=bogus").json()["error"]["details"]["field"], "status");
  EXPECT_EQ(verify_problem(), "");
}

// R: CRED-1 — the demo: one record in publication on the public list, one repaired early, one
// awaiting approval.
TEST_F(CreditApi, DemoHasOneOfEach) {
  auto& unit = who("hz_unit_head");
  EXPECT_EQ(unit.get("/api/v1/credit/records?status=publishing").json()["total"], 1);
  EXPECT_EQ(unit.get("/api/v1/credit/records?status=removed_early").json()["total"], 1);
  EXPECT_EQ(unit.get("/api/v1/credit/records?status=proposed").json()["total"], 1);
  auto portal = Client(srv->port()).get("/api/v1/portal/credit");
  ASSERT_EQ(portal.json()["items"].size(), 1u) << portal.body;
  EXPECT_EQ(portal.json()["items"][0]["name"], "杭州萧山汽车零部件有限公司");
}
