// Cases over HTTP on both stores (REC-1..REC-17, REC-19, REC-22): both procedures driven step by
// step, every refusal naming the missing document, recording, signature or field, every service
// method of REC-14, the emergency start's 24-hour late flag, deadlines counted through the
// working-day calendar across 国庆 2026 and "unknown" where the calendar ends, the archive's
// completeness check and read-only archived case, scope, and `ledger verify` after all of it.
#include <gtest/gtest.h>

#include <algorithm>

#include "base/time.h"
#include "ledger/checkpoint.h"
#include "support/api_test.h"

using namespace zhifa;
using test::Client;
using test::HttpResult;
using nlohmann::json;

namespace {

class CasesApi : public test::ApiTest {
protected:
  int64_t user(const std::string& u) { return count("SELECT id FROM users WHERE username = '" + u + "'"); }
  int64_t bureau(const std::string& code) { return count("SELECT id FROM bureaus WHERE code = '" + code + "'"); }
  int64_t device(const std::string& serial) { return count("SELECT id FROM evidence_devices WHERE serial_no = '" + serial + "'"); }
  std::string credit_code() {
    auto lease = srv->db()->acquire();
    auto q = lease->prepare("SELECT credit_code FROM survey_objects ORDER BY id LIMIT 1");
    EXPECT_TRUE(q->step());
    return q->row().text(0);
  }
  json new_case(const std::string& procedure) {
    return {{"procedure", procedure},   {"party_kind", "org"},       {"party_name", "杭州某某制造有限公司"},
            {"party_code", credit_code()}, {"source_kind", "ex_officio"}, {"summary", "涉嫌提供不真实统计资料"},
            {"unit_name", "法规执法科"},  {"handlers", {user("hz_insp1"), user("hz_insp3")}}};
  }
  int64_t open_case(Client& c, const std::string& procedure) {
    auto r = c.post("/api/v1/cases", new_case(procedure));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["id"];
  }
  HttpResult step(Client& c, int64_t id, const std::string& kind, json content, const std::string& done_on = "",
                  std::vector<int64_t> evidence = {}) {
    json body = {{"kind", kind}, {"content", std::move(content)}, {"evidence_ids", evidence}};
    if (!done_on.empty()) body["done_on"] = done_on;
    return c.post("/api/v1/cases/" + std::to_string(id) + "/steps", body);
  }
  void ok(const HttpResult& r) { ASSERT_EQ(r.status, 201) << r.body; }
  // Evidence of the case: audio/video on 尤振华's body camera, paper without a device.
  int64_t evidence(Client& c, int64_t case_id, const std::string& kind) {
    std::string q = "kind=" + kind + "&title=" + kind + "&filename=f.bin&owner_kind=case&owner_id=" + std::to_string(case_id) +
                    "&captured_at=" + time::to_iso(time::now());  // demo cameras were handed out moments ago
    if (kind == "audio" || kind == "video") q += "&device_id=" + std::to_string(device("HZ-ZFJLY-001"));
    auto r = c.request("POST", "/api/v1/evidence?" + q, kind + " bytes " + std::to_string(case_id) + q,
                       {{"Content-Type", kind == "video" ? "video/mp4" : kind == "audio" ? "audio/mpeg" : "image/jpeg"}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["id"];
  }
  static std::vector<std::string> missing(const HttpResult& r) {
    std::vector<std::string> out;
    const json body = r.json();  // kept alive: the loop below walks into it
    for (const auto& m : body["error"]["details"]["missing"]) out.push_back(m);
    return out;
  }
  static bool has(const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); }
  static json deadline(const json& kase, const std::string& kind) {
    for (const auto& d : kase["deadlines"])
      if (d["kind"] == kind) return d;
    return nullptr;
  }
  static json signed_() { return {{"party_signed", true}}; }
  static json with(json a, const json& b) {
    a.update(b);
    return a;
  }
  // A general case through to its approved decision, dated in 2026 (opened 07-03).
  int64_t to_approved(Client& insp, Client& unit, Client& head, const std::string& decision_kind = "penalty") {
    int64_t id = open_case(unit, "general");
    ok(step(unit, id, "plan_approval",
            {{"basis", "统计法第三十三条"}, {"period", "2026年7月"}, {"scope", "2025年年报"}, {"content", "核查营业收入"},
             {"organisation", "法规执法科两人"}, {"opinion", "同意"}},
            "2026-07-01"));
    ok(step(head, id, "opening_approval", {{"reason", "数据异常"}, {"opinion", "同意立案"}}, "2026-07-03"));
    ok(step(insp, id, "inquiry",
            with(signed_(), {{"interviewee", "王某（统计负责人）"}, {"place", "企业会议室"}, {"content", "问答"},
                             {"certificates_shown", true}, {"no_recording_reason", "当事人不同意录音"}}),
            "2026-07-10"));
    ok(step(insp, id, "rights_notice",
            with(signed_(), {{"proposed", "拟罚款"}, {"rights", "陈述、申辩、听证、复议、诉讼"}, {"manner", "书面直接送达"}}),
            "2026-09-01"));
    auto d = insp.post("/api/v1/cases/" + std::to_string(id) + "/decision",
                       {{"content", {{"decision_kind", decision_kind}, {"amount_fen", 2000000}, {"facts", "虚报"}, {"basis", "统计法第四十一条"}}},
                        {"done_on", "2026-09-10"}});
    EXPECT_EQ(d.status, 201) << d.body;
    ok(step(head, id, "decision_approval", {{"approved", true}, {"opinion", "同意"}}, "2026-09-24"));
    return id;
  }
};

}  // namespace

// R: REC-1, REC-3, REC-8, REC-9, REC-10, REC-11, REC-16, REC-14, REC-15, REC-17, REC-22 — a general
// case from opening to archive over the API; every refusal names what is missing.
TEST_F(CasesApi, GeneralProcedureFromOpeningToArchive) {
  auto unit = as("hz_unit_head");
  auto head = as("hz_head");
  auto insp = as("hz_insp1");
  auto archivist = as("hz_archivist");
  const int64_t seq0 = count("SELECT COUNT(*) FROM ledger_entries");
  int64_t id = open_case(unit, "general");
  const std::string base = "/api/v1/cases/" + std::to_string(id);
  auto k = unit.get(base).json();
  EXPECT_EQ(k["state"], "draft");
  EXPECT_NE(k["number"].get<std::string>().find("〔"), std::string::npos);
  EXPECT_EQ(k["handlers"].size(), 2u);
  EXPECT_GT(count("SELECT COUNT(*) FROM ledger_entries"), seq0);

  // The opening approval needs the approved plan first; the inspector may not approve at all.
  auto r = step(head, id, "opening_approval", {{"reason", "数据异常"}, {"opinion", "同意"}});
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.code(), "case.step_requirements");
  EXPECT_TRUE(has(missing(r), "执法方案审批表")) << r.body;
  EXPECT_EQ(step(insp, id, "plan_approval", {{"basis", "x"}}).status, 403);
  r = step(unit, id, "plan_approval", {{"basis", "统计法"}, {"period", "7月"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json()["error"]["details"]["field"], "content.scope");
  EXPECT_TRUE(has(missing(r), "组织方式"));
  ok(step(unit, id, "plan_approval",
          {{"basis", "统计法"}, {"period", "7月"}, {"scope", "年报"}, {"content", "核查"}, {"organisation", "两人"}, {"opinion", "同意"}},
          "2026-07-01"));
  // The allowed actions follow the table: the head now sees the opening approval with nothing missing.
  bool found = false;
  const json head_view = head.get(base).json();
  for (const auto& a : head_view["actions"])
    if (a["kind"] == "opening_approval") found = a["missing"].empty();
  EXPECT_TRUE(found);
  ok(step(head, id, "opening_approval", {{"reason", "数据异常"}, {"opinion", "同意立案"}}, "2026-07-03"));
  EXPECT_EQ(unit.get(base).json()["state"], "investigating");

  // Investigation: the transcript names both inspectors with their certificates (REC-9).
  r = step(insp, id, "inquiry", {{"interviewee", "王某"}, {"place", "企业"}, {"content", "问答"}}, "2026-07-10");
  EXPECT_EQ(r.status, 409);
  auto m = missing(r);
  EXPECT_TRUE(has(m, "现场录音录像") && has(m, "当事人签名或拒签理由") && has(m, "出示执法证件")) << r.body;
  r = step(insp, id, "inquiry",
           {{"interviewee", "王某"}, {"place", "企业"}, {"content", "问答"}, {"certificates_shown", true},
            {"party_refusal_reason", "拒绝签字"}, {"no_recording_reason", "当事人不同意录音"}},
           "2026-07-10");
  ok(r);
  auto inq = r.json()["steps"].back();
  EXPECT_EQ(inq["content"]["inspectors"].size(), 2u);
  EXPECT_FALSE(inq["content"]["inspectors"][0]["certificate_no"].get<std::string>().empty());
  // On-site inspection with its video (REC-10); evidence of another case is refused.
  int64_t video = evidence(insp, id, "video");
  r = step(insp, id, "onsite_inspection", with(signed_(), {{"place", "车间"}, {"findings", "台账缺失"}, {"certificates_shown", true}}),
           "2026-07-11");
  EXPECT_TRUE(has(missing(r), "现场录音录像")) << r.body;
  ok(step(insp, id, "onsite_inspection", with(signed_(), {{"place", "车间"}, {"findings", "台账缺失"}, {"certificates_shown", true}}),
          "2026-07-11", {video}));
  r = step(insp, id, "evidence_preservation",
           with(signed_(), {{"reason", "防止灭失"}, {"items", "台账"}, {"place", "档案室"}, {"certificates_shown", true}}), "2026-07-12", {video});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json()["error"]["details"]["field"], "content.custodian");
  ok(step(insp, id, "evidence_preservation",
          with(signed_(), {{"reason", "防止灭失"}, {"items", "台账"}, {"place", "档案室"}, {"custodian", "李某"}, {"certificates_shown", true}}),
          "2026-07-12", {video}));

  // Rights, statement, its review, the hearing (REC-8, REC-16).
  ok(step(insp, id, "rights_notice", with(signed_(), {{"proposed", "拟罚款"}, {"rights", "陈述申辩听证"}, {"manner", "书面"}}), "2026-09-01"));
  ok(step(insp, id, "statement", with(signed_(), {{"content", "数据系误填"}, {"hearing_requested", true}}), "2026-09-02"));
  r = insp.post(base + "/decision", {{"content", {{"decision_kind", "penalty"}, {"amount_fen", 100000}, {"facts", "x"}, {"basis", "y"}}}});
  EXPECT_TRUE(has(missing(r), "陈述申辩复核意见")) << r.body;
  ok(step(insp, id, "statement_review", {{"reviewer", "秦雪梅"}, {"adopted", false}, {"reason", "与台账不符"}}, "2026-09-03"));
  // 7 working days (国庆 2026): served Mon 09-28, the earliest hearing is 10-13, not 10-05.
  r = step(insp, id, "hearing_notice", {{"served_on", "2026-09-28"}, {"hearing_on", "2026-10-12"}, {"place", "三楼"}}, "2026-09-28");
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.code(), "case.hearing_notice_late");
  EXPECT_EQ(r.json()["error"]["details"]["earliest"], "2026-10-13");
  ok(step(insp, id, "hearing_notice", {{"served_on", "2026-09-28"}, {"hearing_on", "2026-10-13"}, {"place", "三楼"}}, "2026-09-28"));
  r = insp.post(base + "/decision", {{"content", {{"decision_kind", "penalty"}, {"amount_fen", 100000}, {"facts", "x"}, {"basis", "y"}}}});
  EXPECT_TRUE(has(missing(r), "听证笔录")) << r.body;
  int64_t hearing_av = evidence(insp, id, "audio");
  ok(step(insp, id, "hearing_record", with(signed_(), {{"host", "郑律"}, {"content", "听证"}}), "2026-10-13", {hearing_av}));

  // The hearing makes the decision major (REV-1): refused until its legal review passed
  // (tests/api/review_api_test.cpp tries every path; here the review is recorded as it happened).
  r = insp.post(base + "/decision", {{"content", {{"decision_kind", "penalty"}, {"amount_fen", 5000000}, {"facts", "虚报"}, {"basis", "统计法"}}},
                                      {"done_on", "2026-10-14"}});
  EXPECT_EQ(r.code(), "review.required") << r.body;
  auto sub = insp.post(base + "/review-submissions",
                       {{"proposal", {{"decision_kind", "penalty"}, {"amount_fen", 5000000}, {"violation", "false_data"}, {"party_class", "org"},
                                      {"facts", "虚报"}, {"basis", "统计法"}}},
                        {"materials", {{"investigation_report", evidence(insp, id, "document")}, {"draft_decision", evidence(insp, id, "document")},
                                       {"evidence", evidence(insp, id, "photo")}}},
                        {"done_on", "2026-10-13"}});
  ASSERT_EQ(sub.status, 201) << sub.body;
  const std::string rv = "/api/v1/reviews/" + std::to_string(sub.json()["id"].get<int64_t>());
  auto legal = as("hz_reviewer");
  ASSERT_EQ(legal.post(rv + "/assign", {{"reviewer_user_id", user("hz_reviewer")}}).status, 200);
  json points = json::array();
  for (const char* pt : {"subject", "qualification", "procedure", "facts", "evidence", "law", "discretion", "authority", "documents", "referral"})
    points.push_back({{"point", pt}, {"result", "ok"}, {"comment", "符合"}});
  ASSERT_EQ(legal.post(rv + "/opinion", {{"findings", points}, {"outcome", "agree"}, {"opinion", "同意"}, {"done_on", "2026-10-14"}}).status, 200);

  // The decision: a penalty needs its amount in fen.
  r = insp.post(base + "/decision", {{"content", {{"decision_kind", "penalty"}, {"facts", "x"}, {"basis", "y"}}}, {"done_on", "2026-10-14"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json()["error"]["details"]["field"], "content.amount_fen");
  r = insp.post(base + "/decision", {{"content", {{"decision_kind", "penalty"}, {"amount_fen", 5000000}, {"facts", "虚报"}, {"basis", "统计法"}}},
                                      {"done_on", "2026-10-14"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["state"], "decided");
  // Opened 07-03: 90 days end on 10-01, a holiday, so 10-08; decided 10-14 is late.
  auto d90 = deadline(r.json(), "decision_90");
  EXPECT_EQ(d90["due"], "2026-10-08");
  EXPECT_EQ(d90["status"], "done_late");
  EXPECT_EQ(step(insp, id, "decision_approval", {{"approved", true}, {"opinion", "同意"}}).status, 403);
  ok(step(head, id, "decision_approval", {{"approved", true}, {"opinion", "同意"}}, "2026-10-15"));

  // Service by mail (REC-14), then execution (REC-15).
  r = step(insp, id, "service_mail", {{"tracking_no", "EMS1234567890"}}, "2026-10-16");
  EXPECT_TRUE(has(missing(r), "邮寄凭单及回执")) << r.body;
  ok(step(insp, id, "service_mail", {{"tracking_no", "EMS1234567890"}}, "2026-10-16", {evidence(insp, id, "document")}));
  EXPECT_EQ(unit.get(base).json()["state"], "executing");
  r = step(insp, id, "court_enforcement", {{"court", "西湖区人民法院"}, {"result", "受理"}}, "2026-10-20");
  EXPECT_TRUE(has(missing(r), "催告书")) << r.body;
  ok(step(insp, id, "performance", {{"content", "已缴纳罚款"}, {"paid_fen", 5000000}}, "2026-10-20"));
  EXPECT_EQ(step(archivist, id, "archive", {{"volume", "A-1"}, {"retention", "永久"}}).code(), "case.step_not_allowed");
  ok(step(head, id, "closing_approval", {{"summary", "罚款已缴"}, {"opinion", "同意结案"}}, "2026-10-20"));

  // The file: every step in order with its evidence; the read is on the record (REC-22).
  int64_t reads = count("SELECT COUNT(*) FROM ledger_entries WHERE subject_kind = 'case' AND subject_id = '" + std::to_string(id) +
                        "' AND action LIKE '%read%'");
  auto file = archivist.get(base + "/file");
  ASSERT_EQ(file.status, 200) << file.body;
  auto fj = file.json();
  EXPECT_TRUE(fj["complete"].get<bool>()) << fj["missing"];
  EXPECT_EQ(fj["toc"].size(), unit.get(base).json()["steps"].size());
  EXPECT_EQ(fj["toc"][0]["kind"], "plan_approval");
  EXPECT_EQ(fj["toc"][0]["no"], 1);
  bool video_listed = false;
  for (const auto& s : fj["toc"])
    for (const auto& e : s["evidence"]) video_listed = video_listed || (e["id"] == video && e["kind"] == "video");
  EXPECT_TRUE(video_listed);
  EXPECT_EQ(count("SELECT COUNT(*) FROM ledger_entries WHERE subject_kind = 'case' AND subject_id = '" + std::to_string(id) +
                  "' AND action LIKE '%read%'"),
            reads + 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM evidence_items WHERE owner_kind = 'case' AND owner_id = '" + std::to_string(id) +
                  "' AND retention <> 'permanent'"),
            0);  // REC-19: a general-procedure case's evidence is kept forever

  // Archive (closed 10-20: due 11-19) — late today; then read-only.
  EXPECT_EQ(step(insp, id, "archive", {{"volume", "A-1"}, {"retention", "永久"}}).status, 403);
  r = step(archivist, id, "archive", {{"volume", "A-1"}, {"retention", "永久"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["state"], "archived");
  EXPECT_EQ(r.json()["steps"].back()["late"], time::today_shanghai() > *time::parse_date("2026-11-19"));
  EXPECT_TRUE(r.json()["actions"].empty());
  EXPECT_EQ(step(insp, id, "performance", {{"content", "补记"}}).code(), "case.archived");
  EXPECT_EQ(unit.post(base + "/handlers", {{"user_ids", {user("hz_insp1"), user("hz_insp3")}}}).code(), "case.archived");
  auto up = insp.request("POST", "/api/v1/evidence?kind=photo&title=p&filename=p.jpg&owner_kind=case&owner_id=" + std::to_string(id) +
                                     "&captured_at=" + time::to_iso(time::now()),
                         "late photo", {{"Content-Type", "image/jpeg"}});
  EXPECT_EQ(up.code(), "case.archived") << up.body;
  EXPECT_EQ(verify_problem(), "");
}

// R: REC-14 — every service method with the record it requires, each refused by name without it.
TEST_F(CasesApi, EveryServiceMethodRequiresItsRecord) {
  auto unit = as("hz_unit_head");
  auto head = as("hz_head");
  auto insp = as("hz_insp1");
  int64_t id = to_approved(insp, unit, head);
  struct Method {
    const char* kind;
    json content;
    const char* missing;
    const char* evidence_kind;
  };
  const Method methods[] = {
      {"service_direct", {{"receiver", "王某"}}, "签收的送达回证", "document"},
      {"service_mail", {{"tracking_no", "XA123"}}, "邮寄凭单及回执", "photo"},
      {"service_residence", {{"refusal_reason", "拒收"}, {"witnesses", "社区干部张某、李某"}}, "留置送达录音录像", "video"},
      {"service_entrusted", {{"reason", "当事人在外地"}, {"via", "宁波市统计局"}}, "送达回证", "document"},
      {"service_announcement", {{"why_failed", "下落不明"}, {"medium", "局门户网站"}}, "公告截图", "photo"},
  };
  for (const auto& mth : methods) {
    auto r = step(insp, id, mth.kind, mth.content, "2026-09-28");
    EXPECT_EQ(r.status, 409) << mth.kind;
    EXPECT_EQ(missing(r), std::vector<std::string>{mth.missing}) << r.body;
    auto field = mth.content.begin().key();
    auto partial = mth.content;
    partial.erase(field);
    EXPECT_EQ(step(insp, id, mth.kind, partial, "2026-09-28").json()["error"]["details"]["field"], "content." + field);
    ok(step(insp, id, mth.kind, mth.content, "2026-09-28", {evidence(insp, id, mth.evidence_kind)}));
  }
  auto k = unit.get("/api/v1/cases/" + std::to_string(id)).json();
  EXPECT_EQ(k["state"], "executing");
  // Approved Thu 09-24: 7 working days skip 中秋 and 国庆 -> Mon 10-12; served 09-28.
  auto sv = deadline(k, "service");
  EXPECT_EQ(sv["due"], "2026-10-12");
  EXPECT_EQ(sv["status"], "done");
  // Execution records (REC-15): an interview needs its recording.
  auto r = step(insp, id, "interview", {{"interviewee", "法定代表人"}, {"content", "约谈"}}, "2026-10-09");
  EXPECT_EQ(missing(r), std::vector<std::string>{"约谈录音录像"});
  ok(step(insp, id, "interview", {{"interviewee", "法定代表人"}, {"content", "约谈"}}, "2026-10-09", {evidence(insp, id, "video")}));
  ok(step(insp, id, "demand_notice", {{"content", "限期缴纳"}, {"served_on", "2026-10-10"}}, "2026-10-10"));
  ok(step(insp, id, "court_enforcement", {{"court", "西湖区人民法院"}, {"result", "已执行"}}, "2026-10-30"));
  EXPECT_EQ(verify_problem(), "");
}

// R: REC-13 — the simple procedure's seven items; audio/video where a dispute is likely.
TEST_F(CasesApi, SimpleProcedureRecordsTheSevenItems) {
  auto insp = as("hz_insp1");
  auto head = as("hz_head");
  auto archivist = as("hz_archivist");
  int64_t id = open_case(insp, "simple");
  auto unit = as("hz_unit_head");
  EXPECT_EQ(step(unit, id, "plan_approval", {}).code(), "case.step_not_allowed");
  auto r = step(insp, id, "simple_record", {{"facts_basis", "事实清楚"}});
  EXPECT_EQ(r.status, 422);
  auto m = missing(r);
  EXPECT_EQ(m, (std::vector<std::string>{"实施的程序步骤及法定文书", "当事人陈述、申辩记录", "陈述申辩的复核及处理、是否采纳的理由",
                                         "向所属行政机关备案的内容"}));
  json items = {{"facts_basis", "事实清楚，统计法第四十一条"}, {"steps_documents", "出示证件、告知、当场决定书"},
                {"statements", "无异议"}, {"statement_review", "无需复核"}, {"filing", "已报法规科备案"},
                {"fine_collection", "当场收缴 50 元"}, {"amount_fen", 5000}, {"dispute_likely", true},
                {"certificates_shown", true}, {"party_signed", true}};
  r = step(insp, id, "simple_record", items);
  EXPECT_EQ(missing(r), std::vector<std::string>{"简易程序录音录像"});
  items["dispute_likely"] = false;
  ok(step(insp, id, "simple_record", items));
  EXPECT_EQ(archivist.post("/api/v1/cases/" + std::to_string(id) + "/steps", {{"kind", "closing_approval"}}).status, 403);
  ok(step(head, id, "closing_approval", {{"summary", "当场缴纳"}, {"opinion", "同意"}}));
  ok(step(archivist, id, "archive", {{"volume", "S-1"}, {"retention", "10年"}}));
  EXPECT_EQ(count("SELECT COUNT(*) FROM cases WHERE id = " + std::to_string(id) + " AND state = 'archived'"), 1);
  EXPECT_EQ(verify_problem(), "");
}

// R: REC-1, REC-2 — an emergency start must be followed by the opening approval within 24 hours;
// a later approval is recorded and flagged late.
TEST_F(CasesApi, EmergencyStartLateApprovalIsFlagged) {
  auto unit = as("hz_unit_head");
  auto head = as("hz_head");
  for (int hours : {30, 1}) {
    int64_t id = open_case(unit, "general");
    auto started = time::to_iso(time::now() - std::chrono::hours(hours));
    auto r = step(unit, id, "emergency_start", {{"reason", "当事人正在销毁台账"}, {"started_at", started}});
    ASSERT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(r.json()["state"], "investigating");
    EXPECT_EQ(deadline(r.json(), "emergency_approval")["status"], hours > 24 ? "overdue" : "due_soon");
    ok(step(unit, id, "plan_approval", {{"basis", "b"}, {"period", "p"}, {"scope", "s"}, {"content", "c"}, {"organisation", "o"}, {"opinion", "同意"}}));
    r = step(head, id, "opening_approval", {{"reason", "补办"}, {"opinion", "同意"}});
    ASSERT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(r.json()["steps"].back()["late"], hours > 24);
    EXPECT_EQ(deadline(r.json(), "emergency_approval")["status"], hours > 24 ? "done_late" : "done");
  }
  // An emergency start in the future is refused.
  int64_t id = open_case(unit, "general");
  auto r = step(unit, id, "emergency_start", {{"reason", "x"}, {"started_at", time::to_iso(time::now() + std::chrono::hours(2))}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json()["error"]["details"]["field"], "content.started_at");
}

// R: REC-17, INF-1 — deadlines through the calendar: 30 days after closing on 09-01 end on 10-01,
// a holiday, so 10-08; a case opened today has its 90 days in 2027, which the calendar lacks:
// unknown, never guessed. The bureau's list shows overdue and unknown ones.
TEST_F(CasesApi, DeadlinesCountThroughTheCalendar) {
  auto insp = as("hz_insp1");
  auto head = as("hz_head");
  auto unit = as("hz_unit_head");
  int64_t simple = open_case(insp, "simple");
  ok(step(insp, simple, "simple_record",
          {{"facts_basis", "a"}, {"steps_documents", "b"}, {"statements", "c"}, {"statement_review", "d"}, {"filing", "e"},
           {"certificates_shown", true}, {"party_signed", true}},
          "2026-09-01"));
  auto r = step(head, simple, "closing_approval", {{"summary", "s"}, {"opinion", "同意"}}, "2026-09-01");
  ASSERT_EQ(r.status, 201) << r.body;
  auto a30 = deadline(r.json(), "archive_30");
  EXPECT_EQ(a30["due"], "2026-10-08");
  EXPECT_EQ(a30["status"], "overdue");

  int64_t general = open_case(unit, "general");
  ok(step(unit, general, "plan_approval", {{"basis", "b"}, {"period", "p"}, {"scope", "s"}, {"content", "c"}, {"organisation", "o"}, {"opinion", "同意"}}));
  r = step(head, general, "opening_approval", {{"reason", "r"}, {"opinion", "同意"}});
  ASSERT_EQ(r.status, 201) << r.body;
  auto d90 = deadline(r.json(), "decision_90");
  const bool past_2026 = time::today_shanghai().plus_days(90).year > 2026;
  EXPECT_EQ(d90["status"], past_2026 ? "unknown" : "pending");
  if (past_2026) {
    EXPECT_TRUE(d90["due"].is_null());
  }

  auto list = head.get("/api/v1/cases/deadlines?bureau_id=" + std::to_string(bureau("330100"))).json()["items"];
  bool overdue = false, unknown = false;
  for (const auto& i : list) {
    overdue = overdue || (i["case_id"] == simple && i["kind"] == "archive_30" && i["status"] == "overdue");
    unknown = unknown || (i["case_id"] == general && i["kind"] == "decision_90" && i["status"] == (past_2026 ? "unknown" : "pending"));
  }
  EXPECT_TRUE(overdue) << list;
  EXPECT_TRUE(unknown) << list;
  auto only = head.get("/api/v1/cases/deadlines?status=overdue").json()["items"];
  for (const auto& i : only) EXPECT_EQ(i["status"], "overdue");
  // Another city's bureau sees none of Hangzhou's deadlines, nor its cases.
  auto nb = as("nb_insp1");
  const json nb_list = nb.get("/api/v1/cases/deadlines").json();
  for (const auto& i : nb_list["items"]) EXPECT_NE(i["case_id"], simple);
  EXPECT_EQ(nb.get("/api/v1/cases/" + std::to_string(simple)).status, 404);
  EXPECT_EQ(nb.get("/api/v1/cases?q=" ).json()["total"], 0);
}

// R: REC-17 — the archive is refused while the file lacks a record, naming it.
TEST_F(CasesApi, ArchiveChecksCompleteness) {
  auto unit = as("hz_unit_head");
  auto head = as("hz_head");
  auto insp = as("hz_insp1");
  auto archivist = as("hz_archivist");
  int64_t id = to_approved(insp, unit, head);
  ok(step(insp, id, "service_direct", {{"receiver", "王某"}}, "2026-09-25", {evidence(insp, id, "document")}));
  ok(step(head, id, "closing_approval", {{"summary", "s"}, {"opinion", "同意"}}, "2026-09-30"));
  auto r = step(archivist, id, "archive", {{"volume", "A-2"}, {"retention", "永久"}});
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.code(), "case.file_incomplete");
  EXPECT_EQ(missing(r), std::vector<std::string>{"履行情况记录或法院强制执行结果"});
  auto file = archivist.get("/api/v1/cases/" + std::to_string(id) + "/file").json();
  EXPECT_FALSE(file["complete"].get<bool>());
  EXPECT_EQ(file["missing"].size(), 1u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM cases WHERE id = " + std::to_string(id) + " AND state = 'closed'"), 1);
}

// R: REC-17, REC-21, REC-22 — every record in a case file is proven: each step of the table of
// contents names its ledger entry, whose offline proof (c2sp tlog-proof) verifies against the
// signed checkpoint with the standalone docs/verify_ledger.py and is an entry of this case; a
// doctored proof is refused by the same verifier.
TEST_F(CasesApi, CaseFileRecordsAreProvenInTheSignedLog) {
  auto unit = as("hz_unit_head");
  auto head = as("hz_head");
  auto insp = as("hz_insp1");
  int64_t id = to_approved(insp, unit, head);
  ok(step(insp, id, "service_direct", {{"receiver", "王某"}}, "2026-09-25", {evidence(insp, id, "document")}));
  {
    // `zhifa serve` signs a checkpoint each second; this server signs when asked.
    auto lease = srv->db()->acquire();
    db::Transaction tx(*lease);
    auto keys = ledger::init_keys(*lease, srv->data_dir(), "");
    ledger::make_checkpoint(*lease, keys);
    tx.commit();
  }
  auto file = insp.get("/api/v1/cases/" + std::to_string(id) + "/file").json();
  ASSERT_GE(file["toc"].size(), 7u);
  test::ScratchDir dir("zhifa-case-file");
  const std::string kf = dir.write("keys.json", Client(srv->port()).get("/api/v1/ledger/keys").body);
  std::string first_proof;
  for (const auto& item : file["toc"]) {
    const std::string seq = std::to_string(item["ledger_seq"].get<int64_t>());
    auto proof = Client(srv->port()).get("/api/v1/ledger/entries/" + seq + "/tlog-proof");
    ASSERT_EQ(proof.status, 200) << item["kind"] << ": " << proof.body;
    if (first_proof.empty()) first_proof = proof.body;
    const std::string pf = dir.write("step-" + seq + ".tlog-proof", proof.body);
    int st = 0;
    std::string out = test::sh(std::string("python3 ") + ZHIFA_SOURCE_DIR + "/docs/verify_ledger.py proof '" + pf + "' --keys '" + kf + "' 2>&1", &st);
    EXPECT_EQ(st, 0) << item["kind"] << ": " << out;
    auto entry = Client(srv->port()).get("/api/v1/ledger/entries/" + seq + "/proof").json()["entry"];
    EXPECT_EQ(entry["action"], "case.step") << entry.dump();
    EXPECT_EQ(entry["subject_kind"], "case") << entry.dump();
    EXPECT_EQ(entry["subject_id"], std::to_string(id)) << entry.dump();
  }
  std::string bad = first_proof;
  bad.replace(bad.find("\nindex "), 7, "\nindex 1");
  int st = 0;
  test::sh(std::string("python3 ") + ZHIFA_SOURCE_DIR + "/docs/verify_ledger.py proof '" + dir.write("bad.tlog-proof", bad) + "' --keys '" + kf + "' 2>&1", &st);
  EXPECT_NE(st, 0);
  EXPECT_EQ(verify_problem(), "");
}

// R: REC-1, ORG-2 — opening a case validates the party's code and the handlers' certificates,
// and writes nothing on error.
TEST_F(CasesApi, OpeningValidatesPartyAndHandlers) {
  auto unit = as("hz_unit_head");
  int64_t before = count("SELECT COUNT(*) FROM cases");
  auto in = new_case("general");
  auto bad = [&](json x, const std::string& field) {
    auto r = unit.post("/api/v1/cases", x);
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(r.json()["error"]["details"]["field"], field) << r.body;
  };
  auto x = in;
  x["party_code"] = "91330100MA2XXXXXX0";
  bad(x, "party_code");
  x = in;
  x["procedure"] = "fast";
  bad(x, "procedure");
  x = in;
  x["handlers"] = {user("hz_insp1"), user("hz_insp2")};  // 许丹 is suspended
  bad(x, "handlers");
  x = in;
  x["handlers"] = {user("hz_insp1"), user("hz_head")};  // not an inspector
  bad(x, "handlers");
  x = in;
  x["source_kind"] = "rumour";
  x["source_id"] = "1";
  bad(x, "source_kind");
  x = in;
  x["party_kind"] = "person";
  x["party_code"] = "11010519491231002X";
  x.erase("handlers");
  EXPECT_EQ(count("SELECT COUNT(*) FROM cases"), before);
  auto r = unit.post("/api/v1/cases", x);
  ASSERT_EQ(r.status, 201) << r.body;
  // Without two certified handlers no investigation step may start.
  int64_t id = r.json()["id"];
  auto head = as("hz_head");
  ok(step(unit, id, "plan_approval", {{"basis", "b"}, {"period", "p"}, {"scope", "s"}, {"content", "c"}, {"organisation", "o"}, {"opinion", "同意"}}));
  r = step(head, id, "opening_approval", {{"reason", "r"}, {"opinion", "o"}});
  EXPECT_EQ(missing(r), std::vector<std::string>{"两名以上持证执法人员（承办人）"});
  auto assigned = unit.post("/api/v1/cases/" + std::to_string(id) + "/handlers", {{"user_ids", {user("hz_insp1"), user("hz_insp3")}}});
  EXPECT_EQ(assigned.status, 200) << assigned.body;
  EXPECT_EQ(as("hz_insp1").post("/api/v1/cases/" + std::to_string(id) + "/handlers", {{"user_ids", {user("hz_insp1")}}}).status, 403);
  ok(step(head, id, "opening_approval", {{"reason", "r"}, {"opinion", "o"}}));
  EXPECT_EQ(as("auditadmin").get("/api/v1/cases").status, 403);
  EXPECT_EQ(verify_problem(), "");
}
