import { createApp } from 'vue'
import { createRouter, createWebHistory } from 'vue-router'
import App from './App.vue'
import HomeView from './HomeView.vue'
import './portal.css'

// The home page and 记录核验 (/ledger); unknown paths get the portal's own not-found page.
const router = createRouter({
  history: createWebHistory('/'),
  routes: [
    { path: '/', name: 'home', component: HomeView },
    { path: '/ledger', name: 'ledger', component: () => import('./LedgerView.vue'), meta: { title: '记录核验' } },
    { path: '/:rest(.*)*', component: () => import('./NotFoundView.vue') },
  ],
  scrollBehavior: (to) => (to.hash ? { el: to.hash, top: 64 } : { top: 0 }),
})

router.afterEach((to) => {
  document.title = `${to.meta.title ? to.meta.title + ' - ' : ''}统计行政执法公示平台`
})

createApp(App).use(router).mount('#app')
