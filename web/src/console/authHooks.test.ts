import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import { defineComponent } from 'vue'
import { api, setApiHooks } from '@/shared/api'
import { clearSession, session } from '@/shared/session'
import { installAuthHooks } from './authHooks'

const Blank = defineComponent({ render: () => null })

function makeRouter(): Router {
  return createRouter({
    history: createMemoryHistory('/console/'),
    routes: [
      { path: '/login', name: 'login', component: Blank },
      { path: '/password', name: 'password', component: Blank },
      { path: '/', name: 'dashboard', component: Blank },
      { path: '/org/users', name: 'users', component: Blank },
    ],
  })
}

function answer(status: number, code: string, message: string) {
  return vi.fn(async () => new Response(JSON.stringify({ error: { code, message, details: {} } }), { status }))
}

let router: Router
let warn: ReturnType<typeof vi.fn<(message: string) => void>>

beforeEach(async () => {
  router = makeRouter()
  warn = vi.fn<(message: string) => void>()
  installAuthHooks(router, warn)
  await router.push('/org/users?page=2')
  session.user = {
    id: 1,
    username: 'sysadmin',
    name: '系统管理员',
    bureau: null,
    department: null,
    roles: ['sys_admin'],
    permissions: ['user.manage'],
    must_change_password: false,
  }
})

afterEach(() => {
  vi.unstubAllGlobals()
  setApiHooks({})
  clearSession()
})

async function settle() {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0))
}

describe('console auth hooks', () => {
  it('403 auth.password_change_required sends the user to the password page', async () => {
    vi.stubGlobal('fetch', answer(403, 'auth.password_change_required', '首次登录或密码被重置后，须先修改密码'))
    await api.get('/users').catch(() => {})
    await settle()
    expect(router.currentRoute.value.name).toBe('password')
    expect(session.user?.must_change_password).toBe(true)
    expect(warn).not.toHaveBeenCalled()
  })

  it('401 forgets the session and sends the user to login, keeping the page', async () => {
    vi.stubGlobal('fetch', answer(401, 'auth.session_expired', '登录已超时，请重新登录'))
    await api.get('/users').catch(() => {})
    await settle()
    expect(router.currentRoute.value.name).toBe('login')
    expect(router.currentRoute.value.query.redirect).toBe('/org/users?page=2')
    expect(session.user).toBeNull()
    expect(warn).toHaveBeenCalledWith('登录已超时，请重新登录')
  })

  it('other errors leave the page alone', async () => {
    vi.stubGlobal('fetch', answer(403, 'auth.forbidden', '无权限'))
    await api.get('/audit-log').catch(() => {})
    await settle()
    expect(router.currentRoute.value.name).toBe('users')
  })
})
