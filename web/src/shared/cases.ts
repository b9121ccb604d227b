// Cases from opening to archive (REC-1..REC-17) as the console shows them: the API's types, the
// calls, and the small presentation rules (a refusal's missing items, a deadline's tag, the empty
// content of an action's form). The law itself is the server's table (GET /cases/flow); the
// console only offers what the case answers in `actions`, and the server still refuses.
import { api, ApiError, type Query } from './api'
import type { Page } from './types'

export interface FieldSpec {
  key: string
  label: string
  type: 'text' | 'date' | 'instant' | 'fen' | 'boolean' | 'choice'
  required: boolean
  choices?: string[]
  required_if?: { field: string; value: string }
}

export interface CaseAction {
  kind: string
  label: string
  document_title: string
  fields: FieldSpec[]
  party_signature: boolean
  certificates: boolean
  missing: string[]
  needs: string[]
  media: { kinds: string[]; label: string; unless_field: string; only_if: string }[]
}

export interface CaseStep {
  id: number
  kind: string
  label: string
  document_title: string
  template_code: string
  content: Record<string, unknown>
  evidence_ids: number[]
  done_on: string
  state_before: string
  state_after: string
  late: boolean
  recorded_by: { id: number; name: string }
  recorded_at: string
  ledger_seq: number
}

export interface Deadline {
  kind: string
  label: string
  from: string
  due: string | null
  status: 'done' | 'done_late' | 'pending' | 'due_soon' | 'overdue' | 'unknown'
  done_on?: string
  days_left?: number
  case_id?: number
  number?: string
  party_name?: string
  bureau_name?: string
  state_name?: string
}

export interface Case {
  id: number
  bureau_id: number
  bureau_name: string
  number: string
  procedure: 'simple' | 'general'
  procedure_name: string
  party_kind: 'org' | 'person'
  party_name: string
  party_code: string
  source_kind: string
  source_name: string
  source_id: string
  summary: string
  unit_name: string
  state: string
  state_name: string
  archived: boolean
  created_at: string
  handlers?: { user_id: number; name: string; certificate_no: string }[]
  steps?: CaseStep[]
  actions?: CaseAction[]
  deadlines?: Deadline[]
}

export interface CaseFile {
  case: Case
  toc: (CaseStep & { no: number; evidence: { id: number; kind?: string; title?: string; captured_at?: string }[] })[]
  other_evidence: { id: number; kind: string; title: string }[]
  complete: boolean
  missing: string[]
}

export const CASE_STATES: { code: string; label: string }[] = [
  { code: 'draft', label: '待立案' },
  { code: 'investigating', label: '调查取证' },
  { code: 'notified', label: '告知与陈述申辩' },
  { code: 'decided', label: '决定待审批' },
  { code: 'approved', label: '决定待送达' },
  { code: 'executing', label: '执行' },
  { code: 'closed', label: '已结案' },
  { code: 'archived', label: '已归档' },
]

export const listCases = (q: Query) => api.get<Page<Case>>('/cases', q)
export const getCase = (id: number) => api.get<Case>(`/cases/${id}`)
export const createCase = (body: unknown) => api.post<Case>('/cases', body)
export const assignHandlers = (id: number, userIds: number[]) => api.post<Case>(`/cases/${id}/handlers`, { user_ids: userIds })
export const caseFile = (id: number) => api.get<CaseFile>(`/cases/${id}/file`)
export const deadlines = (q: Query) => api.get<{ items: Deadline[] }>('/cases/deadlines', q)

/** Records a step; the decision goes through its own seam (legal review gate, issue 7). */
export function recordStep(id: number, kind: string, content: Record<string, unknown>, evidenceIds: number[], doneOn?: string) {
  const body: Record<string, unknown> = { kind, content, evidence_ids: evidenceIds }
  if (doneOn) body.done_on = doneOn
  return api.post<Case>(kind === 'decide' ? `/cases/${id}/decision` : `/cases/${id}/steps`, body)
}

/** The Chinese names of what a refused step lacks (details.missing), or []. */
export function missingOf(e: unknown): string[] {
  if (!(e instanceof ApiError)) return []
  const m = e.details.missing
  return Array.isArray(m) ? m.filter((x): x is string => typeof x === 'string') : []
}

/** An empty form for an action: every field of the table, plus the common parts it needs. */
export function emptyContent(a: CaseAction): Record<string, unknown> {
  const c: Record<string, unknown> = {}
  for (const f of a.fields) c[f.key] = f.type === 'boolean' ? false : f.type === 'fen' ? null : ''
  if (a.party_signature) {
    c.party_signed = true
    c.party_refusal_reason = ''
  }
  if (a.certificates) c.certificates_shown = true
  if (a.media.some((m) => m.unless_field)) c.no_recording_reason = ''
  return c
}

/** Drops empty strings and nulls so that the server sees only what was filled in. */
export function cleanContent(c: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(c)) if (v !== '' && v !== null && v !== undefined) out[k] = v
  return out
}

const DEADLINE_TAGS: Record<Deadline['status'], { text: string; type: 'success' | 'warning' | 'danger' | 'info' | 'primary' }> = {
  done: { text: '已完成', type: 'success' },
  done_late: { text: '逾期完成', type: 'warning' },
  pending: { text: '未到期', type: 'primary' },
  due_soon: { text: '即将到期', type: 'warning' },
  overdue: { text: '已逾期', type: 'danger' },
  unknown: { text: '未知（日历无数据）', type: 'info' },
}
export function deadlineTag(status: Deadline['status']) {
  return DEADLINE_TAGS[status] ?? { text: status, type: 'info' as const }
}

/** Fen as yuan with two decimals: 123456 -> "1234.56". */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : ''
  const a = Math.abs(Math.trunc(fen))
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`
}
