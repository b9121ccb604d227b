import { createApp, watch } from 'vue'
import 'vant/es/toast/style'
import 'vant/es/dialog/style'
import { showToast } from 'vant'
import { setApiHooks } from '@/shared/api'
import { clearSession, session } from '@/shared/session'
import App from './App.vue'
import { router } from './router'
import { startSync } from './fieldQueue'
import './mobile.css'

setApiHooks({
  passwordChangeRequired: () => {
    if (session.user) session.user.must_change_password = true
    if (router.currentRoute.value.name !== 'password') void router.push({ name: 'password' })
  },
  unauthorized: (err) => {
    clearSession()
    localStorage.removeItem('zhifa-m:user')
    if (router.currentRoute.value.name !== 'login') {
      showToast(err.message || '请重新登录')
      void router.push({ name: 'login' })
    }
  },
})

// The signed-in user is remembered so that the pages open offline as that user (router.ts).
watch(
  () => session.user,
  (u) => {
    if (u) localStorage.setItem('zhifa-m:user', JSON.stringify(u))
  },
  { deep: true },
)

createApp(App).use(router).mount('#app')

// Offline work (DR-9): the outbox is sent whenever the network returns, and the app shell is
// kept by a service worker so that the pages open again without a network.
startSync()
if ('serviceWorker' in navigator) {
  navigator.serviceWorker
    .register('/m/sw.js', { scope: '/m/' })
    .then(() => navigator.serviceWorker.ready)
    .then((reg) => {
      const urls = performance
        .getEntriesByType('resource')
        .map((e) => new URL(e.name))
        .filter((u) => u.origin === location.origin && !u.pathname.startsWith('/api/'))
        .map((u) => u.pathname)
      reg.active?.postMessage({ type: 'precache', urls: ['/m/', ...urls] })
    })
    .catch(() => undefined)
}
