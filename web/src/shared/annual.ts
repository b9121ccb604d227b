// 行政执法统计年报 (PUB-9, 000 §1.3): the types the annual report API sends
// (docs/annual-report.md), the labels of its states, and the pure helpers the console and the
// portal share — the deadline's text, money and shares as shown, the number tables and the
// ECharts options built from a report's numbers. The server computes every number; this only
// lays them out.
import { api } from './api'

export type ReportState = 'none' | 'draft' | 'reviewed' | 'published'
export type VersionState = 'draft' | 'reviewed' | 'published' | 'superseded' | 'corrected'
export type DeadlineState = 'not_due' | 'due_soon' | 'overdue' | 'published_on_time' | 'published_late'
export type Action = 'compile' | 'review' | 'publish' | 'correct'

export interface BureauRef {
  id: number
  name: string
  code: string
  level: string
}
export interface Person {
  id: number
  name: string
  username: string
}

export interface ByBureauRow {
  bureau_id: number
  name: string
  inspections: number
  with_problems: number
  on_phone: number
  cases_decided: number
  penalties: number
  fines_fen: number
  reviews: number
  disclosures: number
  disclosures_late: number
  late_uploads: number
  archives_late: number
}

export interface DisclosureRow {
  kind: string
  label: string
  total: number
  published_on_time: number
  published_late: number
  overdue: number
  open: number
  withheld: number
}

export interface DecidedRow {
  penalty: number
  no_penalty: number
  other: number
  total: number
}

export interface AnnualNumbers {
  year: number
  bureau: BureauRef
  period: { from: string; to: string }
  as_of: string
  spot_checks: {
    plans: number
    planned_checks: number
    objects_drawn: number
    plan_checks_completed: number
    inspections_completed: number
    without_problems: number
    with_problems: number
    by_outcome: Record<string, number>
    on_phone: number
  }
  cases: {
    opened: { simple: number; general: number; total: number }
    decided: { simple: DecidedRow; general: DecidedRow }
    by_outcome: Record<string, number>
    closed: number
    revoked: number
  }
  penalties: { count: number; fines_fen: number; by_violation: { violation: string; label: string; count: number; fines_fen: number }[] }
  reviews: {
    concluded: number
    outcomes: Record<string, number>
    timed: number
    median_workdays: string | null
    max_workdays: number | null
    concluded_late: number
    overdue_open: number
  }
  disclosures: DisclosureRow[]
  credit: { published: number; by_level: Record<string, number> }
  late_uploads: { count: number; without_reason: number }
  archives: { archived_late: number; not_archived_overdue: number }
  by_bureau: ByBureauRow[]
}

export interface ReportedTo {
  government: string
  superior: { id: number; name: string } | null
  on: string
}

export interface AnnualVersion {
  id: number
  version: number
  state: VersionState
  numbers: AnnualNumbers
  as_of: string
  corrects_version_id: number | null
  correction_reason: string | null
  compiled_by: Person
  compiled_at: string
  reviewed_by: Person | null
  reviewed_at: string | null
  review_opinion: string | null
  published_by: Person | null
  published_at: string | null
  published_on: string | null
  reported_to: ReportedTo | null
}

export interface AnnualReport {
  id: number
  bureau: BureauRef
  superior: BureauRef | null
  year: number
  due_on: string
  state: Exclude<ReportState, 'none'>
  deadline_state: DeadlineState
  first_published_on: string | null
  working: AnnualVersion | null
  current: AnnualVersion | null
  versions: AnnualVersion[]
  actions: Action[]
}

export interface AnnualListItem {
  bureau: BureauRef
  parent_id: number | null
  report_id: number | null
  state: ReportState
  deadline_state: DeadlineState
  published_on: string | null
  version: number | null
}

export interface AnnualList {
  year: number
  due_on: string
  today: string
  counts: Partial<Record<DeadlineState, number>>
  overdue: string[]
  items: AnnualListItem[]
}

export interface PortalAnnualItem {
  id: number
  year: number
  bureau: BureauRef
  version: number
  published_on: string | null
  corrected: boolean
}

export interface PortalAnnualReport {
  id: number
  bureau: BureauRef
  year: number
  due_on: string
  first_published_on: string | null
  published_on: string | null
  version: number
  reported_to: ReportedTo | null
  numbers: AnnualNumbers
  history: { version: number; state: VersionState; published_on: string; correction_reason: string | null }[]
}

// ---- the API ----------------------------------------------------------------------------------

export const listAnnualReports = (q: { year?: number | null; bureau_id?: number | null; on?: string } = {}) =>
  api.get<AnnualList>('/annual-reports', q)
export const getAnnualReport = (id: number) => api.get<AnnualReport>(`/annual-reports/${id}`)
export const compileAnnualReport = (year: number) => api.post<AnnualReport>('/annual-reports', { year })
export const reviewAnnualReport = (id: number, opinion: string) => api.post<AnnualReport>(`/annual-reports/${id}/review`, { opinion })
export const publishAnnualReport = (id: number) => api.post<AnnualReport>(`/annual-reports/${id}/publish`, {})
export const correctAnnualReport = (id: number, reason: string) => api.post<AnnualReport>(`/annual-reports/${id}/correct`, { reason })
export const portalAnnualReports = (q: { year?: number | null; bureau_id?: number | null } = {}) =>
  api.get<{ items: PortalAnnualItem[] }>('/portal/annual-reports', q)
export const portalAnnualReport = (id: number) => api.get<PortalAnnualReport>(`/portal/annual-reports/${id}`)

// ---- labels -----------------------------------------------------------------------------------

export const REPORT_STATES: Record<ReportState, string> = { none: '未编制', draft: '草稿', reviewed: '已审核', published: '已发布' }
export const VERSION_STATES: Record<VersionState, string> = {
  draft: '草稿', reviewed: '已审核', published: '已发布', superseded: '已重新编制', corrected: '已更正',
}
export const DEADLINE_STATES: Record<DeadlineState, { text: string; type: 'info' | 'warning' | 'danger' | 'success' }> = {
  not_due: { text: '未到报送期', type: 'info' },
  due_soon: { text: '即将到期', type: 'warning' },
  overdue: { text: '逾期未发布', type: 'danger' },
  published_on_time: { text: '按时发布', type: 'success' },
  published_late: { text: '逾期发布', type: 'warning' },
}
export const REVIEW_OUTCOMES: Record<string, string> = { agree: '同意', disagree: '不同意', return: '退回补充', refer: '移送', unknown: '未记录' }
export const INSPECTION_OUTCOMES: Record<string, string> = {
  no_problem: '未发现问题', rectification: '责令整改', propose_case: '建议立案', propose_referral: '建议移送', unknown: '未记录',
}
export const CREDIT_LEVELS: Record<string, string> = { serious: '严重失信', general: '一般失信' }

/** The label of a state, "" for an unknown one. */
export function deadlineText(s: DeadlineState | string): string {
  return (DEADLINE_STATES as Record<string, { text: string }>)[s]?.text ?? s
}
export function deadlineType(s: DeadlineState | string): 'info' | 'warning' | 'danger' | 'success' {
  return (DEADLINE_STATES as Record<string, { type: 'info' | 'warning' | 'danger' | 'success' }>)[s]?.type ?? 'info'
}

// ---- numbers as shown -------------------------------------------------------------------------

/** 12345678 fen → "123,456.78 元"; 0 → "0.00 元". */
export function fenYuan(fen: number | null | undefined): string {
  if (typeof fen !== 'number' || !Number.isFinite(fen)) return '—'
  const neg = fen < 0
  const abs = Math.abs(Math.round(fen))
  const yuan = Math.floor(abs / 100)
  const cents = String(abs % 100).padStart(2, '0')
  const grouped = String(yuan).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${neg ? '-' : ''}${grouped}.${cents} 元`
}

/** The share part / whole as "87.5%" (one decimal, trailing ".0" dropped); "—" when whole is 0. */
export function percent(part: number, whole: number): string {
  if (!whole) return '—'
  const v = Math.round((part / whole) * 1000) / 10
  return `${Number.isInteger(v) ? v.toFixed(0) : v.toFixed(1)}%`
}

/** The sentence the deadline banner shows for a list. "" when nothing is due or late. */
export function deadlineBanner(list: Pick<AnnualList, 'year' | 'due_on' | 'today' | 'overdue' | 'items'>, ownBureauId?: number | null): string {
  const own = list.items.find((i) => i.bureau.id === ownBureauId)
  const soon = list.items.filter((i) => i.deadline_state === 'due_soon')
  const parts: string[] = []
  if (own && (own.deadline_state === 'due_soon' || own.deadline_state === 'overdue'))
    parts.push(own.deadline_state === 'overdue' ? `本机关 ${list.year} 年度统计年报已逾期未发布` : `本机关 ${list.year} 年度统计年报请于 ${list.due_on} 前发布`)
  const others = list.overdue.filter((n) => n !== own?.bureau.name)
  if (others.length) parts.push(`逾期未发布：${others.length <= 5 ? others.join('、') : `${others.slice(0, 5).join('、')} 等 ${others.length} 个机关`}`)
  const otherSoon = soon.filter((i) => i.bureau.id !== ownBureauId)
  if (otherSoon.length) parts.push(`${otherSoon.length} 个机关尚未发布（${list.due_on} 截止）`)
  return parts.join('；')
}

export interface TableRow {
  label: string
  value: string
}

/** The report's headline numbers, as label/value rows (the 概况 table). */
export function summaryRows(n: AnnualNumbers): TableRow[] {
  const s = n.spot_checks
  return [
    { label: '抽查计划（份）', value: String(s.plans) },
    { label: '抽取检查对象（户次）', value: String(s.objects_drawn) },
    { label: '完成检查（户次）', value: String(s.inspections_completed) },
    { label: '其中发现问题', value: String(s.with_problems) },
    { label: '其中未发现问题', value: String(s.without_problems) },
    { label: '掌上执法使用率', value: percent(s.on_phone, s.inspections_completed) },
    { label: '立案（件）', value: String(n.cases.opened.total) },
    { label: '作出处理决定（件）', value: String(n.cases.decided.simple.total + n.cases.decided.general.total) },
    { label: '行政处罚（件）', value: String(n.penalties.count) },
    { label: '罚款金额', value: fenYuan(n.penalties.fines_fen) },
    { label: '结案（件）', value: String(n.cases.closed) },
    { label: '决定被撤销、确认违法或责令重作（件）', value: String(n.cases.revoked) },
    { label: '法制审核（件）', value: String(n.reviews.concluded) },
    { label: '法制审核用时中位数（工作日）', value: n.reviews.median_workdays ?? '—' },
    { label: '公示严重/一般失信（家次）', value: String(n.credit.published) },
    { label: '执法记录迟延上传（条）', value: String(n.late_uploads.count) },
    { label: '逾期归档（卷）', value: String(n.archives.archived_late + n.archives.not_archived_overdue) },
  ]
}

/** The disclosures' timeliness: on time among those due that are published or late. */
export function disclosureOnTimeShare(rows: DisclosureRow[]): string {
  let onTime = 0
  let judged = 0
  for (const r of rows) {
    onTime += r.published_on_time
    judged += r.published_on_time + r.published_late + r.overdue
  }
  return percent(onTime, judged)
}

const PALETTE = ['#409eff', '#67c23a', '#e6a23c', '#f56c6c', '#909399']

/** Cases decided, by procedure (bars) and outcome (stacks). */
export function casesChart(n: AnnualNumbers): Record<string, unknown> {
  const procs = [
    ['simple', '简易程序'],
    ['general', '普通程序'],
  ] as const
  const outcomes = [
    ['penalty', '行政处罚'],
    ['no_penalty', '不予处罚'],
    ['other', '其他处理'],
  ] as const
  return {
    color: PALETTE,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: procs.map(([, l]) => l) },
    yAxis: { type: 'value', minInterval: 1 },
    series: outcomes.map(([k, l]) => ({ name: l, type: 'bar', stack: 'cases', data: procs.map(([p]) => n.cases.decided[p][k]) })),
  }
}

/** Disclosures by kind: on time, late, overdue, open. */
export function disclosuresChart(n: AnnualNumbers): Record<string, unknown> {
  const parts = [
    ['published_on_time', '按时公示'],
    ['published_late', '逾期公示'],
    ['overdue', '逾期未公示'],
    ['open', '未到期'],
  ] as const
  return {
    color: ['#67c23a', '#e6a23c', '#f56c6c', '#909399'],
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 36, bottom: 28, containLabel: true },
    xAxis: { type: 'category', data: n.disclosures.map((d) => d.label), axisLabel: { interval: 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: parts.map(([k, l]) => ({ name: l, type: 'bar', stack: 'd', data: n.disclosures.map((d) => d[k]) })),
  }
}

/** Per bureau: inspections and cases decided. */
export function bureauChart(n: AnnualNumbers): Record<string, unknown> {
  const rows = n.by_bureau
  return {
    color: PALETTE,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 36, bottom: 60, containLabel: true },
    xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { interval: 0, rotate: rows.length > 4 ? 30 : 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: '完成检查', type: 'bar', data: rows.map((r) => r.inspections) },
      { name: '处理决定', type: 'bar', data: rows.map((r) => r.cases_decided) },
      { name: '行政处罚', type: 'bar', data: rows.map((r) => r.penalties) },
    ],
  }
}

/** The years a report may be compiled for on `today` (YYYY-MM-DD): the last five finished ones. */
export function compilableYears(today: string): number[] {
  const y = Number(today.slice(0, 4))
  return [y - 1, y - 2, y - 3, y - 4, y - 5]
}
