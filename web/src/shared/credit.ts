// Statistical credit (统计信用, CRED-1, DR-11) as the console and the portal show it: the API's
// types (docs/credit.md), the calls, the labels of levels and statuses, and the few
// presentation rules (the status's tag, the period in words, the body of a proposal). The
// periods themselves are the server's (src/credit/rules.h); earliestRepair here only tells the
// user in advance the day the server will name, and the server still refuses.
import { api, type Query } from './api'
import type { Page } from './types'

export type CreditLevel = 'serious' | 'general'
export type CreditStatus = 'proposed' | 'rejected' | 'approved' | 'publishing' | 'expired' | 'removed_early'

export interface CreditAct {
  id: number
  act: string
  done_on: string
  actor_id: number
  actor_name: string
  at: string
  note: string
  ledger_seq: number | null
}

export interface CreditRepair {
  id: number
  record_id?: number
  party_name?: string
  credit_code?: string
  decision_no?: string
  applicant: string
  applied_on: string
  rectification: string
  evidence_ids?: number[]
  document_no?: string
  state: 'pending' | 'approved' | 'rejected'
  decided_on: string | null
  decision_reason: string | null
  bureau_name?: string
}

export interface CreditRecord {
  id: number
  bureau_id: number
  bureau_name: string
  object_id: number | null
  credit_code: string
  party_name: string
  legal_representative: string
  level: CreditLevel
  level_name: string
  case_id: number | null
  case_number: string
  basis: string
  decision_no: string
  determination_date: string
  state: string
  status: CreditStatus
  status_name: string
  proposed_at: string
  approved_at: string | null
  approval_opinion: string | null
  published_on: string | null
  publication_end: string | null
  removed_on: string | null
  earliest_repair: string | null
  due_on: string | null
  due_unknown?: boolean
  overdue: boolean
  published_late?: boolean
  workdays_left?: number | null
  proposed_by_name?: string
  approved_by_name?: string
  published_by_name?: string
  acts?: CreditAct[]
  repairs?: CreditRepair[]
  ledger?: { seq: number; at: string; action: string }[]
}

export interface PortalCreditItem {
  id: number
  credit_code: string
  name: string
  level: CreditLevel
  level_name: string
  basis: string
  decision_no: string
  determination_date: string
  published_on: string
  publication_end: string
  authority: string
}

export const LEVELS: { code: CreditLevel; label: string }[] = [
  { code: 'serious', label: '统计严重失信' },
  { code: 'general', label: '一般失信' },
]

export const STATUSES: { code: CreditStatus; label: string; type: 'info' | 'warning' | 'danger' | 'success' | 'primary' }[] = [
  { code: 'proposed', label: '待审批', type: 'warning' },
  { code: 'rejected', label: '未批准', type: 'info' },
  { code: 'approved', label: '待公示', type: 'primary' },
  { code: 'publishing', label: '公示中', type: 'danger' },
  { code: 'expired', label: '公示期满移出', type: 'info' },
  { code: 'removed_early', label: '信用修复提前移出', type: 'success' },
]

export const ACT_LABELS: Record<string, string> = {
  propose: '提出认定',
  approve: '批准',
  reject: '不予批准',
  publish: '公示',
  repair_apply: '信用修复申请',
  repair_approve: '同意信用修复',
  repair_reject: '驳回信用修复',
}

export const levelLabel = (code: string): string => LEVELS.find((l) => l.code === code)?.label ?? code
export const statusLabel = (code: string): string => STATUSES.find((s) => s.code === code)?.label ?? code
export const statusType = (code: string) => STATUSES.find((s) => s.code === code)?.type ?? 'info'
export const actLabel = (code: string): string => ACT_LABELS[code] ?? code

/** The publication period in words: "2026-03-01 至 2027-02-28", or a dash before publication. */
export function periodText(from?: string | null, to?: string | null): string {
  if (!from) return '—'
  return `${from} 至 ${to ?? '—'}`
}

/** The due state of an approved record: overdue, unknown (the calendar lacks the year), or the day. */
export function dueText(r: Pick<CreditRecord, 'status' | 'due_on' | 'overdue'>): { text: string; type: 'danger' | 'info' | 'warning' | '' } {
  if (r.status !== 'approved') return { text: '', type: '' }
  if (!r.due_on) return { text: '期限未知（工作日历缺少年份）', type: 'info' }
  if (r.overdue) return { text: `已逾期（应于 ${r.due_on} 前公示）`, type: 'danger' }
  return { text: `应于 ${r.due_on} 前公示`, type: 'warning' }
}

/** YYYY-MM-DD plus whole months; a day the month lacks becomes its last day (as the server counts). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number)
  const total = y * 12 + (m - 1) + months
  const ny = Math.floor(total / 12)
  const nm = (total % 12) + 1
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate()
  const nd = Math.min(d, last)
  return `${String(ny).padStart(4, '0')}-${String(nm).padStart(2, '0')}-${String(nd).padStart(2, '0')}`
}

/** The first day a repair may end publication (six months after it began). */
export const earliestRepair = (publishedOn: string): string => addMonths(publishedOn, 6)

export interface ProposalForm {
  credit_code: string
  party_name: string
  legal_representative: string
  level: CreditLevel | ''
  case_id: number | null
  decision_no: string
  basis: string
  determination_date: string
  note: string
}

/** The request body of a proposal: trimmed, empty optional fields left out. */
export function proposalBody(f: ProposalForm): Record<string, unknown> {
  const out: Record<string, unknown> = {
    credit_code: f.credit_code.trim().toUpperCase(),
    level: f.level,
    case_id: f.case_id,
    decision_no: f.decision_no.trim(),
    basis: f.basis.trim(),
    determination_date: f.determination_date,
  }
  for (const k of ['party_name', 'legal_representative', 'note'] as const) if (f[k].trim()) out[k] = f[k].trim()
  return out
}

/** "1, 2 3" → [1, 2, 3]; null when a part is not a positive integer. */
export function parseIds(text: string): number[] | null {
  const parts = text.split(/[\s,，、]+/).filter(Boolean)
  const out: number[] = []
  for (const p of parts) {
    if (!/^\d+$/.test(p) || Number(p) <= 0) return null
    out.push(Number(p))
  }
  return out
}

export const creditQuery = (q: { level?: string; status?: string; q?: string; bureau_id?: number | null; from?: string; to?: string }): Query => ({
  level: q.level,
  status: q.status,
  q: q.q,
  bureau_id: q.bureau_id ?? undefined,
  from: q.from,
  to: q.to,
})

export const listCredit = (query: Query) => api.get<Page<CreditRecord>>('/credit/records', query)
export const getCredit = (id: number) => api.get<CreditRecord>(`/credit/records/${id}`)
export const proposeCredit = (body: Record<string, unknown>) => api.post<CreditRecord>('/credit/records', body)
export const decideCredit = (id: number, body: { approved: boolean; opinion?: string }) => api.post<CreditRecord>(`/credit/records/${id}/decision`, body)
export const publishCredit = (id: number, body: { published_on?: string }) => api.post<CreditRecord & { late: boolean }>(`/credit/records/${id}/publication`, body)
export const applyRepair = (id: number, body: Record<string, unknown>) => api.post<CreditRecord & { repair_id: number }>(`/credit/records/${id}/repairs`, body)
export const decideRepair = (id: number, body: { approved: boolean; reason: string; decided_on?: string }) => api.post<CreditRecord>(`/credit/repairs/${id}/decision`, body)
export const listRepairs = (query: Query) => api.get<{ items: CreditRepair[] }>('/credit/repairs', query)
export const dueCredit = () => api.get<{ items: CreditRecord[]; today: string }>('/credit/due')
export const portalCredit = () => api.get<{ items: PortalCreditItem[]; today: string }>('/portal/credit')
