// Server-side progress of an import (INF-2 "Progress for large files in the console") on both
// stores: a 20,000-row file imported on one thread while another polls
// GET /api/v1/import-progress/{id} and sees the phases advance (读取 → 校验 → 写入) with
// done <= total; the entry is the importing user's alone; ids are checked.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <set>
#include <thread>

#include "demo/registry_demo.h"
#include "support/api_test.h"

using namespace zhifa;
using test::Client;
using test::HttpResult;
using nlohmann::json;

namespace {

class ImportProgressApi : public test::ApiTest {
protected:
  // Short rows, so that 20,000 of them stay under the test server's 1 MiB body limit.
  static std::string objects_file(int rows) {
    std::string csv = "统一社会信用代码,单位名称,行政区划代码,行业代码\n";
    csv.reserve(size_t(rows) * 48);
    for (int i = 0; i < rows; ++i) csv += demo::demo_credit_code("330106", 100000 + i) + ",单位" + std::to_string(i) + ",330106,C13\n";
    return csv;
  }
  static int phase_rank(const std::string& p) { return p == "read" ? 0 : p == "validate" ? 1 : p == "write" ? 2 : -1; }
};

}  // namespace

// R: INF-2 — the phases advance while the import runs, never backwards, done <= total throughout.
TEST_F(ImportProgressApi, PollingSeesThePhasesAdvanceWhileA20000RowImportRuns) {
  constexpr int kRows = 20000;
  auto importer = as("hz_unit_head");
  Client poller = importer;  // the same session on its own connections
  const std::string id = "p-20000-rows-test";
  const std::string file = objects_file(kRows);
  EXPECT_EQ(poller.get("/api/v1/import-progress/" + id).status, 404);  // nothing yet

  std::atomic<bool> finished{false};
  HttpResult result;
  std::thread t([&] {
    result = importer.request("POST", "/api/v1/objects/import?mode=commit&progress_id=" + id, file, {{"Content-Type", "text/csv"}});
    finished = true;
  });
  std::vector<json> seen;
  while (!finished) {
    auto r = poller.get("/api/v1/import-progress/" + id);
    if (r.status == 200) {
      seen.push_back(r.json());
    } else {
      EXPECT_EQ(r.status, 404) << r.body;  // the upload has not reached the handler yet
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  t.join();
  ASSERT_EQ(result.status, 200) << result.body.substr(0, 500);
  EXPECT_EQ(result.json()["created"], kRows);

  // Seen while running: the phases in order, counts within bounds, more than one stage of work.
  int rank = -1;
  std::set<std::string> phases;
  std::set<int64_t> validate_counts;
  for (const auto& p : seen) {
    const std::string phase = p["phase"];
    ASSERT_GE(phase_rank(phase), 0) << p.dump();
    EXPECT_GE(phase_rank(phase), rank) << "phase went backwards: " << p.dump();
    rank = std::max(rank, phase_rank(phase));
    EXPECT_LE(p["done"].get<int64_t>(), p["total"].get<int64_t>()) << p.dump();
    EXPECT_EQ(p["progress_id"], id);
    if (!p["finished"].get<bool>()) {
      phases.insert(phase);
      if (phase == "validate") validate_counts.insert(p["done"].get<int64_t>());
      if (phase != "read") {
        EXPECT_EQ(p["total"], kRows) << p.dump();
      }
    }
  }
  ASSERT_FALSE(seen.empty());
  EXPECT_TRUE(phases.count("validate") && phases.count("write")) << "phases seen while running: " << phases.size();
  EXPECT_GE(phases.size() + validate_counts.size(), 3u) << "the poller saw too little of the import's progress";

  // Finished: the whole file written; the entry stays readable for a while, to its own user only.
  auto last = poller.get("/api/v1/import-progress/" + id);
  ASSERT_EQ(last.status, 200) << last.body;
  EXPECT_EQ(last.json()["finished"], true);
  EXPECT_EQ(last.json()["outcome"], "ok");
  EXPECT_EQ(last.json()["phase"], "write");
  EXPECT_EQ(last.json()["phase_name"], "写入");
  EXPECT_EQ(last.json()["done"], kRows);
  EXPECT_EQ(last.json()["total"], kRows);
  auto other = as("hz_insp1");
  auto r = other.get("/api/v1/import-progress/" + id);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.code(), "import.progress_not_found");
}

// R: INF-2 — a rejected file ends its entry as failed; a malformed id is refused before any work.
TEST_F(ImportProgressApi, RejectedImportsAndMalformedIds) {
  auto c = as("hz_unit_head");
  auto r = c.request("POST", "/api/v1/objects/import?mode=commit&progress_id=short", objects_file(3), {{"Content-Type", "text/csv"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json()["error"]["details"]["field"], "progress_id");
  EXPECT_EQ(c.get("/api/v1/import-progress/short").status, 404);

  const std::string bad = "统一社会信用代码,单位名称,行政区划代码,行业代码\n91330106MA2H3K5L01,坏代码,330106,C13\n";
  r = c.request("POST", "/api/v1/objects/import?mode=commit&progress_id=rejected-file-1", bad, {{"Content-Type", "text/csv"}});
  EXPECT_EQ(r.code(), "import.rejected");
  auto p = c.get("/api/v1/import-progress/rejected-file-1").json();
  EXPECT_EQ(p["finished"], true);
  EXPECT_EQ(p["outcome"], "failed");
  EXPECT_EQ(p["phase"], "validate");
  EXPECT_EQ(p["done"], 1);

  // The inspector import reports the same way; a preview ends as ok.
  r = c.request("POST", "/api/v1/inspectors/import?mode=preview&progress_id=inspectors-preview",
                "姓名,性别,执法证号,有效期起,有效期至,所属机构代码\n陈一,男,HZ-P-01,2024-01-01,2029-12-31,330106\n",
                {{"Content-Type", "text/csv"}});
  ASSERT_EQ(r.status, 200) << r.body;
  p = c.get("/api/v1/import-progress/inspectors-preview").json();
  EXPECT_EQ(p["outcome"], "ok");
  EXPECT_EQ(p["phase"], "validate");
  EXPECT_EQ(p["phase_name"], "校验");
  EXPECT_EQ(p["total"], 1);
}
