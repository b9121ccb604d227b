// Training records (ORG-5) and declared conflicts of interest (004 annex 2) of an inspector: rows of
// their own, each written with a ledger entry whose subject is the inspector.
#include "base/codes.h"
#include "base/error.h"
#include "base/fields.h"
#include "inspectors/dictionary.h"
#include "inspectors/inspectors.h"
#include "ledger/ledger.h"
#include "registry/code_allowlist.h"
#include "registry/objects.h"

namespace zhifa::inspectors {
namespace {

const std::vector<std::string> kTrainingColumns = {"inspector_id", "trained_on", "course", "half_days", "provider", "recorded_by",
                                                   "recorded_at"};
const std::vector<std::string> kConflictColumns = {"inspector_id", "kind",     "target",     "target_name", "reason",     "declared_on",
                                                   "until_on",     "end_reason", "ended_by", "recorded_by", "recorded_at"};

int64_t insert_returning(db::Statement& ins) {
  ins.step();
  int64_t id = ins.row().i64(0);
  ins.exec();
  return id;
}

std::string region_name(const std::string& code) {
  auto d = codes::find_division(code);
  return d ? codes::division_full_name(*d) : std::string();
}

}  // namespace

nlohmann::json add_training(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in) {
  p.require("inspector.manage");
  auto i = find_inspector(c, p, id);
  Fields f(in);
  auto day = time::parse_date(f.str("trained_on", "培训日期", 10));
  if (!day) throw Error::invalid("trained_on", "培训日期格式应为 YYYY-MM-DD", "inspector.trained_on_invalid");
  if (*day > time::today_shanghai()) throw Error::invalid("trained_on", "培训日期不能晚于今天（只登记已完成的培训）", "inspector.trained_on_invalid");
  std::string course = f.str("course", "培训课程", 100);
  if (!in.contains("days") || in.at("days").is_null()) throw Error::required("days", "培训天数");
  const auto& dj = in.at("days");
  if (!dj.is_number()) throw Error(422, "validation.type", "培训天数应为数字", {{"field", "days"}});
  auto half = half_days_of(dj, 60);
  if (!half) throw Error::invalid("days", "培训天数应大于 0、以半天为单位（如 0.5、1、2.5），不超过 60 天", "inspector.days_invalid");
  std::string provider = f.opt_str("provider", "培训机构", 100).value_or("");
  auto ins = c.prepare(
      "INSERT INTO inspector_trainings(inspector_id, trained_on, course, half_days, provider, recorded_by, recorded_at) "
      "VALUES (?,?,?,?,?,?,?) RETURNING id");
  ins->bind(i.id).bind(day->str()).bind(course).bind(*half).bind(provider).bind(p.user_id)
      .bind(time::to_iso(time::now()));
  int64_t tid = insert_returning(*ins);
  ins.reset();
  ledger::record_row(c, p.actor(), "inspector.training_recorded", "inspector", "inspector_trainings", "id", std::to_string(tid),
                     kTrainingColumns, {{"inspector_id", i.id}}, std::to_string(i.id));
  return get_inspector(c, p, id);
}

nlohmann::json declare_conflict(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in) {
  p.require("inspector.manage");
  auto i = find_inspector(c, p, id);
  Fields f(in);
  auto kind = parse_term(conflict_kinds(), f.str("kind", "利害关系类型", 20));
  if (!kind) throw Error::invalid("kind", "利害关系类型只能是 object（调查对象）、division（行政区划）或 department（部门）", "inspector.kind_invalid");
  std::string target = f.str("target", "利害关系对象", 100);
  std::string target_name = f.opt_str("target_name", "对象名称", 200).value_or("");
  if (*kind == "object") {
    for (auto& ch : target) ch = char(std::toupper(static_cast<unsigned char>(ch)));
    auto chk = codes::check_credit_code(target, [&c](std::string_view s) { return registry::allowlist_contains(c, s); });
    if (!chk.valid) throw Error::invalid("target", chk.reason, "inspector.target_invalid");
    // The registry's name wins: the draw shows the object as the registry has it.
    if (auto o = registry::find_object_by_code(c, target)) target_name = o->name;
  } else if (*kind == "division") {
    auto chk = codes::check_division(target);
    if (!chk.valid) throw Error::invalid("target", chk.reason, "inspector.target_invalid");
    target_name = region_name(target);
  } else if (target_name.empty()) {
    target_name = target;
  }
  std::string reason = f.str("reason", "利害关系说明", 200);
  const auto today = time::today_shanghai();
  time::Date declared = today;
  if (auto d = f.opt_str("declared_on", "申报日期", 10); d && !d->empty()) {
    auto pd = time::parse_date(*d);
    if (!pd) throw Error::invalid("declared_on", "申报日期格式应为 YYYY-MM-DD", "inspector.declared_on_invalid");
    if (*pd > today) throw Error::invalid("declared_on", "申报日期不能晚于今天", "inspector.declared_on_invalid");
    declared = *pd;
  }
  std::optional<std::string> until;
  if (auto u = f.opt_str("until", "截止日期", 10); u && !u->empty()) {
    auto pu = time::parse_date(*u);
    if (!pu) throw Error::invalid("until", "截止日期格式应为 YYYY-MM-DD", "inspector.until_invalid");
    if (*pu < declared) throw Error::invalid("until", "截止日期早于申报日期", "inspector.until_invalid");
    until = pu->str();
  }
  for (const auto& k : conflicts_of(c, i.id))
    if (k.kind == *kind && k.target == target && k.in_force(today.str()))
      throw Error::conflict("inspector.conflict_exists", "该利害关系已申报且仍在有效期内", {{"field", "target"}, {"conflict_id", k.id}});
  auto ins = c.prepare(
      "INSERT INTO inspector_conflicts(inspector_id, kind, target, target_name, reason, declared_on, until_on, end_reason, ended_by, "
      "recorded_by, recorded_at) VALUES (?,?,?,?,?,?,?,'',NULL,?,?) RETURNING id");
  ins->bind(i.id).bind(*kind).bind(target).bind(target_name).bind(reason).bind(declared.str()).bind(until).bind(p.user_id)
      .bind(time::to_iso(time::now()));
  int64_t kid = insert_returning(*ins);
  ins.reset();
  ledger::record_row(c, p.actor(), "inspector.conflict_declared", "inspector", "inspector_conflicts", "id", std::to_string(kid),
                     kConflictColumns, {{"inspector_id", i.id}}, std::to_string(i.id));
  return get_inspector(c, p, id);
}

nlohmann::json end_conflict(db::Connection& c, const org::Principal& p, int64_t id, int64_t conflict_id, const nlohmann::json& in) {
  p.require("inspector.manage");
  auto i = find_inspector(c, p, id);
  std::optional<Conflict> k;
  for (auto& x : conflicts_of(c, i.id))
    if (x.id == conflict_id) k = x;
  if (!k) throw Error::not_found("inspector.conflict_not_found", "该利害关系不存在");
  const auto today = time::today_shanghai();
  if (!k->in_force(today.str())) throw Error::conflict("inspector.conflict_ended", "该利害关系已不在有效期内");
  Fields f(in);
  std::string reason = f.str("reason", "结束原因", 200);
  // From ended_on on the conflict no longer binds: its last day in force is the day before.
  time::Date ended = today;
  if (auto u = f.opt_str("ended_on", "结束日期", 10); u && !u->empty()) {
    auto pu = time::parse_date(*u);
    if (!pu) throw Error::invalid("ended_on", "结束日期格式应为 YYYY-MM-DD", "inspector.ended_on_invalid");
    if (pu->str() < k->declared_on || *pu > today)
      throw Error::invalid("ended_on", "结束日期应在申报日期与今天之间", "inspector.ended_on_invalid");
    ended = *pu;
  }
  const time::Date until = ended.plus_days(-1);
  c.prepare("UPDATE inspector_conflicts SET until_on = ?, end_reason = ?, ended_by = ? WHERE id = ?")
      ->bind(until.str()).bind(reason).bind(p.user_id).bind(k->id)
      .exec();
  ledger::record_row(c, p.actor(), "inspector.conflict_ended", "inspector", "inspector_conflicts", "id", std::to_string(k->id),
                     kConflictColumns, {{"inspector_id", i.id}}, std::to_string(i.id));
  return get_inspector(c, p, id);
}

}  // namespace zhifa::inspectors
