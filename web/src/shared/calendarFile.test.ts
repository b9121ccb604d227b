import { describe, expect, it } from 'vitest'
import { dayIndexFromField, parseYearFile } from './calendarFile'

describe('parseYearFile', () => {
  it('reads a valid file', () => {
    const f = parseYearFile(
      JSON.stringify({ year: 2027, source: '国务院办公厅通知', days: [{ date: '2027-01-01', kind: 'holiday', name: '元旦' }, { date: '2027-02-07', kind: 'workday' }] }),
    )
    expect(f.year).toBe(2027)
    expect(f.source).toBe('国务院办公厅通知')
    expect(f.days).toEqual([
      { date: '2027-01-01', kind: 'holiday', name: '元旦' },
      { date: '2027-02-07', kind: 'workday', name: '' },
    ])
  })

  it('uses the fallback source when the file has none', () => {
    expect(parseYearFile('{"year":2027,"days":[]}', '手工录入').source).toBe('手工录入')
  })

  it('names what is wrong, in Chinese', () => {
    expect(() => parseYearFile('not json')).toThrow('不是有效的 JSON')
    expect(() => parseYearFile('[]')).toThrow('JSON 对象')
    expect(() => parseYearFile('{"days":[]}')).toThrow('year')
    expect(() => parseYearFile('{"year":2027}')).toThrow('days')
    expect(() => parseYearFile('{"year":2027,"days":[{"date":"2027-02-30","kind":"holiday"}]}')).toThrow('第 1 项的日期无效')
    expect(() => parseYearFile('{"year":2027,"days":[{"date":"2026-12-31","kind":"holiday"}]}')).toThrow('不在 2027 年内')
    expect(() => parseYearFile('{"year":2027,"days":[{"date":"2027-01-01","kind":"rest"}]}')).toThrow('holiday 或 workday')
  })
})

describe('dayIndexFromField', () => {
  it('finds the row a server error names', () => {
    expect(dayIndexFromField('days[3].date')).toBe(3)
    expect(dayIndexFromField('year')).toBeNull()
    expect(dayIndexFromField(undefined)).toBeNull()
  })
})
