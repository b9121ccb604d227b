// The disclosure pipeline over HTTP on both stores (PUB-1..PUB-4, PUB-7, PUB-8, PUB-10, PUB-11):
// drafts collected from a case's decision in the step's own transaction, review and publication
// by named people with the refusals, deadlines in working days across National Day, planted
// personal data kept out of everything the public sees, a minor's case withheld, a correction's
// history, the takedown clock, the portal's filters and search, scope and bad input.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "base/codes.h"
#include "base/error.h"
#include "cases/events.h"
#include "publicity/portal.h"
#include "support/api_test.h"

using namespace zhifa;
using test::Client;
using test::HttpResult;
using nlohmann::json;

namespace {

class PublicityApi : public test::ApiTest {
protected:
  int64_t user(const std::string& u) { return count("SELECT id FROM users WHERE username = '" + u + "'"); }
  int64_t bureau(const std::string& code) { return count("SELECT id FROM bureaus WHERE code = '" + code + "'"); }
  std::string credit_code(int n = 0) {
    auto lease = srv->db()->acquire();
    auto q = lease->prepare("SELECT credit_code FROM survey_objects ORDER BY id LIMIT 1 OFFSET " + std::to_string(n));
    EXPECT_TRUE(q->step());
    return q->row().text(0);
  }
  // A valid mainland ID number born on `birth` (YYYYMMDD).
  static std::string id_number(const std::string& birth, const std::string& seq = "123") {
    std::string first17 = "330106" + birth + seq;
    return first17 + codes::id_card_check_char(first17);
  }
  static void ok(const HttpResult& r, int status = 201) { ASSERT_EQ(r.status, status) << r.body; }
  HttpResult step(Client& c, int64_t id, const std::string& kind, json content, const std::string& done_on = "") {
    json body = {{"kind", kind}, {"content", std::move(content)}};
    if (!done_on.empty()) body["done_on"] = done_on;
    return c.post("/api/v1/cases/" + std::to_string(id) + "/steps", body);
  }
  int64_t open_case(Client& c, const std::string& procedure) {
    auto r = c.post("/api/v1/cases", {{"procedure", procedure}, {"party_kind", "org"}, {"party_name", "杭州公示测试制造有限公司"},
                                      {"party_code", credit_code()}, {"source_kind", "ex_officio"}, {"summary", "涉嫌虚报统计资料"},
                                      {"unit_name", "法规执法科"}, {"handlers", {user("hz_insp1"), user("hz_insp3")}}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["id"];
  }
  static json simple_items() {
    return {{"facts_basis", "逾期报送统计资料，统计法第四十一条"}, {"steps_documents", "出示证件、告知、当场决定书"},
            {"statements", "无异议"}, {"statement_review", "无需复核"}, {"filing", "已报法规科备案"},
            {"amount_fen", 5000}, {"dispute_likely", false}, {"certificates_shown", true}, {"party_signed", true}};
  }
  int64_t disclosure_of_case(int64_t case_id) {
    return count("SELECT COALESCE(MAX(id), 0) FROM disclosures WHERE source_kind = 'case' AND source_id = '" + std::to_string(case_id) + "'");
  }
  static json decision(const std::string& date, const std::string& extra = "") {
    return {{"kind", "penalty_decision"},
            {"content",
             {{"object", {{"kind", "org"}, {"name", "杭州公示测试制造有限公司"}, {"credit_code", "91330106MA27XL0F3B"}}},
              {"category", "penalty"},
              {"legal_basis", "《统计法》第四十一条"},
              {"facts", "迟报统计资料" + extra},
              {"conclusion", "给予警告" + extra},
              {"decision_number", "杭统罚决〔2026〕" + extra + "号"},
              {"decision_date", date}}}};
  }
  // A manual draft by `collector`, reviewed by `reviewer`, published by `publisher`; its id.
  int64_t published(Client& collector, Client& reviewer, Client& publisher, const json& body) {
    auto r = collector.post("/api/v1/disclosures", body);
    EXPECT_EQ(r.status, 201) << r.body;
    int64_t id = r.json()["id"];
    const std::string base = "/api/v1/disclosures/" + std::to_string(id);
    EXPECT_EQ(reviewer.post(base + "/review", json::object()).status, 200);
    auto p = publisher.post(base + "/publish", json::object());
    EXPECT_EQ(p.status, 200) << p.body;
    return id;
  }
  static json with_bureau(json b, int64_t id) {
    b["bureau_id"] = id;
    return b;
  }
  static std::set<int64_t> ids(const json& list) {
    std::set<int64_t> out;
    for (const auto& x : list["items"]) out.insert(x["id"].get<int64_t>());
    return out;
  }
};

}  // namespace

// R: PUB-7, PUB-11 — due dates in working days from the calendar's real data: a decision on
// Monday 2026-09-28 crosses National Day (10-01..07 off, Saturday 10-10 worked); a year the
// calendar lacks is "unknown", never guessed; an unpublished decision past its date is overdue.
TEST_F(PublicityApi, DeadlinesCountWorkingDaysAcrossNationalDay) {
  auto pub = as("hz_pub");
  auto r = pub.post("/api/v1/disclosures", decision("2026-09-28", "901"));
  ok(r);
  EXPECT_EQ(r.json()["deadline"]["due"], "2026-10-13");  // 9-29, 9-30, 10-08, 10-09, 10-10, 10-12, 10-13
  EXPECT_EQ(r.json()["deadline"]["period_workdays"], 7);
  EXPECT_EQ(r.json()["deadline"]["status"], "overdue");  // today is after it (the machine's clock is late 2026 or later)
  const int64_t penalty = r.json()["id"];
  json other = decision("2026-09-28", "902");
  other["kind"] = "other_decision";
  other["content"]["category"] = "no_penalty";
  r = pub.post("/api/v1/disclosures", other);
  ok(r);
  EXPECT_EQ(r.json()["deadline"]["due"], "2026-10-30");
  json check = {{"kind", "check_result"},
                {"content",
                 {{"object", {{"name", "杭州某公司"}, {"credit_code", "91330106MA27XL0F3B"}}},
                  {"item", "统计数据质量检查"},
                  {"check_date", "2026-09-28"},
                  {"inspectors", {{{"name", "尤振华"}, {"certificate_no", "33010024001"}}}},
                  {"problems", false},
                  {"result", "未发现问题"}}}};
  r = pub.post("/api/v1/disclosures", check);
  ok(r);
  EXPECT_EQ(r.json()["deadline"]["due"], "2026-10-30");  // PUB-11: 20 working days after the check
  r = pub.post("/api/v1/disclosures", decision("2003-06-02", "903"));
  ok(r);
  EXPECT_TRUE(r.json()["deadline"]["due"].is_null());
  EXPECT_EQ(r.json()["deadline"]["status"], "unknown");

  auto counts = pub.get("/api/v1/disclosures/deadline-counts").json();
  auto overdue = pub.get("/api/v1/disclosures/deadlines?status=overdue").json();
  EXPECT_TRUE(ids(overdue).count(penalty));
  EXPECT_GE(counts["overdue"].get<int64_t>(), 3);
  // Published late: the first publication is after the due date.
  const int64_t late0 = counts["published_late"];
  ok(as("hz_head").post("/api/v1/disclosures/" + std::to_string(penalty) + "/review", json::object()), 200);
  ok(pub.post("/api/v1/disclosures/" + std::to_string(penalty) + "/publish", json::object()), 200);
  auto after = pub.get("/api/v1/disclosures/deadline-counts").json();
  EXPECT_EQ(after["published_late"].get<int64_t>(), late0 + 1);
  EXPECT_EQ(after["overdue"].get<int64_t>(), counts["overdue"].get<int64_t>() - 1);
  EXPECT_EQ(pub.get("/api/v1/disclosures/" + std::to_string(penalty)).json()["deadline"]["status"], "published_late");
  // The dashboard's counts need publicity.read or supervision.read; an inspector has neither.
  EXPECT_EQ(as("hz_insp1").get("/api/v1/disclosures/deadline-counts").status, 403);
  EXPECT_EQ(as("nb_pub").get("/api/v1/disclosures/deadline-counts?bureau_id=" + std::to_string(bureau("330100"))).status, 404);

  // A decision of today is due, not overdue; the counts (summed in SQL over the stored dates) and
  // the lists (each row classified) agree for every status, the undated 2003 row included.
  r = pub.post("/api/v1/disclosures", decision(time::today_shanghai().str(), "904"));
  ok(r);
  EXPECT_EQ(r.json()["deadline"]["status"], "due");
  counts = pub.get("/api/v1/disclosures/deadline-counts").json();
  EXPECT_GE(counts["due"].get<int64_t>(), 1);
  for (const std::string st : {"due", "due_soon", "overdue", "published_late", "takedown_overdue"})
    EXPECT_EQ(pub.get("/api/v1/disclosures/deadlines?status=" + st).json()["items"].size(), counts[st].get<size_t>()) << st;
  EXPECT_EQ(pub.get("/api/v1/disclosures/deadlines?status=unknown").json()["items"].size(), 1u);
  EXPECT_EQ(verify_problem(), "");
}

// R: PUB-1, PUB-2, PUB-7 — the decision's approval collects a draft with the standard structure
// in the step's own transaction; when the step fails after the hook, neither stays.
TEST_F(PublicityApi, DecisionCollectsADraftInTheStepsTransaction) {
  auto unit = as("hz_unit_head");
  auto head = as("hz_head");
  auto insp = as("hz_insp1");
  int64_t id = open_case(unit, "general");
  ok(step(unit, id, "plan_approval",
          {{"basis", "统计法"}, {"period", "2026年7月"}, {"scope", "年报"}, {"content", "核查"}, {"organisation", "两人"}, {"opinion", "同意"}},
          "2026-07-01"));
  ok(step(head, id, "opening_approval", {{"reason", "数据异常"}, {"opinion", "同意立案"}}, "2026-07-03"));
  ok(step(insp, id, "inquiry",
          {{"interviewee", "钱多多（统计员）"}, {"place", "企业会议室"}, {"content", "钱多多称报表由其填报"}, {"certificates_shown", true},
           {"party_signed", true}, {"no_recording_reason", "当事人不同意录音"}},
          "2026-07-10"));
  ok(step(insp, id, "rights_notice",
          {{"proposed", "拟罚款"}, {"rights", "陈述、申辩、听证、复议、诉讼"}, {"manner", "书面直接送达"}, {"party_signed", true}}, "2026-09-01"));
  ok(insp.post("/api/v1/cases/" + std::to_string(id) + "/decision",
               {{"content", {{"decision_kind", "penalty"}, {"amount_fen", 2000000}, {"facts", "虚报营业收入，统计员钱多多承认"}, {"basis", "统计法第四十一条"}}},
                {"done_on", "2026-09-10"}}));
  EXPECT_EQ(disclosure_of_case(id), 0);  // the decision is made when it is approved

  // A hook after publicity's that refuses: the approval, its ledger entry and the draft all vanish.
  const int64_t entries = count("SELECT COUNT(*) FROM ledger_entries");
  const int64_t drafts = count("SELECT COUNT(*) FROM disclosures");
  cases::on_case_step("zz_refuse", [](db::Connection&, const org::Principal&, int64_t, const std::string&, int64_t) {
    throw Error::conflict("test.refused", "测试拒绝");
  });
  auto r = step(head, id, "decision_approval", {{"approved", true}, {"opinion", "同意"}}, "2026-09-28");
  cases::on_case_step("zz_refuse", [](db::Connection&, const org::Principal&, int64_t, const std::string&, int64_t) {});
  EXPECT_EQ(r.code(), "test.refused");
  EXPECT_EQ(count("SELECT COUNT(*) FROM disclosures"), drafts);
  EXPECT_EQ(count("SELECT COUNT(*) FROM ledger_entries"), entries);
  EXPECT_EQ(count("SELECT COUNT(*) FROM case_steps WHERE kind = 'decision_approval' AND case_id = " + std::to_string(id)), 0);

  ok(step(head, id, "decision_approval", {{"approved", true}, {"opinion", "同意"}}, "2026-09-28"));
  const int64_t d = disclosure_of_case(id);
  ASSERT_GT(d, 0);
  auto pub = as("hz_pub");
  auto j = pub.get("/api/v1/disclosures/" + std::to_string(d)).json();
  EXPECT_EQ(j["kind"], "penalty_decision");
  EXPECT_EQ(j["state"], "draft");
  EXPECT_EQ(j["event_date"], "2026-09-28");
  EXPECT_EQ(j["deadline"]["due"], "2026-10-13");
  const json& content = j["working"]["content"];
  EXPECT_EQ(content["body"], "杭州市统计局");
  EXPECT_EQ(content["object"]["name"], "杭州公示测试制造有限公司");
  EXPECT_EQ(content["object"]["credit_code"], credit_code());
  EXPECT_EQ(content["category"], "penalty");
  EXPECT_EQ(content["legal_basis"], "统计法第四十一条");
  EXPECT_EQ(content["amount_fen"], 2000000);
  EXPECT_FALSE(content["decision_number"].get<std::string>().empty());
  EXPECT_EQ(content["decision_date"], "2026-09-28");
  // The interviewee is a natural person the record knows: masked in the text to be reviewed.
  EXPECT_EQ(j["persons"], json::array({"钱多多"}));
  EXPECT_EQ(j["working"]["masked"]["facts"], "虚报营业收入，统计员钱某某承认");
  EXPECT_FALSE(j["working"]["manual"]);
  EXPECT_EQ(j["created_by"]["name"], "杨光明");

  // A simple-procedure decision is collected when it is recorded.
  int64_t s = open_case(insp, "simple");
  ok(step(insp, s, "simple_record", simple_items()));
  EXPECT_GT(disclosure_of_case(s), 0);
  EXPECT_EQ(verify_problem(), "");
}

// R: PUB-1 — collect, review and publish are separate acts by named people; who may do what.
TEST_F(PublicityApi, ReviewAndPublishByNamedPeople) {
  auto pub = as("hz_pub");
  auto head = as("hz_head");
  auto unit = as("hz_unit_head");
  auto insp = as("hz_insp1");
  EXPECT_EQ(insp.post("/api/v1/disclosures", decision("2026-11-02", "11")).status, 403);
  EXPECT_EQ(head.post("/api/v1/disclosures", decision("2026-11-02", "11")).status, 403);
  auto r = unit.post("/api/v1/disclosures", decision("2026-11-02", "11"));
  ok(r);
  const std::string base = "/api/v1/disclosures/" + r.json()["id"].dump();
  EXPECT_TRUE(r.json()["working"]["manual"]);
  EXPECT_EQ(unit.post(base + "/review", json::object()).status, 403);
  EXPECT_EQ(pub.post(base + "/publish", json::object()).code(), "publicity.not_reviewed");
  r = pub.post(base + "/review", {{"note", "核对无误"}});
  ok(r, 200);
  EXPECT_EQ(r.json()["working"]["reviewed_by"]["name"], "施佳");
  EXPECT_EQ(head.post(base + "/publish", json::object()).status, 403);
  EXPECT_EQ(unit.post(base + "/publish", json::object()).status, 403);
  r = pub.post(base + "/publish", json::object());
  ok(r, 200);
  EXPECT_EQ(r.json()["state"], "published");
  EXPECT_EQ(r.json()["current"]["published_by"]["name"], "施佳");
  EXPECT_EQ(r.json()["current"]["collected_by"]["name"], "朱建华");
  // Who collected by hand may not review: the officer's own draft needs the head.
  r = pub.post("/api/v1/disclosures", decision("2026-11-02", "12"));
  ok(r);
  const std::string own = "/api/v1/disclosures/" + r.json()["id"].dump();
  const auto has = [](const json& actions, const char* a) { return std::find(actions.begin(), actions.end(), a) != actions.end(); };
  EXPECT_FALSE(has(pub.get(own).json()["actions"], "review"));  // not offered to whom it would refuse
  EXPECT_TRUE(has(head.get(own).json()["actions"], "review"));
  EXPECT_EQ(pub.post(own + "/review", json::object()).code(), "publicity.self_review");
  ok(head.post(own + "/review", json::object()), 200);
  // Each act is a ledger entry of the disclosure.
  EXPECT_GE(count("SELECT COUNT(*) FROM ledger_entries WHERE subject_kind = 'disclosure' AND subject_id = '" + r.json()["id"].dump() +
                  "' AND action = 'publicity.review'"),
            2);
  EXPECT_EQ(verify_problem(), "");
}

// R: PUB-3 — personal data planted in every text field never reaches the published version or
// the public API; the reviewer sees both and can mask more; the party's own name stays and its
// ID number is masked.
TEST_F(PublicityApi, PlantedPersonalDataNeverPublished) {
  auto pub = as("hz_pub");
  auto head = as("hz_head");
  const std::string party_id = id_number("19850312");
  const std::string witness_id = id_number("19900307", "456");
  const std::string witness_old_id = "330106900307123";
  const std::vector<std::string> planted = {witness_id,      witness_old_id, "13812345678", "139-8765-4321", "0571-87654321",
                                            "6222021234567890123", "6222 0212 3456 7890", "文三路138号5幢601室", "翠苑一区12幢301室",
                                            "李四", "赵小五", party_id, "秘密配方"};
  auto plant = [&](const std::string& head_text, int i) {
    return head_text + "，证人李四（身份证" + witness_id + "，旧证" + witness_old_id + "，手机13812345678、139-8765-4321，电话0571-87654321），" +
           "赵小五住杭州市西湖区文三路138号5幢601室，另住翠苑一区12幢301室，银行账号6222021234567890123及6222 0212 3456 7890，当事人身份证" +
           party_id + "，秘密配方" + std::to_string(i);
  };
  json body = {{"kind", "penalty_decision"},
               {"persons", {"李四", "赵小五"}},
               {"content",
                {{"body", plant("杭州市统计局", 1)},
                 {"object", {{"kind", "person"}, {"name", "王小明"}, {"credit_code", party_id}}},
                 {"category", "penalty"},
                 {"legal_basis", plant("统计法第四十一条", 2)},
                 {"facts", plant("王小明迟报统计资料", 3)},
                 {"conclusion", plant("给予警告", 4)},
                 {"decision_number", plant("杭统罚决〔2026〕21号", 5)},
                 {"decision_date", "2026-11-02"}}}};
  auto r = pub.post("/api/v1/disclosures", body);
  ok(r);
  const std::string base = "/api/v1/disclosures/" + r.json()["id"].dump();
  // The reviewer sees the original beside the masked text.
  EXPECT_NE(r.json()["working"]["content"]["facts"].get<std::string>().find("13812345678"), std::string::npos);
  const std::string masked0 = r.json()["working"]["masked"].dump();
  for (const auto& s : planted) {
    if (s != "秘密配方") {
      EXPECT_EQ(masked0.find(s), std::string::npos) << s << " in " << masked0;
    }
  }
  EXPECT_EQ(r.json()["working"]["masked"]["object"]["credit_code"], party_id.substr(0, 4) + "**********" + party_id.substr(14));
  EXPECT_EQ(r.json()["working"]["masked"]["object"]["name"], "王小明");
  EXPECT_NE(masked0.find("李某"), std::string::npos);
  // The reviewer masks more: the trade secret.
  r = head.post(base + "/review", {{"add_masks", {"秘密配方"}}});
  ok(r, 200);
  ok(pub.post(base + "/publish", json::object()), 200);
  const std::string id = r.json()["id"].dump();
  const std::string listed = pub.get("/api/v1/portal/disclosures?page_size=100").body;
  const std::string one = pub.get("/api/v1/portal/disclosures/" + id).body;
  ASSERT_NE(listed.find("\"id\":" + id), std::string::npos);
  for (const auto& s : planted) {
    EXPECT_EQ(listed.find(s), std::string::npos) << s;
    EXPECT_EQ(one.find(s), std::string::npos) << s;
  }
  EXPECT_NE(one.find("王小明"), std::string::npos);
  // Nor can the search find it by the planted text.
  EXPECT_EQ(pub.get("/api/v1/portal/disclosures?q=13812345678").json()["total"], 0);
  EXPECT_EQ(pub.get("/api/v1/portal/disclosures?q=" + std::string("%E6%96%87%E4%B8%89%E8%B7%AF")).json()["total"], 0);  // 文三路
  // A check result's fields are masked as well; the inspectors (staff) are public.
  json check = {{"kind", "check_result"},
                {"persons", {"李四", "赵小五"}},
                {"content",
                 {{"object", {{"name", "杭州某公司"}, {"credit_code", credit_code()}}},
                  {"item", plant("统计数据质量检查", 6)},
                  {"check_date", "2026-11-02"},
                  {"inspectors", {{{"name", "尤振华"}, {"certificate_no", "33010024001"}}}},
                  {"problems", true},
                  {"result", plant("发现问题", 7)},
                  {"rectification", plant("限期整改", 8)}}}};
  r = pub.post("/api/v1/disclosures", check);
  ok(r);
  const std::string cbase = "/api/v1/disclosures/" + r.json()["id"].dump();
  ok(head.post(cbase + "/review", {{"add_masks", {"秘密配方"}}}), 200);
  ok(pub.post(cbase + "/publish", json::object()), 200);
  const std::string c1 = pub.get("/api/v1/portal/disclosures/" + r.json()["id"].dump()).body;
  for (const auto& s : planted) EXPECT_EQ(c1.find(s), std::string::npos) << s;
  EXPECT_NE(c1.find("尤振华"), std::string::npos);
  EXPECT_NE(c1.find("33010024001"), std::string::npos);
  EXPECT_EQ(verify_problem(), "");
}

// R: PUB-3 — a party under 18 on the decision date: withheld with its reason, never published;
// a case with trade secrets is withheld by its reviewer.
TEST_F(PublicityApi, MinorsAndSecretsAreWithheld) {
  auto pub = as("hz_pub");
  auto head = as("hz_head");
  json body = decision("2026-11-02", "31");
  body["content"]["object"] = {{"kind", "person"}, {"name", "小明"}, {"credit_code", id_number("20100515")}};
  auto r = pub.post("/api/v1/disclosures", body);
  ok(r);
  EXPECT_EQ(r.json()["state"], "withheld");
  EXPECT_NE(r.json()["withheld_reason"].get<std::string>().find("未成年"), std::string::npos);
  const std::string base = "/api/v1/disclosures/" + r.json()["id"].dump();
  EXPECT_EQ(head.post(base + "/review", json::object()).code(), "publicity.withheld");
  EXPECT_EQ(pub.post(base + "/publish", json::object()).code(), "publicity.withheld");
  EXPECT_EQ(pub.get("/api/v1/portal/disclosures/" + r.json()["id"].dump()).status, 404);
  // Eighteen on the decision date: published like anyone else.
  body["content"]["object"]["credit_code"] = id_number("20081102");
  EXPECT_EQ(pub.post("/api/v1/disclosures", body).json()["state"], "draft");
  // Trade secrets: the reviewer withholds with the reason recorded.
  r = pub.post("/api/v1/disclosures", decision("2026-11-02", "32"));
  const std::string s = "/api/v1/disclosures/" + r.json()["id"].dump();
  EXPECT_EQ(as("hz_insp1").post(s + "/withhold", {{"reason_code", "trade_secret"}, {"reason", "x"}}).status, 403);
  r = head.post(s + "/withhold", {{"reason_code", "bogus"}, {"reason", "涉及工艺"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json()["error"]["details"]["field"], "reason_code");
  r = head.post(s + "/withhold", {{"reason_code", "trade_secret"}, {"reason", "涉及企业核心工艺数据"}});
  ok(r, 200);
  EXPECT_EQ(r.json()["state"], "withheld");
  EXPECT_EQ(r.json()["withheld_by"]["name"], "杨光明");
  EXPECT_EQ(r.json()["deadline"]["status"], "withheld");
  EXPECT_EQ(verify_problem(), "");
}

// R: PUB-4 — a correction is a new version; the old one stays public until the correction is
// published, then both are in the history.
TEST_F(PublicityApi, CorrectionKeepsHistory) {
  auto pub = as("hz_pub");
  auto head = as("hz_head");
  int64_t id = published(pub, head, pub, decision("2026-11-03", "41"));
  const std::string base = "/api/v1/disclosures/" + std::to_string(id);
  json content = pub.get(base).json()["current"]["content"];
  content["conclusion"] = "给予警告，并处罚款1000元";
  json moved = content;
  moved["decision_date"] = "2026-11-04";
  auto r = pub.post(base + "/corrections", {{"content", moved}, {"reason", "金额漏列"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json()["error"]["details"]["field"], "content");
  EXPECT_EQ(pub.post(base + "/corrections", {{"content", content}}).json()["error"]["details"]["field"], "reason");
  ok(pub.post(base + "/corrections", {{"content", content}, {"reason", "原公示遗漏罚款金额"}}));
  // Until the correction is published the public sees the first version.
  auto p = pub.get("/api/v1/portal/disclosures/" + std::to_string(id)).json();
  EXPECT_EQ(p["version"], 1);
  EXPECT_EQ(p["history"].size(), 1u);
  // The labels come with the record (the portal has no login for GET /disclosures/spec).
  EXPECT_EQ(p["fields"], pub.get("/api/v1/disclosures/spec").json()[p["kind"].get<std::string>()]["fields"]);
  ok(head.post(base + "/review", json::object()), 200);
  ok(pub.post(base + "/publish", json::object()), 200);
  p = pub.get("/api/v1/portal/disclosures/" + std::to_string(id)).json();
  EXPECT_EQ(p["version"], 2);
  EXPECT_TRUE(p["corrected"]);
  EXPECT_EQ(p["content"]["conclusion"], "给予警告，并处罚款1000元");
  ASSERT_EQ(p["history"].size(), 2u);
  EXPECT_EQ(p["history"][0]["state"], "published");
  EXPECT_EQ(p["history"][0]["correction_reason"], "原公示遗漏罚款金额");
  EXPECT_EQ(p["history"][1]["state"], "corrected");
  EXPECT_EQ(p["history"][1]["content"]["conclusion"], "给予警告41");
  // Timeliness counts the first publication.
  EXPECT_EQ(pub.get(base).json()["first_published_on"], p["published_on"]);
  EXPECT_EQ(verify_problem(), "");
}

// R: PUB-8 — a revoked decision must come down within 7 working days of the revocation; past
// that it is overdue; the takedown is a recorded act and the portal no longer shows it.
TEST_F(PublicityApi, RevokedDecisionTakedownClock) {
  auto pub = as("hz_pub");
  auto head = as("hz_head");
  int64_t id = published(pub, head, pub, decision("2026-09-01", "51"));
  const std::string base = "/api/v1/disclosures/" + std::to_string(id);
  const int64_t overdue0 = pub.get("/api/v1/disclosures/deadline-counts").json()["takedown_overdue"];
  auto r = pub.post(base + "/revocation", {{"kind", "revoked"}, {"event_date", "2026-08-01"}, {"reason", "复议撤销"}, {"document", "复议决定书"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json()["error"]["details"]["field"], "event_date");
  EXPECT_EQ(pub.post(base + "/revocation", {{"kind", "gone"}, {"event_date", "2026-09-28"}, {"reason", "x"}, {"document", "y"}})
                .json()["error"]["details"]["field"],
            "kind");
  EXPECT_EQ(head.post(base + "/revocation", {{"kind", "revoked"}, {"event_date", "2026-09-28"}, {"reason", "x"}, {"document", "y"}}).status, 403);
  r = pub.post(base + "/revocation",
               {{"kind", "revoked"}, {"event_date", "2026-09-28"}, {"reason", "经行政复议撤销"}, {"document", "杭政复〔2026〕9号"}});
  ok(r, 200);
  EXPECT_EQ(r.json()["deadline"]["takedown"]["due"], "2026-10-13");
  EXPECT_EQ(r.json()["deadline"]["takedown"]["status"], "overdue");
  EXPECT_EQ(pub.get("/api/v1/disclosures/deadline-counts").json()["takedown_overdue"].get<int64_t>(), overdue0 + 1);
  EXPECT_TRUE(ids(pub.get("/api/v1/disclosures/deadlines?status=takedown_overdue").json()).count(id));
  EXPECT_EQ(pub.get("/api/v1/portal/disclosures/" + std::to_string(id)).status, 200);  // still up until taken down
  EXPECT_EQ(head.post(base + "/takedown", json::object()).status, 403);
  r = pub.post(base + "/takedown", json::object());
  ok(r, 200);
  EXPECT_EQ(r.json()["state"], "withdrawn");
  EXPECT_EQ(r.json()["deadline"]["takedown"]["status"], "done_late");
  EXPECT_EQ(r.json()["withdrawn_by"]["name"], "施佳");
  EXPECT_EQ(pub.get("/api/v1/portal/disclosures/" + std::to_string(id)).status, 404);
  EXPECT_FALSE(ids(pub.get("/api/v1/portal/disclosures?page_size=100").json()).count(id));
  EXPECT_EQ(pub.get("/api/v1/disclosures/deadline-counts").json()["takedown_overdue"].get<int64_t>(), overdue0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM ledger_entries WHERE action = 'publicity.takedown' AND subject_id = '" + std::to_string(id) + "'"), 2);
  EXPECT_EQ(verify_problem(), "");
}

// R: PUB-10 — the public query: published current versions only, filters by bureau, division,
// year and kind, text search of 3+ characters (FTS5 trigram / pg_trgm) and of 1-2 characters
// (LIKE); the same rows on both stores (the expectations below are exact on each).
TEST_F(PublicityApi, PortalQueryFiltersAndSearch) {
  auto pub = as("hz_pub");
  auto head = as("hz_head");
  auto xh = as("xh_pub");
  auto xh_head = as("xh_head");
  Client anon(srv->port());
  int64_t a = published(pub, head, pub, decision("2026-11-05", "甲乙丙丁ABC"));
  json other = decision("2025-06-03", "戊己庚xyz");
  other["kind"] = "other_decision";
  other["content"]["category"] = "other";
  int64_t b = published(pub, head, pub, other);
  int64_t x = published(xh, xh_head, xh, decision("2026-11-05", "西湖辛壬"));
  auto draft = pub.post("/api/v1/disclosures", decision("2026-11-05", "甲乙丙丁草稿"));
  ok(draft);
  auto find = [&](const std::string& query) { return ids(anon.get("/api/v1/portal/disclosures?page_size=100&" + query).json()); };
  EXPECT_EQ(find("q=%E7%94%B2%E4%B9%99%E4%B8%99"), std::set<int64_t>({a}));  // 甲乙丙: trigram, the draft not included
  EXPECT_EQ(find("q=%E7%94%B2%E4%B9%99"), std::set<int64_t>({a}));            // 甲乙: 2 characters, LIKE
  EXPECT_EQ(find("q=%E6%88%8A"), std::set<int64_t>({b}));                     // 戊: 1 character
  EXPECT_EQ(find("q=abc"), std::set<int64_t>({a}));                           // Latin, either case
  EXPECT_EQ(find("q=XYZ"), std::set<int64_t>({b}));
  EXPECT_EQ(find("q=AB"), std::set<int64_t>({a}));                           // 2 Latin letters: the bigram index, either case
  EXPECT_EQ(find("q=yZ"), std::set<int64_t>({b}));
  EXPECT_EQ(find("q=%E3%80%95%E7%94%B2"), std::set<int64_t>({a}));            // 〕甲: punctuation, walked
  EXPECT_EQ(find("q=%E4%B9%99%E4%B8%81"), std::set<int64_t>());              // 乙丁: both in 甲乙丙丁, not side by side
  EXPECT_EQ(find("q=%25"), std::set<int64_t>());                              // %: a character, not a wildcard
  EXPECT_EQ(find("q=%E8%BE%9B%E5%A3%AC&kind=penalty_decision"), std::set<int64_t>({x}));
  auto year = find("year=2025");
  EXPECT_TRUE(year.count(b));
  EXPECT_FALSE(year.count(a));
  auto kind = find("kind=other_decision");
  EXPECT_TRUE(kind.count(b));
  EXPECT_FALSE(kind.count(a));
  auto west = find("bureau_id=" + std::to_string(bureau("330106")));
  EXPECT_TRUE(west.count(x));
  EXPECT_FALSE(west.count(a));
  auto div = find("division=330100");
  EXPECT_TRUE(div.count(a) && div.count(x));
  EXPECT_TRUE(find("division=330200").empty() || !find("division=330200").count(a));
  auto list = anon.get("/api/v1/portal/disclosures?q=%E7%94%B2%E4%B9%99%E4%B8%99").json();
  EXPECT_EQ(list["total"], 1);
  EXPECT_EQ(list["items"][0]["bureau"]["name"], "杭州市统计局");
  EXPECT_FALSE(list["items"][0]["content"].contains("persons"));
  EXPECT_EQ(anon.get("/api/v1/portal/disclosures/" + draft.json()["id"].dump()).status, 404);
  EXPECT_EQ(anon.get("/api/v1/portal/disclosures?year=abc").status, 422);
  EXPECT_EQ(anon.get("/api/v1/portal/disclosures?kind=bogus").json()["error"]["details"]["field"], "kind");
  // Paging.
  auto p1 = anon.get("/api/v1/portal/disclosures?page_size=1&page=1").json();
  auto p2 = anon.get("/api/v1/portal/disclosures?page_size=1&page=2").json();
  EXPECT_GE(p1["total"].get<int64_t>(), 3);
  EXPECT_NE(p1["items"][0]["id"], p2["items"][0]["id"]);
}

// R: PUB-10 — at a million rows the portal counts exactly only up to a cap and pages only as far
// as it; a text held by more rows than the cap is found by walking the order index, a rarer one
// through the trigram index (on SQLite the two are chosen by asking the trigram index first).
// Both paths give the same rows in the same order; the cap is lowered here to make both happen.
TEST_F(PublicityApi, PortalTotalCappedAndBothSearchPaths) {
  auto pub = as("hz_pub");
  auto head = as("hz_head");
  std::vector<int64_t> common;
  for (int i = 0; i < 6; ++i) common.push_back(published(pub, head, pub, decision("2026-11-0" + std::to_string(i + 1), "鹏程钛业")));
  int64_t rare = published(pub, head, pub, decision("2026-11-09", "鹏程钨业"));
  std::sort(common.rbegin(), common.rend());  // published the same day: the latest id first
  auto lease = srv->db()->acquire();
  auto list = [&](const std::string& q, int64_t cap, int64_t page, int64_t size = 2) {
    publicity::PortalFilter f;
    f.q = q;
    f.total_cap = cap;
    f.page = page;
    f.page_size = size;
    return publicity::portal_list(*lease, f);
  };
  auto page_ids = [](const json& l) {
    std::vector<int64_t> out;
    for (const auto& x : l["items"]) out.push_back(x["id"].get<int64_t>());
    return out;
  };
  for (std::string q : {"鹏程钛业", "钛业", "钛"}) {
    SCOPED_TRACE(q);
    // More rows than the cap (the walk): the total stops at the cap, the last page is short.
    auto p1 = list(q, 3, 1), p2 = list(q, 3, 2);
    EXPECT_EQ(p1["total"], 3);
    EXPECT_EQ(p1["total_capped"], true);
    EXPECT_EQ(page_ids(p1), std::vector<int64_t>({common[0], common[1]}));
    EXPECT_EQ(page_ids(p2), std::vector<int64_t>({common[2]}));
    try {
      list(q, 3, 3);
      ADD_FAILURE() << "a page past the cap was served";
    } catch (const Error& e) {
      EXPECT_EQ(e.details().value("field", ""), "page");
    }
    // No more rows than the cap (the trigram index at 3+ characters): exact and in the same order.
    auto all = list(q, 10, 1, 10);
    EXPECT_EQ(all["total"], 6);
    EXPECT_EQ(all["total_capped"], false);
    EXPECT_EQ(page_ids(all), common);
  }
  auto one = list("鹏程钨业", 3, 1);
  EXPECT_EQ(one["total"], 1);
  EXPECT_EQ(one["total_capped"], false);
  EXPECT_EQ(page_ids(one), std::vector<int64_t>({rare}));
  // Over HTTP the cap is 10,000: page 501 of 20 is refused naming `page`, nothing else changes.
  Client anon(srv->port());
  auto r = anon.get("/api/v1/portal/disclosures?page=501");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json()["error"]["details"]["field"], "page");
  auto last = anon.get("/api/v1/portal/disclosures?page=500").json();
  EXPECT_TRUE(last["items"].empty());
  EXPECT_EQ(last["total_capped"], false);
}

// R: PUB-1 — a bureau sees its own and those below it, never a sibling's or its parent's (404);
// bad input is 422 naming the field, with nothing written.
TEST_F(PublicityApi, ScopeAndBadInput) {
  auto pub = as("hz_pub");
  auto nb = as("nb_pub");
  auto xh = as("xh_pub");
  auto r = pub.post("/api/v1/disclosures", decision("2026-11-02", "61"));
  ok(r);
  const std::string id = r.json()["id"].dump();
  EXPECT_EQ(nb.get("/api/v1/disclosures/" + id).status, 404);
  EXPECT_EQ(xh.get("/api/v1/disclosures/" + id).status, 404);
  EXPECT_EQ(nb.post("/api/v1/disclosures/" + id + "/review", json::object()).status, 404);
  auto x = xh.post("/api/v1/disclosures", decision("2026-11-02", "62"));
  ok(x);
  EXPECT_EQ(pub.get("/api/v1/disclosures/" + x.json()["id"].dump()).status, 200);
  EXPECT_EQ(xh.post("/api/v1/disclosures", with_bureau(decision("2026-11-02", "63"), bureau("330100"))).status, 404);

  const int64_t rows = count("SELECT COUNT(*) FROM disclosures");
  const int64_t entries = count("SELECT COUNT(*) FROM ledger_entries");
  auto field = [&](json body) {
    auto res = pub.post("/api/v1/disclosures", body);
    EXPECT_EQ(res.status, 422) << res.body;
    return res.json()["error"]["details"]["field"].get<std::string>();
  };
  json b = decision("2026-11-02", "64");
  b["content"].erase("legal_basis");
  EXPECT_EQ(field(b), "content.legal_basis");
  b = decision("2026-11-31", "65");
  EXPECT_EQ(field(b), "content.decision_date");
  b = decision("2099-01-01", "65");
  EXPECT_EQ(field(b), "content.decision_date");
  b = decision("2026-11-02", "66");
  b["kind"] = "bogus";
  EXPECT_EQ(field(b), "kind");
  b = decision("2026-11-02", "67");
  b["content"]["object"]["credit_code"] = "123";
  EXPECT_EQ(field(b), "content.object.credit_code");
  b = decision("2026-11-02", "68");
  b["content"]["category"] = "no_penalty";
  EXPECT_EQ(field(b), "content.category");
  b = decision("2026-11-02", "69");
  b["content"]["amount_fen"] = -1;
  EXPECT_EQ(field(b), "content.amount_fen");
  b = decision("2026-11-02", "70");
  b["persons"] = "李四";
  EXPECT_EQ(field(b), "persons");
  EXPECT_EQ(count("SELECT COUNT(*) FROM disclosures"), rows);
  EXPECT_EQ(count("SELECT COUNT(*) FROM ledger_entries"), entries);
  EXPECT_EQ(pub.get("/api/v1/disclosures/999999").status, 404);
  EXPECT_EQ(pub.get("/api/v1/disclosures?state=bogus").json()["error"]["details"]["field"], "state");
}

// R: PUB-1, PUB-4, PUB-8 — the demo: drafts from Hangzhou's decided cases, a published
// decision with its correction, a clean check result, a revoked decision awaiting takedown.
TEST_F(PublicityApi, DemoShowsThePipeline) {
  auto pub = as("hz_pub");
  auto list = pub.get("/api/v1/disclosures?page_size=100").json();
  int corrected = 0, clean = 0, planted = 0, revoked = 0, from_cases = 0;
  for (const auto& d : list["items"]) {
    auto full = pub.get("/api/v1/disclosures/" + d["id"].dump()).json();
    if (d["source"]["kind"] == "case") ++from_cases;
    if (full["versions"].size() > 1 && d["state"] == "published") ++corrected;
    if (d["kind"] == "check_result" && d["state"] == "published" && !full["current"]["content"]["problems"].get<bool>()) ++clean;
    if (d["state"] == "draft" && full["persons"].dump().find("李明") != std::string::npos) {
      ++planted;
      const std::string masked = full["working"]["masked"].dump();
      EXPECT_NE(full["working"]["content"].dump().find("13812345678"), std::string::npos);
      for (const char* s : {"13812345678", "330106199003071234", "文三路138号", "李明"}) EXPECT_EQ(masked.find(s), std::string::npos) << s;
    }
    if (d["revocation"].is_object() && d["withdrawn_on"].is_null()) ++revoked;
  }
  EXPECT_GE(from_cases, 2);
  EXPECT_EQ(corrected, 1);
  EXPECT_EQ(clean, 1);
  EXPECT_EQ(planted, 1);
  EXPECT_EQ(revoked, 1);
  EXPECT_EQ(verify_problem(), "");
}
