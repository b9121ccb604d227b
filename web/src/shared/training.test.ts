import { describe, expect, it } from 'vitest'
import { ApiError } from './api'
import {
  allStaffDays,
  daysText,
  newSessionDraft,
  sessionDraftFrom,
  sessionErrorOf,
  sessionPayload,
  sessionProblems,
  sessionWhen,
  trainingPlanState,
  type TrainingSession,
} from './training'

const named: TrainingSession = {
  index: 1,
  date: '2026-06-15',
  month: '2026-06',
  topic: '执法文书制作',
  content: '',
  half_days: 3,
  days: 1.5,
  trainees: 'named',
  trainees_name: '指定人员',
  inspectors: [
    { id: 7, name: '喻杰', certificate_no: '330200240013' },
    { id: 9, name: '云飞', certificate_no: '330203240016' },
  ],
}

describe('training plans (ORG-5)', () => {
  it('says when a session is, by day or by month', () => {
    expect(sessionWhen({ date: '2026-04-16', month: '2026-04' })).toBe('2026-04-16')
    expect(sessionWhen({ date: null, month: '2026-11' })).toBe('2026 年 11 月')
    expect(daysText(0.5)).toBe('半天')
    expect(daysText(2)).toBe('2 天')
  })

  it('names the state of a plan from its versions', () => {
    expect(trainingPlanState({ current_version: null, latest_state: 'draft', published_versions: 0 }).label).toBe('草稿')
    expect(trainingPlanState({ current_version: 1, latest_state: 'published', published_versions: 1 }).label).toBe('已公布')
    expect(trainingPlanState({ current_version: 2, latest_state: 'published', published_versions: 2 }).label).toBe('已调整')
    expect(trainingPlanState({ current_version: 1, latest_state: 'draft', published_versions: 1 }).label).toBe('调整待公布')
  })

  it('checks a draft by the API keys and builds the payload the server expects', () => {
    const d = newSessionDraft(2026)
    expect(sessionProblems(d, 2026)).toEqual({ topic: '请填写培训主题' })
    d.topic = '  统计执法实务  '
    d.days = 0.3
    d.month = '2025-09'
    expect(Object.keys(sessionProblems(d, 2026)).sort()).toEqual(['days', 'month'])
    d.month = '2026-09'
    d.days = 1.5
    expect(sessionProblems(d, 2026)).toEqual({})
    expect(sessionPayload(d)).toEqual({ topic: '统计执法实务', content: '', days: 1.5, trainees: 'all', month: '2026-09' })
    d.trainees = 'named'
    expect(sessionProblems(d, 2026)).toEqual({ inspector_ids: '请选择参训的执法人员' })
    d.when = 'date'
    d.date = '2026-10-08'
    d.inspector_ids = [3]
    expect(sessionPayload(d)).toEqual({ topic: '统计执法实务', content: '', days: 1.5, trainees: 'named', date: '2026-10-08', inspector_ids: [3] })
  })

  it('round-trips a stored session into a draft', () => {
    const d = sessionDraftFrom(named)
    expect(d.when).toBe('date')
    expect(d.inspector_ids).toEqual([7, 9])
    expect(sessionPayload(d)).toMatchObject({ date: '2026-06-15', days: 1.5, inspector_ids: [7, 9] })
  })

  it('adds up the days every officer is planned for', () => {
    const a = newSessionDraft(2026)
    const b = { ...newSessionDraft(2026), days: 1.5 }
    const c = { ...newSessionDraft(2026), trainees: 'named' as const, days: 3 }
    expect(allStaffDays([a, b, c])).toBe(2.5)
  })

  it('maps a 422 naming a session field back to the row, and nothing else', () => {
    const e = new ApiError(422, 'training_plan.days_invalid', '第 2 期培训：培训天数…', { field: 'sessions', index: 1, key: 'days' })
    expect(sessionErrorOf(e)).toEqual({ index: 1, key: 'days', message: '第 2 期培训：培训天数…' })
    expect(sessionErrorOf(new ApiError(422, 'validation.required', '调整原因不能为空', { field: 'reason' }))).toBeNull()
    expect(sessionErrorOf(new Error('x'))).toBeNull()
  })
})
