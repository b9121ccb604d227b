import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError, api, apiUrl, dispatchAuthError, isHandledAuthError, request, setApiHooks, setCsrfToken } from './api'

type Call = { url: string; init: RequestInit }
let calls: Call[] = []

function answer(status: number, body?: unknown) {
  return vi.fn(async (url: string, init: RequestInit) => {
    calls.push({ url, init })
    return new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { 'Content-Type': 'application/json' },
    })
  })
}

async function fail(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p
  } catch (e) {
    if (e instanceof ApiError) return e
    throw e
  }
  throw new Error('expected the request to fail')
}

function header(c: Call, name: string): string | undefined {
  return (c.init.headers as Record<string, string>)[name]
}

beforeEach(() => {
  calls = []
  setCsrfToken('tok-123')
  setApiHooks({})
})

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('CSRF header', () => {
  it('is sent on POST, PUT, PATCH and DELETE', async () => {
    vi.stubGlobal('fetch', answer(200, { ok: true }))
    await api.post('/users', { a: 1 })
    await api.put('/security-policy', {})
    await api.patch('/users/1', {})
    await api.del('/things/1')
    expect(calls.map((c) => c.init.method)).toEqual(['POST', 'PUT', 'PATCH', 'DELETE'])
    for (const c of calls) expect(header(c, 'X-CSRF-Token')).toBe('tok-123')
  })

  it('is not sent on GET', async () => {
    vi.stubGlobal('fetch', answer(200, { items: [] }))
    await api.get('/bureaus')
    expect(header(calls[0], 'X-CSRF-Token')).toBeUndefined()
  })

  it('uses the latest token', async () => {
    vi.stubGlobal('fetch', answer(200, {}))
    setCsrfToken('second')
    await request('post', '/auth/logout')
    expect(header(calls[0], 'X-CSRF-Token')).toBe('second')
  })

  it('sends JSON bodies with the session cookie', async () => {
    vi.stubGlobal('fetch', answer(201, { id: 7 }))
    const r = await api.post<{ id: number }>('/users', { name: '张三' })
    expect(r.id).toBe(7)
    expect(calls[0].url).toBe('/api/v1/users')
    expect(calls[0].init.credentials).toBe('same-origin')
    expect(header(calls[0], 'Content-Type')).toBe('application/json')
    expect(JSON.parse(String(calls[0].init.body))).toEqual({ name: '张三' })
  })
})

describe('apiUrl', () => {
  it('leaves out empty query values', () => {
    expect(apiUrl('/users', { q: '', bureau_id: null, role: undefined, page: 1, page_size: 20 })).toBe('/api/v1/users?page=1&page_size=20')
    expect(apiUrl('/codes/check', { kind: 'id-card', value: '11010519491231002X' })).toBe('/api/v1/codes/check?kind=id-card&value=11010519491231002X')
  })

  it('encodes Chinese text', () => {
    expect(apiUrl('/users', { q: '张' })).toBe('/api/v1/users?q=%E5%BC%A0')
  })
})

describe('errors', () => {
  it('carry the server code, Chinese message and field', async () => {
    vi.stubGlobal(
      'fetch',
      answer(422, { error: { code: 'auth.password_weak', message: '密码至少 8 位', details: { field: 'new_password' } } }),
    )
    const e = await fail(api.post('/auth/password', {}))
    expect(e).toBeInstanceOf(ApiError)
    expect(e.status).toBe(422)
    expect(e.code).toBe('auth.password_weak')
    expect(e.message).toBe('密码至少 8 位')
    expect(e.field).toBe('new_password')
  })

  it('fall back to a Chinese message when the body is not the error shape', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('<html>bad gateway</html>', { status: 502 })))
    const e = await fail(api.get('/healthz'))
    expect(e.code).toBe('http.502')
    expect(e.message).toContain('502')
  })

  it('turn a network failure into network.unreachable', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))))
    const e = await fail(api.get('/healthz'))
    expect(e.code).toBe('network.unreachable')
    expect(e.message).toContain('无法连接服务器')
  })

  it('treat 204 as no content', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(null, { status: 204 })))
    expect(await api.post('/auth/logout')).toBeUndefined()
  })
})

describe('auth hooks', () => {
  it('403 auth.password_change_required calls passwordChangeRequired', async () => {
    const passwordChangeRequired = vi.fn()
    const unauthorized = vi.fn()
    setApiHooks({ passwordChangeRequired, unauthorized })
    vi.stubGlobal('fetch', answer(403, { error: { code: 'auth.password_change_required', message: '须先修改密码', details: {} } }))
    const e = await fail(api.get('/bureaus'))
    expect(e.code).toBe('auth.password_change_required')
    expect(passwordChangeRequired).toHaveBeenCalledTimes(1)
    expect(unauthorized).not.toHaveBeenCalled()
    expect(isHandledAuthError(e)).toBe(true)
  })

  it('other 403s call no hook', async () => {
    const passwordChangeRequired = vi.fn()
    setApiHooks({ passwordChangeRequired })
    vi.stubGlobal('fetch', answer(403, { error: { code: 'auth.forbidden', message: '无权限', details: {} } }))
    const e = await fail(api.get('/audit-log'))
    expect(passwordChangeRequired).not.toHaveBeenCalled()
    expect(isHandledAuthError(e)).toBe(false)
  })

  it('401 calls unauthorized, except for the login request itself', async () => {
    const unauthorized = vi.fn()
    setApiHooks({ unauthorized })
    vi.stubGlobal('fetch', answer(401, { error: { code: 'auth.session_expired', message: '登录已超时', details: {} } }))
    await api.get('/users').catch(() => {})
    expect(unauthorized).toHaveBeenCalledTimes(1)
    expect(unauthorized.mock.calls[0][0].code).toBe('auth.session_expired')
    await api.post('/auth/login', { username: 'a', password: 'b' }).catch(() => {})
    expect(unauthorized).toHaveBeenCalledTimes(1)
  })

  it('silent requests call no hook', async () => {
    const unauthorized = vi.fn()
    setApiHooks({ unauthorized })
    vi.stubGlobal('fetch', answer(401, { error: { code: 'auth.required', message: '请先登录', details: {} } }))
    await api.get('/auth/me', undefined, { silent: true }).catch(() => {})
    expect(unauthorized).not.toHaveBeenCalled()
  })

  it('dispatchAuthError reports whether a hook took the error', () => {
    setApiHooks({})
    expect(dispatchAuthError(new ApiError(401, 'auth.required', 'x'), '/users')).toBe(false)
    setApiHooks({ unauthorized: () => {} })
    expect(dispatchAuthError(new ApiError(401, 'auth.required', 'x'), '/users')).toBe(true)
    expect(dispatchAuthError(new ApiError(422, 'x', 'y'), '/users')).toBe(false)
  })
})
