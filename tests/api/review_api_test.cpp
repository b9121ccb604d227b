// The legal review over HTTP on both stores (REV-1..REV-5, REC-12): every path to a decision
// tried without a passed review; the catalogue's versions and its validation; submission with
// the materials checked; a reviewer who handled the case refused; the ten points; the outcomes
// (agree, disagree and the head's coordination, return); the decision held to the reviewed
// proposal; the collective discussion a criterion asks for; a fine outside the bureau's tier;
// the opinion document in the case file with its proof; scope; `ledger verify` after all of it.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "base/time.h"
#include "ledger/checkpoint.h"
#include "support/api_test.h"

using namespace zhifa;
using test::Client;
using test::HttpResult;
using nlohmann::json;

namespace {

class ReviewApi : public test::ApiTest {
protected:
  int64_t user(const std::string& u) { return count("SELECT id FROM users WHERE username = '" + u + "'"); }
  int64_t device(const std::string& serial) { return count("SELECT id FROM evidence_devices WHERE serial_no = '" + serial + "'"); }
  std::string credit_code() {
    auto lease = srv->db()->acquire();
    auto q = lease->prepare("SELECT credit_code FROM survey_objects ORDER BY id LIMIT 1");
    EXPECT_TRUE(q->step());
    return q->row().text(0);
  }
  HttpResult step(Client& c, int64_t id, const std::string& kind, json content, std::vector<int64_t> evidence = {}) {
    return c.post("/api/v1/cases/" + std::to_string(id) + "/steps", {{"kind", kind}, {"content", std::move(content)}, {"evidence_ids", evidence}});
  }
  void ok(const HttpResult& r) { ASSERT_EQ(r.status, 201) << r.body; }
  int64_t evidence(Client& c, int64_t case_id, const std::string& kind, const std::string& title) {
    std::string q = "kind=" + kind + "&title=" + title + "&filename=f.bin&owner_kind=case&owner_id=" + std::to_string(case_id) +
                    "&captured_at=" + time::to_iso(time::now());
    if (kind == "audio" || kind == "video") q += "&device_id=" + std::to_string(device("HZ-ZFJLY-001"));
    auto r = c.request("POST", "/api/v1/evidence?" + q, kind + title + std::to_string(case_id) + q,
                       {{"Content-Type", kind == "video" ? "video/mp4" : kind == "audio" ? "audio/mpeg" : "image/jpeg"}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["id"];
  }
  // A general case of Hangzhou told of the proposed penalty (state notified); with a hearing
  // held when `hearing`.
  int64_t notified_case(Client& insp, Client& unit, Client& head, bool hearing = false) {
    auto r = unit.post("/api/v1/cases", {{"procedure", "general"}, {"party_kind", "org"}, {"party_name", "杭州某某制造有限公司"},
                                         {"party_code", credit_code()}, {"source_kind", "ex_officio"}, {"summary", "涉嫌提供不真实统计资料"},
                                         {"unit_name", "法规执法科"}, {"handlers", {user("hz_insp1"), user("hz_insp3")}}});
    EXPECT_EQ(r.status, 201) << r.body;
    int64_t id = r.json()["id"];
    ok(step(unit, id, "plan_approval",
            {{"basis", "统计法"}, {"period", "本月"}, {"scope", "年报"}, {"content", "核查"}, {"organisation", "两人"}, {"opinion", "同意"}}));
    ok(step(head, id, "opening_approval", {{"reason", "数据异常"}, {"opinion", "同意立案"}}));
    ok(step(insp, id, "rights_notice",
            {{"proposed", "拟罚款"}, {"rights", "陈述、申辩、听证、复议、诉讼"}, {"manner", "书面直接送达"}, {"party_signed", true}}));
    if (hearing) {
      ok(step(insp, id, "statement", {{"content", "申请听证"}, {"hearing_requested", true}, {"party_signed", true}}));
      ok(step(insp, id, "statement_review", {{"reviewer", "何勇"}, {"adopted", false}, {"reason", "理由不成立"}}));
    }
    return id;
  }
  json materials(Client& insp, int64_t id) {
    return {{"investigation_report", evidence(insp, id, "document", "调查终结报告")},
            {"draft_decision", evidence(insp, id, "document", "处罚决定书代拟稿")},
            {"evidence", json::array({evidence(insp, id, "photo", "现场照片")})}};
  }
  static json proposal(int64_t amount_fen) {
    return {{"decision_kind", "penalty"}, {"amount_fen", amount_fen}, {"violation", "false_data"}, {"party_class", "org"},
            {"facts", "虚报2025年营业收入"}, {"basis", "统计法第四十四条"}};
  }
  static json decision(int64_t amount_fen) {
    return {{"content", {{"decision_kind", "penalty"}, {"amount_fen", amount_fen}, {"facts", "虚报"}, {"basis", "统计法"}}}};
  }
  static json all_points(const std::string& result = "ok") {
    json a = json::array();
    for (const char* p : {"subject", "qualification", "procedure", "facts", "evidence", "law", "discretion", "authority", "documents", "referral"})
      a.push_back({{"point", p}, {"result", result}, {"comment", result == "ok" ? "" : "见审核意见"}});
    return a;
  }
  static std::vector<std::string> missing(const HttpResult& r) {
    std::vector<std::string> out;
    const json body = r.json();
    for (const auto& m : body["error"]["details"]["missing"]) out.push_back(m);
    return out;
  }
  static bool mentions(const std::vector<std::string>& v, const std::string& part) {
    return std::any_of(v.begin(), v.end(), [&](const std::string& s) { return s.find(part) != std::string::npos; });
  }
  // Submits, assigns hz_reviewer and concludes with `outcome`; returns the review.
  json reviewed(Client& insp, Client& legal, int64_t id, int64_t amount, const std::string& outcome) {
    auto s = insp.post("/api/v1/cases/" + std::to_string(id) + "/review-submissions", {{"proposal", proposal(amount)}, {"materials", materials(insp, id)}});
    EXPECT_EQ(s.status, 201) << s.body;
    const std::string rid = std::to_string(s.json()["id"].get<int64_t>());
    auto a = legal.post("/api/v1/reviews/" + rid + "/assign", {{"reviewer_user_id", user("hz_reviewer")}});
    EXPECT_EQ(a.status, 200) << a.body;
    auto points = all_points(outcome == "agree" ? "ok" : "problem");
    for (auto& p : points) p["comment"] = "已审查";
    auto o = legal.post("/api/v1/reviews/" + rid + "/opinion", {{"findings", points}, {"outcome", outcome}, {"opinion", "审核意见正文"}});
    EXPECT_EQ(o.status, 200) << o.body;
    return o.json();
  }
  void checkpoint() {
    auto lease = srv->db()->acquire();
    db::Transaction tx(*lease);
    if (!keys_) keys_.emplace(ledger::init_keys(*lease, srv->data_dir(), ""));
    ledger::make_checkpoint(*lease, *keys_);
    tx.commit();
  }
  std::optional<ledger::Keys> keys_;
};

}  // namespace

// R: REV-1 — a decision the catalogue marks major (a hearing was held) is refused on every path
// until its review passed, and the refusal writes nothing; a minor one passes.
TEST_F(ReviewApi, EveryPathToAMajorDecisionNeedsAPassedReview) {
  auto insp = as("hz_insp1");
  auto unit = as("hz_unit_head");
  auto head = as("hz_head");
  int64_t id = notified_case(insp, unit, head, /*hearing=*/true);
  auto hv = evidence(insp, id, "audio", "听证录音");
  ok(step(insp, id, "hearing_notice", {{"served_on", "2026-01-05"}, {"hearing_on", "2026-01-20"}, {"place", "本局"}}));
  ok(step(insp, id, "hearing_record", {{"host", "秦雪梅"}, {"content", "听证"}, {"party_signed", true}}, {hv}));
  const std::string base = "/api/v1/cases/" + std::to_string(id);
  const int64_t entries = count("SELECT COUNT(*) FROM ledger_entries");
  const int64_t steps = count("SELECT COUNT(*) FROM case_steps WHERE case_id = " + std::to_string(id));
  auto r = insp.post(base + "/decision", decision(300000));
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.code(), "review.required");
  EXPECT_TRUE(mentions(missing(r), "法制审核")) << r.body;
  r = insp.post(base + "/steps", {{"kind", "decide"}, {"content", decision(300000)["content"]}});
  EXPECT_EQ(r.code(), "review.required");
  // Even a no-penalty decision: the hearing makes it major.
  r = insp.post(base + "/decision", {{"content", {{"decision_kind", "no_penalty"}, {"facts", "x"}, {"basis", "y"}}}});
  EXPECT_EQ(r.code(), "review.required");
  // The review's own steps cannot be recorded around the review.
  EXPECT_EQ(step(insp, id, "legal_review", {{"outcome", "agree"}, {"findings", "x"}, {"opinion", "y"}, {"reviewer", "z"}}).code(),
            "case.step_internal");
  EXPECT_EQ(step(head, id, "review_coordination", {{"result", "adopt_proposal"}, {"opinion", "y"}}).code(), "case.step_internal");
  EXPECT_EQ(count("SELECT COUNT(*) FROM ledger_entries"), entries);
  EXPECT_EQ(count("SELECT COUNT(*) FROM case_steps WHERE case_id = " + std::to_string(id)), steps);
  auto status = insp.get(base + "/review").json();
  EXPECT_TRUE(status["major"]);
  EXPECT_EQ(status["status"], "required");
  EXPECT_FALSE(status["can_decide"]);

  // A minor decision of another case (no hearing, a small fine) needs no review.
  int64_t minor = notified_case(insp, unit, head);
  EXPECT_EQ(insp.post("/api/v1/cases/" + std::to_string(minor) + "/decision", decision(300000)).status, 201);
  EXPECT_EQ(verify_problem(), "");
}

// R: REV-1, REV-3, REV-4, REV-5 — submission with its materials checked, a handler refused as
// reviewer, the ten points answered, agree; the decision then passes, but only as reviewed; the
// opinion document is in the case file and its proof verifies.
TEST_F(ReviewApi, ReviewedDecisionPassesOnlyAsReviewed) {
  auto insp = as("hz_insp1");
  auto unit = as("hz_unit_head");
  auto head = as("hz_head");
  auto legal = as("hz_reviewer");
  int64_t id = notified_case(insp, unit, head);
  const std::string base = "/api/v1/cases/" + std::to_string(id);
  const int64_t big = 6000000;  // ¥60,000 on an organisation: major in the built-in catalogue
  EXPECT_EQ(insp.post(base + "/decision", decision(big)).code(), "review.required");

  // Materials missing: named, nothing written.
  const int64_t reviews0 = count("SELECT COUNT(*) FROM reviews");
  auto r = insp.post(base + "/review-submissions", {{"proposal", proposal(big)}});
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.code(), "review.materials_incomplete");
  EXPECT_TRUE(mentions(missing(r), "调查终结报告"));
  EXPECT_TRUE(mentions(missing(r), "证据材料"));
  EXPECT_EQ(count("SELECT COUNT(*) FROM reviews"), reviews0);
  r = insp.post(base + "/review-submissions", {{"proposal", json{{"decision_kind", "penalty"}, {"facts", "x"}, {"basis", "y"}}}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json()["error"]["details"]["field"], "proposal.amount_fen");
  // Evidence of another case is not this case's material.
  int64_t other = notified_case(insp, unit, head);
  auto m = materials(insp, id);
  m["draft_decision"] = evidence(insp, other, "document", "别案文书");
  r = insp.post(base + "/review-submissions", {{"proposal", proposal(big)}, {"materials", m}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json()["error"]["details"]["field"], "materials.draft_decision");

  r = insp.post(base + "/review-submissions", {{"proposal", proposal(big)}, {"materials", materials(insp, id)}});
  ASSERT_EQ(r.status, 201) << r.body;
  auto review = r.json();
  const std::string rid = std::to_string(review["id"].get<int64_t>());
  EXPECT_EQ(review["state"], "submitted");
  EXPECT_TRUE(review["major"]);
  EXPECT_FALSE(review["due_on"].is_null());
  EXPECT_EQ(insp.post(base + "/review-submissions", {{"proposal", proposal(big)}, {"materials", materials(insp, id)}}).code(),
            "review.open_exists");
  r = insp.post(base + "/decision", decision(big));
  EXPECT_TRUE(mentions(missing(r), "尚未完成")) << r.body;

  // The reviewer: not a handler of the case, on the roster; only legal affairs assigns.
  EXPECT_EQ(insp.post("/api/v1/reviews/" + rid + "/assign", {{"reviewer_user_id", user("hz_reviewer")}}).status, 403);
  r = legal.post("/api/v1/reviews/" + rid + "/assign", {{"reviewer_user_id", user("hz_insp1")}});
  EXPECT_EQ(r.code(), "review.reviewer_handled_case");
  EXPECT_EQ(r.json()["error"]["details"]["field"], "reviewer_user_id");
  r = legal.post("/api/v1/reviews/" + rid + "/assign", {{"reviewer_user_id", user("hz_archivist")}});
  EXPECT_EQ(r.code(), "review.reviewer_ineligible") << r.body;
  r = legal.post("/api/v1/reviews/" + rid + "/assign", {{"reviewer_user_id", user("hz_reviewer")}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["state"], "assigned");

  // The ten points: all answered, a problem explained, no agreement over a problem.
  const std::string op = "/api/v1/reviews/" + rid + "/opinion";
  EXPECT_EQ(as("zj_reviewer").post(op, {{"findings", all_points()}, {"outcome", "agree"}, {"opinion", "x"}}).code(), "review.not_reviewer");
  auto nine = all_points();
  nine.erase(nine.begin() + 4);
  r = legal.post(op, {{"findings", nine}, {"outcome", "agree"}, {"opinion", "同意"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json()["error"]["details"]["field"], "findings.evidence.result");
  auto bare = all_points();
  bare[3]["result"] = "problem";
  r = legal.post(op, {{"findings", bare}, {"outcome", "disagree"}, {"opinion", "不同意"}});
  EXPECT_EQ(r.json()["error"]["details"]["field"], "findings.facts.comment");
  bare[3]["comment"] = "事实认定依据不足";
  EXPECT_EQ(legal.post(op, {{"findings", bare}, {"outcome", "agree"}, {"opinion", "同意"}}).code(), "review.outcome_conflict");
  auto fine = all_points();
  fine[6]["comment"] = "罚款在法定幅度内，情节严重";
  r = legal.post(op, {{"findings", fine}, {"outcome", "agree"}, {"opinion", "事实清楚，证据确凿，程序合法，同意拟处理意见"}});
  ASSERT_EQ(r.status, 200) << r.body;
  review = r.json();
  EXPECT_TRUE(review["passed"]);
  EXPECT_EQ(review["findings"].size(), 10u);

  // Only the reviewed decision passes.
  r = insp.post(base + "/decision", decision(big + 100000));
  EXPECT_EQ(r.code(), "review.required");
  EXPECT_TRUE(mentions(missing(r), "不一致")) << r.body;
  EXPECT_TRUE(insp.get(base + "/review").json()["passed"]);
  // The decision form asks the same question before it is sent.
  auto ask = insp.get(base + "/review?decision_kind=penalty&amount_fen=" + std::to_string(big + 100000)).json();
  EXPECT_FALSE(ask["can_decide"]);
  EXPECT_TRUE(mentions(ask["blocking"].get<std::vector<std::string>>(), "不一致"));
  EXPECT_TRUE(insp.get(base + "/review?decision_kind=penalty&amount_fen=" + std::to_string(big)).json()["can_decide"]);
  EXPECT_EQ(insp.get(base + "/review?decision_kind=fine").json()["error"]["details"]["field"], "decision_kind");
  ASSERT_EQ(insp.post(base + "/decision", decision(big)).status, 201);

  // The opinion is a step of the case file with its document and its proof.
  auto file = unit.get(base + "/file");
  ASSERT_EQ(file.status, 200) << file.body;
  int64_t opinion_step = 0, seq = 0;
  const json fj = file.json();  // kept alive: the loop walks into it
  for (const auto& s : fj["toc"])
    if (s["kind"] == "legal_review") {
      opinion_step = s["id"];
      seq = s["ledger_seq"];
    }
  ASSERT_GT(opinion_step, 0) << file.body;
  checkpoint();
  auto html = unit.get("/api/v1/documents/case_step/" + std::to_string(opinion_step) + "/case_legal_review.html");
  ASSERT_EQ(html.status, 200) << html.body;
  EXPECT_NE(html.body.find("法制审核意见书"), std::string::npos);
  EXPECT_NE(html.body.find("裁量基准运用是否适当"), std::string::npos);
  EXPECT_EQ(html.headers["x-ledger-seq"], std::to_string(seq));
  EXPECT_EQ(Client(srv->port()).get("/api/v1/ledger/entries/" + std::to_string(seq) + "/tlog-proof").status, 200);
  // The PDF made on the server carries the same text (REC-2).
  auto pdf = unit.get("/api/v1/documents/case_step/" + std::to_string(opinion_step) + "/case_legal_review.pdf");
  ASSERT_EQ(pdf.status, 200) << pdf.body;
  EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-");
  test::ScratchDir dir("zhifa-review");
  const std::string text = test::sh("pdftotext -layout '" + dir.write("o.pdf", pdf.body) + "' -");
  EXPECT_NE(text.find("法制审核意见书"), std::string::npos) << text;
  EXPECT_NE(text.find("秦雪梅"), std::string::npos) << text;
  // REV-5: who submitted, who reviewed — in the ledger under the case.
  EXPECT_GE(count("SELECT COUNT(*) FROM ledger_entries WHERE subject_kind = 'case' AND subject_id = '" + std::to_string(id) +
                  "' AND action IN ('review.submit', 'review.assign', 'review.conclude')"),
            3);
  EXPECT_EQ(verify_problem(), "");
}

// R: REV-4 — a disagreement goes to the head: adopting the review blocks the decision until a
// new submission passes; adopting the proposal lets it through. A return needs a resubmission.
TEST_F(ReviewApi, DisagreementIsCoordinatedByTheHead) {
  auto insp = as("hz_insp1");
  auto unit = as("hz_unit_head");
  auto head = as("hz_head");
  auto legal = as("hz_reviewer");
  const int64_t big = 6000000;
  int64_t id = notified_case(insp, unit, head);
  const std::string base = "/api/v1/cases/" + std::to_string(id);
  auto review = reviewed(insp, legal, id, big, "disagree");
  const std::string coord = "/api/v1/reviews/" + std::to_string(review["id"].get<int64_t>()) + "/coordination";
  EXPECT_TRUE(mentions(missing(insp.post(base + "/decision", decision(big))), "协调"));
  EXPECT_EQ(legal.post(coord, {{"result", "adopt_proposal"}, {"opinion", "x"}}).status, 403);
  EXPECT_EQ(head.post(coord, {{"result", "both"}, {"opinion", "x"}}).json()["error"]["details"]["field"], "result");
  auto r = head.post(coord, {{"result", "adopt_proposal"}, {"opinion", "经协调，采纳承办机构意见"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json()["passed"]);
  EXPECT_EQ(head.post(coord, {{"result", "adopt_review"}, {"opinion", "x"}}).code(), "review.coordinated");
  EXPECT_EQ(insp.post(base + "/decision", decision(big)).status, 201);

  int64_t second = notified_case(insp, unit, head);
  review = reviewed(insp, legal, second, big, "disagree");
  ASSERT_EQ(head.post("/api/v1/reviews/" + std::to_string(review["id"].get<int64_t>()) + "/coordination",
                      {{"result", "adopt_review"}, {"opinion", "采纳法制审核意见"}})
                .status,
            200);
  EXPECT_EQ(insp.post("/api/v1/cases/" + std::to_string(second) + "/decision", decision(big)).code(), "review.required");

  int64_t third = notified_case(insp, unit, head);
  reviewed(insp, legal, third, big, "return");
  auto blocked = missing(insp.post("/api/v1/cases/" + std::to_string(third) + "/decision", decision(big)));
  EXPECT_TRUE(mentions(blocked, "重新送审"));
  reviewed(insp, legal, third, big, "agree");
  EXPECT_EQ(insp.post("/api/v1/cases/" + std::to_string(third) + "/decision", decision(big)).status, 201);
  EXPECT_EQ(verify_problem(), "");
}

// R: REV-2, REC-12 — the catalogue: versions with validation that changes nothing; a city's own
// version replaces the province's; review of every general decision; a collective criterion
// needs the collective discussion with its recording after the review.
TEST_F(ReviewApi, CatalogueVersionsAndCollectiveDiscussion) {
  auto legal = as("hz_reviewer");
  auto insp = as("hz_insp1");
  auto unit = as("hz_unit_head");
  auto head = as("hz_head");
  const int64_t versions = count("SELECT COUNT(*) FROM review_catalogues");
  json bad = {{"review_days", 5},
              {"criteria", {{{"label", "较大数额罚款"}, {"kind", "fine_org"}, {"threshold_fen", 0}}}},
              {"materials", {{{"code", "report"}, {"label", "调查终结报告"}, {"required", true}, {"source", "upload"}}}}};
  auto r = legal.post("/api/v1/review/catalogue", bad);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json()["error"]["details"]["field"], "criteria[0].threshold_fen");
  bad["criteria"][0]["threshold_fen"] = 1000000;
  bad["materials"][0]["source"] = "step:nonsense";
  EXPECT_EQ(legal.post("/api/v1/review/catalogue", bad).json()["error"]["details"]["field"], "materials[0].source");
  EXPECT_EQ(insp.post("/api/v1/review/catalogue", bad).status, 403);
  EXPECT_EQ(count("SELECT COUNT(*) FROM review_catalogues"), versions);

  // Hangzhou's own list: every general decision reviewed; ¥10,000 and more on an organisation
  // also discussed collectively.
  json cat = {{"review_days", 3},
              {"review_all_general", true},
              {"criteria", {{{"label", "对法人或者其他组织处一万元以上罚款"}, {"kind", "fine_org"}, {"threshold_fen", 1000000}, {"collective", true}}}},
              {"materials",
               {{{"code", "investigation_report"}, {"label", "调查终结报告"}, {"required", true}, {"source", "upload"}},
                {{"code", "draft_decision"}, {"label", "决定书代拟稿"}, {"required", true}, {"source", "upload"}},
                {{"code", "evidence"}, {"label", "证据材料"}, {"required", true}, {"source", "upload"}},
                {{"code", "rights_notice"}, {"label", "行政处罚事先告知书"}, {"required", true}, {"source", "step:rights_notice"}}}},
              {"note", "一案一卷一审"}};
  r = legal.post("/api/v1/review/catalogue", cat);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["version"], 1);
  auto now = legal.get("/api/v1/review/catalogue").json();
  EXPECT_EQ(now["review_days"], 3);
  EXPECT_EQ(now["bureau_name"], "杭州市统计局");
  // A district under Hangzhou inherits it; Ningbo does not.
  EXPECT_EQ(as("xh_reviewer").get("/api/v1/review/catalogue").json()["bureau_name"], "杭州市统计局");
  EXPECT_NE(as("nb_reviewer").get("/api/v1/review/catalogue").json()["bureau_name"], "杭州市统计局");
  bool listed = false;
  const json pub = Client(srv->port()).get("/api/v1/public/review/catalogues").json();
  for (const auto& c : pub["items"]) listed = listed || c["note"] == "一案一卷一审";
  EXPECT_TRUE(listed);

  // Now even a small no-penalty decision is reviewed.
  int64_t small = notified_case(insp, unit, head);
  r = insp.post("/api/v1/cases/" + std::to_string(small) + "/decision", {{"content", {{"decision_kind", "no_penalty"}, {"facts", "x"}, {"basis", "y"}}}});
  EXPECT_EQ(r.code(), "review.required");

  // A ¥20,000 fine: reviewed, then the collective discussion with its recording.
  int64_t id = notified_case(insp, unit, head);
  const std::string base = "/api/v1/cases/" + std::to_string(id);
  auto review = reviewed(insp, legal, id, 2000000, "agree");
  EXPECT_TRUE(review["collective_required"]);
  r = insp.post(base + "/decision", decision(2000000));
  EXPECT_TRUE(mentions(missing(r), "集体讨论")) << r.body;
  json minutes = {{"host", "局长"}, {"participants", "局长、副局长、法规执法科"}, {"minutes", "讨论记录"}, {"conclusion", "同意罚款二万元"}};
  r = step(head, id, "collective_discussion", minutes);
  EXPECT_EQ(r.code(), "case.step_requirements");
  EXPECT_TRUE(mentions(missing(r), "录音录像"));
  ok(step(head, id, "collective_discussion", minutes, {evidence(insp, id, "video", "集体讨论录像")}));
  EXPECT_EQ(insp.post(base + "/decision", decision(2000000)).status, 201);
  EXPECT_EQ(verify_problem(), "");
}

// R: REV-3 — a fine outside the bureau's tier: the review shows it and the reviewer must say why
// the discretion is proper.
TEST_F(ReviewApi, FineOutsideTheTierNeedsTheReviewersWord) {
  auto insp = as("hz_insp1");
  auto unit = as("hz_unit_head");
  auto head = as("hz_head");
  auto legal = as("hz_reviewer");
  auto bench = legal.get("/api/v1/review/benchmarks/assess?violation=late_report&party_class=org&amount_fen=100000&date=" +
                         time::today_shanghai().str());
  ASSERT_EQ(bench.status, 200) << bench.body;
  const json tiers = bench.json()["tiers"];
  ASSERT_FALSE(tiers.empty()) << "the demo has Zhejiang's tiers for late reporting";
  const json lowest = tiers[0];
  const int64_t above = lowest["max_fen"].get<int64_t>() + 100000;  // inside the law, above the tier
  int64_t id = notified_case(insp, unit, head);
  json pr = proposal(above);
  pr["violation"] = "late_report";
  pr["tier"] = lowest["code"];
  // Hangzhou reviews every decision here so that this small fine is reviewed at all.
  ASSERT_EQ(legal.post("/api/v1/review/catalogue",
                       {{"review_all_general", true},
                        {"criteria", {{{"label", "行政处罚"}, {"kind", "decision_kind"}, {"decision_kinds", {"penalty"}}}}},
                        {"materials", {{{"code", "evidence"}, {"label", "证据材料"}, {"required", true}, {"source", "upload"}}}}})
                .status,
            201);
  auto r = insp.post("/api/v1/cases/" + std::to_string(id) + "/review-submissions",
                     {{"proposal", pr}, {"materials", {{"evidence", evidence(insp, id, "photo", "证据")}}}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["assessment"]["within_tier"], false);
  EXPECT_EQ(r.json()["assessment"]["within_law"], true);
  EXPECT_EQ(r.json()["assessment"]["rule"]["article"], "第四十五条");
  const std::string rid = std::to_string(r.json()["id"].get<int64_t>());
  ASSERT_EQ(legal.post("/api/v1/reviews/" + rid + "/assign", {{"reviewer_user_id", user("hz_reviewer")}}).status, 200);
  r = legal.post("/api/v1/reviews/" + rid + "/opinion", {{"findings", all_points()}, {"outcome", "agree"}, {"opinion", "同意"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json()["error"]["details"]["field"], "findings.discretion.comment");
  auto points = all_points();
  points[6]["comment"] = "当事人二年内第二次迟报，适用较重档次";
  EXPECT_EQ(legal.post("/api/v1/reviews/" + rid + "/opinion", {{"findings", points}, {"outcome", "agree"}, {"opinion", "同意"}}).status, 200);
}

// R: REV-3 — the fine rule follows the day of the act (APL Art 37): an act before the 2024
// amendment is measured against the 2009 article.
TEST_F(ReviewApi, FineRuleFollowsTheDayOfTheAct) {
  auto insp = as("hz_insp1");
  auto unit = as("hz_unit_head");
  auto head = as("hz_head");
  int64_t id = notified_case(insp, unit, head);
  json pr = proposal(6000000);
  pr["act_on"] = "2024-06-30";
  auto r = insp.post("/api/v1/cases/" + std::to_string(id) + "/review-submissions", {{"proposal", pr}, {"materials", materials(insp, id)}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["assessment"]["rule"]["article"], "第四十一条");
  EXPECT_EQ(r.json()["proposal"]["act_on"], "2024-06-30");
  int64_t other = notified_case(insp, unit, head);
  pr["act_on"] = "2099-01-01";
  r = insp.post("/api/v1/cases/" + std::to_string(other) + "/review-submissions", {{"proposal", pr}, {"materials", materials(insp, other)}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json()["error"]["details"]["field"], "proposal.act_on");
}

// R: REV-5 — the queue is the bureau's: Ningbo's reviewer neither lists nor opens Hangzhou's review.
TEST_F(ReviewApi, QueueIsScopedAndOrderedByDueDate) {
  auto insp = as("hz_insp1");
  auto unit = as("hz_unit_head");
  auto head = as("hz_head");
  int64_t id = notified_case(insp, unit, head);
  auto r = insp.post("/api/v1/cases/" + std::to_string(id) + "/review-submissions", {{"proposal", proposal(6000000)}, {"materials", materials(insp, id)}});
  ASSERT_EQ(r.status, 201) << r.body;
  const int64_t rid = r.json()["id"];
  auto mine = as("hz_reviewer").get("/api/v1/reviews?state=open").json();
  ASSERT_GE(mine["total"].get<int64_t>(), 1);
  EXPECT_EQ(mine["items"][0]["id"], rid);
  EXPECT_TRUE(mine["items"][0]["deadline_state"] == "ok" || mine["items"][0]["deadline_state"] == "due_soon" ||
              mine["items"][0]["deadline_state"] == "unknown");
  auto nb = as("nb_reviewer");
  EXPECT_EQ(nb.get("/api/v1/reviews?state=open").json()["total"], 0);
  EXPECT_EQ(nb.get("/api/v1/reviews/" + std::to_string(rid)).status, 404);
  EXPECT_EQ(insp.get("/api/v1/reviews").status, 403);
  EXPECT_EQ(insp.get("/api/v1/reviews/" + std::to_string(rid)).status, 200);  // the handler sees the review of the case
}
