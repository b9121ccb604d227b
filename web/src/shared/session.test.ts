import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { getCsrfToken, setCsrfToken } from './api'
import { changePassword, clearSession, hasPermission, loadSession, login, logout, session } from './session'

const USER = {
  id: 3,
  username: 'zj_insp1',
  name: '赵执法',
  bureau: { id: 1, name: '浙江省统计局', code: '330000', level: 'province' },
  department: null,
  roles: ['inspector'],
  permissions: ['org.read', 'calendar.read'],
  must_change_password: true,
}

function respond(map: Record<string, [number, unknown]>) {
  return vi.fn(async (url: string, init: RequestInit) => {
    const [status, body] = map[`${init.method} ${url}`] ?? [404, { error: { code: 'route.not_found', message: '接口不存在' } }]
    return new Response(body === undefined ? null : JSON.stringify(body), { status })
  })
}

beforeEach(() => {
  clearSession()
  session.loaded = false
  setCsrfToken('')
})
afterEach(() => vi.unstubAllGlobals())

describe('session', () => {
  it('login keeps the user and the CSRF token, and the next POST sends it', async () => {
    const fetch = respond({
      'POST /api/v1/auth/login': [200, { token: 't', csrf_token: 'csrf-1', user: USER }],
      'POST /api/v1/auth/password': [200, { user: { ...USER, must_change_password: false } }],
    })
    vi.stubGlobal('fetch', fetch)
    const u = await login('zj_insp1', 'Zhifa@2026')
    expect(u.must_change_password).toBe(true)
    expect(getCsrfToken()).toBe('csrf-1')
    expect(hasPermission('org.read')).toBe(true)
    expect(hasPermission('user.manage')).toBe(false)
    await changePassword('Zhifa@2026', 'Zhifa@2027x')
    expect(session.user?.must_change_password).toBe(false)
    const init = fetch.mock.calls[1][1] as RequestInit
    expect((init.headers as Record<string, string>)['X-CSRF-Token']).toBe('csrf-1')
    expect(JSON.parse(String(init.body))).toEqual({ old_password: 'Zhifa@2026', new_password: 'Zhifa@2027x' })
  })

  it('loadSession answers null on 401 and the user otherwise', async () => {
    vi.stubGlobal('fetch', respond({ 'GET /api/v1/auth/me': [401, { error: { code: 'auth.required', message: '请先登录' } }] }))
    expect(await loadSession()).toBeNull()
    expect(session.loaded).toBe(true)
    vi.stubGlobal('fetch', respond({ 'GET /api/v1/auth/me': [200, { user: USER, csrf_token: 'csrf-2' }] }))
    expect(await loadSession()).toBeNull() // cached until forced
    expect((await loadSession(true))?.username).toBe('zj_insp1')
    expect(getCsrfToken()).toBe('csrf-2')
  })

  it('logout forgets the user even when the server call fails', async () => {
    vi.stubGlobal('fetch', respond({ 'POST /api/v1/auth/login': [200, { token: 't', csrf_token: 'c', user: USER }] }))
    await login('zj_insp1', 'x')
    await logout()
    expect(session.user).toBeNull()
    expect(getCsrfToken()).toBe('')
  })
})
