// What the console does when any API call says the session is unusable: 403
// auth.password_change_required → the forced password change page; 401 → the login page
// (keeping where the user was, so they come back after signing in).
import type { Router } from 'vue-router'
import { setApiHooks } from '@/shared/api'
import { clearSession, session } from '@/shared/session'

export function installAuthHooks(router: Router, warn: (message: string) => void): void {
  setApiHooks({
    passwordChangeRequired: () => {
      if (session.user) session.user.must_change_password = true
      if (router.currentRoute.value.name !== 'password') void router.push({ name: 'password' })
    },
    unauthorized: (err) => {
      const current = router.currentRoute.value
      clearSession()
      if (current.name !== 'login') {
        warn(err.message || '请重新登录')
        const keep = current.fullPath !== '/' && current.name !== 'password'
        void router.push({ name: 'login', query: keep ? { redirect: current.fullPath } : undefined })
      }
    },
  })
}
