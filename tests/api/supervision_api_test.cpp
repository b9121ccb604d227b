// The supervisor's dashboard over HTTP on both stores (INF-3, REC-21, REC-24, INF-1, REC-17,
// REC-18, REV-4, DR-4): known data is made through the API in Hangzhou and Xihu — late uploads, a
// case closed long ago and never archived, one archived late, emergency starts approved late or
// never, a slow review and one past its time limit, inspections on the phone and at the console —
// and every number on the dashboard is compared with a count the test makes itself in SQL over
// the store. Each drill-down lists as many records as its number says. Scope: a county sees only
// itself, a sibling's bureau answers 404; malformed dates answer 422 naming the field.
#include <gtest/gtest.h>

#include <algorithm>

#include "base/crypto.h"
#include "base/time.h"
#include "support/api_test.h"

using namespace zhifa;
using test::Client;
using test::uuid;
using test::HttpResult;
using nlohmann::json;

namespace {

class SupervisionApi : public test::ApiTest {
protected:
  int64_t user(const std::string& u) { return count("SELECT id FROM users WHERE username = '" + u + "'"); }
  int64_t bureau(const std::string& code) { return count("SELECT id FROM bureaus WHERE code = '" + code + "'"); }
  std::string credit_code() {
    auto lease = srv->db()->acquire();
    auto q = lease->prepare("SELECT credit_code FROM survey_objects ORDER BY id LIMIT 1");
    EXPECT_TRUE(q->step());
    return q->row().text(0);
  }
  // The bureaus of a subtree, by the bureau's code, as SQL.
  static std::string under(const std::string& code, const std::string& alias = "b") {
    return alias + ".path LIKE (SELECT path FROM bureaus WHERE code = '" + code + "') || '%'";
  }
  // The period every call uses: 2026 (the dates below) through the end of the current year.
  std::string period() const {
    int y = std::max(2026, time::today_shanghai().year);
    return "from=2026-01-01&to=" + std::to_string(y) + "-12-31";
  }

  // ---- cases ----
  int64_t open_case(Client& c, const std::string& procedure) {
    auto r = c.post("/api/v1/cases", {{"procedure", procedure}, {"party_kind", "org"}, {"party_name", "杭州某某制造有限公司"},
                                      {"party_code", credit_code()}, {"source_kind", "ex_officio"}, {"summary", "涉嫌提供不真实统计资料"},
                                      {"unit_name", "法规执法科"}, {"handlers", {user("hz_insp1"), user("hz_insp3")}}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["id"];
  }
  void step(Client& c, int64_t id, const std::string& kind, json content, const std::string& done_on = "") {
    json body = {{"kind", kind}, {"content", std::move(content)}};
    if (!done_on.empty()) body["done_on"] = done_on;
    auto r = c.post("/api/v1/cases/" + std::to_string(id) + "/steps", body);
    ASSERT_EQ(r.status, 201) << kind << ": " << r.body;
  }
  int64_t case_evidence(Client& c, int64_t case_id, const std::string& kind) {
    std::string q = "kind=" + kind + "&title=" + kind + "&filename=f.bin&owner_kind=case&owner_id=" + std::to_string(case_id) +
                    "&captured_at=" + time::to_iso(time::now());
    auto r = c.request("POST", "/api/v1/evidence?" + q, kind + std::to_string(case_id) + uuid(), {{"Content-Type", "image/jpeg"}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["id"];
  }
  // A simple-procedure case closed on 2026-09-01: its archive was due 2026-10-08 (国庆).
  int64_t closed_case(Client& insp, Client& head) {
    int64_t id = open_case(insp, "simple");
    step(insp, id, "simple_record",
         {{"facts_basis", "a"}, {"steps_documents", "b"}, {"statements", "c"}, {"statement_review", "d"}, {"filing", "e"},
          {"certificates_shown", true}, {"party_signed", true}},
         "2026-09-01");
    step(head, id, "closing_approval", {{"summary", "s"}, {"opinion", "同意"}}, "2026-09-01");
    return id;
  }
  // A general case opened 2026-08-20 and told of the proposed penalty, then submitted for review
  // on 2026-08-25; the review is assigned, and concluded on `concluded_on` unless it is empty.
  void reviewed_case(Client& insp, Client& unit, Client& head, Client& legal, const std::string& concluded_on) {
    int64_t id = open_case(unit, "general");
    step(unit, id, "plan_approval", {{"basis", "统计法"}, {"period", "本月"}, {"scope", "年报"}, {"content", "核查"}, {"organisation", "两人"}, {"opinion", "同意"}},
         "2026-08-20");
    step(head, id, "opening_approval", {{"reason", "数据异常"}, {"opinion", "同意立案"}}, "2026-08-20");
    step(insp, id, "rights_notice", {{"proposed", "拟罚款"}, {"rights", "陈述、申辩"}, {"manner", "书面直接送达"}, {"party_signed", true}},
         "2026-08-24");
    json proposal = {{"decision_kind", "penalty"}, {"amount_fen", 500000}, {"violation", "false_data"}, {"party_class", "org"},
                     {"facts", "虚报"}, {"basis", "统计法第四十四条"}};
    json materials = {{"investigation_report", case_evidence(insp, id, "document")},
                      {"draft_decision", case_evidence(insp, id, "document")},
                      {"evidence", json::array({case_evidence(insp, id, "photo")})}};
    auto s = insp.post("/api/v1/cases/" + std::to_string(id) + "/review-submissions",
                       {{"proposal", proposal}, {"materials", materials}, {"done_on", "2026-08-25"}});
    ASSERT_EQ(s.status, 201) << s.body;
    const std::string rv = "/api/v1/reviews/" + std::to_string(s.json()["id"].get<int64_t>());
    ASSERT_EQ(legal.post(rv + "/assign", {{"reviewer_user_id", user("hz_reviewer")}}).status, 200);
    if (concluded_on.empty()) return;
    json points = json::array();
    for (const char* pt : {"subject", "qualification", "procedure", "facts", "evidence", "law", "discretion", "authority", "documents", "referral"})
      points.push_back({{"point", pt}, {"result", "ok"}, {"comment", "符合"}});
    auto o = legal.post(rv + "/opinion", {{"findings", points}, {"outcome", "agree"}, {"opinion", "同意"}, {"done_on", concluded_on}});
    ASSERT_EQ(o.status, 200) << o.body;
  }

  // ---- evidence ----
  HttpResult photo(Client& c, std::chrono::hours age, const std::string& late_reason = "") {
    std::string q = "kind=photo&title=%E7%8E%B0%E5%9C%BA&filename=p.jpg&captured_at=" + time::to_iso(time::now() - age);
    if (!late_reason.empty()) q += "&late_reason=" + late_reason;
    return c.request("POST", "/api/v1/evidence?" + q, "jpeg " + uuid(), {{"Content-Type", "image/jpeg"}});
  }

  json dashboard(Client& c, const std::string& extra = "") {
    auto r = c.get("/api/v1/supervision/dashboard?" + period() + extra);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }
  // Every record of a drill-down, page by page.
  json drill(Client& c, const std::string& metric, const std::string& extra = "") {
    json all = json::array();
    for (int page = 1; page < 100; ++page) {
      auto r = c.get("/api/v1/supervision/dashboard/" + metric + "?" + period() + extra + "&page_size=3&page=" + std::to_string(page));
      EXPECT_EQ(r.status, 200) << r.body;
      auto j = r.json();
      for (const auto& i : j["items"]) all.push_back(i);
      if (int64_t(all.size()) >= j["total"].get<int64_t>() || j["items"].empty()) {
        EXPECT_EQ(int64_t(all.size()), j["total"].get<int64_t>()) << metric;
        break;
      }
    }
    return all;
  }
  static int64_t by_bureau(const json& metric, int64_t bureau_id, const char* field = "value") {
    for (const auto& row : metric["by_bureau"])
      if (row["bureau_id"] == bureau_id) return row[field].is_null() ? -1 : row[field].get<int64_t>();
    return -2;
  }
};

}  // namespace

// R: INF-3, REC-21, REC-24, REC-17, REC-18, REV-4, INF-1, DR-4 — each number on the dashboard
// equals the test's own count over the store, and each drill-down lists that many records.
TEST_F(SupervisionApi, NumbersMatchTheStore) {
  auto insp = as("hz_insp1");
  auto unit = as("hz_unit_head");
  auto head = as("hz_head");
  auto legal = as("hz_reviewer");
  auto archivist = as("hz_archivist");
  auto xh = as("xh_insp1");

  // REC-18: late uploads in Hangzhou and Xihu, one on time.
  ASSERT_EQ(photo(insp, std::chrono::hours(50), "%E8%AE%BE%E5%A4%87%E6%95%85%E9%9A%9C").status, 201);
  ASSERT_EQ(photo(insp, std::chrono::hours(2)).status, 201);
  ASSERT_EQ(photo(xh, std::chrono::hours(30), "%E5%A4%96%E5%87%BA").status, 201);
  // REC-17: closed 2026-09-01, never archived; another archived today, after its 30 days.
  closed_case(insp, head);
  int64_t archived = closed_case(insp, head);
  step(archivist, archived, "archive", {{"volume", "S-9"}, {"retention", "10年"}});
  // REC-21: an emergency start approved 30 hours later, and one never approved.
  for (bool approve : {true, false}) {
    int64_t id = open_case(unit, "general");
    step(unit, id, "emergency_start", {{"reason", "当事人正在销毁台账"}, {"started_at", time::to_iso(time::now() - std::chrono::hours(30))}});
    if (approve) {
      step(unit, id, "plan_approval", {{"basis", "b"}, {"period", "p"}, {"scope", "s"}, {"content", "c"}, {"organisation", "o"}, {"opinion", "同意"}});
      step(head, id, "opening_approval", {{"reason", "补办"}, {"opinion", "同意"}});
    }
  }
  // REV-4: a review of 2026-08-25 concluded on 2026-10-20, and one still open; both cases were
  // opened on 2026-08-20 and have no decision past their 90 days.
  reviewed_case(insp, unit, head, legal, "2026-10-20");
  reviewed_case(insp, unit, head, legal, "");
  // INF-1: one inspection wholly on the phone, one completed at the console.
  field_inspection(insp, 0, {{"outcome", "no_problem"}}, "mobile");
  field_inspection(insp, 1, {{"outcome", "no_problem"}}, "console");

  auto d = dashboard(head);
  const auto& m = d["metrics"];
  EXPECT_EQ(d["bureau"]["id"], bureau("330100"));
  const std::string in_2026 = " BETWEEN '2026-01-01' AND '" + std::to_string(std::max(2026, time::today_shanghai().year)) + "-12-31'";

  // Late uploads, by the store's overdue flag (capture from 2025-12-31T16:00Z, Shanghai 2026-01-01).
  const std::string late_sql = "SELECT COUNT(*) FROM evidence_items i JOIN bureaus b ON b.id = i.bureau_id WHERE i.overdue = 1 AND "
                               "i.captured_at >= '2025-12-31T16:00:00.000Z' AND ";
  EXPECT_EQ(m["late_uploads"]["value"], count(late_sql + under("330100")));
  EXPECT_GE(m["late_uploads"]["value"].get<int64_t>(), 2);
  EXPECT_EQ(by_bureau(m["late_uploads"], bureau("330106")), count(late_sql + under("330106")));
  EXPECT_EQ(by_bureau(m["late_uploads"], bureau("330106")), 1);
  EXPECT_EQ(m["late_uploads"]["basis"]["without_reason"], count(late_sql + under("330100") + " AND i.late_reason = ''"));
  EXPECT_EQ(m["late_uploads_no_reason"]["value"], m["late_uploads"]["basis"]["without_reason"]);

  // Archives: closed in 2026 long ago and no archive step; archive steps the store flagged late.
  const std::string closed = "SELECT COUNT(*) FROM cases k JOIN bureaus b ON b.id = k.bureau_id JOIN case_steps c ON c.case_id = k.id "
                             "AND c.kind = 'closing_approval' WHERE " + under("330100") + " AND c.done_on <= '2026-10-15' AND ";
  EXPECT_EQ(m["archive_overdue"]["value"], count(closed + "NOT EXISTS (SELECT 1 FROM case_steps a WHERE a.case_id = k.id AND a.kind = 'archive')"));
  EXPECT_EQ(m["archive_overdue"]["value"], 1);
  EXPECT_EQ(m["archive_late"]["value"],
            count("SELECT COUNT(*) FROM case_steps a JOIN cases k ON k.id = a.case_id JOIN bureaus b ON b.id = k.bureau_id WHERE a.kind = "
                  "'archive' AND a.late = 1 AND " + under("330100")));
  EXPECT_EQ(m["archive_late"]["value"], 1);

  // 90 days: general cases opened by 2026-09-01 without a decision step.
  EXPECT_EQ(m["decision_overdue"]["value"],
            count("SELECT COUNT(*) FROM cases k JOIN bureaus b ON b.id = k.bureau_id WHERE k.procedure = 'general' AND " + under("330100") +
                  " AND EXISTS (SELECT 1 FROM case_steps o WHERE o.case_id = k.id AND o.kind IN ('opening_approval', 'emergency_start') "
                  "AND o.done_on <= '2026-09-01') AND NOT EXISTS (SELECT 1 FROM case_steps x WHERE x.case_id = k.id AND x.kind = 'decide')"));
  EXPECT_EQ(m["decision_overdue"]["value"], 2);

  // Records not made in time: approvals the store flagged late, and emergency starts more than
  // 24 hours old with no approval at all (read here from the steps' own content).
  int64_t unapproved = 0;
  {
    auto lease = srv->db()->acquire();
    auto q = lease->prepare(
        "SELECT s.content FROM case_steps s JOIN cases k ON k.id = s.case_id JOIN bureaus b ON b.id = k.bureau_id WHERE s.kind = "
        "'emergency_start' AND " + under("330100") +
        " AND NOT EXISTS (SELECT 1 FROM case_steps a WHERE a.case_id = s.case_id AND a.kind = 'opening_approval')");
    while (q->step()) {
      auto started = time::parse_iso(json::parse(q->row().text(0))["started_at"].get<std::string>());
      if (started && time::now() - *started > std::chrono::hours(24)) ++unapproved;
    }
  }
  const int64_t approved_late = count(
      "SELECT COUNT(DISTINCT s.case_id) FROM case_steps s JOIN cases k ON k.id = s.case_id JOIN bureaus b ON b.id = k.bureau_id WHERE "
      "s.kind = 'opening_approval' AND s.late = 1 AND " + under("330100"));
  EXPECT_EQ(m["records_missing"]["value"], approved_late + unapproved);
  EXPECT_EQ(m["records_missing"]["value"], 2);

  // Reviews: concluded in the period, and open ones past their due date.
  const std::string reviews = "SELECT COUNT(*) FROM reviews r JOIN bureaus b ON b.id = r.bureau_id WHERE " + under("330100") + " AND ";
  EXPECT_EQ(m["reviews_concluded"]["value"], count(reviews + "r.state = 'concluded' AND r.concluded_on" + in_2026));
  EXPECT_EQ(m["reviews_overdue"]["value"],
            count(reviews + "r.state <> 'concluded' AND r.due_on < '" + time::today_shanghai().str() + "' AND r.due_on" + in_2026));
  EXPECT_EQ(m["reviews_overdue"]["value"], 1);
  EXPECT_EQ(m["review_times"]["basis"]["count"], m["reviews_concluded"]["value"]);
  if (m["reviews_concluded"]["value"] == 1) {
    // Working days from 2026-08-25 to 2026-10-20 as the calendar counts them (国庆 excluded).
    auto wd = head.get("/api/v1/calendar/workdays-between?from=2026-08-25&to=2026-10-20");
    ASSERT_EQ(wd.status, 200) << wd.body;
    EXPECT_EQ(m["review_times"]["basis"]["max"], wd.json()["workdays"]);
    EXPECT_EQ(m["review_times"]["value"], wd.json()["workdays"]);
    EXPECT_LT(m["review_times"]["value"].get<int64_t>(), 40);  // 56 calendar days, 8 of them 国庆 holidays
  }

  // INF-1: completed inspections and those wholly on the phone.
  const std::string insp_sql = "SELECT COUNT(*) FROM inspections i JOIN bureaus b ON b.id = i.bureau_id WHERE i.state = 'completed' AND "
                               "i.completed_at >= '2025-12-31T16:00:00.000Z' AND " + under("330100");
  const auto& share = m["mobile_share"];
  EXPECT_EQ(share["basis"]["denominator"], count(insp_sql));
  EXPECT_EQ(share["basis"]["numerator"], count(insp_sql + " AND i.all_mobile = 1"));
  EXPECT_EQ(share["basis"]["denominator"], 2);
  EXPECT_DOUBLE_EQ(share["value"].get<double>(), 0.5);
  EXPECT_EQ(m["inspections_off_phone"]["value"], 1);

  // DR-4: the tasks drawn for the plans of the subtree and the inspections of them completed.
  const std::string plan_tasks = "FROM draw_tasks t JOIN draw_sessions s ON s.id = t.session_id JOIN spotcheck_plans pl ON pl.id = s.plan_id "
                                 "JOIN bureaus b ON b.id = pl.bureau_id WHERE t.state = 'assigned' AND pl.year BETWEEN 2026 AND " +
                                 std::to_string(std::max(2026, time::today_shanghai().year)) + " AND " + under("330100");
  EXPECT_EQ(m["plan_coverage"]["basis"]["drawn"], count("SELECT COUNT(*) " + plan_tasks));
  EXPECT_EQ(m["plan_coverage"]["basis"]["completed"],
            count("SELECT COUNT(*) " + plan_tasks + " AND EXISTS (SELECT 1 FROM inspections i WHERE i.task_id = t.id AND i.state = 'completed')"));
  EXPECT_EQ(m["plan_coverage"]["basis"]["completed"], 2);

  // Workload: active inspectors of the subtree; their current places on tasks checked in the period.
  const auto& w = m["workload"];
  EXPECT_EQ(w["basis"]["inspectors"], count("SELECT COUNT(*) FROM inspectors i JOIN bureaus b ON b.id = i.bureau_id WHERE i.status = 'active' AND " +
                                            under("330100")));
  EXPECT_EQ(w["basis"]["tasks"],
            count("SELECT COUNT(*) FROM draw_task_members m JOIN draw_tasks t ON t.id = m.task_id JOIN inspectors i ON i.id = m.inspector_id "
                  "JOIN bureaus b ON b.id = i.bureau_id WHERE m.left_at IS NULL AND t.state = 'assigned' AND i.status = 'active' AND t.check_date" +
                  in_2026 + " AND " + under("330100")));
  ASSERT_FALSE(w["top"].empty());
  EXPECT_LE(w["top"].size(), 10u);
  EXPECT_EQ(w["basis"]["max"], w["top"][0]["tasks"].get<int64_t>() + w["top"][0]["cases"].get<int64_t>());

  // Every drill-down lists exactly the number, each record with its console link; the breakdown
  // adds up to the number.
  for (const char* metric : {"late_uploads", "late_uploads_no_reason", "archive_overdue", "archive_late", "decision_overdue", "records_missing",
                             "reviews_concluded", "reviews_overdue", "inspections_off_phone"}) {
    auto rows = drill(head, metric);
    EXPECT_EQ(int64_t(rows.size()), m[metric]["value"].get<int64_t>()) << metric;
    int64_t sum = 0;
    for (const auto& row : m[metric]["by_bureau"]) sum += row["value"].get<int64_t>();
    EXPECT_EQ(sum, m[metric]["value"].get<int64_t>()) << metric;
    for (const auto& row : rows) EXPECT_EQ(row["link"].get<std::string>().rfind("/", 0), 0u) << metric << row;
  }
  auto arch = drill(head, "archive_overdue");
  ASSERT_EQ(arch.size(), 1u);
  EXPECT_EQ(arch[0]["due"], "2026-10-08");
  EXPECT_EQ(arch[0]["link"], "/cases/" + std::to_string(arch[0]["case_id"].get<int64_t>()));

  // The legal reviewer and the unit head read it too; an inspector may not.
  EXPECT_EQ(legal.get("/api/v1/supervision/dashboard?" + period()).status, 200);
  EXPECT_EQ(unit.get("/api/v1/supervision/dashboard?" + period()).json()["metrics"]["archive_overdue"]["value"], 1);
  EXPECT_EQ(insp.get("/api/v1/supervision/dashboard").status, 403);

  // Xihu alone, asked by the city for one child: only Xihu's late upload.
  auto x = dashboard(head, "&bureau_id=" + std::to_string(bureau("330106")));
  EXPECT_EQ(x["metrics"]["late_uploads"]["value"], 1);
  EXPECT_EQ(x["metrics"]["archive_overdue"]["value"], 0);
}

// R: INF-3, ORG-1 — a county sees only itself; a sibling's or a parent's bureau answers 404; the
// province sees the city among its children.
TEST_F(SupervisionApi, ScopeIsTheSubtree) {
  auto xh = as("xh_head");
  auto mine = dashboard(xh);
  EXPECT_EQ(mine["bureau"]["id"], bureau("330106"));
  EXPECT_TRUE(mine["children"].empty());
  for (const char* other : {"330110", "330100", "330200"}) {
    auto r = xh.get("/api/v1/supervision/dashboard?bureau_id=" + std::to_string(bureau(other)));
    EXPECT_EQ(r.status, 404) << other;
    EXPECT_EQ(r.code(), "bureau.not_found");
    EXPECT_EQ(xh.get("/api/v1/supervision/dashboard/late_uploads?bureau_id=" + std::to_string(bureau(other))).status, 404);
  }
  auto hz = as("hz_head");
  EXPECT_EQ(hz.get("/api/v1/supervision/dashboard?bureau_id=" + std::to_string(bureau("330200"))).status, 404);
  auto province = as("zj_head");
  auto zj = dashboard(province);
  bool city = false;
  for (const auto& ch : zj["children"]) city = city || ch["bureau_id"] == bureau("330100");
  EXPECT_TRUE(city) << zj["children"];
  EXPECT_EQ(hz.get("/api/v1/supervision/dashboard/no_such_metric").code(), "supervision.metric_unknown");
}

// R: INF-3 — malformed periods answer 422 naming the field, and nothing else is said.
TEST_F(SupervisionApi, BadDatesName422Field) {
  auto hz = as("hz_head");
  struct Case {
    const char* query;
    const char* field;
  };
  for (const auto& c : {Case{"from=2026-13-01", "from"}, Case{"to=yesterday", "to"}, Case{"from=2026-05-01&to=2026-04-30", "from"},
                        Case{"from=2000-01-01&to=2026-01-01", "from"}, Case{"bureau_id=abc", "bureau_id"}}) {
    for (const char* path : {"/api/v1/supervision/dashboard?", "/api/v1/supervision/dashboard/late_uploads?"}) {
      auto r = hz.get(std::string(path) + c.query);
      EXPECT_EQ(r.status, 422) << path << c.query << r.body;
      EXPECT_EQ(r.json()["error"]["details"]["field"], c.field) << path << c.query;
    }
  }
}
