// The legal reviewer roster (ORG-4) over HTTP on both stores: who may review a bureau's case
// (not on the roster, an adviser out of contract, a first review without the legal professional
// qualification, an ancestor's entry counts and a sibling's does not), validation that names the
// field and writes nothing, the one active entry per person, deactivation, scope, and the roster
// report upward with its states across 1 and 30 September, computed for the day passed in.
#include <gtest/gtest.h>

#include <map>

#include "base/time.h"
#include "review/roster.h"
#include "support/api_test.h"

using namespace zhifa;
using test::Client;
using nlohmann::json;

namespace {

class ReviewRosterApi : public test::ApiTest {
protected:
  int64_t bureau(const std::string& code) { return count("SELECT id FROM bureaus WHERE code = '" + code + "'"); }
  int64_t user(const std::string& username) { return count("SELECT id FROM users WHERE username = '" + username + "'"); }
  int64_t entries() { return count("SELECT COUNT(*) FROM ledger_entries WHERE action NOT LIKE 'auth.%'"); }
  int64_t reviewers() { return count("SELECT COUNT(*) FROM reviewers"); }
  int64_t entry_of(const std::string& username) {
    return count("SELECT r.id FROM reviewers r JOIN users u ON u.id = r.user_id WHERE r.active = 1 AND u.username = '" + username + "'");
  }
  review::ReviewerCheck check(const std::string& username, const std::string& bureau_code, time::Date on, bool first) {
    auto lease = srv->db()->acquire();
    return review::reviewer_eligibility(*lease, user(username), bureau(bureau_code), on, first);
  }
  static bool has_user(const json& items, const std::string& username) {
    for (const auto& i : items)
      if (i["user"]["username"] == username) return true;
    return false;
  }
  const int year = time::today_shanghai().year;
  std::string day(unsigned m, unsigned d) const { return time::Date{year, m, d}.str(); }
};

}  // namespace

// R: ORG-4 — the roster decides who may review: ancestor's entry counts, sibling's and a lower
// bureau's do not; an adviser only within the contract; a first review needs the qualification.
TEST_F(ReviewRosterApi, EligibilityFollowsRosterContractAndQualification) {
  const time::Date today = time::today_shanghai();
  EXPECT_TRUE(check("hz_reviewer", "330100", today, true).ok);
  EXPECT_TRUE(check("hz_reviewer", "330106", today, true).ok) << "the city's reviewer covers its counties";
  EXPECT_TRUE(check("zj_reviewer", "330106", today, true).ok) << "the province's reviewer covers everything below";
  auto sibling = check("hz_reviewer", "330200", today, false);
  EXPECT_FALSE(sibling.ok);
  EXPECT_NE(sibling.reason.find("名单"), std::string::npos) << sibling.reason;
  EXPECT_FALSE(check("xh_reviewer", "330100", today, false).ok) << "a county's entry does not cover its city";
  auto none = check("hz_insp1", "330100", today, false);
  EXPECT_FALSE(none.ok);
  EXPECT_FALSE(none.reason.empty());

  auto first = check("xh_reviewer", "330106", today, true);
  EXPECT_FALSE(first.ok);
  EXPECT_NE(first.reason.find("法律职业资格"), std::string::npos) << first.reason;
  EXPECT_TRUE(check("xh_reviewer", "330106", today, false).ok) << "no qualification needed after the first review";

  EXPECT_TRUE(check("zj_reviewer2", "330100", time::Date{year, 6, 30}, true).ok);
  auto lapsed = check("zj_reviewer2", "330100", time::Date{year + 1, 1, 1}, false);
  EXPECT_FALSE(lapsed.ok);
  EXPECT_NE(lapsed.reason.find("合同"), std::string::npos) << lapsed.reason;
  EXPECT_FALSE(check("zj_reviewer2", "330100", time::Date{year - 1, 12, 31}, false).ok);

  // A deactivated entry no longer counts.
  auto nb = as("nb_reviewer");
  auto off = nb.post("/api/v1/review/roster/" + std::to_string(entry_of("nb_reviewer")) + "/deactivate", {{"reason", "调离法制岗位"}});
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_EQ(off.json()["active"], false);
  EXPECT_FALSE(check("nb_reviewer", "330200", today, false).ok);
  EXPECT_EQ(verify_problem(), "");
}

// R: ORG-4 — every bad input names its field and changes nothing; one active entry per person.
TEST_F(ReviewRosterApi, AddValidatesAndWritesNothingOnError) {
  auto hz = as("hz_reviewer");
  const int64_t before = reviewers(), seq = entries();
  auto bad = [&](const json& in, const std::string& field, const std::string& code, int status = 422) {
    auto r = hz.post("/api/v1/review/roster", in);
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.code(), code) << r.body;
    EXPECT_EQ(r.json()["error"]["details"]["field"], field) << r.body;
  };
  const int64_t xh_insp = user("xh_insp1");
  bad({{"kind", "staff"}}, "user_id", "validation.required");
  bad({{"user_id", xh_insp}, {"kind", "staff"}}, "user_id", "review.user_not_reviewer");
  bad({{"user_id", user("nb_reviewer")}, {"kind", "staff"}}, "user_id", "review.user_invalid");  // Ningbo: out of scope
  bad({{"user_id", user("hz_reviewer")}, {"kind", "staff"}}, "user_id", "review.roster_duplicate", 409);
  // Deactivate xh_reviewer's entry so that it can be added again, then try bad variants.
  auto off = hz.post("/api/v1/review/roster/" + std::to_string(entry_of("xh_reviewer")) + "/deactivate", json::object());
  EXPECT_EQ(off.status, 422) << off.body;  // the reason is required
  EXPECT_EQ(off.json()["error"]["details"]["field"], "reason");
  EXPECT_EQ(reviewers(), before);
  EXPECT_EQ(entries(), seq);
  off = hz.post("/api/v1/review/roster/" + std::to_string(entry_of("xh_reviewer")) + "/deactivate", {{"reason", "补登资格证号"}});
  ASSERT_EQ(off.status, 200) << off.body;
  const int64_t after_off = entries();
  EXPECT_EQ(after_off, seq + 1);
  const int64_t xh = user("xh_reviewer");
  bad({{"user_id", xh}, {"kind", "lawyer"}}, "kind", "review.kind_invalid");
  bad({{"user_id", xh}, {"kind", "adviser"}, {"firm", "某律所"}, {"contract_until", day(12, 31)}}, "contract_from", "validation.required");
  bad({{"user_id", xh}, {"kind", "adviser"}, {"contract_from", day(1, 1)}, {"contract_until", day(12, 31)}}, "firm", "validation.required");
  bad({{"user_id", xh}, {"kind", "adviser"}, {"firm", "某律所"}, {"contract_from", day(6, 1)}, {"contract_until", day(1, 1)}}, "contract_until",
      "review.date_invalid");
  bad({{"user_id", xh}, {"kind", "staff"}, {"contract_from", day(1, 1)}}, "contract_from", "review.kind_invalid");
  bad({{"user_id", xh}, {"kind", "staff"}, {"qualification_no", std::string(41, '1')}}, "qualification_no", "review.qualification_invalid");
  bad({{"user_id", xh}, {"kind", "staff"}, {"qualification_no", "A1"}, {"qualified_on", "2020-02-30"}}, "qualified_on", "review.date_invalid");
  bad({{"user_id", xh}, {"kind", "staff"}, {"bureau_id", bureau("330200")}}, "bureau_id", "review.bureau_invalid");
  EXPECT_EQ(reviewers(), before);
  EXPECT_EQ(entries(), after_off);

  auto made = hz.post("/api/v1/review/roster", {{"user_id", xh}, {"kind", "staff"}, {"qualification_no", std::string(40, 'A')}});
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.json()["bureau"]["code"], "330106");  // defaults to the user's own bureau
  EXPECT_EQ(made.json()["active"], true);
  EXPECT_EQ(reviewers(), before + 1);
  EXPECT_EQ(entries(), after_off + 1);
  EXPECT_TRUE(check("xh_reviewer", "330106", time::today_shanghai(), true).ok);
  auto again = hz.post("/api/v1/review/roster/" + std::to_string(made.json()["id"].get<int64_t>()) + "/deactivate", {{"reason", "x"}});
  ASSERT_EQ(again.status, 200);
  again = hz.post("/api/v1/review/roster/" + std::to_string(made.json()["id"].get<int64_t>()) + "/deactivate", {{"reason", "x"}});
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.code(), "review.roster_inactive");
  // The inactive list keeps both deactivated entries of xh_reviewer.
  auto all = hz.get("/api/v1/review/roster?bureau_id=" + std::to_string(bureau("330106")) + "&include_inactive=true").json();
  EXPECT_EQ(all["items"].size(), 2u);
  EXPECT_EQ(verify_problem(), "");
}

// R: ORG-4 — a Ningbo reviewer sees Ningbo's roster, never Hangzhou's; the province sees all.
TEST_F(ReviewRosterApi, ScopeHidesASiblingsRoster) {
  auto nb = as("nb_reviewer");
  auto r = nb.get("/api/v1/review/roster?bureau_id=" + std::to_string(bureau("330100")));
  EXPECT_EQ(r.status, 404) << r.body;
  auto own = nb.get("/api/v1/review/roster").json();
  EXPECT_TRUE(has_user(own["items"], "nb_reviewer"));
  EXPECT_FALSE(has_user(own["items"], "hz_reviewer"));
  auto d = nb.post("/api/v1/review/roster/" + std::to_string(entry_of("hz_reviewer")) + "/deactivate", {{"reason", "x"}});
  EXPECT_EQ(d.status, 404) << d.body;
  auto rep = nb.get("/api/v1/review/roster/report?bureau_id=" + std::to_string(bureau("330100")));
  EXPECT_EQ(rep.status, 404) << rep.body;
  auto all = as("zj_reviewer").get("/api/v1/review/roster").json();
  for (const char* u : {"zj_reviewer", "zj_reviewer2", "hz_reviewer", "xh_reviewer", "nb_reviewer", "wz_reviewer"})
    EXPECT_TRUE(has_user(all["items"], u)) << u;
  EXPECT_EQ(as("hz_insp1").get("/api/v1/review/roster").status, 403);
}

// R: ORG-4 — the report upward (000 §3.1: by 30 September): not_due, due_soon from 1 September,
// overdue after the 30th, submitted once with a snapshot in the ledger; the province sees the states.
TEST_F(ReviewRosterApi, RosterReportStatesAndSubmission) {
  EXPECT_EQ(review::report_state(2026, false, {2026, 8, 31}), "not_due");
  EXPECT_EQ(review::report_state(2026, false, {2026, 9, 1}), "due_soon");
  EXPECT_EQ(review::report_state(2026, false, {2026, 9, 30}), "due_soon");
  EXPECT_EQ(review::report_state(2026, false, {2026, 10, 1}), "overdue");
  EXPECT_EQ(review::report_state(2026, true, {2026, 10, 1}), "submitted");

  auto nb = as("nb_reviewer");
  const std::string base = "/api/v1/review/roster/report?year=" + std::to_string(year) + "&on=";
  auto state = [&](Client& c, const std::string& on) {
    auto r = c.get(base + on);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json()["state"].get<std::string>();
  };
  EXPECT_EQ(state(nb, day(8, 31)), "not_due");
  EXPECT_EQ(state(nb, day(9, 1)), "due_soon");
  EXPECT_EQ(state(nb, day(9, 30)), "due_soon");
  EXPECT_EQ(state(nb, day(10, 1)), "overdue");
  auto hz = as("hz_reviewer");
  auto hzr = hz.get(base + day(10, 1)).json();
  EXPECT_EQ(hzr["state"], "submitted");
  EXPECT_EQ(hzr["due_on"], day(9, 30));
  EXPECT_TRUE(has_user(hzr["entries"], "hz_reviewer"));
  EXPECT_EQ(nb.get(base + "2026-13-01").status, 422);

  auto zj = as("zj_reviewer");
  auto list = zj.get("/api/v1/review/roster/reports?year=" + std::to_string(year) + "&on=" + day(9, 15));
  ASSERT_EQ(list.status, 200) << list.body;
  std::map<std::string, std::string> states;
  const json listed = list.json();
  for (const auto& i : listed["items"]) states[i["bureau"]["code"].get<std::string>()] = i["state"].get<std::string>();
  EXPECT_EQ(states["330100"], "submitted");
  EXPECT_EQ(states["330200"], "due_soon");
  EXPECT_EQ(states["330106"], "due_soon");  // counties too
  EXPECT_EQ(states.count("330000-PC"), 0u);  // units do not report
  auto hz_list = hz.get("/api/v1/review/roster/reports?year=" + std::to_string(year)).json();
  for (const auto& i : hz_list["items"]) EXPECT_NE(i["bureau"]["code"], "330200") << "Hangzhou sees no Ningbo report";

  const int64_t seq = entries();
  auto sent = nb.post("/api/v1/review/roster/report", {{"year", year}});
  ASSERT_EQ(sent.status, 201) << sent.body;
  EXPECT_EQ(sent.json()["state"], "submitted");
  EXPECT_EQ(entries(), seq + 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM ledger_entries WHERE action = 'review.roster.report'"), 2);
  auto twice = nb.post("/api/v1/review/roster/report", {{"year", year}});
  EXPECT_EQ(twice.status, 409);
  EXPECT_EQ(twice.code(), "review.roster_report_submitted");
  EXPECT_EQ(nb.post("/api/v1/review/roster/report", {{"year", "今年"}}).status, 422);
  EXPECT_EQ(entries(), seq + 1);
  // A change to the roster after submission does not alter the submitted snapshot.
  auto off = nb.post("/api/v1/review/roster/" + std::to_string(entry_of("nb_reviewer")) + "/deactivate", {{"reason", "调离"}});
  ASSERT_EQ(off.status, 200);
  auto snap = nb.get(base + day(10, 1)).json();
  EXPECT_EQ(snap["state"], "submitted");
  EXPECT_TRUE(has_user(snap["entries"], "nb_reviewer"));
  EXPECT_EQ(verify_problem(), "");
}
