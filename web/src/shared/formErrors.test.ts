import { describe, expect, it } from 'vitest'
import { ApiError } from './api'
import { clearErrors, fieldError } from './formErrors'

describe('fieldError', () => {
  it('maps a 422 naming a form field', () => {
    const e = new ApiError(422, 'policy.out_of_range', '锁定前允许的失败次数应在 1 到 5 之间', { field: 'lockout_threshold' })
    expect(fieldError(e, ['lockout_threshold', 'lockout_minutes'])).toEqual({ field: 'lockout_threshold', message: e.message })
  })

  it('maps 409 conflicts too (username taken)', () => {
    const e = new ApiError(409, 'user.username_taken', '用户名 a 已被使用', { field: 'username' })
    expect(fieldError(e, ['username'])?.field).toBe('username')
  })

  it('uses aliases and ignores unknown fields and other statuses', () => {
    const e = new ApiError(422, 'x', 'm', { field: 'new_password' })
    expect(fieldError(e, ['password'], { new_password: 'password' })?.field).toBe('password')
    expect(fieldError(e, ['name'])).toBeNull()
    expect(fieldError(new ApiError(403, 'x', 'm', { field: 'name' }), ['name'])).toBeNull()
    expect(fieldError(new Error('x'), ['name'])).toBeNull()
  })

  it('clearErrors empties every entry', () => {
    const errs = { a: 'x', b: 'y' }
    clearErrors(errs)
    expect(errs).toEqual({ a: '', b: '' })
  })
})
