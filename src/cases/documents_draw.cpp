// The draw's witnessed-session record (抽查工作记录): the paper the bureau prints after a draw and
// files with the plan — the plan line, the pool's commitment, the witnesses and their numbers,
// the seed, the result counts and the objects with their teams. Built from draw/sessions.h reads
// (which check spotcheck.read and the session's scope); the ledger entry it renders is the
// latest entry about the session, so a later change (a member replaced) makes a new document.
#include <nlohmann/json.hpp>

#include "base/error.h"
#include "base/time.h"
#include "cases/documents.h"
#include "draw/sessions.h"

namespace zhifa::cases {

namespace {

using nlohmann::json;

constexpr const char* kCode = "draw_record";
constexpr const char* kTitle = "双随机抽查抽取记录";

int64_t session_id(const std::string& owner_id) {
  try {
    size_t used = 0;
    int64_t id = std::stoll(owner_id, &used);
    if (used == owner_id.size() && id > 0) return id;
  } catch (const std::exception&) {
  }
  throw Error::not_found("draw.not_found", "抽查批次不存在");
}

std::string str(const json& j, const char* key) {
  if (!j.is_object() || !j.contains(key) || j.at(key).is_null()) return "";
  return j.at(key).is_string() ? j.at(key).get<std::string>() : j.at(key).dump();
}

// "2026-03-05T02:00:00.000Z" -> "2026年3月5日" (Shanghai).
std::string chinese_date(const std::string& iso) {
  auto t = time::parse_iso(iso);
  if (!t) return iso;
  auto d = time::shanghai_date(*t);
  return std::to_string(d.year) + "年" + std::to_string(d.month) + "月" + std::to_string(d.day) + "日";
}

int64_t latest_entry(db::Connection& c, int64_t id) {
  auto q = c.prepare("SELECT MAX(seq) FROM ledger_entries WHERE subject_kind = 'draw_session' AND subject_id = ?");
  q->bind(std::to_string(id));
  q->step();
  return q->row().opt_i64(0).value_or(0);
}

std::vector<std::pair<std::string, std::string>> list_draw(db::Connection& c, const org::Principal& p, const std::string& owner_id) {
  json s = draw::get_draw(c, p, session_id(owner_id));
  if (s.value("state", "") != "drawn" || s["draw"].is_null()) return {};
  return {{kCode, kTitle}};
}

DocumentData build_draw(db::Connection& c, const org::Principal& p, const std::string& owner_id, const std::string& code) {
  const int64_t id = session_id(owner_id);
  json s = draw::get_draw(c, p, id);
  if (code != kCode || s["draw"].is_null()) throw Error::not_found("document.not_found", "该记录没有这份文书：" + code);
  const json& cm = s["commitment"];
  const json& dr = s["draw"];
  DocumentData d;
  d.template_code = kCode;
  d.title = kTitle;
  d.bureau_id = s.value("bureau_id", int64_t(0));
  d.bureau_name = str(s, "bureau_name");
  d.number = "抽查批次第 " + std::to_string(id) + " 号";
  d.fields = {{"批次名称", str(s, "title")},
              {"抽查计划", std::to_string(s.value("year", 0)) + " 年度抽查计划（第 " + std::to_string(s.value("plan_version", 0)) + " 版）"},
              {"抽查事项", str(s, "item_name")},
              {"抽取方式", str(s, "mode_name")},
              {"检查日期", str(s, "date")},
              {"检查时段", str(s, "window_from") + " 至 " + str(s, "window_to")},
              {"对象库", str(cm, "pool_objects") + " 个对象，" + str(cm, "pool_inspectors") + " 名执法人员"},
              {"对象库默克尔根", str(cm, "pool_root")},
              {"参数哈希", str(cm, "params_hash")},
              {"承诺时间", str(cm, "committed_at") + "（执法记录第 " + str(cm, "ledger_seq") + " 条）"}};
  if (!s["lottery"].is_null())
    d.fields.push_back({"公开彩票", str(s["lottery"], "name") + " 第 " + str(s["lottery"], "draw_no") + " 期，开奖结果 " +
                                        str(dr, "lottery_result")});
  d.fields.push_back({"见证号码", str(dr, "numbers")});
  d.fields.push_back({"随机种子", str(dr, "seed")});
  d.fields.push_back({"抽取时间", str(dr, "drawn_at")});
  d.fields.push_back({"证书哈希", str(dr, "certificate_hash")});
  const json& sum = dr["summary"];
  if (sum.is_object())
    d.fields.push_back({"抽取结果", "对象库 " + str(sum, "pool") + " 个，排除近期已查 " + str(sum, "removed") + " 个，必查 " +
                                        str(sum, "forced") + " 个，随机抽取 " + str(sum, "drawn") + " 个，共选定 " + str(sum, "selected") + " 个"});

  DocSection tasks{"抽取对象及检查组", {}};
  for (const auto& t : s["tasks"]) {
    std::string team;
    for (const auto& m : t["team"]) {
      if (!team.empty()) team += "、";
      team += str(m, "name") + "（" + str(m, "certificate_no") + (str(m, "role_name").empty() ? "" : "，" + str(m, "role_name")) + "）";
    }
    tasks.paragraphs.push_back(std::to_string(t.value("position", 0)) + ". " + str(t["object"], "name") + "（" +
                               str(t["object"], "credit_code") + "）" + (str(t, "rule_name").empty() ? "" : "［" + str(t, "rule_name") + "］") +
                               "　检查组：" + team);
  }
  if (tasks.paragraphs.empty()) tasks.paragraphs.push_back("（无）");
  d.sections.push_back(std::move(tasks));

  for (const auto& w : dr["witnesses"]) d.signatures.push_back({"见证人（" + str(w, "role") + "）", str(w, "name"), "", ""});
  d.signatures.push_back({"操作人员", str(dr["drawn_by"], "name"), chinese_date(str(dr, "drawn_at")), ""});
  d.date = chinese_date(str(dr, "drawn_at"));
  d.ledger_seq = latest_entry(c, id);
  return d;
}

}  // namespace

void register_builtin_producers() { register_producer("draw_session", {list_draw, build_draw}); }

}  // namespace zhifa::cases
