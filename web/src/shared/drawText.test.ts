// The draw's parameters and result in words, as the console, the portal and the printed record
// show them (PUB-11: what a witness or a member of the public reads).
// R: PUB-11, DR-13
import { describe, expect, it } from 'vitest'
import { cliCommands, describeParams, shortHash, summaryText } from './drawText'

const EXAMPLE = import.meta.glob<string>('../../../docs/examples/draw/params.json', { query: '?raw', import: 'default', eager: true })

describe('describeParams', () => {
  it('reads the worked example as a witness would', () => {
    const text = EXAMPLE['../../../docs/examples/draw/params.json']
    expect(text, 'docs/examples/draw/params.json').toBeTypeOf('string')
    const lines = Object.fromEntries(describeParams(JSON.parse(text)).map((l) => [l.label, l.value]))
    expect(lines['抽取方式']).toBe('简单随机抽取')
    expect(lines['基础抽查比例']).toBe('3%')
    expect(lines['按信用状况']).toBe('守信 2%，信用异常 6%，一般失信 10%')
    expect(lines['按风险等级']).toBe('低风险 2%，高风险 10%')
    expect(lines['分层']).toBe('行政区划，再按比例分层')
    expect(lines['最低抽查比例']).toMatch(/5%/)
    expect(lines['抽取规则']).toBe('重点单位每年必查；严重失信单位每半年必查；3 年内已检查的不再抽取')
    expect(lines['检查组']).toMatch(/^每组本单位执法人员 2 人（第一名为组长），须具备专业“data_quality”；另抽 承德市市场监督管理局 1 人；/)
    expect(lines['检查组']).toMatch(/每人不超过 6 件/)
    expect(lines['哈希算法']).toBe('SM3（GB/T 32905）')
  })

  it('says what multistage and 100% draws do, and survives missing keys', () => {
    const ms = describeParams({ mode: 'multistage', hash: 'sha256', multistage: { clusters_min: 2, clusters_max: 3, units_min: 4, units_max: 6 }, rules: {} })
    expect(ms.find((l) => l.label === '多阶段')?.value).toBe('先随机抽取 2–3 个区划，每个区划再抽取 4–6 家')
    expect(ms.find((l) => l.label === '分层')).toBeUndefined()
    expect(ms.find((l) => l.label === '抽取规则')?.value).toBe('无')
    expect(describeParams({ mode: 'all' }).find((l) => l.label === '比例')?.value).toMatch(/100%/)
    expect(describeParams(null)[0]).toEqual({ label: '抽取方式', value: '' })
  })
})

describe('summaryText, shortHash, cliCommands', () => {
  it('summarises a result', () => {
    expect(summaryText({ pool: 120, forced: 3, removed: 14, candidates: 103, drawn: 6, selected: 9 })).toBe('名录 120 家：必查 3 家，近期已检查 14 家不再抽取，随机抽取 6 家，共选中 9 家')
    expect(summaryText({ pool: 5, forced: 0, removed: 0, candidates: 5, drawn: 5, selected: 5 }, 'all')).toBe('名录 5 家：必查 0 家，全部检查 5 家，共选中 5 家')
    expect(summaryText(null)).toBe('')
  })

  it('shortens hashes and names both verifiers', () => {
    const h = 'ab'.repeat(32)
    expect(shortHash(h)).toBe(`${h.slice(0, 12)}…${h.slice(-6)}`)
    expect(shortHash('abc')).toBe('abc')
    expect(cliCommands().map((c) => c.command)).toEqual(['zhifa draw verify certificate.json --pool pool.csv', 'python3 verify_draw.py certificate.json pool.csv'])
  })
})
