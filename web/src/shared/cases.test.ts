import { describe, expect, it } from 'vitest'
import { ApiError } from './api'
import { cleanContent, deadlineTag, emptyContent, missingOf, yuan, type CaseAction } from './cases'

const action: CaseAction = {
  kind: 'inquiry', label: '询问', document_title: '询问笔录', party_signature: true, certificates: true, missing: [], needs: [],
  fields: [{ key: 'place', label: '地点', type: 'text', required: true }, { key: 'paid_fen', label: '金额', type: 'fen', required: false }],
  media: [{ kinds: ['audio', 'video'], label: '现场录音录像', unless_field: 'no_recording_reason', only_if: '' }],
}

describe('cases', () => {
  it('reads the missing items of a refusal', () => {
    expect(missingOf(new ApiError(409, 'case.step_requirements', 'x', { missing: ['催告书', 1] }))).toEqual(['催告书'])
    expect(missingOf(new Error('x'))).toEqual([])
  })
  it('builds and cleans an action form', () => {
    const c = emptyContent(action)
    expect(c).toMatchObject({ place: '', paid_fen: null, party_signed: true, certificates_shown: true, no_recording_reason: '' })
    expect(cleanContent({ ...c, place: '车间' })).toEqual({ place: '车间', party_signed: true, certificates_shown: true })
  })
  it('shows money and deadlines', () => {
    expect(yuan(123456)).toBe('1234.56')
    expect(yuan(5)).toBe('0.05')
    expect(deadlineTag('unknown').text).toContain('未知')
  })
})
