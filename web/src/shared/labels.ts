// Chinese labels for codes the server sends.
import type { BureauLevel } from './types'

export const ROLE_NAMES: Record<string, string> = {
  inspector: '执法人员',
  unit_head: '承办机构负责人',
  legal_reviewer: '法制审核人员',
  bureau_head: '机关负责人',
  archivist: '档案管理员',
  publicity_officer: '公示管理员',
  sys_admin: '系统管理员',
  sec_admin: '安全管理员',
  audit_admin: '审计管理员',
}

export const ADMIN_ROLES = ['sys_admin', 'sec_admin', 'audit_admin']

export function roleName(code: string): string {
  return ROLE_NAMES[code] ?? code
}

export const LEVEL_NAMES: Record<BureauLevel, string> = {
  province: '省级',
  city: '市级',
  county: '县级',
  unit: '直属单位',
}

export function levelName(level: string): string {
  return (LEVEL_NAMES as Record<string, string>)[level] ?? level
}

export const AUDIT_ACTIONS: Record<string, string> = {
  'auth.login': '登录',
  'auth.login_failed': '登录失败',
  'auth.login_refused': '登录被拒绝',
  'auth.locked': '账号锁定',
  'auth.logout': '退出',
  'auth.password_change': '修改密码',
  'user.create': '新增用户',
  'user.update': '修改用户',
  'user.password_reset': '重置密码',
  'user.unlock': '解锁',
  'bureau.create': '新增机构',
  'bureau.update': '修改机构',
  'department.create': '新增部门',
  'policy.update': '修改安全策略',
  'calendar.load_year': '载入日历年度',
  'audit.read': '查询操作日志',
  'credit_code_allowlist.add': '新增信用代码白名单',
  'store.init': '初始化系统',
}

export function auditActionName(code: string): string {
  return AUDIT_ACTIONS[code] ?? code
}

export const SUBJECT_KINDS: Record<string, string> = {
  user: '用户',
  bureau: '机构',
  department: '部门',
  policy: '安全策略',
  security_policy: '安全策略',
  calendar: '工作日历',
  calendar_year: '日历年度',
  ledger: '日志',
  session: '会话',
}

export function subjectKindName(kind: string): string {
  return SUBJECT_KINDS[kind] ?? kind
}
