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

describe('evidence pages (REC-18, REC-23)', () => {
  const INSP = [...INSPECTOR, 'evidence.read', 'evidence.upload']
  it('give staff who read evidence the records and the device list', () => {
    const m = buildMenu(INSP)
    expect(menuTitles(m)).toEqual(['工作台', '机构与人员', '机构', '人员', '执法音像', '执法音像记录', '音像设备', '工作日历'])
    expect(m.find((x) => x.key === 'evidence-group')!.children!.map((c) => c.path)).toEqual(['/evidence', '/evidence/devices'])
  })

  it('give device.manage alone the device page only', () => {
    const g = buildMenu(['device.manage']).find((x) => x.key === 'evidence-group')!
    expect(g.children!.map((c) => c.key)).toEqual(['devices'])
  })

  it('are not shown to the administrators', () => {
    for (const perms of [SYS, SEC, AUDIT]) expect(buildMenu(perms).some((x) => x.key === 'evidence-group')).toBe(false)
  })

  it('match canOpen', () => {
    expect(canOpen('evidence', INSP)).toBe(true)
    expect(canOpen('devices', INSP)).toBe(true)
    expect(canOpen('devices', ['device.manage'])).toBe(true)
    expect(canOpen('evidence', ['device.manage'])).toBe(false)
    expect(canOpen('evidence', SYS)).toBe(false)
    expect(canOpen('devices', AUDIT)).toBe(false)
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

describe('双随机 pages (DR-1, DR-2, DR-3, INF-2)', () => {
  // R: DR-1, DR-2 — every staff role reads the list and the registry; the unit head keeps the registry.
  const READER = [...INSPECTOR, 'spotcheck.read', 'registry.read']
  const UNIT_HEAD = [...READER, 'spotcheck.items.manage', 'registry.manage']

  it('give readers the item list, the forms and both registries, without the import', () => {
    const g = buildMenu(READER).find((x) => x.key === 'random-group')!
    expect(g.title).toBe('双随机')
    expect(g.children!.map((c) => c.title)).toEqual(['抽查事项清单', '检查表式', '年度抽查计划', '计划报送情况', '抽查批次', '检查记录', '调查对象名录', '涉外调查机构'])
    expect(g.children!.map((c) => c.path)).toEqual(['/spotcheck/items', '/spotcheck/forms', '/spotcheck/plans', '/spotcheck/plan-status', '/spotcheck/draws', '/spotcheck/inspections', '/registry/objects', '/registry/foreign-bodies'])
  })

  it('give registry.manage the import as well', () => {
    const g = buildMenu(UNIT_HEAD).find((x) => x.key === 'random-group')!
    expect(g.children!.map((c) => c.key)).toEqual(['spotcheck-items', 'spotcheck-forms', 'plans', 'plan-status', 'draws', 'inspections', 'objects', 'foreign-bodies', 'objects-import'])
  })

  it('follow each permission on its own', () => {
    expect(buildMenu(['spotcheck.read']).find((x) => x.key === 'random-group')!.children!.map((c) => c.key)).toEqual(['spotcheck-items', 'spotcheck-forms', 'plans', 'plan-status', 'draws', 'inspections'])
    expect(buildMenu(['registry.read']).find((x) => x.key === 'random-group')!.children!.map((c) => c.key)).toEqual(['objects', 'foreign-bodies'])
  })

  it('are not shown to the administrators', () => {
    for (const perms of [SYS, SEC, AUDIT]) expect(buildMenu(perms).some((x) => x.key === 'random-group')).toBe(false)
  })

  it('match canOpen', () => {
    expect(canOpen('spotcheck-items', READER)).toBe(true)
    expect(canOpen('spotcheck-forms', READER)).toBe(true)
    expect(canOpen('objects', READER)).toBe(true)
    expect(canOpen('foreign-bodies', READER)).toBe(true)
    expect(canOpen('objects-import', READER)).toBe(false)
    expect(canOpen('objects-import', UNIT_HEAD)).toBe(true)
    for (const page of ['spotcheck-items', 'spotcheck-forms', 'objects', 'foreign-bodies', 'objects-import']) expect(canOpen(page, SYS)).toBe(false)
  })
})

describe('annual plans and the inspector registry (DR-4, DR-2, ORG-2, ORG-5)', () => {
  // R: DR-4 — every staff role reads the plans and their deadline; only the unit head makes one.
  const READER = [...INSPECTOR, 'spotcheck.read', 'registry.read', 'inspector.read']
  const UNIT_HEAD = [...READER, 'spotcheck.items.manage', 'spotcheck.plans.manage', 'registry.manage', 'inspector.manage']
  const keys = (perms: string[]) => buildMenu(perms).find((x) => x.key === 'random-group')?.children?.map((c) => c.key) ?? []

  it('give readers the plans, the deadline view and the inspector list, without the import', () => {
    const g = buildMenu(READER).find((x) => x.key === 'random-group')!
    expect(g.children!.filter((c) => ['plans', 'plan-status', 'inspectors'].includes(c.key)).map((c) => [c.title, c.path])).toEqual([
      ['年度抽查计划', '/spotcheck/plans'],
      ['计划报送情况', '/spotcheck/plan-status'],
      ['执法人员名录', '/registry/inspectors'],
    ])
    expect(keys(READER)).not.toContain('inspectors-import')
  })

  it('give inspector.manage the inspector import after the registries and the training plans', () => {
    const k = keys(UNIT_HEAD)
    expect(k.slice(-3)).toEqual(['inspectors', 'training-plans', 'inspectors-import'])
    expect(k.indexOf('plans')).toBe(k.indexOf('spotcheck-forms') + 1)
  })

  it('follow each permission on its own', () => {
    expect(keys(['inspector.read'])).toEqual(['inspectors', 'training-plans'])
    expect(keys(['inspector.manage'])).toEqual(['inspectors', 'training-plans', 'inspectors-import'])
    expect(keys(['spotcheck.plans.manage'])).toEqual([])
  })

  it('match canOpen: the editor needs spotcheck.plans.manage, the import inspector.manage', () => {
    for (const page of ['plans', 'plan-status', 'inspectors']) expect(canOpen(page, READER)).toBe(true)
    expect(canOpen('plan-edit', READER)).toBe(false)
    expect(canOpen('plan-edit', UNIT_HEAD)).toBe(true)
    expect(canOpen('inspectors-import', READER)).toBe(false)
    expect(canOpen('inspectors-import', UNIT_HEAD)).toBe(true)
    for (const page of ['plans', 'plan-status', 'plan-edit', 'inspectors', 'inspectors-import']) expect(canOpen(page, SYS)).toBe(false)
  })

  // R: ORG-5 — 培训计划 sits next to the inspector registry for everyone who reads it.
  it('give every reader of the inspector registry the training plans beside it', () => {
    const g = buildMenu(READER).find((x) => x.key === 'random-group')!
    const i = g.children!.findIndex((c) => c.key === 'inspectors')
    expect([g.children![i + 1].title, g.children![i + 1].path]).toEqual(['培训计划', '/registry/training-plans'])
    expect(canOpen('training-plans', READER)).toBe(true)
    expect(canOpen('training-plans', ['inspector.manage'])).toBe(true)
    for (const perms of [SYS, ['spotcheck.read', 'registry.read']]) expect(canOpen('training-plans', perms)).toBe(false)
  })
})

describe('witnessed draws (DR-6, DR-7, DR-12, PUB-11)', () => {
  // R: DR-6 — every staff role with spotcheck.read follows the draws; drawing itself is checked on the page and by the server.
  const keys = (perms: string[]) => buildMenu(perms).find((x) => x.key === 'random-group')?.children?.map((c) => c.key) ?? []

  it('put 抽查批次 after the plans for every reader, the unit head and the bureau head alike', () => {
    for (const extra of [[], ['spotcheck.draw'], ['spotcheck.draw.approve']]) {
      const k = keys(['spotcheck.read', ...extra])
      expect(k.indexOf('draws')).toBe(k.indexOf('plan-status') + 1)
    }
    const item = buildMenu(['spotcheck.read']).find((x) => x.key === 'random-group')!.children!.find((c) => c.key === 'draws')!
    expect([item.title, item.path]).toEqual(['抽查批次', '/spotcheck/draws'])
  })

  it('need spotcheck.read: drawing rights alone open nothing', () => {
    expect(keys(['spotcheck.draw'])).toEqual([])
    expect(canOpen('draws', ['spotcheck.draw', 'spotcheck.draw.approve'])).toBe(false)
    expect(canOpen('draws', ['spotcheck.read'])).toBe(true)
    for (const perms of [SYS, SEC, AUDIT]) expect(canOpen('draws', perms)).toBe(false)
  })
})

describe('法制审核 pages (REV-1..REV-5, ORG-4)', () => {
  // R: REV-2, REV-3, ORG-4 — the legal affairs unit, the unit head and the bureau head read the review pages.
  const group = (perms: string[]) => buildMenu(perms).find((x) => x.key === 'review-group')
  const REVIEWER = [...INSPECTOR, 'case.read', 'review.read', 'review.assign', 'review.conduct', 'review.catalogue.manage', 'review.roster.manage', 'review.benchmarks.manage']

  it('give review.read the queue, the catalogue, the roster and the benchmarks under 法制审核', () => {
    const g = group(REVIEWER)!
    expect(g.title).toBe('法制审核')
    expect(g.children!.map((c) => [c.title, c.path])).toEqual([
      ['审核队列', '/review/queue'],
      ['审核事项清单', '/review/catalogue'],
      ['审核人员名单', '/review/roster'],
      ['裁量基准', '/review/benchmarks'],
    ])
    expect(group(['review.read'])!.children!.map((c) => c.key)).toEqual(['review-queue', 'review-catalogue', 'review-roster', 'review-benchmarks'])
  })

  it('open each manage page by its own permission, the queue only by review.read', () => {
    expect(group(['review.catalogue.manage'])!.children!.map((c) => c.key)).toEqual(['review-catalogue'])
    expect(group(['review.roster.manage'])!.children!.map((c) => c.key)).toEqual(['review-roster'])
    expect(group(['review.benchmarks.manage'])!.children!.map((c) => c.key)).toEqual(['review-benchmarks'])
    expect(canOpen('review-queue', ['review.catalogue.manage'])).toBe(false)
    expect(canOpen('review-detail', ['review.read'])).toBe(true)
  })

  it('are not shown to inspectors or the administrators', () => {
    for (const perms of [INSPECTOR, [...INSPECTOR, 'case.read', 'case.handle'], SYS, SEC, AUDIT]) {
      expect(group(perms)).toBeUndefined()
      for (const page of ['review-queue', 'review-detail', 'review-catalogue', 'review-roster', 'review-benchmarks']) expect(canOpen(page, perms)).toBe(false)
    }
  })
})
