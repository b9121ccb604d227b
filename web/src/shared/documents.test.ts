import { describe, expect, it } from 'vitest'
import { describeGenerations, documentPage, documentPdfUrl, type DocumentGeneration } from './documents'

const gen = (id: number, hash: string, changed: boolean, at: string): DocumentGeneration => ({
  id, owner_kind: 'case_step', owner_id: '7', template_code: 'penalty_decision', title: '行政处罚决定书', bureau_id: 2,
  pdf_hash: hash, rendered_seq: 100 + id, created_by: 5, created_at: at, ledger_seq: 200 + id, changed,
})

describe('documents', () => {
  it('escapes every path segment', () => {
    expect(documentPage('case_step', '7/../x', 'a b')).toBe('/documents/case_step/7%2F..%2Fx/a%20b')
    expect(documentPdfUrl('draw_session', 3, 'draw_record')).toBe('/api/v1/documents/draw_session/3/draw_record.pdf')
  })
  it('lists generations newest first and says which changed', () => {
    const lines = describeGenerations([
      gen(1, 'a'.repeat(64), false, '2026-03-05T02:00:00.000Z'),
      gen(2, 'b'.repeat(64), true, '2026-03-06T03:00:00.000Z'),
    ])
    expect(lines).toHaveLength(2)
    expect(lines[0]).toContain('2026-03-06 03:00:00')
    expect(lines[0]).toContain('内容有变化')
    expect(lines[0]).toContain('b'.repeat(16))
    expect(lines[0]).toContain('第 102 条')
    expect(lines[1]).toContain('首次生成')
  })
})
