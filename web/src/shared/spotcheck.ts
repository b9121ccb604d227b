// The spot-check item list (DR-1, DR-14) and check forms (DR-3) on the page: ratios typed and shown
// as percentages but sent as basis points (integers, so 2.5% is exact), the edit forms' payloads,
// what changed between two versions, and the points editor. The rules themselves (which version
// is in force, who may change the list) stay on the server; canManageSpotcheck only decides
// whether to offer the buttons.
import type { CheckLevel, CheckPoint, SessionUser, SpotcheckItemVersion } from './types'

export const CHECK_LEVELS: { value: CheckLevel; label: string }[] = [
  { value: 'province', label: '省级' },
  { value: 'city', label: '市级' },
  { value: 'county', label: '县级' },
]

export const OBJECT_TYPES = [
  { value: 'survey_object', label: '统计调查对象' },
  { value: 'foreign_survey_body', label: '涉外调查机构' },
]

export const CHECK_METHODS = [
  { value: 'on_site', label: '现场检查' },
  { value: 'written', label: '书面检查' },
  { value: 'both', label: '现场检查或书面检查' },
]

export const DEFAULT_ANSWERS = ['符合', '不符合', '不适用']

/** Basis points as a percentage without trailing zeros: 300 -> "3", 250 -> "2.5", 5 -> "0.05". */
export function bpToPercent(bp: number): string {
  if (!Number.isInteger(bp)) return ''
  const sign = bp < 0 ? '-' : ''
  const a = Math.abs(bp)
  const whole = Math.floor(a / 100)
  const frac = a % 100
  if (!frac) return `${sign}${whole}`
  return `${sign}${whole}.${String(frac).padStart(2, '0').replace(/0$/, '')}`
}

/** "3%", or "1%-2.5%" for a range, as the seeds write ratios (the edit form's preview; answers carry ratio_text). */
export function ratioText(minBp: number, maxBp: number): string {
  return minBp === maxBp ? `${bpToPercent(minBp)}%` : `${bpToPercent(minBp)}%-${bpToPercent(maxBp)}%`
}

/** "1-2次/年", or "1次/年". */
export function frequencyText(min: number, max: number): string {
  return `${min === max ? min : `${min}-${max}`}次/年`
}

/**
 * A typed percentage ("3", "2.5", "2.5%", " 0.05 ") as basis points, parsed from the digits so
 * that no binary fraction creeps in. null when it is not a number with at most two decimals.
 */
export function percentToBp(text: string): number | null {
  const m = /^\s*(\d{1,3})(?:\.(\d{1,2}))?\s*%?\s*$/.exec(text)
  if (!m) return null
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
}

/**
 * Whether to offer changes to the list and the forms: the permission, held at a province-level
 * bureau (000 Art 5; the server refuses anyone else with 403 spotcheck.province_only anyway).
 */
export function canManageSpotcheck(user: SessionUser | null | undefined): boolean {
  return !!user && user.permissions.includes('spotcheck.items.manage') && user.bureau?.level === 'province'
}

// --- The item form.

export interface ItemFormState {
  name: string
  basis: string
  bodies: CheckLevel[]
  object_type: string
  ratio_min: string
  ratio_max: string
  frequency_min: number | null
  frequency_max: number | null
  method: string
  contents: string[]
  notes: string
  effective_from: string
  effective_to: string
  reason: string
}

export function emptyItemForm(today: string): ItemFormState {
  return {
    name: '',
    basis: '',
    bodies: ['province', 'city', 'county'],
    object_type: 'survey_object',
    ratio_min: '',
    ratio_max: '',
    frequency_min: 1,
    frequency_max: 1,
    method: 'both',
    contents: [''],
    notes: '',
    effective_from: today,
    effective_to: '',
    reason: '',
  }
}

/** The form for a new version: the latest version's fields, starting today, with no reason yet. */
export function itemFormFrom(v: SpotcheckItemVersion, today: string): ItemFormState {
  return {
    name: v.name,
    basis: v.basis,
    bodies: [...v.bodies],
    object_type: v.object_type,
    ratio_min: bpToPercent(v.ratio_min_bp),
    ratio_max: bpToPercent(v.ratio_max_bp),
    frequency_min: v.frequency_min,
    frequency_max: v.frequency_max,
    method: v.method,
    contents: [...v.contents],
    notes: v.notes,
    effective_from: today > v.effective_from ? today : v.effective_from,
    effective_to: v.effective_to ?? '',
    reason: '',
  }
}

/** The upper bound as typed, or the lower one when left empty (a single ratio). */
export function ratioMaxText(f: Pick<ItemFormState, 'ratio_min' | 'ratio_max'>): string {
  return f.ratio_max.trim() ? f.ratio_max : f.ratio_min
}

/** Problems the page can name before sending (field -> message); the server checks everything again. */
export function itemFormProblems(f: ItemFormState, needReason: boolean): Record<string, string> {
  const out: Record<string, string> = {}
  if (!f.name.trim()) out.name = '请填写抽查事项名称'
  if (!f.basis.trim()) out.basis = '请填写抽查依据'
  if (!f.bodies.length) out.bodies = '请至少选择一级抽查主体'
  const lo = percentToBp(f.ratio_min)
  const hi = percentToBp(ratioMaxText(f))
  if (lo === null) out.ratio_min_bp = '请填写抽查比例下限，如 3 或 2.5（最多两位小数）'
  if (hi === null) out.ratio_max_bp = '请填写抽查比例上限，如 3 或 2.5（最多两位小数）'
  if (f.frequency_min == null) out.frequency_min = '请填写抽查频次下限'
  if (f.frequency_max == null) out.frequency_max = '请填写抽查频次上限'
  if (!f.contents.some((c) => c.trim())) out.contents = '请至少填写一条抽查内容'
  if (!f.effective_from) out.effective_from = '请选择生效日期'
  if (needReason && !f.reason.trim()) out.reason = '请填写调整原因'
  return out
}

/** The JSON body of POST /spotcheck/items or .../versions (empty content lines dropped). */
export function itemPayload(f: ItemFormState): Record<string, unknown> {
  const body: Record<string, unknown> = {
    name: f.name.trim(),
    basis: f.basis.trim(),
    bodies: CHECK_LEVELS.map((l) => l.value).filter((l) => f.bodies.includes(l)),
    object_type: f.object_type,
    ratio_min_bp: percentToBp(f.ratio_min),
    ratio_max_bp: percentToBp(ratioMaxText(f)),
    frequency_min: f.frequency_min,
    frequency_max: f.frequency_max,
    method: f.method,
    contents: f.contents.map((c) => c.trim()).filter(Boolean),
    notes: f.notes.trim(),
    effective_from: f.effective_from,
  }
  if (f.effective_to) body.effective_to = f.effective_to
  if (f.reason.trim()) body.reason = f.reason.trim()
  return body
}

/**
 * The index in the form's content list of the server's "content #index" (the server counts
 * only the non-empty lines it was sent).
 */
export function contentFormIndex(contents: readonly string[], sentIndex: number): number {
  let seen = -1
  for (let i = 0; i < contents.length; i++) {
    if (!contents[i].trim()) continue
    if (++seen === sentIndex) return i
  }
  return -1
}

/** Moves entry i of a list by delta (-1 up, +1 down) in place; no-op at the ends. */
export function moveEntry<T>(list: T[], i: number, delta: number): void {
  const j = i + delta
  if (i < 0 || i >= list.length || j < 0 || j >= list.length) return
  const [x] = list.splice(i, 1)
  list.splice(j, 0, x)
}

// --- What changed between two versions (the history drawer).

export interface FieldChange {
  label: string
  from: string
  to: string
}

function contentsText(c: readonly string[]): string {
  return c.map((t, i) => `${i + 1}. ${t}`).join('\n')
}

/** The fields whose text differs from the previous version, in the annex's column order. */
export function versionChanges(prev: SpotcheckItemVersion, next: SpotcheckItemVersion): FieldChange[] {
  const fields: [string, (v: SpotcheckItemVersion) => string][] = [
    ['抽查事项', (v) => v.name],
    ['抽查依据', (v) => v.basis],
    ['抽查主体', (v) => v.bodies_text],
    ['抽查对象', (v) => v.object_type_name],
    ['抽查比例', (v) => v.ratio_text],
    ['抽查频次', (v) => v.frequency_text],
    ['抽查方式', (v) => v.method_name],
    ['抽查内容', (v) => contentsText(v.contents)],
    ['备注', (v) => v.notes],
    ['生效日期', (v) => v.effective_from],
    ['失效日期', (v) => v.effective_to ?? ''],
  ]
  const out: FieldChange[] = []
  for (const [label, get] of fields) {
    const a = get(prev)
    const b = get(next)
    if (a !== b) out.push({ label, from: a, to: b })
  }
  return out
}

/** "2019-09-30 起" or "2019-09-30 至 2026-12-31". */
export function effectiveText(from: string, to: string | null | undefined): string {
  return to ? `${from} 至 ${to}` : `${from} 起`
}

// --- The check points editor.

export interface PointDraft {
  text: string
  answers: string[]
  photo_required: boolean
  signature_required: boolean
}

export function newPoint(): PointDraft {
  return { text: '', answers: [...DEFAULT_ANSWERS], photo_required: false, signature_required: false }
}

export function pointDrafts(points: readonly CheckPoint[]): PointDraft[] {
  return points.map((p) => ({ text: p.text, answers: [...p.answers], photo_required: p.photo_required, signature_required: p.signature_required }))
}

/** Problems by point index the page can name before sending. */
export function pointProblems(points: readonly PointDraft[]): Record<number, string> {
  const out: Record<number, string> = {}
  points.forEach((p, i) => {
    const answers = p.answers.map((a) => a.trim()).filter(Boolean)
    if (!p.text.trim()) out[i] = '请填写检查要点'
    else if (answers.length < 2) out[i] = '可选答案至少 2 项'
    else if (new Set(answers).size !== answers.length) out[i] = '可选答案不能重复'
  })
  return out
}

/** The points as POST .../forms takes them (numbered by their order). */
export function pointsPayload(points: readonly PointDraft[]): Omit<CheckPoint, 'no'>[] {
  return points.map((p) => ({
    text: p.text.trim(),
    answers: p.answers.map((a) => a.trim()).filter(Boolean),
    photo_required: p.photo_required,
    signature_required: p.signature_required,
  }))
}
