import { describe, expect, it } from 'vitest'
import { buildBureauTree, bureauPath, flattenTree } from './bureauTree'
import type { Bureau, BureauLevel } from './types'

function b(id: number, parent_id: number | null, code: string, name: string, level: BureauLevel): Bureau {
  return { id, parent_id, code, name, level, kind: '统计局', address: '', phone: '' }
}

const ZJ = [
  b(5, 2, '330106', '西湖区统计局', 'county'),
  b(1, null, '330000', '浙江省统计局', 'province'),
  b(3, 1, '330200', '宁波市统计局', 'city'),
  b(2, 1, '330100', '杭州市统计局', 'city'),
  b(4, 2, '330102', '上城区统计局', 'county'),
  b(6, 1, '330000-PC', '浙江省统计局普查中心', 'unit'),
]

describe('buildBureauTree', () => {
  it('nests children under parents and sorts by level, then code, units last', () => {
    const tree = buildBureauTree(ZJ)
    expect(tree).toHaveLength(1)
    expect(tree[0].name).toBe('浙江省统计局')
    expect(tree[0].children.map((c) => c.name)).toEqual(['杭州市统计局', '宁波市统计局', '浙江省统计局普查中心'])
    expect(tree[0].children[0].children.map((c) => c.code)).toEqual(['330102', '330106'])
    expect(tree[0].children[1].children).toEqual([])
  })

  it('makes a bureau whose parent is outside the scope a root', () => {
    const scoped = ZJ.filter((x) => x.id === 2 || x.id === 4 || x.id === 5)
    const tree = buildBureauTree(scoped)
    expect(tree.map((t) => t.name)).toEqual(['杭州市统计局'])
    expect(tree[0].children).toHaveLength(2)
  })

  it('returns several roots when siblings are scoped without their parent', () => {
    const tree = buildBureauTree([ZJ[0], ZJ[4]])
    expect(tree.map((t) => t.code)).toEqual(['330102', '330106'])
  })

  it('keeps every item exactly once, even with a cycle in bad data', () => {
    const bad = [b(1, 2, '1', 'A', 'city'), b(2, 1, '2', 'B', 'city'), b(3, 3, '3', 'C', 'county')]
    const flat = flattenTree(buildBureauTree(bad))
    expect(flat.map((x) => x.id).sort()).toEqual([1, 2, 3])
  })

  it('handles an empty list and does not change the input', () => {
    expect(buildBureauTree([])).toEqual([])
    const copy = JSON.parse(JSON.stringify(ZJ))
    buildBureauTree(ZJ)
    expect(ZJ).toEqual(copy)
  })

  it('flattens depth-first', () => {
    expect(flattenTree(buildBureauTree(ZJ)).map((x) => x.id)).toEqual([1, 2, 4, 5, 3, 6])
  })
})

describe('bureauPath', () => {
  it('lists names from the root down', () => {
    expect(bureauPath(ZJ, 5)).toEqual(['浙江省统计局', '杭州市统计局', '西湖区统计局'])
    expect(bureauPath(ZJ, 99)).toEqual([])
  })
})
