// The witnessed draw in words, for the console and the portal alike: the frozen parameters
// (docs/draw-algorithm.md §3) as a list a witness can read, the result's summary, and the
// commands that re-run a draw outside the browser.
import { CREDIT_CLASSES, RISK_CLASSES, pct } from './plans'
import { DRAW_MODE_NAMES, STRATA_COLUMNS } from './labels'
import type { DrawSummary } from './types'

export interface ParamLine {
  label: string
  value: string
}

const HASH_NAMES: Record<string, string> = { sm3: 'SM3（GB/T 32905）', sha256: 'SHA-256' }

export function hashName(h: string | undefined | null): string {
  return HASH_NAMES[h ?? ''] ?? String(h ?? '')
}

function obj(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {}
}
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined)

function ratioList(v: unknown, classes: { key: string; label: string }[]): string {
  const o = obj(v)
  return classes
    .filter((c) => num(o[c.key]) !== undefined)
    .map((c) => `${c.label} ${pct(num(o[c.key]))}`)
    .join('，')
}

/** The parameters in words, in the order a reader needs them; unknown keys are left to the raw JSON. */
export function describeParams(params: Record<string, unknown> | null | undefined): ParamLine[] {
  const p = obj(params)
  const out: ParamLine[] = []
  const mode = String(p.mode ?? '')
  out.push({ label: '抽取方式', value: DRAW_MODE_NAMES[mode] ?? mode })
  if (p.date) out.push({ label: '检查日期', value: String(p.date) })
  if (mode === 'random' || mode === 'systematic') {
    out.push({ label: '基础抽查比例', value: pct(num(p.ratio_bp)) })
    const credit = ratioList(p.credit_ratios_bp, CREDIT_CLASSES)
    if (credit) out.push({ label: '按信用状况', value: credit })
    const risk = ratioList(p.risk_ratios_bp, RISK_CLASSES)
    if (risk) out.push({ label: '按风险等级', value: risk })
    const strata = Array.isArray(p.strata) ? (p.strata as string[]) : []
    out.push({ label: '分层', value: strata.length ? strata.map((s) => STRATA_COLUMNS.find((c) => c.value === s)?.label ?? s).join('、') + '，再按比例分层' : '按比例分层' })
    if (num(p.min_ratio_bp)) out.push({ label: '最低抽查比例', value: `不少于名录的 ${pct(num(p.min_ratio_bp))}（含必查对象）` })
    if (p.weighted === true) out.push({ label: '加权', value: '按权重抽取' })
  }
  const ms = obj(p.multistage)
  if (mode === 'multistage')
    out.push({ label: '多阶段', value: `先随机抽取 ${ms.clusters_min}–${ms.clusters_max} 个区划，每个区划再抽取 ${ms.units_min}–${ms.units_max} 家` })
  if (mode === 'all') out.push({ label: '比例', value: '100%，名录中的对象全部检查' })
  const rules = obj(p.rules)
  const r: string[] = []
  if (rules.key_units_every_year === true) r.push('重点单位每年必查')
  if (rules.seriously_dishonest_every_half_year === true) r.push('严重失信单位每半年必查')
  if (num(rules.no_repeat_years)) r.push(`${rules.no_repeat_years} 年内已检查的不再抽取`)
  out.push({ label: '抽取规则', value: r.length ? r.join('；') : '无' })
  const team = obj(p.team)
  if (p.team) {
    let t = `每组本单位执法人员 ${team.size} 人（第一名为组长）`
    if (team.specialty) t += `，须具备专业“${team.specialty}”`
    const joint = Array.isArray(team.joint) ? (team.joint as { department: string; count: number }[]) : []
    for (const j of joint) t += `；另抽 ${j.department} ${j.count} 人`
    if (num(team.load_spread) !== undefined) t += `；任务数相差超过 ${team.load_spread} 件的不参与抽取`
    if (num(team.max_load)) t += `；每人不超过 ${team.max_load} 件`
    out.push({ label: '检查组', value: t })
  }
  out.push({ label: '哈希算法', value: hashName(p.hash as string) })
  return out
}

/** "名录 120 家：必查 3 家，近期已检查 14 家不再抽取，随机抽取 6 家，共选中 9 家". */
export function summaryText(s: DrawSummary | null | undefined, mode?: string): string {
  if (!s) return ''
  const parts = [`必查 ${s.forced} 家`]
  if (s.removed) parts.push(`近期已检查 ${s.removed} 家不再抽取`)
  parts.push(`${mode === 'all' ? '全部检查' : '随机抽取'} ${s.drawn} 家`)
  return `名录 ${s.pool} 家：${parts.join('，')}，共选中 ${s.selected} 家`
}

/** The start and end of a long hex hash, for tables. */
export function shortHash(h: string | null | undefined, n = 12): string {
  if (!h) return ''
  return h.length <= 2 * n + 1 ? h : `${h.slice(0, n)}…${h.slice(-6)}`
}

/** The two ways to re-run a draw outside the browser, with the downloaded files' names. */
export function cliCommands(cert = 'certificate.json', pool = 'pool.csv'): { label: string; command: string }[] {
  return [
    { label: '平台命令行工具', command: `zhifa draw verify ${cert} --pool ${pool}` },
    { label: '独立验证脚本（仅需 Python 3 标准库）', command: `python3 verify_draw.py ${cert} ${pool}` },
  ]
}
