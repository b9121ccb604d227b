import { describe, expect, it } from 'vitest'
import { checkNewPassword, passwordClasses } from './password'

describe('password rule', () => {
  it('counts character classes', () => {
    expect(passwordClasses('abc')).toBe(1)
    expect(passwordClasses('Abc1')).toBe(3)
    expect(passwordClasses('Zhifa@2027x')).toBe(4)
  })

  it('accepts a good password', () => {
    expect(checkNewPassword('Zhifa@2027x', { old: 'Zhifa@2026', username: 'sysadmin' })).toBeNull()
    expect(checkNewPassword('abcd1234!')).toBeNull()
  })

  it('rejects short, weak, reused and username-containing passwords', () => {
    expect(checkNewPassword('Ab1!')).toContain('至少 8 位')
    expect(checkNewPassword('abcdefgh1')).toContain('至少三类')
    expect(checkNewPassword('Zhifa@2026', { old: 'Zhifa@2026' })).toContain('不能与原密码相同')
    expect(checkNewPassword('SysAdmin@2027', { username: 'sysadmin' })).toContain('不能包含用户名')
  })

  it('never allows a minimum below 8', () => {
    expect(checkNewPassword('Ab1!xyz', { minLength: 4 })).toContain('至少 8 位')
    expect(checkNewPassword('Ab1!xyzwv', { minLength: 12 })).toContain('至少 12 位')
  })
})
