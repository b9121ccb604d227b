// The console's left menu, built from the user's permissions (never from role names, so a
// role that gains a permission gains its page). Each page's route carries the same rule
// (canOpen), so a page left out of the menu cannot be opened by typing its address either.

export interface MenuItem {
  key: string
  title: string
  path?: string
  icon?: string
  children?: MenuItem[]
}

export type PagePerm = string[] | ((perms: ReadonlySet<string>) => boolean)

/** Who may open each console page. An empty list means every signed-in user. */
export const PAGE_PERMISSIONS: Record<string, PagePerm> = {
  dashboard: [],
  bureaus: ['org.read', 'bureau.manage'],
  users: ['user.manage'],
  people: (p) => p.has('org.read') && !p.has('user.manage'),
  calendar: ['calendar.read', 'calendar.manage'],
  security: ['policy.manage'],
  audit: ['audit.read'],
  password: [],
  evidence: ['evidence.read'],
  devices: ['evidence.read', 'device.manage'],
  'spotcheck-items': ['spotcheck.read'],
  'spotcheck-forms': ['spotcheck.read'],
  plans: ['spotcheck.read'],
  'plan-edit': ['spotcheck.plans.manage'],
  'plan-status': ['spotcheck.read'],
  draws: ['spotcheck.read'],
  inspections: ['spotcheck.read'],
  objects: ['registry.read', 'registry.manage'],
  'foreign-bodies': ['registry.read', 'registry.manage'],
  'objects-import': ['registry.manage'],
  inspectors: ['inspector.read', 'inspector.manage'],
  'inspectors-import': ['inspector.manage'],
  'training-plans': ['inspector.read', 'inspector.manage'],
  // Reached from the record a document belongs to; its producer checks the read permission and scope.
  documents: [],
  leads: ['lead.read', 'lead.manage', 'lead.instruct'],
  'access-requests': ['access.request', 'access.approve'],
  'access-log': ['access.log.read'],
  cases: ['case.read', 'case.handle'],
  'case-deadlines': ['case.read', 'case.handle'],
  'case-archive': ['case.read', 'case.archive'],
  // 法制审核 (REV-1..REV-5, ORG-4): readers see every page; each manage permission opens its own page.
  'review-queue': ['review.read'],
  'review-detail': ['review.read'],
  'review-catalogue': ['review.read', 'review.catalogue.manage'],
  'review-roster': ['review.read', 'review.roster.manage'],
  'review-benchmarks': ['review.read', 'review.benchmarks.manage'],
  // 统计信用 (CRED-1): every credit permission reads; acting is offered on the record's page.
  'credit-records': ['credit.read', 'credit.manage', 'credit.approve', 'credit.publish'],
  'credit-repairs': ['credit.read', 'credit.manage', 'credit.approve'],
  // 执法监督 (INF-3, REC-21, REC-24): the supervisor's dashboard.
  supervision: ['supervision.read'],
  // 公示管理 (PUB-1..PUB-4): reading opens the list; acting is offered on a disclosure's page by its actions.
  publicity: ['publicity.read'],
  'publicity-new': ['publicity.collect'],
  // 事前公示 (PUB-5): the enforcement item list and the body profile; publishing is offered with publicity.publish.
  'prior-items': ['publicity.read'],
  'prior-body': ['publicity.read'],
  // 统计年报 (PUB-9): reading opens the list; compiling, review and publication are offered by the report's actions.
  'annual-reports': ['publicity.read'],
}

/** True when the permissions allow the page (any one of a list suffices). */
export function canOpen(page: string, permissions: readonly string[]): boolean {
  const rule = PAGE_PERMISSIONS[page]
  if (rule === undefined) return false
  const set = new Set(permissions)
  if (typeof rule === 'function') return rule(set)
  return rule.length === 0 || rule.some((p) => set.has(p))
}

export function buildMenu(permissions: readonly string[]): MenuItem[] {
  const p = new Set(permissions)
  const menu: MenuItem[] = [{ key: 'dashboard', title: '工作台', path: '/', icon: 'HomeFilled' }]

  const org: MenuItem[] = []
  if (p.has('org.read') || p.has('bureau.manage')) org.push({ key: 'bureaus', title: '机构', path: '/org/bureaus', icon: 'OfficeBuilding' })
  if (p.has('user.manage')) org.push({ key: 'users', title: '人员', path: '/org/users', icon: 'User' })
  else if (p.has('org.read')) org.push({ key: 'people', title: '人员', path: '/org/people', icon: 'User' })
  if (org.length) menu.push({ key: 'org', title: '机构与人员', icon: 'OfficeBuilding', children: org })

  // Audio/video and documentary evidence, and the recording devices (REC-18, REC-23).
  const evidence: MenuItem[] = []
  if (p.has('evidence.read')) evidence.push({ key: 'evidence', title: '执法音像记录', path: '/evidence', icon: 'VideoCamera' })
  if (p.has('evidence.read') || p.has('device.manage')) evidence.push({ key: 'devices', title: '音像设备', path: '/evidence/devices', icon: 'Camera' })
  if (evidence.length) menu.push({ key: 'evidence-group', title: '执法音像', icon: 'VideoCamera', children: evidence })

  // 双随机: the item list and check forms set by the province (DR-1, DR-3) and the registries
  // the draw takes its pools from (DR-2), with the registry import (INF-2).
  const random: MenuItem[] = []
  if (p.has('spotcheck.read')) {
    random.push({ key: 'spotcheck-items', title: '抽查事项清单', path: '/spotcheck/items', icon: 'List' })
    random.push({ key: 'spotcheck-forms', title: '检查表式', path: '/spotcheck/forms', icon: 'Tickets' })
    // The annual plans and their deadline (DR-4); making one needs spotcheck.plans.manage, offered on the page.
    random.push({ key: 'plans', title: '年度抽查计划', path: '/spotcheck/plans', icon: 'Calendar' })
    random.push({ key: 'plan-status', title: '计划报送情况', path: '/spotcheck/plan-status', icon: 'Calendar' })
    // The witnessed draws of the plans' lines and the tasks they leave (DR-6, DR-7, DR-12, PUB-11);
    // committing and drawing need spotcheck.draw, approving a redraw spotcheck.draw.approve, offered on the pages.
    random.push({ key: 'draws', title: '抽查批次', path: '/spotcheck/draws', icon: 'Document' })
    // The field inspections of the drawn tasks and the share recorded on the phone (DR-9, INF-1).
    random.push({ key: 'inspections', title: '检查记录', path: '/spotcheck/inspections', icon: 'Tickets' })
  }
  if (p.has('registry.read') || p.has('registry.manage')) {
    random.push({ key: 'objects', title: '调查对象名录', path: '/registry/objects', icon: 'OfficeBuilding' })
    random.push({ key: 'foreign-bodies', title: '涉外调查机构', path: '/registry/foreign-bodies', icon: 'OfficeBuilding' })
  }
  if (p.has('registry.manage')) random.push({ key: 'objects-import', title: '名录导入', path: '/registry/import', icon: 'Upload' })
  // The inspector registry (DR-2, ORG-2, ORG-5): certificates, training, conflicts of interest.
  if (p.has('inspector.read') || p.has('inspector.manage')) random.push({ key: 'inspectors', title: '执法人员名录', path: '/registry/inspectors', icon: 'Avatar' })
  // The annual training plans read against the training received (ORG-5).
  if (p.has('inspector.read') || p.has('inspector.manage')) random.push({ key: 'training-plans', title: '培训计划', path: '/registry/training-plans', icon: 'Calendar' })
  if (p.has('inspector.manage')) random.push({ key: 'inspectors-import', title: '执法人员导入', path: '/registry/inspectors/import', icon: 'Upload' })
  if (random.length) menu.push({ key: 'random-group', title: '双随机', icon: 'Document', children: random })

  // 案件办理: the leads log (REC-5), a party's access to records and the read log (REC-20, REC-22).
  // Other case pages join this group; find it by key so that whoever adds first creates it.
  let cases = menu.find((m) => m.key === 'cases-group')
  const caseItems: MenuItem[] = []
  // Cases from opening to archive (REC-1..REC-17): the list, the deadlines, the archive.
  if (p.has('case.read') || p.has('case.handle')) {
    caseItems.push({ key: 'cases', title: '案件', path: '/cases', icon: 'Tickets' })
    caseItems.push({ key: 'case-deadlines', title: '期限', path: '/cases/deadlines', icon: 'Calendar' })
    caseItems.push({ key: 'case-archive', title: '归档', path: '/cases/archive', icon: 'Document' })
  }
  if (p.has('lead.read') || p.has('lead.manage') || p.has('lead.instruct')) caseItems.push({ key: 'leads', title: '问题线索', path: '/cases/leads', icon: 'List' })
  if (p.has('access.request') || p.has('access.approve')) caseItems.push({ key: 'access-requests', title: '查阅复制申请', path: '/cases/access-requests', icon: 'Tickets' })
  if (p.has('access.log.read')) caseItems.push({ key: 'access-log', title: '调阅记录', path: '/cases/access-log', icon: 'Document' })
  if (caseItems.length) {
    if (!cases) {
      cases = { key: 'cases-group', title: '案件办理', icon: 'Tickets', children: [] }
      menu.push(cases)
    }
    cases.children!.push(...caseItems)
  }

  // 法制审核: the queue with its deadlines (REV-3, REV-4), the catalogue of major decisions (REV-2),
  // the reviewer roster and its report upward (ORG-4), the discretion benchmarks.
  const review: MenuItem[] = []
  if (p.has('review.read')) review.push({ key: 'review-queue', title: '审核队列', path: '/review/queue', icon: 'Tickets' })
  if (p.has('review.read') || p.has('review.catalogue.manage')) review.push({ key: 'review-catalogue', title: '审核事项清单', path: '/review/catalogue', icon: 'List' })
  if (p.has('review.read') || p.has('review.roster.manage')) review.push({ key: 'review-roster', title: '审核人员名单', path: '/review/roster', icon: 'Avatar' })
  if (p.has('review.read') || p.has('review.benchmarks.manage')) review.push({ key: 'review-benchmarks', title: '裁量基准', path: '/review/benchmarks', icon: 'Document' })
  if (review.length) menu.push({ key: 'review-group', title: '法制审核', icon: 'Tickets', children: review })

  // 统计信用: dishonesty records with their publication and the repair applications (CRED-1, DR-11).
  const credit: MenuItem[] = []
  if (['credit.read', 'credit.manage', 'credit.approve', 'credit.publish'].some((x) => p.has(x))) credit.push({ key: 'credit-records', title: '失信记录', path: '/credit/records', icon: 'List' })
  if (['credit.read', 'credit.manage', 'credit.approve'].some((x) => p.has(x))) credit.push({ key: 'credit-repairs', title: '信用修复申请', path: '/credit/repairs', icon: 'Tickets' })
  if (credit.length) menu.push({ key: 'credit-group', title: '统计信用', icon: 'Document', children: credit })

  // 执法监督: the weak points of enforcement in the user's subtree, with the records behind each number.
  if (p.has('supervision.read'))
    menu.push({ key: 'supervision-group', title: '执法监督', icon: 'Document', children: [{ key: 'supervision', title: '监督看板', path: '/supervision', icon: 'List' }] })

  // 公示管理: the disclosures with their deadlines, review and publication (PUB-1..PUB-4, PUB-7, PUB-8, PUB-11).
  if (p.has('publicity.read'))
    menu.push({ key: 'publicity-group', title: '行政执法公示', icon: 'Document', children: [
      { key: 'publicity', title: '公示管理', path: '/publicity', icon: 'List' },
      { key: 'prior-items', title: '执法事项清单', path: '/prior/items', icon: 'List' },
      { key: 'prior-body', title: '执法主体信息', path: '/prior/body', icon: 'List' },
      { key: 'annual-reports', title: '统计年报', path: '/annual-reports', icon: 'List' },
    ] })

  if (p.has('calendar.read') || p.has('calendar.manage')) menu.push({ key: 'calendar', title: '工作日历', path: '/calendar', icon: 'Calendar' })
  if (p.has('policy.manage')) menu.push({ key: 'security', title: '安全策略', path: '/security', icon: 'Lock' })
  if (p.has('audit.read')) menu.push({ key: 'audit', title: '操作日志', path: '/audit', icon: 'Document' })
  return menu
}

/** Every leaf title of the menu, in order (for tests and breadcrumbs). */
export function menuTitles(menu: readonly MenuItem[]): string[] {
  const out: string[] = []
  for (const m of menu) {
    out.push(m.title)
    if (m.children) out.push(...menuTitles(m.children))
  }
  return out
}
