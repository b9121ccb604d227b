// The one door to the server's JSON API (/api/v1). Every request goes through request():
// it sends the session cookie, adds X-CSRF-Token on unsafe methods, and turns an error
// answer {"error":{code,message,details}} into an ApiError carrying the server's Chinese
// message. Two answers concern the whole app rather than the caller, and are also passed to
// hooks the app installs: 403 auth.password_change_required (go to the forced password
// change page) and 401 (the session is gone: go to the login page).

export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly details: Record<string, unknown>

  constructor(status: number, code: string, message: string, details: Record<string, unknown> = {}) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.details = details
  }

  /** The request field the server named as wrong (details.field), if any. */
  get field(): string | undefined {
    const f = this.details.field
    return typeof f === 'string' ? f : undefined
  }
}

export const PASSWORD_CHANGE_REQUIRED = 'auth.password_change_required'

export interface ApiHooks {
  /** 403 auth.password_change_required from any endpoint. */
  passwordChangeRequired?: (err: ApiError) => void
  /** 401 from any endpoint except login (not signed in, or the session expired). */
  unauthorized?: (err: ApiError) => void
}

const hooks: ApiHooks = {}
let csrfToken = ''

export function setApiHooks(h: ApiHooks): void {
  hooks.passwordChangeRequired = h.passwordChangeRequired
  hooks.unauthorized = h.unauthorized
}

export function setCsrfToken(token: string | null | undefined): void {
  csrfToken = token ?? ''
}

export function getCsrfToken(): string {
  return csrfToken
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export function isUnsafeMethod(method: string): boolean {
  return UNSAFE.has(method.toUpperCase())
}

export type Query = Record<string, string | number | boolean | null | undefined>

/** Builds "/api/v1<path>?a=b", leaving out empty query values. */
export function apiUrl(path: string, query?: Query): string {
  let url = '/api/v1' + path
  if (query) {
    const qs = new URLSearchParams()
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === null || v === '') continue
      qs.append(k, String(v))
    }
    const s = qs.toString()
    if (s) url += (url.includes('?') ? '&' : '?') + s
  }
  return url
}

export interface RequestOptions {
  query?: Query
  body?: unknown
  /** Do not call the app-wide hooks (used by the session probe at start-up). */
  silent?: boolean
}

/** Passes an auth-related error to the hook that handles it. Returns true if one did. */
export function dispatchAuthError(err: ApiError, path: string): boolean {
  if (err.status === 403 && err.code === PASSWORD_CHANGE_REQUIRED) {
    hooks.passwordChangeRequired?.(err)
    return !!hooks.passwordChangeRequired
  }
  if (err.status === 401 && !path.startsWith('/auth/login')) {
    hooks.unauthorized?.(err)
    return !!hooks.unauthorized
  }
  return false
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const m = method.toUpperCase()
  const headers: Record<string, string> = { Accept: 'application/json' }
  const init: RequestInit = { method: m, headers, credentials: 'same-origin' }
  if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    init.body = JSON.stringify(opts.body)
  }
  if (isUnsafeMethod(m)) headers['X-CSRF-Token'] = csrfToken

  let res: Response
  try {
    res = await fetch(apiUrl(path, opts.query), init)
  } catch {
    throw new ApiError(0, 'network.unreachable', '无法连接服务器，请检查网络后重试')
  }
  const text = res.status === 204 ? '' : await res.text()
  let data: unknown = undefined
  if (text) {
    try {
      data = JSON.parse(text)
    } catch {
      data = null
    }
  }
  if (!res.ok) {
    const err = apiErrorFrom(res.status, data)
    if (!opts.silent) dispatchAuthError(err, path)
    throw err
  }
  return data as T
}

/** The ApiError for an error answer whose body parsed to `data` (the error shape, or anything else). */
export function apiErrorFrom(status: number, data: unknown): ApiError {
  const e = (data as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null)?.error
  return new ApiError(
    status,
    e?.code ?? `http.${status}`,
    e?.message ?? `请求失败（HTTP ${status}）`,
    e?.details && typeof e.details === 'object' ? e.details : {},
  )
}

export const api = {
  get: <T>(path: string, query?: Query, opts: Omit<RequestOptions, 'query' | 'body'> = {}) =>
    request<T>('GET', path, { ...opts, query }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} }),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, { body: body ?? {} }),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, { body: body ?? {} }),
  del: <T>(path: string) => request<T>('DELETE', path),
}

/** True for errors the app-wide hooks already dealt with (no need for another message). */
export function isHandledAuthError(e: unknown): boolean {
  return e instanceof ApiError && (e.status === 401 || (e.status === 403 && e.code === PASSWORD_CHANGE_REQUIRED))
}

/** A Chinese message for any thrown value. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message
  if (e instanceof Error && e.message) return e.message
  return '操作失败，请稍后重试'
}
