import { describe, expect, it } from 'vitest'
import { addMonths, dueText, earliestRepair, parseIds, periodText, proposalBody, statusLabel, statusType } from './credit'

describe('credit periods as the server counts them', () => {
  it('adds months, clamping to the month end', () => {
    expect(addMonths('2026-03-10', 6)).toBe('2026-09-10')
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28')
    expect(addMonths('2027-08-31', 6)).toBe('2028-02-29')
    expect(addMonths('2025-10-24', 12)).toBe('2026-10-24')
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-15')
  })
  it('names the earliest repair day six months after publication', () => {
    expect(earliestRepair('2025-10-24')).toBe('2026-04-24')
  })
})

describe('presentation', () => {
  it('labels statuses and colours the one in publication', () => {
    expect(statusLabel('publishing')).toBe('公示中')
    expect(statusLabel('removed_early')).toBe('信用修复提前移出')
    expect(statusType('publishing')).toBe('danger')
    expect(statusLabel('unknown_code')).toBe('unknown_code')
  })
  it('says the period and the due state', () => {
    expect(periodText(null, null)).toBe('—')
    expect(periodText('2025-10-24', '2026-10-23')).toBe('2025-10-24 至 2026-10-23')
    expect(dueText({ status: 'approved', due_on: '2025-10-23', overdue: true }).type).toBe('danger')
    expect(dueText({ status: 'approved', due_on: null, overdue: false }).text).toContain('未知')
    expect(dueText({ status: 'approved', due_on: '2099-01-01', overdue: false }).text).toContain('2099-01-01')
    expect(dueText({ status: 'publishing', due_on: '2025-10-23', overdue: false }).text).toBe('')
  })
})

describe('forms', () => {
  it('builds a proposal body: trimmed, the code in upper case, empty optional fields left out', () => {
    const body = proposalBody({
      credit_code: ' 91330100abc ', party_name: '', legal_representative: ' 张三 ', level: 'serious', case_id: 7,
      decision_no: ' 杭统罚决〔2026〕1号 ', basis: '虚报', determination_date: '2026-05-01', note: '',
    })
    expect(body).toEqual({
      credit_code: '91330100ABC', level: 'serious', case_id: 7, decision_no: '杭统罚决〔2026〕1号', basis: '虚报',
      determination_date: '2026-05-01', legal_representative: '张三',
    })
  })
  it('parses evidence ids and refuses anything else', () => {
    expect(parseIds('1, 2，3 4')).toEqual([1, 2, 3, 4])
    expect(parseIds('')).toEqual([])
    expect(parseIds('1, x')).toBeNull()
    expect(parseIds('0')).toBeNull()
  })
})
