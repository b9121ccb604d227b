// The annual enforcement statistics report over HTTP on both stores (PUB-9, seed 000 §1.3): the
// test makes known records of last year in Hangzhou through the API (simple and general cases
// decided, one closed and never archived, a credit record published) and known inspections and a
// late upload of this year, compiles, and compares each number with the count before plus what it
// made. Then the states: the compiler cannot review, an unpublished report is 404 on the portal,
// publication reports it upward (the province's list names its state and date), a correction
// keeps the history; the deadline states on 1 Jan, 2 Jan, 31 Jan and 1 Feb; bad years answer 422
// naming the field and write nothing.
#include <gtest/gtest.h>

#include <map>

#include "base/crypto.h"
#include "base/time.h"
#include "db/db.h"
#include "org/auth.h"
#include "publicity/annual_report.h"
#include "support/api_test.h"

using namespace zhifa;
using test::Client;
using test::uuid;
using test::HttpResult;
using nlohmann::json;

namespace {

class AnnualReportApi : public test::ApiTest {
protected:
  std::map<std::string, Client> clients_;
  Client& who(const std::string& u) {
    auto it = clients_.find(u);
    if (it == clients_.end()) it = clients_.emplace(u, as(u)).first;
    return it->second;
  }
  int64_t user(const std::string& u) { return count("SELECT id FROM users WHERE username = '" + u + "'"); }
  int64_t bureau(const std::string& code) { return count("SELECT id FROM bureaus WHERE code = '" + code + "'"); }
  std::string code_of(const std::string& name) {
    auto lease = srv->db()->acquire();
    auto q = lease->prepare("SELECT credit_code FROM survey_objects WHERE name = ?");
    q->bind(name);
    EXPECT_TRUE(q->step()) << name;
    return q->row().text(0);
  }
  void ok(const HttpResult& r, int status = 201) { ASSERT_EQ(r.status, status) << r.body; }
  HttpResult step(Client& c, int64_t id, const std::string& kind, json content, const std::string& on) {
    return c.post("/api/v1/cases/" + std::to_string(id) + "/steps", {{"kind", kind}, {"content", std::move(content)}, {"done_on", on}});
  }
  int64_t open_case(const std::string& procedure, const std::string& code, const std::string& party) {
    auto r = who("hz_unit_head").post("/api/v1/cases", {{"procedure", procedure}, {"party_kind", "org"}, {"party_name", party}, {"party_code", code},
                                                       {"source_kind", "ex_officio"}, {"summary", "涉嫌提供不真实统计资料"},
                                                       {"unit_name", "法规执法科"}, {"handlers", {user("hz_insp1"), user("hz_insp3")}}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["id"];
  }
  // A simple-procedure penalty made on the spot on `on` (a warning when amount_fen is 0).
  int64_t simple_case(const std::string& on, int64_t amount_fen) {
    int64_t id = open_case("simple", code_of("杭州湖滨酒店管理有限公司"), "杭州湖滨酒店管理有限公司");
    json c = {{"facts_basis", "逾期报送统计资料，统计法第四十一条"}, {"steps_documents", "出示证件、告知、当场决定书"},
              {"statements", "无异议"}, {"statement_review", "无需复核"}, {"filing", "已报法规科备案"},
              {"dispute_likely", false}, {"certificates_shown", true}, {"party_signed", true}};
    if (amount_fen) c["amount_fen"] = amount_fen;
    ok(step(who("hz_insp1"), id, "simple_record", c, on));
    return id;
  }
  // A general case decided on start+5 and approved on start+6 (a small fine: no legal review).
  int64_t general_case(const time::Date& start, const std::string& kind, int64_t amount_fen) {
    const std::string code = code_of("杭州湖滨酒店管理有限公司");
    int64_t id = open_case("general", code, "杭州湖滨酒店管理有限公司");
    auto& unit = who("hz_unit_head");
    auto& head = who("hz_head");
    auto& insp = who("hz_insp1");
    ok(step(unit, id, "plan_approval",
            {{"basis", "统计法"}, {"period", "本月"}, {"scope", "年报"}, {"content", "核查"}, {"organisation", "两人"}, {"opinion", "同意"}},
            start.str()));
    ok(step(head, id, "opening_approval", {{"reason", "数据异常"}, {"opinion", "同意立案"}}, start.str()));
    ok(step(insp, id, "rights_notice",
            {{"proposed", "拟处理"}, {"rights", "陈述、申辩、听证、复议、诉讼"}, {"manner", "书面直接送达"}, {"party_signed", true}},
            start.plus_days(1).str()));
    json content = {{"decision_kind", kind}, {"facts", "虚报"}, {"basis", "统计法"}};
    if (kind == "penalty") content["amount_fen"] = amount_fen;
    ok(insp.post("/api/v1/cases/" + std::to_string(id) + "/decision", {{"content", content}, {"done_on", start.plus_days(5).str()}}));
    ok(step(head, id, "decision_approval", {{"approved", true}, {"opinion", "同意"}}, start.plus_days(6).str()));
    return id;
  }

  // The numbers as the service computes them for Hangzhou, as of `today`.
  json numbers(int year, const time::Date& today) {
    auto lease = srv->db()->acquire();
    auto p = org::principal_of(*lease, user("hz_pub"));
    return publicity::annual_numbers(*lease, p, bureau("330100"), year, today);
  }
  static int64_t at(const json& j, const std::string& pointer) {
    // A count the snapshot has no key for yet (a level of credit record never seen) is 0.
    const json::json_pointer ptr(pointer);
    return j.contains(ptr) ? j.at(ptr).get<int64_t>() : 0;
  }
  static int64_t delta(const json& after, const json& before, const std::string& pointer) { return at(after, pointer) - at(before, pointer); }
  // The breakdown row of the bureau itself (本级): the records below were all made by Hangzhou.
  static const json& own_row(const json& n) { return n["by_bureau"][0]; }
  static int64_t violation_count(const json& n, const std::string& code) {
    for (const auto& v : n["penalties"]["by_violation"])
      if (v["violation"] == code) return v["count"];
    return 0;
  }
  static const json& kind_row(const json& n, const std::string& kind) {
    for (const auto& d : n["disclosures"])
      if (d["kind"] == kind) return d;
    static const json none;
    return none;
  }
};

}  // namespace

// R: PUB-9 — each number of last year's report equals the count before plus the records this
// test made: cases by procedure and outcome, penalties and fines, the disclosures they produced
// (still unpublished, so overdue), the case closed and never archived, the credit record.
TEST_F(AnnualReportApi, NumbersAreRecomputedFromTheRecords) {
  const time::Date today = time::today_shanghai();
  const int year = today.year - 1;
  const json before = numbers(year, today);

  simple_case(std::to_string(year) + "-06-10", 20000);
  int64_t closed = simple_case(std::to_string(year) + "-06-11", 0);
  ok(step(who("hz_head"), closed, "closing_approval", {{"summary", "已执行"}, {"opinion", "同意结案"}}, std::to_string(year) + "-06-12"));
  int64_t penalty = general_case({year, 9, 8}, "penalty", 300000);
  general_case({year, 10, 13}, "no_penalty", 0);
  // A simple case of the year before: outside the period.
  simple_case(std::to_string(year - 1) + "-12-30", 7000);
  // A credit record of the penalty, published in the year.
  {
    const std::string code = code_of("杭州湖滨酒店管理有限公司");
    auto r = who("hz_unit_head").post("/api/v1/credit/records", {{"credit_code", code}, {"level", "serious"}, {"case_id", penalty},
                                                                {"decision_no", "杭统罚决〔年报〕1号"}, {"basis", "虚报统计资料，情节严重"},
                                                                {"legal_representative", "张三丰"},
                                                                {"determination_date", std::to_string(year) + "-09-19"}});
    ok(r);
    const std::string base = "/api/v1/credit/records/" + std::to_string(r.json()["id"].get<int64_t>());
    ok(who("hz_head").post(base + "/decision", {{"approved", true}, {"opinion", "同意"}}), 200);
    ok(who("hz_pub").post(base + "/publication", {{"published_on", std::to_string(year) + "-10-10"}}), 200);
  }

  // Compiled through the API: the snapshot is the numbers as of today.
  auto r = who("hz_pub").post("/api/v1/annual-reports", {{"year", year}});
  ok(r);
  const json after = r.json()["working"]["numbers"];
  EXPECT_EQ(after, numbers(year, today)) << "the frozen snapshot is the service's numbers";

  EXPECT_EQ(delta(after, before, "/cases/opened/simple"), 2);
  EXPECT_EQ(delta(after, before, "/cases/opened/general"), 2);
  EXPECT_EQ(delta(after, before, "/cases/opened/total"), 4);
  EXPECT_EQ(delta(after, before, "/cases/decided/simple/penalty"), 2);
  EXPECT_EQ(delta(after, before, "/cases/decided/general/penalty"), 1);
  EXPECT_EQ(delta(after, before, "/cases/decided/general/no_penalty"), 1);
  EXPECT_EQ(delta(after, before, "/cases/decided/general/other"), 0);
  EXPECT_EQ(delta(after, before, "/cases/by_outcome/penalty"), 3);
  EXPECT_EQ(delta(after, before, "/cases/by_outcome/no_penalty"), 1);
  EXPECT_EQ(delta(after, before, "/cases/closed"), 1);
  EXPECT_EQ(delta(after, before, "/penalties/count"), 3);
  EXPECT_EQ(delta(after, before, "/penalties/fines_fen"), 320000);
  EXPECT_EQ(violation_count(after, "") - violation_count(before, ""), 3) << "no review: no violation code";
  EXPECT_EQ(delta(after, before, "/credit/published"), 1);
  EXPECT_EQ(delta(after, before, "/credit/by_level/serious"), 1);
  // (The archive deadline of the case closed on 06-12 is counted by cases::missed_deadlines only
  // for cases entered in the period: see InspectionsAndLateRecordingsOfTheYear.)
  // Each decision made its disclosure draft (collected on the event); none published: overdue.
  EXPECT_EQ(kind_row(after, "penalty_decision")["total"].get<int64_t>() - kind_row(before, "penalty_decision")["total"].get<int64_t>(), 3);
  EXPECT_EQ(kind_row(after, "other_decision")["total"].get<int64_t>() - kind_row(before, "other_decision")["total"].get<int64_t>(), 1);
  EXPECT_EQ(kind_row(after, "penalty_decision")["overdue"].get<int64_t>() - kind_row(before, "penalty_decision")["overdue"].get<int64_t>(), 3);
  EXPECT_EQ(delta(own_row(after), own_row(before), "/cases_decided"), 4);
  EXPECT_EQ(delta(own_row(after), own_row(before), "/penalties"), 3);
  EXPECT_EQ(delta(own_row(after), own_row(before), "/fines_fen"), 320000);
  EXPECT_EQ(delta(own_row(after), own_row(before), "/disclosures_late"), 4);
  // Counts only: the party's name is nowhere in the snapshot.
  EXPECT_EQ(after.dump().find("杭州湖滨酒店"), std::string::npos);
  EXPECT_EQ(verify_problem(), "");
}

// R: PUB-9, INF-1 — this year's inspections and a late upload, counted in the report compiled on
// 5 January next year (the day injected into the service).
TEST_F(AnnualReportApi, InspectionsAndLateRecordingsOfTheYear) {
  const time::Date today = time::today_shanghai();
  const time::Date jan5{today.year + 1, 1, 5};
  const json before = numbers(today.year, jan5);
  field_inspection(who("hz_insp1"), 0, {{"outcome", "no_problem"}});
  field_inspection(who("hz_insp1"), 1, {{"outcome", "rectification"}, {"opinion", "限期改正"}, {"deadline", today.plus_days(30).str()}});
  {
    std::string q = "kind=photo&title=%E7%8E%B0%E5%9C%BA&filename=p.jpg&late_reason=%E6%96%AD%E7%BD%91&captured_at=" +
                    time::to_iso(time::now() - std::chrono::hours(30));
    auto r = who("hz_insp1").request("POST", "/api/v1/evidence?" + q, "jpeg " + uuid(), {{"Content-Type", "image/jpeg"}});
    ok(r);
  }
  // A case closed 45 days ago and never archived: the 30 days to archive it have run out.
  const bool same_year = today.plus_days(-60).year == today.year;
  if (same_year) {
    int64_t id = simple_case(today.plus_days(-60).str(), 5000);
    ok(step(who("hz_head"), id, "closing_approval", {{"summary", "已执行"}, {"opinion", "同意结案"}}, today.plus_days(-45).str()));
  }
  const json after = numbers(today.year, jan5);
  if (same_year) {
    EXPECT_EQ(delta(after, before, "/archives/not_archived_overdue"), 1);
    EXPECT_EQ(delta(own_row(after), own_row(before), "/archives_late"), 1);
    EXPECT_EQ(delta(after, before, "/cases/closed"), 1);
  }
  EXPECT_EQ(delta(after, before, "/spot_checks/inspections_completed"), 2);
  EXPECT_EQ(delta(after, before, "/spot_checks/without_problems"), 1);
  EXPECT_EQ(delta(after, before, "/spot_checks/with_problems"), 1);
  EXPECT_EQ(delta(after, before, "/spot_checks/on_phone"), 2);
  EXPECT_EQ(delta(after, before, "/late_uploads/count"), 1);
  EXPECT_EQ(delta(own_row(after), own_row(before), "/inspections"), 2);
  EXPECT_EQ(delta(own_row(after), own_row(before), "/with_problems"), 1);
  EXPECT_EQ(kind_row(after, "check_result")["total"].get<int64_t>() - kind_row(before, "check_result")["total"].get<int64_t>(), 2);

  // The year is over on 5 January: the service compiles it, and the report is due soon.
  auto lease = srv->db()->acquire();
  auto pub = org::principal_of(*lease, user("hz_pub"));
  json rep = db::with_tx(*srv->db(), [&](db::Connection& c) { return publicity::compile_annual_report(c, pub, {{"year", today.year}}, jan5); });
  EXPECT_EQ(rep["deadline_state"], "due_soon");
  EXPECT_EQ(at(rep["working"]["numbers"], "/spot_checks/inspections_completed"), at(after, "/spot_checks/inspections_completed"));
}

// R: PUB-9 — draft → reviewed (not by the compiler) → published; public only once published;
// reported upward; recompiling a published report is refused; a correction keeps the history.
TEST_F(AnnualReportApi, ReviewPublishReportUpwardAndCorrect) {
  const int year = time::today_shanghai().year - 1;
  auto& pub = who("hz_pub");
  auto c = pub.post("/api/v1/annual-reports", {{"year", year}});
  ok(c);
  const int64_t id = c.json()["id"];
  const std::string base = "/api/v1/annual-reports/" + std::to_string(id);
  EXPECT_EQ(c.json()["state"], "draft");
  EXPECT_EQ(c.json()["working"]["version"], 1);

  // The compiler cannot review, even holding publicity.review.
  auto self = pub.post(base + "/review", {{"opinion", "同意"}});
  EXPECT_EQ(self.status, 409) << self.body;
  EXPECT_EQ(self.json()["error"]["code"], "annual.self_review") << self.body;
  EXPECT_EQ(pub.post(base + "/publish", json::object()).status, 409) << "a draft is not published";
  // Unpublished: the portal does not know it.
  Client anon(srv->port());
  EXPECT_EQ(anon.get("/api/v1/portal/annual-reports/" + std::to_string(id)).status, 404);
  auto empty = anon.get("/api/v1/portal/annual-reports?year=" + std::to_string(year));
  ok(empty, 200);
  EXPECT_TRUE(empty.json()["items"].empty()) << empty.body;
  // A sibling city does not see it.
  EXPECT_EQ(who("nb_pub").get(base).status, 404);

  auto missing = who("hz_head").post(base + "/review", json::object());
  EXPECT_EQ(missing.status, 422);
  EXPECT_EQ(missing.json()["error"]["details"]["field"], "opinion") << missing.body;
  auto rv = who("hz_head").post(base + "/review", {{"opinion", "数据已核对"}});
  ok(rv, 200);
  EXPECT_EQ(rv.json()["state"], "reviewed");
  EXPECT_EQ(rv.json()["working"]["reviewed_by"]["username"], "hz_head");
  EXPECT_EQ(anon.get("/api/v1/portal/annual-reports/" + std::to_string(id)).status, 404) << "reviewed is not public yet";

  auto pb = pub.post(base + "/publish", json::object());
  ok(pb, 200);
  const std::string today = time::today_shanghai().str();
  EXPECT_EQ(pb.json()["state"], "published");
  EXPECT_EQ(pb.json()["first_published_on"], today);
  EXPECT_EQ(pb.json()["working"]["reported_to"]["government"], "杭州市人民政府");
  EXPECT_EQ(pb.json()["working"]["reported_to"]["superior"]["name"], "浙江省统计局");
  // Published after 31 January of the next year (today is later than that): late.
  EXPECT_EQ(pb.json()["deadline_state"], "published_late");

  auto portal = anon.get("/api/v1/portal/annual-reports/" + std::to_string(id));
  ok(portal, 200);
  EXPECT_EQ(portal.json()["numbers"], c.json()["working"]["numbers"]);
  EXPECT_EQ(portal.body.find("施佳"), std::string::npos) << "no staff names on the portal";
  EXPECT_FALSE(portal.json().contains("working"));
  auto plist = anon.get("/api/v1/portal/annual-reports?year=" + std::to_string(year));
  ok(plist, 200);
  ASSERT_EQ(plist.json()["items"].size(), 1u) << plist.body;
  EXPECT_EQ(plist.json()["items"][0]["bureau"]["name"], "杭州市统计局");

  // The province sees it among the reports from below, with its state and date.
  auto up = who("zj_pub").get("/api/v1/annual-reports?year=" + std::to_string(year));
  ok(up, 200);
  const json upj = up.json();
  bool seen = false;
  for (const auto& it : upj["items"])
    if (it["bureau"]["code"] == "330100") {
      seen = true;
      EXPECT_EQ(it["state"], "published");
      EXPECT_EQ(it["published_on"], today);
      EXPECT_EQ(it["deadline_state"], "published_late");
    }
  EXPECT_TRUE(seen);
  // Ningbo has none and is past the deadline: named as overdue.
  bool nb_overdue = false;
  for (const auto& n : upj["overdue"]) nb_overdue = nb_overdue || n == "宁波市统计局";
  EXPECT_TRUE(nb_overdue);
  // A county's list holds only itself.
  auto county = who("xh_pub").get("/api/v1/annual-reports?year=" + std::to_string(year));
  ok(county, 200);
  EXPECT_EQ(county.json()["items"].size(), 1u);

  // Published: recompiling is refused; a correction needs a reason and is a new version.
  auto again = pub.post("/api/v1/annual-reports", {{"year", year}});
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.json()["error"]["code"], "annual.published");
  auto noreason = pub.post(base + "/correct", json::object());
  EXPECT_EQ(noreason.status, 422);
  EXPECT_EQ(noreason.json()["error"]["details"]["field"], "reason");
  auto cr = pub.post(base + "/correct", {{"reason", "补录遗漏的简易程序案件"}});
  ok(cr);
  EXPECT_EQ(cr.json()["working"]["version"], 2);
  EXPECT_EQ(cr.json()["working"]["state"], "draft");
  EXPECT_EQ(cr.json()["current"]["version"], 1) << "the published version stays public until the correction is published";
  ok(who("hz_head").post(base + "/review", {{"opinion", "同意更正"}}), 200);
  ok(pub.post(base + "/publish", json::object()), 200);
  auto v2 = anon.get("/api/v1/portal/annual-reports/" + std::to_string(id));
  ok(v2, 200);
  EXPECT_EQ(v2.json()["version"], 2);
  ASSERT_EQ(v2.json()["history"].size(), 2u);
  EXPECT_EQ(v2.json()["history"][1]["state"], "corrected");
  EXPECT_EQ(v2.json()["history"][0]["correction_reason"], "补录遗漏的简易程序案件");
  EXPECT_EQ(v2.json()["first_published_on"], today);
  EXPECT_EQ(count("SELECT COUNT(*) FROM annual_report_versions WHERE report_id = " + std::to_string(id)), 2);
  EXPECT_EQ(verify_problem(), "");
}

// R: PUB-9 — due 31 January; the warning from 2 January; overdue from 1 February.
TEST_F(AnnualReportApi, DeadlineStates) {
  using publicity::annual_state;
  EXPECT_EQ(annual_state(2025, std::nullopt, {2026, 1, 1}), "not_due");
  EXPECT_EQ(annual_state(2025, std::nullopt, {2026, 1, 2}), "due_soon");
  EXPECT_EQ(annual_state(2025, std::nullopt, {2026, 1, 31}), "due_soon");
  EXPECT_EQ(annual_state(2025, std::nullopt, {2026, 2, 1}), "overdue");
  EXPECT_EQ(annual_state(2025, time::Date{2026, 1, 31}, {2026, 2, 1}), "published_on_time");
  EXPECT_EQ(annual_state(2025, time::Date{2026, 2, 1}, {2026, 2, 1}), "published_late");
  // The same through the list, the day injected with ?on=.
  const int year = time::today_shanghai().year - 1;
  const std::string y = std::to_string(year), next = std::to_string(year + 1);
  auto state_on = [&](const std::string& day) {
    auto r = who("hz_pub").get("/api/v1/annual-reports?year=" + y + "&on=" + day);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  };
  EXPECT_EQ(state_on(next + "-01-01")["items"][0]["deadline_state"], "not_due");
  EXPECT_EQ(state_on(next + "-01-02")["items"][0]["deadline_state"], "due_soon");
  EXPECT_EQ(state_on(next + "-01-31")["items"][0]["deadline_state"], "due_soon");
  auto feb = state_on(next + "-02-01");
  EXPECT_EQ(feb["items"][0]["deadline_state"], "overdue");
  EXPECT_EQ(feb["items"][0]["bureau"]["code"], "330100");
  EXPECT_EQ(feb["due_on"], next + "-01-31");
  EXPECT_FALSE(feb["overdue"].empty());
  auto bad = who("hz_pub").get("/api/v1/annual-reports?year=" + y + "&on=2026-02-30");
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.json()["error"]["details"]["field"], "on");
}

// R: PUB-9 — a year not over, in the future or not a number answers 422 naming `year`; nothing
// is written. Only the publicity staff compile.
TEST_F(AnnualReportApi, BadInputWritesNothing) {
  const int now = time::today_shanghai().year;
  auto& pub = who("hz_pub");
  auto& insp = who("hz_insp1");  // logged in first: a login is a ledger entry
  const int64_t entries = count("SELECT COUNT(*) FROM ledger_entries");
  const int64_t reports = count("SELECT COUNT(*) FROM annual_reports"), versions = count("SELECT COUNT(*) FROM annual_report_versions");
  for (const json& body : {json{{"year", now + 1}}, json{{"year", now}}, json{{"year", "2025年"}}, json{{"year", 2025.5}}, json::object(),
                           json{{"year", 1999}}}) {
    auto r = pub.post("/api/v1/annual-reports", body);
    EXPECT_EQ(r.status, 422) << body.dump() << " " << r.body;
    EXPECT_EQ(r.json()["error"]["details"]["field"], "year") << r.body;
  }
  auto q = pub.get("/api/v1/annual-reports?year=abc");
  EXPECT_EQ(q.status, 422);
  EXPECT_EQ(q.json()["error"]["details"]["field"], "year");
  EXPECT_EQ(insp.post("/api/v1/annual-reports", {{"year", now - 1}}).status, 403);
  EXPECT_EQ(count("SELECT COUNT(*) FROM annual_reports"), reports);
  EXPECT_EQ(count("SELECT COUNT(*) FROM annual_report_versions"), versions);
  EXPECT_EQ(count("SELECT COUNT(*) FROM ledger_entries"), entries);
  Client anon(srv->port());
  EXPECT_EQ(anon.get("/api/v1/portal/annual-reports/999999").status, 404);
}

// R: PUB-9 — the demo's draft of the year so far (its records are all of this year): reviewed
// like any report, but not published before the year is over.
TEST_F(AnnualReportApi, TheYearSoFarIsNotPublished) {
  const int now = time::today_shanghai().year;
  const int64_t id = count("SELECT r.id FROM annual_reports r JOIN bureaus b ON b.id = r.bureau_id WHERE b.code = '330100' AND r.year = " +
                           std::to_string(now));
  ASSERT_GT(id, 0) << "the demo compiles Hangzhou's report of the year so far";
  const std::string base = "/api/v1/annual-reports/" + std::to_string(id);
  auto g = who("hz_head").get(base);
  ok(g, 200);
  EXPECT_EQ(g.json()["state"], "draft");
  EXPECT_GT(at(g.json()["working"]["numbers"], "/cases/opened/total"), 0) << "the demo's cases of this year are counted";
  ok(who("hz_head").post(base + "/review", {{"opinion", "核对无误"}}), 200);
  auto pb = who("hz_pub").post(base + "/publish", json::object());
  EXPECT_EQ(pb.status, 409);
  EXPECT_EQ(pb.json()["error"]["code"], "annual.year_not_over");
  auto after = who("hz_pub").get(base);
  // Not offered to publish; compiling again (the year's later records) stays open.
  EXPECT_EQ(after.json()["actions"], json::array({"compile"})) << after.body;
  EXPECT_EQ(verify_problem(), "");
}
