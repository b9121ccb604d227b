// R: REV-3, REV-4 — the ten points, the outcomes, the queue's deadline order and fen ↔ yuan.
import { describe, expect, it } from 'vitest'
import {
  REVIEW_POINTS, blankFindings, caseReviewStatus, checkOpinion, criterionText, deadlineStateTag, fenToYuan, findingField,
  documentPath, money, ruleName, ruleRangeText, outcomeLabel, pointLabel, rangeText, reviewStateLabel, sortQueue, withinRange, yuanToFen,
  type Finding, type Review,
} from './review'

describe('labels', () => {
  it('name the ten points of REV-3 in the order of seed 000 §3.3', () => {
    expect(REVIEW_POINTS.map((p) => p.code)).toEqual([
      'subject', 'qualification', 'procedure', 'facts', 'evidence', 'law', 'discretion', 'authority', 'documents', 'referral',
    ])
    expect(new Set(REVIEW_POINTS.map((p) => p.label)).size).toBe(10)
    expect(pointLabel('discretion')).toContain('裁量')
    expect(pointLabel('nope')).toBe('nope')
  })
  it('name outcomes, states and case statuses', () => {
    expect(outcomeLabel('agree')).toBe('同意')
    expect(outcomeLabel('return')).toBe('退回补充材料')
    expect(outcomeLabel(null)).toBe('')
    expect(reviewStateLabel({ state: 'concluded', outcome: 'disagree' })).toBe('已审结：不同意')
    expect(reviewStateLabel({ state: 'assigned' })).toBe('审核中')
    expect(caseReviewStatus('passed')).toEqual({ label: '审核通过', type: 'success' })
    expect(caseReviewStatus('xyz').label).toBe('xyz')
  })
  it('colour deadlines: overdue red, due soon orange, unknown grey', () => {
    expect(deadlineStateTag('overdue').type).toBe('danger')
    expect(deadlineStateTag('due_soon').type).toBe('warning')
    expect(deadlineStateTag('unknown').type).toBe('info')
    expect(deadlineStateTag(undefined).type).toBe('info')
    expect(deadlineStateTag('ok').type).toBe('success')
  })
  it('say each criterion in words', () => {
    expect(criterionText({ label: '大额罚款', kind: 'fine_org', threshold_fen: 5000000, collective: true })).toBe('对单位罚款 50000.00 元 以上（须集体讨论）')
    expect(criterionText({ label: '处罚', kind: 'decision_kind', decision_kinds: ['penalty', 'no_penalty'] })).toBe('决定类型为行政处罚、不予行政处罚')
  })
})

describe('money', () => {
  it('turns typed yuan into fen without floating point', () => {
    expect(yuanToFen('20000')).toBe(2000000)
    expect(yuanToFen('0.29')).toBe(29)
    expect(yuanToFen('1,234.5')).toBe(123450)
    expect(yuanToFen(' ３０００元 ')).toBe(300000)
    expect(yuanToFen(12.3)).toBe(1230)
    expect(yuanToFen('1.234')).toBeNull()
    expect(yuanToFen('-5')).toBeNull()
    expect(yuanToFen('abc')).toBeNull()
    expect(yuanToFen('')).toBeNull()
    expect(yuanToFen(null)).toBeNull()
  })
  it('shows fen as yuan, and ranges', () => {
    expect(fenToYuan(2000000)).toBe('20000.00')
    expect(fenToYuan(null)).toBe('')
    expect(money(5)).toBe('0.05 元')
    expect(money(undefined)).toBe('—')
    expect(rangeText(100000, 2000000)).toBe('1000.00 – 20000.00 元')
    expect(rangeText(null, 5000000)).toBe('50000.00 元以下')
    expect(rangeText(1000000, null)).toBe('10000.00 元以上')
    expect(rangeText(null, null)).toBe('—')
  })
  it('tells whether an amount is within a range', () => {
    expect(withinRange(500000, 100000, 2000000)).toBe(true)
    expect(withinRange(2000000, 100000, 2000000)).toBe(true)
    expect(withinRange(2000001, 100000, 2000000)).toBe(false)
    expect(withinRange(99999, 100000, null)).toBe(false)
    expect(withinRange(null, 1, 2)).toBeNull()
  })
})

describe('queue order', () => {
  const r = (id: number, state: string, deadline: string, due: string | null, reviewer: number | null, submitted = '2026-11-0' + (id % 9)) =>
    ({ id, state, deadline_state: deadline, due_on: due, reviewer: reviewer ? { id: reviewer, name: 'x' } : null, submitted_at: submitted }) as unknown as Review
  it('puts 待我审核 first, then overdue, due soon, in time, unknown, by due date, the concluded last', () => {
    const rows = [
      r(1, 'concluded', 'ok', '2026-11-01', 7, '2026-11-01'),
      r(2, 'submitted', 'unknown', null, null),
      r(3, 'assigned', 'ok', '2026-12-09', 8),
      r(4, 'assigned', 'ok', '2026-12-08', 8),
      r(5, 'submitted', 'overdue', '2026-11-20', null),
      r(6, 'assigned', 'ok', '2026-12-20', 7),
      r(7, 'submitted', 'due_soon', '2026-12-01', null),
      r(8, 'concluded', 'ok', '2026-11-05', 8, '2026-11-05'),
    ]
    expect(sortQueue(rows, 7).map((x) => x.id)).toEqual([6, 5, 7, 4, 3, 2, 8, 1])
    // Without a user nothing is "mine"; the concluded one assigned to 7 stays with the concluded.
    expect(sortQueue(rows, null).map((x) => x.id)).toEqual([5, 7, 4, 3, 6, 2, 8, 1])
  })
  it('keeps the server order of equal rows and does not change its input', () => {
    const rows = [r(1, 'submitted', 'ok', '2026-12-01', null), r(2, 'submitted', 'ok', '2026-12-01', null)]
    expect(sortQueue(rows, 1).map((x) => x.id)).toEqual([1, 2])
    expect(rows.map((x) => x.id)).toEqual([1, 2])
  })
})

describe('the opinion form', () => {
  it('starts blank with ten points and keeps an earlier answer', () => {
    const f = blankFindings([{ point: 'facts', result: 'problem', comment: '证据不足' }])
    expect(f).toHaveLength(10)
    expect(f[3]).toEqual({ point: 'facts', result: 'problem', comment: '证据不足' })
    expect(f[0]).toEqual({ point: 'subject', result: '', comment: '' })
  })
  it('names each field the server would refuse', () => {
    const f: Finding[] = blankFindings().map((x) => ({ ...x, result: 'ok' }))
    expect(checkOpinion(f, 'agree', '同意')).toEqual({})
    f[4] = { point: 'evidence', result: 'problem', comment: ' ' }
    expect(checkOpinion(f, 'agree', '')).toEqual({
      'findings[4].comment': '存在问题的审核要点须填写意见',
      outcome: '存在问题的审核要点时不能同意',
      opinion: '请填写书面审核意见',
    })
    f[4].comment = '缺少现场检查笔录'
    expect(checkOpinion(f, 'disagree', '不同意')).toEqual({})
    expect(Object.keys(checkOpinion(blankFindings(), '', 'x'))).toHaveLength(11)
  })
  it('asks for a discretion comment when the fine is outside the tier', () => {
    const f: Finding[] = blankFindings().map((x) => ({ ...x, result: 'ok' }))
    expect(checkOpinion(f, 'agree', '同意', true)).toEqual({ 'findings[6].comment': '罚款超出裁量阶次范围，须说明裁量意见' })
    f[6].comment = '情节严重，从重'
    expect(checkOpinion(f, 'agree', '同意', true)).toEqual({})
  })
  it('spells the finding fields of the server as the form does', () => {
    expect(findingField('findings.3.comment')).toBe('findings[3].comment')
    expect(findingField('findings[6].result')).toBe('findings[6].result')
    expect(findingField('findings.facts.comment')).toBe('findings[3].comment')
    expect(findingField('findings.nope.comment')).toBe('findings.nope.comment')
    expect(findingField('outcome')).toBe('outcome')
  })
  it('names rules, their ranges and the documents', () => {
    const rule = { law: 'statistics_law', law_version: '2024', article: '第四十四条', max_fen: 10000000, serious_min_fen: 10000000, serious_max_fen: 50000000 }
    expect(ruleName(rule)).toBe('统计法第四十四条（2024 年修正）')
    expect(ruleRangeText(rule)).toBe('100000.00 元以下；情节严重的 100000.00 – 500000.00 元')
    expect(ruleRangeText({ max_fen: 1000000, serious_max_fen: null })).toBe('10000.00 元以下')
    expect(ruleName(null)).toBe('—')
    expect(documentPath({ owner_kind: 'case_step', owner_id: '12', code: 'case_legal_review', title: '法制审核意见书' })).toBe('/documents/case_step/12/case_legal_review')
  })
})
