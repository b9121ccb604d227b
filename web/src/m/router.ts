import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { decide } from '@/shared/authGuard'
import { loadSession, session } from '@/shared/session'
import LoginView from './views/LoginView.vue'
import TabsLayout from './views/TabsLayout.vue'

declare module 'vue-router' {
  interface RouteMeta {
    title?: string
    public?: boolean
    page?: string
  }
}

const USER_KEY = 'zhifa-m:user'

const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: LoginView, meta: { public: true, title: '登录' } },
  { path: '/password', name: 'password', component: () => import('./views/PasswordView.vue'), meta: { title: '修改密码' } },
  {
    path: '/',
    component: TabsLayout,
    children: [
      { path: '', name: 'home', component: () => import('./views/TasksView.vue'), meta: { title: '任务' } },
      { path: 'evidence', name: 'evidence', component: () => import('./views/EvidenceView.vue'), meta: { title: '上传音像' } },
      { path: 'cert', name: 'cert', component: () => import('./views/CertView.vue'), meta: { title: '证件' } },
      { path: 'task/:id', name: 'task', component: () => import('./views/InspectionView.vue'), meta: { title: '现场检查' } },
      { path: 'me', name: 'me', component: () => import('./views/MeView.vue'), meta: { title: '我的' } },
    ],
  },
  { path: '/:rest(.*)*', redirect: '/' },
]

export const router = createRouter({ history: createWebHistory('/m/'), routes })

router.beforeEach(async (to) => {
  if (!session.loaded) {
    try {
      await loadSession()
    } catch {
      // Unreachable server: an inspector in the field keeps working offline as the user last
      // seen (the queue is sent under the real session once the network is back); otherwise the
      // login page says so when the user tries.
      const cached = localStorage.getItem(USER_KEY)
      if (cached) session.user = JSON.parse(cached)
    }
  }
  return decide(to, session.user, { home: 'home' })
})

router.afterEach((to) => {
  document.title = `${to.meta.title ? to.meta.title + ' - ' : ''}统计执法移动端`
})
