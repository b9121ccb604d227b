import { describe, expect, it } from 'vitest'
import { breakdownOption, cell, coverageOption, drillOf, gaugeOption, percent, periodPresets, workloadOption, type Metric } from './supervision'

const metric = (value: number | null, rows: [number, string, number | null][], extra: Partial<Metric> = {}): Metric => ({
  label: 'x',
  requirement: 'INF-3',
  value,
  by_bureau: rows.map(([bureau_id, name, v]) => ({ bureau_id, name, value: v })),
  ...extra,
})

describe('percent', () => {
  it('shows a share to one decimal, and a dash when there is nothing to divide', () => {
    expect(percent(0.5)).toBe('50%')
    expect(percent(2 / 3)).toBe('66.7%')
    expect(percent(null)).toBe('—')
  })
})

describe('periodPresets', () => {
  it('gives this year to today, the whole of last year, and 90 days ending today', () => {
    const p = periodPresets('2026-03-01')
    expect(p[0]).toEqual({ label: '本年度', from: '2026-01-01', to: '2026-03-01' })
    expect(p[1]).toEqual({ label: '上一年度', from: '2025-01-01', to: '2025-12-31' })
    expect(p[2].to).toBe('2026-03-01')
    expect(p[2].from).toBe('2025-12-02')
  })
})

describe('drillOf', () => {
  it('opens a count its own records and a share the records it lacks', () => {
    expect(drillOf(metric(1, [], { drill: 'archive_overdue' }))).toBe('archive_overdue')
    expect(drillOf(metric(0.5, [], { drill: 'inspections_off_phone' }))).toBe('inspections_off_phone')
    expect(drillOf(metric(3, []))).toBeNull()
    expect(drillOf(undefined)).toBeNull()
  })
})

describe('cell', () => {
  it('shows instants in Shanghai time and empty values as a dash', () => {
    expect(cell({ link: '/', at: '2026-10-01T16:30:00.000Z' }, 'at')).toBe('2026-10-02 00:30')
    expect(cell({ link: '/', n: 0 }, 'n')).toBe('0')
    expect(cell({ link: '/', due: '2026-10-08' }, 'due')).toBe('2026-10-08')
    expect(cell({ link: '/', r: '' }, 'r')).toBe('—')
  })
})

describe('chart options', () => {
  it('puts one bar series per metric over the bureaus, in the breakdown order', () => {
    const o = breakdownOption(
      { a: metric(3, [[1, '杭州市统计局（本级）', 1], [2, '西湖区统计局', 2]]), b: metric(0, [[1, '杭州市统计局（本级）', 0], [2, '西湖区统计局', null]]) },
      ['a', 'b', 'missing'],
    )
    expect(o.xAxis.data).toEqual(['杭州市统计局（本级）', '西湖区统计局'])
    expect(o.series.map((s) => s.metric)).toEqual(['a', 'b'])
    expect(o.series[0].data).toEqual([1, 2])
    expect(o.series[1].data).toEqual([0, 0])
  })
  it('shows the phone share in percent on the gauge, and says when there is no data', () => {
    expect(gaugeOption(metric(0.5, [])).series[0].data[0].value).toBe(50)
    expect(gaugeOption(metric(null, [])).series[0].detail.formatter).toBe('无数据')
  })
  it('draws planned, drawn and completed per plan, a plan not yet drawn as 0 planned', () => {
    const o = coverageOption([
      { plan_id: 1, year: 2026, bureau_name: '杭州市统计局', planned: 5, drawn: 4, completed: 2, link: '/spotcheck/plans/1', lines: [] },
      { plan_id: 2, year: 2026, bureau_name: '西湖区统计局', planned: null, drawn: 0, completed: 0, link: '/spotcheck/plans/2', lines: [] },
    ])
    expect(o.series.map((s) => s.data)).toEqual([[5, 0], [4, 0], [2, 0]])
  })
  it('lists the busiest inspector at the top of the bars', () => {
    const o = workloadOption([
      { inspector_id: 1, name: '甲', bureau_name: 'x', tasks: 5, cases: 1 },
      { inspector_id: 2, name: '乙', bureau_name: 'x', tasks: 1, cases: 0 },
    ])
    expect(o.yAxis.data).toEqual(['乙', '甲'])
    expect(o.series[0].data).toEqual([1, 5])
  })
})
