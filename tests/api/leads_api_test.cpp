// The leads log over HTTP on both stores (REC-5, seed 002 Art 7): a lead is logged with when it
// came, its source, summary, instruction and handler; missing fields are refused by name; a
// named complaint decided "no case" cannot be closed before the reply to the complainant is
// recorded, and the list flags it meanwhile; a lead decided "open a case" is a case source that
// opens exactly one case; scope by bureau; every step is a ledger entry that verify covers.
#include <gtest/gtest.h>

#include "base/time.h"
#include "demo/registry_demo.h"
#include "support/api_test.h"

using namespace zhifa;
using test::Client;

namespace {

class LeadsApi : public test::ApiTest {
protected:
  std::string received() { return time::to_iso(time::now() - std::chrono::hours(30)); }
  nlohmann::json complaint(bool named) {
    nlohmann::json j = {{"received_at", received()},
                        {"source", "complaint"},
                        {"summary", "群众投诉某公司虚报统计数据"},
                        {"object_name", "杭州某数据造假有限公司"},
                        {"object_credit_code", demo::demo_credit_code("330106", 77001)},
                        {"complainant_kind", named ? "named" : "anonymous"}};
    if (named) {
      j["complainant_name"] = "王小明";
      j["complainant_contact"] = "13800000001";
    }
    return j;
  }
  int64_t create(Client& c, const nlohmann::json& in) {
    auto r = c.post("/api/v1/leads", in);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("id", int64_t(0));
  }
  int64_t user_id(const std::string& username) {
    auto lease = srv->db()->acquire();
    auto q = lease->prepare("SELECT id FROM users WHERE username = ?");
    q->bind(username);
    EXPECT_TRUE(q->step());
    return q->row().i64(0);
  }
};

}  // namespace

// R: REC-5 — logged with time received, source, summary; instructed and assigned; every step a ledger entry.
TEST_F(LeadsApi, LeadIsLoggedInstructedAssignedAndDecided) {
  auto mgr = as("hz_unit_head");
  auto head = as("hz_head");
  int64_t entries = count("SELECT COUNT(*) FROM ledger_entries");
  int64_t id = create(mgr, {{"received_at", received()}, {"source", "上级交办"}, {"summary", "省局交办：核查某企业统计数据"}});
  auto r = head.post("/api/v1/leads/" + std::to_string(id) + "/instruct", {{"instruction", "请法规执法科三日内核实"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["instruction"]["instruction"], "请法规执法科三日内核实");
  EXPECT_EQ(r.json()["instruction"]["actor"]["name"], "杨光明");
  // Instructing needs lead.instruct, which a unit head does not have.
  EXPECT_EQ(mgr.post("/api/v1/leads/" + std::to_string(id) + "/instruct", {{"instruction", "x"}}).status, 403);
  r = mgr.post("/api/v1/leads/" + std::to_string(id) + "/assign", {{"handler_id", user_id("hz_insp1")}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["handler"]["handler"]["name"], "尤振华");
  r = mgr.post("/api/v1/leads/" + std::to_string(id) + "/decide", {{"decision", "transfer"}, {"transfer_to", "杭州市市场监督管理局"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["state"], "decided");
  r = mgr.post("/api/v1/leads/" + std::to_string(id) + "/close", nlohmann::json::object());
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = r.json();
  EXPECT_EQ(j["state"], "closed");
  EXPECT_EQ(j["source_label"], "上级交办");
  EXPECT_EQ(j["history"].size(), 4u);
  // create + instruct + assign + decide + close, each its own entry.
  EXPECT_EQ(count("SELECT COUNT(*) FROM ledger_entries"), entries + 5);
  EXPECT_EQ(count("SELECT COUNT(*) FROM ledger_entries WHERE subject_kind = 'lead' AND subject_id = '" + std::to_string(id) + "'"), 5);
  // Closed: nothing more changes.
  EXPECT_EQ(head.post("/api/v1/leads/" + std::to_string(id) + "/instruct", {{"instruction", "再议"}}).status, 409);
  EXPECT_EQ(verify_problem(), "");
}

// R: REC-5 — missing fields are refused by name and nothing is written.
TEST_F(LeadsApi, MissingFieldsAreRefusedByName) {
  auto mgr = as("hz_unit_head");
  int64_t before = count("SELECT COUNT(*) FROM leads");
  auto field_of = [&](const nlohmann::json& in) {
    auto r = mgr.post("/api/v1/leads", in);
    EXPECT_EQ(r.status, 422) << r.body;
    return r.json()["error"]["details"].value("field", std::string());
  };
  nlohmann::json ok = {{"received_at", received()}, {"source", "media"}, {"summary", "媒体报道"}};
  for (const char* key : {"received_at", "source", "summary"}) {
    auto in = ok;
    in.erase(key);
    EXPECT_EQ(field_of(in), key);
  }
  auto in = ok;
  in["source"] = "街头传闻";
  EXPECT_EQ(field_of(in), "source");
  in = ok;
  in["object_name"] = "某公司";
  in["object_credit_code"] = "91330106MA2XXXXXXI";
  EXPECT_EQ(field_of(in), "object_credit_code");
  in = ok;
  in["received_at"] = time::to_iso(time::now() + std::chrono::hours(48));
  EXPECT_EQ(field_of(in), "received_at");
  // A complaint names its complainant or says it is anonymous; a named one gives name and contact.
  auto c = complaint(true);
  c.erase("complainant_kind");
  EXPECT_EQ(field_of(c), "complainant_kind");
  c = complaint(true);
  c.erase("complainant_contact");
  EXPECT_EQ(field_of(c), "complainant_contact");
  EXPECT_EQ(count("SELECT COUNT(*) FROM leads"), before);
  // Decisions name what they lack.
  int64_t id = create(mgr, ok);
  auto r = mgr.post("/api/v1/leads/" + std::to_string(id) + "/decide", {{"decision", "no_case"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json()["error"]["details"]["field"], "reason");
  r = mgr.post("/api/v1/leads/" + std::to_string(id) + "/decide", {{"decision", "transfer"}});
  EXPECT_EQ(r.json()["error"]["details"]["field"], "transfer_to");
  r = mgr.post("/api/v1/leads/" + std::to_string(id) + "/close", nlohmann::json::object());
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.json()["error"]["code"], "lead.not_decided");
}

// R: REC-5 (002 Art 7) — a named complaint decided "no case" cannot close without the reply.
TEST_F(LeadsApi, NamedNoCaseComplaintCannotCloseWithoutReply) {
  auto mgr = as("hz_unit_head");
  int64_t id = create(mgr, complaint(true));
  std::string base = "/api/v1/leads/" + std::to_string(id);
  // A reply before any decision is refused.
  EXPECT_EQ(mgr.post(base + "/reply", {{"reply_on", time::today_shanghai().str()}, {"reply_manner", "电话"}, {"reply_content", "x"}}).status, 409);
  ASSERT_EQ(mgr.post(base + "/decide", {{"decision", "no_case"}, {"reason", "经核实不存在统计违法行为"}}).status, 200);
  auto r = mgr.post(base + "/close", nlohmann::json::object());
  ASSERT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.json()["error"]["code"], "lead.reply_required");
  EXPECT_EQ(r.json()["error"]["details"]["missing"][0], "答复投诉举报人记录");
  // The list flags it meanwhile.
  auto list = mgr.get("/api/v1/leads?reply_missing=true").json();
  bool flagged = false;
  for (const auto& it : list["items"]) flagged |= it["id"] == id && it["reply_missing"] == true;
  EXPECT_TRUE(flagged) << list.dump();
  // The reply needs date, manner and content.
  r = mgr.post(base + "/reply", {{"reply_on", time::today_shanghai().str()}, {"reply_content", "经核实，不予立案"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json()["error"]["details"]["field"], "reply_manner");
  r = mgr.post(base + "/reply", {{"reply_on", time::today_shanghai().str()}, {"reply_manner", "电话"}, {"reply_content", "经核实，不予立案"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["reply_missing"], false);
  r = mgr.post(base + "/close", nlohmann::json::object());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["state"], "closed");
  // An anonymous complaint has nobody to reply to and closes after its decision.
  int64_t anon = create(mgr, complaint(false));
  ASSERT_EQ(mgr.post("/api/v1/leads/" + std::to_string(anon) + "/decide", {{"decision", "no_case"}, {"reason", "线索不具体"}}).status, 200);
  EXPECT_EQ(mgr.post("/api/v1/leads/" + std::to_string(anon) + "/reply",
                     {{"reply_on", time::today_shanghai().str()}, {"reply_manner", "电话"}, {"reply_content", "x"}}).status, 409);
  EXPECT_EQ(mgr.post("/api/v1/leads/" + std::to_string(anon) + "/close", nlohmann::json::object()).status, 200);
  EXPECT_EQ(verify_problem(), "");
}

// R: REC-5 — a lead decided "open a case" is a case source and opens exactly one case.
TEST_F(LeadsApi, LeadOpensExactlyOneCase) {
  auto mgr = as("hz_unit_head");
  int64_t id = create(mgr, complaint(true));
  std::string base = "/api/v1/leads/" + std::to_string(id);
  nlohmann::json kase = {{"procedure", "general"},
                         {"party_kind", "org"},
                         {"party_name", "杭州某数据造假有限公司"},
                         {"party_code", demo::demo_credit_code("330106", 77001)},
                         {"source_kind", "lead"},
                         {"source_id", std::to_string(id)},
                         {"summary", "涉嫌虚报统计数据"},
                         {"unit_name", "法规执法科"}};
  // Not yet decided: may not open a case.
  auto r = mgr.post("/api/v1/cases", kase);
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.json()["error"]["code"], "lead.not_for_case");
  ASSERT_EQ(mgr.post(base + "/decide", {{"decision", "case"}}).status, 200);
  EXPECT_EQ(mgr.post(base + "/close", nlohmann::json::object()).json()["error"]["code"], "lead.case_not_opened");
  r = mgr.post("/api/v1/cases", kase);
  ASSERT_EQ(r.status, 201) << r.body;
  int64_t case_id = r.json()["id"];
  r = mgr.post("/api/v1/cases", kase);
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.json()["error"]["code"], "lead.case_exists");
  auto lead = mgr.get(base).json();
  EXPECT_EQ(lead["case"]["id"], case_id);
  // Once a case is open the decision stands.
  EXPECT_EQ(mgr.post(base + "/decide", {{"decision", "no_case"}, {"reason", "x"}}).json()["error"]["code"], "lead.case_opened");
  EXPECT_EQ(mgr.post(base + "/close", nlohmann::json::object()).status, 200);
  EXPECT_EQ(verify_problem(), "");
}

// R: REC-5 — a later decision is a new row that names the one it corrects; nothing is edited.
TEST_F(LeadsApi, CorrectionsAreNewRows) {
  auto mgr = as("hz_unit_head");
  int64_t id = create(mgr, {{"received_at", received()}, {"source", "inspection"}, {"summary", "检查中发现台账缺失"}});
  std::string base = "/api/v1/leads/" + std::to_string(id);
  ASSERT_EQ(mgr.post(base + "/decide", {{"decision", "no_case"}, {"reason", "情节轻微"}}).status, 200);
  auto r = mgr.post(base + "/decide", {{"decision", "transfer"}, {"transfer_to", "区统计局"}});
  ASSERT_EQ(r.status, 200);
  auto j = r.json();
  EXPECT_EQ(j["decision"], "transfer");
  ASSERT_EQ(j["history"].size(), 2u);
  EXPECT_EQ(j["history"][1]["corrects"], j["history"][0]["id"]);
  EXPECT_EQ(j["history"][0]["decision"], "no_case");
}

// R: REC-5 — scope by bureau: a sibling city sees nothing of it; the province sees it; filters.
TEST_F(LeadsApi, ScopeAndFilters) {
  auto mgr = as("hz_unit_head");
  int64_t id = create(mgr, {{"received_at", received()}, {"source", "referred"}, {"summary", "市场监管局移送"}});
  auto nb_user = as("nb_unit_head");
  EXPECT_EQ(nb_user.get("/api/v1/leads/" + std::to_string(id)).status, 404);
  auto nb = nb_user.get("/api/v1/leads?page_size=200").json();
  for (const auto& it : nb["items"]) EXPECT_NE(it["id"], id);
  EXPECT_EQ(as("zj_unit_head").get("/api/v1/leads/" + std::to_string(id)).status, 200);
  auto insp = as("hz_insp1");
  EXPECT_EQ(insp.get("/api/v1/leads/" + std::to_string(id)).status, 200);
  EXPECT_EQ(insp.post("/api/v1/leads", {{"received_at", received()}, {"source", "other"}, {"summary", "x"}}).status, 403);
  auto list = mgr.get("/api/v1/leads?source=referred&state=pending&page_size=200").json();
  bool found = false;
  for (const auto& it : list["items"]) {
    EXPECT_EQ(it["source"], "referred");
    EXPECT_EQ(it["state"], "pending");
    found |= it["id"] == id;
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(mgr.get("/api/v1/leads?state=closed&source=referred&page_size=200").json()["items"].size(),
            size_t(count("SELECT COUNT(*) FROM leads l WHERE source = 'referred' AND EXISTS (SELECT 1 FROM lead_actions a "
                         "WHERE a.lead_id = l.id AND a.kind = 'close') AND bureau_id IN (SELECT id FROM bureaus WHERE path LIKE "
                         "(SELECT path FROM bureaus WHERE code = '330100') || '%')")));
  EXPECT_EQ(mgr.get("/api/v1/leads?state=bogus").status, 422);
  // The age is counted in working days when the calendar covers the span (the demo loads it).
  auto one = mgr.get("/api/v1/leads/" + std::to_string(id)).json();
  EXPECT_TRUE(one["age_workdays"].is_number()) << one.dump();
}
