// The random spot-check item list and its check forms over HTTP on both stores: Zhejiang's list
// from seed 000 reproduced field by field, versions that keep history, the form in force on a
// day, the province-only rule, refusals that name the field and write nothing, the public list
// without login, and `ledger verify` after every kind of change.
#include <gtest/gtest.h>

#include "base/time.h"
#include "ledger/verify.h"
#include "spotcheck/forms.h"
#include "support/test_db.h"
#include "support/test_server.h"

using namespace zhifa;
using test::Client;
using test::HttpResult;
using nlohmann::json;

namespace {
class SpotcheckApi : public ::testing::Test {
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
  // Everything the module writes, and every entry that is not a login.
  int64_t written() {
    return count("SELECT COUNT(*) FROM spotcheck_items") + count("SELECT COUNT(*) FROM spotcheck_item_versions") +
           count("SELECT COUNT(*) FROM spotcheck_form_versions") +
           count("SELECT COUNT(*) FROM ledger_entries WHERE action NOT LIKE 'auth.%'");
  }
  std::string verify_problem() {
    auto lease = srv->db()->acquire();
    auto rep = ledger::verify(*lease, srv->data_dir());
    return rep.ok ? "" : rep.problem;
  }
  static std::string in_days(int n) { return time::today_shanghai().plus_days(n).str(); }
  static json item_input() {
    return {{"name", "统计调查对象执行统计制度情况"},
            {"basis", "《统计法》"},
            {"bodies", {"province", "city"}},
            {"object_type", "survey_object"},
            {"ratio_min_bp", 100},
            {"ratio_max_bp", 250},
            {"frequency_min", 1},
            {"frequency_max", 1},
            {"method", "on_site"},
            {"contents", {"原始记录设置情况", "统计台账登记情况"}},
            {"effective_from", "2024-01-01"}};
  }
  static json form_input(const std::string& from, const std::string& reason = "") {
    json in = {{"effective_from", from},
               {"points", {{{"text", "原始记录设置情况"}, {"photo_required", true}},
                           {{"text", "统计台账登记情况"}, {"answers", {"有", "无"}}, {"signature_required", true}}}}};
    if (!reason.empty()) in["reason"] = reason;
    return in;
  }
  json items(Client& c, const std::string& query = "") {
    auto r = c.get("/api/v1/spotcheck/items" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json()["items"];
  }
};

const std::vector<std::string> kItem1Contents = {"调查对象依法提供统计资料情况", "调查对象依法设置原始记录、统计台账情况",
                                                 "调查对象依法建立并执行统计资料管理制度情况",
                                                 "调查对象依法为履行法定填报职责提供保障情况", "调查对象依法配合统计调查和统计监督情况"};
const std::vector<std::string> kItem2Contents = {"涉外统计调查机构具备资格条件情况", "涉外统计调查机构调查项目开展情况",
                                                 "涉外社会调查项目报批与执行情况",
                                                 "涉外统计调查机构遵守统计法及涉外统计调查管理法律法规规章等情况"};
}  // namespace

// R: DR-14, DR-1 — Zhejiang's list as seed 000's annex gives it, field by field: 序号, 抽查事项名称,
// 抽查依据, 抽查主体, 抽查对象, 抽查比例, 抽查频次, 抽查方式, 抽查内容及要求, 备注.
TEST_F(SpotcheckApi, SeedListIsReproducedFieldByField) {
  auto c = as("zj_insp1");
  auto list = items(c);
  ASSERT_EQ(list.size(), 2u) << list.dump();
  const json& a = list[0]["current"];
  EXPECT_EQ(list[0]["seq_no"], 1);
  EXPECT_EQ(list[0]["bureau_name"], "浙江省统计局");
  EXPECT_EQ(a["version"], 1);
  EXPECT_EQ(a["name"], "统计调查对象执行统计法及国家有关规定情况");
  EXPECT_EQ(a["basis"], "《统计法》《统计法实施条例》《统计执法监督检查办法》");
  EXPECT_EQ(a["bodies"], json({"province", "city", "county"}));
  EXPECT_EQ(a["bodies_text"], "省、市、县三级统计局");
  EXPECT_EQ(a["object_type"], "survey_object");
  EXPECT_EQ(a["object_type_name"], "统计调查对象");
  EXPECT_EQ(a["ratio_min_bp"], 300);
  EXPECT_EQ(a["ratio_max_bp"], 300);
  EXPECT_EQ(a["ratio_text"], "3%");
  EXPECT_EQ(a["frequency_min"], 1);
  EXPECT_EQ(a["frequency_max"], 2);
  EXPECT_EQ(a["frequency_text"], "1-2次/年");
  EXPECT_EQ(a["method"], "both");
  EXPECT_EQ(a["method_name"], "现场检查或书面检查");
  EXPECT_EQ(a["contents"], json(kItem1Contents));
  EXPECT_EQ(a["notes"], "");
  EXPECT_EQ(a["effective_from"], "2019-09-30");
  EXPECT_TRUE(a["effective_to"].is_null());

  const json& b = list[1]["current"];
  EXPECT_EQ(list[1]["seq_no"], 2);
  EXPECT_EQ(b["name"], "涉外调查机构依法从事涉外调查情况");
  EXPECT_EQ(b["basis"], "《统计法》《统计法实施条例》《涉外调查管理办法》");
  EXPECT_EQ(b["bodies_text"], "省、市、县三级统计局");
  EXPECT_EQ(b["object_type"], "foreign_survey_body");
  EXPECT_EQ(b["object_type_name"], "涉外调查机构");
  EXPECT_EQ(b["ratio_min_bp"], 10000);
  EXPECT_EQ(b["ratio_max_bp"], 10000);
  EXPECT_EQ(b["ratio_text"], "100%");
  EXPECT_EQ(b["frequency_min"], 1);
  EXPECT_EQ(b["frequency_max"], 1);
  EXPECT_EQ(b["frequency_text"], "1次/年");
  EXPECT_EQ(b["method_name"], "现场检查或书面检查");
  EXPECT_EQ(b["contents"], json(kItem2Contents));
  EXPECT_EQ(b["notes"], "");

  // R: DR-3 — each item has its check form, one point per check content.
  for (size_t i = 0; i < 2; ++i) {
    auto f = c.get("/api/v1/spotcheck/items/" + std::to_string(list[i]["id"].get<int64_t>()) + "/form-in-force");
    ASSERT_EQ(f.status, 200) << f.body;
    const auto& contents = i == 0 ? kItem1Contents : kItem2Contents;
    const json points = f.json()["points"];
    ASSERT_EQ(points.size(), contents.size());
    for (size_t k = 0; k < contents.size(); ++k) {
      EXPECT_EQ(points[k]["no"], k + 1);
      EXPECT_EQ(points[k]["text"], contents[k]);
      EXPECT_EQ(points[k]["answers"], json({"符合", "不符合", "不适用"}));
      EXPECT_EQ(points[k]["signature_required"], true);
    }
    EXPECT_EQ(f.json()["version"], 1);
    EXPECT_EQ(f.json()["effective_from"], "2019-09-30");
  }
  EXPECT_EQ(verify_problem(), "");
}

// R: PUB-5 — the item list is published before enforcement: anyone reads it without logging in.
TEST_F(SpotcheckApi, PublicListNeedsNoLogin) {
  Client anon(srv->port());
  auto r = anon.get("/api/v1/public/spotcheck-items");
  ASSERT_EQ(r.status, 200) << r.body;
  auto list = r.json()["items"];
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]["seq_no"], 1);
  EXPECT_EQ(list[0]["name"], "统计调查对象执行统计法及国家有关规定情况");
  EXPECT_EQ(list[0]["ratio_text"], "3%");
  EXPECT_EQ(list[0]["frequency_text"], "1-2次/年");
  EXPECT_EQ(list[0]["bureau_name"], "浙江省统计局");
  EXPECT_EQ(list[1]["name"], "涉外调查机构依法从事涉外调查情况");
  EXPECT_EQ(list[1]["contents"], json(kItem2Contents));
  EXPECT_FALSE(list[0].contains("created_by"));
  // Before the list was issued nothing was in force.
  EXPECT_EQ(anon.get("/api/v1/public/spotcheck-items?date=2019-09-29").json()["items"].size(), 0u);
  auto bad = anon.get("/api/v1/public/spotcheck-items?date=2019-02-30");
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.code(), "spotcheck.date_invalid");
  EXPECT_EQ(bad.json()["error"]["details"]["field"], "date");
  // The staff list needs a login.
  EXPECT_EQ(anon.get("/api/v1/spotcheck/items").status, 401);
}

// R: DR-1 — the province sets the list; cities and counties inherit it and cannot change it.
TEST_F(SpotcheckApi, CitiesAndCountiesReadTheProvinceListButCannotChangeIt) {
  int64_t before = written();
  auto insp1 = as("zj_insp1");
  auto id = std::to_string(items(insp1)[0]["id"].get<int64_t>());
  // A city's unit head holds the same role as the province's, but not at the province.
  auto city = as("hz_unit_head");
  EXPECT_EQ(items(city).size(), 2u);
  auto r = city.post("/api/v1/spotcheck/items", item_input());
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.code(), "spotcheck.province_only");
  json v = {{"ratio_min_bp", 500}, {"ratio_max_bp", 500}, {"effective_from", in_days(1)}, {"reason", "本市提高比例"}};
  EXPECT_EQ(city.post("/api/v1/spotcheck/items/" + id + "/versions", v).code(), "spotcheck.province_only");
  EXPECT_EQ(city.post("/api/v1/spotcheck/items/" + id + "/forms", form_input(in_days(1), "x")).code(), "spotcheck.province_only");
  // A county reads the province's list, the item and its forms.
  auto county = as("xh_insp1");
  auto list = items(county);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]["bureau_name"], "浙江省统计局");
  EXPECT_EQ(county.get("/api/v1/spotcheck/items/" + id).status, 200);
  EXPECT_EQ(county.get("/api/v1/spotcheck/items/" + id + "/forms").json()["items"].size(), 1u);
  EXPECT_EQ(county.post("/api/v1/spotcheck/items", item_input()).code(), "auth.forbidden");
  // An inspector at the province reads but does not set.
  auto insp = as("zj_insp2");
  EXPECT_EQ(insp.post("/api/v1/spotcheck/items/" + id + "/versions", v).status, 403);
  // An administrator is not enforcement staff.
  EXPECT_EQ(as("sysadmin").get("/api/v1/spotcheck/items").status, 403);
  EXPECT_EQ(written(), before);
}

// R: DR-1 — a change is a new version; the old one stays, and the one in force depends on the day.
TEST_F(SpotcheckApi, NewVersionsKeepHistory) {
  auto head = as("zj_unit_head");
  auto list = items(head);
  auto id = std::to_string(list[0]["id"].get<int64_t>());
  json v = {{"ratio_min_bp", 200}, {"ratio_max_bp", 500}, {"effective_from", in_days(30)}, {"reason", "按信用风险分类调整比例"}};
  auto r = head.post("/api/v1/spotcheck/items/" + id + "/versions", v);
  ASSERT_EQ(r.status, 201) << r.body;
  auto got = r.json();
  ASSERT_EQ(got["versions"].size(), 2u);
  EXPECT_EQ(got["versions"][0]["ratio_text"], "3%");
  EXPECT_EQ(got["versions"][0]["effective_from"], "2019-09-30");
  EXPECT_EQ(got["versions"][1]["version"], 2);
  EXPECT_EQ(got["versions"][1]["ratio_text"], "2%-5%");
  // Unchanged fields carry over from the latest version.
  EXPECT_EQ(got["versions"][1]["name"], "统计调查对象执行统计法及国家有关规定情况");
  EXPECT_EQ(got["versions"][1]["contents"], json(kItem1Contents));
  EXPECT_EQ(got["versions"][1]["reason"], "按信用风险分类调整比例");
  // Today the first version is still in force; from the new date the second.
  EXPECT_EQ(got["current"]["version"], 1);
  EXPECT_EQ(got["latest"]["version"], 2);
  EXPECT_EQ(items(head, "?date=" + in_days(29))[0]["current"]["version"], 1);
  EXPECT_EQ(items(head, "?date=" + in_days(30))[0]["current"]["version"], 2);
  Client anon(srv->port());
  EXPECT_EQ(anon.get("/api/v1/public/spotcheck-items?date=" + in_days(30)).json()["items"][0]["ratio_text"], "2%-5%");

  // A change cannot rewrite the past.
  v["effective_from"] = "2020-01-01";
  auto past = head.post("/api/v1/spotcheck/items/" + id + "/versions", v);
  EXPECT_EQ(past.status, 422);
  EXPECT_EQ(past.code(), "spotcheck.retroactive");
  EXPECT_EQ(past.json()["error"]["details"]["field"], "effective_from");
  // A version with an end date ends the item.
  json end = {{"effective_from", in_days(60)}, {"effective_to", in_days(90)}, {"reason", "事项取消"}};
  ASSERT_EQ(head.post("/api/v1/spotcheck/items/" + id + "/versions", end).status, 201);
  EXPECT_EQ(items(head, "?date=" + in_days(90))[0]["current"]["version"], 3);
  EXPECT_TRUE(items(head, "?date=" + in_days(91))[0]["current"].is_null());
  EXPECT_EQ(anon.get("/api/v1/public/spotcheck-items?date=" + in_days(91)).json()["items"].size(), 1u);
  // The same version twice is not a change.
  EXPECT_EQ(head.post("/api/v1/spotcheck/items/" + id + "/versions", end).code(), "spotcheck.no_change");
  EXPECT_EQ(count("SELECT COUNT(*) FROM spotcheck_item_versions WHERE item_id = " + id), 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM ledger_entries WHERE action = 'spotcheck.item_version' AND subject_id = '" + id + "'"), 3);
  EXPECT_EQ(verify_problem(), "");
}

// R: DR-3 — a form is versioned; the version in force on a day is what a check is recorded against.
TEST_F(SpotcheckApi, FormInForcePicksTheVersionByDate) {
  auto head = as("zj_unit_head");
  auto made = head.post("/api/v1/spotcheck/items", item_input());
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.json()["seq_no"], 3);
  EXPECT_EQ(made.json()["current"]["bodies_text"], "省、市两级统计局");
  EXPECT_EQ(made.json()["current"]["ratio_text"], "1%-2.5%");
  int64_t item = made.json()["id"].get<int64_t>();
  std::string base = "/api/v1/spotcheck/items/" + std::to_string(item);
  EXPECT_EQ(head.get(base + "/form-in-force").code(), "spotcheck.form_not_in_force");

  auto v1 = head.post(base + "/forms", form_input("2024-01-01"));
  ASSERT_EQ(v1.status, 201) << v1.body;
  EXPECT_EQ(v1.json()["points"][0]["answers"], json({"符合", "不符合", "不适用"}));
  EXPECT_EQ(v1.json()["points"][0]["photo_required"], true);
  EXPECT_EQ(v1.json()["points"][0]["signature_required"], false);
  EXPECT_EQ(v1.json()["points"][1]["answers"], json({"有", "无"}));
  // A second version needs a reason and may not start in the past.
  EXPECT_EQ(head.post(base + "/forms", form_input(in_days(10))).json()["error"]["details"]["field"], "reason");
  EXPECT_EQ(head.post(base + "/forms", form_input("2025-01-01", "改版")).code(), "spotcheck.retroactive");
  json changed = form_input(in_days(10), "增加检查要点");
  changed["points"].push_back({{"text", "统计资料管理制度执行情况"}});
  auto v2 = head.post(base + "/forms", changed);
  ASSERT_EQ(v2.status, 201) << v2.body;
  EXPECT_EQ(v2.json()["version"], 2);
  int64_t id1 = v1.json()["id"].get<int64_t>(), id2 = v2.json()["id"].get<int64_t>();

  EXPECT_EQ(head.get(base + "/form-in-force").json()["id"], id1);
  EXPECT_EQ(head.get(base + "/form-in-force?date=" + in_days(9)).json()["id"], id1);
  EXPECT_EQ(head.get(base + "/form-in-force?date=" + in_days(10)).json()["id"], id2);
  EXPECT_EQ(head.get(base + "/form-in-force?date=2023-12-31").code(), "spotcheck.form_not_in_force");
  {
    auto lease = srv->db()->acquire();
    auto today = time::today_shanghai();
    EXPECT_EQ(spotcheck::form_in_force(*lease, item, today), std::optional<int64_t>(id1));
    EXPECT_EQ(spotcheck::form_in_force(*lease, item, today.plus_days(10)), std::optional<int64_t>(id2));
    EXPECT_EQ(spotcheck::form_in_force(*lease, item, *time::parse_date("2023-12-31")), std::nullopt);
  }
  // Both versions are kept and readable by id; a county reads them too.
  auto all = head.get(base + "/forms").json()["items"];
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0]["points"].size(), 2u);
  EXPECT_EQ(all[1]["points"].size(), 3u);
  auto county = as("xh_insp1");
  EXPECT_EQ(county.get("/api/v1/spotcheck/forms/" + std::to_string(id1)).json()["version"], 1);
  EXPECT_EQ(county.get("/api/v1/spotcheck/forms/999999").status, 404);
  EXPECT_EQ(verify_problem(), "");
}

// R: DR-1, DR-3 — bad input is refused with a Chinese message, a stable code and the field
// named, and nothing is written.
TEST_F(SpotcheckApi, BadInputIsRefusedWithTheFieldNamed) {
  auto head = as("zj_unit_head");
  int64_t before = written();
  struct Case {
    const char* key;
    json value;  // null: leave the field out
    const char* field;
    const char* code;
  };
  std::vector<Case> cases = {
      {"name", nullptr, "name", "validation.required"},
      {"basis", "", "basis", "validation.required"},
      {"bodies", json::array(), "bodies", "spotcheck.bodies_invalid"},
      {"bodies", {"province", "nation"}, "bodies", "spotcheck.bodies_invalid"},
      {"bodies", {"city", "city"}, "bodies", "spotcheck.bodies_invalid"},
      {"object_type", "企业", "object_type", "spotcheck.object_type_invalid"},
      {"ratio_min_bp", 0, "ratio_min_bp", "spotcheck.ratio_range_invalid"},
      {"ratio_max_bp", 10001, "ratio_max_bp", "spotcheck.ratio_range_invalid"},
      {"ratio_min_bp", 300, "ratio_max_bp", "spotcheck.ratio_range_invalid"},  // min above max (250)
      {"ratio_min_bp", 1.5, "ratio_min_bp", "validation.type"},
      {"frequency_min", 0, "frequency_min", "spotcheck.frequency_range_invalid"},
      {"frequency_min", 2, "frequency_max", "spotcheck.frequency_range_invalid"},  // max is 1
      {"method", "phone", "method", "spotcheck.method_invalid"},
      {"contents", json::array(), "contents", "spotcheck.contents_invalid"},
      {"contents", {"好", ""}, "contents", "spotcheck.contents_invalid"},
      {"effective_from", "2024-13-01", "effective_from", "spotcheck.date_invalid"},
      {"effective_from", nullptr, "effective_from", "validation.required"},
      {"effective_to", "2023-12-31", "effective_to", "spotcheck.effective_range_invalid"},
      {"effective_to", "2024/12/31", "effective_to", "spotcheck.date_invalid"},
  };
  for (const auto& k : cases) {
    json in = item_input();
    if (k.value.is_null()) in.erase(k.key);
    else in[k.key] = k.value;
    auto r = head.post("/api/v1/spotcheck/items", in);
    EXPECT_EQ(r.status, 422) << k.key << " " << r.body;
    EXPECT_EQ(r.code(), k.code) << k.key << " " << r.body;
    EXPECT_EQ(r.json()["error"]["details"]["field"], k.field) << k.key << " " << r.body;
    EXPECT_FALSE(r.json()["error"]["message"].get<std::string>().empty());
  }
  auto dup = item_input();
  dup["name"] = "涉外调查机构依法从事涉外调查情况";
  auto taken = head.post("/api/v1/spotcheck/items", dup);
  EXPECT_EQ(taken.status, 409);
  EXPECT_EQ(taken.code(), "spotcheck.item_name_taken");

  // Versions and forms of an existing item.
  auto id = std::to_string(items(head)[1]["id"].get<int64_t>());
  auto no_reason = head.post("/api/v1/spotcheck/items/" + id + "/versions", {{"effective_from", in_days(1)}, {"ratio_min_bp", 5000}});
  EXPECT_EQ(no_reason.json()["error"]["details"]["field"], "reason");
  auto low = head.post("/api/v1/spotcheck/items/" + id + "/versions",
                       {{"effective_from", in_days(1)}, {"ratio_min_bp", 20000}, {"reason", "x"}});
  EXPECT_EQ(low.code(), "spotcheck.ratio_range_invalid");
  std::vector<std::pair<json, std::string>> bad_forms = {
      {{{"effective_from", in_days(1)}, {"reason", "x"}}, "points"},
      {{{"effective_from", in_days(1)}, {"reason", "x"}, {"points", {{{"text", ""}}}}}, "text"},
      {{{"effective_from", in_days(1)}, {"reason", "x"}, {"points", {{{"text", "a"}, {"answers", {"是"}}}}}}, "answers"},
      {{{"effective_from", in_days(1)}, {"reason", "x"}, {"points", {{{"text", "a"}, {"answers", {"是", "是"}}}}}}, "answers"},
      {{{"effective_from", in_days(1)}, {"reason", "x"}, {"points", {{{"text", "a"}, {"photo_required", "yes"}}}}}, "photo_required"},
  };
  for (const auto& [body, key] : bad_forms) {
    auto r = head.post("/api/v1/spotcheck/items/" + id + "/forms", body);
    EXPECT_EQ(r.status, 422) << body.dump();
    EXPECT_EQ(r.code(), "spotcheck.points_invalid") << r.body;
    EXPECT_EQ(r.json()["error"]["details"]["field"], "points");
    if (body.contains("points")) {
      EXPECT_EQ(r.json()["error"]["details"]["key"], key) << r.body;
    }
  }
  EXPECT_EQ(head.get("/api/v1/spotcheck/items/" + id + "/form-in-force?date=x").json()["error"]["details"]["field"], "date");
  EXPECT_EQ(head.get("/api/v1/spotcheck/items/999999").code(), "spotcheck.item_not_found");
  EXPECT_EQ(written(), before);
}

// R: DR-1, DR-3 — every change is a ledger entry that `ledger verify` checks row by row, and the
// version rows cannot be edited or deleted in the store.
TEST_F(SpotcheckApi, LedgerVerifiesAfterChangesAndRowsAreAppendOnly) {
  auto head = as("zj_unit_head");
  auto made = head.post("/api/v1/spotcheck/items", item_input());
  ASSERT_EQ(made.status, 201) << made.body;
  auto id = std::to_string(made.json()["id"].get<int64_t>());
  ASSERT_EQ(head.post("/api/v1/spotcheck/items/" + id + "/versions", {{"effective_from", in_days(5)}, {"notes", "试行"}, {"reason", "补充备注"}}).status, 201);
  ASSERT_EQ(head.post("/api/v1/spotcheck/items/" + id + "/forms", form_input("2024-01-01")).status, 201);
  EXPECT_EQ(count("SELECT COUNT(*) FROM ledger_entries WHERE subject_kind = 'spotcheck_item' AND subject_id = '" + id + "'"), 4);
  EXPECT_EQ(verify_problem(), "");
  auto lease = srv->db()->acquire();
  EXPECT_ANY_THROW(lease->prepare("UPDATE spotcheck_item_versions SET ratio_min_bp = 1 WHERE item_id = " + id)->exec());
  EXPECT_ANY_THROW(lease->prepare("DELETE FROM spotcheck_form_versions WHERE item_id = " + id)->exec());
  EXPECT_ANY_THROW(lease->prepare("DELETE FROM spotcheck_items WHERE id = " + id)->exec());
}
