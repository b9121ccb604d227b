#include "demo/publicity_demo.h"

#include <vector>

#include "base/time.h"
#include "demo/registry_demo.h"
#include "publicity/disclosures.h"

namespace zhifa::demo {

namespace {

using nlohmann::json;

std::string days_ago(int n) { return time::today_shanghai().plus_days(-n).str(); }

json inspectors_of(db::Connection& c, int64_t bureau_id) {
  auto q = c.prepare("SELECT name, certificate_no FROM inspectors WHERE bureau_id = ? ORDER BY certificate_no LIMIT 2");
  q->bind(bureau_id);
  json out = json::array();
  while (q->step()) out.push_back({{"name", q->row().text(0)}, {"certificate_no", q->row().text(1)}});
  return out;
}

}  // namespace

void load_publicity_demo(db::Connection& c, const org::Principal& pub, const org::Principal& head, const org::Principal& handler) {
  // The demo's decided cases were recorded before the collectors are registered (start-up), so
  // they are collected here through the same function the event hook calls.
  std::vector<int64_t> drafts;
  {
    auto q = c.prepare(
        "SELECT DISTINCT k.id FROM cases k JOIN case_steps s ON s.case_id = k.id WHERE k.bureau_id = ? AND s.kind = 'simple_record' "
        "ORDER BY k.id");
    q->bind(pub.bureau_id);
    std::vector<int64_t> ids;
    while (q->step()) ids.push_back(q->row().i64(0));
    q.reset();
    for (int64_t id : ids) {
      // When the collectors were registered already (a server in this process), the hook made it.
      publicity::collect_case_step(c, handler, id, "simple_record");
      auto d = c.prepare("SELECT id FROM disclosures WHERE source_kind = 'case' AND source_id = ?");
      d->bind(std::to_string(id));
      if (d->step()) drafts.push_back(d->row().i64(0));
    }
  }
  if (drafts.size() >= 1) {
    // Published, then corrected: both versions stay in the public history (PUB-4).
    const int64_t d = drafts[0];
    publicity::review(c, pub, d, {{"note", "已核对决定书，脱敏无误"}});
    publicity::publish(c, pub, d);
    json content = publicity::get_disclosure(c, pub, d)["current"]["content"];
    content["legal_basis"] = "《中华人民共和国统计法》第四十一条第二款第（二）项";
    publicity::correct(c, pub, d, {{"content", content}, {"reason", "原公示的处罚依据未列明具体条款项，予以更正"}});
    publicity::review(c, head, d, {{"note", "同意更正"}});
    publicity::publish(c, pub, d);
  }
  if (drafts.size() >= 2) {
    // Awaiting review, with personal data the desensitisation masks (PUB-3).
    const int64_t d = drafts[1];
    json content = publicity::get_disclosure(c, pub, d)["working"]["content"];
    content["facts"] = content["facts"].get<std::string>() +
                       "。经询问证人李明（手机13812345678，身份证号330106199003071234，住杭州市西湖区文三路138号5幢601室），情况属实";
    publicity::edit_draft(c, pub, d, {{"content", content}, {"persons", {"李明"}}});
  }
  const json team = inspectors_of(c, pub.bureau_id);
  // A clean spot-check result entered by hand (PUB-11), reviewed by the head and published.
  auto clean = publicity::create_draft(
      c, pub,
      {{"kind", "check_result"},
       {"content",
        {{"object", {{"kind", "org"}, {"name", "杭州滨江智能科技有限公司"}, {"credit_code", demo_credit_code("330108", 92001)}}},
         {"item", "统计调查对象统计数据质量检查"},
         {"check_date", days_ago(12)},
         {"inspectors", team},
         {"problems", false},
         {"result", "未发现问题：2025年统计年报数据与原始记录、统计台账一致"},
         {"rectification", ""}}}});
  publicity::review(c, head, clean["id"], {{"note", "同意公示"}});
  publicity::publish(c, pub, clean["id"]);
  // A published decision later revoked on administrative reconsideration: awaiting its takedown (PUB-8).
  auto revoked = publicity::create_draft(
      c, pub,
      {{"kind", "penalty_decision"},
       {"content",
        {{"object", {{"kind", "org"}, {"name", "杭州拱墅物流有限公司"}, {"credit_code", demo_credit_code("330105", 93001)}}},
         {"category", "penalty"},
         {"legal_basis", "《中华人民共和国统计法》第四十一条"},
         {"facts", "拒绝提供2025年统计年报原始记录"},
         {"conclusion", "给予警告，并处罚款20000 元的行政处罚"},
         {"amount_fen", 2000000},
         {"decision_number", "杭统罚决〔2026〕3号"},
         {"decision_date", days_ago(40)}}}});
  const int64_t r = revoked["id"];
  publicity::review(c, head, r, {{"note", "同意公示"}});
  publicity::publish(c, pub, r);
  publicity::record_revocation(c, pub, r,
                               {{"kind", "revoked"},
                                {"event_date", days_ago(1)},
                                {"reason", "经行政复议，原处罚决定认定事实不清，予以撤销"},
                                {"document", "杭州市人民政府行政复议决定书（杭政复〔2026〕18号）"}});
}

}  // namespace zhifa::demo
