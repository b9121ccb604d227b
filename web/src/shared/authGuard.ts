// Where a navigation may go, decided from the signed-in user alone (pure, tested). Used by
// the console and the mobile pages: signed out → login; must change password → the forced
// change page; a page the permissions do not allow → forbidden.
import type { SessionUser } from './types'

export interface Target {
  name?: string | symbol | null
  fullPath: string
  meta: { public?: boolean; page?: string }
}

export type Decision = true | { name: string; query?: Record<string, string> }

export interface GuardOptions {
  /** Route name of the home page (where a signed-in user on the login page goes). */
  home: string
  /** Page permission check; pages without meta.page are open to every signed-in user. */
  canOpen?: (page: string, permissions: readonly string[]) => boolean
}

export function decide(to: Target, user: SessionUser | null, opts: GuardOptions): Decision {
  const keep = to.fullPath && to.fullPath !== '/' && to.name !== 'login' && to.name !== 'password'
  const redirect = keep ? { redirect: to.fullPath } : undefined
  if (to.meta.public) {
    if (!user) return true
    return user.must_change_password ? { name: 'password' } : { name: opts.home }
  }
  if (!user) return { name: 'login', query: redirect }
  if (user.must_change_password && to.name !== 'password') return { name: 'password', query: redirect }
  if (to.meta.page && opts.canOpen && !opts.canOpen(to.meta.page, user.permissions)) return { name: 'forbidden' }
  return true
}

/** A redirect target from ?redirect=, only when it is a path inside the app (no open redirect). */
export function safeRedirect(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return '/'
  if (value.startsWith('/login') || value.startsWith('/password')) return '/'
  return value
}
