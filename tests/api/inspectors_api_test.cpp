// The inspector registry over HTTP on both stores (DR-2, ORG-2, ORG-5) and its import and export
// (INF-2): validation that names the field and writes nothing, scope, the eligibility rule and the
// draw's pool (suspended, left, lapsed, not yet valid, conflicts, specialty), the lapse list,
// training days and the 2-day flag, conflicts declared and ended, history, files with planted
// errors rejected whole with every bad line named, CSV in UTF-8 with and without BOM and in
// GB18030, export re-imported, the public list (PUB-5), the CLI's exit codes, and `ledger verify`
// after all of it (and naming a row edited behind the service's back).
#include <gtest/gtest.h>

#include <algorithm>

#include "base/time.h"
#include "inspectors/eligibility.h"
#include "registry/table_file.h"
#include "support/api_test.h"
#include "support/test_db.h"

using namespace zhifa;
using test::Client;
using test::HttpResult;
using test::has_import_error;
using test::kXlsxType;
using test::to_gb18030;
using nlohmann::json;

namespace {

const std::string kHeader = "姓名,性别,执法证号,有效期起,有效期至,所属机构代码,职务,执法区域,专业领域,状态,状态原因,联系电话,登录账号";

std::string day(int offset) { return time::today_shanghai().plus_days(offset).str(); }

class InspectorsApi : public test::ApiTest {
protected:
  int64_t inspectors() { return count("SELECT COUNT(*) FROM inspectors"); }
  // Every entry that is not a login or logout.
  int64_t entries() { return count("SELECT COUNT(*) FROM ledger_entries WHERE action NOT LIKE 'auth.%'"); }
  int64_t id_of(const std::string& username) {
    return count("SELECT i.id FROM inspectors i JOIN users u ON u.id = i.user_id WHERE u.username = '" + username + "'");
  }
  int64_t bureau(const std::string& code) { return count("SELECT id FROM bureaus WHERE code = '" + code + "'"); }
  HttpResult import(Client& c, const std::string& bytes, const std::string& query = "mode=commit",
                    const std::string& type = "text/csv") {
    return c.request("POST", "/api/v1/inspectors/import?" + query, bytes, {{"Content-Type", type}});
  }
  json input(const std::string& cert, int64_t bureau_id) {
    return {{"name", "测试人员"},      {"gender", "女"},        {"certificate_no", cert}, {"valid_from", "2024-01-01"},
            {"valid_to", day(1000)}, {"bureau_id", bureau_id}, {"post", "四级主任科员"}, {"specialties", {"工业", "data_quality"}}};
  }
  static std::vector<std::string> names(const json& items) {
    std::vector<std::string> out;
    for (const auto& i : items) out.push_back(i["name"]);
    return out;
  }
  static bool has_reason(const json& entry, const std::string& code) {
    for (const auto& r : entry["reasons"])
      if (r["code"] == code) return true;
    return false;
  }
  static const json* find_by_name(const json& items, const std::string& name) {
    for (const auto& i : items)
      if (i["name"] == name) return &i;
    return nullptr;
  }
  // Three good rows for Hangzhou's bureaus.
  static std::string good_rows(const std::string& prefix) {
    return "陈一," + std::string("男,") + prefix + "-01,2024-01-01,2029-12-31,330106,科员,330106,工业、服务业,在岗,,0571-88000001,\r\n" +
           "陈二,女," + prefix + "-02,2024/3/1,2029/12/31,330100,科长,,批零住餐,,,,\r\n" + "陈三,男," + prefix +
           "-03,2024-01-01,2029-12-31,杭州市统计局,副科长,330110,建筑业;房地产,暂停执法,借调,,\r\n";
  }
};

}  // namespace

// R: DR-2, ORG-2 — a create names the field at fault and writes nothing; a good one is one entry.
TEST_F(InspectorsApi, CreateValidatesEveryFieldAndWritesNothingOnError) {
  auto c = as("hz_unit_head");
  const int64_t xh = bureau("330106");
  int64_t before = inspectors(), seq = entries();
  auto bad = [&](json in, const std::string& field, int status = 422) {
    auto r = c.post("/api/v1/inspectors", in);
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.json()["error"]["details"]["field"], field) << r.body;
    EXPECT_FALSE(r.json()["error"]["message"].get<std::string>().empty());
    return r;
  };
  auto in = input("HZ-NEW-001", xh);
  auto x = in;
  x["valid_to"] = "2023-12-31";
  EXPECT_EQ(bad(x, "valid_to").code(), "inspector.valid_to_invalid");
  x = in;
  x["valid_from"] = "2024-02-30";
  bad(x, "valid_from");
  x = in;
  x["bureau_id"] = 999999;
  EXPECT_EQ(bad(x, "bureau_id").code(), "inspector.bureau_invalid");
  x = in;
  x["bureau_id"] = bureau("330203");  // 海曙区, Ningbo: outside Hangzhou
  bad(x, "bureau_id");
  x = in;
  x["gender"] = "未知";
  bad(x, "gender");
  x = in;
  x["specialties"] = {"工业", "天文"};
  bad(x, "specialties");
  x = in;
  x["certificate_no"] = "A 1";
  bad(x, "certificate_no");
  x = in;
  x.erase("name");
  EXPECT_EQ(bad(x, "name").code(), "validation.required");
  x = in;
  x["region_code"] = "330203";
  bad(x, "region_code");
  x = in;
  x["status"] = "suspended";
  bad(x, "status_reason");
  x = in;
  x["user_id"] = count("SELECT id FROM users WHERE username = 'hz_insp3'");  // an account of the city, not of 西湖区
  bad(x, "user_id");
  x = in;
  x["certificate_no"] = "33000024001";  // zj_insp1's
  EXPECT_EQ(bad(x, "certificate_no", 409).code(), "inspector.certificate_taken");
  x = in;
  x["bureau_id"] = bureau("330100");
  x["user_id"] = count("SELECT id FROM users WHERE username = 'hz_insp1'");  // already linked to hz_insp1's record
  EXPECT_EQ(bad(x, "user_id", 409).code(), "inspector.user_taken");
  EXPECT_EQ(inspectors(), before);
  EXPECT_EQ(entries(), seq);

  auto made = c.post("/api/v1/inspectors", in);
  ASSERT_EQ(made.status, 201) << made.body;
  auto j = made.json();
  EXPECT_EQ(j["bureau_name"], "西湖区统计局");
  EXPECT_EQ(j["region_code"], "330106");  // defaults to the bureau's division
  EXPECT_EQ(j["gender"], "female");
  EXPECT_EQ(j["specialties"], json({"industry", "data_quality"}));
  EXPECT_EQ(j["specialty_names"], json({"工业", "数据质量"}));
  EXPECT_EQ(j["status"], "active");
  EXPECT_EQ(j["eligible_now"], true);
  EXPECT_EQ(j["training_days"], 0.0);
  EXPECT_EQ(j["training_short"], true);
  EXPECT_EQ(inspectors(), before + 1);
  EXPECT_EQ(entries(), seq + 1);
  EXPECT_EQ(c.post("/api/v1/inspectors", in).code(), "inspector.certificate_taken");
  EXPECT_EQ(verify_problem(), "");
}

// R: DR-2, ORG-1 — a sibling city neither sees nor changes Hangzhou's inspectors; permissions.
TEST_F(InspectorsApi, SiblingCityCannotSeeOrChange) {
  const std::string hz = std::to_string(id_of("hz_insp1"));
  auto nb = as("nb_unit_head");
  EXPECT_EQ(nb.get("/api/v1/inspectors/" + hz).status, 404);
  EXPECT_EQ(nb.get("/api/v1/inspectors/" + hz + "/history").status, 404);
  EXPECT_EQ(nb.patch("/api/v1/inspectors/" + hz, {{"post", "科员"}}).status, 404);
  EXPECT_EQ(nb.post("/api/v1/inspectors/" + hz + "/trainings", {{"trained_on", day(0)}, {"course", "x"}, {"days", 1}}).status, 404);
  auto list = nb.get("/api/v1/inspectors?page_size=200");
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_GT(list.json()["total"].get<int>(), 0);
  const json listed = list.json();
  for (const auto& i : listed["items"]) EXPECT_EQ(i["region_code"].get<std::string>().substr(0, 4), "3302") << i["name"];
  EXPECT_EQ(nb.post("/api/v1/inspectors", input("NB-NEW-1", bureau("330106"))).code(), "inspector.bureau_invalid");
  EXPECT_EQ(nb.get("/api/v1/inspectors/pool?bureau_id=" + std::to_string(bureau("330100"))).status, 404);

  // The county sees itself only; an inspector reads but cannot write; the administrators see nothing.
  auto xh = as("xh_insp1");
  auto mine = xh.get("/api/v1/inspectors?page_size=200").json();
  EXPECT_EQ(names(mine["items"]), std::vector<std::string>({"严峰", "华敏"}));
  EXPECT_EQ(xh.post("/api/v1/inspectors", input("XH-NEW-1", bureau("330106"))).status, 403);
  EXPECT_EQ(xh.patch("/api/v1/inspectors/" + std::to_string(id_of("xh_insp2")), {{"post", "科员"}}).status, 403);
  EXPECT_EQ(as("sysadmin").get("/api/v1/inspectors").status, 403);
  EXPECT_EQ(as("auditadmin").get("/api/v1/inspectors").status, 403);
  EXPECT_EQ(as("zj_head").get("/api/v1/inspectors").status, 200);
}

// R: ORG-2, DR-6, DR-13 — only active staff with a certificate valid on the day are drawn; conflicts
// and specialty leave out more, each with its reason; the pool is ordered by certificate number.
TEST_F(InspectorsApi, EligibilityAndTheDrawPool) {
  auto c = as("hz_unit_head");
  const int64_t city = bureau("330100");
  // A new inspector whose certificate starts next month, and one who has left.
  auto later = input("HZ-LATER-1", city);
  later["name"] = "未生效";
  later["valid_from"] = day(30);
  ASSERT_EQ(c.post("/api/v1/inspectors", later).status, 201);
  auto gone = input("HZ-GONE-1", city);
  gone["name"] = "已调离";
  auto made = c.post("/api/v1/inspectors", gone);
  ASSERT_EQ(made.status, 201);
  auto left = c.patch("/api/v1/inspectors/" + std::to_string(made.json()["id"].get<int64_t>()),
                      {{"status", "离岗"}, {"status_reason", "调往市发改委"}});
  ASSERT_EQ(left.status, 200) << left.body;
  EXPECT_EQ(left.json()["status"], "left");
  EXPECT_EQ(left.json()["status_since"], day(0));

  auto pool = c.get("/api/v1/inspectors/pool?bureau_id=" + std::to_string(city));
  ASSERT_EQ(pool.status, 200) << pool.body;
  auto p = pool.json();
  auto el = names(p["eligible"]);
  for (const char* n : {"尤振华", "何勇", "严峰", "华敏", "陶然", "姜涛"})
    EXPECT_NE(std::find(el.begin(), el.end(), n), el.end()) << n;
  const json* hz2 = find_by_name(p["excluded"], "许丹");
  ASSERT_TRUE(hz2);
  EXPECT_TRUE(has_reason(*hz2, "inspector.suspended"));
  ASSERT_TRUE(find_by_name(p["excluded"], "未生效"));
  EXPECT_TRUE(has_reason(*find_by_name(p["excluded"], "未生效"), "inspector.certificate_not_yet_valid"));
  ASSERT_TRUE(find_by_name(p["excluded"], "已调离"));
  EXPECT_TRUE(has_reason(*find_by_name(p["excluded"], "已调离"), "inspector.left"));
  for (size_t k = 1; k < p["eligible"].size(); ++k)
    EXPECT_LT(p["eligible"][k - 1]["certificate_no"].get<std::string>(), p["eligible"][k]["certificate_no"].get<std::string>());

  // A target in 余杭区 leaves out 何勇 (a conflict with the division 330110).
  auto yh = c.get("/api/v1/inspectors/pool?bureau_id=" + std::to_string(city) + "&division=330110").json();
  ASSERT_TRUE(find_by_name(yh["excluded"], "何勇"));
  EXPECT_TRUE(has_reason(*find_by_name(yh["excluded"], "何勇"), "inspector.conflict"));
  // The object 严峰 declared a conflict with, in 西湖区.
  std::string xixi = [&] {
    auto lease = srv->db()->acquire();
    auto q = lease->prepare("SELECT credit_code FROM survey_objects WHERE name = '杭州西溪数智科技有限公司'");
    EXPECT_TRUE(q->step());
    return q->row().text(0);
  }();
  auto obj = c.get("/api/v1/inspectors/pool?bureau_id=" + std::to_string(city) + "&credit_code=" + xixi + "&division=330106").json();
  ASSERT_TRUE(find_by_name(obj["excluded"], "严峰"));
  EXPECT_TRUE(has_reason(*find_by_name(obj["excluded"], "严峰"), "inspector.conflict"));
  EXPECT_TRUE(find_by_name(obj["eligible"], "何勇"));  // 330110 does not contain 330106
  // Specialty: only those with 建筑业.
  auto con = c.get("/api/v1/inspectors/pool?bureau_id=" + std::to_string(city) + "&specialty=construction").json();
  EXPECT_EQ(names(con["eligible"]), std::vector<std::string>({"姜涛"}));
  EXPECT_EQ(c.get("/api/v1/inspectors/pool?specialty=astronomy").code(), "inspector.specialty_invalid");

  // On a later day: zj_insp3's certificate (ends in 20 days) has lapsed; the new one is valid.
  auto zj = as("zj_unit_head");
  const std::string root = std::to_string(bureau("330000"));
  auto now = zj.get("/api/v1/inspectors/pool?bureau_id=" + root).json();
  EXPECT_TRUE(find_by_name(now["eligible"], "冯卫东"));
  EXPECT_TRUE(has_reason(*find_by_name(now["excluded"], "奚婷"), "inspector.certificate_lapsed"));
  auto then = zj.get("/api/v1/inspectors/pool?bureau_id=" + root + "&on=" + day(40)).json();
  EXPECT_TRUE(has_reason(*find_by_name(then["excluded"], "冯卫东"), "inspector.certificate_lapsed"));
  EXPECT_TRUE(find_by_name(then["eligible"], "未生效"));

  // The list filter uses the same rule.
  auto listed = c.get("/api/v1/inspectors?page_size=200&eligible_on=" + day(0)).json();
  EXPECT_EQ(listed["total"].get<size_t>(), p["eligible"].size());

  // The rule itself, on a record: the certificate's last day still counts, the next does not.
  inspectors::Inspector i;
  i.valid_from = "2024-01-01";
  i.valid_to = "2026-06-30";
  EXPECT_TRUE(inspectors::eligible(i, *time::parse_date("2026-06-30")).ok);
  EXPECT_FALSE(inspectors::eligible(i, *time::parse_date("2026-07-01")).ok);
  EXPECT_FALSE(inspectors::eligible(i, *time::parse_date("2023-12-31")).ok);
  i.status = "suspended";
  auto e = inspectors::eligible(i, *time::parse_date("2026-07-01"));
  ASSERT_EQ(e.reasons.size(), 2u);
  EXPECT_EQ(e.reasons[0].code, "inspector.suspended");
  EXPECT_EQ(e.reasons[1].code, "inspector.certificate_lapsed");
}

// R: ORG-2 — the lapse list: certificates ending within 30 days and those already ended.
TEST_F(InspectorsApi, LapsingList) {
  auto zj = as("zj_unit_head");
  auto r = zj.get("/api/v1/inspectors/lapsing");
  ASSERT_EQ(r.status, 200) << r.body;
  auto items = r.json()["items"];
  ASSERT_EQ(names(items), std::vector<std::string>({"奚婷", "冯卫东"}));  // soonest first: lapsed, then lapsing
  EXPECT_EQ(items[0]["certificate_state"], "lapsed");
  EXPECT_EQ(items[0]["days_left"], -15);
  EXPECT_EQ(items[1]["certificate_state"], "lapsing");
  EXPECT_EQ(items[1]["days_left"], 20);
  EXPECT_EQ(names(zj.get("/api/v1/inspectors/lapsing?days=0").json()["items"]), std::vector<std::string>({"奚婷"}));
  EXPECT_EQ(zj.get("/api/v1/inspectors?lapsing_within_days=30").json()["total"], 2);
  EXPECT_EQ(zj.get("/api/v1/inspectors/lapsing?days=-1").status, 422);
  // A renewal takes it off the list.
  auto renewed = zj.patch("/api/v1/inspectors/" + std::to_string(id_of("zj_insp3")), {{"valid_to", day(1500)}});
  ASSERT_EQ(renewed.status, 200) << renewed.body;
  EXPECT_EQ(renewed.json()["certificate_state"], "valid");
  EXPECT_EQ(names(zj.get("/api/v1/inspectors/lapsing").json()["items"]), std::vector<std::string>({"奚婷"}));
  // Hangzhou's unit head sees neither: both are elsewhere.
  EXPECT_EQ(as("hz_unit_head").get("/api/v1/inspectors/lapsing").json()["items"].size(), 0u);
}

// R: ORG-5, DR-2 — training days per year with the 2-day flag; conflicts declared and ended;
// status changes need a reason; every change is an entry in the inspector's history.
TEST_F(InspectorsApi, TrainingConflictsStatusAndHistory) {
  auto c = as("hz_unit_head");
  const std::string id = std::to_string(id_of("hz_insp1"));
  auto got = c.get("/api/v1/inspectors/" + id).json();
  EXPECT_EQ(got["training_days"], 2.5);
  EXPECT_EQ(got["training_short"], false);
  auto yh2 = c.get("/api/v1/inspectors/" + std::to_string(id_of("yh_insp2"))).json();
  EXPECT_EQ(yh2["training_days"], 1.0);
  EXPECT_EQ(yh2["training_short"], true);
  auto shorts = c.get("/api/v1/inspectors?training_short=true&page_size=200").json();
  EXPECT_EQ(names(shorts["items"]), std::vector<std::string>({"姜涛"}));

  int64_t seq = entries();
  EXPECT_EQ(c.post("/api/v1/inspectors/" + id + "/trainings", {{"trained_on", day(1)}, {"course", "x"}, {"days", 1}}).code(),
            "inspector.trained_on_invalid");
  EXPECT_EQ(c.post("/api/v1/inspectors/" + id + "/trainings", {{"trained_on", day(0)}, {"course", "x"}, {"days", 0.3}}).code(),
            "inspector.days_invalid");
  EXPECT_EQ(c.post("/api/v1/inspectors/" + id + "/trainings", {{"trained_on", day(0)}, {"days", 1}}).code(), "validation.required");
  EXPECT_EQ(entries(), seq);
  auto t = c.post("/api/v1/inspectors/" + std::to_string(id_of("yh_insp2")) + "/trainings",
                  {{"trained_on", day(0)}, {"course", "统计执法检查业务培训"}, {"days", 1.5}, {"provider", "杭州市统计局"}});
  ASSERT_EQ(t.status, 201) << t.body;
  EXPECT_EQ(t.json()["training_days"], 2.5);
  EXPECT_EQ(t.json()["training_short"], false);
  EXPECT_EQ(t.json()["trainings"][0]["course"], "统计执法检查业务培训");
  EXPECT_EQ(c.get("/api/v1/inspectors?training_short=true").json()["total"], 0);

  // A conflict with a division, the same again (409), ended, and gone from the pool's reasons.
  auto k = c.post("/api/v1/inspectors/" + id + "/conflicts",
                  {{"kind", "division"}, {"target", "330108"}, {"reason", "父母居住地"}});
  ASSERT_EQ(k.status, 201) << k.body;
  auto conflict = k.json()["conflicts"][0];
  EXPECT_EQ(conflict["target_name"], "浙江省杭州市滨江区");
  EXPECT_EQ(conflict["in_force"], true);
  EXPECT_EQ(c.post("/api/v1/inspectors/" + id + "/conflicts", {{"kind", "division"}, {"target", "330108"}, {"reason", "再次"}}).code(),
            "inspector.conflict_exists");
  EXPECT_EQ(c.post("/api/v1/inspectors/" + id + "/conflicts", {{"kind", "object"}, {"target", "91330106MA2H3K5L01"}, {"reason", "x"}})
                .code(),
            "inspector.target_invalid");
  auto pool = c.get("/api/v1/inspectors/pool?division=330108").json();
  EXPECT_TRUE(find_by_name(pool["excluded"], "尤振华"));
  const std::string cid = std::to_string(conflict["id"].get<int64_t>());
  EXPECT_EQ(c.post("/api/v1/inspectors/" + id + "/conflicts/" + cid + "/end", json::object()).code(), "validation.required");
  auto ended = c.post("/api/v1/inspectors/" + id + "/conflicts/" + cid + "/end", {{"reason", "父母已迁居"}});
  ASSERT_EQ(ended.status, 200) << ended.body;
  EXPECT_EQ(ended.json()["conflicts"][0]["until"], day(-1));
  EXPECT_EQ(ended.json()["conflicts"][0]["in_force"], false);
  EXPECT_EQ(ended.json()["conflicts"][0]["end_reason"], "父母已迁居");
  EXPECT_EQ(c.post("/api/v1/inspectors/" + id + "/conflicts/" + cid + "/end", {{"reason", "again"}}).code(), "inspector.conflict_ended");
  EXPECT_FALSE(find_by_name(c.get("/api/v1/inspectors/pool?division=330108").json()["excluded"], "尤振华"));

  // Status: a suspension needs a reason; back in post clears it.
  EXPECT_EQ(c.patch("/api/v1/inspectors/" + id, {{"status", "suspended"}}).json()["error"]["details"]["field"], "status_reason");
  auto s = c.patch("/api/v1/inspectors/" + id, {{"status", "暂停执法"}, {"status_reason", "涉嫌违纪接受调查"}});
  ASSERT_EQ(s.status, 200) << s.body;
  EXPECT_EQ(s.json()["eligible_now"], false);
  EXPECT_EQ(s.json()["ineligible_reasons"][0]["code"], "inspector.suspended");
  auto back = c.patch("/api/v1/inspectors/" + id, {{"status", "active"}});
  ASSERT_EQ(back.status, 200);
  EXPECT_EQ(back.json()["status_reason"], "");
  // An unchanged PATCH writes nothing.
  int64_t before = entries();
  EXPECT_EQ(c.patch("/api/v1/inspectors/" + id, {{"post", got["post"]}}).status, 200);
  EXPECT_EQ(entries(), before);

  auto hist = c.get("/api/v1/inspectors/" + id + "/history");
  ASSERT_EQ(hist.status, 200);
  std::vector<std::string> actions;
  const json items = hist.json()["items"];
  for (const auto& e : items) actions.push_back(e["action"]);
  EXPECT_EQ(actions, std::vector<std::string>({"inspector.create", "inspector.training_recorded", "inspector.training_recorded",
                                               "inspector.training_recorded", "inspector.conflict_declared", "inspector.conflict_ended",
                                               "inspector.update", "inspector.update"}));
  EXPECT_EQ(items[6]["change"]["row"]["status"], "suspended");
  EXPECT_EQ(items[6]["change"]["changed"], json({"status", "status_reason", "status_since"}));
  EXPECT_EQ(items[5]["change"]["row"]["end_reason"], "父母已迁居");
  EXPECT_EQ(verify_problem(), "");
}

// R: INF-2, DR-2 — one bad row rejects the file; every bad row is named by line and column; nothing
// is written; the report as XLSX.
TEST_F(InspectorsApi, PlantedErrorsRejectTheWholeFileAndNameEveryRow) {
  auto c = as("hz_unit_head");
  std::string csv = kHeader + "\n" +
                    "王一,男,HZ-T-01,2024-01-01,2028-12-31,330106,科员,,工业,,,,\n" +          // 2 good
                    "王二,男,HZ-T-02,2024-01-01,2028-12-31,330106,,,,,,,\n" +                  // 3 duplicate of 4
                    "王三,女,HZ-T-02,2024-01-01,2028-12-31,330106,,,,,,,\n" +                  // 4
                    "王四,男,33000024001,2024-01-01,2028-12-31,330106,,,,,,,\n" +              // 5 in the registry
                    ",男,HZ-T-05,2024-01-01,2028-12-31,330106,,,,,,,\n" +                      // 6 no name
                    "王六,男,HZ-T-06,2024-13-01,2028-12-31,330106,,,,,,,\n" +                  // 7 bad date
                    "王七,男,HZ-T-07,2026-01-01,2025-01-01,330106,,,,,,,\n" +                  // 8 ends before it starts
                    "王八,男,HZ-T-08,2024-01-01,2028-12-31,339999,,,,,,,\n" +                  // 9 unknown bureau
                    "王九,男,HZ-T-09,2024-01-01,2028-12-31,330203,,,,,,,\n" +                  // 10 Ningbo's
                    "王十,男,HZ-T-10,2024-01-01,2028-12-31,330106,,,统计执法,,,,\n" +          // 11 unknown specialty
                    "李一,女,HZ-T-11,2024-01-01,2028-12-31,330106,,,,暂停执法,,,\n" +          // 12 no reason
                    "李二,男,HZ-T-12,2024-01-01,2028-12-31,330106,,,,,,,hz_insp1\n" +          // 13 the city's account
                    "李三,男,HZ-T-13,2024-01-01,2028-12-31,330100,,330203,,,,,\n" +            // 14 region outside
                    "李四,未知,HZ-T-14,2024-01-01,2028-12-31,330106,,,,,,,\n" +                // 15 gender
                    "李五,女,HZ-T-15,2024-01-01,2028-12-31,330106,,,,,,,nobody\n";             // 16 unknown account
  int64_t before = inspectors(), seq = entries();
  auto r = import(c, csv);
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.code(), "import.rejected");
  auto d = r.json()["error"]["details"];
  auto errors = d["errors"];
  EXPECT_TRUE(has_import_error(errors, 3, "执法证号", "与第 4 行重复")) << errors.dump(1);
  EXPECT_TRUE(has_import_error(errors, 4, "执法证号", "与第 3 行重复")) << errors.dump(1);
  EXPECT_TRUE(has_import_error(errors, 5, "执法证号", "已在名录库中")) << errors.dump(1);
  EXPECT_TRUE(has_import_error(errors, 6, "姓名", "不能为空")) << errors.dump(1);
  EXPECT_TRUE(has_import_error(errors, 7, "有效期起", "日期")) << errors.dump(1);
  EXPECT_TRUE(has_import_error(errors, 8, "有效期至", "早于")) << errors.dump(1);
  EXPECT_TRUE(has_import_error(errors, 9, "所属机构代码", "不存在")) << errors.dump(1);
  EXPECT_TRUE(has_import_error(errors, 10, "所属机构代码", "不在您的管辖范围内")) << errors.dump(1);
  EXPECT_TRUE(has_import_error(errors, 11, "专业领域", "不在字典中")) << errors.dump(1);
  EXPECT_TRUE(has_import_error(errors, 12, "状态原因", "须填写")) << errors.dump(1);
  EXPECT_TRUE(has_import_error(errors, 13, "登录账号", "不属于所属机构")) << errors.dump(1);
  EXPECT_TRUE(has_import_error(errors, 14, "执法区域", "辖区")) << errors.dump(1);
  EXPECT_TRUE(has_import_error(errors, 15, "性别", "男")) << errors.dump(1);
  EXPECT_TRUE(has_import_error(errors, 16, "登录账号", "不存在")) << errors.dump(1);
  for (const auto& e : errors) EXPECT_NE(e["line"], 2) << e.dump();
  EXPECT_EQ(d["error_rows"], 14);
  EXPECT_EQ(d["rows"], 15);
  EXPECT_EQ(inspectors(), before);
  EXPECT_EQ(entries(), seq);

  // The preview says the same and writes nothing; the report is an XLSX of the same problems.
  auto pre = import(c, csv, "mode=preview");
  ASSERT_EQ(pre.status, 200);
  EXPECT_EQ(pre.json()["errors"].size(), errors.size());
  auto rep = c.request("POST", "/api/v1/inspectors/import/report", csv, {{"Content-Type", "text/csv"}});
  ASSERT_EQ(rep.status, 200);
  EXPECT_EQ(rep.headers["content-type"], kXlsxType);
  auto t = registry::read_table(rep.body);
  EXPECT_EQ(t.rows[0].cells[0], "行号");
  bool found = false;
  for (const auto& row : t.rows)
    found = found || (row.cells.size() >= 5 && row.cells[0] == "11" && row.cells[1] == "专业领域" && row.cells[3] == "错误");
  EXPECT_TRUE(found);
  EXPECT_EQ(entries(), seq);

  // A missing required column is named on the header line; nothing else is checked.
  auto h = import(c, "姓名,性别,执法证号,有效期起,所属机构代码\n王一,男,HZ-T-90,2024-01-01,330106\n");
  ASSERT_EQ(h.status, 422);
  auto herr = h.json()["error"]["details"]["errors"];
  ASSERT_EQ(herr.size(), 1u) << herr.dump();
  EXPECT_TRUE(has_import_error(herr, 1, "有效期至", "缺少必填列"));
  EXPECT_EQ(entries(), seq);
}

// R: INF-2, DR-2 — good files in UTF-8 with BOM and in GB18030 are committed, one entry per
// inspector and one for the file; English aliases; the template imports.
TEST_F(InspectorsApi, GoodFilesCommitInEveryEncoding) {
  auto c = as("hz_unit_head");
  int64_t before = inspectors(), seq = entries();
  auto r = import(c, "\xEF\xBB\xBF" + kHeader + "\r\n" + good_rows("BOM"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["format"], "csv-utf8-bom");
  EXPECT_EQ(r.json()["created"], 3);
  EXPECT_EQ(inspectors(), before + 3);
  EXPECT_EQ(entries(), seq + 4);
  EXPECT_EQ(count("SELECT COUNT(*) FROM ledger_entries WHERE action = 'inspector.import'"), 1);
  {
    auto lease = srv->db()->acquire();
    auto q = lease->prepare(
        "SELECT i.specialties, i.status, i.status_reason, i.region_code, b.code, i.valid_from FROM inspectors i JOIN bureaus b ON "
        "b.id = i.bureau_id WHERE certificate_no = ?");
    q->bind(std::string("BOM-03"));
    ASSERT_TRUE(q->step());
    EXPECT_EQ(q->row().text(0), "construction,real_estate");
    EXPECT_EQ(q->row().text(1), "suspended");
    EXPECT_EQ(q->row().text(2), "借调");
    EXPECT_EQ(q->row().text(3), "330110");
    EXPECT_EQ(q->row().text(4), "330100");  // by the bureau's name
    q->reset();
    q->bind(std::string("BOM-02"));
    ASSERT_TRUE(q->step());
    EXPECT_EQ(q->row().text(3), "330100");      // region defaults to the bureau's division
    EXPECT_EQ(q->row().text(5), "2024-03-01");  // 2024/3/1
  }
  auto gb = to_gb18030(kHeader + "\r\n" + good_rows("GBK"));
  ASSERT_FALSE(registry::valid_utf8(gb));
  auto g = import(c, gb);
  ASSERT_EQ(g.status, 200) << g.body;
  EXPECT_EQ(g.json()["format"], "csv-gb18030");
  EXPECT_EQ(g.json()["created"], 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM inspectors WHERE name = '陈三' AND status_reason = '借调'"), 2);
  auto en = import(c, "name,gender,certificate_no,valid_from,valid_to,bureau_code\nLi Lei,M,EN-001,2025-01-01,2030-12-31,330106\n");
  ASSERT_EQ(en.status, 200) << en.body;
  EXPECT_EQ(en.json()["format"], "csv-utf8");
  EXPECT_EQ(en.json()["created"], 1);
  // The same file again is refused: its certificates are now in the registry.
  auto again = import(c, gb);
  ASSERT_EQ(again.status, 422);
  EXPECT_EQ(again.json()["error"]["details"]["error_rows"], 3);

  auto x = c.get("/api/v1/inspectors/import-template");
  ASSERT_EQ(x.status, 200);
  auto tt = registry::read_table(x.body);
  EXPECT_EQ(tt.rows[0].cells[0], "姓名");
  EXPECT_EQ(tt.rows[0].cells[2], "执法证号");
  auto pre = import(c, x.body, "mode=preview", kXlsxType);
  ASSERT_EQ(pre.status, 200);
  EXPECT_EQ(pre.json()["errors"].size(), 0u) << pre.body;
  EXPECT_EQ(pre.json()["created"], 1);
  auto csv = c.get("/api/v1/inspectors/import-template?format=csv");
  EXPECT_EQ(csv.body.rfind("\xEF\xBB\xBF姓名,性别,执法证号,有效期起,有效期至,所属机构代码", 0), 0u);
  EXPECT_EQ(verify_problem(), "");
}

// R: INF-2, DR-2 — an export (XLSX, filtered) re-imports: unchanged as an update, refused as new.
TEST_F(InspectorsApi, ExportReimports) {
  auto c = as("hz_unit_head");
  auto x = c.get("/api/v1/inspectors/export.xlsx");
  ASSERT_EQ(x.status, 200) << x.body;
  EXPECT_EQ(x.headers["content-type"], kXlsxType);
  auto t = registry::read_table(x.body);
  const int64_t rows = int64_t(t.rows.size()) - 1;
  EXPECT_EQ(rows, c.get("/api/v1/inspectors").json()["total"].get<int64_t>());
  EXPECT_EQ(t.rows[0].cells[0], "姓名");
  int64_t seq = entries();
  auto up = import(c, x.body, "mode=commit&existing=update", kXlsxType);
  ASSERT_EQ(up.status, 200) << up.body;
  EXPECT_EQ(up.json()["unchanged"], rows);
  EXPECT_EQ(up.json()["created"], 0);
  EXPECT_EQ(up.json()["updated"], 0);
  EXPECT_EQ(entries(), seq + 1);  // the file's own entry only
  auto fresh = import(c, x.body, "mode=preview", kXlsxType);
  EXPECT_EQ(fresh.json()["error_rows"], rows);

  // Filters apply to the export: the suspended one only; an edited export updates one row.
  auto s = registry::read_table(c.get("/api/v1/inspectors/export.xlsx?status=suspended").body);
  ASSERT_EQ(s.rows.size(), 2u);
  EXPECT_EQ(s.rows[1].cells[0], "许丹");
  EXPECT_EQ(s.rows[1].cells[9], "暂停执法");
  std::string edited = "姓名,性别,执法证号,有效期起,有效期至,所属机构代码,状态\n许丹,女," + s.rows[1].cells[2] + "," + s.rows[1].cells[3] + "," +
                       s.rows[1].cells[4] + ",330100,在岗\n";
  auto u = import(c, edited, "mode=commit&existing=update");
  ASSERT_EQ(u.status, 200) << u.body;
  EXPECT_EQ(u.json()["updated"], 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM inspectors WHERE name = '许丹' AND status = 'active' AND status_reason = ''"), 1);
  // Another city's unit head may not update Hangzhou's inspectors through a file.
  auto nb = as("nb_unit_head");
  auto refused = import(nb, edited, "mode=preview&existing=update");
  EXPECT_GT(refused.json()["errors"].size(), 0u);
  EXPECT_EQ(verify_problem(), "");
}

// R: PUB-5, PUB-6 — the public list: active staff with certificate and validity; no phone, no account.
TEST_F(InspectorsApi, PublicListWithoutLogin) {
  Client anon(srv->port());
  auto r = anon.get("/api/v1/public/inspectors?page_size=200");
  ASSERT_EQ(r.status, 200) << r.body;
  auto items = r.json()["items"];
  EXPECT_EQ(r.json()["total"].get<size_t>(), items.size());
  ASSERT_GT(items.size(), 10u);
  for (const auto& i : items) {
    EXPECT_FALSE(i.contains("phone"));
    EXPECT_FALSE(i.contains("user_id"));
    EXPECT_FALSE(i.contains("username"));
    EXPECT_FALSE(i.contains("conflicts"));
    EXPECT_NE(i["name"], "许丹");  // suspended
    EXPECT_FALSE(i["certificate_no"].get<std::string>().empty());
  }
  auto one = anon.get("/api/v1/public/inspectors?certificate_no=33000024001").json()["items"];
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0]["name"], "孙立伟");
  EXPECT_EQ(one[0]["gender_name"], "男");
  EXPECT_EQ(one[0]["bureau_name"], "浙江省统计局");
  EXPECT_EQ(one[0]["valid_now"], true);
  auto nb = anon.get("/api/v1/public/inspectors?bureau_id=" + std::to_string(bureau("330200"))).json()["items"];
  EXPECT_EQ(names(nb), std::vector<std::string>({"喻杰", "柏玲", "章明", "云飞"}));
}

// R: ORG-2 — the inspector's own record (the e-certificate on the phone), and the vocabularies.
TEST_F(InspectorsApi, OwnRecordAndDictionaries) {
  auto insp = as("zj_insp1");
  auto me = insp.get("/api/v1/inspectors/me");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.json()["certificate_no"], "33000024001");
  EXPECT_EQ(me.json()["username"], "zj_insp1");
  EXPECT_EQ(as("zj_head").get("/api/v1/inspectors/me").code(), "inspector.not_found");
  // The same rule for other modules, by account: certified and active, suspended, no record at all.
  {
    auto lease = srv->db()->acquire();
    auto user = [&](const char* u) { return count(std::string("SELECT id FROM users WHERE username = '") + u + "'"); };
    const auto today = time::today_shanghai();
    auto ok = inspectors::user_eligibility(*lease, user("zj_insp1"), today);
    ASSERT_TRUE(ok);
    EXPECT_TRUE(ok->ok);
    auto suspended = inspectors::user_eligibility(*lease, user("hz_insp2"), today);
    ASSERT_TRUE(suspended);
    EXPECT_FALSE(suspended->ok);
    EXPECT_EQ(suspended->reasons[0].code, "inspector.suspended");
    EXPECT_FALSE(inspectors::user_eligibility(*lease, user("zj_head"), today));
    EXPECT_FALSE(inspectors::user_eligibility(*lease, user("zj_insp3"), today.plus_days(21))->ok);
  }
  auto d = insp.get("/api/v1/inspectors/dictionaries").json();
  EXPECT_EQ(d["specialties"][0]["code"], "industry");
  EXPECT_EQ(d["min_training_days_per_year"], 2.0);
  EXPECT_EQ(d["statuses"].size(), 3u);
}

// R: REC-21, DR-2 — verify covers inspectors, trainings and conflicts: an edit behind the service's back is named.
TEST_F(InspectorsApi, LedgerVerifyNamesAnEditedInspectorRow) {
  ASSERT_EQ(verify_problem(), "");
  {
    auto lease = srv->db()->acquire();
    // wz_insp2's lapsed certificate made valid again without a record of it.
    EXPECT_EQ(lease->prepare("UPDATE inspectors SET valid_to = '2099-12-31' WHERE certificate_no = '33030024018'")->exec(), 1);
  }
  auto p = verify_problem();
  EXPECT_NE(p.find("inspectors"), std::string::npos) << p;
  EXPECT_NE(p.find("valid_to"), std::string::npos) << p;
  // Training rows cannot be edited or deleted at all.
  auto lease = srv->db()->acquire();
  EXPECT_ANY_THROW(lease->prepare("UPDATE inspector_trainings SET half_days = 10")->exec());
  EXPECT_ANY_THROW(lease->prepare("DELETE FROM inspector_conflicts")->exec());
}

#ifdef ZHIFA_BIN_PATH
// R: INF-2 — `zhifa import inspectors FILE --db URL`: 0 imported, 1 rejected naming each bad line, 2 no file.
TEST_F(InspectorsApi, CliImportExitCodes) {
  test::ScratchDir dir("zhifa-insp-cli");
  auto write = [&](const std::string& name, const std::string& text) { return dir.write(name, text); };
  auto run = [&](const std::string& args, std::string& out) { return test::run_zhifa(srv->db()->url(), args, out); };
  std::string out;
  int64_t before = inspectors(), seq = entries();
  std::string bad = write("bad.csv", kHeader + "\n" + "周一,男,CLI-01,2024-01-01,2028-12-31,330106,,,,,,,\n" +
                                         "周二,男,CLI-02,2024-01-01,2023-12-31,330106,,,,,,,\n");
  EXPECT_EQ(run("import inspectors " + bad, out), 1) << out;
  EXPECT_NE(out.find("第 3 行"), std::string::npos) << out;
  EXPECT_NE(out.find("有效期至"), std::string::npos) << out;
  EXPECT_EQ(inspectors(), before);
  EXPECT_EQ(entries(), seq);
  EXPECT_EQ(run("import inspectors " + dir.path("missing.csv"), out), 2) << out;
  std::string good = write("good.csv", kHeader + "\n" + good_rows("CLI"));
  EXPECT_EQ(run("import inspectors " + good + " --dry-run", out), 0) << out;
  EXPECT_EQ(inspectors(), before);
  EXPECT_EQ(run("import inspectors " + good + " --as hz_unit_head", out), 0) << out;
  EXPECT_EQ(inspectors(), before + 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM ledger_entries e JOIN users u ON u.id = e.actor_id WHERE e.action = 'inspector.create' "
                  "AND u.username = 'hz_unit_head'"),
            3);
  // Acting as a county user: Hangzhou's city bureau is out of scope.
  EXPECT_EQ(run("import inspectors " + good + " --as xh_unit_head --update", out), 1) << out;
  std::string xlsx = dir.path("out.xlsx");
  EXPECT_EQ(run("export inspectors --out " + xlsx + " --status active", out), 0) << out;
  EXPECT_GT(registry::read_table(test::read_file(xlsx)).rows.size(), 10u);
  EXPECT_EQ(verify_problem(), "");
}
#endif

// R: DR-2 — the list reads by region: the bureau's division code (then name), then certificate
// number; not the tree's path order, where 余杭区 ("/…/10/") would come before 西湖区 ("/…/7/").
TEST_F(InspectorsApi, ListIsOrderedByDivisionCode) {
  auto items = as("zj_unit_head").get("/api/v1/inspectors?page_size=200").json()["items"];
  ASSERT_EQ(items.size(), 18u);
  std::vector<std::pair<std::string, std::string>> keys;
  for (const auto& i : items) keys.emplace_back(i["bureau_code"], i["certificate_no"]);
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end())) << items.dump().substr(0, 2000);
  std::vector<std::string> hz;
  const json city = as("hz_unit_head").get("/api/v1/inspectors?page_size=200").json();
  for (const auto& i : city["items"])
    if (hz.empty() || hz.back() != i["bureau_code"]) hz.push_back(i["bureau_code"]);
  EXPECT_EQ(hz, std::vector<std::string>({"330100", "330106", "330110"}));
}
