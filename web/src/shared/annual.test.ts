import { describe, expect, it } from 'vitest'
import {
  bureauChart, casesChart, compilableYears, deadlineBanner, deadlineText, deadlineType, disclosureOnTimeShare, fenYuan, percent,
  summaryRows, type AnnualList, type AnnualNumbers,
} from './annual'

function numbers(): AnnualNumbers {
  return {
    year: 2025,
    bureau: { id: 4, name: '杭州市统计局', code: '330100', level: 'city' },
    period: { from: '2025-01-01', to: '2025-12-31' },
    as_of: '2026-01-10',
    spot_checks: { plans: 2, planned_checks: 30, objects_drawn: 28, plan_checks_completed: 25, inspections_completed: 8, without_problems: 5, with_problems: 3, by_outcome: { no_problem: 5, rectification: 3 }, on_phone: 7 },
    cases: {
      opened: { simple: 3, general: 2, total: 5 },
      decided: { simple: { penalty: 3, no_penalty: 0, other: 0, total: 3 }, general: { penalty: 1, no_penalty: 1, other: 0, total: 2 } },
      by_outcome: { penalty: 4, no_penalty: 1, other: 0 },
      closed: 4,
      revoked: 0,
    },
    penalties: { count: 4, fines_fen: 1234567, by_violation: [{ violation: 'false_data', label: '提供不真实统计资料', count: 1, fines_fen: 1200000 }] },
    reviews: { concluded: 2, outcomes: { agree: 2 }, timed: 2, median_workdays: '3.5', max_workdays: 5, concluded_late: 0, overdue_open: 0 },
    disclosures: [
      { kind: 'penalty_decision', label: '行政处罚决定', total: 4, published_on_time: 2, published_late: 1, overdue: 1, open: 0, withheld: 0 },
      { kind: 'check_result', label: '双随机抽查结果', total: 8, published_on_time: 4, published_late: 0, overdue: 0, open: 4, withheld: 0 },
    ],
    credit: { published: 1, by_level: { serious: 1 } },
    late_uploads: { count: 2, without_reason: 1 },
    archives: { archived_late: 1, not_archived_overdue: 1 },
    by_bureau: [
      { bureau_id: 4, name: '杭州市统计局（本级）', inspections: 8, with_problems: 3, on_phone: 7, cases_decided: 5, penalties: 4, fines_fen: 1234567, reviews: 2, disclosures: 12, disclosures_late: 2, late_uploads: 2, archives_late: 2 },
      { bureau_id: 7, name: '西湖区统计局', inspections: 0, with_problems: 0, on_phone: 0, cases_decided: 0, penalties: 0, fines_fen: 0, reviews: 0, disclosures: 0, disclosures_late: 0, late_uploads: 0, archives_late: 0 },
    ],
  }
}

describe('annual report formatting (PUB-9)', () => {
  it('shows fen as grouped yuan', () => {
    expect(fenYuan(1234567)).toBe('12,345.67 元')
    expect(fenYuan(0)).toBe('0.00 元')
    expect(fenYuan(5)).toBe('0.05 元')
    expect(fenYuan(-100)).toBe('-1.00 元')
    expect(fenYuan(null)).toBe('—')
  })
  it('shows shares with one decimal and a dash when there is no whole', () => {
    expect(percent(7, 8)).toBe('87.5%')
    expect(percent(1, 3)).toBe('33.3%')
    expect(percent(2, 2)).toBe('100%')
    expect(percent(0, 0)).toBe('—')
  })
  it('names the deadline states', () => {
    expect(deadlineText('due_soon')).toBe('即将到期')
    expect(deadlineType('overdue')).toBe('danger')
    expect(deadlineType('published_late')).toBe('warning')
    expect(deadlineText('strange')).toBe('strange')
  })
  it('lays out the summary table from the numbers', () => {
    const rows = summaryRows(numbers())
    const get = (l: string) => rows.find((r) => r.label === l)?.value
    expect(get('完成检查（户次）')).toBe('8')
    expect(get('掌上执法使用率')).toBe('87.5%')
    expect(get('作出处理决定（件）')).toBe('5')
    expect(get('罚款金额')).toBe('12,345.67 元')
    expect(get('法制审核用时中位数（工作日）')).toBe('3.5')
    expect(get('逾期归档（卷）')).toBe('2')
  })
  it('counts disclosures on time among those judged (open ones are not)', () => {
    expect(disclosureOnTimeShare(numbers().disclosures)).toBe('75%')
    expect(disclosureOnTimeShare([])).toBe('—')
  })
  it('builds the charts from the numbers', () => {
    const c = casesChart(numbers()) as { series: { name: string; data: number[] }[] }
    expect(c.series.map((s) => s.name)).toEqual(['行政处罚', '不予处罚', '其他处理'])
    expect(c.series[0].data).toEqual([3, 1])
    const b = bureauChart(numbers()) as { xAxis: { data: string[] }; series: { data: number[] }[] }
    expect(b.xAxis.data).toEqual(['杭州市统计局（本级）', '西湖区统计局'])
    expect(b.series[0].data).toEqual([8, 0])
  })
  it('words the deadline banner for the own bureau and those below', () => {
    const item = (id: number, name: string, s: 'due_soon' | 'overdue' | 'published_on_time') => ({
      bureau: { id, name, code: String(id), level: 'city' }, parent_id: 1, report_id: null, state: 'none' as const, deadline_state: s, published_on: null, version: null,
    })
    const list: AnnualList = {
      year: 2025, due_on: '2026-01-31', today: '2026-01-05', counts: {}, overdue: [],
      items: [item(1, '浙江省统计局', 'due_soon'), item(4, '杭州市统计局', 'due_soon'), item(18, '宁波市统计局', 'published_on_time')],
    }
    expect(deadlineBanner(list, 1)).toBe('本机关 2025 年度统计年报请于 2026-01-31 前发布；1 个机关尚未发布（2026-01-31 截止）')
    const late = { ...list, today: '2026-02-01', overdue: ['浙江省统计局', '杭州市统计局'], items: [item(1, '浙江省统计局', 'overdue'), item(4, '杭州市统计局', 'overdue')] }
    expect(deadlineBanner(late, 1)).toBe('本机关 2025 年度统计年报已逾期未发布；逾期未发布：杭州市统计局')
    expect(deadlineBanner({ ...list, items: [item(18, '宁波市统计局', 'published_on_time')] }, 18)).toBe('')
  })
  it('offers the finished years', () => {
    expect(compilableYears('2026-01-02')).toEqual([2025, 2024, 2023, 2022, 2021])
  })
})
