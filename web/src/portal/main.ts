import { createApp } from 'vue'
import { createRouter, createWebHistory } from 'vue-router'
import App from './App.vue'
import HomeView from './HomeView.vue'
import './portal.css'

// The home page, 记录核验 (/ledger), 随机抽查事项清单 (/spotcheck-items), 抽查工作计划 (/plans) and
// 执法人员名单 (/inspectors), 抽查公示 (/draws, /draws/:id); unknown paths get the portal's own not-found page.
const router = createRouter({
  history: createWebHistory('/'),
  routes: [
    { path: '/', name: 'home', component: HomeView },
    { path: '/ledger', name: 'ledger', component: () => import('./LedgerView.vue'), meta: { title: '记录核验' } },
    { path: '/spotcheck-items', name: 'spotcheck-items', component: () => import('./SpotcheckItemsView.vue'), meta: { title: '随机抽查事项清单' } },
    { path: '/plans', name: 'plans', component: () => import('./PlansView.vue'), meta: { title: '年度抽查工作计划' } },
    { path: '/inspectors', name: 'inspectors', component: () => import('./InspectorsView.vue'), meta: { title: '执法人员名单' } },
    { path: '/draws', name: 'draws', component: () => import('./DrawsView.vue'), meta: { title: '抽查公示' } },
    // 执法决定与抽查结果公示 (PUB-7, PUB-10, PUB-11): published decisions and check results, searchable.
    { path: '/disclosures', name: 'disclosures', component: () => import('./DisclosuresView.vue'), meta: { title: '执法决定与抽查结果公示' } },
    { path: '/disclosures/:id(\\d+)', name: 'disclosure', component: () => import('./DisclosureView.vue'), meta: { title: '执法决定与抽查结果公示' } },
    // 执法统计年报 (PUB-9): the published annual reports, by bureau and year, with their tables and charts.
    { path: '/annual-reports', name: 'annual-reports', component: () => import('./AnnualView.vue'), meta: { title: '执法统计年报' } },
    { path: '/annual-reports/:id(\\d+)', name: 'annual-report', component: () => import('./AnnualView.vue'), meta: { title: '执法统计年报' } },
    { path: '/credit', alias: '/portal/credit', name: 'credit', component: () => import('./CreditView.vue'), meta: { title: '统计严重失信企业名单' } },
    // 事前公示 (PUB-5): the enforcement item list with its service guides, the bodies, the flowcharts.
    { path: '/items', name: 'items', component: () => import('./ItemsView.vue'), meta: { title: '行政执法事项清单' } },
    { path: '/guide/:code', name: 'guide', component: () => import('./GuideView.vue'), meta: { title: '服务指南' } },
    { path: '/bodies', name: 'bodies', component: () => import('./BodiesView.vue'), meta: { title: '行政执法主体资格清单' } },
    { path: '/flowcharts', name: 'flowcharts', component: () => import('./FlowView.vue'), meta: { title: '执法流程图' } },
    { path: '/review-catalogues', name: 'review-catalogues', component: () => import('./ReviewCataloguesView.vue'), meta: { title: '法制审核目录' } },
    // /portal/draws/:id is the address the printed record's QR code carries (draw::verification_path).
    { path: '/draws/:id(\\d+)', alias: '/portal/draws/:id(\\d+)', name: 'draw', component: () => import('./DrawView.vue'), meta: { title: '抽查批次' } },
    { path: '/cert/:number', alias: '/portal/cert/:number', name: 'cert', component: () => import('./CertVerifyView.vue'), meta: { title: '执法证件核验' } },
    { path: '/:rest(.*)*', component: () => import('./NotFoundView.vue') },
  ],
  scrollBehavior: (to) => (to.hash ? { el: to.hash, top: 64 } : { top: 0 }),
})

router.afterEach((to) => {
  document.title = `${to.meta.title ? to.meta.title + ' - ' : ''}统计行政执法公示平台`
})

createApp(App).use(router).mount('#app')
