// Evidence files and recording devices over HTTP on both stores: streamed uploads kept by their
// hash, the 24-hour upload rule, devices and their holders, scope, reads on the record, disposal
// by two people after retention, and `ledger verify` naming a changed, missing or edited file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sys/stat.h>

#include "base/crypto.h"
#include "base/time.h"
#include "ledger/ledger.h"
#include "ledger/verify.h"
#include "support/test_db.h"
#include "support/test_server.h"

using namespace zhifa;
using test::Client;
using test::HttpResult;
namespace fs = std::filesystem;

namespace {
class EvidenceApi : public ::testing::Test {
protected:
  void SetUp() override { srv = std::make_unique<test::TestServer>(test::demo_database()); }
  std::unique_ptr<test::TestServer> srv;

  Client as(const std::string& user) {
    Client c(srv->port());
    c.login_ready(user);
    return c;
  }
  int64_t count(const std::string& sql) {
    auto lease = srv->db()->acquire();
    auto q = lease->prepare(sql);
    q->step();
    return q->row().i64(0);
  }
  int64_t id_of(const std::string& sql) { return count(sql); }
  int64_t device(const std::string& serial) { return id_of("SELECT id FROM evidence_devices WHERE serial_no = '" + serial + "'"); }
  int64_t user(const std::string& username) { return id_of("SELECT id FROM users WHERE username = '" + username + "'"); }

  static std::string ago(std::chrono::minutes m) { return time::to_iso(time::now() - m); }
  // Query values here are plain ASCII or already percent-encoded.
  HttpResult upload(Client& c, const std::string& bytes, const std::string& query, const std::string& media_type) {
    return c.request("POST", "/api/v1/evidence?" + query, bytes, {{"Content-Type", media_type}});
  }
  HttpResult photo(Client& c, const std::string& bytes, const std::string& extra = "") {
    return upload(c, bytes, "kind=photo&title=%E7%8E%B0%E5%9C%BA&filename=site.jpg&captured_at=" + ago(std::chrono::minutes(30)) + extra,
                  "image/jpeg");
  }
  std::string hex_hash(const std::string& bytes) {
    auto lease = srv->db()->acquire();
    return crypto::hex(crypto::digest(ledger::store_hash(*lease), bytes));
  }
  fs::path file_of(const std::string& hash) {
    return fs::path(srv->data_dir()) / "evidence" / hash.substr(0, 2) / hash.substr(2, 2) / hash;
  }
  std::string verify_problem() {
    auto lease = srv->db()->acquire();
    auto rep = ledger::verify(*lease, srv->data_dir());
    return rep.ok ? "" : rep.problem;
  }
  size_t incoming_files() {
    fs::path in = fs::path(srv->data_dir()) / "evidence" / "incoming";
    if (!fs::exists(in)) return 0;
    return size_t(std::distance(fs::directory_iterator(in), fs::directory_iterator()));
  }
};
}  // namespace

// R: REC-18, REC-22 — a photo is kept by its hash, read-only, with its entry; opening it is recorded.
TEST_F(EvidenceApi, UploadKeepsTheFileByHashAndRecordsEveryRead) {
  auto c = as("hz_insp1");
  std::string bytes = "\xff\xd8\xff\xe0 not really a jpeg, but bytes are bytes " + std::string(300000, 'x');
  auto r = photo(c, bytes);
  ASSERT_EQ(r.status, 201) << r.body;
  auto j = r.json();
  std::string hash = hex_hash(bytes);
  EXPECT_EQ(j["hash"], hash);
  EXPECT_EQ(j["size"], int64_t(bytes.size()));
  EXPECT_EQ(j["kind"], "photo");
  EXPECT_EQ(j["title"], "现场");
  EXPECT_EQ(j["media_type"], "image/jpeg");
  EXPECT_EQ(j["overdue"], false);
  EXPECT_EQ(j["retention"], "routine");
  EXPECT_EQ(j["recorder"]["id"], user("hz_insp1"));
  EXPECT_TRUE(j["disposal"].is_null());
  ASSERT_TRUE(fs::exists(file_of(hash)));
  struct stat st {};
  ASSERT_EQ(::stat(file_of(hash).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0440u);
  EXPECT_EQ(incoming_files(), 0u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM ledger_entries WHERE action = 'blob.store' AND subject_id = '" + hash + "'"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM ledger_entries WHERE action = 'evidence.upload'"), 1);

  std::string id = std::to_string(j["id"].get<int64_t>());
  auto before = count("SELECT COUNT(*) FROM ledger_entries WHERE action = 'evidence.read' AND subject_id = '" + id + "'");
  auto got = c.get("/api/v1/evidence/" + id + "/content");
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.body, bytes);
  EXPECT_EQ(got.headers["content-type"], "image/jpeg");
  EXPECT_NE(got.headers["content-disposition"].find("attachment"), std::string::npos);
  EXPECT_NE(got.headers["content-disposition"].find("site.jpg"), std::string::npos);
  EXPECT_EQ(c.get("/api/v1/evidence/" + id + "/content?inline=1").headers["content-disposition"].rfind("inline", 0), 0u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM ledger_entries WHERE action = 'evidence.read' AND subject_id = '" + id + "'"), before + 2);
  EXPECT_EQ(verify_problem(), "");
}

// R: REC-18 — the same content uploaded twice is two items and one file.
TEST_F(EvidenceApi, SameContentIsStoredOnce) {
  auto c = as("hz_insp1");
  std::string bytes(5000, 'q');
  auto a = photo(c, bytes), b = photo(c, bytes);
  ASSERT_EQ(a.status, 201) << a.body;
  ASSERT_EQ(b.status, 201) << b.body;
  EXPECT_NE(a.json()["id"], b.json()["id"]);
  EXPECT_EQ(a.json()["hash"], b.json()["hash"]);
  EXPECT_EQ(count("SELECT COUNT(*) FROM ledger_blobs"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM evidence_items"), 2);
  EXPECT_EQ(verify_problem(), "");
}

// R: REC-23 — audio and video name a registered device that someone held when it was recorded.
TEST_F(EvidenceApi, VideoNamesADeviceHeldAtCapture) {
  auto c = as("hz_insp2");
  // Demo cameras were handed out when the demo store was made, moments ago.
  std::string when = time::to_iso(time::now());
  std::string base = "kind=video&title=v&filename=v.mp4&captured_at=" + when;
  auto none = upload(c, "video", base, "video/mp4");
  EXPECT_EQ(none.status, 422);
  EXPECT_EQ(none.code(), "evidence.device_required");
  EXPECT_EQ(none.json()["error"]["details"]["field"], "device_id");
  auto stored = upload(c, "video", base + "&device_id=" + std::to_string(device("HZ-SXJ-001")), "video/mp4");
  EXPECT_EQ(stored.code(), "evidence.device_unassigned");
  auto other_city = upload(c, "video", base + "&device_id=" + std::to_string(device("NB-ZFJLY-001")), "video/mp4");
  EXPECT_EQ(other_city.code(), "evidence.device_invalid");
  // A camera held by a colleague: the recorder is its holder, the uploader is who sent it.
  auto ok = upload(c, "video", base + "&device_id=" + std::to_string(device("HZ-ZFJLY-001")), "video/mp4");
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(ok.json()["recorder"]["id"], user("hz_insp1"));
  EXPECT_EQ(ok.json()["uploaded_by"]["id"], user("hz_insp2"));
  EXPECT_EQ(ok.json()["device"]["serial_no"], "HZ-ZFJLY-001");
  EXPECT_EQ(ok.json()["device"]["kind_name"], "执法记录仪");
  // Before the camera was handed out nobody held it.
  auto early = upload(c, "video", "kind=video&title=v&filename=v.mp4&late_reason=x&captured_at=2020-01-01T00:00:00Z&device_id=" +
                                      std::to_string(device("HZ-ZFJLY-001")),
                      "video/mp4");
  EXPECT_EQ(early.code(), "evidence.device_unassigned");
}

// Bad input is refused with the field named, and leaves no row, no entry and no file behind.
TEST_F(EvidenceApi, RefusedUploadsChangeNothing) {
  auto c = as("hz_insp1");
  auto entries = count("SELECT COUNT(*) FROM ledger_entries WHERE action NOT LIKE 'auth.%'");
  struct Case {
    std::string query, media, body, field;
  };
  std::string t = "&captured_at=" + ago(std::chrono::minutes(5));
  std::vector<Case> cases = {
      {"kind=photo&filename=a.mp4" + t, "video/mp4", "x", "media_type"},
      {"kind=sound&filename=a.jpg" + t, "image/jpeg", "x", "kind"},
      {"kind=photo&filename=a.jpg&captured_at=yesterday", "image/jpeg", "x", "captured_at"},
      {"kind=photo&filename=a.jpg&captured_at=2099-01-01T00:00:00Z", "image/jpeg", "x", "captured_at"},
      {"kind=photo" + t, "image/jpeg", "x", "filename"},
      {"kind=photo&filename=a.jpg&retention=forever" + t, "image/jpeg", "x", "retention"},
      {"kind=photo&filename=a.jpg&owner_kind=case" + t, "image/jpeg", "x", "owner_id"},
      {"kind=photo&filename=a.jpg&owner_kind=nothing&owner_id=1" + t, "image/jpeg", "x", "owner_kind"},
      {"kind=photo&filename=a.jpg" + t, "image/jpeg", "", "file"},
  };
  for (const auto& k : cases) {
    auto r = upload(c, k.body, k.query, k.media);
    EXPECT_EQ(r.status, 422) << k.query << " " << r.body;
    EXPECT_EQ(r.json()["error"]["details"]["field"], k.field) << k.query;
    EXPECT_FALSE(r.json()["error"]["message"].get<std::string>().empty());
  }
  // Permission: the publicity officer does not upload evidence.
  auto pub = as("hz_pub");
  EXPECT_EQ(photo(pub, "x").status, 403);
  EXPECT_EQ(count("SELECT COUNT(*) FROM evidence_items"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM ledger_blobs"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM ledger_entries WHERE action NOT LIKE 'auth.%'"), entries);
  EXPECT_EQ(incoming_files(), 0u);
}

// R: REC-18, REC-21 — uploaded more than 24 hours after capture: a reason is required, and the
// item is on the supervisor's overdue list.
TEST_F(EvidenceApi, LateUploadNeedsAReasonAndIsListed) {
  auto c = as("hz_insp1");
  std::string late = "kind=photo&title=late&filename=l.jpg&captured_at=" + ago(std::chrono::minutes(60 * 30));
  auto refused = upload(c, "late", late, "image/jpeg");
  EXPECT_EQ(refused.status, 422);
  EXPECT_EQ(refused.code(), "evidence.late_reason_required");
  EXPECT_EQ(refused.json()["error"]["details"]["field"], "late_reason");
  auto ok = upload(c, "late", late + "&late_reason=%E6%97%A0%E4%BF%A1%E5%8F%B7", "image/png");
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(ok.json()["overdue"], true);
  EXPECT_EQ(ok.json()["late_reason"], "无信号");
  ASSERT_EQ(photo(c, "fresh").status, 201);
  auto head = as("hz_head");
  auto list = head.get("/api/v1/evidence?overdue=true").json();
  ASSERT_EQ(list["total"], 1);
  EXPECT_EQ(list["items"][0]["title"], "late");
  EXPECT_EQ(head.get("/api/v1/evidence?overdue=false").json()["total"], 1);
  EXPECT_EQ(head.get("/api/v1/evidence").json()["total"], 2);
  EXPECT_EQ(head.get("/api/v1/evidence?overdue=maybe").json()["error"]["details"]["field"], "overdue");
  EXPECT_EQ(head.get("/api/v1/evidence?from=2026-13-01").json()["error"]["details"]["field"], "from");
}

// R: ORG-1 — evidence and devices are seen in the bureau's subtree only.
TEST_F(EvidenceApi, ScopeHoldsForEvidenceAndDevices) {
  auto c = as("hz_insp1");
  auto r = photo(c, "scoped");
  ASSERT_EQ(r.status, 201);
  std::string id = std::to_string(r.json()["id"].get<int64_t>());
  auto nb = as("nb_insp1");
  EXPECT_EQ(nb.get("/api/v1/evidence/" + id).status, 404);
  EXPECT_EQ(nb.get("/api/v1/evidence/" + id + "/content").status, 404);
  EXPECT_EQ(nb.get("/api/v1/evidence").json()["total"], 0);
  EXPECT_EQ(nb.get("/api/v1/devices/" + std::to_string(device("HZ-ZFJLY-001"))).status, 404);
  const auto nb_devices = nb.get("/api/v1/devices").json();
  for (auto& d : nb_devices["items"]) EXPECT_EQ(d["serial_no"].get<std::string>().substr(0, 3), "NB-");
  auto prov = as("zj_head");
  EXPECT_EQ(prov.get("/api/v1/evidence/" + id).status, 200);
  EXPECT_EQ(prov.get("/api/v1/evidence").json()["total"], 1);
  // The district below Hangzhou does not see the city's evidence.
  EXPECT_EQ(as("xh_insp1").get("/api/v1/evidence/" + id).status, 404);
}

// R: REC-23 — devices are registered by the unit, handed to named staff, returned and retired,
// each step a new row and an entry.
TEST_F(EvidenceApi, DevicesAreAssignedToNamedPeople) {
  auto head = as("hz_unit_head");
  int64_t hz = id_of("SELECT id FROM bureaus WHERE code = '330100'");
  nlohmann::json in = {{"bureau_id", hz}, {"serial_no", "HZ-ZFJLY-009"}, {"kind", "body_camera"}, {"model", "警翼 X8"}};
  EXPECT_EQ(as("hz_insp1").post("/api/v1/devices", in).status, 403);
  auto made = head.post("/api/v1/devices", in);
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_TRUE(made.json()["holder"].is_null());
  std::string id = std::to_string(made.json()["id"].get<int64_t>());
  auto dup = head.post("/api/v1/devices", in);
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(dup.json()["error"]["details"]["field"], "serial_no");
  auto bad_kind = in;
  bad_kind["serial_no"] = "HZ-X";
  bad_kind["kind"] = "drone";
  EXPECT_EQ(head.post("/api/v1/devices", bad_kind).json()["error"]["details"]["field"], "kind");
  auto sibling = in;
  sibling["serial_no"] = "NB-X";
  sibling["bureau_id"] = id_of("SELECT id FROM bureaus WHERE code = '330200'");
  EXPECT_EQ(head.post("/api/v1/devices", sibling).json()["error"]["details"]["field"], "bureau_id");

  EXPECT_EQ(head.post("/api/v1/devices/" + id + "/assign", {{"user_id", user("nb_insp1")}}).json()["error"]["details"]["field"], "user_id");
  auto given = head.post("/api/v1/devices/" + id + "/assign", {{"user_id", user("hz_insp3")}});
  ASSERT_EQ(given.status, 200) << given.body;
  EXPECT_EQ(given.json()["holder"]["name"], "何勇");
  EXPECT_EQ(head.post("/api/v1/devices/" + id + "/assign", {{"user_id", user("hz_insp3")}}).code(), "device.no_change");
  ASSERT_EQ(head.post("/api/v1/devices/" + id + "/assign", {{"user_id", nullptr}}).status, 200);
  ASSERT_EQ(head.post("/api/v1/devices/" + id + "/assign", {{"user_id", user("hz_insp1")}}).status, 200);
  auto retired = head.post("/api/v1/devices/" + id + "/retire", {{"reason", "损坏"}});
  ASSERT_EQ(retired.status, 200) << retired.body;
  EXPECT_EQ(retired.json()["status"], "retired");
  EXPECT_TRUE(retired.json()["holder"].is_null());
  EXPECT_EQ(head.post("/api/v1/devices/" + id + "/assign", {{"user_id", user("hz_insp1")}}).code(), "device.retired");
  auto detail = head.get("/api/v1/devices/" + id).json();
  ASSERT_EQ(detail["assignments"].size(), 4u) << detail.dump();
  EXPECT_EQ(count("SELECT COUNT(*) FROM ledger_entries WHERE action LIKE 'device.%' AND subject_id = '" + id + "'"), 6);
  EXPECT_EQ(head.get("/api/v1/devices?status=retired").json()["items"].size(), 1u);
  EXPECT_EQ(verify_problem(), "");
}

// R: REC-19, REC-21 — nothing is deleted at will: disposal only after retention, asked by one
// person and approved by another; the record of the item and of its disposal stays.
TEST_F(EvidenceApi, DisposalAfterRetentionTakesTwoPeople) {
  auto insp = as("hz_insp1");
  auto fresh = photo(insp, "fresh photo");
  ASSERT_EQ(fresh.status, 201);
  std::string old_bytes = "old photo from 2024";
  auto old = upload(insp, old_bytes,
                    "kind=photo&title=old&filename=o.jpg&captured_at=2024-03-01T02:00:00Z&late_reason=%E8%A1%A5%E5%BD%95", "image/jpeg");
  ASSERT_EQ(old.status, 201) << old.body;
  EXPECT_EQ(old.json()["retain_until"], "2025-03-01");
  auto perm = upload(insp, "kept forever", "kind=document&title=p&filename=p.pdf&retention=permanent&captured_at=2024-03-01T02:00:00Z&late_reason=x",
                     "application/pdf");
  ASSERT_EQ(perm.status, 201) << perm.body;
  EXPECT_TRUE(perm.json()["retain_until"].is_null());
  auto path = [](const HttpResult& r, const char* tail) { return "/api/v1/evidence/" + std::to_string(r.json()["id"].get<int64_t>()) + tail; };

  auto arch = as("hz_archivist");
  EXPECT_EQ(insp.post(path(old, "/disposal"), {{"reason", "期满"}}).status, 403);
  EXPECT_EQ(arch.post(path(fresh, "/disposal"), {{"reason", "期满"}}).code(), "evidence.retention_not_ended");
  EXPECT_EQ(arch.post(path(perm, "/disposal"), {{"reason", "期满"}}).code(), "evidence.retention_permanent");
  EXPECT_EQ(arch.post(path(old, "/disposal"), nlohmann::json::object()).json()["error"]["details"]["field"], "reason");
  auto req = arch.post(path(old, "/disposal"), {{"reason", "保存期满，经清点无保留价值"}});
  ASSERT_EQ(req.status, 201) << req.body;
  EXPECT_EQ(req.json()["disposal"]["state"], "requested");
  EXPECT_EQ(arch.post(path(old, "/disposal"), {{"reason", "again"}}).code(), "evidence.disposal_pending");
  std::string rid = std::to_string(req.json()["disposal"]["request_id"].get<int64_t>());
  // The head's list of what awaits a decision, and the uploader filter.
  auto head = as("hz_head");
  auto pending = head.get("/api/v1/evidence?disposal=requested").json();
  ASSERT_EQ(pending["total"], 1) << pending.dump();
  EXPECT_EQ(pending["items"][0]["id"], old.json()["id"]);
  EXPECT_EQ(head.get("/api/v1/evidence?disposal=approved").json()["total"], 0);
  EXPECT_EQ(head.get("/api/v1/evidence?disposal=maybe").json()["error"]["details"]["field"], "disposal");
  std::string uploader = std::to_string(old.json()["uploaded_by"]["id"].get<int64_t>());
  EXPECT_EQ(head.get("/api/v1/evidence?uploaded_by=" + uploader).json()["total"], 3);
  EXPECT_EQ(head.get("/api/v1/evidence?uploaded_by=" + uploader + "&disposal=requested").json()["total"], 1);

  EXPECT_EQ(arch.post("/api/v1/evidence-disposals/" + rid + "/decision", {{"approve", true}, {"opinion", "同意"}}).status, 403);
  EXPECT_EQ(head.post("/api/v1/evidence-disposals/" + rid + "/decision", {{"opinion", "同意"}}).json()["error"]["details"]["field"],
            "approve");
  std::string hash = old.json()["hash"];
  ASSERT_TRUE(fs::exists(file_of(hash)));
  auto ok = head.post("/api/v1/evidence-disposals/" + rid + "/decision", {{"approve", true}, {"opinion", "同意处置"}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json()["disposal"]["state"], "approved");
  EXPECT_EQ(ok.json()["disposal"]["decided_by"], "杨光明");
  EXPECT_EQ(head.get("/api/v1/evidence?disposal=requested").json()["total"], 0);
  EXPECT_EQ(head.get("/api/v1/evidence?disposal=approved").json()["total"], 1);
  EXPECT_FALSE(fs::exists(file_of(hash)));
  EXPECT_EQ(head.post("/api/v1/evidence-disposals/" + rid + "/decision", {{"approve", true}, {"opinion", "x"}}).code(),
            "evidence.disposal_decided");
  EXPECT_EQ(insp.get(path(old, "/content")).status, 410);
  EXPECT_EQ(insp.get(path(old, "")).status, 200);  // the description stays
  EXPECT_EQ(count("SELECT COUNT(*) FROM ledger_blob_disposals WHERE hash = '" + hash + "'"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM ledger_entries WHERE action = 'blob.dispose'"), 1);
  EXPECT_EQ(verify_problem(), "");  // a disposed file is not missing
}

// R: REC-21 — the person who asks cannot also approve, whatever roles they hold.
TEST_F(EvidenceApi, RequesterCannotApproveOwnDisposal) {
  auto admin = as("hz_sysadmin");
  auto made = admin.post("/api/v1/users", {{"username", "hz_both"}, {"name", "两职"}, {"bureau_id", id_of("SELECT id FROM bureaus WHERE code = '330100'")},
                                           {"roles", {"archivist", "bureau_head"}}, {"password", "Start#2026a"}});
  ASSERT_EQ(made.status, 201) << made.body;
  Client both(srv->port());
  ASSERT_EQ(both.login("hz_both", "Start#2026a").status, 200);
  ASSERT_EQ(both.post("/api/v1/auth/password", {{"old_password", "Start#2026a"}, {"new_password", "Zhifa@2027x"}}).status, 200);
  auto old = upload(both, "old", "kind=photo&filename=o.jpg&captured_at=2023-05-01T00:00:00Z&late_reason=x", "image/jpeg");
  ASSERT_EQ(old.status, 201) << old.body;
  auto req = both.post("/api/v1/evidence/" + std::to_string(old.json()["id"].get<int64_t>()) + "/disposal", {{"reason", "期满"}});
  ASSERT_EQ(req.status, 201) << req.body;
  std::string rid = std::to_string(req.json()["disposal"]["request_id"].get<int64_t>());
  EXPECT_EQ(both.post("/api/v1/evidence-disposals/" + rid + "/decision", {{"approve", true}, {"opinion", "x"}}).code(), "evidence.same_person");
  // A refusal by someone else keeps the file; a new request may follow.
  auto refused = as("hz_head").post("/api/v1/evidence-disposals/" + rid + "/decision", {{"approve", false}, {"opinion", "仍有保留价值"}});
  ASSERT_EQ(refused.status, 200) << refused.body;
  EXPECT_EQ(refused.json()["disposal"]["state"], "refused");
  EXPECT_TRUE(fs::exists(file_of(old.json()["hash"])));
}

// Authentication is checked before the body is read: an anonymous 50 MB upload is refused at the
// headers, and a declared size over the limit is refused before any byte arrives.
TEST_F(EvidenceApi, UploadsAreRefusedBeforeTheBody) {
  auto anon = Client(srv->port()).raw(
      "POST /api/v1/evidence?kind=photo&filename=a.jpg HTTP/1.1\r\nHost: x\r\nContent-Type: image/jpeg\r\n"
      "Content-Length: 50000000\r\nExpect: 100-continue\r\n\r\n");
  EXPECT_EQ(anon.status, 401) << anon.body;
  Client api(srv->port());
  api.login_ready("hz_insp1");
  auto token = api.login("hz_insp1", "Zhifa@2027x").json()["token"].get<std::string>();
  auto big = Client(srv->port()).raw("POST /api/v1/evidence?kind=video&filename=a.mp4 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                                     token + "\r\nContent-Type: video/mp4\r\nContent-Length: 9663676416\r\nExpect: 100-continue\r\n\r\n");
  EXPECT_EQ(big.status, 413) << big.body;
  EXPECT_EQ(incoming_files(), 0u);
}

// R: REC-21 — verify rehashes every kept file and names the one changed or missing, and names an
// evidence row edited with the append-only triggers out of the way.
TEST_F(EvidenceApi, VerifyNamesChangedMissingAndEditedEvidence) {
  auto c = as("hz_insp1");
  auto a = photo(c, "first file");
  auto b = photo(c, "second file");
  ASSERT_EQ(a.status, 201);
  ASSERT_EQ(b.status, 201);
  ASSERT_EQ(verify_problem(), "");
  std::string ha = a.json()["hash"], hb = b.json()["hash"];

  fs::permissions(file_of(ha), fs::perms::owner_write, fs::perm_options::add);
  { std::ofstream(file_of(ha), std::ios::binary) << "first filf"; }
  auto p = verify_problem();
  EXPECT_NE(p.find(ha), std::string::npos) << p;
  { std::ofstream(file_of(ha), std::ios::binary) << "first file"; }
  ASSERT_EQ(verify_problem(), "");

  fs::remove(file_of(hb));
  p = verify_problem();
  EXPECT_NE(p.find(hb), std::string::npos) << p;
  { std::ofstream(file_of(hb), std::ios::binary) << "second file"; }
  ASSERT_EQ(verify_problem(), "");

  // The triggers refuse an edit; with them out of the way, verify still names it.
  auto lease = srv->db()->acquire();
  EXPECT_THROW(lease->exec_script("UPDATE evidence_items SET captured_at = '2026-01-01T00:00:00.000Z'"), std::exception);
  if (test::store_name() == "sqlite") {
    lease->exec_script("DROP TRIGGER evidence_items_no_update");
  } else {
    lease->exec_script("ALTER TABLE evidence_items DISABLE TRIGGER USER");
  }
  lease->exec_script("UPDATE evidence_items SET captured_at = '2026-01-01T00:00:00.000Z' WHERE hash = '" + hb + "'");
  auto rep = ledger::verify(*lease, srv->data_dir());
  ASSERT_FALSE(rep.ok);
  EXPECT_NE(rep.problem.find("evidence_items"), std::string::npos) << rep.problem;
  EXPECT_NE(rep.problem.find("captured_at"), std::string::npos) << rep.problem;
}
