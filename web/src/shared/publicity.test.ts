import { describe, expect, it } from 'vitest'
import { contentBody, contentRows, deadlineText, emptyContent, fenText, maskDiff, newMasks, portalTotalLabel, takedownText, yuanToFen, type Deadline, type SpecField } from './publicity'

const join = (s: { text: string; changed: boolean }[], changed: boolean) => s.filter((x) => x.changed === changed).map((x) => x.text)

describe('maskDiff', () => {
  it('marks what the mask hides and what replaces it', () => {
    const o = '证人李明（手机13812345678，住杭州市西湖区文三路138号5幢601室），情况属实'
    const m = '证人李某（手机138****5678，住杭州市西湖区****），情况属实'
    const d = maskDiff(o, m)
    expect(d.original.map((x) => x.text).join('')).toBe(o)
    expect(d.masked.map((x) => x.text).join('')).toBe(m)
    expect(join(d.original, true)).toEqual(['明', '1234', '文三路138号5幢601室'])
    expect(join(d.masked, true)).toEqual(['某', '****', '****'])
  })
  it('leaves equal texts unmarked', () => {
    expect(maskDiff('杭州市统计局', '杭州市统计局')).toEqual({ original: [{ text: '杭州市统计局', changed: false }], masked: [{ text: '杭州市统计局', changed: false }] })
    expect(maskDiff('', '')).toEqual({ original: [], masked: [] })
  })
  it('never takes a star of the original as already masked', () => {
    const d = maskDiff('a*b', 'a**')
    expect(join(d.masked, true)).toEqual(['**'])
    expect(join(d.original, true)).toEqual(['*b'])
  })
})

describe('deadlineText', () => {
  const base: Deadline = { due: '2026-10-13', period_workdays: 7, from: '2026-09-28', status: 'due', workdays_left: 3, published_on: null, takedown: null }
  it('shows the due date and the working days left', () => {
    expect(deadlineText(base)).toEqual({ text: '2026-10-13 前公示，剩 3 个工作日', type: '', overdue: false })
    expect(deadlineText({ ...base, status: 'due_soon', workdays_left: 1 }).type).toBe('warning')
  })
  it('marks overdue and late red', () => {
    expect(deadlineText({ ...base, status: 'overdue' })).toMatchObject({ type: 'danger', overdue: true })
    expect(deadlineText({ ...base, status: 'published_late', published_on: '2026-10-20' }).text).toBe('2026-10-20 逾期公示（应于 2026-10-13 前）')
    expect(deadlineText({ ...base, status: 'unknown', due: null }).text).toMatch(/未知/)
  })
  it('gives the takedown clock', () => {
    expect(takedownText(null)).toBeNull()
    expect(takedownText({ due: '2026-12-08', from: '2026-11-29', period_workdays: 7, status: 'overdue' })).toMatchObject({ type: 'danger', overdue: true })
  })
})

const FIELDS: SpecField[] = [
  { key: 'body', label: '执法主体', type: 'text', required: false },
  { key: 'object', label: '执法对象', type: 'object', fields: [
    { key: 'kind', label: '对象类别', type: 'choice', choices: ['org', 'person'] },
    { key: 'name', label: '名称或姓名', type: 'text' },
  ] },
  { key: 'category', label: '执法类别', type: 'choice', choices: ['penalty', 'no_penalty'], choice_labels: ['行政处罚', '不予行政处罚'] },
  { key: 'inspectors', label: '检查人员', type: 'list', fields: ['name', 'certificate_no'] },
  { key: 'problems', label: '是否发现问题', type: 'boolean' },
  { key: 'amount_fen', label: '罚款金额', type: 'fen', required: false },
  { key: 'facts', label: '违法事实', type: 'text', required: false },
]

describe('contentRows', () => {
  it('lays the content out by the spec', () => {
    const c = { body: '杭州市统计局', object: { kind: 'person', name: '张三' }, category: 'penalty', inspectors: [{ name: '尤振华', certificate_no: '33010024006' }], problems: false, amount_fen: 5000 }
    const rows = contentRows(FIELDS, c, { ...c, object: { kind: 'person', name: '张三' } })
    expect(rows.map((r) => [r.label, r.original])).toEqual([
      ['执法主体', '杭州市统计局'],
      ['执法对象·对象类别', '自然人'],
      ['执法对象·名称或姓名', '张三'],
      ['执法类别', '行政处罚'],
      ['检查人员 1', '尤振华 33010024006'],
      ['是否发现问题', '否'],
      ['罚款金额', '50.00 元'],
    ])
  })
})

describe('form helpers', () => {
  it('builds the empty content and the body to send', () => {
    const e = emptyContent(FIELDS)
    expect(e).toEqual({ body: '', object: { kind: 'org', name: '' }, category: 'penalty', inspectors: [], problems: false, amount_fen: null, facts: '' })
    e.inspectors = [{ name: '尤振华', certificate_no: '1' }, { name: '', certificate_no: '' }]
    e.facts = '  '
    expect(contentBody(FIELDS, e)).toEqual({ object: { kind: 'org', name: '' }, category: 'penalty', inspectors: [{ name: '尤振华', certificate_no: '1' }], problems: false })
  })
  it('reads yuan and masks', () => {
    expect(yuanToFen('50')).toBe(5000)
    expect(yuanToFen('0.5')).toBe(50)
    expect(yuanToFen('')).toBeNull()
    expect(yuanToFen('abc')).toBeNaN()
    expect(fenText(2000000)).toBe('20000.00 元')
    expect(newMasks('西溪村, 西溪村\n老王；', ['老王'])).toEqual(['西溪村'])
  })
})

// R: PUB-10 — the portal's count: exact up to the server's cap, "more than" past it.
describe('portalTotalLabel', () => {
  it('says the exact count, or that there are more than the cap', () => {
    expect(portalTotalLabel({ total: 0, total_capped: false })).toBe('0 条')
    expect(portalTotalLabel({ total: 4859, total_capped: false })).toBe('4859 条')
    expect(portalTotalLabel({ total: 10000, total_capped: true })).toBe('超过 10,000 条')
  })
})
