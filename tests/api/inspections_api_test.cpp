// Field inspections over HTTP on both stores (REC-6, REC-7, REC-10, DR-8, DR-9, DR-10, INF-1):
// a drawn task's inspection started by a team member, completion refused naming each missing
// record until all are there, a refusal to sign refused without an audio/video recording,
// replays of a client_id writing nothing, reliance on another department's result, the INF-1
// share, the case source, the e-certificate token, scope; and `ledger verify` afterwards.
// The demo draw gives hz_insp1 and hz_insp3 tasks in Hangzhou.
#include <gtest/gtest.h>

#include <sodium.h>

#include <algorithm>

#include "base/crypto.h"
#include "base/time.h"
#include "cases/sources.h"
#include "org/auth.h"
#include "support/api_test.h"

using namespace zhifa;
using test::Client;
using test::uuid;
using test::HttpResult;
using nlohmann::json;

namespace {

class InspectionsApi : public test::ApiTest {
protected:
  int64_t device(const std::string& serial) { return count("SELECT id FROM evidence_devices WHERE serial_no = '" + serial + "'"); }
  int64_t written() {
    return count("SELECT COUNT(*) FROM inspections") + count("SELECT COUNT(*) FROM inspection_steps") +
           count("SELECT COUNT(*) FROM inspection_uploads") + count("SELECT COUNT(*) FROM evidence_items") +
           count("SELECT COUNT(*) FROM ledger_entries WHERE action NOT LIKE 'auth.%' AND action NOT LIKE 'evidence.read%'");
  }

  static json env(json body, const std::string& channel = "mobile") {
    if (!body.contains("client_id")) body["client_id"] = uuid();
    body["channel"] = channel;
    body["device_time"] = time::to_iso(time::now());
    return body;
  }
  HttpResult start(Client& c, int64_t task, json extra = json::object()) {
    extra["task_id"] = task;
    return c.post("/api/v1/inspections", env(extra));
  }
  HttpResult step(Client& c, int64_t id, json body, const std::string& channel = "mobile") {
    return c.post("/api/v1/inspections/" + std::to_string(id) + "/steps", env(body, channel));
  }
  HttpResult upload(Client& c, int64_t id, const std::string& kind, const std::string& media, const std::string& bytes,
                    const std::string& client_id = "", const std::string& extra = "") {
    std::string q = "kind=" + kind + "&title=t&filename=f&captured_at=" + time::to_iso(time::now()) +
                    "&channel=mobile&client_id=" + (client_id.empty() ? uuid() : client_id) + extra;
    if (kind == "video" || kind == "audio") q += "&device_id=" + std::to_string(device("HZ-ZFJLY-001"));
    return c.request("POST", "/api/v1/inspections/" + std::to_string(id) + "/evidence?" + q, bytes, {{"Content-Type", media}});
  }
  int64_t upload_id(Client& c, int64_t id, const std::string& kind, const std::string& media, const std::string& bytes) {
    auto r = upload(c, id, kind, media, bytes);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["evidence"]["id"].get<int64_t>();
  }
  static json missing_of(const HttpResult& r) { return r.json()["error"]["details"]["missing"]; }
  static bool names(const json& missing, const std::string& part) {
    return std::any_of(missing.begin(), missing.end(), [&](const json& m) { return m.get<std::string>().find(part) != std::string::npos; });
  }
  json notice() {
    return {{"kind", "notice"},        {"body", "杭州市统计局"},   {"basis", "《中华人民共和国统计法》第三十三条"},
            {"scope", "2025年统计数据"}, {"content", "统计资料真实性"}, {"method", "现场检查"},
            {"time", "2026年7月20日"},    {"requirements", "提供原始记录和统计台账"}, {"manner", "direct"}};
  }
  // Starts hz_insp1's first task; returns the inspection id.
  int64_t started(Client& c) {
    auto r = start(c, task_of("hz_insp1"));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["inspection"]["id"].get<int64_t>();
  }
  // Everything but the party's act and the outcome.
  void record_basics(Client& c, int64_t id) {
    ASSERT_EQ(step(c, id, {{"kind", "certificate"}, {"members", {cert_of("hz_insp1"), cert_of("hz_insp3")}}}).status, 201);
    ASSERT_EQ(step(c, id, notice()).status, 201);
    int64_t photo = upload_id(c, id, "photo", "image/jpeg", "jpeg-bytes");
    for (int no = 1; no <= 5; ++no) {
      auto r = step(c, id, {{"kind", "answer"}, {"point_no", no}, {"answer", "符合"}, {"evidence_ids", {photo}}});
      ASSERT_EQ(r.status, 201) << r.body;
    }
  }
};

}  // namespace

// R: REC-6, REC-7, REC-10, DR-10 — completion is refused naming each missing record, which
// disappears from the list as it is recorded; then completion succeeds and verify passes.
TEST_F(InspectionsApi, CompletionNamesEachMissingRequirement) {
  auto c = as("hz_insp1");
  int64_t id = started(c);
  auto r = step(c, id, {{"kind", "complete"}});
  ASSERT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.code(), "inspection.step_requirements");
  auto m = missing_of(r);
  for (const char* part : {"出示执法证件", "检查通知书", "检查要点1", "检查要点5", "签名或拒签", "检查结果处理", "录音录像"})
    EXPECT_TRUE(names(m, part)) << part << " " << m.dump();

  ASSERT_EQ(step(c, id, notice()).status, 201);
  m = missing_of(step(c, id, {{"kind", "complete"}}));
  EXPECT_FALSE(names(m, "检查通知书"));
  EXPECT_TRUE(names(m, "出示执法证件"));

  // A notice without its requirements (REC-6) is refused by field, nothing written.
  auto before = written();
  json bad = notice();
  bad.erase("requirements");
  auto nb = step(c, id, bad);
  EXPECT_EQ(nb.status, 422);
  EXPECT_EQ(nb.json()["error"]["details"]["field"], "requirements");
  // Point 1 needs a photo.
  auto nophoto = step(c, id, {{"kind", "answer"}, {"point_no", 1}, {"answer", "符合"}});
  EXPECT_EQ(nophoto.status, 409);
  EXPECT_TRUE(names(missing_of(nophoto), "检查要点1的照片"));
  // One inspector alone may not show certificates for the team.
  EXPECT_EQ(step(c, id, {{"kind", "certificate"}, {"members", {cert_of("hz_insp1")}}}).code(), "inspection.too_few_members");
  EXPECT_EQ(written(), before);

  record_basics(c, id);
  m = missing_of(step(c, id, {{"kind", "complete"}}));
  EXPECT_FALSE(names(m, "出示执法证件"));
  EXPECT_FALSE(names(m, "检查要点"));
  EXPECT_TRUE(names(m, "签名或拒签"));

  std::string png = "\x89PNG\r\n\x1a\n signature";
  int64_t sig = upload_id(c, id, "document", "image/png", png);
  ASSERT_EQ(step(c, id, {{"kind", "signature"}, {"evidence_id", sig}, {"signer_name", "张三"}}).status, 201);
  auto rect = step(c, id, {{"kind", "outcome"}, {"outcome", "rectification"}, {"opinion", "建立统计台账"}});
  EXPECT_EQ(rect.json()["error"]["details"]["field"], "deadline");
  ASSERT_EQ(step(c, id, {{"kind", "outcome"}, {"outcome", "rectification"}, {"opinion", "建立统计台账"}, {"deadline", "2026-09-30"}}).status,
            201);
  m = missing_of(step(c, id, {{"kind", "complete"}}));
  ASSERT_EQ(m.size(), 1u) << m.dump();
  EXPECT_TRUE(names(m, "录音录像"));
  // REC-10: a recorded reason it was unsuitable stands in for the recording.
  ASSERT_EQ(step(c, id, {{"kind", "av_unsuitable"}, {"reason", "涉及商业秘密，当事人书面申请不录像"}}).status, 201);
  auto done = step(c, id, {{"kind", "complete"}});
  ASSERT_EQ(done.status, 201) << done.body;
  EXPECT_EQ(done.json()["inspection"]["state"], "completed");
  EXPECT_EQ(done.json()["inspection"]["outcome"], "rectification");
  EXPECT_EQ(step(c, id, {{"kind", "av_unsuitable"}, {"reason", "x"}}).code(), "inspection.completed");
  EXPECT_EQ(verify_problem(), "");
}

// R: REC-7, REC-10 — a refusal to sign needs its reason and an audio or video recording.
TEST_F(InspectionsApi, RefusalWithoutRecordingIsRefused) {
  auto c = as("hz_insp1");
  int64_t id = started(c);
  auto before = written();
  auto none = step(c, id, {{"kind", "refusal"}, {"reason", "当事人拒绝签字"}});
  ASSERT_EQ(none.status, 409) << none.body;
  EXPECT_EQ(none.code(), "inspection.step_requirements");
  EXPECT_EQ(missing_of(none), json::array({"拒签过程的录音或录像"}));
  EXPECT_EQ(written(), before);
  int64_t photo = upload_id(c, id, "photo", "image/jpeg", "a photo is not a recording");
  EXPECT_EQ(step(c, id, {{"kind", "refusal"}, {"reason", "当事人拒绝签字"}, {"evidence_ids", {photo}}}).status, 409);
  EXPECT_EQ(step(c, id, {{"kind", "refusal"}, {"evidence_ids", {photo}}}).json()["error"]["details"]["field"], "reason");
  int64_t video = upload_id(c, id, "video", "video/mp4", "video of the refusal");
  auto ok = step(c, id, {{"kind", "refusal"}, {"reason", "当事人拒绝签字"}, {"evidence_ids", {video}}});
  ASSERT_EQ(ok.status, 201) << ok.body;
  // The video also satisfies REC-10 for the on-site check.
  auto m = missing_of(step(c, id, {{"kind", "complete"}}));
  EXPECT_FALSE(names(m, "签名或拒签"));
  EXPECT_FALSE(names(m, "录音录像"));
  // Evidence of another inspection may not be cited.
  int64_t other = start(c, task_of("hz_insp1", 1)).json()["inspection"]["id"].get<int64_t>();
  EXPECT_EQ(step(c, other, {{"kind", "refusal"}, {"reason", "r"}, {"evidence_ids", {video}}}).code(), "inspection.evidence_foreign");
  EXPECT_EQ(verify_problem(), "");
}

// R: DR-9 — the same client_id twice (an offline queue replayed) returns the first result and
// writes nothing, for the start, a step and an upload.
TEST_F(InspectionsApi, ReplayOfAClientIdWritesOnce) {
  auto c = as("hz_insp1");
  int64_t task = task_of("hz_insp1");
  json body = env({{"task_id", task}});
  auto first = c.post("/api/v1/inspections", body);
  ASSERT_EQ(first.status, 201) << first.body;
  int64_t id = first.json()["inspection"]["id"].get<int64_t>();
  auto before = written();
  auto again = c.post("/api/v1/inspections", body);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json()["replayed"], true);
  EXPECT_EQ(again.json()["inspection"]["id"], id);
  EXPECT_EQ(again.json()["step"]["id"], first.json()["step"]["id"]);
  EXPECT_EQ(written(), before);
  // A second start with a new client_id is refused: one inspection per task.
  auto dup = start(c, task);
  EXPECT_EQ(dup.code(), "inspection.exists");
  EXPECT_EQ(dup.json()["error"]["details"]["id"], id);

  json s = env(notice());
  auto one = c.post("/api/v1/inspections/" + std::to_string(id) + "/steps", s);
  ASSERT_EQ(one.status, 201) << one.body;
  before = written();
  auto two = c.post("/api/v1/inspections/" + std::to_string(id) + "/steps", s);
  EXPECT_EQ(two.status, 200);
  EXPECT_EQ(two.json()["step"]["id"], one.json()["step"]["id"]);
  EXPECT_EQ(written(), before);
  EXPECT_EQ(count("SELECT COUNT(*) FROM inspection_steps WHERE kind = 'notice' AND inspection_id = " + std::to_string(id)), 1);

  std::string cid = uuid();
  auto u1 = upload(c, id, "photo", "image/jpeg", "same photo", cid);
  ASSERT_EQ(u1.status, 201) << u1.body;
  before = written();
  auto u2 = upload(c, id, "photo", "image/jpeg", "same photo", cid);
  EXPECT_EQ(u2.status, 200) << u2.body;
  EXPECT_EQ(u2.json()["evidence"]["id"], u1.json()["evidence"]["id"]);
  EXPECT_EQ(written(), before);
  // Someone else's reuse of a client_id is refused, not answered with another's record.
  auto other = as("hz_insp3");
  EXPECT_EQ(other.post("/api/v1/inspections/" + std::to_string(id) + "/steps", s).code(), "inspection.client_id_reused");
  // The device time is kept beside the server's.
  auto got = c.get("/api/v1/inspections/" + std::to_string(id)).json();
  EXPECT_FALSE(got["steps"][1]["device_time"].is_null());
  EXPECT_TRUE(got["steps"][1]["clock_skew_ms"].is_number());
  EXPECT_EQ(verify_problem(), "");
}

// R: DR-8 — relying wholly on another department's result (with its document attached) stands
// in for the check points; the document is required.
TEST_F(InspectionsApi, RelianceOnAnotherDepartmentReplacesThePoints) {
  auto c = as("hz_insp1");
  int64_t id = started(c);
  json rel = {{"kind", "reliance"}, {"department", "杭州市市场监督管理局"}, {"document_no", "杭市监检〔2026〕12号"}, {"date", "2026-06-30"},
              {"whole", true}};
  auto no_doc = step(c, id, rel);
  EXPECT_EQ(no_doc.status, 409);
  EXPECT_TRUE(names(missing_of(no_doc), "其他部门检查结果文书"));
  rel["evidence_ids"] = {upload_id(c, id, "document", "application/pdf", "%PDF-1.4 result")};
  ASSERT_EQ(step(c, id, rel).status, 201);
  auto m = missing_of(step(c, id, {{"kind", "complete"}}));
  EXPECT_FALSE(names(m, "检查要点"));
  EXPECT_TRUE(names(m, "检查通知书"));
  EXPECT_EQ(verify_problem(), "");
}

// R: INF-1, DR-9 — the share of completed spot checks recorded wholly on the phone, per bureau;
// R: DR-10 — only an inspection that proposed a case may open one, with the party's facts.
TEST_F(InspectionsApi, StatsShareAndCaseSource) {
  auto c = as("hz_insp1");
  auto complete = [&](int64_t id, const std::string& outcome, const std::string& last_channel) {
    record_basics(c, id);
    int64_t video = upload_id(c, id, "video", "video/mp4", "refusal " + std::to_string(id));
    ASSERT_EQ(step(c, id, {{"kind", "refusal"}, {"reason", "拒签"}, {"evidence_ids", {video}}}).status, 201);
    json o = {{"kind", "outcome"}, {"outcome", outcome}};
    if (outcome == "propose_case") o["reason"] = "拒绝提供统计资料";
    ASSERT_EQ(step(c, id, o).status, 201);
    auto r = step(c, id, {{"kind", "complete"}}, last_channel);
    ASSERT_EQ(r.status, 201) << r.body;
  };
  int64_t a = started(c);
  auto principal = [&](const std::string& u) {
    auto lease = srv->db()->acquire();
    return org::principal_of(*lease, count("SELECT id FROM users WHERE username = '" + u + "'"));
  };
  const auto me = principal("hz_insp1");
  {
    auto lease = srv->db()->acquire();
    try {
      cases::check_source(*lease, me, "inspection", std::to_string(a));
      ADD_FAILURE() << "an open inspection opened a case";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), "inspection.not_case_outcome");
    }
  }
  complete(a, "propose_case", "mobile");
  int64_t b = start(c, task_of("hz_insp1", 1)).json()["inspection"]["id"].get<int64_t>();
  complete(b, "no_problem", "console");
  int year = time::today_shanghai().year;
  auto st = c.get("/api/v1/inspections/stats?year=" + std::to_string(year));
  ASSERT_EQ(st.status, 200) << st.body;
  auto j = st.json();
  EXPECT_EQ(j["total"]["completed"], 2);
  EXPECT_EQ(j["total"]["mobile"], 1);
  EXPECT_DOUBLE_EQ(j["total"]["share"].get<double>(), 0.5);
  ASSERT_EQ(j["items"].size(), 1u);
  EXPECT_EQ(j["items"][0]["bureau_name"], "杭州市统计局");
  EXPECT_EQ(as("nb_head").get("/api/v1/inspections/stats?year=" + std::to_string(year)).json()["total"]["completed"], 0);
  EXPECT_EQ(c.get("/api/v1/inspections/stats?year=" + std::to_string(year + 1)).json()["total"]["completed"], 0);

  const auto party = c.get("/api/v1/inspections/" + std::to_string(a)).json()["object"]["name"];
  {
    auto lease = srv->db()->acquire();
    auto info = cases::check_source(*lease, me, "inspection", std::to_string(a));
    EXPECT_EQ(info.facts["party_name"], party);
    EXPECT_FALSE(info.facts["party_code"].get<std::string>().empty());
    EXPECT_EQ(info.facts["summary"], "拒绝提供统计资料");
    try {
      cases::check_source(*lease, me, "inspection", std::to_string(b));
      ADD_FAILURE() << "a no-problem inspection opened a case";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), "inspection.not_case_outcome");
    }
  }
  EXPECT_EQ(verify_problem(), "");
}

// R: ORG-1, DR-9 — only a member of the task's team starts or records; a sibling city sees nothing.
TEST_F(InspectionsApi, TeamAndScope) {
  auto outsider = as("hz_insp2");
  int64_t task = task_of("hz_insp1");
  EXPECT_EQ(start(outsider, task).status, 403);
  auto c = as("hz_insp1");
  int64_t id = started(c);
  EXPECT_EQ(step(outsider, id, notice()).status, 403);
  auto head = as("hz_head");
  EXPECT_EQ(head.get("/api/v1/inspections/" + std::to_string(id)).status, 200);  // in scope, reads
  EXPECT_EQ(head.post("/api/v1/inspections/" + std::to_string(id) + "/steps", env(notice())).status, 403);
  auto nb = as("nb_insp1");
  EXPECT_EQ(nb.get("/api/v1/inspections/" + std::to_string(id)).status, 404);
  EXPECT_EQ(nb.get("/api/v1/inspections").json()["total"], 0);
  EXPECT_EQ(c.get("/api/v1/inspections?mine=1").json()["total"], 1);
  EXPECT_EQ(step(c, id, {{"kind", "notice"}, {"client_id", "not-a-uuid"}}).code(), "inspection.client_id_invalid");
  auto bad_channel = c.post("/api/v1/inspections/" + std::to_string(id) + "/steps",
                            {{"kind", "av_unsuitable"}, {"reason", "r"}, {"client_id", uuid()}, {"channel", "fax"}});
  EXPECT_EQ(bad_channel.json()["error"]["details"]["field"], "channel");
}

// R: PUB-6, REC-7 — the e-certificate's QR token verifies on the portal: genuine and recent,
// a forged one is not, and the holder, validity and status are shown.
TEST_F(InspectionsApi, CertificateTokenVerifies) {
  auto c = as("hz_insp1");
  auto me = c.get("/api/v1/inspections/my-certificate");
  ASSERT_EQ(me.status, 200) << me.body;
  auto j = me.json();
  std::string no = j["certificate_no"], token = j["token"];
  EXPECT_EQ(j["verify_path"].get<std::string>().rfind("/portal/cert/", 0), 0u);
  Client anon(srv->port());
  auto ok = anon.get("/api/v1/public/certificates/" + no + "?t=" + token);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json()["token"]["genuine"], true);
  EXPECT_EQ(ok.json()["token"]["recent"], true);
  EXPECT_EQ(ok.json()["name"], j["name"]);
  EXPECT_EQ(ok.json()["status"], "valid");
  std::string forged = token;
  forged.back() = forged.back() == 'A' ? 'B' : 'A';
  EXPECT_EQ(anon.get("/api/v1/public/certificates/" + no + "?t=" + forged).json()["token"]["genuine"], false);
  // A token of another certificate does not verify this one.
  std::string other = cert_of("hz_insp3");
  EXPECT_EQ(anon.get("/api/v1/public/certificates/" + other + "?t=" + token).json()["token"]["genuine"], false);
  // A token whose time was changed is not genuine; one signed an hour ago is genuine but old.
  const int64_t hour_ago = std::chrono::duration_cast<std::chrono::seconds>(time::now().time_since_epoch()).count() - 3600;
  std::string mac = token.substr(token.find('.'));
  EXPECT_EQ(anon.get("/api/v1/public/certificates/" + no + "?t=" + std::to_string(hour_ago) + mac).json()["token"]["genuine"], false);
  std::string key = test::read_file(srv->data_dir() + "/keys/cert-token.key");
  ASSERT_EQ(key.size(), size_t(crypto_auth_hmacsha256_KEYBYTES));
  std::string msg = "zhifa-cert-token:" + no + ":" + std::to_string(hour_ago);
  unsigned char raw[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256(raw, reinterpret_cast<const unsigned char*>(msg.data()), msg.size(),
                         reinterpret_cast<const unsigned char*>(key.data()));
  std::string old = std::to_string(hour_ago) + "." + crypto::base64url(std::string(reinterpret_cast<const char*>(raw), 16));
  auto aged = anon.get("/api/v1/public/certificates/" + no + "?t=" + old).json()["token"];
  EXPECT_EQ(aged["genuine"], true);
  EXPECT_EQ(aged["recent"], false);
  EXPECT_EQ(anon.get("/api/v1/public/certificates/NOPE-000").status, 404);
  EXPECT_EQ(as("hz_head").get("/api/v1/inspections/my-certificate").status, 404);
}
