// Annual spot-check plans on the page (DR-4, DR-5, DR-13, PUB-5): the editor's drafts of a line
// and of the options (ratios typed as percentages, sent as basis points), the request body, the
// server's 422 answer mapped back onto the line and key it names, the labels of states and
// options, and what changed between two versions. The rules (ranges, ordering, deadline) stay on
// the server: the page only checks that what was typed is a number before sending it.
import { ApiError } from './api'
import { bpToPercent, percentToBp } from './spotcheck'
import type {
  CreditRatios,
  Plan,
  PlanLine,
  PlanOptions,
  PlanTimelinessState,
  PlanVersion,
  RiskRatios,
  SpotcheckItemVersion,
} from './types'

export type CreditKey = keyof CreditRatios
export type RiskKey = keyof RiskRatios

/** The registry's credit statuses, from the lowest ratio to the highest (000 Art 11). */
export const CREDIT_CLASSES: { key: CreditKey; label: string }[] = [
  { key: 'trustworthy', label: '守信' },
  { key: 'abnormal', label: '信用异常' },
  { key: 'dishonest', label: '一般失信' },
  { key: 'seriously_dishonest', label: '严重失信' },
]

export const RISK_CLASSES: { key: RiskKey; label: string }[] = [
  { key: 'low', label: '低风险' },
  { key: 'medium', label: '中风险' },
  { key: 'high', label: '高风险' },
]

/** The ordering the server enforces, in words (shown beside the differentiated ratios). */
export const RATIO_ORDER_RULE =
  '守信 ≤ 基础比例 ≤ 信用异常 ≤ 一般失信 ≤ 严重失信；低风险 ≤ 中风险 ≤ 高风险，且低风险 ≤ 基础比例 ≤ 高风险。留空即按基础比例。'

/** How the draw combines the two (spotcheck::effective_ratio_bp), in words. */
export const RATIO_APPLY_RULE =
  '抽取时对每个对象取其信用状态和风险等级对应的比例：任一高于基础比例的，按较高者（失信或高风险从高）；否则按较低者（守信或低风险从低）。'

/** "3%" for 300 basis points. */
export function pct(bp: number | null | undefined): string {
  return bp == null ? '' : `${bpToPercent(bp)}%`
}

/** "2026-04-01 至 2026-11-30". */
export function windowText(from: string, to: string): string {
  return `${from} 至 ${to}`
}

// --- States.

export const TIMELINESS_NAMES: Record<PlanTimelinessState, string> = {
  pending: '尚未公布',
  on_time: '按期公布',
  late: '逾期公布',
  missing: '逾期未公布',
}

export type TagType = 'success' | 'warning' | 'danger' | 'info' | 'primary'

/** Late and missing plans are marked red; an unpublished plan after 1 March orange. */
export function timelinessTagType(state: PlanTimelinessState, warning = false): TagType {
  if (state === 'on_time') return 'success'
  if (state === 'late' || state === 'missing') return 'danger'
  return warning ? 'warning' : 'info'
}

export interface PlanStateLabel {
  label: '草稿' | '已公布' | '已调整'
  type: TagType
  /** A published plan whose latest version is a draft not yet published. */
  draftPending: boolean
}

/**
 * 草稿 before the first publication; 已公布 with one published version; 已调整 once an adjustment
 * has been published. `publishedCount` is the number of published versions (the plan's versions
 * when loaded, else the portal's list of them).
 */
export function planStateLabel(plan: Pick<Plan, 'current_version' | 'latest_state' | 'versions'>, publishedCount?: number): PlanStateLabel {
  const n = publishedCount ?? plan.versions?.filter((v) => v.state === 'published').length ?? (plan.current_version ? 1 : 0)
  const draftPending = plan.current_version != null && plan.latest_state === 'draft'
  if (plan.current_version == null) return { label: '草稿', type: 'info', draftPending: false }
  if (n > 1) return { label: '已调整', type: 'warning', draftPending }
  return { label: '已公布', type: 'success', draftPending }
}

export const VERSION_STATE_NAMES: Record<string, string> = { draft: '草稿', published: '已公布', superseded: '已被取代' }

/** Plan years to choose from: next year (a plan may be made one year ahead) back to 2020. */
export function planYears(today: string): number[] {
  const y = Number(today.slice(0, 4))
  const out: number[] = []
  for (let v = y + 1; v >= Math.min(2020, y); v--) out.push(v)
  return out
}

// --- Options (DR-13).

export interface OptionInfo {
  key: string
  label: string
  /** What the draw does with it. */
  help: string
}

export const OPTION_INFO: Record<string, OptionInfo> = {
  no_repeat_years: { key: 'no_repeat_years', label: '不重复抽查年限', help: '抽取日前若干年内已检查过的对象不进入抽取范围（承德：三年内不重复抽查）；0 为不限。' },
  min_enterprise_ratio_bp: { key: 'min_enterprise_ratio_bp', label: '企业抽查比例下限', help: '本年度按本计划抽查的企业数不少于名录库中本局范围企业总数的该比例（承德：不低于 5%）；0 为不设下限。' },
  key_units_every_year: { key: 'key_units_every_year', label: '重点单位每年检查', help: '名录库中标为重点单位的对象每年检查一次，不占随机抽取的比例。' },
  seriously_dishonest_every_half_year: { key: 'seriously_dishonest_every_half_year', label: '严重失信每半年检查', help: '信用状态为严重失信的对象每半年检查一次。' },
  multi_stage: { key: 'multi_stage', label: '多阶段抽取', help: '先抽取若干县（市、区），再在每个抽中的县（市、区）内抽取若干单位（承德：先抽 2-3 个县，再各抽 4-6 家），可请纪检、公证人员现场见证；县级统计局不适用。' },
  systematic_sampling: { key: 'systematic_sampling', label: '等距抽样', help: '同一层内可按随机起点等距抽取（系统抽样），代替简单随机抽取。' },
}

/** The options as short sentences (the plan's summary and the portal); neutral ones left out. */
export function optionTexts(o: PlanOptions | null | undefined): string[] {
  if (!o) return []
  const out: string[] = []
  if (o.no_repeat_years > 0) out.push(`同一对象 ${o.no_repeat_years} 年内不重复抽查`)
  if (o.min_enterprise_ratio_bp > 0) out.push(`全年抽查企业不少于 ${pct(o.min_enterprise_ratio_bp)}`)
  if (o.key_units_every_year) out.push('重点单位每年检查')
  if (o.seriously_dishonest_every_half_year) out.push('严重失信单位每半年检查')
  if (o.multi_stage) {
    const m = o.multi_stage
    out.push(`多阶段抽取：先抽 ${rangeText(m.counties_min, m.counties_max)} 个县（市、区），每县再抽 ${rangeText(m.units_min, m.units_max)} 个单位`)
  }
  if (o.systematic_sampling) out.push('层内等距抽样')
  return out
}

function rangeText(a: number, b: number): string {
  return a === b ? String(a) : `${a}-${b}`
}

/** "守信 1%、信用异常 5%…" for the classes whose ratio differs from the base; '' when none does. */
export function differentiatedText(line: Pick<PlanLine, 'ratio_bp' | 'credit_ratios' | 'risk_ratios'>): { credit: string; risk: string } {
  const credit = CREDIT_CLASSES.filter((c) => line.credit_ratios[c.key] !== line.ratio_bp).map((c) => `${c.label} ${pct(line.credit_ratios[c.key])}`)
  const risk = RISK_CLASSES.filter((r) => line.risk_ratios[r.key] !== line.ratio_bp).map((r) => `${r.label} ${pct(line.risk_ratios[r.key])}`)
  return { credit: credit.join('、'), risk: risk.join('、') }
}

// --- The editor.

export interface LineDraft {
  item_id: number
  item_name: string
  /** The line goes into the plan. */
  included: boolean
  /** The base ratio as typed, in percent. */
  ratio: string
  frequency: number | null
  window_from: string
  window_to: string
  method: string
  /** Percent as typed; '' = the base ratio. */
  credit: Record<CreditKey, string>
  risk: Record<RiskKey, string>
  notes: string
}

export interface OptionsDraft {
  no_repeat_years: number
  /** Percent as typed; '' or 0 = no floor. */
  min_enterprise: string
  key_units_every_year: boolean
  seriously_dishonest_every_half_year: boolean
  systematic_sampling: boolean
  multi_stage: boolean
  counties_min: number | null
  counties_max: number | null
  units_min: number | null
  units_max: number | null
}

const emptyCredit = (): Record<CreditKey, string> => ({ trustworthy: '', abnormal: '', dishonest: '', seriously_dishonest: '' })
const emptyRisk = (): Record<RiskKey, string> => ({ low: '', medium: '', high: '' })

/** A new line for an item: the low end of its ranges, its method, the whole year. */
export function newLineDraft(item: SpotcheckItemVersion, year: number, included = true): LineDraft {
  return {
    item_id: item.item_id,
    item_name: item.name,
    included,
    ratio: bpToPercent(item.ratio_min_bp),
    frequency: item.frequency_min,
    window_from: `${year}-01-01`,
    window_to: `${year}-12-31`,
    method: item.method,
    credit: emptyCredit(),
    risk: emptyRisk(),
    notes: '',
  }
}

/** A stored line as a draft; classes at the base ratio are shown empty (they follow the base). */
export function lineDraftFrom(l: PlanLine): LineDraft {
  const credit = emptyCredit()
  const risk = emptyRisk()
  for (const c of CREDIT_CLASSES) if (l.credit_ratios[c.key] !== l.ratio_bp) credit[c.key] = bpToPercent(l.credit_ratios[c.key])
  for (const r of RISK_CLASSES) if (l.risk_ratios[r.key] !== l.ratio_bp) risk[r.key] = bpToPercent(l.risk_ratios[r.key])
  return {
    item_id: l.item_id,
    item_name: l.item_name,
    included: true,
    ratio: bpToPercent(l.ratio_bp),
    frequency: l.frequency,
    window_from: l.window_from,
    window_to: l.window_to,
    method: l.method,
    credit,
    risk,
    notes: l.notes,
  }
}

export function emptyOptionsDraft(): OptionsDraft {
  return {
    no_repeat_years: 0,
    min_enterprise: '',
    key_units_every_year: false,
    seriously_dishonest_every_half_year: false,
    systematic_sampling: false,
    multi_stage: false,
    counties_min: 2,
    counties_max: 3,
    units_min: 4,
    units_max: 6,
  }
}

export function optionsDraftFrom(o: PlanOptions): OptionsDraft {
  const d = emptyOptionsDraft()
  d.no_repeat_years = o.no_repeat_years
  d.min_enterprise = o.min_enterprise_ratio_bp ? bpToPercent(o.min_enterprise_ratio_bp) : ''
  d.key_units_every_year = o.key_units_every_year
  d.seriously_dishonest_every_half_year = o.seriously_dishonest_every_half_year
  d.systematic_sampling = o.systematic_sampling
  if (o.multi_stage) Object.assign(d, { multi_stage: true, ...o.multi_stage })
  return d
}

/** Chengde's rules (004) as a starting point the user can change. */
export function chengdeOptions(level: string): OptionsDraft {
  return {
    ...emptyOptionsDraft(),
    no_repeat_years: 3,
    min_enterprise: '5',
    key_units_every_year: true,
    seriously_dishonest_every_half_year: true,
    multi_stage: level !== 'county',
  }
}

/**
 * What the page can tell before sending, by key as the server names them (ratio_bp, frequency,
 * window_from, window_to, credit_ratios.trustworthy …): only that each entry is a number or a
 * date. Ranges and ordering are the server's to judge.
 */
export function lineProblems(d: LineDraft): Record<string, string> {
  const out: Record<string, string> = {}
  if (!d.included) return out
  if (percentToBp(d.ratio) === null) out.ratio_bp = '请填写抽查比例（百分比，最多两位小数，如 3 或 2.5）'
  if (d.frequency == null) out.frequency = '请填写抽查频次'
  if (!d.window_from) out.window_from = '请选择检查开始日期'
  if (!d.window_to) out.window_to = '请选择检查结束日期'
  for (const c of CREDIT_CLASSES) if (d.credit[c.key].trim() && percentToBp(d.credit[c.key]) === null) out[`credit_ratios.${c.key}`] = `${c.label}对象的比例应为百分比，最多两位小数`
  for (const r of RISK_CLASSES) if (d.risk[r.key].trim() && percentToBp(d.risk[r.key]) === null) out[`risk_ratios.${r.key}`] = `${r.label}对象的比例应为百分比，最多两位小数`
  return out
}

export function optionsProblems(o: OptionsDraft): Record<string, string> {
  const out: Record<string, string> = {}
  if (o.min_enterprise.trim() && percentToBp(o.min_enterprise) === null) out.min_enterprise_ratio_bp = '应为百分比，最多两位小数，如 5'
  if (o.multi_stage) for (const k of ['counties_min', 'counties_max', 'units_min', 'units_max'] as const) if (o[k] == null) out[`multi_stage.${k}`] = '请填写'
  return out
}

export function linePayload(d: LineDraft): Record<string, unknown> {
  const credit: Record<string, number> = {}
  const risk: Record<string, number> = {}
  for (const c of CREDIT_CLASSES) {
    const bp = d.credit[c.key].trim() ? percentToBp(d.credit[c.key]) : null
    if (bp !== null) credit[c.key] = bp
  }
  for (const r of RISK_CLASSES) {
    const bp = d.risk[r.key].trim() ? percentToBp(d.risk[r.key]) : null
    if (bp !== null) risk[r.key] = bp
  }
  return {
    item_id: d.item_id,
    ratio_bp: percentToBp(d.ratio),
    frequency: d.frequency,
    window_from: d.window_from,
    window_to: d.window_to,
    method: d.method,
    credit_ratios: credit,
    risk_ratios: risk,
    notes: d.notes.trim(),
  }
}

export function optionsPayload(o: OptionsDraft): PlanOptions {
  return {
    no_repeat_years: o.no_repeat_years,
    min_enterprise_ratio_bp: o.min_enterprise.trim() ? (percentToBp(o.min_enterprise) ?? 0) : 0,
    key_units_every_year: o.key_units_every_year,
    seriously_dishonest_every_half_year: o.seriously_dishonest_every_half_year,
    systematic_sampling: o.systematic_sampling,
    multi_stage: o.multi_stage
      ? { counties_min: o.counties_min ?? 0, counties_max: o.counties_max ?? 0, units_min: o.units_min ?? 0, units_max: o.units_max ?? 0 }
      : null,
  }
}

export interface PlanBody {
  body: Record<string, unknown>
  /** rows[i] is the editor row of the i-th line sent (the server's details.index). */
  rows: number[]
}

/** The body of POST /plans or /plans/{id}/versions: the included lines, in the editor's order. */
export function planBody(f: { title: string; notes: string; reason: string }, lines: readonly LineDraft[], options: OptionsDraft): PlanBody {
  const rows: number[] = []
  const sent: Record<string, unknown>[] = []
  lines.forEach((d, i) => {
    if (!d.included) return
    rows.push(i)
    sent.push(linePayload(d))
  })
  const body: Record<string, unknown> = { title: f.title.trim(), notes: f.notes.trim(), lines: sent, options: optionsPayload(options) }
  if (f.reason.trim()) body.reason = f.reason.trim()
  return { body, rows }
}

export interface LineError {
  /** The editor row. */
  row: number
  /** As the server names it: ratio_bp, credit_ratios.trustworthy … */
  key: string
  message: string
}

/** The line an error answer names (details {field: "lines", index, key}), as an editor row. */
export function lineErrorOf(e: unknown, rows: readonly number[]): LineError | null {
  if (!(e instanceof ApiError) || e.details.field !== 'lines') return null
  const index = e.details.index
  if (typeof index !== 'number' || index < 0 || index >= rows.length) return null
  const key = typeof e.details.key === 'string' ? e.details.key : 'item_id'
  return { row: rows[index], key, message: e.message }
}

/** The option an error answer names (details {field: "options", key}). */
export function optionErrorOf(e: unknown): { key: string; message: string } | null {
  if (!(e instanceof ApiError) || e.details.field !== 'options') return null
  return { key: typeof e.details.key === 'string' ? e.details.key : '', message: e.message }
}

// --- What changed between two versions.

export interface PlanChange {
  /** '计划' for the title and notes, the item's name for a line, '选项' for the options. */
  scope: string
  label: string
  from: string
  to: string
}

function lineFields(l: PlanLine): [string, string][] {
  return [
    ['抽查比例', pct(l.ratio_bp)],
    ['抽查频次', `${l.frequency}次/年`],
    ['检查时间', windowText(l.window_from, l.window_to)],
    ['抽查方式', l.method_name || l.method],
    ['按信用状态', CREDIT_CLASSES.map((c) => `${c.label} ${pct(l.credit_ratios[c.key])}`).join('、')],
    ['按风险等级', RISK_CLASSES.map((r) => `${r.label} ${pct(l.risk_ratios[r.key])}`).join('、')],
    ['备注', l.notes],
    ['事项版本', `第 ${l.item_version} 版`],
  ]
}

function lineText(l: PlanLine): string {
  return `${pct(l.ratio_bp)}，${l.frequency}次/年，${windowText(l.window_from, l.window_to)}，${l.method_name || l.method}`
}

function optionFields(o: PlanOptions): [string, string][] {
  const yes = (b: boolean) => (b ? '是' : '否')
  const m = o.multi_stage
  return [
    [OPTION_INFO.no_repeat_years.label, o.no_repeat_years ? `${o.no_repeat_years} 年` : '不限'],
    [OPTION_INFO.min_enterprise_ratio_bp.label, o.min_enterprise_ratio_bp ? pct(o.min_enterprise_ratio_bp) : '不设'],
    [OPTION_INFO.key_units_every_year.label, yes(o.key_units_every_year)],
    [OPTION_INFO.seriously_dishonest_every_half_year.label, yes(o.seriously_dishonest_every_half_year)],
    [OPTION_INFO.multi_stage.label, m ? `${rangeText(m.counties_min, m.counties_max)} 个县，每县 ${rangeText(m.units_min, m.units_max)} 个单位` : '否'],
    [OPTION_INFO.systematic_sampling.label, yes(o.systematic_sampling)],
  ]
}

/** Every difference between two versions: title, notes, each line by item, each option. */
export function planVersionChanges(prev: PlanVersion, next: PlanVersion): PlanChange[] {
  const out: PlanChange[] = []
  if (prev.title !== next.title) out.push({ scope: '计划', label: '计划名称', from: prev.title, to: next.title })
  if (prev.notes !== next.notes) out.push({ scope: '计划', label: '计划说明', from: prev.notes, to: next.notes })
  const before = new Map(prev.lines.map((l) => [l.item_id, l]))
  const after = new Map(next.lines.map((l) => [l.item_id, l]))
  for (const l of next.lines) {
    const p = before.get(l.item_id)
    if (!p) {
      out.push({ scope: l.item_name, label: '新增事项', from: '', to: lineText(l) })
      continue
    }
    const a = lineFields(p)
    const b = lineFields(l)
    for (let i = 0; i < b.length; i++) if (a[i][1] !== b[i][1]) out.push({ scope: l.item_name, label: b[i][0], from: a[i][1], to: b[i][1] })
  }
  for (const l of prev.lines) if (!after.has(l.item_id)) out.push({ scope: l.item_name, label: '删除事项', from: lineText(l), to: '' })
  const oa = optionFields(prev.options)
  const ob = optionFields(next.options)
  for (let i = 0; i < ob.length; i++) if (oa[i][1] !== ob[i][1]) out.push({ scope: '选项', label: ob[i][0], from: oa[i][1], to: ob[i][1] })
  return out
}

/** The version this one is compared with: the one it adjusts, else the one before it. */
export function baseVersionOf(v: PlanVersion, all: readonly PlanVersion[]): PlanVersion | null {
  if (v.adjusts_version != null) return all.find((x) => x.version === v.adjusts_version) ?? null
  const earlier = all.filter((x) => x.version < v.version)
  return earlier.length ? earlier[earlier.length - 1] : null
}
