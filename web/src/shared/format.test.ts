import { describe, expect, it } from 'vitest'
import { formatDateTime, todayShanghai, weekdayName } from './format'

describe('format', () => {
  it('shows instants in Asia/Shanghai', () => {
    expect(formatDateTime('2026-01-04T16:30:05Z')).toBe('2026-01-05 00:30:05')
    expect(formatDateTime('2026-06-01T01:02:03.456Z')).toBe('2026-06-01 09:02:03')
    expect(formatDateTime('')).toBe('')
    expect(formatDateTime(null)).toBe('')
    expect(formatDateTime('garbage')).toBe('garbage')
  })

  it('gives today in Shanghai', () => {
    expect(todayShanghai(new Date('2026-12-31T17:00:00Z'))).toBe('2027-01-01')
  })

  it('names weekdays of calendar dates', () => {
    expect(weekdayName('2026-01-01')).toBe('周四')
    expect(weekdayName('2027-02-07')).toBe('周日')
    expect(weekdayName('bad')).toBe('')
  })
})
