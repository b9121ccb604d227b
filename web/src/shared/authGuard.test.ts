import { describe, expect, it } from 'vitest'
import { decide, safeRedirect } from './authGuard'
import { canOpen } from '../console/menu'
import type { SessionUser } from './types'

function user(permissions: string[], must_change_password = false): SessionUser {
  return {
    id: 1,
    username: 'u',
    name: '用户',
    bureau: { id: 1, name: '浙江省统计局', code: '330000', level: 'province' },
    department: null,
    roles: [],
    permissions,
    must_change_password,
  }
}

const opts = { home: 'dashboard', canOpen }
const login = { name: 'login', fullPath: '/login', meta: { public: true } }
const users = { name: 'users', fullPath: '/org/users?page=2', meta: { page: 'users' } }
const dash = { name: 'dashboard', fullPath: '/', meta: { page: 'dashboard' } }
const password = { name: 'password', fullPath: '/password', meta: { page: 'password' } }

describe('decide', () => {
  it('sends a signed-out user to login, keeping where they were going', () => {
    expect(decide(users, null, opts)).toEqual({ name: 'login', query: { redirect: '/org/users?page=2' } })
    expect(decide(dash, null, opts)).toEqual({ name: 'login', query: undefined })
    expect(decide(login, null, opts)).toBe(true)
  })

  it('sends a user who must change the password to the change page, from anywhere', () => {
    const u = user(['user.manage'], true)
    expect(decide(users, u, opts)).toEqual({ name: 'password', query: { redirect: '/org/users?page=2' } })
    expect(decide(dash, u, opts)).toEqual({ name: 'password', query: undefined })
    expect(decide(login, u, opts)).toEqual({ name: 'password' })
    expect(decide(password, u, opts)).toBe(true)
  })

  it('sends a signed-in user away from the login page', () => {
    expect(decide(login, user([]), opts)).toEqual({ name: 'dashboard' })
    expect(decide(login, user([]), { home: 'home' })).toEqual({ name: 'home' })
  })

  it('refuses pages the permissions do not allow', () => {
    expect(decide(users, user(['org.read']), opts)).toEqual({ name: 'forbidden' })
    expect(decide(users, user(['user.manage']), opts)).toBe(true)
    expect(decide({ name: 'audit', fullPath: '/audit', meta: { page: 'audit' } }, user(['user.manage']), opts)).toEqual({ name: 'forbidden' })
  })
})

describe('safeRedirect', () => {
  it('allows only paths inside the app', () => {
    expect(safeRedirect('/org/users')).toBe('/org/users')
    expect(safeRedirect('//evil.example/x')).toBe('/')
    expect(safeRedirect('https://evil.example')).toBe('/')
    expect(safeRedirect('/\\evil')).toBe('/')
    expect(safeRedirect(undefined)).toBe('/')
    expect(safeRedirect('/login')).toBe('/')
  })
})
