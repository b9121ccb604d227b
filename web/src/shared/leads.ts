// The leads log (问题线索, REC-5) and a party's access to case records (REC-20, REC-22) as the
// console shows them: types of the API answers and the small rules of presentation (which
// actions a lead offers now, how an age in working days reads). The rules themselves are the
// server's; these only decide what to offer, and the server still refuses what is not allowed.

export interface UserRef {
  id: number
  name?: string
  username?: string
}

export interface LeadAction {
  id: number
  kind: 'instruct' | 'assign' | 'decide' | 'reply' | 'close'
  kind_label: string
  actor: UserRef
  at: string
  corrects: number | null
  ledger_seq: number | null
  instruction?: string
  handler?: UserRef | null
  decision?: string
  decision_label?: string
  reason?: string
  transfer_to?: string
  reply_on?: string
  reply_manner?: string
  reply_content?: string
}

export interface Lead {
  id: number
  bureau_id: number
  bureau_name: string
  received_at: string
  source: string
  source_label: string
  summary: string
  object_name: string
  object_credit_code: string
  is_complaint: boolean
  complainant_kind: '' | 'named' | 'anonymous'
  complainant_name: string
  complainant_contact: string
  state: 'pending' | 'decided' | 'closed'
  decision: '' | 'case' | 'no_case' | 'transfer'
  decision_label: string
  closed_at: string | null
  reply_missing: boolean
  age_workdays: number | null
  case: { id: number; number: string } | null
  ledger_seq: number | null
  registered_by?: UserRef
  instruction?: LeadAction | null
  handler?: LeadAction | null
  decision_detail?: LeadAction | null
  reply?: LeadAction | null
  history?: LeadAction[]
}

export interface Named {
  code: string
  name: string
}

export interface LeadDictionaries {
  sources: Named[]
  decisions: Named[]
  actions: Named[]
  reply_manners: string[]
}

export const LEAD_STATES: Named[] = [
  { code: 'pending', name: '待处理' },
  { code: 'decided', name: '已决定' },
  { code: 'closed', name: '已办结' },
]

export function stateName(code: string): string {
  return LEAD_STATES.find((s) => s.code === code)?.name ?? code
}

/** Reports and complaints (举报, 投诉) record their complainant. */
export function isComplaintSource(source: string): boolean {
  return source === 'report' || source === 'complaint'
}

/** The age in working days; an age the calendar cannot count is "unknown", never guessed. */
export function ageText(age: number | null | undefined): string {
  if (age === null || age === undefined) return '未知（日历未覆盖）'
  return `${age} 个工作日`
}

/** The actions the lead offers to a user with these permissions, in the order they usually come. */
export function leadActions(lead: Pick<Lead, 'state' | 'complainant_kind' | 'decision' | 'case'>, perms: ReadonlySet<string>): string[] {
  if (lead.state === 'closed') return []
  const out: string[] = []
  if (perms.has('lead.instruct')) out.push('instruct')
  if (perms.has('lead.manage')) {
    out.push('assign')
    if (!lead.case) out.push('decide')
    if (lead.complainant_kind === 'named' && lead.decision !== '') out.push('reply')
    if (lead.decision !== '') out.push('close')
  }
  return out
}

/** What still stands between a decided lead and closing it, in the words the server uses. */
export function closeBlockers(lead: Pick<Lead, 'decision' | 'reply_missing' | 'case'>): string[] {
  if (lead.decision === '') return ['处理决定']
  const out: string[] = []
  if (lead.reply_missing) out.push('答复投诉举报人记录')
  if (lead.decision === 'case' && !lead.case) out.push('立案')
  return out
}

/** "2026-11-25T09:30" from a datetime-local input (Shanghai time) as a UTC ISO instant. */
export function shanghaiLocalToIso(local: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local)
  if (!m) return ''
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4] - 8, +m[5])
  return new Date(ms).toISOString()
}

/** A UTC instant shown as Shanghai time "YYYY-MM-DD HH:mm". */
export function shanghaiTime(iso: string | null | undefined): string {
  if (!iso) return '—'
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return iso
  const d = new Date(t + 8 * 3600 * 1000).toISOString()
  return `${d.slice(0, 10)} ${d.slice(11, 16)}`
}

// ---- access to records ------------------------------------------------------------------------

export interface AccessItem {
  key: string
  kind: 'evidence' | 'document'
  ref: string
  title: string
  confidential?: string | null
}

export interface AccessRequest {
  id: number
  case_id: number
  requester_name: string
  requester_id_type: string
  requester_id_type_label: string
  requester_id_number: string
  relation: string
  relation_label: string
  relation_note: string
  access_mode: string
  access_mode_label: string
  items: AccessItem[]
  requested_on: string
  note: string
  registered_by: UserRef
  created_at: string
  state: 'pending' | 'approved' | 'refused'
  decision: null | {
    decided_by: UserRef
    decided_at: string
    approved: boolean
    opinion: string
    granted: string[]
    excluded: { ref: string; ground: string; ground_label: string; note: string }[]
  }
}

export const CONFIDENTIAL_GROUNDS: Named[] = [
  { code: 'state_secret', name: '国家秘密' },
  { code: 'trade_secret', name: '商业秘密' },
  { code: 'personal_info', name: '他人个人信息' },
  { code: 'other', name: '其他依法应当保密的' },
]

export function groundName(code: string | null | undefined): string {
  return CONFIDENTIAL_GROUNDS.find((g) => g.code === code)?.name ?? (code ?? '')
}

/**
 * The decision a form starts from: every item granted unless marked confidential, which is
 * excluded with its mark's ground (the server refuses to grant a marked item).
 */
export function initialDecision(items: readonly AccessItem[]): { granted: string[]; excluded: { ref: string; ground: string; note: string }[] } {
  const granted: string[] = []
  const excluded: { ref: string; ground: string; note: string }[] = []
  for (const it of items) {
    if (it.confidential) excluded.push({ ref: it.key, ground: it.confidential, note: '' })
    else granted.push(it.key)
  }
  return { granted, excluded }
}

export interface CaseRead {
  id: number
  case_id: number
  case_number: string
  case_bureau_name: string
  user: UserRef
  bureau_name: string
  what: string
  read_at: string
  ledger_seq: number | null
}
