import { describe, expect, it } from 'vitest'
import { ApiError } from './api'
import {
  FOREIGN_BODY_COLUMN_VIEWS,
  OBJECT_COLUMN_VIEWS,
  emptyObjectFilter,
  fieldErrorsOf,
  historyRows,
  objectExportUrl,
  objectQuery,
  shortDivisionName,
} from './registry'
import type { RecordHistoryEntry } from './types'

// R: DR-2 — the export holds exactly the filtered list: the same query as the list, without paging.
describe('objectQuery and objectExportUrl', () => {
  it('leave out empty filters', () => {
    expect(objectExportUrl(emptyObjectFilter())).toBe('/api/v1/objects/export.xlsx')
  })

  it('send every filter the API has, trimmed, the industry upper-cased', () => {
    const f = {
      ...emptyObjectFilter(),
      division: ' 330100 ',
      industry: 'c13',
      unit_category: 'above_scale_industry',
      credit_status: 'seriously_dishonest',
      risk_level: 'high',
      key_unit: 'true' as const,
      online_reporting: 'false' as const,
      q: ' 杭州 ',
    }
    expect(objectQuery(f)).toEqual({
      division: '330100',
      industry: 'C13',
      unit_category: 'above_scale_industry',
      credit_status: 'seriously_dishonest',
      risk_level: 'high',
      key_unit: 'true',
      online_reporting: 'false',
      q: '杭州',
    })
    expect(objectExportUrl(f)).toBe(
      '/api/v1/objects/export.xlsx?division=330100&industry=C13&unit_category=above_scale_industry&credit_status=seriously_dishonest&risk_level=high&key_unit=true&online_reporting=false&q=%E6%9D%AD%E5%B7%9E',
    )
  })
})

describe('shortDivisionName', () => {
  it('drops the province, keeps municipalities and names without one', () => {
    expect(shortDivisionName('浙江省杭州市西湖区')).toBe('杭州市西湖区')
    expect(shortDivisionName('广西壮族自治区南宁市青秀区')).toBe('南宁市青秀区')
    expect(shortDivisionName('内蒙古自治区呼和浩特市')).toBe('呼和浩特市')
    expect(shortDivisionName('北京市东城区')).toBe('北京市东城区')
    expect(shortDivisionName('浙江省')).toBe('浙江省')
    expect(shortDivisionName('')).toBe('')
  })
})

describe('fieldErrorsOf', () => {
  it('puts every field the object validator names beside its field', () => {
    const e = new ApiError(422, 'object.credit_code_invalid', '统一社会信用代码校验位错误', {
      field: 'credit_code',
      errors: [
        { field: 'credit_code', reason: '统一社会信用代码校验位错误' },
        { field: 'division_code', reason: '行政区划代码 999999 不存在' },
        { field: 'credit_code', reason: '第二条同一字段的原因不覆盖第一条' },
        { field: 'not_in_form', reason: 'x' },
      ],
    })
    expect(fieldErrorsOf(e, ['credit_code', 'division_code', 'name'])).toEqual({
      credit_code: '统一社会信用代码校验位错误',
      division_code: '行政区划代码 999999 不存在',
    })
  })

  it('falls back to details.field (409 taken, filters) and ignores other answers', () => {
    const taken = new ApiError(409, 'object.credit_code_taken', '该统一社会信用代码已在名录库中', { field: 'credit_code' })
    expect(fieldErrorsOf(taken, ['credit_code'])).toEqual({ credit_code: '该统一社会信用代码已在名录库中' })
    expect(fieldErrorsOf(new ApiError(403, 'x', 'm', { field: 'name' }), ['name'])).toEqual({})
    expect(fieldErrorsOf(new Error('x'), ['name'])).toEqual({})
  })
})

const row = (over: Record<string, string | null>) => ({
  province_code: '330000',
  bureau_id: '3',
  credit_code: '91330106MA2XXXXXX0',
  name: '杭州西溪数智科技有限公司',
  division_code: '330106',
  address: '',
  industry_code: 'I65',
  unit_category: 'above_scale_services',
  online_reporting: '1',
  key_unit: '0',
  credit_status: null,
  credit_from: null,
  credit_to: null,
  risk_level: 'low',
  contact_name: '林晓',
  contact_phone: '',
  created_at: '2026-11-01T00:00:00Z',
  updated_at: '2026-11-01T00:00:00Z',
  ...over,
})

// R: DR-2 — an object's history is its ledger entries, read as what changed.
describe('historyRows', () => {
  const entries: RecordHistoryEntry[] = [
    { seq: 10, at: '2026-11-01T00:00:00Z', action: 'survey_object.create', actor_id: 0, actor_name: '系统', change: { table: 'survey_objects', key: '7', row: row({}) } },
    {
      seq: 12,
      at: '2026-11-02T00:00:00Z',
      action: 'survey_object.check_recorded',
      actor_id: 5,
      actor_name: '浙江承办',
      change: { table: 'survey_object_checks', key: '1', row: { object_id: '7', checked_on: '2026-10-30', note: '年度抽查', recorded_by: '5', recorded_at: 'x' } },
    },
    {
      seq: 15,
      at: '2026-11-03T00:00:00Z',
      action: 'survey_object.update',
      actor_id: 5,
      actor_name: '浙江承办',
      change: { table: 'survey_objects', key: '7', row: row({ key_unit: '1', credit_status: 'dishonest', risk_level: 'high', updated_at: 'later' }), import: 'ab12' },
    },
    { seq: 16, at: '2026-11-04T00:00:00Z', action: 'survey_object.update', actor_id: 5, actor_name: '', change: { table: 'survey_objects', key: '7', row: row({ key_unit: '1', credit_status: 'dishonest', risk_level: 'high', updated_at: 'again' }) } },
  ]
  const rows = historyRows(entries, 'survey_objects', OBJECT_COLUMN_VIEWS)

  it('lists the newest first', () => {
    expect(rows.map((r) => r.seq)).toEqual([16, 15, 12, 10])
  })

  it('shows a creation with its filled fields, codes in Chinese', () => {
    const c = rows[3]
    expect(c.first).toBe(true)
    expect(c.action).toBe('登记')
    expect(c.actor).toBe('系统')
    const byLabel = Object.fromEntries(c.fields.map((f) => [f.label, f.to]))
    expect(byLabel['单位类别']).toBe('规上服务业')
    expect(byLabel['是否一套表']).toBe('是')
    expect(byLabel['重点单位']).toBe('否')
    expect(byLabel['风险等级']).toBe('低')
    expect('信用状态' in byLabel).toBe(false) // empty fields of a creation are not listed
    expect('单位详细地址' in byLabel).toBe(false)
  })

  it('shows a change as only the fields that differ from the snapshot before, and its import', () => {
    const u = rows[1]
    expect(u.first).toBe(false)
    expect(u.action).toBe('修改')
    expect(u.importHash).toBe('ab12')
    expect(u.fields).toEqual([
      { label: '重点单位', from: '否', to: '是' },
      { label: '信用状态', from: '', to: '一般失信' },
      { label: '风险等级', from: '低', to: '高' },
    ])
  })

  it('shows a check date, and a change that altered nothing shown as none', () => {
    expect(rows[2].check).toEqual({ date: '2026-10-30', note: '年度抽查' })
    expect(rows[2].fields).toEqual([])
    expect(rows[0].fields).toEqual([]) // only updated_at moved
    expect(rows[0].actor).toBe('用户 #5')
  })

  it('reads foreign-related survey bodies the same way', () => {
    const fb = historyRows(
      [
        { seq: 1, at: 'a', action: 'foreign_survey_body.create', actor_id: 3, actor_name: '甲', change: { table: 'foreign_survey_bodies', row: { name: '某调查公司', valid_to: '2027-12-31', scope: '市场调查' } } },
        { seq: 2, at: 'b', action: 'foreign_survey_body.update', actor_id: 3, actor_name: '甲', change: { table: 'foreign_survey_bodies', row: { name: '某调查公司', valid_to: '2029-12-31', scope: '市场调查' } } },
      ],
      'foreign_survey_bodies',
      FOREIGN_BODY_COLUMN_VIEWS,
    )
    expect(fb[0].fields).toEqual([{ label: '有效期截止日期', from: '2027-12-31', to: '2029-12-31' }])
  })
})
