#include "support/api_test.h"

#include <iconv.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "base/crypto.h"
#include "base/time.h"
#include "ledger/verify.h"
#include "support/test_db.h"

namespace zhifa::test {

void ApiTest::SetUp() { srv = std::make_unique<TestServer>(demo_database()); }

Client ApiTest::as(const std::string& user) {
  Client c(srv->port());
  c.login_ready(user);
  return c;
}

int64_t ApiTest::count(const std::string& sql) {
  auto lease = srv->db()->acquire();
  auto q = lease->prepare(sql);
  q->step();
  return q->row().i64(0);
}

std::string ApiTest::verify_problem() {
  auto lease = srv->db()->acquire();
  auto rep = ledger::verify(*lease, srv->data_dir());
  return rep.ok ? "" : rep.problem;
}

int64_t ApiTest::task_of(const std::string& username, int nth) {
  auto lease = srv->db()->acquire();
  auto q = lease->prepare(
      "SELECT t.id FROM draw_tasks t JOIN draw_task_members m ON m.task_id = t.id JOIN inspectors i ON i.id = m.inspector_id "
      "JOIN users u ON u.id = i.user_id WHERE u.username = ? AND m.left_at IS NULL ORDER BY t.id");
  q->bind(username);
  for (int k = 0; q->step(); ++k)
    if (k == nth) return q->row().i64(0);
  ADD_FAILURE() << "no task for " << username;
  return 0;
}

std::string ApiTest::cert_of(const std::string& username) {
  auto lease = srv->db()->acquire();
  auto q = lease->prepare("SELECT i.certificate_no FROM inspectors i JOIN users u ON u.id = i.user_id WHERE u.username = ?");
  q->bind(username);
  EXPECT_TRUE(q->step()) << username;
  return q->row().text(0);
}

void ApiTest::field_inspection(Client& c, int nth, nlohmann::json outcome, const std::string& last_channel) {
  auto sent = [](nlohmann::json body, const std::string& channel) {  // the phone's envelope
    body["client_id"] = uuid();
    body["channel"] = channel;
    body["device_time"] = time::to_iso(time::now());
    return body;
  };
  auto s = c.post("/api/v1/inspections", sent({{"task_id", task_of("hz_insp1", nth)}}, "mobile"));
  ASSERT_EQ(s.status, 201) << s.body;
  const std::string base = "/api/v1/inspections/" + std::to_string(s.json()["inspection"]["id"].get<int64_t>());
  bool refused = false;
  auto step = [&](const nlohmann::json& body, const std::string& channel = "mobile") {
    if (refused) return;
    auto r = c.post(base + "/steps", sent(body, channel));
    EXPECT_EQ(r.status, 201) << body.dump() << ": " << r.body;
    refused = r.status != 201;
  };
  auto upload = [&](const std::string& kind, const std::string& media) -> int64_t {
    std::string q = "kind=" + kind + "&title=t&filename=f&captured_at=" + time::to_iso(time::now()) + "&channel=mobile&client_id=" + uuid();
    if (kind == "video") q += "&device_id=" + std::to_string(count("SELECT id FROM evidence_devices WHERE serial_no = 'HZ-ZFJLY-001'"));
    auto r = c.request("POST", base + "/evidence?" + q, kind + uuid(), {{"Content-Type", media}});
    EXPECT_EQ(r.status, 201) << r.body;
    refused = refused || r.status != 201;
    return r.status == 201 ? r.json()["evidence"]["id"].get<int64_t>() : 0;
  };
  step({{"kind", "certificate"}, {"members", {cert_of("hz_insp1"), cert_of("hz_insp3")}}});
  step({{"kind", "notice"},        {"body", "杭州市统计局"},   {"basis", "《中华人民共和国统计法》第三十三条"},
        {"scope", "2025年统计数据"}, {"content", "统计资料真实性"}, {"method", "现场检查"},
        {"time", "2026年7月20日"},    {"requirements", "提供原始记录和统计台账"}, {"manner", "direct"}});
  const int64_t pic = upload("photo", "image/jpeg");
  for (int no = 1; no <= 5; ++no) step({{"kind", "answer"}, {"point_no", no}, {"answer", "符合"}, {"evidence_ids", {pic}}});
  const int64_t video = upload("video", "video/mp4");
  step({{"kind", "refusal"}, {"reason", "拒签"}, {"evidence_ids", {video}}});
  outcome["kind"] = "outcome";
  step(outcome);
  step({{"kind", "complete"}}, last_channel);
}

std::string uuid() {
  std::string h = crypto::hex(crypto::random_bytes(16));
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" + h.substr(20, 12);
}

std::string to_gb18030(const std::string& utf8) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  std::string out(utf8.size() * 2 + 8, '\0');
  char* src = const_cast<char*>(utf8.data());
  size_t sl = utf8.size(), dl = out.size();
  char* dst = out.data();
  EXPECT_NE(iconv(cd, &src, &sl, &dst, &dl), size_t(-1));
  iconv_close(cd);
  out.resize(out.size() - dl);
  return out;
}

bool has_import_error(const nlohmann::json& errors, int line, const std::string& column, const std::string& part) {
  for (const auto& e : errors)
    if (e["line"] == line && e["column"] == column && e["reason"].get<std::string>().find(part) != std::string::npos) return true;
  return false;
}

std::string sh(const std::string& cmd, int* status) {
  std::string out;
  FILE* f = popen(cmd.c_str(), "r");
  if (!f) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  int st = pclose(f);
  if (status) *status = st;
  return out;
}

ScratchDir::ScratchDir(const std::string& prefix)
    : dir_(std::filesystem::temp_directory_path() / (prefix + "-" + std::to_string(::getpid()))) {
  std::filesystem::create_directories(dir_);
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::string ScratchDir::write(const std::string& name, const std::string& bytes) const {
  std::ofstream(dir_ / name, std::ios::binary) << bytes;
  return path(name);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int run_zhifa(const std::string& db_url, const std::string& args, std::string& out) {
#ifdef ZHIFA_BIN_PATH
  const char* env = std::getenv("ZHIFA_BIN");
  std::string bin = env && *env ? env : ZHIFA_BIN_PATH;
#else
  const char* env = std::getenv("ZHIFA_BIN");
  std::string bin = env && *env ? env : "zhifa";
#endif
  std::string cmd = bin + " --db '" + db_url + "' " + args + " 2>&1";
  FILE* f = ::popen(cmd.c_str(), "r");
  out.clear();
  if (!f) return -1;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  int st = ::pclose(f);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

}  // namespace zhifa::test
