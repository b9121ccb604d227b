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
