// The legal review of major decisions (法制审核, REV-1..REV-5, ORG-4, REC-12) as the console shows
// it: the API's types (docs/review.md), the calls, the labels of the ten points, outcomes and
// states, and the small presentation rules (fen ↔ yuan, deadline order, the queue's order, a
// finding form's own checks). The rules themselves are the server's; the page checks only what
// it can say before a round trip, and the server still refuses.
import { api, type Query } from './api'
import { yuan } from './cases'
import type { Page } from './types'

export interface UserRef {
  id: number
  name: string
}

export type DecisionKind = 'penalty' | 'no_penalty' | 'other'
export type PartyClass = 'org' | 'individual_business' | 'person'
export type Outcome = 'agree' | 'disagree' | 'return' | 'refer'
export type DeadlineState = 'ok' | 'due_soon' | 'overdue' | 'unknown'

export interface Proposal {
  decision_kind: DecisionKind | string
  amount_fen?: number | null
  violation?: string
  party_class?: PartyClass | string
  tier?: string
  // The day of the unlawful act: the fine rule in force then applies (APL Art 37).
  act_on?: string
  facts: string
  basis: string
  complex?: boolean
  referral?: boolean
}

export interface Finding {
  point: string
  result: 'ok' | 'problem' | ''
  comment: string
}

/** A fine rule of the law in force on a date (Statistics Law 2009 Art 41/42, 2024 Art 44/45). */
export interface FineRule {
  law: string
  law_version: string
  law_title?: string
  article: string
  violation: string
  violation_label?: string
  party_class: string
  party_class_label?: string
  /** The ordinary ceiling; with 情节严重 the range serious_min_fen..serious_max_fen applies. */
  max_fen: number
  serious_min_fen?: number | null
  serious_max_fen?: number | null
  text?: string
  serious_conditions?: string
  effective_from?: string
  effective_to?: string | null
}

export interface Tier {
  code: string
  label: string
  condition?: string
  violation?: string
  party_class?: string
  min_fen?: number | null
  max_fen?: number | null
}

/** A version of a bureau's discretion tiers (POST /review/benchmarks/tiers). */
export interface TiersVersion {
  id: number
  bureau: { id: number; name: string }
  from_bureau?: { id: number; name: string } | null
  version: number
  effective_from: string
  hearing_threshold_org_fen: number | null
  hearing_threshold_person_fen: number | null
  items: (Tier & { violation: string; party_class: string })[]
  created_by?: UserRef | null
  created_at?: string
}

export interface Benchmarks {
  laws: { law: string; law_version: string; title: string; effective_from: string; effective_to: string | null; rules: FineRule[] }[]
  violations: { code: string; label: string }[]
  party_classes: { code: string; label: string }[]
  bureau: { id: number; name: string }
  date: string
  tiers: TiersVersion | null
  history: TiersVersion[]
}

export interface Assessment {
  rule: FineRule | null
  tiers: Tier[]
  tier: Tier | null
  within_law: boolean | null
  within_tier: boolean | null
  serious_required?: boolean
  hearing_threshold_fen?: number | null
  hearing_right: boolean
  tiers_version?: { id: number; version: number; bureau: { id: number; name: string }; effective_from: string } | null
}

/** A submitted material: a case step that is on the case, or evidence items of the case. */
export interface MaterialRow {
  code: string
  label?: string
  step?: { id: number; kind: string; ledger_seq?: number } | null
  evidence?: { id: number; title?: string; kind?: string; hash?: string }[]
}

export interface Coordination {
  result: 'adopt_proposal' | 'adopt_review'
  result_label?: string
  opinion: string
  by?: UserRef | null
  at?: string
}

/** A document of the review's case steps (docs/documents.md: /documents/{owner_kind}/{owner_id}/{code}). */
export interface ReviewDocument {
  owner_kind: string
  owner_id: string
  code: string
  title: string
}

export interface Review {
  id: number
  case_id: number
  case?: { id: number; number: string; party_name: string; state: string; bureau_name: string }
  bureau_id?: number
  state: 'submitted' | 'assigned' | 'concluded' | string
  major?: boolean
  reasons?: string[]
  collective_required?: boolean
  outcome?: Outcome | null
  outcome_label?: string | null
  proposal: Proposal
  materials?: MaterialRow[]
  note?: string
  submitted_by?: UserRef | null
  submitted_at?: string
  submitted_on?: string
  reviewer?: UserRef | null
  assigned_by?: UserRef | null
  assigned_at?: string | null
  findings?: Finding[]
  opinion?: string | null
  concluded_at?: string | null
  coordination?: Coordination | null
  assessment?: Assessment | null
  due_on?: string | null
  deadline_state?: DeadlineState
  passed?: boolean
  documents?: ReviewDocument[]
  ledger_seq?: number
}

export interface CaseReview {
  case_id: number
  procedure: string
  major: boolean
  reasons: string[]
  collective_required: boolean
  catalogue: { id: number; version: number; bureau_name: string; builtin: boolean; materials: CatalogueMaterial[]; review_days: number } | null
  hearing_right?: boolean
  status: string
  passed: boolean
  can_decide: boolean
  blocking: string[]
  latest: Review | null
  history: Review[]
}

export interface Criterion {
  code?: string
  label: string
  kind: 'decision_kind' | 'fine_org' | 'fine_person' | 'hearing' | 'complex' | 'referral' | 'public_interest'
  decision_kinds?: string[]
  threshold_fen?: number | null
  collective?: boolean
}

export interface CatalogueMaterial {
  code: string
  label: string
  required: boolean
  /** "upload" (evidence of the case named in the submission) or "step:<kind>" (a step on the case). */
  source: string
  /** Required only when the case has a step of this kind ("" = always). */
  when?: string
}

export interface Catalogue {
  id: number
  bureau_id: number
  bureau_name?: string
  version: number
  review_all_general: boolean
  review_days: number
  criteria: Criterion[]
  materials: CatalogueMaterial[]
  effective_from?: string
  note?: string
  published_at?: string
  published_by?: string
  builtin?: boolean
  for_bureau?: { id: number; name: string }
}

export interface RosterEntry {
  id: number
  bureau: { id: number; name: string; code?: string }
  user: { id: number; name: string; username?: string }
  kind: 'staff' | 'adviser'
  kind_label?: string
  qualification_no?: string | null
  qualified_on?: string | null
  firm?: string
  contract_from?: string | null
  contract_until?: string | null
  note?: string
  active: boolean
  deactivated_reason?: string
  deactivated_at?: string | null
}

/** The roster reported upward for a year (due 30 September; due_soon from 1 September). */
export interface RosterReport {
  bureau: { id: number; name: string; code?: string; level?: string }
  year: number
  due_on: string
  state: 'not_due' | 'due_soon' | 'overdue' | 'submitted' | string
  submitted_at: string | null
  submitted_by: UserRef | null
  entries: RosterEntry[]
}

/** The report states of a bureau and every city and county below it. */
export interface RosterReports {
  year: number
  due_on: string
  counts?: Record<string, number>
  items: { bureau: { id: number; name: string; code?: string; level?: string }; state: string; submitted_at: string | null; entries_count: number | null }[]
}

// ---- labels --------------------------------------------------------------------------------

/** The ten points of REV-3, in the order of seed 000 §3.3. */
/** The ten points of REV-3, in the order of seed 000 §3.3 (the server's review_points()). */
export const REVIEW_POINTS: { code: string; label: string }[] = [
  { code: 'subject', label: '执法主体是否合法' },
  { code: 'qualification', label: '执法人员是否具备执法资格' },
  { code: 'procedure', label: '执法程序是否合法' },
  { code: 'facts', label: '案件事实是否清楚' },
  { code: 'evidence', label: '证据是否确凿充分' },
  { code: 'law', label: '适用法律、法规、规章是否准确' },
  { code: 'discretion', label: '裁量基准运用是否适当' },
  { code: 'authority', label: '是否超越执法机关法定权限' },
  { code: 'documents', label: '执法文书是否完备、规范' },
  { code: 'referral', label: '是否涉嫌犯罪、需要移送司法机关' },
]

export const OUTCOMES: { code: Outcome; label: string; type: TagType }[] = [
  { code: 'agree', label: '同意', type: 'success' },
  { code: 'disagree', label: '不同意', type: 'danger' },
  { code: 'return', label: '退回补充材料', type: 'warning' },
  { code: 'refer', label: '建议移送司法机关', type: 'warning' },
]

export const REVIEW_STATES: { code: string; label: string }[] = [
  { code: 'open', label: '未审结' },
  { code: 'submitted', label: '待分配' },
  { code: 'assigned', label: '审核中' },
  { code: 'concluded', label: '已审结' },
]

/** The case's review status (GET /cases/{id}/review). */
export const CASE_REVIEW_STATUS: Record<string, { label: string; type: TagType }> = {
  not_required: { label: '无需法制审核', type: 'info' },
  not_submitted: { label: '未送审', type: 'info' },
  required: { label: '须法制审核，尚未送审', type: 'warning' },
  submitted: { label: '已送审，待分配审核人员', type: 'primary' },
  assigned: { label: '审核中', type: 'primary' },
  passed: { label: '审核通过', type: 'success' },
  disagreed: { label: '审核不同意', type: 'danger' },
  returned: { label: '退回补充材料', type: 'warning' },
  referred: { label: '建议移送', type: 'warning' },
}

export const DECISION_KINDS: { code: DecisionKind; label: string }[] = [
  { code: 'penalty', label: '行政处罚' },
  { code: 'no_penalty', label: '不予行政处罚' },
  { code: 'other', label: '其他处理' },
]

export const PARTY_CLASSES: { code: PartyClass; label: string }[] = [
  { code: 'org', label: '单位' },
  { code: 'individual_business', label: '个体工商户' },
  { code: 'person', label: '个人' },
]

export const CRITERION_KINDS: { code: Criterion['kind']; label: string }[] = [
  { code: 'decision_kind', label: '决定类型' },
  { code: 'fine_org', label: '对单位罚款达到' },
  { code: 'fine_person', label: '对个人罚款达到' },
  { code: 'hearing', label: '经过听证' },
  { code: 'complex', label: '案情复杂' },
  { code: 'referral', label: '拟移送司法机关' },
  { code: 'public_interest', label: '涉及重大公共利益' },
]

export const COORDINATION_RESULTS: { code: Coordination['result']; label: string }[] = [
  { code: 'adopt_proposal', label: '采纳承办机构意见' },
  { code: 'adopt_review', label: '采纳法制审核意见' },
]

export const ROSTER_KINDS: { code: RosterEntry['kind']; label: string }[] = [
  { code: 'staff', label: '法制审核人员' },
  { code: 'adviser', label: '法律顾问' },
]

export const REPORT_STATES: Record<string, { label: string; type: TagType }> = {
  submitted: { label: '已报送', type: 'success' },
  not_due: { label: '未报送（未到期）', type: 'info' },
  due_soon: { label: '未报送（即将到期）', type: 'warning' },
  overdue: { label: '逾期未报', type: 'danger' },
}

export type TagType = 'success' | 'warning' | 'danger' | 'info' | 'primary'

const DEADLINE: Record<DeadlineState, { text: string; type: TagType }> = {
  overdue: { text: '已逾期', type: 'danger' },
  due_soon: { text: '即将到期', type: 'warning' },
  ok: { text: '未到期', type: 'success' },
  unknown: { text: '未知（日历无数据）', type: 'info' },
}

const find = <T extends { code: string; label: string }>(list: readonly T[], code: string | null | undefined) =>
  list.find((x) => x.code === code)

export const pointLabel = (code: string) => find(REVIEW_POINTS, code)?.label ?? code
export const outcomeLabel = (code: string | null | undefined) => find(OUTCOMES, code)?.label ?? (code || '')
export const outcomeType = (code: string | null | undefined): TagType => OUTCOMES.find((o) => o.code === code)?.type ?? 'info'
export const decisionKindLabel = (code: string | null | undefined) => find(DECISION_KINDS, code)?.label ?? (code || '')
export const partyClassLabel = (code: string | null | undefined) => find(PARTY_CLASSES, code)?.label ?? (code || '')
export const criterionKindLabel = (code: string) => find(CRITERION_KINDS, code)?.label ?? code
export const coordinationLabel = (code: string | null | undefined) => find(COORDINATION_RESULTS, code)?.label ?? (code || '')
export const rosterKindLabel = (code: string) => find(ROSTER_KINDS, code)?.label ?? code

/** The review's state in words: a concluded review says its outcome. */
export function reviewStateLabel(r: Pick<Review, 'state' | 'outcome'>): string {
  if (r.state === 'concluded' && r.outcome) return `已审结：${outcomeLabel(r.outcome)}`
  return find(REVIEW_STATES, r.state)?.label ?? r.state
}

export function caseReviewStatus(code: string): { label: string; type: TagType } {
  return CASE_REVIEW_STATUS[code] ?? { label: code, type: 'info' }
}

export function reportState(code: string): { label: string; type: TagType } {
  return REPORT_STATES[code] ?? { label: code, type: 'info' }
}

/** Tag text and colour of a deadline state: overdue red, due_soon orange, unknown grey. */
export function deadlineStateTag(s: string | null | undefined): { text: string; type: TagType } {
  return DEADLINE[(s ?? 'unknown') as DeadlineState] ?? DEADLINE.unknown
}

// ---- money ---------------------------------------------------------------------------------

/**
 * Yuan as typed ("1,234.5", "２００００", "3000元") to fen; null when it is not an amount with at most
 * two decimals. Done on the digits, never through a float, so 0.29 yuan is 29 fen.
 */
export function yuanToFen(input: string | number | null | undefined): number | null {
  if (input === null || input === undefined) return null
  let s = String(input).trim()
  // Full-width digits and the decimal point as an IME types them.
  s = s.replace(/[０-９．]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
  s = s.replace(/[,，\s]/g, '').replace(/元$/, '')
  const m = /^(\d+)(?:\.(\d{0,2}))?$/.exec(s)
  if (!m) return null
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
  return Number.isSafeInteger(fen) ? fen : null
}

/** "1234.56" for fen; '' for none. */
export function fenToYuan(fen: number | null | undefined): string {
  return fen === null || fen === undefined ? '' : yuan(fen)
}

/** A fine with its unit: "20000.00 元"; '—' for none. */
export function money(fen: number | null | undefined): string {
  return fen === null || fen === undefined ? '—' : `${yuan(fen)} 元`
}

/** A fine range: "1000.00 – 20000.00 元", "20000.00 元以下", "1000.00 元以上"; '—' for neither bound. */
export function rangeText(min: number | null | undefined, max: number | null | undefined): string {
  const lo = min === null || min === undefined ? null : min
  const hi = max === null || max === undefined ? null : max
  if (lo !== null && hi !== null) return `${yuan(lo)} – ${yuan(hi)} 元`
  if (hi !== null) return `${yuan(hi)} 元以下`
  if (lo !== null) return `${yuan(lo)} 元以上`
  return '—'
}

/** Whether an amount lies in [min, max] (an absent bound does not limit); null without an amount. */
export function withinRange(fen: number | null | undefined, min: number | null | undefined, max: number | null | undefined): boolean | null {
  if (fen === null || fen === undefined) return null
  if (min !== null && min !== undefined && fen < min) return false
  if (max !== null && max !== undefined && fen > max) return false
  return true
}

// ---- queue order ---------------------------------------------------------------------------

const DEADLINE_RANK: Record<string, number> = { overdue: 0, due_soon: 1, ok: 2, unknown: 3 }

/** True when the review waits for this user's opinion (assigned to them, not concluded). */
export function waitsFor(r: Pick<Review, 'state' | 'reviewer'>, userId: number | null | undefined): boolean {
  return userId != null && r.state === 'assigned' && r.reviewer?.id === userId
}

/**
 * The queue's order: what waits for the signed-in reviewer first (待我审核), then the open reviews
 * by urgency (overdue, due soon, in time, unknown) and due date, then the concluded ones, newest
 * first. Stable: equal rows keep the server's order.
 */
export function sortQueue<T extends Pick<Review, 'state' | 'reviewer' | 'deadline_state' | 'due_on' | 'submitted_at'>>(
  rows: readonly T[],
  userId: number | null | undefined,
): T[] {
  const key = (r: T) => [
    waitsFor(r, userId) ? 0 : 1,
    r.state === 'concluded' ? 1 : 0,
    r.state === 'concluded' ? 0 : (DEADLINE_RANK[r.deadline_state ?? 'unknown'] ?? 3),
  ]
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => {
      const ka = key(a.r)
      const kb = key(b.r)
      for (let j = 0; j < ka.length; j++) if (ka[j] !== kb[j]) return ka[j] - kb[j]
      if (a.r.state !== 'concluded') {
        const da = a.r.due_on ?? '9999-99-99'
        const db = b.r.due_on ?? '9999-99-99'
        if (da !== db) return da < db ? -1 : 1
      } else {
        const sa = a.r.submitted_at ?? ''
        const sb = b.r.submitted_at ?? ''
        if (sa !== sb) return sa > sb ? -1 : 1
      }
      return a.i - b.i
    })
    .map((x) => x.r)
}

// ---- the reviewer's form -------------------------------------------------------------------

/** The ten findings, blank, or taken over from an earlier answer. */
export function blankFindings(existing: readonly Finding[] = []): Finding[] {
  return REVIEW_POINTS.map((p) => {
    const f = existing.find((x) => x.point === p.code)
    return { point: p.code, result: f?.result ?? '', comment: f?.comment ?? '' }
  })
}

/**
 * What the page can tell before sending the opinion, as {field: message} with the server's field
 * names (findings[i].result, findings[i].comment, outcome, opinion). The server checks again.
 * `fineOutsideTier`: the discretion point then needs a comment.
 */
export function checkOpinion(findings: readonly Finding[], outcome: string, opinion: string, fineOutsideTier = false): Record<string, string> {
  const errs: Record<string, string> = {}
  findings.forEach((f, i) => {
    if (f.result !== 'ok' && f.result !== 'problem') errs[`findings[${i}].result`] = '请选择审核结论'
    else if (f.result === 'problem' && !f.comment.trim()) errs[`findings[${i}].comment`] = '存在问题的审核要点须填写意见'
    else if (f.point === 'discretion' && fineOutsideTier && !f.comment.trim())
      errs[`findings[${i}].comment`] = '罚款超出裁量阶次范围，须说明裁量意见'
  })
  if (!OUTCOMES.some((o) => o.code === outcome)) errs.outcome = '请选择审核结论'
  else if (outcome === 'agree' && findings.some((f) => f.result === 'problem')) errs.outcome = '存在问题的审核要点时不能同意'
  if (!opinion.trim()) errs.opinion = '请填写书面审核意见'
  return errs
}

/**
 * The server's name of a finding's field in the form's spelling: "findings.3.comment",
 * "findings[3].comment" and "findings.facts.comment" all become "findings[3].comment"; other
 * names are returned unchanged.
 */
export function findingField(field: string): string {
  const m = /^findings(?:\[(\w+)\]|\.(\w+))\.(result|comment|point)$/.exec(field)
  if (!m) return field
  const key = m[1] ?? m[2]
  const i = /^\d+$/.test(key) ? Number(key) : REVIEW_POINTS.findIndex((p) => p.code === key)
  return i < 0 ? field : `findings[${i}].${m[3] === 'point' ? 'result' : m[3]}`
}

/** The console address of a document of the review (DocumentView). */
export function documentPath(d: ReviewDocument): string {
  return `/documents/${d.owner_kind}/${d.owner_id}/${d.code}`
}

/** The law's range of a rule: "50000.00 元以下；情节严重的 50000.00 – 200000.00 元". */
export function ruleRangeText(r: Pick<FineRule, 'max_fen' | 'serious_min_fen' | 'serious_max_fen'> | null | undefined): string {
  if (!r) return '—'
  const base = rangeText(null, r.max_fen)
  if (r.serious_max_fen == null) return base
  return `${base}；情节严重的 ${rangeText(r.serious_min_fen, r.serious_max_fen)}`
}

/** "统计法第四十四条（2024 年修正）" for a rule. */
export function ruleName(r: Pick<FineRule, 'law' | 'law_version' | 'article'> | null | undefined): string {
  if (!r) return '—'
  const law = r.law === 'statistics_law' ? '统计法' : r.law
  return `${law}${r.article}（${r.law_version === '2009' ? '2009 年修订' : r.law_version === '2024' ? '2024 年修正' : r.law_version}）`
}

/** One line per criterion of a catalogue, in Chinese. */
export function criterionText(c: Criterion): string {
  const tail = c.collective ? '（须集体讨论）' : ''
  switch (c.kind) {
    case 'decision_kind':
      return `决定类型为${(c.decision_kinds ?? []).map(decisionKindLabel).join('、') || '—'}${tail}`
    case 'fine_org':
      return `对单位罚款 ${money(c.threshold_fen)} 以上${tail}`
    case 'fine_person':
      return `对个人（含个体工商户）罚款 ${money(c.threshold_fen)} 以上${tail}`
    case 'hearing':
      return `经过听证${tail}`
    case 'complex':
      return `承办机构认定案情复杂${tail}`
    case 'referral':
      return `拟移送司法机关${tail}`
    case 'public_interest':
      return `涉及重大公共利益${tail}`
    default:
      return `${c.kind}${tail}`
  }
}

// ---- calls ---------------------------------------------------------------------------------

// With a decision (the one being filled in) the server judges it as the gate will: blocking and
// can_decide are for that kind and amount.
export const getCaseReview = (caseId: number, decision?: { decision_kind: string; amount_fen?: number | null }) =>
  api.get<CaseReview>(`/cases/${caseId}/review`, decision ? { decision_kind: decision.decision_kind, amount_fen: decision.amount_fen ?? undefined } : undefined)
export const submitReview = (caseId: number, body: { proposal: Proposal; materials: Record<string, number | number[]>; note?: string }) =>
  api.post<Review>(`/cases/${caseId}/review-submissions`, body)
export const listReviews = (q: Query) => api.get<Page<Review>>('/reviews', q)
export const getReview = (id: number) => api.get<Review>(`/reviews/${id}`)
export const assignReviewer = (id: number, reviewerUserId: number) => api.post<Review>(`/reviews/${id}/assign`, { reviewer_user_id: reviewerUserId })
export const sendOpinion = (id: number, body: { findings: Finding[]; outcome: string; opinion: string }) => api.post<Review>(`/reviews/${id}/opinion`, body)
export const sendCoordination = (id: number, body: { result: string; opinion: string }) => api.post<Review>(`/reviews/${id}/coordination`, body)
export const catalogueInForce = (bureauId?: number | null) => api.get<Catalogue>('/review/catalogue', { bureau_id: bureauId })
export const catalogueVersions = (bureauId?: number | null) =>
  api.get<{ bureau: { id: number; name: string }; items: Catalogue[] }>('/review/catalogue/versions', { bureau_id: bureauId })
export const publishCatalogue = (body: unknown) => api.post<Catalogue>('/review/catalogue', body)
export const assess = (q: Query) => api.get<Assessment>('/review/benchmarks/assess', q)
export const getBenchmarks = (q: Query) => api.get<Benchmarks>('/review/benchmarks', q)
export const createTiers = (body: unknown) => api.post<TiersVersion>('/review/benchmarks/tiers', body)
export const listRoster = (q: Query) => api.get<{ bureau: { id: number; name: string }; items: RosterEntry[] }>('/review/roster', q)
export const addRoster = (body: unknown) => api.post<RosterEntry>('/review/roster', body)
export const deactivateRoster = (id: number, reason: string) => api.post<RosterEntry>(`/review/roster/${id}/deactivate`, { reason })
export const rosterReport = (q: Query) => api.get<RosterReport>('/review/roster/report', q)
export const submitRosterReport = (year: number) => api.post<RosterReport>('/review/roster/report', { year })
export const rosterReports = (q: Query) => api.get<RosterReports>('/review/roster/reports', q)
