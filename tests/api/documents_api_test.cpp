// Enforcement documents over HTTP on both stores (REC-2, REC-21, DR-6; deliverable 4 of issue 6):
// the draw's witnessed-session record (抽查工作记录) of the demo's completed draw listed, rendered
// as A4 HTML and PDF; the PDF's text (pdftotext) holds the title, the bureau, the witnesses and
// the drawn objects; the QR code at its foot (pdftoppm + zbarimg) is the offline proof of the
// ledger entry it renders and verifies against the checkpoint with docs/verify_ledger.py; the
// same document generated twice is one record with one hash; scope and permissions; the signed
// scan linked back; `ledger verify` after.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "base/crypto.h"
#include "base/time.h"
#include "db/db.h"
#include "ledger/checkpoint.h"
#include "ledger/verify.h"
#include "support/api_test.h"

using namespace zhifa;
using test::Client;
using test::HttpResult;
using test::sh;
using nlohmann::json;

namespace {

std::string squeeze(const std::string& s) {
  std::string out;
  for (char ch : s)
    if (ch != ' ' && ch != '\n' && ch != '\f') out += ch;
  return out;
}

class DocumentsApi : public test::ApiTest {
protected:
  void SetUp() override {
    ApiTest::SetUp();
    // The server of `zhifa serve` signs a checkpoint each second; this one signs when asked.
    auto lease = srv->db()->acquire();
    db::Transaction tx(*lease);
    keys_.emplace(ledger::init_keys(*lease, srv->data_dir(), ""));
    tx.commit();
  }
  void checkpoint() {
    auto lease = srv->db()->acquire();
    db::Transaction tx(*lease);
    ledger::make_checkpoint(*lease, *keys_);
    tx.commit();
  }
  int64_t drawn_session() { return count("SELECT MIN(id) FROM draw_sessions WHERE state = 'drawn'"); }
  std::string base() { return "/api/v1/documents/draw_session/" + std::to_string(drawn_session()); }
  std::optional<ledger::Keys> keys_;
  test::ScratchDir dir{"zhifa-docs"};
};

// R: DR-6, REC-2 — the draw's session record is a document of the session: listed, rendered as
// PDF with its Chinese title, bureau, witnesses, seed and objects; HTML for A4 printing.
TEST_F(DocumentsApi, DrawSessionRecordRendersAsPdfAndHtml) {
  checkpoint();
  auto c = as("hz_unit_head");
  auto list = c.get(base());
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list.json()["items"].size(), 1u);
  EXPECT_EQ(list.json()["items"][0]["template_code"], "draw_record");
  EXPECT_TRUE(list.json()["items"][0]["last"].is_null());

  auto session = c.get("/api/v1/draws/" + std::to_string(drawn_session())).json();
  auto pdf = c.get(base() + "/draw_record.pdf");
  ASSERT_EQ(pdf.status, 200) << pdf.body;
  EXPECT_EQ(pdf.headers["content-type"], "application/pdf");
  ASSERT_EQ(pdf.body.rfind("%PDF-", 0), 0u);
  const std::string path = dir.write("d.pdf", pdf.body);
  const std::string text = squeeze(sh("pdftotext -enc UTF-8 '" + path + "' -"));
  EXPECT_NE(text.find("双随机抽查抽取记录"), std::string::npos) << text.substr(0, 400);
  EXPECT_NE(text.find(squeeze(session["bureau_name"].get<std::string>())), std::string::npos);
  EXPECT_NE(text.find(squeeze(session["title"].get<std::string>())), std::string::npos);
  EXPECT_NE(text.find(session["draw"]["seed"].get<std::string>()), std::string::npos);
  for (const auto& w : session["draw"]["witnesses"]) EXPECT_NE(text.find(w["name"].get<std::string>()), std::string::npos) << w.dump();
  ASSERT_FALSE(session["tasks"].empty());
  for (const auto& t : session["tasks"]) {
    EXPECT_NE(text.find(squeeze(t["object"]["name"].get<std::string>())), std::string::npos) << t["object"].dump();
    EXPECT_NE(text.find(t["object"]["credit_code"].get<std::string>()), std::string::npos);
  }
  const std::string seq = pdf.headers["x-ledger-seq"];
  EXPECT_NE(text.find("本文书已记入执法记录，第" + seq + "条"), std::string::npos);

  auto html = c.get(base() + "/draw_record.html");
  ASSERT_EQ(html.status, 200);
  EXPECT_EQ(html.headers["content-type"], "text/html; charset=utf-8");
  EXPECT_NE(html.body.find("@page { size: A4"), std::string::npos);
  EXPECT_NE(html.body.find("双随机抽查抽取记录"), std::string::npos);
  EXPECT_NE(html.body.find("<svg"), std::string::npos);
  EXPECT_EQ(html.headers["x-document-hash"], pdf.headers["x-document-hash"]);

  auto meta = c.get(base() + "/draw_record");
  ASSERT_EQ(meta.status, 200) << meta.body;
  EXPECT_EQ(meta.json()["rendered_seq"].get<int64_t>(), std::stoll(seq));
  EXPECT_EQ(meta.json()["entry_hash"].get<std::string>().size(), 64u);
  EXPECT_NE(text.find(meta.json()["entry_hash"].get<std::string>().substr(0, 16)), std::string::npos);
  EXPECT_EQ(verify_problem(), "");
}

// R: REC-21, REC-22 — the QR code at the foot decodes to the offline proof of the rendered entry, and that
// proof verifies against the signed checkpoint with the standalone verifier.
TEST_F(DocumentsApi, QrCodeIsTheOfflineProofAndVerifies) {
  checkpoint();
  auto c = as("hz_unit_head");
  auto pdf = c.get(base() + "/draw_record.pdf");
  ASSERT_EQ(pdf.status, 200) << pdf.body;
  const std::string path = dir.write("q.pdf", pdf.body);
  int st = 0;
  sh("pdftoppm -r 300 -gray -png '" + path + "' '" + dir.path("page") + "'", &st);
  ASSERT_EQ(st, 0);
  std::string decoded;
  for (const auto& e : std::filesystem::directory_iterator(dir.path("")))
    if (e.path().extension() == ".png") decoded += sh("zbarimg --raw -q '" + e.path().string() + "'");
  ASSERT_FALSE(decoded.empty()) << "no QR code found";
  const std::string seq = pdf.headers["x-ledger-seq"];
  auto proof = Client(srv->port()).get("/api/v1/ledger/entries/" + seq + "/tlog-proof");
  ASSERT_EQ(proof.status, 200);
  // zbarimg ends each symbol with a newline of its own.
  EXPECT_EQ(decoded.substr(0, proof.body.size()), proof.body);
  auto keys = Client(srv->port()).get("/api/v1/ledger/keys");
  const std::string pf = dir.write("decoded.tlog-proof", decoded.substr(0, proof.body.size()));
  const std::string kf = dir.write("keys.json", keys.body);
  const std::string out =
      sh(std::string("python3 ") + ZHIFA_SOURCE_DIR + "/docs/verify_ledger.py proof '" + pf + "' --keys '" + kf + "' 2>&1", &st);
  EXPECT_EQ(st, 0) << out;
  EXPECT_NE(squeeze(out).find("\"seq\":" + seq), std::string::npos) << out;
  // A doctored proof is refused by the same verifier: the check can fail.
  std::string bad = decoded.substr(0, proof.body.size());
  bad.replace(bad.find("\nindex "), 7, "\nindex 1");
  const std::string bf = dir.write("bad.tlog-proof", bad);
  sh(std::string("python3 ") + ZHIFA_SOURCE_DIR + "/docs/verify_ledger.py proof '" + bf + "' --keys '" + kf + "' 2>&1", &st);
  EXPECT_NE(st, 0);
}

// R: REC-2, REC-21 — generating is recorded: one row and one ledger entry per distinct content; the same
// document printed twice is the same bytes, the same hash, the same record.
TEST_F(DocumentsApi, SameDocumentTwiceIsOneRecordWithOneHash) {
  checkpoint();
  auto c = as("hz_unit_head");
  auto a = c.get(base() + "/draw_record.pdf");
  auto b = c.get(base() + "/draw_record.pdf");
  ASSERT_EQ(a.status, 200);
  ASSERT_EQ(b.status, 200);
  EXPECT_EQ(crypto::sha256_hex(a.body), crypto::sha256_hex(b.body));
  EXPECT_EQ(a.headers["x-document-hash"], b.headers["x-document-hash"]);
  EXPECT_EQ(count("SELECT COUNT(*) FROM document_generations"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM ledger_entries WHERE action = 'document.generate'"), 1);
  auto list = c.get(base()).json();
  EXPECT_EQ(list["items"][0]["last"]["pdf_hash"], a.headers["x-document-hash"]);
  EXPECT_EQ(list["items"][0]["last"]["rendered_seq"].get<int64_t>(), std::stoll(a.headers["x-ledger-seq"]));
  // Another user printing it gets the same document.
  auto other = as("hz_head").get(base() + "/draw_record.pdf");
  ASSERT_EQ(other.status, 200) << other.body;
  EXPECT_EQ(other.headers["x-document-hash"], a.headers["x-document-hash"]);
  EXPECT_EQ(count("SELECT COUNT(*) FROM document_generations"), 1);
  EXPECT_EQ(verify_problem(), "");
}

// Scope and permissions: a sibling city's staff see no such record; someone without the draw's
// read permission is refused; an unknown kind or code is named.
TEST_F(DocumentsApi, ScopePermissionAndUnknownNames) {
  checkpoint();
  auto ningbo = as("nb_unit_head");
  EXPECT_EQ(ningbo.get(base() + "/draw_record.pdf").code(), "draw.not_found");
  EXPECT_EQ(ningbo.get(base()).code(), "draw.not_found");
  EXPECT_EQ(as("hz_sysadmin").get(base() + "/draw_record.pdf").status, 403);
  auto c = as("hz_unit_head");
  EXPECT_EQ(c.get("/api/v1/documents/no_such_kind/1").code(), "document.owner_kind_unknown");
  EXPECT_EQ(c.get(base() + "/penalty_decision.pdf").code(), "document.not_found");
  EXPECT_EQ(c.get("/api/v1/documents/draw_session/abc/draw_record.pdf").code(), "draw.not_found");
  EXPECT_EQ(Client(srv->port()).get(base()).status, 401);
  EXPECT_EQ(count("SELECT COUNT(*) FROM document_generations"), 0);
}

// R: REC-2 — the signed paper comes back as an evidence item of kind document and is linked to
// the document with a ledger entry; a photo is refused naming the field.
TEST_F(DocumentsApi, SignedScanIsLinkedBack) {
  checkpoint();
  auto c = as("hz_unit_head");
  auto upload = [&](const std::string& kind, const std::string& mt) {
    return c.request("POST",
                     "/api/v1/evidence?kind=" + kind + "&title=%E7%AD%BE%E6%94%B6&filename=scan.pdf&captured_at=" +
                         time::to_iso(time::now() - std::chrono::minutes(5)),
                     "%PDF-1.4 signed scan " + kind, {{"Content-Type", mt}});
  };
  auto doc = upload("document", "application/pdf");
  ASSERT_EQ(doc.status, 201) << doc.body;
  auto photo = upload("photo", "image/jpeg");
  ASSERT_EQ(photo.status, 201) << photo.body;
  auto bad = c.post(base() + "/draw_record/scan", {{"evidence_id", photo.json()["id"]}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.code(), "document.scan_not_document");
  EXPECT_EQ(c.post(base() + "/draw_record/scan", json::object()).code(), "validation.invalid");
  auto ok = c.post(base() + "/draw_record/scan", {{"evidence_id", doc.json()["id"]}});
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_GT(ok.json()["ledger_seq"].get<int64_t>(), 0);
  EXPECT_EQ(c.post(base() + "/draw_record/scan", {{"evidence_id", doc.json()["id"]}}).code(), "document.scan_linked");
  EXPECT_EQ(count("SELECT COUNT(*) FROM ledger_entries WHERE action = 'document.scan_attach'"), 1);
  checkpoint();
  auto meta = c.get(base() + "/draw_record").json();
  ASSERT_EQ(meta["scans"].size(), 1u);
  EXPECT_EQ(meta["scans"][0]["evidence_id"], doc.json()["id"]);
  EXPECT_EQ(verify_problem(), "");
}

}  // namespace
