import { describe, expect, it } from 'vitest'
import { ApiError } from './api'
import {
  baseVersionOf,
  chengdeOptions,
  differentiatedText,
  emptyOptionsDraft,
  lineDraftFrom,
  lineErrorOf,
  lineProblems,
  newLineDraft,
  optionErrorOf,
  optionTexts,
  optionsDraftFrom,
  optionsPayload,
  optionsProblems,
  pct,
  planBody,
  planStateLabel,
  planVersionChanges,
  planYears,
  timelinessTagType,
} from './plans'
import type { PlanLine, PlanOptions, PlanVersion, SpotcheckItemVersion } from './types'

const ITEM1 = {
  id: 11,
  item_id: 1,
  version: 1,
  name: '统计调查对象执行统计法及国家有关规定情况',
  ratio_min_bp: 300,
  ratio_max_bp: 300,
  ratio_text: '3%',
  frequency_min: 1,
  frequency_max: 2,
  frequency_text: '1-2次/年',
  method: 'both',
} as SpotcheckItemVersion

function line(over: Partial<PlanLine> = {}): PlanLine {
  return {
    item_id: 1,
    item_version_id: 11,
    item_version: 1,
    item_name: '统计调查对象执行统计法及国家有关规定情况',
    object_type: 'survey_object',
    object_type_name: '统计调查对象',
    ratio_bp: 300,
    frequency: 1,
    window_from: '2026-04-15',
    window_to: '2026-10-31',
    method: 'on_site',
    method_name: '现场检查',
    credit_ratios: { trustworthy: 150, abnormal: 600, dishonest: 1200, seriously_dishonest: 10000 },
    risk_ratios: { low: 200, medium: 300, high: 500 },
    notes: '',
    ...over,
  }
}

const NEUTRAL: PlanOptions = {
  no_repeat_years: 0,
  min_enterprise_ratio_bp: 0,
  key_units_every_year: false,
  seriously_dishonest_every_half_year: false,
  systematic_sampling: false,
  multi_stage: null,
}

function version(v: number, over: Partial<PlanVersion> = {}): PlanVersion {
  return {
    id: 100 + v,
    plan_id: 7,
    version: v,
    state: 'published',
    title: '杭州市统计局2026年度“双随机、一公开”抽查工作计划',
    lines: [line()],
    options: NEUTRAL,
    notes: '',
    reason: '',
    is_adjustment: false,
    adjusts_version: null,
    created_at: '2026-02-24T07:00:00Z',
    published_at: null,
    published_on: null,
    ...over,
  }
}

describe('pct and the option texts (DR-13)', () => {
  it('shows basis points as the seeds write percentages', () => {
    expect(pct(300)).toBe('3%')
    expect(pct(250)).toBe('2.5%')
    expect(pct(5)).toBe('0.05%')
    expect(pct(10000)).toBe('100%')
    expect(pct(null)).toBe('')
  })

  it('leaves neutral options out and words the rest', () => {
    expect(optionTexts(NEUTRAL)).toEqual([])
    expect(
      optionTexts({ no_repeat_years: 3, min_enterprise_ratio_bp: 500, key_units_every_year: true, seriously_dishonest_every_half_year: true, systematic_sampling: true, multi_stage: { counties_min: 2, counties_max: 3, units_min: 4, units_max: 6 } }),
    ).toEqual(['同一对象 3 年内不重复抽查', '全年抽查企业不少于 5%', '重点单位每年检查', '严重失信单位每半年检查', '多阶段抽取：先抽 2-3 个县（市、区），每县再抽 4-6 个单位', '层内等距抽样'])
  })

  it('lists only the classes whose ratio differs from the base (DR-5)', () => {
    expect(differentiatedText(line())).toEqual({ credit: '守信 1.5%、信用异常 6%、一般失信 12%、严重失信 100%', risk: '低风险 2%、高风险 5%' })
    const flat = line({ credit_ratios: { trustworthy: 300, abnormal: 300, dishonest: 300, seriously_dishonest: 300 }, risk_ratios: { low: 300, medium: 300, high: 300 } })
    expect(differentiatedText(flat)).toEqual({ credit: '', risk: '' })
  })
})

describe('states (DR-4)', () => {
  it('marks late and missing plans red, a warned pending one orange', () => {
    expect(timelinessTagType('on_time')).toBe('success')
    expect(timelinessTagType('late')).toBe('danger')
    expect(timelinessTagType('missing', true)).toBe('danger')
    expect(timelinessTagType('pending', true)).toBe('warning')
    expect(timelinessTagType('pending', false)).toBe('info')
  })

  it('calls a plan 草稿 before publication, 已公布 with one published version, 已调整 after an adjustment', () => {
    expect(planStateLabel({ current_version: null, latest_state: 'draft' }).label).toBe('草稿')
    expect(planStateLabel({ current_version: 1, latest_state: 'published' }, 1)).toEqual({ label: '已公布', type: 'success', draftPending: false })
    expect(planStateLabel({ current_version: 2, latest_state: 'published' }, 2).label).toBe('已调整')
    // Superseded drafts before the first publication do not make an adjustment.
    const vs = [version(1, { state: 'superseded' }), version(2)]
    expect(planStateLabel({ current_version: 2, latest_state: 'published', versions: vs }).label).toBe('已公布')
    expect(planStateLabel({ current_version: 1, latest_state: 'draft' }, 1).draftPending).toBe(true)
  })

  it('offers next year back to 2020', () => {
    const ys = planYears('2026-11-29')
    expect(ys[0]).toBe(2027)
    expect(ys[1]).toBe(2026)
    expect(ys[ys.length - 1]).toBe(2020)
  })
})

describe('the editor', () => {
  it('starts a line at the low end of the item’s ranges, for the whole year', () => {
    const d = newLineDraft(ITEM1, 2027)
    expect(d).toMatchObject({ item_id: 1, included: true, ratio: '3', frequency: 1, window_from: '2027-01-01', window_to: '2027-12-31', method: 'both' })
    expect(Object.values(d.credit).every((v) => v === '')).toBe(true)
  })

  it('round-trips a stored line, leaving classes at the base empty so they follow it', () => {
    const l = line({ risk_ratios: { low: 200, medium: 300, high: 500 } })
    const d = lineDraftFrom(l)
    expect(d.ratio).toBe('3')
    expect(d.credit).toEqual({ trustworthy: '1.5', abnormal: '6', dishonest: '12', seriously_dishonest: '100' })
    expect(d.risk).toEqual({ low: '2', medium: '', high: '5' })
    const { body } = planBody({ title: '', notes: '', reason: '' }, [d], emptyOptionsDraft())
    expect((body.lines as unknown[])[0]).toEqual({
      item_id: 1,
      ratio_bp: 300,
      frequency: 1,
      window_from: '2026-04-15',
      window_to: '2026-10-31',
      method: 'on_site',
      credit_ratios: { trustworthy: 150, abnormal: 600, dishonest: 1200, seriously_dishonest: 10000 },
      risk_ratios: { low: 200, high: 500 },
      notes: '',
    })
  })

  it('sends percentages as exact basis points', () => {
    const d = { ...newLineDraft(ITEM1, 2027), ratio: '2.55' }
    expect(planBody({ title: '', notes: '', reason: '' }, [d], emptyOptionsDraft()).body.lines).toEqual([expect.objectContaining({ ratio_bp: 255 })])
  })

  it('names entries that are not numbers by the server’s keys, and nothing for a left-out line', () => {
    const d = { ...newLineDraft(ITEM1, 2027), ratio: '3.333', frequency: null, window_to: '' }
    d.credit.dishonest = 'abc'
    expect(Object.keys(lineProblems(d)).sort()).toEqual(['credit_ratios.dishonest', 'frequency', 'ratio_bp', 'window_to'])
    expect(lineProblems({ ...d, included: false })).toEqual({})
  })

  it('sends only included lines and remembers which row each came from', () => {
    const a = { ...newLineDraft(ITEM1, 2027), included: false }
    const b = { ...newLineDraft({ ...ITEM1, item_id: 2 }, 2027) }
    const c = { ...newLineDraft({ ...ITEM1, item_id: 3 }, 2027) }
    const { body, rows } = planBody({ title: ' 标题 ', notes: '', reason: '  ' }, [a, b, c], emptyOptionsDraft())
    expect(rows).toEqual([1, 2])
    expect((body.lines as { item_id: number }[]).map((l) => l.item_id)).toEqual([2, 3])
    expect(body.title).toBe('标题')
    expect('reason' in body).toBe(false)
    expect(planBody({ title: '', notes: '', reason: '下半年增加一次' }, [b], emptyOptionsDraft()).body.reason).toBe('下半年增加一次')
  })

  it('maps the server’s line error onto the editor row it concerns', () => {
    const e = new ApiError(422, 'plan.ratio_out_of_range', '第 1 项抽查事项：抽查比例应在该事项规定的幅度内（3%）', { field: 'lines', index: 0, key: 'ratio_bp', min: 300, max: 300 })
    expect(lineErrorOf(e, [1, 2])).toEqual({ row: 1, key: 'ratio_bp', message: e.message })
    expect(lineErrorOf(new ApiError(422, 'x', 'm', { field: 'lines', index: 5, key: 'ratio_bp' }), [1])).toBeNull()
    expect(lineErrorOf(new ApiError(422, 'x', 'm', { field: 'year' }), [0])).toBeNull()
    expect(lineErrorOf(new Error('x'), [0])).toBeNull()
  })

  it('maps an option error onto its key', () => {
    const e = new ApiError(422, 'plan.options_invalid', '抽查计划选项：每县抽取单位数上限不能低于下限', { field: 'options', key: 'multi_stage.units_max' })
    expect(optionErrorOf(e)).toEqual({ key: 'multi_stage.units_max', message: e.message })
    expect(optionErrorOf(new ApiError(422, 'x', 'm', { field: 'lines', index: 0 }))).toBeNull()
  })

  it('sends options with every key, multi-stage only when chosen', () => {
    const o = chengdeOptions('city')
    expect(optionsPayload(o)).toEqual({
      no_repeat_years: 3,
      min_enterprise_ratio_bp: 500,
      key_units_every_year: true,
      seriously_dishonest_every_half_year: true,
      systematic_sampling: false,
      multi_stage: { counties_min: 2, counties_max: 3, units_min: 4, units_max: 6 },
    })
    expect(chengdeOptions('county').multi_stage).toBe(false)
    expect(optionsPayload(emptyOptionsDraft())).toEqual(NEUTRAL)
    expect(optionsDraftFrom(optionsPayload(o))).toEqual(o)
    expect(optionsProblems({ ...o, min_enterprise: '5.555', units_max: null })).toEqual({ min_enterprise_ratio_bp: expect.any(String), 'multi_stage.units_max': '请填写' })
  })
})

describe('what changed between versions (DR-4 adjustments)', () => {
  it('lists each changed field of a line, added and removed items and options', () => {
    const v1 = version(1, { lines: [line(), line({ item_id: 2, item_name: '涉外调查机构依法从事涉外调查情况', ratio_bp: 10000, frequency: 1 })] })
    const v2 = version(2, {
      is_adjustment: true,
      adjusts_version: 1,
      reason: '下半年增加一次检查',
      lines: [line({ frequency: 2, window_to: '2026-12-15', risk_ratios: { low: 200, medium: 300, high: 800 } })],
      options: { ...NEUTRAL, no_repeat_years: 3 },
    })
    const changes = planVersionChanges(v1, v2)
    expect(changes).toEqual([
      { scope: '统计调查对象执行统计法及国家有关规定情况', label: '抽查频次', from: '1次/年', to: '2次/年' },
      { scope: '统计调查对象执行统计法及国家有关规定情况', label: '检查时间', from: '2026-04-15 至 2026-10-31', to: '2026-04-15 至 2026-12-15' },
      { scope: '统计调查对象执行统计法及国家有关规定情况', label: '按风险等级', from: '低风险 2%、中风险 3%、高风险 5%', to: '低风险 2%、中风险 3%、高风险 8%' },
      { scope: '涉外调查机构依法从事涉外调查情况', label: '删除事项', from: '100%，1次/年，2026-04-15 至 2026-10-31，现场检查', to: '' },
      { scope: '选项', label: '不重复抽查年限', from: '不限', to: '3 年' },
    ])
    expect(planVersionChanges(v2, v1).find((c) => c.label === '新增事项')?.scope).toBe('涉外调查机构依法从事涉外调查情况')
    expect(planVersionChanges(v1, v1)).toEqual([])
  })

  it('compares an adjustment with the version it adjusts, a draft with the one before it', () => {
    const all = [version(1), version(2, { state: 'superseded' }), version(3, { adjusts_version: 1, is_adjustment: true })]
    expect(baseVersionOf(all[2], all)?.version).toBe(1)
    expect(baseVersionOf(all[1], all)?.version).toBe(1)
    expect(baseVersionOf(all[0], all)).toBeNull()
  })
})
