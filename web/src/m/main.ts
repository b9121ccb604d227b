import { createApp } from 'vue'
import 'vant/es/toast/style'
import 'vant/es/dialog/style'
import { showToast } from 'vant'
import { setApiHooks } from '@/shared/api'
import { clearSession, session } from '@/shared/session'
import App from './App.vue'
import { router } from './router'
import './mobile.css'

setApiHooks({
  passwordChangeRequired: () => {
    if (session.user) session.user.must_change_password = true
    if (router.currentRoute.value.name !== 'password') void router.push({ name: 'password' })
  },
  unauthorized: (err) => {
    clearSession()
    if (router.currentRoute.value.name !== 'login') {
      showToast(err.message || '请重新登录')
      void router.push({ name: 'login' })
    }
  },
})

createApp(App).use(router).mount('#app')
