import { createApp } from 'vue'
import { createRouter, createWebHistory } from 'vue-router'
import App from './App.vue'
import HomeView from './HomeView.vue'
import './portal.css'

// One page for now; the router keeps unknown paths on the home page and leaves room for the
// disclosure pages that follow.
const router = createRouter({
  history: createWebHistory('/'),
  routes: [
    { path: '/', name: 'home', component: HomeView },
    { path: '/:rest(.*)*', component: () => import('./NotFoundView.vue') },
  ],
  scrollBehavior: (to) => (to.hash ? { el: to.hash, top: 64 } : { top: 0 }),
})

createApp(App).use(router).mount('#app')
