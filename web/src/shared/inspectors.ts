// The inspector registry on the page (ORG-2, ORG-5, DR-2): the names and colours of statuses and
// certificate states, one query for the list and its export (so the XLSX holds exactly what the
// filters show), the edit form's body, what an import preview means for the commit, and an
// inspector's ledger entries — the record's own changes, trainings and conflicts — read as
// "what happened". Who may be drawn is the server's rule (eligible_now, ineligible_reasons).
import type { Query } from './api'
import { historyRows, type ColumnView, type HistoryRow } from './registry'
import type { DictTerm, ImportResult, Inspector, RecordHistoryEntry } from './types'

export const STATUSES: DictTerm[] = [
  { code: 'active', name: '在岗' },
  { code: 'suspended', name: '暂停执法' },
  { code: 'left', name: '离岗' },
]

export const GENDERS: DictTerm[] = [
  { code: 'male', name: '男' },
  { code: 'female', name: '女' },
]

export const CERTIFICATE_STATES: Record<string, string> = {
  valid: '有效',
  lapsing: '即将到期',
  lapsed: '已过期',
  not_yet_valid: '尚未生效',
}

export type TagType = 'success' | 'warning' | 'danger' | 'info' | 'primary'

export function statusTagType(status: string): TagType {
  return status === 'active' ? 'success' : status === 'suspended' ? 'warning' : 'info'
}

export function certificateTagType(state: string): TagType {
  return state === 'valid' ? 'success' : state === 'lapsing' ? 'warning' : state === 'lapsed' ? 'danger' : 'info'
}

/** "还有 20 天到期", "已过期 15 天", "今天到期". */
export function daysLeftText(days: number): string {
  if (days > 0) return `还有 ${days} 天到期`
  if (days === 0) return '今天到期'
  return `已过期 ${-days} 天`
}

/** "2 天" / "1.5 天": training is kept in half days. */
export function daysText(days: number): string {
  return `${Number.isInteger(days) ? days : days.toFixed(1)} 天`
}

export function nameOf(list: readonly DictTerm[], code: string | null | undefined): string {
  if (!code) return ''
  return list.find((t) => t.code === code)?.name ?? code
}

// --- The list's filters (GET /inspectors and /inspectors/export.xlsx take the same query).

export interface InspectorFilter {
  q: string
  bureau_id: number | null
  status: string
  specialty: string
  eligible_on: string
  /** '' either, 'true' below 2 days in `year`, 'false' at least 2. */
  training_short: '' | 'true' | 'false'
  year: number | null
}

export function emptyInspectorFilter(): InspectorFilter {
  return { q: '', bureau_id: null, status: '', specialty: '', eligible_on: '', training_short: '', year: null }
}

export function inspectorQuery(f: InspectorFilter): Query {
  return {
    q: f.q.trim(),
    bureau_id: f.bureau_id ?? undefined,
    status: f.status,
    specialty: f.specialty,
    eligible_on: f.eligible_on,
    training_short: f.training_short,
    year: f.year ?? undefined,
  }
}

/** How many filters are set (the export's hint). */
export function activeFilterCount(f: InspectorFilter): number {
  return [f.q.trim(), f.bureau_id, f.status, f.specialty, f.eligible_on, f.training_short].filter((v) => v !== '' && v != null).length
}

// --- The form.

export const INSPECTOR_FIELDS = [
  'name',
  'gender',
  'certificate_no',
  'valid_from',
  'valid_to',
  'bureau_id',
  'post',
  'region_code',
  'specialties',
  'phone',
  'user_id',
  'status',
  'status_reason',
  'status_since',
] as const

export interface InspectorForm {
  name: string
  gender: string
  certificate_no: string
  valid_from: string
  valid_to: string
  bureau_id: number | null
  post: string
  region_code: string
  specialties: string[]
  phone: string
  user_id: number | null
}

export function emptyInspectorForm(bureauId: number | null): InspectorForm {
  return { name: '', gender: '', certificate_no: '', valid_from: '', valid_to: '', bureau_id: bureauId, post: '', region_code: '', specialties: [], phone: '', user_id: null }
}

export function inspectorFormFrom(i: Inspector): InspectorForm {
  return {
    name: i.name,
    gender: i.gender,
    certificate_no: i.certificate_no,
    valid_from: i.valid_from,
    valid_to: i.valid_to,
    bureau_id: i.bureau_id,
    post: i.post,
    region_code: i.region_code,
    specialties: [...i.specialties],
    phone: i.phone,
    user_id: i.user_id,
  }
}

/** What the page can say before sending (field -> message); the server checks everything again. */
export function inspectorFormProblems(f: InspectorForm): Record<string, string> {
  const out: Record<string, string> = {}
  if (!f.name.trim()) out.name = '请填写姓名'
  if (!f.gender) out.gender = '请选择性别'
  if (!f.certificate_no.trim()) out.certificate_no = '请填写执法证号'
  if (!f.valid_from) out.valid_from = '请选择有效期起始日期'
  if (!f.valid_to) out.valid_to = '请选择有效期截止日期'
  if (f.bureau_id == null) out.bureau_id = '请选择所属机构'
  return out
}

/**
 * The body of POST /inspectors, or of PATCH /inspectors/{id} with only what differs from
 * `before` (an unchanged record writes nothing either way, but a smaller body says what was meant).
 */
export function inspectorPayload(f: InspectorForm, before?: Inspector | null): Record<string, unknown> {
  const body: Record<string, unknown> = {
    name: f.name.trim(),
    gender: f.gender,
    certificate_no: f.certificate_no.trim(),
    valid_from: f.valid_from,
    valid_to: f.valid_to,
    bureau_id: f.bureau_id,
    post: f.post.trim(),
    region_code: f.region_code.trim(),
    specialties: [...f.specialties],
    phone: f.phone.trim(),
    user_id: f.user_id,
  }
  if (!before) {
    if (!body.region_code) delete body.region_code
    if (body.user_id == null) delete body.user_id
    return body
  }
  const was = inspectorPayload(inspectorFormFrom(before))
  if (!('region_code' in was)) was.region_code = ''
  if (!('user_id' in was)) was.user_id = null
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(body)) if (JSON.stringify(v) !== JSON.stringify(was[k])) out[k] = v
  return out
}

// --- Import.

export interface InspectorImportVerdict {
  canCommit: boolean
  text: string
  level: 'error' | 'warning' | 'success' | 'info'
}

/** What a preview means: only a clean file with something to write may be committed. */
export function inspectorImportVerdict(r: ImportResult): InspectorImportVerdict {
  if (r.errors.length) {
    const whole = r.errors.find((e) => e.line <= 1)
    const text = whole
      ? `文件无法导入：${whole.reason}`
      : `发现 ${r.errors.length} 处错误，涉及 ${r.error_rows} 行；请修改文件后重新上传，整个文件未导入`
    return { canCommit: false, text, level: 'error' }
  }
  if (r.rows === 0) return { canCommit: false, text: '文件中没有数据行', level: 'warning' }
  const write = r.created + r.updated
  if (write === 0) return { canCommit: false, text: `文件中的 ${r.unchanged} 名执法人员与名录库完全一致，无需导入`, level: 'info' }
  const parts = [`新增 ${r.created} 名`]
  if (r.updated) parts.push(`更新 ${r.updated} 名`)
  if (r.unchanged) parts.push(`${r.unchanged} 名无变化`)
  return { canCommit: true, text: `校验通过：共 ${r.rows} 行，将${parts.join('，')}`, level: 'success' }
}

/** The template's columns (docs/registry.md "Import template"), for the column mapping. */
export const INSPECTOR_IMPORT_COLUMNS = [
  { key: 'name', label: '姓名', required: true },
  { key: 'gender', label: '性别', required: true },
  { key: 'certificate_no', label: '执法证号', required: true },
  { key: 'valid_from', label: '有效期起', required: true },
  { key: 'valid_to', label: '有效期至', required: true },
  { key: 'bureau_code', label: '所属机构代码', required: true },
  { key: 'post', label: '职务', required: false },
  { key: 'region_code', label: '执法区域', required: false },
  { key: 'specialties', label: '专业领域', required: false },
  { key: 'status', label: '状态', required: false },
  { key: 'status_reason', label: '状态原因', required: false },
  { key: 'status_since', label: '状态日期', required: false },
  { key: 'phone', label: '联系电话', required: false },
  { key: 'username', label: '登录账号', required: false },
] as const

// --- History.

export const INSPECTOR_ACTIONS: Record<string, string> = {
  'inspector.create': '登记',
  'inspector.update': '修改',
  'inspector.training_recorded': '登记培训',
  'inspector.conflict_declared': '申报利害关系',
  'inspector.conflict_ended': '结束利害关系',
}

/** The record's columns as the history shows them; codes named by the lists given. */
export function inspectorColumnViews(names: {
  specialties: readonly DictTerm[]
  bureau: (id: string) => string
}): Record<string, ColumnView> {
  return {
    name: { label: '姓名' },
    gender: { label: '性别', show: (v) => nameOf(GENDERS, v) },
    certificate_no: { label: '执法证号' },
    valid_from: { label: '有效期起' },
    valid_to: { label: '有效期至' },
    bureau_id: { label: '所属机构', show: names.bureau },
    post: { label: '职务' },
    region_code: { label: '执法区域' },
    specialties: { label: '专业领域', show: (v) => v.split(',').filter(Boolean).map((c) => nameOf(names.specialties, c)).join('、') },
    status: { label: '状态', show: (v) => nameOf(STATUSES, v) },
    status_reason: { label: '状态原因' },
    status_since: { label: '状态日期' },
    phone: { label: '联系电话' },
    user_id: { label: '登录账号', show: (v) => `用户 #${v}` },
  }
}

export interface InspectorHistoryRow extends HistoryRow {
  /** A training or a conflict, in one line. */
  detail: string
}

const CONFLICT_KINDS: Record<string, string> = { object: '调查对象', division: '行政区划', department: '部门' }

/** The entries of GET /inspectors/{id}/history as rows to show, newest first. */
export function inspectorHistoryRows(entries: readonly RecordHistoryEntry[], views: Record<string, ColumnView>): InspectorHistoryRow[] {
  return historyRows(entries, 'inspectors', views).map((r) => {
    const row = r.entry.change?.row ?? null
    const table = r.entry.change?.table
    let detail = ''
    if (row && table === 'inspector_trainings') {
      const days = Number(row.half_days ?? 0) / 2
      detail = `${row.trained_on ?? ''} ${row.course ?? ''}，${daysText(days)}${row.provider ? `（${row.provider}）` : ''}`
    } else if (row && table === 'inspector_conflicts') {
      const target = row.target_name ? `${row.target_name}（${row.target}）` : row.target ?? ''
      const period = row.until_on ? `${row.declared_on ?? ''} 至 ${row.until_on}` : `${row.declared_on ?? ''} 起`
      detail = `${CONFLICT_KINDS[row.kind ?? ''] ?? row.kind}：${target}；${row.reason ?? ''}；${period}`
      if (row.end_reason) detail += `；结束原因：${row.end_reason}`
    }
    return { ...r, action: INSPECTOR_ACTIONS[r.entry.action] ?? r.action, detail }
  })
}
