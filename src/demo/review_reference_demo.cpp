#include "demo/review_reference_demo.h"

#include "base/error.h"
#include "base/time.h"
#include "review/discretion.h"
#include "review/roster.h"

namespace zhifa::demo {

namespace {

int64_t user_id(db::Connection& c, const char* username) {
  auto q = c.prepare("SELECT id FROM users WHERE username = ?");
  q->bind(std::string(username));
  if (!q->step()) throw Error::internal(std::string("demo user missing: ") + username);
  return q->row().i64(0);
}

nlohmann::json tier(const char* violation, const char* code, const char* label, const char* condition, int64_t min_yuan, int64_t max_yuan) {
  return {{"violation", violation}, {"party_class", "org"}, {"code", code}, {"label", label}, {"condition", condition},
          {"min_fen", min_yuan * 100}, {"max_fen", max_yuan * 100}};
}

}  // namespace

void load_review_reference_demo(db::Connection& c, const org::Principal& province, const org::Principal& city) {
  const int year = time::today_shanghai().year;
  const std::string y = std::to_string(year);
  // Qualification numbers are made up (A + year + region + serial, the shape of the certificate's number).
  review::add_reviewer(c, province, {{"user_id", user_id(c, "zj_reviewer")}, {"kind", "staff"},
                                     {"qualification_no", "A20123300001234"}, {"qualified_on", "2012-03-01"}});
  review::add_reviewer(c, province, {{"user_id", user_id(c, "zj_reviewer2")}, {"kind", "adviser"},
                                     {"qualification_no", "A20093300005678"}, {"qualified_on", "2009-03-01"},
                                     {"firm", "浙江钱塘律师事务所"}, {"contract_from", y + "-01-01"}, {"contract_until", y + "-12-31"},
                                     {"note", "省局常年法律顾问"}});
  review::add_reviewer(c, province, {{"user_id", user_id(c, "hz_reviewer")}, {"kind", "staff"},
                                     {"qualification_no", "A20143301002468"}, {"qualified_on", "2014-03-01"}});
  // No qualification number: may review only after a first review elsewhere (Administrative Penalty Law Art 58 §2).
  review::add_reviewer(c, province, {{"user_id", user_id(c, "xh_reviewer")}, {"kind", "staff"}});
  review::add_reviewer(c, province, {{"user_id", user_id(c, "nb_reviewer")}, {"kind", "staff"},
                                     {"qualification_no", "A20163302001357"}, {"qualified_on", "2016-03-01"}});
  review::add_reviewer(c, province, {{"user_id", user_id(c, "wz_reviewer")}, {"kind", "staff"},
                                     {"qualification_no", "A20183303008642"}, {"qualified_on", "2018-03-01"}});
  // Hangzhou has reported this year's roster to the province; Ningbo has not.
  review::submit_roster_report(c, city, year, time::today_shanghai());

  // 《浙江省统计行政处罚裁量实施细则》(浙统〔2023〕57号, issued 2023-12-28), for organisations
  // (its Art 2): Art 3 missing records, Art 4 late reporting, Art 5 (1) incomplete data. The
  // hearing thresholds are demo values: the real ones are the province's 较大数额 standard.
  nlohmann::json items = nlohmann::json::array({
      tier("no_records", "nr_corrected", "责令改正后及时改正", "未按照国家有关规定设置原始记录、统计台账，责令改正后及时改正的", 0, 2000),
      tier("no_records", "nr_refused", "责令改正而拒不改正", "责令改正而拒不改正的", 2000, 5000),
      tier("no_records", "nr_repeat", "二年内二次以上", "二年内发生二次以上的", 5000, 10000),
      tier("late_report", "lr_before_urge", "催报前报送", "超出调查表报告期限，但未经催报或者在催报通知书送达前报送的", 0, 2000),
      tier("late_report", "lr_within_urge", "催报期限内报送", "在催报通知书规定的期限内报送的", 2000, 5000),
      tier("late_report", "lr_repeat", "二年内二次以上迟报", "二年内发生二次以上迟报的", 5000, 10000),
      tier("false_data", "fd_blank_20", "未填指标占比20%以下", "提供不完整统计资料：一份调查表中，未填指标个数占应填指标个数20%以下的", 0, 5000),
  });
  review::create_tiers(c, province, {{"bureau_id", province.bureau_id}, {"effective_from", "2023-12-28"},
                                     {"hearing_threshold_org_fen", 5000000}, {"hearing_threshold_person_fen", 1000000}, {"items", items}});
}

}  // namespace zhifa::demo
