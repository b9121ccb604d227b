import { describe, expect, it } from 'vitest'
import { currentStage, newClientId, resolveRefs, shanghaiDate, shareText, stages, taskGroup, type FormPoint } from './inspections'

const points: FormPoint[] = [1, 2, 3].map((no) => ({ no, text: `要点${no}`, answers: ['符合', '不符合'], photo_required: false, signature_required: true }))

describe('stages', () => {
  it('walks an on-site check in order and marks what is done', () => {
    const s = stages('on_site', points, [{ kind: 'certificate', data: {} }], [])
    expect(s.map((x) => x.key)).toEqual(['certificate', 'notice', 'points', 'av', 'party', 'outcome', 'complete'])
    expect(s[0].done).toBe(true)
    expect(currentStage(s)).toBe(1)
  })
  it('needs every point answered, unless another department’s result is relied on wholly (DR-8)', () => {
    const answers = [1, 2].map((n) => ({ kind: 'answer', data: { point_no: n } }))
    expect(stages('on_site', points, answers, []).find((x) => x.key === 'points')!.done).toBe(false)
    const partial = [...answers, { kind: 'reliance', data: { whole: false, point_nos: [3] } }]
    expect(stages('on_site', points, partial, []).find((x) => x.key === 'points')!.done).toBe(true)
    expect(stages('on_site', points, [{ kind: 'reliance', data: { whole: true } }], []).find((x) => x.key === 'points')!.done).toBe(true)
  })
  it('counts an audio or video file, or a recorded reason, as the on-site recording (REC-10)', () => {
    const av = (files: { kind: string }[], steps = [] as { kind: string; data: Record<string, unknown> }[]) =>
      stages('on_site', points, steps, files).find((x) => x.key === 'av')!.done
    expect(av([{ kind: 'photo' }])).toBe(false)
    expect(av([{ kind: 'video' }])).toBe(true)
    expect(av([], [{ kind: 'av_unsuitable', data: { reason: 'x' } }])).toBe(true)
  })
  it('a written check has no certificate or recording stage but a written one', () => {
    expect(stages('written', points, [], []).map((x) => x.key)).toEqual(['notice', 'written', 'points', 'party', 'outcome', 'complete'])
  })
})

describe('taskGroup', () => {
  const t = { window_from: '2026-04-15', window_to: '2026-12-15', date: '2026-07-20' }
  it('is today once the check date has come, upcoming before, done when completed', () => {
    expect(taskGroup(t, undefined, '2026-07-19')).toBe('upcoming')
    expect(taskGroup(t, undefined, '2026-07-20')).toBe('today')
    expect(taskGroup(t, 'open', '2026-05-01')).toBe('today')
    expect(taskGroup(t, 'completed', '2026-07-20')).toBe('done')
  })
})

describe('resolveRefs', () => {
  it('turns queued uploads into evidence ids, and waits while one is not sent', () => {
    expect(resolveRefs({ kind: 'answer', evidence_refs: ['a', 'b'] }, { a: 1 })).toBeNull()
    expect(resolveRefs({ kind: 'answer', evidence_ids: [7], evidence_refs: ['a', 'b'] }, { a: 1, b: 2 })).toEqual({ kind: 'answer', evidence_ids: [7, 1, 2] })
    expect(resolveRefs({ kind: 'signature', evidence_ref: 'a' }, { a: 9 })).toEqual({ kind: 'signature', evidence_id: 9 })
  })
})

describe('small helpers', () => {
  it('makes v4 UUIDs', () => {
    const a = newClientId()
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(newClientId()).not.toBe(a)
  })
  it('shows the phone share as a percentage', () => {
    expect(shareText(null)).toBe('—')
    expect(shareText(0.875)).toBe('87.5%')
    expect(shareText(1)).toBe('100%')
  })
  it('dates in Shanghai', () => {
    expect(shanghaiDate(Date.UTC(2026, 6, 19, 16, 30))).toBe('2026-07-20')
  })
})
