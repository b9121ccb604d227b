import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { loadSession, session } from '@/shared/session'
import { decide } from '@/shared/authGuard'
import { canOpen } from './menu'
import Layout from './layout/Layout.vue'
import LoginView from './views/LoginView.vue'

declare module 'vue-router' {
  interface RouteMeta {
    title?: string
    public?: boolean
    page?: string
  }
}

const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: LoginView, meta: { public: true, title: '登录' } },
  { path: '/password', name: 'password', component: () => import('./views/PasswordView.vue'), meta: { page: 'password', title: '修改密码' } },
  {
    path: '/',
    component: Layout,
    children: [
      { path: '', name: 'dashboard', component: () => import('./views/DashboardView.vue'), meta: { page: 'dashboard', title: '工作台' } },
      { path: 'org/bureaus', name: 'bureaus', component: () => import('./views/BureausView.vue'), meta: { page: 'bureaus', title: '机构' } },
      { path: 'org/users', name: 'users', component: () => import('./views/UsersView.vue'), meta: { page: 'users', title: '人员管理' } },
      { path: 'org/people', name: 'people', component: () => import('./views/PeopleView.vue'), meta: { page: 'people', title: '人员名录' } },
      { path: 'calendar', name: 'calendar', component: () => import('./views/CalendarView.vue'), meta: { page: 'calendar', title: '工作日历' } },
      { path: 'security', name: 'security', component: () => import('./views/SecurityView.vue'), meta: { page: 'security', title: '安全策略' } },
      { path: 'audit', name: 'audit', component: () => import('./views/AuditView.vue'), meta: { page: 'audit', title: '操作日志' } },
      { path: 'forbidden', name: 'forbidden', component: () => import('./views/ForbiddenView.vue'), meta: { title: '无权访问' } },
      { path: ':rest(.*)*', name: 'notfound', component: () => import('./views/NotFoundView.vue'), meta: { title: '页面不存在' } },
    ],
  },
]

export const router = createRouter({
  history: createWebHistory('/console/'),
  routes,
})

router.beforeEach(async (to) => {
  if (!session.loaded) {
    try {
      await loadSession()
    } catch {
      // Server unreachable: treat as signed out; the login page will say what fails.
    }
  }
  return decide(to, session.user, { home: 'dashboard', canOpen })
})

router.afterEach((to) => {
  document.title = `${to.meta.title ? to.meta.title + ' - ' : ''}统计执法监督平台`
})
