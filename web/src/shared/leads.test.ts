import { describe, expect, it } from 'vitest'
import { ageText, closeBlockers, initialDecision, leadActions, shanghaiLocalToIso, shanghaiTime } from './leads'

describe('leads', () => {
  it('says an age the calendar cannot count is unknown', () => {
    expect(ageText(null)).toContain('未知')
    expect(ageText(3)).toBe('3 个工作日')
    expect(ageText(0)).toBe('0 个工作日')
  })

  it('offers reply only for a decided named complaint, nothing once closed', () => {
    const manage = new Set(['lead.manage'])
    expect(leadActions({ state: 'pending', complainant_kind: 'named', decision: '', case: null }, manage)).toEqual(['assign', 'decide'])
    expect(leadActions({ state: 'decided', complainant_kind: 'named', decision: 'no_case', case: null }, manage)).toContain('reply')
    expect(leadActions({ state: 'decided', complainant_kind: 'anonymous', decision: 'no_case', case: null }, manage)).not.toContain('reply')
    expect(leadActions({ state: 'closed', complainant_kind: 'named', decision: 'no_case', case: null }, manage)).toEqual([])
    expect(leadActions({ state: 'pending', complainant_kind: '', decision: '', case: null }, new Set(['lead.instruct']))).toEqual(['instruct'])
  })

  it('names what blocks closing', () => {
    expect(closeBlockers({ decision: '', reply_missing: false, case: null })).toEqual(['处理决定'])
    expect(closeBlockers({ decision: 'no_case', reply_missing: true, case: null })).toEqual(['答复投诉举报人记录'])
    expect(closeBlockers({ decision: 'case', reply_missing: false, case: null })).toEqual(['立案'])
    expect(closeBlockers({ decision: 'case', reply_missing: false, case: { id: 1, number: 'x' } })).toEqual([])
  })

  it('converts Shanghai local time to UTC and back', () => {
    expect(shanghaiLocalToIso('2026-11-25T09:30')).toBe('2026-11-25T01:30:00.000Z')
    expect(shanghaiLocalToIso('2026-11-25T07:00')).toBe('2026-11-24T23:00:00.000Z')
    expect(shanghaiLocalToIso('bad')).toBe('')
    expect(shanghaiTime('2026-11-24T23:00:00.000Z')).toBe('2026-11-25 07:00')
  })

  it('starts a decision with confidential items excluded', () => {
    const d = initialDecision([
      { key: 'document:a', kind: 'document', ref: 'a', title: 'A' },
      { key: 'evidence:2', kind: 'evidence', ref: '2', title: 'B', confidential: 'trade_secret' },
    ])
    expect(d.granted).toEqual(['document:a'])
    expect(d.excluded).toEqual([{ ref: 'evidence:2', ground: 'trade_secret', note: '' }])
  })
})

describe('案件办理 menu entries', () => {
  it('follow lead and access permissions', async () => {
    const { buildMenu, canOpen } = await import('@/console/menu')
    const group = (perms: string[]) => buildMenu(perms).find((m) => m.key === 'cases-group')?.children?.map((c) => c.key) ?? []
    expect(group(['lead.read'])).toEqual(['leads'])
    expect(group(['access.approve', 'access.log.read'])).toEqual(['access-requests', 'access-log'])
    expect(group(['org.read'])).toEqual([])
    expect(canOpen('access-log', ['lead.read'])).toBe(false)
    expect(canOpen('leads', ['lead.instruct'])).toBe(true)
  })
})
