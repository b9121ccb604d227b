// A party's access to its case's records (REC-20, seed 002 Art 24-25) and the read log of case
// files (REC-22) over HTTP on both stores: missing fields refused by name; the approver holds
// access.approve and is not the registrar; material marked confidential is never granted and
// every excluded item names its ground; every read of a case file is listed for supervisors.
#include <gtest/gtest.h>

#include <map>

#include "base/time.h"
#include "cases/access.h"
#include "db/db.h"
#include "demo/registry_demo.h"
#include "org/auth.h"
#include "support/api_test.h"

using namespace zhifa;
using test::Client;

namespace {

class AccessApi : public test::ApiTest {
protected:
  // A general case with its opening approval on file and two evidence items (a recording and a
  // third party's accounts): what a party may ask to read.
  int64_t open_case() {
    auto& c = client("hz_unit_head");
    auto r = c.post("/api/v1/cases", {{"procedure", "general"},
                                      {"party_kind", "org"},
                                      {"party_name", "杭州某统计违法有限公司"},
                                      {"party_code", demo::demo_credit_code("330106", 78001)},
                                      {"source_kind", "ex_officio"},
                                      {"summary", "涉嫌拒报统计资料"},
                                      {"unit_name", "法规执法科"},
                                      {"handlers", {user_id("hz_insp1"), user_id("hz_insp3")}}});
    EXPECT_EQ(r.status, 201) << r.body;
    int64_t id = r.json().value("id", int64_t(0));
    const std::string steps = "/api/v1/cases/" + std::to_string(id) + "/steps";
    r = c.post(steps, {{"kind", "plan_approval"},
                       {"content", {{"basis", "统计法"}, {"period", "本月"}, {"scope", "年报"}, {"content", "核查"}, {"organisation", "两人"}, {"opinion", "同意"}}}});
    EXPECT_EQ(r.status, 201) << r.body;
    r = client("hz_head").post(steps, {{"kind", "opening_approval"}, {"content", {{"reason", "拒报"}, {"opinion", "同意立案"}}}});
    EXPECT_EQ(r.status, 201) << r.body;
    ev1 = upload(c, id, "询问录音");
    ev2 = upload(c, id, "第三方财务资料");
    return id;
  }
  int64_t upload(Client& c, int64_t case_id, const std::string& title) {
    auto r = c.request("POST",
                       "/api/v1/evidence?kind=document&title=" + title + "&filename=a.pdf&owner_kind=case&owner_id=" + std::to_string(case_id) +
                           "&captured_at=" + time::to_iso(time::now()),
                       title + std::to_string(case_id), {{"Content-Type", "application/pdf"}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("id", int64_t(0));
  }
  std::string ev(int n) const { return "evidence:" + std::to_string(n == 1 ? ev1 : ev2); }
  int64_t ev1 = 0, ev2 = 0;
  // One logged-in client per user: a demo user's first login changes the password.
  Client& client(const std::string& username) {
    auto it = clients_.find(username);
    if (it == clients_.end()) it = clients_.emplace(username, as(username)).first;
    return it->second;
  }
  std::map<std::string, Client> clients_;
  nlohmann::json request(int64_t case_id) {
    return {{"case_id", case_id},
            {"requester_name", "李当事"},
            {"requester_id_type", "business_license"},
            {"requester_id_number", demo::demo_credit_code("330106", 78001)},
            {"relation", "party"},
            {"access_mode", "copy"},
            {"requested_on", time::today_shanghai().str()},
            {"items", {{{"kind", "document"}, {"ref", "case_opening_approval"}, {"title", "立案审批表"}},
                       {{"kind", "evidence"}, {"ref", std::to_string(ev1)}, {"title", "询问录音"}},
                       {{"kind", "evidence"}, {"ref", std::to_string(ev2)}, {"title", "第三方财务资料"}}}}};
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

// R: REC-20 — missing fields are refused by name; nothing is written.
TEST_F(AccessApi, MissingFieldsAreRefusedByName) {
  int64_t case_id = open_case();
  auto reg = client("hz_archivist");
  int64_t before = count("SELECT COUNT(*) FROM access_requests");
  for (const char* key : {"requester_name", "requester_id_type", "requester_id_number", "relation", "access_mode", "requested_on", "items"}) {
    auto in = request(case_id);
    in.erase(key);
    auto r = reg.post("/api/v1/access/requests", in);
    EXPECT_EQ(r.status, 422) << key << " " << r.body;
    EXPECT_EQ(r.json()["error"]["details"]["field"], key);
  }
  auto in = request(case_id);
  in["requester_id_number"] = "91330106XXXXXXXXXI";
  EXPECT_EQ(reg.post("/api/v1/access/requests", in).json()["error"]["details"]["field"], "requester_id_number");
  in = request(case_id);
  in["relation"] = "agent";
  EXPECT_EQ(reg.post("/api/v1/access/requests", in).json()["error"]["details"]["field"], "relation_note");
  in = request(case_id);
  in["case_id"] = 999999;
  EXPECT_EQ(reg.post("/api/v1/access/requests", in).status, 404);
  // Only what the file holds: evidence of this case, documents of steps on it.
  int64_t other = open_case();
  in = request(case_id);
  in["items"][1]["ref"] = std::to_string(ev1);  // the other case's recording
  auto bad = reg.post("/api/v1/access/requests", in);
  EXPECT_EQ(bad.code(), "access.item_not_in_case") << bad.body;
  EXPECT_EQ(bad.json()["error"]["details"]["field"], "items[1].ref");
  in = request(other);
  in["items"][0]["ref"] = "case_decide";  // no decision yet
  EXPECT_EQ(reg.post("/api/v1/access/requests", in).json()["error"]["details"]["field"], "items[0].ref");
  EXPECT_EQ(client("hz_reviewer").post("/api/v1/access/marks", {{"case_id", case_id}, {"kind", "evidence"}, {"ref", "x1"}, {"ground", "trade_secret"}}).code(),
            "access.item_not_in_case");
  EXPECT_EQ(count("SELECT COUNT(*) FROM access_requests"), before);
  // An inspector may not register one.
  EXPECT_EQ(client("hz_insp1").post("/api/v1/access/requests", request(case_id)).status, 403);
}

// R: REC-20 (002 Art 24-25) — approval by access.approve, not the registrar; confidential never granted.
TEST_F(AccessApi, ApproverMustDifferAndConfidentialIsNeverGranted) {
  int64_t case_id = open_case();
  auto reviewer = client("hz_reviewer");
  auto r = reviewer.post("/api/v1/access/marks", {{"case_id", case_id}, {"kind", "evidence"}, {"ref", std::to_string(ev2)}, {"ground", "trade_secret"}, {"note", "第三方企业财务数据"}});
  ASSERT_EQ(r.status, 201) << r.body;
  r = reviewer.post("/api/v1/access/requests", request(case_id));
  ASSERT_EQ(r.status, 201) << r.body;
  auto req = r.json();
  int64_t id = req["id"];
  EXPECT_EQ(req["state"], "pending");
  EXPECT_EQ(req["items"][2]["confidential"], "trade_secret");
  std::string path = "/api/v1/access/requests/" + std::to_string(id) + "/decision";
  nlohmann::json all = {{"approve", true}, {"opinion", "同意"}, {"granted", {"document:case_opening_approval", ev(1), ev(2)}}};
  // The registrar cannot approve their own registration.
  r = reviewer.post(path, all);
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.json()["error"]["code"], "access.same_person");
  // Neither can someone without access.approve (the bureau head is not the legal affairs unit).
  EXPECT_EQ(client("hz_head").post(path, all).status, 403);
  auto head = client("zj_reviewer");
  r = head.post(path, all);
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json()["error"]["code"], "access.confidential_granted");
  EXPECT_EQ(r.json()["error"]["details"]["items"][0], ev(2));
  // Every item must be granted or excluded, and an exclusion names its ground.
  r = head.post(path, {{"approve", true}, {"opinion", "同意"}, {"granted", {"document:case_opening_approval"}}});
  EXPECT_EQ(r.json()["error"]["code"], "access.items_undecided");
  r = head.post(path, {{"approve", true}, {"opinion", "同意"}, {"granted", {"document:case_opening_approval", ev(1)}},
                       {"excluded", {{{"ref", ev(2)}}}}});
  EXPECT_EQ(r.json()["error"]["details"]["field"], "excluded[0].ground");
  EXPECT_EQ(count("SELECT COUNT(*) FROM access_decisions"), 0);
  r = head.post(path, {{"approve", true}, {"opinion", "同意复制，商业秘密部分除外"}, {"granted", {"document:case_opening_approval", ev(1)}},
                       {"excluded", {{{"ref", ev(2)}, {"ground", "trade_secret"}}}}});
  ASSERT_EQ(r.status, 200) << r.body;
  auto d = r.json();
  EXPECT_EQ(d["state"], "approved");
  EXPECT_EQ(d["decision"]["granted"].size(), 2u);
  EXPECT_EQ(d["decision"]["excluded"][0]["ground_label"], "商业秘密");
  EXPECT_EQ(d["decision"]["decided_by"]["id"], user_id("zj_reviewer"));
  // Decided once.
  EXPECT_EQ(head.post(path, {{"approve", false}, {"opinion", "x"}}).json()["error"]["code"], "access.already_decided");
  // A sibling city does not see it.
  EXPECT_EQ(client("nb_reviewer").get("/api/v1/access/requests/" + std::to_string(id)).status, 404);
  EXPECT_EQ(verify_problem(), "");
}

// R: REC-20 — a refusal needs its opinion and grants nothing.
TEST_F(AccessApi, RefusalGrantsNothing) {
  int64_t case_id = open_case();
  auto r = client("hz_archivist").post("/api/v1/access/requests", request(case_id));
  ASSERT_EQ(r.status, 201) << r.body;
  std::string path = "/api/v1/access/requests/" + std::to_string(r.json()["id"].get<int64_t>()) + "/decision";
  auto head = client("hz_reviewer");
  r = head.post(path, {{"approve", false}});
  EXPECT_EQ(r.json()["error"]["details"]["field"], "opinion");
  r = head.post(path, {{"approve", false}, {"opinion", "申请人与案件无利害关系"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["state"], "refused");
  EXPECT_TRUE(r.json()["decision"]["granted"].empty());
  auto list = head.get("/api/v1/access/requests?state=refused").json();
  EXPECT_GE(list["total"].get<int64_t>(), 1);
}

// R: REC-22 — every read of a case file is a ledger entry listed for supervisors (access.log.read).
TEST_F(AccessApi, ReadLogListsEveryRead) {
  int64_t case_id = open_case();
  int64_t entries = count("SELECT COUNT(*) FROM ledger_entries");
  {
    auto lease = srv->db()->acquire();
    db::Transaction tx(*lease);
    auto p = org::principal_of(*lease, user_id("hz_insp1"));
    p.permissions.insert("case.read");  // as the case service holds it for a reader in its read path
    cases::access::record_read(*lease, p, case_id, "案件详情");
    cases::access::record_read(*lease, p, case_id, "文书 立案审批表");
    tx.commit();
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM ledger_entries"), entries + 2);
  auto sup = client("hz_head");
  auto r = sup.get("/api/v1/access/reads?case_id=" + std::to_string(case_id));
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = r.json();
  ASSERT_EQ(j["total"], 2);
  EXPECT_EQ(j["items"][0]["what"], "文书 立案审批表");
  EXPECT_EQ(j["items"][0]["user"]["name"], "尤振华");
  EXPECT_TRUE(j["items"][0]["ledger_seq"].is_number());
  // Filters: by user, by date.
  EXPECT_EQ(sup.get("/api/v1/access/reads?case_id=" + std::to_string(case_id) + "&user_id=" + std::to_string(user_id("hz_insp2"))).json()["total"], 0);
  std::string today = time::today_shanghai().str(), tomorrow = time::today_shanghai().plus_days(1).str();
  EXPECT_EQ(sup.get("/api/v1/access/reads?case_id=" + std::to_string(case_id) + "&from=" + today + "&to=" + today).json()["total"], 2);
  EXPECT_EQ(sup.get("/api/v1/access/reads?case_id=" + std::to_string(case_id) + "&from=" + tomorrow).json()["total"], 0);
  EXPECT_EQ(sup.get("/api/v1/access/reads?from=bad").status, 422);
  // The read log needs access.log.read; a sibling's supervisor sees none of these reads.
  EXPECT_EQ(client("hz_insp1").get("/api/v1/access/reads").status, 403);
  EXPECT_EQ(client("nb_head").get("/api/v1/access/reads?case_id=" + std::to_string(case_id)).json()["total"], 0);
  // Reading the case file through the case service is logged the same way.
  auto insp2 = client("hz_insp2");
  ASSERT_EQ(insp2.get("/api/v1/cases/" + std::to_string(case_id) + "/file").status, 200);
  j = sup.get("/api/v1/access/reads?case_id=" + std::to_string(case_id)).json();
  ASSERT_EQ(j["total"], 3);
  EXPECT_EQ(j["items"][0]["user"]["id"], user_id("hz_insp2"));
  EXPECT_EQ(verify_problem(), "");
}
