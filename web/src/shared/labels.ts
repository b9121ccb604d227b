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
  'device.register': '登记音像设备',
  'device.assign': '领用音像设备',
  'device.return': '归还音像设备',
  'device.retire': '停用音像设备',
  'evidence.upload': '上传执法音像记录',
  'evidence.read': '调阅执法音像记录',
  'evidence.disposal_request': '申请处置证据',
  'evidence.disposal_approve': '批准处置证据',
  'evidence.disposal_refuse': '不予处置证据',
  'blob.store': '保存证据文件',
  'blob.dispose': '处置证据文件',
  'spotcheck.item_create': '新增抽查事项',
  'spotcheck.item_version': '调整抽查事项',
  'spotcheck.form_version': '调整检查表式',
  'survey_object.create': '登记调查对象',
  'survey_object.update': '修改调查对象',
  'survey_object.check_recorded': '登记调查对象检查',
  'survey_object.import': '导入调查对象名录',
  'foreign_survey_body.create': '登记涉外调查机构',
  'foreign_survey_body.update': '修改涉外调查机构',
  'spotcheck.plan_create': '制订年度抽查计划',
  'spotcheck.plan_version': '新增抽查计划版本',
  'spotcheck.plan_publish': '公布年度抽查计划',
  'inspector.create': '登记执法人员',
  'inspector.update': '修改执法人员',
  'inspector.training_recorded': '登记执法人员培训',
  'inspector.conflict_declared': '申报利害关系',
  'inspector.conflict_ended': '结束利害关系',
  'inspector.import': '导入执法人员',
  'draw.commit': '公布抽取承诺',
  'draw.pool': '保存抽取名单',
  'draw.certificate': '保存抽取证书',
  'draw.draw': '现场抽取',
  'draw.redraw_request': '申请重新抽取',
  'draw.redraw_approve': '批准重新抽取',
  'draw.redraw_refuse': '不批准重新抽取',
  'draw.task_create': '生成检查任务',
  'draw.task_supersede': '检查任务被重新抽取取代',
  'draw.member_add': '检查组成员加入',
  'draw.member_leave': '检查组成员退出',
  'draw.replacement_request': '申请更换检查人员',
  'draw.replacement_approve': '批准更换检查人员',
  'draw.replacement_refuse': '不批准更换检查人员',
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
  device: '音像设备',
  evidence: '执法音像记录',
  blob: '证据文件',
  spotcheck_item: '抽查事项',
  survey_object: '调查对象',
  foreign_survey_body: '涉外调查机构',
  object_import: '名录导入文件',
  spotcheck_plan: '年度抽查计划',
  inspector: '执法人员',
  inspector_import: '执法人员导入文件',
  draw_session: '抽查批次',
  draw_task: '检查任务',
}

export function subjectKindName(kind: string): string {
  return SUBJECT_KINDS[kind] ?? kind
}

// --- The witnessed draw (抽查批次) and its tasks: the names the console and the portal show.

export const DRAW_STATE_NAMES: Record<string, string> = {
  pending_approval: '重新抽取待批准',
  committed: '已公布承诺，待抽取',
  drawn: '已抽取',
  refused: '重新抽取未获批准',
}

export const DRAW_MODE_NAMES: Record<string, string> = {
  random: '简单随机抽取',
  systematic: '等距抽样',
  multistage: '多阶段抽取',
  all: '全部检查',
}

/** Why an object was selected (docs/draw-algorithm.md §5, §6). */
export const DRAW_RULE_NAMES: Record<string, string> = {
  key_unit: '重点单位每年必查',
  seriously_dishonest: '严重失信每半年必查',
  drawn: '随机抽取',
  all: '全部检查',
  recently_checked: '近期已检查，不再抽取',
}

export const TEAM_ROLE_NAMES: Record<string, string> = { leader: '组长', member: '组员', joint: '联合检查人员' }

/** The only reasons a drawn inspector may leave a team (DR-7, 000 第十四条). */
export const REPLACEMENT_REASONS: { value: string; label: string }[] = [
  { value: 'job_change', label: '工作调动' },
  { value: 'work_conflict', label: '工作冲突' },
  { value: 'health', label: '身体原因' },
]

export const WITNESS_ROLES = ['纪检监察', '公证', '群众代表']

export const STRATA_COLUMNS: { value: string; label: string }[] = [
  { value: 'division', label: '行政区划' },
  { value: 'industry', label: '行业' },
  { value: 'category', label: '单位类别' },
  { value: 'credit', label: '信用状况' },
  { value: 'risk', label: '风险等级' },
]

export function drawRuleName(code: string): string {
  return DRAW_RULE_NAMES[code] ?? code
}

export function replacementReasonName(code: string): string {
  return REPLACEMENT_REASONS.find((r) => r.value === code)?.label ?? code
}
