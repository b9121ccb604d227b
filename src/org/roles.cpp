#include "org/roles.h"

#include "base/error.h"

namespace zhifa::org {

const std::vector<RoleInfo>& all_roles() {
  // Every staff role reads the organisation and the calendar. Cases (src/cases): inspectors record
  // field inspections and handle cases; the unit head also assigns handlers and approves the
  // enforcement plan (002 Art 5); the bureau head approves opening, decision and closing (Art 6,
  // Art 14); the archivist archives; the legal affairs unit (legal_reviewer) keeps the leads log
  // (Art 7) and decides a party's request to read records (Art 24); reads of case files are
  // listed for the bureau head and the legal affairs unit (调阅监督). Evidence: the handling unit manages the recording devices
  // (002 Art 29), the archivist asks to dispose of material whose retention has ended and the
  // bureau head decides (two people, REC-21). Every staff role reads the spot-check item list; the
  // unit head may set it, but only at a province-level bureau (000 Art 5: the province sets the
  // list) — src/spotcheck enforces the level, since a role here does not know its bureau.
  // The unit head also makes the annual spot-check plan, of their own bureau only (spotcheck/plans.h).
  // The unit head runs the witnessed draws (spotcheck.draw); a repeated draw and the replacement
  // of a drawn inspector need the bureau head's approval (spotcheck.draw.approve, 000 Art 14).
  // Every staff role reads the survey-object registry (DR-2); the unit head, who runs the
  // spot checks, keeps it (creates, changes, imports).
  // The inspector registry (certificates, training, conflicts) is read by the same roles and kept
  // by the unit head: qualification records are the handling unit's, not the system
  // administrator's, who manages accounts but sees no enforcement content (docs/registry.md).
  static const std::vector<RoleInfo> roles = {
      {"inspector", "执法人员", "持证执法人员：现场检查、调查取证、制作文书", false, {"org.read", "calendar.read", "evidence.read", "evidence.upload", "spotcheck.read", "registry.read", "inspector.read", "lead.read", "inspection.record", "case.read", "case.handle"}},
      {"unit_head", "承办机构负责人", "承办机构负责人：审批执法方案与立案，分派案件", false,
       {"org.read", "calendar.read", "evidence.read", "evidence.upload", "device.manage", "spotcheck.read", "spotcheck.items.manage", "spotcheck.plans.manage", "spotcheck.draw", "registry.read", "registry.manage", "inspector.read", "inspector.manage", "lead.read", "lead.manage", "inspection.record", "case.read", "case.handle", "case.assign", "case.approve_plan", "review.read", "supervision.read", "credit.read", "credit.manage", "publicity.read", "publicity.collect"}},
      {"legal_reviewer", "法制审核人员", "对重大执法决定进行法制审核", false, {"org.read", "calendar.read", "evidence.read", "spotcheck.read", "registry.read", "inspector.read", "lead.read", "lead.manage", "access.request", "access.approve", "access.log.read", "case.read", "review.read", "review.assign", "review.conduct", "review.catalogue.manage", "review.roster.manage", "review.benchmarks.manage", "supervision.read", "credit.read"}},
      {"bureau_head", "机关负责人", "审批重大执法决定，主持集体讨论", false,
       {"org.read", "calendar.read", "evidence.read", "evidence.upload", "device.manage", "evidence.dispose_approve", "spotcheck.read", "spotcheck.draw.approve", "registry.read", "inspector.read", "lead.read", "lead.instruct", "access.log.read", "case.read", "case.approve", "review.read", "supervision.read", "credit.read", "credit.approve", "publicity.read", "publicity.review"}},
      {"archivist", "档案管理员", "执法案卷归档与调阅管理", false,
       {"org.read", "calendar.read", "evidence.read", "evidence.upload", "evidence.dispose_request", "spotcheck.read", "registry.read", "inspector.read", "access.request", "case.read", "case.archive"}},
      {"publicity_officer", "公示管理员", "执法信息公示的审核与发布", false, {"org.read", "calendar.read", "spotcheck.read", "registry.read", "inspector.read", "credit.read", "credit.publish", "publicity.read", "publicity.collect", "publicity.review", "publicity.publish"}},
      {"sys_admin", "系统管理员", "管理机构、用户与工作日历；不能查看审计日志和案件内容", true,
       {"org.read", "calendar.read", "user.manage", "bureau.manage", "calendar.manage"}},
      {"sec_admin", "安全管理员", "设置密码、锁定与会话等安全策略；不能管理用户和查看案件内容", true,
       {"calendar.read", "policy.manage", "policy.read"}},
      {"audit_admin", "审计管理员", "只读查看操作日志；不能做任何修改，不能查看案件内容", true,
       {"calendar.read", "audit.read", "policy.read"}},
  };
  return roles;
}

const RoleInfo* find_role(const std::string& code) {
  for (const auto& r : all_roles())
    if (r.code == code) return &r;
  return nullptr;
}

std::set<std::string> permissions_for(const std::set<std::string>& roles) {
  std::set<std::string> out;
  for (const auto& code : roles)
    if (auto r = find_role(code)) out.insert(r->permissions.begin(), r->permissions.end());
  return out;
}

void validate_roles(const std::set<std::string>& roles) {
  if (roles.empty()) throw Error::invalid("roles", "至少选择一个角色", "org.role_required");
  bool admin = false;
  for (const auto& code : roles) {
    auto r = find_role(code);
    if (!r) throw Error(422, "org.role_unknown", "未知的角色：" + code, {{"field", "roles"}, {"role", code}});
    admin = admin || r->admin;
  }
  if (admin && roles.size() > 1) {
    throw Error(422, "org.role_conflict", "系统管理员、安全管理员、审计管理员必须三员分立，不能与其他角色兼任",
                {{"field", "roles"}});
  }
}

}  // namespace zhifa::org
