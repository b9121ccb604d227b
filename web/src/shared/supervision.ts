// The supervisor's dashboard on the client side (INF-3, REC-21, REC-24, INF-1): the types the
// dashboard API sends, the cards shown and the drill-down each opens, the period presets, and
// the ECharts options built from the numbers. Pure functions, unit-tested; the server computes
// every number, this only shapes it for the screen.

import { api } from './api'

export interface BureauRow {
  bureau_id: number
  name: string
  value: number | null
  [k: string]: unknown
}

export interface Metric {
  label: string
  requirement: string
  value: number | null
  target?: number
  drill?: string
  basis?: Record<string, unknown>
  by_bureau: BureauRow[]
  plans?: PlanCoverage[]
  top?: Workload[]
}

export interface PlanCoverage {
  plan_id: number
  year: number
  bureau_name: string
  planned: number | null
  drawn: number
  completed: number
  link: string
  lines: { item_id: number; item_name: string; ratio_bp: number; pool: number | null; planned: number | null; drawn: number; completed: number }[]
}

export interface Workload {
  inspector_id: number
  name: string
  bureau_name: string
  tasks: number
  cases: number
}

export interface Dashboard {
  bureau: { id: number; name: string }
  period: { from: string; to: string }
  as_of: string
  children: { bureau_id: number; name: string }[]
  metrics: Record<string, Metric>
}

export interface DrillRow {
  link: string
  title?: string
  [k: string]: unknown
}

export interface Drill {
  metric: string
  label: string
  requirement: string
  columns: { key: string; label: string }[]
  total: number
  page: number
  page_size: number
  items: DrillRow[]
}

export interface Filter {
  bureau_id?: number | null
  from?: string
  to?: string
}

export const getDashboard = (f: Filter) => api.get<Dashboard>('/supervision/dashboard', { ...f })
export const getDrill = (metric: string, f: Filter, page = 1, page_size = 20) =>
  api.get<Drill>(`/supervision/dashboard/${encodeURIComponent(metric)}`, { ...f, page, page_size })

/** The number cards, in the order the page shows them; each opens its drill-down. */
export const CARDS: { code: string; tone: 'danger' | 'warning' | 'info' }[] = [
  { code: 'late_uploads', tone: 'warning' },
  { code: 'late_uploads_no_reason', tone: 'danger' },
  { code: 'archive_overdue', tone: 'danger' },
  { code: 'archive_late', tone: 'warning' },
  { code: 'decision_overdue', tone: 'danger' },
  { code: 'records_missing', tone: 'danger' },
  { code: 'reviews_overdue', tone: 'danger' },
  { code: 'inspections_off_phone', tone: 'warning' },
  { code: 'disclosures_overdue', tone: 'danger' },
]

/** A share 0..1 as "87.5%"; "—" when there is nothing to divide. */
export function percent(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—'
  return `${Math.round(v * 1000) / 10}%`
}

function iso(d: Date): string {
  return d.toISOString().slice(0, 10)
}

/** The period presets for a Shanghai `today` (YYYY-MM-DD): this year, last year, the last 90 days. */
export function periodPresets(today: string): { label: string; from: string; to: string }[] {
  const y = Number(today.slice(0, 4))
  const t = new Date(today + 'T00:00:00Z')
  const back = new Date(t.getTime() - 89 * 86400000)
  return [
    { label: '本年度', from: `${y}-01-01`, to: today },
    { label: '上一年度', from: `${y - 1}-01-01`, to: `${y - 1}-12-31` },
    { label: '近 90 日', from: iso(back), to: today },
  ]
}

/** Which metric a click on `m` drills into (a share drills into what it lacks); null when none. */
export function drillOf(m: Metric | undefined): string | null {
  return m?.drill ?? null
}

/** A drill-down cell as text. */
export function cell(row: DrillRow, key: string): string {
  const v = row[key]
  if (v === null || v === undefined || v === '') return '—'
  if (typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v)) {
    const d = new Date(v)
    if (!Number.isNaN(d.getTime())) return new Date(d.getTime() + 8 * 3600000).toISOString().slice(0, 16).replace('T', ' ')
  }
  return String(v)
}

// ---- ECharts options (plain objects, so they are testable without a canvas) -----------------

const PALETTE = ['#409eff', '#e6a23c', '#f56c6c', '#67c23a', '#909399']

/** Bars of the metrics' counts by bureau (本级 and each child), one series per metric. */
export function breakdownOption(metrics: Record<string, Metric>, codes: string[]) {
  const present = codes.filter((c) => metrics[c])
  const names = present.length ? metrics[present[0]].by_bureau.map((r) => r.name) : []
  return {
    color: PALETTE,
    tooltip: { trigger: 'axis' },
    legend: { data: present.map((c) => metrics[c].label), top: 0 },
    grid: { left: 48, right: 16, top: 56, bottom: 56 },
    xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: names.length > 4 ? 30 : 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: present.map((c) => ({
      name: metrics[c].label,
      type: 'bar',
      metric: c,
      data: metrics[c].by_bureau.map((r) => r.value ?? 0),
    })),
  }
}

/** The INF-1 gauge: the share done on the phone against the 100% target. */
export function gaugeOption(m: Metric) {
  const v = m.value === null ? 0 : Math.round(m.value * 1000) / 10
  return {
    series: [
      {
        type: 'gauge',
        min: 0,
        max: 100,
        progress: { show: true, width: 14 },
        axisLine: { lineStyle: { width: 14 } },
        detail: { valueAnimation: false, formatter: m.value === null ? '无数据' : '{value}%', fontSize: 22, offsetCenter: [0, '60%'] },
        title: { offsetCenter: [0, '90%'] },
        data: [{ value: v, name: '掌上执法使用率（目标 100%）' }],
      },
    ],
  }
}

/** Plan coverage: planned, drawn and completed per plan in force. */
export function coverageOption(plans: PlanCoverage[]) {
  const names = plans.map((p) => `${p.bureau_name} ${p.year}`)
  return {
    color: ['#909399', '#409eff', '#67c23a'],
    tooltip: { trigger: 'axis' },
    legend: { data: ['计划应抽', '已抽取', '已完成检查'], top: 0 },
    grid: { left: 48, right: 16, top: 40, bottom: 56 },
    xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: names.length > 3 ? 30 : 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: '计划应抽', type: 'bar', data: plans.map((p) => p.planned ?? 0) },
      { name: '已抽取', type: 'bar', data: plans.map((p) => p.drawn) },
      { name: '已完成检查', type: 'bar', data: plans.map((p) => p.completed) },
    ],
  }
}

/** Workload of the busiest inspectors: tasks and cases stacked. */
export function workloadOption(top: Workload[]) {
  const rows = [...top].reverse()
  return {
    color: ['#409eff', '#e6a23c'],
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { data: ['抽查任务', '承办案件'], top: 0 },
    grid: { left: 96, right: 16, top: 32, bottom: 24 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: rows.map((w) => w.name) },
    series: [
      { name: '抽查任务', type: 'bar', stack: 'load', data: rows.map((w) => w.tasks) },
      { name: '承办案件', type: 'bar', stack: 'load', data: rows.map((w) => w.cases) },
    ],
  }
}

/** Review times by bureau: median and max working days as a line over the bureaus. */
export function reviewTimesOption(m: Metric) {
  return {
    color: ['#409eff', '#f56c6c'],
    tooltip: { trigger: 'axis' },
    legend: { data: ['中位数（工作日）', '最长（工作日）'], top: 0 },
    grid: { left: 48, right: 16, top: 40, bottom: 56 },
    xAxis: { type: 'category', data: m.by_bureau.map((r) => r.name) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: '中位数（工作日）', type: 'line', data: m.by_bureau.map((r) => (r.median as number | null) ?? null), connectNulls: true },
      { name: '最长（工作日）', type: 'line', data: m.by_bureau.map((r) => (r.max as number | null) ?? null), connectNulls: true },
    ],
  }
}
