// The text below is copied verbatim from seed 000 (浙江省统计局系统随机抽查事项清单, issued with
// 浙统〔2019〕34号); the check contents are the annex's numbered sentences without their numbers
// and the separating "；" / "。". The annex gives each ratio and frequency as one value, so the
// range's two ends are equal; its 备注 column is empty. The list takes effect on the day it was
// issued (2019-09-30, "自印发之日起实施", 000 Art 22).
#include "demo/spotcheck_demo.h"

#include <algorithm>
#include <chrono>
#include <vector>

#include "base/error.h"
#include "base/time.h"
#include "spotcheck/forms.h"
#include "spotcheck/items.h"
#include "spotcheck/plans.h"

namespace zhifa::demo {
namespace {

constexpr const char* kIssued = "2019-09-30";
constexpr const char* kReason = "《浙江省统计局系统随机抽查事项清单》（浙统〔2019〕34号）印发";

struct DemoItem {
  const char* name;
  const char* basis;
  const char* object_type;
  int64_t ratio_bp;
  int64_t frequency_min, frequency_max;
  std::vector<const char*> contents;
  // Check points whose finding rests on material an inspector should photograph (records,
  // ledgers, qualification documents); a demo choice, not the seed's.
  std::vector<int> photo_points;
};

const DemoItem kItems[] = {
    {"统计调查对象执行统计法及国家有关规定情况",
     "《统计法》《统计法实施条例》《统计执法监督检查办法》",
     "survey_object",
     300,
     1,
     2,
     {"调查对象依法提供统计资料情况", "调查对象依法设置原始记录、统计台账情况", "调查对象依法建立并执行统计资料管理制度情况",
      "调查对象依法为履行法定填报职责提供保障情况", "调查对象依法配合统计调查和统计监督情况"},
     {1, 2, 3}},
    {"涉外调查机构依法从事涉外调查情况",
     "《统计法》《统计法实施条例》《涉外调查管理办法》",
     "foreign_survey_body",
     10000,
     1,
     1,
     {"涉外统计调查机构具备资格条件情况", "涉外统计调查机构调查项目开展情况", "涉外社会调查项目报批与执行情况",
      "涉外统计调查机构遵守统计法及涉外统计调查管理法律法规规章等情况"},
     {1, 2, 3}},
};

}  // namespace

void load_spotcheck_demo(db::Connection& c, const org::Principal& manager) {
  for (const auto& d : kItems) {
    nlohmann::json contents = nlohmann::json::array();
    for (const char* t : d.contents) contents.push_back(t);
    auto item = spotcheck::create_item(c, manager,
                                       {{"name", d.name},
                                        {"basis", d.basis},
                                        {"bodies", {"province", "city", "county"}},
                                        {"object_type", d.object_type},
                                        {"ratio_min_bp", d.ratio_bp},
                                        {"ratio_max_bp", d.ratio_bp},
                                        {"frequency_min", d.frequency_min},
                                        {"frequency_max", d.frequency_max},
                                        {"method", "both"},
                                        {"contents", contents},
                                        {"notes", ""},
                                        {"effective_from", kIssued},
                                        {"reason", kReason}});
    // The form asks each check content as one point. The party signs to confirm every finding
    // (全过程记录); photos where the finding rests on documents.
    nlohmann::json points = nlohmann::json::array();
    for (size_t i = 0; i < d.contents.size(); ++i) {
      bool photo = std::find(d.photo_points.begin(), d.photo_points.end(), int(i + 1)) != d.photo_points.end();
      points.push_back({{"text", d.contents[i]}, {"photo_required", photo}, {"signature_required", true}});
    }
    spotcheck::add_form_version(c, manager, item["id"].get<int64_t>(),
                                {{"effective_from", kIssued}, {"reason", kReason}, {"points", points}});
  }
}

namespace {

// A demo instant given in Beijing time.
time::Instant at(const char* shanghai_local) {
  auto t = time::parse_iso(std::string(shanghai_local) + "Z");
  if (!t) throw Error::internal(std::string("bad demo instant ") + shanghai_local);
  return *t - std::chrono::hours(8);
}

// The ids of the list's items by 序号 (1: survey objects, 2: foreign-related survey bodies).
int64_t item_id(db::Connection& c, const org::Principal& p, int64_t seq_no) {
  const auto list = spotcheck::list_items(c, p, "2026-01-01");
  for (const auto& it : list["items"])
    if (it["seq_no"] == seq_no) return it["id"].get<int64_t>();
  throw Error::internal("demo item missing: " + std::to_string(seq_no));
}

nlohmann::json credit(int64_t t, int64_t a, int64_t d, int64_t s) {
  return {{"trustworthy", t}, {"abnormal", a}, {"dishonest", d}, {"seriously_dishonest", s}};
}
nlohmann::json risk(int64_t l, int64_t m, int64_t h) { return {{"low", l}, {"medium", m}, {"high", h}}; }

}  // namespace

// The ratios follow 000 Art 11 (lower for trustworthy and low-risk objects, higher for dishonest
// and high-risk ones) inside the list's 3% and 1-2 times a year; the options follow 004's rules
// (no repeat within three years, key units every year, seriously dishonest units every half year;
// Hangzhou also draws 2-3 districts and then 4-6 units in each, by equal intervals). The numbers
// are demo choices, not any bureau's real plan.
void load_plan_demo(db::Connection& c, const org::Principal& province, const org::Principal& city,
                    const org::Principal& county) {
  const int64_t survey = item_id(c, province, 1), foreign = item_id(c, province, 2);
  const nlohmann::json all_foreign = {{"item_id", foreign},
                                      {"ratio_bp", 10000},
                                      {"frequency", 1},
                                      {"window_from", "2026-05-01"},
                                      {"window_to", "2026-10-31"},
                                      {"method", "both"},
                                      {"notes", "涉外调查机构全覆盖检查"}};

  auto zj = spotcheck::create_plan(
      c, province,
      {{"year", 2026},
       {"lines",
        {{{"item_id", survey},
          {"ratio_bp", 300},
          {"frequency", 2},
          {"window_from", "2026-04-01"},
          {"window_to", "2026-11-30"},
          {"method", "both"},
          {"credit_ratios", credit(100, 500, 1000, 10000)},
          {"risk_ratios", risk(200, 300, 600)},
          {"notes", "上、下半年各组织一次；严重失信企业每半年检查全覆盖"}},
         all_foreign}},
       {"options",
        {{"no_repeat_years", 3}, {"min_enterprise_ratio_bp", 300}, {"key_units_every_year", true},
         {"seriously_dishonest_every_half_year", true}}},
       {"notes", "省统计局直接组织的抽查；各市、县统计局另行制订本级计划"}},
      at("2026-02-16T09:30:00"));
  spotcheck::publish_plan(c, province, zj["id"].get<int64_t>(), nlohmann::json::object(), at("2026-03-20T10:00:00"));

  nlohmann::json hz_survey = {{"item_id", survey},
                              {"ratio_bp", 300},
                              {"frequency", 1},
                              {"window_from", "2026-04-15"},
                              {"window_to", "2026-10-31"},
                              {"method", "on_site"},
                              {"credit_ratios", credit(150, 600, 1200, 10000)},
                              {"risk_ratios", risk(200, 300, 500)}};
  nlohmann::json hz_foreign = all_foreign;
  hz_foreign["window_from"] = "2026-06-01";
  hz_foreign["window_to"] = "2026-09-30";
  auto hz = spotcheck::create_plan(
      c, city,
      {{"year", 2026},
       {"lines", {hz_survey, hz_foreign}},
       {"options",
        {{"no_repeat_years", 3},
         {"min_enterprise_ratio_bp", 300},
         {"key_units_every_year", true},
         {"seriously_dishonest_every_half_year", true},
         {"systematic_sampling", true},
         {"multi_stage", {{"counties_min", 2}, {"counties_max", 3}, {"units_min", 4}, {"units_max", 6}}}}}},
      at("2026-02-24T15:00:00"));
  const int64_t hz_id = hz["id"].get<int64_t>();
  spotcheck::publish_plan(c, city, hz_id, nlohmann::json::object(), at("2026-03-27T16:20:00"));
  hz_survey["frequency"] = 2;
  hz_survey["window_to"] = "2026-12-15";
  hz_survey["risk_ratios"] = risk(200, 300, 800);
  spotcheck::add_plan_version(
      c, city, hz_id,
      {{"lines", {hz_survey, hz_foreign}},
       {"reason", "根据市“双随机、一公开”监管工作领导小组年中部署，下半年增加一次检查，提高高风险调查对象的抽查比例，检查时间延至12月15日"}},
      at("2026-07-03T11:00:00"));
  spotcheck::publish_plan(c, city, hz_id, nlohmann::json::object(), at("2026-07-08T09:00:00"));

  spotcheck::create_plan(c, county,
                         {{"year", 2026},
                          {"lines",
                           {{{"item_id", survey},
                             {"ratio_bp", 300},
                             {"frequency", 1},
                             {"window_from", "2026-05-01"},
                             {"window_to", "2026-11-30"},
                             {"method", "both"},
                             {"credit_ratios", credit(100, 300, 800, 10000)}}}},
                          {"options", {{"no_repeat_years", 3}, {"seriously_dishonest_every_half_year", true}}}},
                         at("2026-03-10T10:00:00"));
}

}  // namespace zhifa::demo
