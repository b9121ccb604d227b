// The object registry on the page (DR-2): the enumerations' Chinese names, one query for the
// list and its export (so the XLSX holds exactly what the filters show), the server's 422
// details mapped onto the form's fields, and a record's ledger entries read as "what changed".
import { ApiError, apiUrl, type Query } from './api'
import type { RecordHistoryEntry } from './types'

export const UNIT_CATEGORIES = [
  { value: 'above_scale_industry', label: '规上工业' },
  { value: 'above_limit_trade', label: '限上批零住餐' },
  { value: 'above_scale_services', label: '规上服务业' },
  { value: 'qualified_construction', label: '资质内建筑业' },
  { value: 'real_estate_development', label: '房地产开发' },
  { value: 'other', label: '其他' },
]

export const CREDIT_STATUSES = [
  { value: 'trustworthy', label: '守信' },
  { value: 'abnormal', label: '信用异常' },
  { value: 'dishonest', label: '一般失信' },
  { value: 'seriously_dishonest', label: '严重失信' },
]

export const RISK_LEVELS = [
  { value: 'low', label: '低' },
  { value: 'medium', label: '中' },
  { value: 'high', label: '高' },
]

function nameIn(list: { value: string; label: string }[], code: string | null | undefined): string {
  if (!code) return ''
  return list.find((x) => x.value === code)?.label ?? code
}
export const unitCategoryName = (c: string | null | undefined) => nameIn(UNIT_CATEGORIES, c)
export const creditStatusName = (c: string | null | undefined) => nameIn(CREDIT_STATUSES, c)
export const riskLevelName = (c: string | null | undefined) => nameIn(RISK_LEVELS, c)

/** Element Plus tag type for a credit status: dishonest ones stand out. */
export function creditTagType(code: string | null | undefined): 'success' | 'warning' | 'danger' | 'info' {
  if (code === 'trustworthy') return 'success'
  if (code === 'abnormal') return 'warning'
  if (code === 'dishonest' || code === 'seriously_dishonest') return 'danger'
  return 'info'
}

export function riskTagType(code: string | null | undefined): 'success' | 'warning' | 'danger' | 'info' {
  return code === 'low' ? 'success' : code === 'medium' ? 'warning' : code === 'high' ? 'danger' : 'info'
}

/**
 * A division's full name without its province ("浙江省杭州市西湖区" -> "杭州市西湖区"): a registry
 * is kept within one province, so the province only takes room. Municipalities keep their name.
 */
export function shortDivisionName(full: string | null | undefined): string {
  if (!full) return ''
  const m = /^(.{2,7}?(?:省|自治区))(.+)$/.exec(full)
  return m ? m[2] : full
}

// --- The list's filters.

export interface ObjectFilter {
  division: string
  industry: string
  unit_category: string
  credit_status: string
  risk_level: string
  /** '' = either */
  key_unit: '' | 'true' | 'false'
  online_reporting: '' | 'true' | 'false'
  q: string
}

export function emptyObjectFilter(): ObjectFilter {
  return { division: '', industry: '', unit_category: '', credit_status: '', risk_level: '', key_unit: '', online_reporting: '', q: '' }
}

/** The query of GET /objects and /objects/export.xlsx for these filters (empty ones left out). */
export function objectQuery(f: ObjectFilter): Query {
  return {
    division: f.division.trim(),
    industry: f.industry.trim().toUpperCase(),
    unit_category: f.unit_category,
    credit_status: f.credit_status,
    risk_level: f.risk_level,
    key_unit: f.key_unit,
    online_reporting: f.online_reporting,
    q: f.q.trim(),
  }
}

/** The export of exactly the filtered list (every page). */
export function objectExportUrl(f: ObjectFilter): string {
  return apiUrl('/objects/export.xlsx', objectQuery(f))
}

// --- The form.

/** The fields of a survey object a person types, in the template's order. */
export const OBJECT_FIELDS = [
  { key: 'credit_code', label: '统一社会信用代码', required: true },
  { key: 'name', label: '单位名称', required: true },
  { key: 'division_code', label: '行政区划代码', required: true },
  { key: 'industry_code', label: '行业代码', required: true },
  { key: 'address', label: '单位详细地址', required: false },
  { key: 'unit_category', label: '单位类别', required: false },
  { key: 'online_reporting', label: '是否一套表', required: false },
  { key: 'key_unit', label: '重点单位', required: false },
  { key: 'credit_status', label: '信用状态', required: false },
  { key: 'credit_from', label: '信用状态起始日期', required: false },
  { key: 'credit_to', label: '信用状态截止日期', required: false },
  { key: 'risk_level', label: '风险等级', required: false },
  { key: 'contact_name', label: '联系人', required: false },
  { key: 'contact_phone', label: '联系电话', required: false },
] as const

/**
 * Every field a 422/409 answer names, with its reason: details.errors (the object validator
 * lists each field at fault) or else details.field with the message. Fields not in `fields`
 * are left out (the caller shows the message on its own).
 */
export function fieldErrorsOf(e: unknown, fields: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {}
  if (!(e instanceof ApiError) || (e.status !== 422 && e.status !== 409 && e.status !== 400)) return out
  const list = e.details.errors
  if (Array.isArray(list)) {
    for (const x of list as { field?: unknown; reason?: unknown }[]) {
      if (typeof x?.field !== 'string' || !fields.includes(x.field) || out[x.field]) continue
      out[x.field] = typeof x.reason === 'string' ? x.reason : e.message
    }
  }
  const f = e.field
  if (f && fields.includes(f) && !out[f]) out[f] = e.message
  return out
}

// --- History: a record's ledger entries, each read against the one before it.

export interface HistoryChange {
  label: string
  from: string
  to: string
}

export interface HistoryRow {
  seq: number
  at: string
  actor: string
  action: string
  /** The fields of a first snapshot (create), or those changed since the previous one (update). */
  fields: HistoryChange[]
  /** The record's first snapshot: `fields` are its filled values, not changes. */
  first: boolean
  /** The file's hash when the change came from an import. */
  importHash: string
  /** A check date recorded (survey_object_checks). */
  check: { date: string; note: string } | null
  entry: RecordHistoryEntry
}

export const HISTORY_ACTIONS: Record<string, string> = {
  'survey_object.create': '登记',
  'survey_object.update': '修改',
  'survey_object.check_recorded': '登记检查',
  'foreign_survey_body.create': '登记',
  'foreign_survey_body.update': '修改',
}

/** Column -> label and how to show its stored text ("1"/"0" booleans, codes). */
export interface ColumnView {
  label: string
  show?: (v: string) => string
}

const yesNo = (v: string) => (v === '1' || v === 'true' ? '是' : v === '0' || v === 'false' ? '否' : v)

export const OBJECT_COLUMN_VIEWS: Record<string, ColumnView> = {
  credit_code: { label: '统一社会信用代码' },
  name: { label: '单位名称' },
  division_code: { label: '行政区划代码' },
  address: { label: '单位详细地址' },
  industry_code: { label: '行业代码' },
  unit_category: { label: '单位类别', show: unitCategoryName },
  online_reporting: { label: '是否一套表', show: yesNo },
  key_unit: { label: '重点单位', show: yesNo },
  credit_status: { label: '信用状态', show: creditStatusName },
  credit_from: { label: '信用状态起始日期' },
  credit_to: { label: '信用状态截止日期' },
  risk_level: { label: '风险等级', show: riskLevelName },
  contact_name: { label: '联系人' },
  contact_phone: { label: '联系电话' },
}

export const FOREIGN_BODY_COLUMN_VIEWS: Record<string, ColumnView> = {
  credit_code: { label: '统一社会信用代码' },
  name: { label: '机构名称' },
  division_code: { label: '行政区划代码' },
  address: { label: '地址' },
  approval_no: { label: '批准文号' },
  approval_authority: { label: '审批机关' },
  valid_from: { label: '有效期起始日期' },
  valid_to: { label: '有效期截止日期' },
  scope: { label: '业务范围' },
  contact_name: { label: '联系人' },
  contact_phone: { label: '联系电话' },
}

/**
 * The entries of GET …/history (oldest first) as rows to show, newest first. A snapshot of the
 * record's own table is compared with the previous snapshot of that table: the first shows its
 * filled fields, later ones only what differs. `table` is the record's table (survey_objects).
 */
export function historyRows(entries: readonly RecordHistoryEntry[], table: string, columns: Record<string, ColumnView>): HistoryRow[] {
  let prev: Record<string, string | null> | null = null
  const out: HistoryRow[] = []
  for (const e of entries) {
    const row = e.change?.row ?? null
    const fields: HistoryChange[] = []
    let check: HistoryRow['check'] = null
    let first = false
    if (row && e.change.table === table) {
      first = prev === null
      for (const [col, view] of Object.entries(columns)) {
        const show = (v: string | null | undefined) => (v == null || v === '' ? '' : view.show ? view.show(v) : v)
        const before = prev ? show(prev[col]) : ''
        const after = show(row[col])
        if (prev ? before !== after : after !== '') fields.push({ label: view.label, from: before, to: after })
      }
      prev = row
    } else if (row && e.change.table === 'survey_object_checks') {
      check = { date: row.checked_on ?? '', note: row.note ?? '' }
    }
    out.push({
      seq: e.seq,
      at: e.at,
      actor: e.actor_name || (e.actor_id === 0 ? '系统' : `用户 #${e.actor_id}`),
      action: HISTORY_ACTIONS[e.action] ?? e.action,
      fields,
      first,
      importHash: typeof e.change?.import === 'string' ? e.change.import : '',
      check,
      entry: e,
    })
  }
  return out.reverse()
}
