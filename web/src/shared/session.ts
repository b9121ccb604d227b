// The signed-in user, shared by the console and the mobile pages. The session itself is an
// HttpOnly cookie the page cannot read; what the page keeps is the user and the CSRF token
// (in memory only), fetched again from /auth/me after a reload.
import { reactive } from 'vue'
import { ApiError, api, setCsrfToken } from './api'
import type { SessionUser } from './types'

export const session = reactive({
  user: null as SessionUser | null,
  /** True once /auth/me has been asked since the page loaded. */
  loaded: false,
})

interface AuthAnswer {
  user: SessionUser
  csrf_token: string
}

function accept(a: AuthAnswer): SessionUser {
  setCsrfToken(a.csrf_token)
  session.user = a.user
  session.loaded = true
  return a.user
}

export function clearSession(): void {
  setCsrfToken('')
  session.user = null
  session.loaded = true
}

/** Asks the server who is signed in; null when nobody is (401). */
export async function loadSession(force = false): Promise<SessionUser | null> {
  if (session.loaded && !force) return session.user
  try {
    return accept(await api.get<AuthAnswer>('/auth/me', undefined, { silent: true }))
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      clearSession()
      return null
    }
    session.loaded = true
    throw e
  }
}

export async function login(username: string, password: string): Promise<SessionUser> {
  return accept(await api.post<AuthAnswer & { token: string }>('/auth/login', { username, password }))
}

export async function logout(): Promise<void> {
  try {
    await api.post('/auth/logout')
  } catch {
    // The session may already be gone; the page forgets it either way.
  }
  clearSession()
}

export async function changePassword(oldPassword: string, newPassword: string): Promise<SessionUser> {
  const r = await api.post<{ user: SessionUser }>('/auth/password', { old_password: oldPassword, new_password: newPassword })
  session.user = r.user
  return r.user
}

export function hasPermission(perm: string): boolean {
  return !!session.user?.permissions.includes(perm)
}
