// The survey-object registry over HTTP on both stores (DR-2) and its import and export (INF-2):
// CSV in UTF-8 with and without BOM and in GB18030, XLSX, English header aliases; a file with
// planted errors is rejected whole with every bad row named by line and column and nothing
// written; the registry duplicate rule; the XLSX report, export and template; scope; history;
// foreign-related survey bodies; and the CLI's exit codes.
#include <gtest/gtest.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <filesystem>
#include <map>

#include "db/db.h"
#include "demo/registry_demo.h"
#include "ledger/ledger.h"
#include "registry/code_allowlist.h"
#include "registry/draw_candidates.h"
#include "registry/table_file.h"
#include "support/api_test.h"
#include "support/test_db.h"

using namespace zhifa;
using test::Client;
using test::HttpResult;
using test::has_import_error;
using test::kXlsxType;
using test::to_gb18030;
namespace fs = std::filesystem;

namespace {

const std::string kHeader = "统一社会信用代码,单位名称,行政区划代码,行业代码,单位详细地址,单位类别,是否一套表,重点单位,信用状态,风险等级,联系人,联系电话";

std::string code(const std::string& division, int serial) { return demo::demo_credit_code(division, 10000 + serial); }

class RegistryApi : public test::ApiTest {
protected:
  int64_t objects() { return count("SELECT COUNT(*) FROM survey_objects"); }
  int64_t entries() { return count("SELECT COUNT(*) FROM ledger_entries"); }
  std::string demo_code() {
    auto lease = srv->db()->acquire();
    auto q = lease->prepare("SELECT credit_code FROM survey_objects WHERE name = '杭州西溪数智科技有限公司'");
    EXPECT_TRUE(q->step());
    return q->row().text(0);
  }
  HttpResult import(Client& c, const std::string& bytes, const std::string& query = "mode=commit",
                    const std::string& type = "text/csv") {
    return c.request("POST", "/api/v1/objects/import?" + query, bytes, {{"Content-Type", type}});
  }
  // Three good rows of the Hangzhou city's counties.
  std::string good_rows(int base) {
    return code("330106", base) + ",杭州甲科技有限公司,330106,I65,杭州市西湖区某路 1 号,规上服务业,是,否,守信,低,张三,0571-88880001\r\n" +
           code("330110", base + 1) + ",杭州乙制造有限公司,330110,C3411,杭州市余杭区某路 2 号,规上工业,是,是,,高,李四,0571-88880002\r\n" +
           code("330108", base + 2) + ",\"杭州丙商贸有限公司, 滨江\",330108,F52,,限上批零住餐,否,否,一般失信,中,,\r\n";
  }
};

}  // namespace

// R: DR-2, INF-2 — UTF-8 with BOM: every object written with its ledger entry, plus one for the file.
TEST_F(RegistryApi, CsvUtf8WithBomImportsEveryRowWithLedgerEntries) {
  auto c = as("hz_unit_head");
  int64_t before = objects(), seq_before = entries();
  auto r = import(c, "\xEF\xBB\xBF" + kHeader + "\r\n" + good_rows(1));
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = r.json();
  EXPECT_EQ(j["format"], "csv-utf8-bom");
  EXPECT_EQ(j["created"], 3);
  EXPECT_EQ(j["committed"], true);
  EXPECT_EQ(objects(), before + 3);
  EXPECT_EQ(entries(), seq_before + 4);
  EXPECT_EQ(count("SELECT COUNT(*) FROM ledger_entries WHERE action = 'survey_object.import'"), 1);
  // The values were mapped: enumerations to codes, industry with its section, the quoted comma kept.
  auto lease = srv->db()->acquire();
  auto q = lease->prepare("SELECT unit_category, key_unit, risk_level, industry_code, credit_status FROM survey_objects WHERE credit_code = ?");
  q->bind(code("330110", 2));
  ASSERT_TRUE(q->step());
  EXPECT_EQ(q->row().text(0), "above_scale_industry");
  EXPECT_TRUE(q->row().boolean(1));
  EXPECT_EQ(q->row().text(2), "high");
  EXPECT_EQ(q->row().text(3), "C3411");
  EXPECT_TRUE(q->row().is_null(4));
  q.reset();
  EXPECT_EQ(count("SELECT COUNT(*) FROM survey_objects WHERE name = '杭州丙商贸有限公司, 滨江'"), 1);
}

// R: INF-2 — UTF-8 without BOM and the English header aliases (only the four required columns).
TEST_F(RegistryApi, CsvUtf8WithoutBomAndEnglishAliases) {
  auto c = as("hz_unit_head");
  std::string csv = "credit_code,name,division_code,industry_code\n" + code("330106", 10) + ",杭州英文表头有限公司,330106,C13\n" +
                    code("330102", 11) + ",杭州上城有限公司,330102,1311\n";
  auto r = import(c, csv);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["format"], "csv-utf8");
  EXPECT_EQ(r.json()["created"], 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM survey_objects WHERE industry_code = 'C1311'"), 1);
}

// R: INF-2 — GB18030 (Excel's "CSV" on Chinese Windows) is detected and decoded.
TEST_F(RegistryApi, CsvGb18030Imports) {
  auto c = as("hz_unit_head");
  std::string csv = to_gb18030(kHeader + "\r\n" + good_rows(20));
  ASSERT_FALSE(registry::valid_utf8(csv));
  auto r = import(c, csv);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["format"], "csv-gb18030");
  EXPECT_EQ(r.json()["created"], 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM survey_objects WHERE name = '杭州甲科技有限公司' AND address = '杭州市西湖区某路 1 号'"), 1);
}

// R: INF-2 — XLSX with shared strings and numeric cells (330106 is a number in Excel, read without ".0").
TEST_F(RegistryApi, XlsxImports) {
  std::string path = (fs::temp_directory_path() / ("zhifa-reg-" + std::to_string(::getpid()) + ".xlsx")).string();
  lxw_workbook* wb = workbook_new(path.c_str());
  lxw_worksheet* ws = workbook_add_worksheet(wb, "对象");
  const char* head[] = {"统一社会信用代码", "单位名称", "行政区划代码", "行业代码", "重点单位"};
  for (int i = 0; i < 5; ++i) worksheet_write_string(ws, 0, lxw_col_t(i), head[i], nullptr);
  worksheet_write_string(ws, 1, 0, code("330106", 30).c_str(), nullptr);
  worksheet_write_string(ws, 1, 1, "杭州表格一有限公司", nullptr);
  worksheet_write_number(ws, 1, 2, 330106, nullptr);
  worksheet_write_string(ws, 1, 3, "C39", nullptr);
  worksheet_write_string(ws, 1, 4, "是", nullptr);
  // Row 3 left empty: blank rows are skipped, and line numbers stay the sheet's.
  worksheet_write_string(ws, 3, 0, code("330110", 31).c_str(), nullptr);
  worksheet_write_string(ws, 3, 1, "杭州表格二有限公司", nullptr);
  worksheet_write_number(ws, 3, 2, 330110, nullptr);
  worksheet_write_number(ws, 3, 3, 13, nullptr);
  ASSERT_EQ(workbook_close(wb), LXW_NO_ERROR);
  const std::string bytes = test::read_file(path);
  fs::remove(path);

  auto c = as("hz_unit_head");
  auto pre = import(c, bytes, "mode=preview", kXlsxType);
  ASSERT_EQ(pre.status, 200) << pre.body;
  EXPECT_EQ(pre.json()["format"], "xlsx");
  ASSERT_EQ(pre.json()["preview"].size(), 2u);
  EXPECT_EQ(pre.json()["preview"][1]["line"], 4);
  EXPECT_EQ(pre.json()["preview"][1]["division_code"], "330110");
  EXPECT_EQ(pre.json()["preview"][1]["bureau_name"], "余杭区统计局");
  EXPECT_EQ(pre.json()["preview"][1]["industry_code"], "C13");
  auto r = import(c, bytes, "mode=commit", kXlsxType);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["created"], 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM survey_objects WHERE name = '杭州表格一有限公司' AND key_unit = 1 AND division_code = '330106'"), 1);
}

// R: INF-2, DR-2 — one bad row rejects the file; every bad row is reported; nothing is written.
TEST_F(RegistryApi, PlantedErrorsRejectTheWholeFileAndNameEveryRow) {
  auto c = as("hz_unit_head");
  std::string bad_check = code("330106", 40);
  bad_check.back() = bad_check.back() == '0' ? '1' : '0';
  std::string dup = code("330106", 41);
  std::string csv = kHeader + "\n" +
                    bad_check + ",校验位错误公司,330106,I65,,,,,,,,\n" +               // line 2
                    dup + ",重复一公司,330106,I65,,,,,,,,\n" +                           // line 3
                    dup + ",重复二公司,330106,I65,,,,,,,,\n" +                           // line 4
                    demo_code() + ",已在名录库公司,330106,I65,,,,,,,,\n" +               // line 5
                    code("330106", 42) + ",区划错误公司,339999,I65,,,,,,,,\n" +         // line 6
                    code("330106", 43) + ",行业错误公司,330106,Z99,,,,,,,,\n" +         // line 7
                    code("330106", 44) + ",,330106,I65,,,,,,,,\n" +                      // line 8: no name
                    code("330106", 45) + ",类别错误公司,330106,I65,,规下工业,,,,,,\n" +  // line 9
                    code("330106", 46) + ",正确的公司,330106,I65,,,,,,,,\n";             // line 10
  int64_t before = objects(), seq = entries();
  auto r = import(c, csv);
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.code(), "import.rejected");
  auto d = r.json()["error"]["details"];
  auto errors = d["errors"];
  EXPECT_TRUE(has_import_error(errors, 2, "统一社会信用代码", "校验位")) << errors.dump(1);
  EXPECT_TRUE(has_import_error(errors, 4, "统一社会信用代码", "第 3 行重复")) << errors.dump(1);
  EXPECT_TRUE(has_import_error(errors, 3, "统一社会信用代码", "第 4 行重复")) << errors.dump(1);
  EXPECT_TRUE(has_import_error(errors, 5, "统一社会信用代码", "已在名录库中")) << errors.dump(1);
  EXPECT_TRUE(has_import_error(errors, 6, "行政区划代码", "")) << errors.dump(1);
  EXPECT_TRUE(has_import_error(errors, 7, "行业代码", "")) << errors.dump(1);
  EXPECT_TRUE(has_import_error(errors, 8, "单位名称", "不能为空")) << errors.dump(1);
  EXPECT_TRUE(has_import_error(errors, 9, "单位类别", "单位类别应为")) << errors.dump(1);
  for (const auto& e : errors) EXPECT_NE(e["line"], 10) << e.dump();
  EXPECT_EQ(d["error_rows"], 8);
  EXPECT_EQ(objects(), before);
  EXPECT_EQ(entries(), seq);

  // The same file's report as XLSX: every error row with line, column and reason.
  auto rep = c.request("POST", "/api/v1/objects/import/report", csv, {{"Content-Type", "text/csv"}});
  ASSERT_EQ(rep.status, 200);
  EXPECT_EQ(rep.headers["content-type"], kXlsxType);
  auto t = registry::read_table(rep.body);
  ASSERT_EQ(t.rows.size(), 1 + errors.size());  // the header, then one row per error
  EXPECT_EQ(t.rows[0].cells[0], "行号");
  bool found = false;
  for (const auto& row : t.rows)
    found = found || (row.cells.size() >= 5 && row.cells[0] == "7" && row.cells[1] == "行业代码" && row.cells[3] == "错误");
  EXPECT_TRUE(found);
  EXPECT_EQ(entries(), seq);
}

// R: INF-2 — a missing required column is named; the file is rejected before any row.
TEST_F(RegistryApi, MissingRequiredColumnRejected) {
  auto c = as("hz_unit_head");
  auto r = import(c, "统一社会信用代码,单位名称,行政区划代码\n" + code("330106", 50) + ",某公司,330106\n");
  ASSERT_EQ(r.status, 422) << r.body;
  auto errors = r.json()["error"]["details"]["errors"];
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_TRUE(has_import_error(errors, 1, "行业代码", "缺少必填列"));
}

// R: INF-2 — bytes that are neither UTF-8 nor GB18030 (and UTF-16) are refused with a reason.
TEST_F(RegistryApi, GarbageEncodingRejected) {
  auto c = as("hz_unit_head");
  int64_t seq = entries();
  for (std::string bytes : {std::string("\xFF\xFE\x31\x00\x32\x00", 6), std::string("abc,\xFF\xFF\x80,def\n\x81\n")}) {
    auto r = import(c, bytes);
    ASSERT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(r.code(), "import.rejected");
    auto errors = r.json()["error"]["details"]["errors"];
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_NE(errors[0]["reason"].get<std::string>().find("编码"), std::string::npos) << errors.dump();
  }
  EXPECT_EQ(entries(), seq);
}

// R: INF-2 — preview maps rows and counts, reports errors, and writes nothing.
TEST_F(RegistryApi, PreviewWritesNothing) {
  auto c = as("hz_unit_head");
  int64_t seq = entries();
  auto r = import(c, kHeader + "\n" + good_rows(60) + "X,坏行,330106,I65,,,,,,,,\n", "mode=preview");
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = r.json();
  EXPECT_EQ(j["rows"], 4);
  EXPECT_EQ(j["created"], 3);
  EXPECT_EQ(j["errors"].size(), 1u);
  EXPECT_EQ(j["errors"][0]["line"], 5);
  EXPECT_EQ(j["preview"].size(), 3u);
  EXPECT_EQ(j["columns"]["credit_code"], "统一社会信用代码");
  EXPECT_EQ(entries(), seq);
}

// R: DR-2 — existing=update changes an object in scope (ledger update entry); an identical row is left alone.
TEST_F(RegistryApi, ExistingUpdateModeChangesOnlyWhatDiffers) {
  auto c = as("hz_unit_head");
  std::string known = demo_code();
  std::string csv = "统一社会信用代码,单位名称,行政区划代码,行业代码,风险等级\n" + known + ",杭州西溪数智科技股份有限公司,330106,I65,高\n";
  int64_t seq = entries();
  auto r = import(c, csv, "mode=commit&existing=update");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["updated"], 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM survey_objects WHERE name = '杭州西溪数智科技股份有限公司' AND risk_level = 'high' AND key_unit = 1"), 1);
  EXPECT_EQ(entries(), seq + 2);
  auto again = import(c, csv, "mode=commit&existing=update");
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json()["unchanged"], 1);
  EXPECT_EQ(again.json()["updated"], 0);
  EXPECT_EQ(entries(), seq + 3);  // only the file's own entry
}

// R: DR-2 — an allow-listed pilot code is accepted with a warning.
TEST_F(RegistryApi, AllowlistedPilotCodeAcceptedWithWarning) {
  const std::string pilot = "91330100716105852E";
  {
    auto lease = srv->db()->acquire();
    db::Transaction tx(*lease);
    registry::allowlist_add(*lease, ledger::Actor::system(), pilot, "早期试点代码（测试）");
    tx.commit();
  }
  auto c = as("hz_unit_head");
  auto r = import(c, "统一社会信用代码,单位名称,行政区划代码,行业代码\n" + pilot + ",试点公司,330106,I65\n");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["created"], 1);
  bool warned = false;
  const auto body = r.json();
  for (const auto& w : body["warnings"]) warned = warned || (w["line"] == 2 && w["column"] == "统一社会信用代码");
  EXPECT_TRUE(warned) << r.body;
}

// R: DR-2, INF-2 — export of a filtered list opens as XLSX with the template's columns; the template downloads.
TEST_F(RegistryApi, ExportAndTemplate) {
  auto c = as("zj_insp1");
  auto r = c.get("/api/v1/objects/export.xlsx?division=330100&industry=C");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.headers["content-type"], kXlsxType);
  EXPECT_EQ(r.body.compare(0, 2, "PK"), 0);
  auto t = registry::read_table(r.body);
  ASSERT_GE(t.rows.size(), 3u);
  EXPECT_EQ(t.rows[0].cells[0], "统一社会信用代码");
  for (size_t i = 1; i < t.rows.size(); ++i) {
    EXPECT_EQ(t.rows[i].cells[2].substr(0, 4), "3301") << t.rows[i].cells[1];
    EXPECT_EQ(t.rows[i].cells[3][0], 'C');
  }
  auto list = c.get("/api/v1/objects?division=330100&industry=C&page_size=200").json();
  EXPECT_EQ(list["total"], int64_t(t.rows.size() - 1));

  auto x = c.get("/api/v1/objects/import-template");
  ASSERT_EQ(x.status, 200);
  // The system administrator reads no registry, not even its template.
  EXPECT_EQ(as("sysadmin").get("/api/v1/objects/import-template").status, 403);
  auto tt = registry::read_table(x.body);
  ASSERT_GE(tt.rows[0].cells.size(), 4u);
  EXPECT_EQ(tt.rows[0].cells[0], "统一社会信用代码");
  EXPECT_EQ(tt.rows[0].cells[3], "行业代码");
  auto csv = c.get("/api/v1/objects/import-template?format=csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.body.rfind("\xEF\xBB\xBF统一社会信用代码,单位名称,行政区划代码,行业代码", 0), 0u);
  // The template's example row is itself importable.
  auto hz = as("hz_unit_head");
  auto pre = import(hz, x.body, "mode=preview", kXlsxType);
  ASSERT_EQ(pre.status, 200);
  EXPECT_EQ(pre.json()["errors"].size(), 0u) << pre.body;
}

// R: DR-2 — scope by bureau subtree, permissions, and rows outside the importer's scope.
TEST_F(RegistryApi, ScopeAndPermissions) {
  auto xh = as("xh_insp1");  // 西湖区
  auto list = xh.get("/api/v1/objects?page_size=200").json();
  ASSERT_GT(list["total"].get<int>(), 0);
  for (const auto& o : list["items"]) EXPECT_EQ(o["division_code"], "330106");
  auto lease = srv->db()->acquire();
  auto q = lease->prepare("SELECT id FROM survey_objects WHERE division_code = '330110' LIMIT 1");
  ASSERT_TRUE(q->step());
  std::string other = std::to_string(q->row().i64(0));
  q.reset();
  EXPECT_EQ(xh.get("/api/v1/objects/" + other).status, 404);
  EXPECT_EQ(xh.get("/api/v1/objects/" + other + "/history").status, 404);
  EXPECT_EQ(import(xh, kHeader + "\n" + good_rows(70)).status, 403);

  auto hz = as("hz_unit_head");
  auto r = import(hz, "统一社会信用代码,单位名称,行政区划代码,行业代码\n" + code("330203", 71) + ",宁波公司,330203,I65\n");
  ASSERT_EQ(r.status, 422);
  EXPECT_TRUE(has_import_error(r.json()["error"]["details"]["errors"], 2, "行政区划代码", "不在您的管辖范围内")) << r.body;
}

// R: DR-2 — single objects: validation without writes, create, change, check dates, history.
TEST_F(RegistryApi, CreateChangeAndHistory) {
  auto c = as("hz_unit_head");
  int64_t seq = entries();
  nlohmann::json in = {{"credit_code", "91330106MA2H3K5L01"}, {"name", "新登记公司"}, {"division_code", "330106"}, {"industry_code", "I65"}};
  auto bad = c.post("/api/v1/objects", in);
  ASSERT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(bad.code(), "object.credit_code_invalid");
  EXPECT_EQ(bad.json()["error"]["details"]["field"], "credit_code");
  in["credit_code"] = code("330106", 80);
  in["risk_level"] = "很高";
  auto bad2 = c.post("/api/v1/objects", in);
  ASSERT_EQ(bad2.status, 422);
  EXPECT_EQ(bad2.json()["error"]["details"]["field"], "risk_level");
  EXPECT_EQ(entries(), seq);

  in["risk_level"] = "medium";
  in["key_unit"] = true;
  in["credit_status"] = "seriously_dishonest";
  in["credit_from"] = "2026-01-01";
  in["credit_to"] = "2028-12-31";
  auto made = c.post("/api/v1/objects", in);
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.json()["credit_status_name"], "严重失信");
  EXPECT_EQ(made.json()["bureau_name"], "西湖区统计局");
  std::string id = std::to_string(made.json()["id"].get<int64_t>());
  EXPECT_EQ(c.post("/api/v1/objects", in).code(), "object.credit_code_taken");

  auto patched = c.patch("/api/v1/objects/" + id, {{"risk_level", "高"}, {"contact_phone", "0571-1234 5678"}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.json()["risk_level"], "high");
  EXPECT_EQ(c.patch("/api/v1/objects/" + id, {{"credit_to", "2020-01-01"}}).status, 422);
  auto chk = c.post("/api/v1/objects/" + id + "/checks", {{"checked_on", "2025-06-01"}, {"note", "双随机抽查"}});
  ASSERT_EQ(chk.status, 201) << chk.body;
  EXPECT_EQ(chk.json()["last_checked_on"], "2025-06-01");
  EXPECT_EQ(chk.json()["checks"].size(), 1u);

  auto hist = c.get("/api/v1/objects/" + id + "/history");
  ASSERT_EQ(hist.status, 200);
  auto items = hist.json()["items"];
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0]["action"], "survey_object.create");
  EXPECT_EQ(items[1]["action"], "survey_object.update");
  EXPECT_EQ(items[1]["change"]["row"]["risk_level"], "high");
  EXPECT_EQ(items[2]["action"], "survey_object.check_recorded");
  EXPECT_EQ(entries(), seq + 3);
}

// R: DR-6 — the draw reads the registry through the bureau index for a small subtree and in table
// order for a large one; both give the same rows with the same facts: the latest check on or
// before the day (a later one ignored, several taken at their latest), and the credit status only
// inside its period.
TEST_F(RegistryApi, DrawCandidatesAreTheSameThroughTheIndexAndTheScan) {
  auto c = as("hz_unit_head");
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    nlohmann::json in = {{"credit_code", code("330106", 90 + i)}, {"name", "抽取读取测试" + std::to_string(i)}, {"division_code", "330106"},
                         {"industry_code", "I65"}};
    if (i == 1) in["credit_status"] = "dishonest", in["credit_from"] = "2025-01-01", in["credit_to"] = "2025-12-31";
    if (i == 2) in["credit_status"] = "trustworthy", in["credit_from"] = "2026-01-01";
    auto made = c.post("/api/v1/objects", in);
    ASSERT_EQ(made.status, 201) << made.body;
    ids.push_back(std::to_string(made.json()["id"].get<int64_t>()));
  }
  for (const char* day : {"2024-05-01", "2025-06-01", "2026-02-01"})
    ASSERT_EQ(c.post("/api/v1/objects/" + ids[0] + "/checks", {{"checked_on", day}}).status, 201);
  ASSERT_EQ(c.post("/api/v1/objects/" + ids[1] + "/checks", {{"checked_on", "2023-03-01"}}).status, 201);

  auto lease = srv->db()->acquire();
  const time::Date day{2025, 12, 31};
  auto read = [&](const std::string& path) {
    std::map<std::string, std::string> rows;
    registry::for_each_draw_candidate(*lease, "survey_object", path, day, [&](const registry::DrawCandidate& d) {
      rows[d.credit_code] = d.name + "|" + d.division_code + "|" + d.credit_status + "|" + d.risk_level + "|" + d.last_checked_on + "|" +
                            (d.key_unit ? "1" : "0");
    });
    return rows;
  };
  // The province: every bureau, read by the scan. Each county alone is under a quarter of the
  // bureaus, read through the index; together they hold the same rows.
  auto all = read("/");
  std::map<std::string, std::string> by_county;
  auto q = lease->prepare("SELECT DISTINCT b.path FROM survey_objects o JOIN bureaus b ON b.id = o.bureau_id");
  std::vector<std::string> paths;
  while (q->step()) paths.push_back(q->row().text(0));
  q.reset();
  ASSERT_GT(paths.size(), 1u);
  for (const auto& p : paths)
    for (auto& [k, v] : read(p)) by_county[k] = v;
  EXPECT_EQ(all.size(), size_t(objects()));
  EXPECT_EQ(all, by_county);
  EXPECT_EQ(all.at(code("330106", 90)), "抽取读取测试0|330106|||2025-06-01|0");
  EXPECT_EQ(all.at(code("330106", 91)), "抽取读取测试1|330106|dishonest||2023-03-01|0");
  EXPECT_EQ(all.at(code("330106", 92)), "抽取读取测试2|330106||||0");
  auto one = registry::find_draw_candidate(*lease, "survey_object", code("330106", 90));
  ASSERT_TRUE(one.has_value());
  EXPECT_EQ(one->last_checked_on, "2026-02-01");  // find reads as of today
}

// R: DR-2 — foreign-related survey bodies with their qualification.
TEST_F(RegistryApi, ForeignSurveyBodies) {
  auto c = as("zj_unit_head");
  auto list = c.get("/api/v1/foreign-survey-bodies").json();
  EXPECT_EQ(list["items"].size(), 2u);
  nlohmann::json in = {{"credit_code", code("330106", 90)}, {"name", "杭州涉外调查有限公司"}, {"division_code", "330106"},
                       {"approval_no", "国统涉外证字〔2025〕第 0001 号"}, {"valid_from", "2025-01-01"}, {"valid_to", "2024-12-31"},
                       {"scope", "涉外市场调查"}};
  auto bad = c.post("/api/v1/foreign-survey-bodies", in);
  ASSERT_EQ(bad.status, 422);
  EXPECT_EQ(bad.json()["error"]["details"]["field"], "valid_to");
  in["valid_to"] = "2027-12-31";
  auto made = c.post("/api/v1/foreign-survey-bodies", in);
  ASSERT_EQ(made.status, 201) << made.body;
  std::string id = std::to_string(made.json()["id"].get<int64_t>());
  auto p = c.patch("/api/v1/foreign-survey-bodies/" + id, {{"scope", "涉外市场调查、涉外社会调查"}});
  ASSERT_EQ(p.status, 200) << p.body;
  EXPECT_EQ(p.json()["scope"], "涉外市场调查、涉外社会调查");
  EXPECT_EQ(c.get("/api/v1/foreign-survey-bodies/" + id + "/history").json()["items"].size(), 2u);
  // Saving the same values again records nothing.
  int64_t seq = entries();
  ASSERT_EQ(c.patch("/api/v1/foreign-survey-bodies/" + id, {{"scope", "涉外市场调查、涉外社会调查"}}).status, 200);
  EXPECT_EQ(entries(), seq);
  EXPECT_EQ(c.get("/api/v1/foreign-survey-bodies/" + id + "/history").json()["items"].size(), 2u);
  EXPECT_EQ(as("xh_insp1").get("/api/v1/foreign-survey-bodies/" + id).status, 200);
  EXPECT_EQ(as("nb_insp1").get("/api/v1/foreign-survey-bodies/" + id).status, 404);
}

#ifdef ZHIFA_BIN_PATH
// R: INF-2 — `zhifa import objects FILE --db URL`: exit 0 on import, 1 on rejection naming each bad line.
TEST_F(RegistryApi, CliImportExitCodes) {
  test::ScratchDir dir("zhifa-cli");
  auto write = [&](const std::string& name, const std::string& text) { return dir.write(name, text); };
  auto run = [&](const std::string& args, std::string& out) { return test::run_zhifa(srv->db()->url(), args, out); };
  std::string out;
  int64_t before = objects();
  std::string bad = write("bad.csv", kHeader + "\n" + code("330106", 95) + ",好公司,330106,I65,,,,,,,,\n" + code("330106", 96) +
                                         ",坏公司,330106,ZZ,,,,,,,,\n");
  EXPECT_EQ(run("import objects " + bad, out), 1) << out;
  EXPECT_NE(out.find("第 3 行"), std::string::npos) << out;
  EXPECT_NE(out.find("行业代码"), std::string::npos) << out;
  EXPECT_EQ(objects(), before);
  std::string good = write("good.csv", kHeader + "\n" + good_rows(97));
  EXPECT_EQ(run("import objects " + good + " --as hz_unit_head", out), 0) << out;
  EXPECT_EQ(objects(), before + 3);
  std::string xlsx = dir.path("out.xlsx");
  EXPECT_EQ(run("export objects --out " + xlsx + " --division 330106", out), 0) << out;
  EXPECT_GT(registry::read_table(test::read_file(xlsx)).rows.size(), 2u);
}
#endif
