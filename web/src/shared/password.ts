// The password rule, checked in the page before asking the server (which checks it again
// and has the last word): at least minLength characters, three of the four classes
// (upper case, lower case, digit, symbol), not the old password, not containing the username.

export function passwordClasses(pw: string): number {
  let n = 0
  if (/[A-Z]/.test(pw)) n++
  if (/[a-z]/.test(pw)) n++
  if (/[0-9]/.test(pw)) n++
  if (/[^A-Za-z0-9]/.test(pw)) n++
  return n
}

/** Returns a Chinese message naming what is wrong, or null when the password passes. */
export function checkNewPassword(pw: string, opts: { old?: string; username?: string; minLength?: number } = {}): string | null {
  const min = Math.max(8, opts.minLength ?? 8)
  if (pw.length < min) return `密码长度至少 ${min} 位`
  if (passwordClasses(pw) < 3) return '密码须包含大写字母、小写字母、数字、符号中的至少三类'
  if (opts.old && pw === opts.old) return '新密码不能与原密码相同'
  if (opts.username && pw.toLowerCase().includes(opts.username.toLowerCase())) return '密码不能包含用户名'
  return null
}

export const PASSWORD_RULE_TEXT = '至少 8 位，包含大写字母、小写字母、数字、符号中的至少三类，不能包含用户名，不能与原密码相同'
