import { describe, expect, it } from 'vitest'
import {
  bpToPercent,
  canManageSpotcheck,
  contentFormIndex,
  emptyItemForm,
  frequencyText,
  itemFormFrom,
  itemFormProblems,
  itemPayload,
  moveEntry,
  newPoint,
  percentToBp,
  pointProblems,
  pointsPayload,
  ratioText,
  versionChanges,
} from './spotcheck'
import type { SessionUser, SpotcheckItemVersion } from './types'

// Seed 000's first item as the server answers it (src/demo/spotcheck_demo.cpp).
const ITEM1: SpotcheckItemVersion = {
  id: 1,
  item_id: 1,
  version: 1,
  name: '统计调查对象执行统计法及国家有关规定情况',
  basis: '《统计法》《统计法实施条例》《统计执法监督检查办法》',
  bodies: ['province', 'city', 'county'],
  bodies_text: '省、市、县三级统计局',
  object_type: 'survey_object',
  object_type_name: '统计调查对象',
  ratio_min_bp: 300,
  ratio_max_bp: 300,
  ratio_text: '3%',
  frequency_min: 1,
  frequency_max: 2,
  frequency_text: '1-2次/年',
  method: 'both',
  method_name: '现场检查或书面检查',
  contents: ['调查对象依法提供统计资料情况', '调查对象依法设置原始记录、统计台账情况'],
  notes: '',
  effective_from: '2019-09-30',
  effective_to: null,
  reason: '印发',
  created_at: '2026-11-01T00:00:00Z',
  created_by: { id: 5, name: '浙江承办' },
  seq: 40,
}

function user(level: 'province' | 'city' | 'county' | 'unit', perms: string[]): SessionUser {
  return {
    id: 1,
    username: 'u',
    name: 'u',
    bureau: { id: 1, name: 'b', code: '330000', level },
    department: null,
    roles: ['unit_head'],
    permissions: perms,
    must_change_password: false,
  }
}

// R: DR-1, DR-14 — ratios are basis points on the wire and percentages on the page, exactly.
describe('percentages and basis points', () => {
  it('show basis points as the seeds write percentages', () => {
    expect(bpToPercent(300)).toBe('3')
    expect(bpToPercent(250)).toBe('2.5')
    expect(bpToPercent(10000)).toBe('100')
    expect(bpToPercent(5)).toBe('0.05')
    expect(bpToPercent(1)).toBe('0.01')
    expect(bpToPercent(110)).toBe('1.1')
    expect(ratioText(300, 300)).toBe('3%')
    expect(ratioText(100, 250)).toBe('1%-2.5%')
    expect(frequencyText(1, 2)).toBe('1-2次/年')
    expect(frequencyText(1, 1)).toBe('1次/年')
  })

  it('parse typed percentages without binary fractions', () => {
    expect(percentToBp('3')).toBe(300)
    expect(percentToBp(' 2.5 ')).toBe(250)
    expect(percentToBp('2.5%')).toBe(250)
    expect(percentToBp('0.29')).toBe(29) // 0.29 * 100 is 28.999999999999996 in floating point
    expect(percentToBp('0.07')).toBe(7)
    expect(percentToBp('100')).toBe(10000)
    expect(percentToBp('1.005')).toBeNull()
    expect(percentToBp('')).toBeNull()
    expect(percentToBp('abc')).toBeNull()
    expect(percentToBp('-1')).toBeNull()
    for (const bp of [1, 7, 29, 250, 333, 9999]) expect(percentToBp(bpToPercent(bp))).toBe(bp)
  })
})

// R: DR-1 — the province sets the list: a city unit head is offered no change.
describe('canManageSpotcheck', () => {
  it('needs the permission at a province-level bureau', () => {
    expect(canManageSpotcheck(user('province', ['spotcheck.read', 'spotcheck.items.manage']))).toBe(true)
    expect(canManageSpotcheck(user('city', ['spotcheck.read', 'spotcheck.items.manage']))).toBe(false)
    expect(canManageSpotcheck(user('unit', ['spotcheck.items.manage']))).toBe(false)
    expect(canManageSpotcheck(user('province', ['spotcheck.read']))).toBe(false)
    expect(canManageSpotcheck(null)).toBe(false)
  })
})

describe('the item form', () => {
  it('starts a new version from the latest, today, without a reason', () => {
    const f = itemFormFrom(ITEM1, '2026-11-29')
    expect(f.ratio_min).toBe('3')
    expect(f.ratio_max).toBe('3')
    expect(f.effective_from).toBe('2026-11-29')
    expect(f.reason).toBe('')
    expect(f.contents).toEqual(ITEM1.contents)
    f.contents.push('x')
    expect(ITEM1.contents).toHaveLength(2)
  })

  it('sends basis points, the levels in order, and no empty content lines', () => {
    const f = itemFormFrom(ITEM1, '2026-11-29')
    f.ratio_min = '1'
    f.ratio_max = '2.5'
    f.bodies = ['county', 'province']
    f.contents = ['  甲 ', '', '乙']
    f.reason = ' 调整 '
    const body = itemPayload(f)
    expect(body).toMatchObject({ ratio_min_bp: 100, ratio_max_bp: 250, bodies: ['province', 'county'], contents: ['甲', '乙'], reason: '调整', effective_from: '2026-11-29' })
    expect('effective_to' in body).toBe(false)
  })

  it('names missing fields before sending, and the reason only for a version', () => {
    const f = emptyItemForm('2026-11-29')
    const p = itemFormProblems(f, false)
    expect(Object.keys(p).sort()).toEqual(['basis', 'contents', 'name', 'ratio_max_bp', 'ratio_min_bp'].sort())
    const v = itemFormFrom(ITEM1, '2026-11-29')
    expect(itemFormProblems(v, false)).toEqual({})
    expect(Object.keys(itemFormProblems(v, true))).toEqual(['reason'])
    v.ratio_min = '2.555'
    expect(itemFormProblems(v, false).ratio_min_bp).toMatch(/两位小数/)
  })

  it('takes an empty upper bound as a single ratio', () => {
    const f = itemFormFrom(ITEM1, '2026-11-29')
    f.ratio_min = '2.5'
    f.ratio_max = ' '
    expect(itemFormProblems(f, false)).toEqual({})
    expect(itemPayload(f)).toMatchObject({ ratio_min_bp: 250, ratio_max_bp: 250 })
  })

  it('maps the server content index onto the form, skipping empty lines', () => {
    expect(contentFormIndex(['a', '', 'b', 'c'], 1)).toBe(2)
    expect(contentFormIndex(['a', '', 'b'], 0)).toBe(0)
    expect(contentFormIndex(['a'], 3)).toBe(-1)
  })
})

describe('versionChanges', () => {
  it('lists exactly the fields that differ, as shown', () => {
    const next: SpotcheckItemVersion = {
      ...ITEM1,
      id: 2,
      version: 2,
      ratio_min_bp: 300,
      ratio_max_bp: 500,
      ratio_text: '3%-5%',
      contents: [...ITEM1.contents, '新增内容'],
      effective_from: '2027-01-01',
    }
    const c = versionChanges(ITEM1, next)
    expect(c.map((x) => x.label)).toEqual(['抽查比例', '抽查内容', '生效日期'])
    expect(c[0]).toEqual({ label: '抽查比例', from: '3%', to: '3%-5%' })
    expect(c[1].to).toContain('3. 新增内容')
    expect(versionChanges(ITEM1, { ...ITEM1 })).toEqual([])
  })
})

// R: DR-3 — the check points editor: add, remove, reorder, answers and flags.
describe('check points', () => {
  it('moves entries and ignores moves past the ends', () => {
    const l = ['a', 'b', 'c']
    moveEntry(l, 2, -1)
    expect(l).toEqual(['a', 'c', 'b'])
    moveEntry(l, 0, -1)
    moveEntry(l, 2, 1)
    expect(l).toEqual(['a', 'c', 'b'])
  })

  it('starts a point with the default answers and no flags', () => {
    expect(newPoint()).toEqual({ text: '', answers: ['符合', '不符合', '不适用'], photo_required: false, signature_required: false })
  })

  it('names points without text, with fewer than two answers or duplicates', () => {
    const pts = [
      { ...newPoint(), text: '甲' },
      { ...newPoint(), text: ' ' },
      { ...newPoint(), text: '丙', answers: ['是'] },
      { ...newPoint(), text: '丁', answers: ['是', ' 是 '] },
    ]
    const p = pointProblems(pts)
    expect(Object.keys(p).map(Number)).toEqual([1, 2, 3])
    expect(p[2]).toMatch(/至少 2 项/)
    expect(p[3]).toMatch(/重复/)
  })

  it('sends the points trimmed, in order, with their flags', () => {
    const pts = [
      { text: ' 甲 ', answers: [' 是', '否 ', ''], photo_required: true, signature_required: false },
      { text: '乙', answers: ['符合', '不符合'], photo_required: false, signature_required: true },
    ]
    expect(pointsPayload(pts)).toEqual([
      { text: '甲', answers: ['是', '否'], photo_required: true, signature_required: false },
      { text: '乙', answers: ['符合', '不符合'], photo_required: false, signature_required: true },
    ])
  })
})
