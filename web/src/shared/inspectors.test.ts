import { describe, expect, it } from 'vitest'
import {
  activeFilterCount,
  certificateTagType,
  daysLeftText,
  daysText,
  emptyInspectorFilter,
  emptyInspectorForm,
  inspectorColumnViews,
  inspectorFormProblems,
  inspectorHistoryRows,
  inspectorImportVerdict,
  inspectorPayload,
  inspectorQuery,
  statusTagType,
} from './inspectors'
import type { ImportResult, Inspector, RecordHistoryEntry } from './types'

const INSP = {
  id: 3,
  bureau_id: 2,
  bureau_name: '杭州市统计局',
  bureau_code: '330100',
  user_id: 12,
  username: 'hz_insp1',
  name: '王建国',
  gender: 'male',
  gender_name: '男',
  certificate_no: '33010024006',
  valid_from: '2024-01-01',
  valid_to: '2029-12-31',
  certificate_state: 'valid',
  days_to_expiry: 1128,
  post: '法规执法科科长',
  region_code: '330100',
  region_name: '浙江省杭州市',
  specialties: ['industry', 'investment'],
  specialty_names: ['工业', '固定资产投资'],
  status: 'active',
  status_name: '在岗',
  status_reason: '',
  status_since: null,
  phone: '13957100822',
  training_days: 2.5,
  training_short: false,
  eligible_now: true,
  ineligible_reasons: [],
  created_at: '2026-11-29T10:00:00Z',
  updated_at: '2026-11-29T10:00:00Z',
} as Inspector

describe('labels (ORG-2, ORG-5)', () => {
  it('colours statuses and certificate states', () => {
    expect(statusTagType('active')).toBe('success')
    expect(statusTagType('suspended')).toBe('warning')
    expect(statusTagType('left')).toBe('info')
    expect(certificateTagType('lapsing')).toBe('warning')
    expect(certificateTagType('lapsed')).toBe('danger')
    expect(certificateTagType('valid')).toBe('success')
  })

  it('words the days left on a certificate and training days', () => {
    expect(daysLeftText(20)).toBe('还有 20 天到期')
    expect(daysLeftText(0)).toBe('今天到期')
    expect(daysLeftText(-15)).toBe('已过期 15 天')
    expect(daysText(2)).toBe('2 天')
    expect(daysText(1.5)).toBe('1.5 天')
  })
})

describe('the list query', () => {
  it('leaves out empty filters and is the same for the list and the export', () => {
    const f = emptyInspectorFilter()
    expect(activeFilterCount(f)).toBe(0)
    expect(Object.values(inspectorQuery(f)).filter((v) => v !== '' && v !== undefined)).toEqual([])
    Object.assign(f, { q: ' 王 ', bureau_id: 2, status: 'active', eligible_on: '2026-12-01', training_short: 'true' })
    expect(inspectorQuery(f)).toMatchObject({ q: '王', bureau_id: 2, status: 'active', eligible_on: '2026-12-01', training_short: 'true' })
    expect(activeFilterCount(f)).toBe(5)
  })
})

describe('the form', () => {
  it('names missing required fields before sending', () => {
    expect(Object.keys(inspectorFormProblems(emptyInspectorForm(null))).sort()).toEqual(['bureau_id', 'certificate_no', 'gender', 'name', 'valid_from', 'valid_to'])
  })

  it('creates with every field given, leaving an empty region and account to the server', () => {
    const f = { ...emptyInspectorForm(2), name: ' 李四 ', gender: 'female', certificate_no: 'ZJ-001 ', valid_from: '2026-01-01', valid_to: '2028-12-31' }
    const body = inspectorPayload(f)
    expect(body).toEqual({ name: '李四', gender: 'female', certificate_no: 'ZJ-001', valid_from: '2026-01-01', valid_to: '2028-12-31', bureau_id: 2, post: '', specialties: [], phone: '' })
  })

  it('changes only what differs, and can unlink the account', () => {
    const f = { ...emptyInspectorForm(null), ...INSP, specialties: ['industry'] }
    expect(inspectorPayload(f, INSP)).toEqual({ specialties: ['industry'] })
    expect(inspectorPayload({ ...f, specialties: [...INSP.specialties], user_id: null }, INSP)).toEqual({ user_id: null })
    expect(inspectorPayload({ ...f, specialties: [...INSP.specialties] }, INSP)).toEqual({})
  })
})

function result(over: Partial<ImportResult>): ImportResult {
  return { format: 'csv', file_hash: 'ab', rows: 3, created: 0, updated: 0, unchanged: 0, error_rows: 0, errors: [], warnings: [], warnings_total: 0, columns: {}, ignored_columns: [], preview: [], committed: false, ...over }
}

describe('import verdict (DR-2, INF-2)', () => {
  it('refuses a file with errors, whole-file ones first', () => {
    const e = { line: 3, column: '执法证号', field: 'certificate_no', value: 'x', reason: '与第 4 行重复' }
    expect(inspectorImportVerdict(result({ errors: [e, { ...e, line: 4 }], error_rows: 2 }))).toEqual({ canCommit: false, level: 'error', text: '发现 2 处错误，涉及 2 行；请修改文件后重新上传，整个文件未导入' })
    expect(inspectorImportVerdict(result({ errors: [{ ...e, line: 1, reason: '缺少必填列“姓名”' }], error_rows: 1 })).text).toBe('文件无法导入：缺少必填列“姓名”')
  })

  it('commits only a clean file with something to write', () => {
    expect(inspectorImportVerdict(result({ rows: 0 })).canCommit).toBe(false)
    expect(inspectorImportVerdict(result({ unchanged: 3 })).canCommit).toBe(false)
    expect(inspectorImportVerdict(result({ created: 2, unchanged: 1 }))).toEqual({ canCommit: true, level: 'success', text: '校验通过：共 3 行，将新增 2 名，1 名无变化' })
  })
})

describe('history', () => {
  const views = inspectorColumnViews({ specialties: [{ code: 'industry', name: '工业' }, { code: 'investment', name: '固定资产投资' }], bureau: (id) => (id === '2' ? '杭州市统计局' : id) })
  const base = { name: '王建国', gender: 'male', certificate_no: '33010024006', valid_from: '2024-01-01', valid_to: '2029-12-31', bureau_id: '2', specialties: 'industry,investment', status: 'active', status_reason: '' }
  const entries: RecordHistoryEntry[] = [
    { seq: 10, at: '2026-01-05T01:00:00Z', action: 'inspector.create', actor_id: 5, actor_name: '周海涛', change: { table: 'inspectors', row: base } },
    { seq: 11, at: '2026-02-05T01:00:00Z', action: 'inspector.training_recorded', actor_id: 5, actor_name: '周海涛', change: { table: 'inspector_trainings', row: { trained_on: '2026-02-01', course: '执法实务', half_days: '3', provider: '省局' } } },
    { seq: 12, at: '2026-03-05T01:00:00Z', action: 'inspector.conflict_declared', actor_id: 5, actor_name: '周海涛', change: { table: 'inspector_conflicts', row: { kind: 'division', target: '330110', target_name: '', reason: '近亲属经营企业', declared_on: '2026-03-05', until_on: null } } },
    { seq: 13, at: '2026-04-05T01:00:00Z', action: 'inspector.update', actor_id: 5, actor_name: '周海涛', change: { table: 'inspectors', row: { ...base, status: 'suspended', status_reason: '借调' } } },
  ]

  it('reads each entry: the record’s changes, a training and a conflict in one line', () => {
    const rows = inspectorHistoryRows(entries, views)
    expect(rows.map((r) => r.action)).toEqual(['修改', '申报利害关系', '登记培训', '登记'])
    expect(rows[0].fields).toEqual([
      { label: '状态', from: '在岗', to: '暂停执法' },
      { label: '状态原因', from: '', to: '借调' },
    ])
    expect(rows[1].detail).toBe('行政区划：330110；近亲属经营企业；2026-03-05 起')
    expect(rows[2].detail).toBe('2026-02-01 执法实务，1.5 天（省局）')
    expect(rows[3].first).toBe(true)
    expect(rows[3].fields.find((f) => f.label === '专业领域')?.to).toBe('工业、固定资产投资')
    expect(rows[3].fields.find((f) => f.label === '所属机构')?.to).toBe('杭州市统计局')
  })
})
