import { describe, expect, it } from 'vitest'
import { buildMenu, canOpen, menuTitles } from './menu'

const SYS = ['org.read', 'calendar.read', 'user.manage', 'bureau.manage', 'calendar.manage']
const SEC = ['calendar.read', 'policy.manage', 'policy.read']
const AUDIT = ['calendar.read', 'audit.read', 'policy.read']
const INSPECTOR = ['org.read', 'calendar.read']

describe('buildMenu', () => {
  it('always starts with 工作台', () => {
    expect(buildMenu([])).toEqual([{ key: 'dashboard', title: '工作台', path: '/', icon: 'HomeFilled' }])
  })

  it('gives the system administrator bureaus, user admin and the calendar, but no audit log', () => {
    const m = buildMenu(SYS)
    expect(menuTitles(m)).toEqual(['工作台', '机构与人员', '机构', '人员', '工作日历'])
    const org = m.find((x) => x.key === 'org')!
    expect(org.children!.map((c) => c.path)).toEqual(['/org/bureaus', '/org/users'])
    expect(m.some((x) => x.key === 'audit' || x.key === 'security')).toBe(false)
  })

  it('gives staff with org.read a read-only people directory', () => {
    const m = buildMenu(INSPECTOR)
    expect(menuTitles(m)).toEqual(['工作台', '机构与人员', '机构', '人员', '工作日历'])
    expect(m.find((x) => x.key === 'org')!.children!.map((c) => c.key)).toEqual(['bureaus', 'people'])
  })

  it('gives the security administrator the policy page only', () => {
    expect(menuTitles(buildMenu(SEC))).toEqual(['工作台', '工作日历', '安全策略'])
  })

  it('gives the audit administrator the operation log and no organisation pages', () => {
    const m = buildMenu(AUDIT)
    expect(menuTitles(m)).toEqual(['工作台', '工作日历', '操作日志'])
    expect(m.find((x) => x.key === 'audit')!.path).toBe('/audit')
  })

  it('leaves out the 机构与人员 group when nothing in it is allowed', () => {
    expect(buildMenu(['calendar.read']).some((x) => x.key === 'org')).toBe(false)
  })

  it('shows the bureau page to bureau.manage alone', () => {
    const org = buildMenu(['bureau.manage']).find((x) => x.key === 'org')!
    expect(org.children!.map((c) => c.key)).toEqual(['bureaus'])
  })
})

describe('canOpen', () => {
  it('matches the menu', () => {
    expect(canOpen('users', SYS)).toBe(true)
    expect(canOpen('people', SYS)).toBe(false)
    expect(canOpen('people', INSPECTOR)).toBe(true)
    expect(canOpen('users', INSPECTOR)).toBe(false)
    expect(canOpen('audit', SYS)).toBe(false)
    expect(canOpen('audit', AUDIT)).toBe(true)
    expect(canOpen('security', SEC)).toBe(true)
    expect(canOpen('security', AUDIT)).toBe(false)
    expect(canOpen('dashboard', [])).toBe(true)
    expect(canOpen('bureaus', AUDIT)).toBe(false)
  })

  it('refuses unknown pages', () => {
    expect(canOpen('nope', SYS)).toBe(false)
  })
})
