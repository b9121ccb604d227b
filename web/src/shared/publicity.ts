// 行政执法公示 (PUB-1..PUB-4, PUB-7, PUB-8, PUB-10, PUB-11): the disclosures' types as the API
// sends them (docs/publicity.md), their labels, and the pure helpers the console and the portal
// share — the deadline's text, the content laid out by the kind's spec, and the character diff
// that shows the reviewer which parts of the original the published (masked) text hides.
import { api, type Query } from './api'
import type { Page } from './types'

export type DisclosureKind = 'penalty_decision' | 'other_decision' | 'check_result'
export type DisclosureState = 'draft' | 'reviewed' | 'published' | 'withheld' | 'withdrawn'
export type VersionState = 'draft' | 'reviewed' | 'published' | 'corrected' | 'withdrawn'
export type Action = 'edit' | 'review' | 'publish' | 'correct' | 'withhold' | 'revocation' | 'takedown'
export type DeadlineStatus = 'due' | 'due_soon' | 'overdue' | 'unknown' | 'published_on_time' | 'published_late' | 'withheld'
export type TakedownStatus = 'due' | 'due_soon' | 'overdue' | 'unknown' | 'done' | 'done_late'

export interface Person {
  id: number
  name: string
  username: string
}

export interface TakedownDeadline {
  due: string | null
  from: string
  period_workdays: number
  status: TakedownStatus
  workdays_left?: number
  done_on?: string | null
}

export interface Deadline {
  due: string | null
  period_workdays: number
  from: string
  status: DeadlineStatus
  workdays_left?: number
  published_on: string | null
  takedown: TakedownDeadline | null
}

export interface Revocation {
  kind: string
  kind_name?: string
  event_date: string
  reason: string
  document: string
  recorded_at?: string
  recorded_by?: number
}

export type Content = Record<string, unknown>

export interface DisclosureSummary {
  id: number
  bureau_id: number
  bureau_name: string
  kind: DisclosureKind
  kind_name: string
  source: { kind: string; id: string }
  event_date: string
  state: DisclosureState
  state_name: string
  withheld_reason: string | null
  first_published_on: string | null
  public: boolean
  revocation: Revocation | null
  withdrawn_on: string | null
  deadline: Deadline
}

export interface Version {
  id: number
  version: number
  state: VersionState
  content: Content
  masked: Content
  corrects_version_id: number | null
  correction_reason: string | null
  manual: boolean
  collected_by: Person | null
  collected_at: string | null
  reviewed_by: Person | null
  reviewed_at: string | null
  review_note: string | null
  published_by: Person | null
  published_at: string | null
}

export interface Disclosure extends DisclosureSummary {
  persons: string[]
  extra_masks: string[]
  withheld_at: string | null
  withheld_by: Person | null
  withdrawn_by: Person | null
  created_by: Person | null
  created_at: string
  working: Version
  current: Version | null
  versions: Version[]
  actions: Action[]
}

export interface DeadlineItem {
  id: number
  bureau_id: number
  bureau_name: string
  kind: DisclosureKind
  kind_name: string
  state: DisclosureState
  event_date: string
  source: { kind: string; id: string }
  deadline: Deadline
}

/** One field of a kind's structure (GET /disclosures/spec). */
export interface SpecField {
  key: string
  label: string
  type: 'text' | 'date' | 'choice' | 'object' | 'list' | 'boolean' | 'fen'
  required?: boolean
  choices?: string[]
  choice_labels?: string[]
  /** Sub-fields: of an object, SpecFields; of a list, the keys of each entry. */
  fields?: (SpecField | string)[]
}

export interface KindSpec {
  label: string
  period_workdays: number
  fields: SpecField[]
}

export type Spec = Record<string, KindSpec>

export interface PortalItem {
  id: number
  kind: DisclosureKind
  kind_name: string
  bureau: { id: number; name: string; division_code: string }
  event_date: string
  year: number
  published_on: string
  updated_at: string
  version: number
  corrected: boolean
  content: Content
}

export interface PortalHistoryEntry {
  version: number
  state: 'published' | 'corrected'
  state_name: string
  published_at: string
  correction_reason: string | null
  content: Content
}

export interface PortalDetail extends PortalItem {
  history: PortalHistoryEntry[]
  /** The kind's structure (000 §1), as GET /disclosures/spec gives it to the console. */
  fields: SpecField[]
}

// --- labels

export const KINDS: { code: DisclosureKind; label: string }[] = [
  { code: 'penalty_decision', label: '行政处罚决定' },
  { code: 'other_decision', label: '其他行政执法决定' },
  { code: 'check_result', label: '双随机抽查结果' },
]

export const STATES: { code: DisclosureState; label: string }[] = [
  { code: 'draft', label: '待审核' },
  { code: 'reviewed', label: '已审核待公示' },
  { code: 'published', label: '已公示' },
  { code: 'withheld', label: '不予公示' },
  { code: 'withdrawn', label: '已撤下' },
]

export const VERSION_STATES: Record<VersionState, string> = {
  draft: '待审核',
  reviewed: '已审核',
  published: '现行',
  corrected: '已更正',
  withdrawn: '已撤下',
}

export const WITHHOLD_REASONS: { code: string; label: string }[] = [
  { code: 'minor', label: '当事人为未成年人' },
  { code: 'state_secret', label: '涉及国家秘密' },
  { code: 'trade_secret', label: '涉及商业秘密' },
  { code: 'privacy', label: '涉及个人隐私' },
  { code: 'other', label: '其他依法不予公开的情形' },
]

export const REVOCATION_KINDS: { code: string; label: string }[] = [
  { code: 'revoked', label: '被依法撤销' },
  { code: 'confirmed_illegal', label: '被确认违法' },
  { code: 'ordered_redo', label: '被责令重新作出' },
]

/** The deadline filters GET /disclosures/deadlines accepts. */
export const DEADLINE_FILTERS: { code: string; label: string }[] = [
  { code: 'overdue', label: '已逾期' },
  { code: 'due_soon', label: '即将到期' },
  { code: 'due', label: '待公示' },
  { code: 'unknown', label: '期限未知' },
  { code: 'published_late', label: '逾期公示' },
  { code: 'takedown_due', label: '待撤下' },
  { code: 'takedown_overdue', label: '撤下逾期' },
]

export const kindLabel = (k: string): string => KINDS.find((x) => x.code === k)?.label ?? k
export const withholdLabel = (c: string | null | undefined): string => WITHHOLD_REASONS.find((x) => x.code === c)?.label ?? (c ?? '')

export function stateType(s: DisclosureState | VersionState): '' | 'success' | 'warning' | 'info' | 'danger' {
  switch (s) {
    case 'published':
      return 'success'
    case 'draft':
      return 'warning'
    case 'reviewed':
      return ''
    case 'withdrawn':
      return 'danger'
    default:
      return 'info'
  }
}

export interface DeadlineText {
  text: string
  type: '' | 'success' | 'warning' | 'info' | 'danger'
  overdue: boolean
}

/** The publication deadline as one line: due date, working days left, overdue in red. */
export function deadlineText(d: Deadline | null | undefined): DeadlineText {
  if (!d) return { text: '—', type: 'info', overdue: false }
  const due = d.due ?? '未知'
  switch (d.status) {
    case 'overdue':
      return { text: `已逾期（应于 ${due} 前公示）`, type: 'danger', overdue: true }
    case 'due_soon':
      return { text: `${due} 前公示，剩 ${d.workdays_left ?? 0} 个工作日`, type: 'warning', overdue: false }
    case 'due':
      return { text: `${due} 前公示，剩 ${d.workdays_left ?? '—'} 个工作日`, type: '', overdue: false }
    case 'unknown':
      return { text: '期限未知（工作日历缺少该年度）', type: 'info', overdue: false }
    case 'published_on_time':
      return { text: `${d.published_on ?? ''} 按期公示`, type: 'success', overdue: false }
    case 'published_late':
      return { text: `${d.published_on ?? ''} 逾期公示（应于 ${due} 前）`, type: 'danger', overdue: true }
    case 'withheld':
      return { text: '不予公示', type: 'info', overdue: false }
  }
  return { text: d.status, type: 'info', overdue: false }
}

/** The takedown clock (PUB-8) as one line, or null when there is none. */
export function takedownText(t: TakedownDeadline | null | undefined): DeadlineText | null {
  if (!t) return null
  const due = t.due ?? '未知'
  switch (t.status) {
    case 'overdue':
      return { text: `撤下已逾期（应于 ${due} 前撤下）`, type: 'danger', overdue: true }
    case 'due_soon':
    case 'due':
      return { text: `${due} 前撤下，剩 ${t.workdays_left ?? '—'} 个工作日`, type: t.status === 'due_soon' ? 'warning' : '', overdue: false }
    case 'unknown':
      return { text: '撤下期限未知（工作日历缺少该年度）', type: 'info', overdue: false }
    case 'done':
      return { text: `${t.done_on ?? ''} 按期撤下`, type: 'success', overdue: false }
    case 'done_late':
      return { text: `${t.done_on ?? ''} 逾期撤下（应于 ${due} 前）`, type: 'danger', overdue: true }
  }
  return { text: t.status, type: 'info', overdue: false }
}

/** 5000 fen → "50.00 元". */
export function fenText(v: unknown): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return ''
  return `${(v / 100).toFixed(2)} 元`
}

/** "50.00" or "50" (yuan, as typed) → fen, or null when empty; NaN when unreadable. */
export function yuanToFen(s: string): number | null {
  const t = s.trim()
  if (!t) return null
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return NaN
  return Math.round(Number(t) * 100)
}

const LIST_LABELS: Record<string, string> = { name: '姓名', certificate_no: '执法证号' }

/** One line of a disclosure's content: its label and the value in the original and the masked text. */
export interface ContentRow {
  key: string
  label: string
  original: string
  masked: string
}

function valueText(f: SpecField, v: unknown): string {
  if (v === undefined || v === null) return ''
  if (f.type === 'fen') return fenText(v)
  if (f.type === 'boolean') return v === true ? '是' : v === false ? '否' : String(v)
  if (f.type === 'choice' && f.choices && f.choice_labels) {
    const i = f.choices.indexOf(String(v))
    if (i >= 0) return f.choice_labels[i] ?? String(v)
  }
  if (f.type === 'choice' && f.key === 'kind') return v === 'org' ? '单位' : v === 'person' ? '自然人' : String(v)
  return typeof v === 'string' ? v : String(v)
}

/**
 * The content laid out by the kind's spec: one row per scalar field, an object's fields as
 * "执法对象·名称", a list's entries numbered. Fields the spec does not name are left out;
 * empty optional fields too (both sides empty).
 */
export function contentRows(fields: readonly SpecField[], original: Content, masked: Content, prefix = '', labelPrefix = ''): ContentRow[] {
  const rows: ContentRow[] = []
  for (const f of fields) {
    const o = original?.[f.key]
    const m = masked?.[f.key]
    const key = prefix + f.key
    const label = labelPrefix + (f.type === 'fen' ? f.label.replace('（分）', '') : f.label)
    if (f.type === 'object') {
      const sub = (f.fields ?? []).filter((x): x is SpecField => typeof x !== 'string')
      rows.push(...contentRows(sub, (o ?? {}) as Content, (m ?? {}) as Content, key + '.', label + '·'))
      continue
    }
    if (f.type === 'list') {
      const oa = Array.isArray(o) ? o : []
      const ma = Array.isArray(m) ? m : []
      const keys = (f.fields ?? []).map((x) => (typeof x === 'string' ? x : x.key))
      for (let i = 0; i < Math.max(oa.length, ma.length); i++) {
        const line = (e: unknown) => keys.map((k) => String((e as Record<string, unknown> | undefined)?.[k] ?? '')).filter(Boolean).join(' ')
        rows.push({ key: `${key}[${i}]`, label: `${label} ${i + 1}`, original: line(oa[i]), masked: line(ma[i]) })
      }
      continue
    }
    const ot = valueText(f, o)
    const mt = valueText(f, m)
    if (!ot && !mt && f.required === false) continue
    rows.push({ key, label, original: ot, masked: mt })
  }
  return rows
}

/** The labels of a list's entry keys (for forms). */
export const listFieldLabel = (k: string): string => LIST_LABELS[k] ?? k

/** A run of text, `changed` when it differs between the original and the masked text. */
export interface Segment {
  text: string
  changed: boolean
}

/** Above this many cells the diff is not computed and the whole text counts as changed. */
const DIFF_LIMIT = 4_000_000

function merge(out: Segment[], text: string, changed: boolean): void {
  if (!text) return
  const last = out[out.length - 1]
  if (last && last.changed === changed) last.text += text
  else out.push({ text, changed })
}

/**
 * The character diff of the original against the masked text (longest common subsequence):
 * `original` marks what the mask removes, `masked` what it puts in its place (the `*`, `某`),
 * so the reviewer sees both sides with the masked parts highlighted. Mask characters never count
 * as common with the original, so a `*` in the original is not taken as already masked.
 */
export function maskDiff(original: string, masked: string): { original: Segment[]; masked: Segment[] } {
  const a = Array.from(original)
  const b = Array.from(masked)
  if (original === masked) return { original: original ? [{ text: original, changed: false }] : [], masked: masked ? [{ text: masked, changed: false }] : [] }
  const n = a.length
  const m = b.length
  if ((n + 1) * (m + 1) > DIFF_LIMIT) {
    return { original: original ? [{ text: original, changed: true }] : [], masked: masked ? [{ text: masked, changed: true }] : [] }
  }
  const same = (i: number, j: number) => a[i] === b[j] && b[j] !== '*'
  // L[i][j]: the LCS length of a[i..] and b[j..].
  const w = m + 1
  const L = new Uint32Array((n + 1) * w)
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      L[i * w + j] = same(i, j) ? L[(i + 1) * w + j + 1] + 1 : Math.max(L[(i + 1) * w + j], L[i * w + j + 1])
    }
  }
  const oa: Segment[] = []
  const ma: Segment[] = []
  let i = 0
  let j = 0
  while (i < n && j < m) {
    if (same(i, j) && L[i * w + j] === L[(i + 1) * w + j + 1] + 1) {
      merge(oa, a[i], false)
      merge(ma, b[j], false)
      i++
      j++
    } else if (L[(i + 1) * w + j] >= L[i * w + j + 1]) {
      merge(oa, a[i++], true)
    } else {
      merge(ma, b[j++], true)
    }
  }
  while (i < n) merge(oa, a[i++], true)
  while (j < m) merge(ma, b[j++], true)
  return { original: oa, masked: ma }
}

/** The new masks to send: trimmed, non-empty, not already among the disclosure's, no repeats. */
export function newMasks(text: string, existing: readonly string[]): string[] {
  const out: string[] = []
  for (const raw of text.split(/[\n,，;；]+/)) {
    const s = raw.trim()
    if (s && !existing.includes(s) && !out.includes(s)) out.push(s)
  }
  return out
}

/** The empty content of a kind for the manual draft form, from its spec. */
export function emptyContent(fields: readonly SpecField[]): Content {
  const c: Content = {}
  for (const f of fields) {
    if (f.type === 'object') c[f.key] = emptyContent((f.fields ?? []).filter((x): x is SpecField => typeof x !== 'string'))
    else if (f.type === 'list') c[f.key] = []
    else if (f.type === 'boolean') c[f.key] = false
    else if (f.type === 'choice') c[f.key] = f.choices?.[0] ?? ''
    else if (f.type === 'fen') c[f.key] = null
    else c[f.key] = ''
  }
  return c
}

/** The content to send: empty optional strings and null amounts left out. */
export function contentBody(fields: readonly SpecField[], c: Content): Content {
  const out: Content = {}
  for (const f of fields) {
    const v = c[f.key]
    if (f.type === 'object') {
      out[f.key] = contentBody((f.fields ?? []).filter((x): x is SpecField => typeof x !== 'string'), (v ?? {}) as Content)
    } else if (f.type === 'list') {
      out[f.key] = (Array.isArray(v) ? v : []).filter((e) => Object.values(e as Record<string, unknown>).some((x) => String(x ?? '').trim()))
    } else if (v === null || v === undefined || (typeof v === 'string' && v.trim() === '' && f.required === false)) {
      continue
    } else {
      out[f.key] = typeof v === 'string' ? v.trim() : v
    }
  }
  return out
}

/** The one line a portal list shows for an item: its object and the decision or result. */
export function headline(item: { kind: string; content: Content }): { title: string; detail: string } {
  const c = item.content ?? {}
  const obj = (c.object ?? {}) as Record<string, unknown>
  const title = String(obj.name ?? '')
  const detail = item.kind === 'check_result' ? String(c.result ?? '') : String(c.conclusion ?? '')
  return { title, detail }
}

// --- API

export const listDisclosures = (q: Query) => api.get<Page<DisclosureSummary>>('/disclosures', q)
export const getDisclosure = (id: number) => api.get<Disclosure>(`/disclosures/${id}`)
export const getSpec = () => api.get<Spec>('/disclosures/spec')
export const listDeadlines = (q: Query) => api.get<{ items: DeadlineItem[] }>('/disclosures/deadlines', q)
export const createDisclosure = (body: unknown) => api.post<Disclosure>('/disclosures', body)
export const patchDisclosure = (id: number, body: unknown) => api.patch<Disclosure>(`/disclosures/${id}`, body)
export const reviewDisclosure = (id: number, body: { add_masks?: string[]; note?: string }) => api.post<Disclosure>(`/disclosures/${id}/review`, body)
export const publishDisclosure = (id: number) => api.post<Disclosure>(`/disclosures/${id}/publish`, {})
export const correctDisclosure = (id: number, body: { content: Content; reason: string }) => api.post<Disclosure>(`/disclosures/${id}/corrections`, body)
export const withholdDisclosure = (id: number, body: { reason_code: string; reason: string }) => api.post<Disclosure>(`/disclosures/${id}/withhold`, body)
export const recordRevocation = (id: number, body: { kind: string; event_date: string; reason: string; document: string }) =>
  api.post<Disclosure>(`/disclosures/${id}/revocation`, body)
export const takedownDisclosure = (id: number, body: { reason?: string }) => api.post<Disclosure>(`/disclosures/${id}/takedown`, body)
/** The portal's list: `total` is exact up to the server's cap; past it, `total_capped` and pages only up to the cap. */
export interface PortalPage extends Page<PortalItem> {
  total_capped: boolean
}
export const portalList = (q: Query) => api.get<PortalPage>('/portal/disclosures', q)
/** The count above the portal's list: exact, or "超过 10,000 条" when the server stopped counting at its cap. */
export const portalTotalLabel = (p: Pick<PortalPage, 'total' | 'total_capped'>) =>
  p.total_capped ? `超过 ${p.total.toLocaleString('zh-CN')} 条` : `${p.total} 条`
export const portalDetail = (id: number) => api.get<PortalDetail>(`/portal/disclosures/${id}`)

/** The field names the server may name in a refused content (content.legal_basis, content.object.name, …). */
export function contentErrorKeys(fields: readonly SpecField[], prefix = 'content'): string[] {
  const out: string[] = [prefix]
  for (const f of fields) {
    const p = `${prefix}.${f.key}`
    if (f.type === 'object') out.push(...contentErrorKeys((f.fields ?? []).filter((x): x is SpecField => typeof x !== 'string'), p))
    else out.push(p)
  }
  return out
}
