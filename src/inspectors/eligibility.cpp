#include "inspectors/eligibility.h"

#include <algorithm>

#include "base/error.h"
#include "inspectors/dictionary.h"
#include "org/bureaus.h"

namespace zhifa::inspectors {
namespace {

// "330100" -> "3301": the prefix every code inside a division starts with.
std::string division_prefix(std::string d) {
  while (d.size() > 2 && d.compare(d.size() - 2, 2, "00") == 0) d.resize(d.size() - 2);
  return d;
}

const char* conflict_kind_name(const std::string& kind) {
  const char* n = name_of(conflict_kinds(), kind);
  return n ? n : "";
}

}  // namespace

Eligibility eligible(const Inspector& i, time::Date on) {
  Eligibility e;
  const std::string day = on.str();
  if (i.status == "suspended")
    e.reasons.push_back({"inspector.suspended", "已暂停执法" + (i.status_reason.empty() ? std::string() : "（" + i.status_reason + "）")});
  else if (i.status == "left")
    e.reasons.push_back({"inspector.left", "已离岗" + (i.status_reason.empty() ? std::string() : "（" + i.status_reason + "）")});
  if (day < i.valid_from)
    e.reasons.push_back({"inspector.certificate_not_yet_valid", "执法证 " + i.valid_from + " 起才生效"});
  else if (day > i.valid_to)
    e.reasons.push_back({"inspector.certificate_lapsed", "执法证已于 " + i.valid_to + " 到期"});
  e.ok = e.reasons.empty();
  return e;
}

std::optional<Eligibility> user_eligibility(db::Connection& c, int64_t user_id, time::Date on) {
  auto i = inspector_by_user(c, user_id);
  if (!i) return std::nullopt;
  return eligible(*i, on);
}

bool conflict_matches(const Conflict& k, const ConflictTarget& t, time::Date on) {
  if (!k.in_force(on.str())) return false;
  if (k.kind == "object") return !t.credit_code.empty() && k.target == t.credit_code;
  if (k.kind == "division") return !t.division_code.empty() && t.division_code.rfind(division_prefix(k.target), 0) == 0;
  if (k.kind == "department") return !t.department.empty() && k.target == t.department;
  return false;
}

nlohmann::json Pool::to_json(time::Date today) const {
  auto entry = [&](const PoolEntry& e) {
    nlohmann::json j = inspector_json(e.inspector, today);
    nlohmann::json rs = nlohmann::json::array(), ks = nlohmann::json::array();
    for (const auto& r : e.reasons) rs.push_back(r.to_json());
    for (const auto& k : e.conflicts) ks.push_back(conflict_json(k, today.str()));
    j["reasons"] = rs;
    j["conflicts"] = ks;
    return j;
  };
  nlohmann::json el = nlohmann::json::array(), ex = nlohmann::json::array();
  for (const auto& e : eligible) el.push_back(entry(e));
  for (const auto& e : excluded) ex.push_back(entry(e));
  return {{"eligible", el}, {"excluded", ex}};
}

Pool draw_pool(db::Connection& c, const org::Principal& p, const PoolQuery& q) {
  if (!p.can("inspector.manage")) p.require("inspector.read");
  auto b = org::find_bureau(c, q.bureau_id);
  if (!b || !p.covers_path(b->path)) throw Error::not_found("bureau.not_found", "机构不存在或不在您的管辖范围内");
  if (!q.specialty.empty() && !name_of(specialties(), q.specialty))
    throw Error::invalid("specialty", "专业领域代码不正确", "inspector.specialty_invalid");
  Pool pool;
  const std::string day = q.on.str();
  auto in_force = conflicts_in_force_under(c, b->path, day);
  for (auto& i : inspectors_under(c, b->path)) {
    PoolEntry e;
    e.reasons = eligible(i, q.on).reasons;
    if (!q.specialty.empty() && std::find(i.specialties.begin(), i.specialties.end(), q.specialty) == i.specialties.end())
      e.reasons.push_back({"inspector.specialty_missing", std::string("不具备“") + name_of(specialties(), q.specialty) + "”专业"});
    for (auto& k : in_force[i.id]) {
      if (conflict_matches(k, q.target, q.on))
        e.reasons.push_back({"inspector.conflict", std::string("与") + conflict_kind_name(k.kind) + "“" +
                                                       (k.target_name.empty() ? k.target : k.target_name) + "”存在利害关系：" + k.reason});
      e.conflicts.push_back(std::move(k));
    }
    e.inspector = std::move(i);
    (e.reasons.empty() ? pool.eligible : pool.excluded).push_back(std::move(e));
  }
  return pool;
}

}  // namespace zhifa::inspectors
