// R: PUB-5 — the flowchart's layout from the law table's graph, the fine rule's article line and
// the item form's payload.
import { describe, expect, it } from 'vitest'
import { articleText, blankItem, itemToForm, itemsPayload, layoutFlow, wrapText, type Flowchart, type PriorItem } from './prior'

const step = (kind: string, label: string, document_title = '') => ({ kind, label, document_title, internal: false })
const chart: Flowchart = {
  code: 'general',
  label: '一般程序',
  states: [
    { code: 'draft', label: '待立案', steps: [step('plan_approval', '执法方案审批', '执法方案审批表')] },
    { code: 'investigating', label: '调查取证', steps: [step('inquiry', '询问'), step('onsite_inspection', '现场检查')] },
    { code: 'closed', label: '已结案', steps: [] },
  ],
  edges: [
    { from: 'draft', to: 'investigating', steps: [step('opening_approval', '立案审批'), step('emergency_start', '紧急先行调查')] },
    { from: 'investigating', to: 'closed', steps: [step('closing', '结案审批')] },
    { from: 'draft', to: 'closed', steps: [step('x', '不予立案')] },
  ],
}

describe('layoutFlow', () => {
  it('stacks a box per state with its steps and labels the arrows with the steps that move on', () => {
    const l = layoutFlow(chart)
    expect(l.boxes.map((b) => b.title)).toEqual(['待立案', '调查取证', '已结案'])
    expect(l.boxes[1].lines).toEqual(['· 询问', '· 现场检查'])
    expect(l.boxes[1].h).toBeGreaterThan(l.boxes[2].h)
    expect(l.arrows).toHaveLength(2)
    expect(l.arrows[0].lines).toEqual(['立案审批', '紧急先行调查'])
    // Boxes never overlap and each arrow runs from one box's bottom to the next box's top.
    for (let i = 0; i < l.arrows.length; i++) {
      expect(l.arrows[i].y1).toBe(l.boxes[i].y + l.boxes[i].h)
      expect(l.arrows[i].y2).toBe(l.boxes[i + 1].y)
    }
    expect(l.height).toBeGreaterThan(l.boxes[2].y + l.boxes[2].h)
  })
  it('draws an edge that skips a state as a curve on the right, within the width', () => {
    const l = layoutFlow(chart)
    expect(l.jumps).toHaveLength(1)
    expect(l.jumps[0].label).toBe('不予立案')
    expect(l.jumps[0].lx).toBeLessThanOrEqual(l.width)
  })
  it('wraps long step names to the box', () => {
    const long = { ...chart, states: [{ code: 'draft', label: '待立案', steps: [step('a', '很'.repeat(60))] }], edges: [] }
    const l = layoutFlow(long, 340)
    expect(l.boxes[0].lines.length).toBeGreaterThan(2)
    expect(wrapText('一二三四五', 2)).toEqual(['一二', '三四', '五'])
    expect(wrapText('', 3)).toEqual([''])
  })
})

describe('items', () => {
  it('words an article with its span and the serious range', () => {
    const t = articleText({
      law_version: '2024', effective_from: '2024-09-13', effective_to: null, article: '第四十四条', party_class: 'org',
      party_class_label: '企业事业单位或者其他组织', max_fen: 10000000, serious_max_fen: 50000000,
    })
    expect(t).toContain('第四十四条（2024年文本，2024-09-13起）')
    expect(t).toContain('100000.00 元')
    expect(t).toContain('情节严重最高 500000.00 元')
    expect(articleText({
      law_version: '2009', effective_from: '2010-01-01', effective_to: '2024-09-12', article: '第四十四条', party_class: 'person',
      party_class_label: '个人', max_fen: 0, serious_max_fen: null,
    })).toContain('不罚款')
  })
  it('sends fine rules only for a penalty item, trimmed, and the reason when given', () => {
    const a = { ...blankItem(), code: ' A-1 ', name: ' 事项 ', fine_rules: ['late_report'] }
    const b = { ...blankItem(), code: 'B', name: '检查', category: 'inspection', fine_rules: ['late_report'] }
    const p = itemsPayload([a, b], '  ', 7)
    expect(p).not.toHaveProperty('reason')
    expect(p.bureau_id).toBe(7)
    expect(p.items[0].code).toBe('A-1')
    expect(p.items[0].fine_rules).toEqual(['late_report'])
    expect(p.items[1].fine_rules).toEqual([])
    expect(itemsPayload([a], ' 修法 ').reason).toBe('修法')
  })
  it('turns a published item back into the form', () => {
    const it: PriorItem = {
      code: 'X', name: 'n', category: 'penalty', category_label: '行政处罚', basis: [{ law: 'l', article: 'a', text: 't' }],
      levels: ['city'], level_labels: ['市级'], fine_rules: [{ violation: 'obstruct', label: '', articles: [] }],
      guide: { conditions: 'c', procedure: 'p', time_limit: 't', contact: '' },
    }
    const f = itemToForm(it)
    expect(f.fine_rules).toEqual(['obstruct'])
    expect(f.guide.conditions).toBe('c')
    f.basis[0].law = 'changed'
    expect(it.basis[0].law).toBe('l')
  })
})
