// Discretion benchmarks (REV-3 "appropriate discretion") over HTTP on both stores: the fine rule
// chosen by the date of the act (2009 Art 41/42 before 2024-09-13, 2024 Art 44/45 from then on),
// a fine inside and outside the law and the bureau's tier, tiers inherited from the nearest
// ancestor, the hearing threshold, tier versions validated field by field (a tier outside the law
// refused) with nothing written on error, versions in the ledger, and scope.
#include <gtest/gtest.h>

#include "base/time.h"
#include "review/discretion.h"
#include "support/api_test.h"

using namespace zhifa;
using test::Client;
using nlohmann::json;

namespace {

class ReviewDiscretionApi : public test::ApiTest {
protected:
  int64_t bureau(const std::string& code) { return count("SELECT id FROM bureaus WHERE code = '" + code + "'"); }
  int64_t entries() { return count("SELECT COUNT(*) FROM ledger_entries WHERE action NOT LIKE 'auth.%'"); }
  int64_t versions() { return count("SELECT COUNT(*) FROM discretion_tiers"); }
  test::HttpResult assess(Client& c, const std::string& code, const std::string& violation, const std::string& party_class,
                          const std::string& amount_fen, const std::string& date, const std::string& tier = "") {
    return c.get("/api/v1/review/benchmarks/assess?bureau_id=" + std::to_string(bureau(code)) + "&violation=" + violation +
                 "&party_class=" + party_class + "&amount_fen=" + amount_fen + "&date=" + date + "&tier=" + tier);
  }
  static json item(const std::string& violation, const std::string& code, int64_t min_yuan, int64_t max_yuan,
                   const std::string& party_class = "org") {
    return {{"violation", violation}, {"party_class", party_class}, {"code", code}, {"label", "档次" + code},
            {"condition", "情形"},     {"min_fen", min_yuan * 100}, {"max_fen", max_yuan * 100}};
  }
  json version(const std::string& from, json items) {
    return {{"bureau_id", bureau("330100")}, {"effective_from", from}, {"hearing_threshold_org_fen", 3000000},
            {"hearing_threshold_person_fen", 500000}, {"items", std::move(items)}};
  }
};

}  // namespace

// R: REV-3 — the article and its range follow the date of the act: before 2024-09-13 the 2009
// text (Art 41, ¥50,000 / serious ¥200,000), from that day the 2024 amendment (Art 44, ¥100,000 /
// serious ¥500,000).
TEST_F(ReviewDiscretionApi, RuleFollowsTheDateOfTheAct) {
  auto c = as("hz_reviewer");
  auto before = assess(c, "330100", "false_data", "org", "8000000", "2024-09-12");
  ASSERT_EQ(before.status, 200) << before.body;
  auto b = before.json();
  EXPECT_EQ(b["rule"]["article"], "第四十一条");
  EXPECT_EQ(b["rule"]["law_version"], "2009");
  EXPECT_EQ(b["rule"]["max_fen"], 5000000);
  EXPECT_EQ(b["rule"]["serious_max_fen"], 20000000);
  EXPECT_EQ(b["within_law"], true);
  EXPECT_EQ(b["serious_required"], true);  // above ¥50,000 only when 情节严重
  EXPECT_NE(b["rule"]["serious_conditions"].get<std::string>().find("第五十条"), std::string::npos);

  auto after = assess(c, "330100", "false_data", "org", "8000000", "2024-09-13").json();
  EXPECT_EQ(after["rule"]["article"], "第四十四条");
  EXPECT_EQ(after["rule"]["law_version"], "2024");
  EXPECT_EQ(after["rule"]["max_fen"], 10000000);
  EXPECT_EQ(after["rule"]["serious_max_fen"], 50000000);
  EXPECT_EQ(after["serious_required"], false);

  // ¥300,000: beyond the 2009 ceiling, inside the 2024 serious range.
  EXPECT_EQ(assess(c, "330100", "false_data", "org", "30000000", "2024-09-12").json()["within_law"], false);
  EXPECT_EQ(assess(c, "330100", "false_data", "org", "30000000", "2024-09-13").json()["within_law"], true);
  // Art 42: an individual business's late report up to ¥1,000.
  auto late = assess(c, "330100", "late_report", "individual_business", "100001", "2020-05-01").json();
  EXPECT_EQ(late["rule"]["article"], "第四十二条");
  EXPECT_EQ(late["within_law"], false);
  // A person in a census: criticism only, no fine.
  auto person = assess(c, "330100", "obstruct", "person", "100", "2025-01-01").json();
  EXPECT_EQ(person["rule"]["max_fen"], 0);
  EXPECT_EQ(person["within_law"], false);
  // No article fines an individual business for missing records.
  auto none = assess(c, "330100", "no_records", "individual_business", "100", "2025-01-01").json();
  EXPECT_TRUE(none["rule"].is_null());
  EXPECT_EQ(none["within_law"], false);

  // The C++ interface the review uses gives the same answer.
  auto lease = srv->db()->acquire();
  auto direct = review::assess_fine(*lease, bureau("330100"), "false_data", "org", 8000000, {2024, 9, 12}, "");
  EXPECT_EQ(direct["rule"]["article"], "第四十一条");
  EXPECT_TRUE(direct["within_tier"].is_null());
}

// R: REV-3 — Hangzhou has no tiers of its own and uses the province's (浙江省统计行政处罚裁量实施细则);
// a fine inside and outside the chosen tier; the hearing threshold; unknown codes are 422.
TEST_F(ReviewDiscretionApi, TiersInheritedInsideOutsideAndHearing) {
  auto c = as("hz_reviewer");
  auto in = assess(c, "330106", "no_records", "org", "300000", "2025-03-01", "nr_refused");
  ASSERT_EQ(in.status, 200) << in.body;
  auto j = in.json();
  EXPECT_EQ(j["tiers"].size(), 3u);
  EXPECT_EQ(j["tier"]["code"], "nr_refused");
  EXPECT_EQ(j["within_tier"], true);
  EXPECT_EQ(j["within_law"], true);
  EXPECT_EQ(j["tiers_version"]["bureau"]["id"], bureau("330000"));
  EXPECT_EQ(assess(c, "330106", "no_records", "org", "300000", "2025-03-01", "nr_corrected").json()["within_tier"], false);
  EXPECT_EQ(assess(c, "330106", "no_records", "org", "1000001", "2025-03-01", "nr_repeat").json()["within_tier"], false);
  // Before the 细则 took effect there are no tiers at all.
  auto early = assess(c, "330106", "no_records", "org", "300000", "2023-01-01").json();
  EXPECT_EQ(early["tiers"].size(), 0u);
  EXPECT_TRUE(early["tier"].is_null());

  auto h = assess(c, "330100", "refuse_provide", "org", "5000000", "2025-03-01").json();
  EXPECT_EQ(h["hearing_threshold_fen"], 5000000);
  EXPECT_EQ(h["hearing_right"], true);
  EXPECT_EQ(assess(c, "330100", "refuse_provide", "org", "4999999", "2025-03-01").json()["hearing_right"], false);
  EXPECT_EQ(assess(c, "330100", "refuse_provide", "individual_business", "1000000", "2025-03-01").json()["hearing_threshold_fen"], 1000000);

  auto err = [&](test::HttpResult r, const std::string& field, const std::string& code) {
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(r.code(), code) << r.body;
    EXPECT_EQ(r.json()["error"]["details"]["field"], field) << r.body;
  };
  err(assess(c, "330100", "speeding", "org", "100", "2025-03-01"), "violation", "review.violation_unknown");
  err(assess(c, "330100", "no_records", "company", "100", "2025-03-01"), "party_class", "review.party_class_invalid");
  err(assess(c, "330100", "no_records", "org", "100", "2025-03-01", "nr_none"), "tier", "review.tier_unknown");
  err(assess(c, "330100", "no_records", "org", "12.5", "2025-03-01"), "amount_fen", "review.amount_invalid");
  err(assess(c, "330100", "no_records", "org", "100", "2025-02-30"), "date", "review.date_invalid");
  EXPECT_EQ(assess(c, "330200", "no_records", "org", "100", "2025-03-01").status, 404) << "Ningbo is out of Hangzhou's scope";
  EXPECT_EQ(as("hz_insp1").get("/api/v1/review/benchmarks").status, 403);
}

// R: REV-3 — a tiers version is validated field by field; a tier outside the law on its effective
// date is refused; errors write nothing; each version is one ledger entry and takes over from the
// ancestor's for the bureau and those below it.
TEST_F(ReviewDiscretionApi, TiersVersionsValidatedAndVersioned) {
  auto c = as("hz_reviewer");
  const int64_t v0 = versions(), seq = entries();
  auto bad = [&](const json& in, const std::string& field, const std::string& code) {
    auto r = c.post("/api/v1/review/benchmarks/tiers", in);
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(r.code(), code) << r.body;
    EXPECT_EQ(r.json()["error"]["details"]["field"], field) << r.body;
  };
  json good = json::array({item("no_records", "a", 0, 3000), item("no_records", "b", 3000, 10000), item("refuse_provide", "c", 100000, 300000)});
  auto x = good;
  x[2]["max_fen"] = 9000000;  // below min
  bad(version("2024-10-01", x), "items[2].max_fen", "review.amount_invalid");
  // ¥300,000 for refusing: inside the 2024 serious range, outside the 2009 one.
  bad(version("2024-01-01", good), "items[2].max_fen", "review.tier_outside_law");
  x = good;
  x[1]["max_fen"] = 1000100;  // ¥10,001 for missing records
  bad(version("2024-10-01", x), "items[1].max_fen", "review.tier_outside_law");
  bad(version("2024-10-01", json::array({item("obstruct", "p", 0, 10, "person")})), "items[0].max_fen", "review.tier_outside_law");
  bad(version("2024-10-01", json::array({item("no_records", "n", 0, 10, "individual_business")})), "items[0].max_fen",
      "review.tier_outside_law");
  x = good;
  x[1]["code"] = "a";
  bad(version("2024-10-01", x), "items[1].code", "review.tier_duplicate");
  x = good;
  x[0]["code"] = "A 1";
  bad(version("2024-10-01", x), "items[0].code", "review.tier_code_invalid");
  x = good;
  x[1]["violation"] = "speeding";
  bad(version("2024-10-01", x), "items[1].violation", "review.violation_unknown");
  x = good;
  x[0].erase("label");
  bad(version("2024-10-01", x), "items[0].label", "validation.required");
  x = good;
  x[0]["min_fen"] = -1;
  bad(version("2024-10-01", x), "items[0].min_fen", "review.amount_invalid");
  auto v = version("2024-10-01", good);
  v.erase("hearing_threshold_org_fen");
  bad(v, "hearing_threshold_org_fen", "validation.required");
  bad(version("2024-13-01", good), "effective_from", "review.date_invalid");
  v = version("2024-10-01", good);
  v["bureau_id"] = bureau("330200");
  bad(v, "bureau_id", "review.bureau_invalid");
  bad(version("2024-10-01", json::array()), "items", "validation.required");
  EXPECT_EQ(versions(), v0);
  EXPECT_EQ(entries(), seq);

  auto made = c.post("/api/v1/review/benchmarks/tiers", version("2024-10-01", good));
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.json()["version"], 1);
  EXPECT_EQ(versions(), v0 + 1);
  EXPECT_EQ(entries(), seq + 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM ledger_entries WHERE action = 'review.tiers.create' AND subject_kind = 'discretion_tiers'"), 2);

  // Hangzhou and Xihu now use Hangzhou's version; Ningbo still the province's; before its effective
  // date Hangzhou falls back to the province's.
  auto hz = assess(c, "330106", "no_records", "org", "350000", "2025-03-01", "b").json();
  EXPECT_EQ(hz["tiers_version"]["bureau"]["id"], bureau("330100"));
  EXPECT_EQ(hz["within_tier"], true);
  EXPECT_EQ(hz["hearing_threshold_fen"], 3000000);
  EXPECT_EQ(assess(c, "330100", "no_records", "org", "350000", "2024-09-30").json()["tiers_version"]["bureau"]["id"], bureau("330000"));
  auto nb = as("nb_reviewer");
  EXPECT_EQ(assess(nb, "330200", "no_records", "org", "350000", "2025-03-01").json()["tiers_version"]["bureau"]["id"], bureau("330000"));

  auto second = c.post("/api/v1/review/benchmarks/tiers", version("2025-01-01", json::array({item("late_report", "x", 0, 500)})));
  ASSERT_EQ(second.status, 201) << second.body;
  EXPECT_EQ(second.json()["version"], 2);
  auto bm = c.get("/api/v1/review/benchmarks?bureau_id=" + std::to_string(bureau("330100")) + "&date=2025-06-01");
  ASSERT_EQ(bm.status, 200) << bm.body;
  auto j = bm.json();
  EXPECT_EQ(j["tiers"]["version"], 2);
  EXPECT_EQ(j["tiers"]["inherited"], false);
  EXPECT_EQ(j["history"].size(), 2u);
  ASSERT_EQ(j["laws"].size(), 2u);
  EXPECT_EQ(j["laws"][0]["law_version"], "2009");
  EXPECT_EQ(j["laws"][1]["law_version"], "2024");
  EXPECT_EQ(j["violations"].size(), 7u);
  auto xihu = c.get("/api/v1/review/benchmarks?bureau_id=" + std::to_string(bureau("330106"))).json();
  EXPECT_EQ(xihu["tiers"]["inherited"], true);
  EXPECT_EQ(xihu["history"].size(), 0u);

  // Scope: Ningbo neither reads nor writes Hangzhou's benchmarks.
  EXPECT_EQ(nb.get("/api/v1/review/benchmarks?bureau_id=" + std::to_string(bureau("330100"))).status, 404);
  auto w = nb.post("/api/v1/review/benchmarks/tiers", version("2025-01-01", good));
  EXPECT_EQ(w.status, 422);
  EXPECT_EQ(w.code(), "review.bureau_invalid");
  EXPECT_EQ(as("hz_unit_head").post("/api/v1/review/benchmarks/tiers", version("2025-01-01", good)).status, 403);
  EXPECT_EQ(verify_problem(), "");
}
