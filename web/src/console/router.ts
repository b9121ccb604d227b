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
  // The printable record of a draw, without the console's frame.
  { path: '/spotcheck/draws/:id(\\d+)/print', name: 'draw-print', component: () => import('./views/DrawPrintView.vue'), meta: { page: 'draws', title: '抽查抽取记录' } },
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
      { path: 'evidence', name: 'evidence', component: () => import('./views/EvidenceView.vue'), meta: { page: 'evidence', title: '执法音像记录' } },
      { path: 'evidence/devices', name: 'devices', component: () => import('./views/DevicesView.vue'), meta: { page: 'devices', title: '音像设备' } },
      { path: 'spotcheck/items', name: 'spotcheck-items', component: () => import('./views/SpotcheckItemsView.vue'), meta: { page: 'spotcheck-items', title: '抽查事项清单' } },
      { path: 'spotcheck/forms', name: 'spotcheck-forms', component: () => import('./views/SpotcheckFormsView.vue'), meta: { page: 'spotcheck-forms', title: '检查表式' } },
      { path: 'spotcheck/plans', name: 'plans', component: () => import('./views/PlansView.vue'), meta: { page: 'plans', title: '年度抽查计划' } },
      { path: 'spotcheck/plans/new', name: 'plan-new', component: () => import('./views/PlanEditView.vue'), meta: { page: 'plan-edit', title: '制订年度抽查计划' } },
      { path: 'spotcheck/plans/:id(\\d+)', name: 'plan-detail', component: () => import('./views/PlanDetailView.vue'), meta: { page: 'plans', title: '年度抽查计划' } },
      { path: 'spotcheck/plans/:id(\\d+)/edit', name: 'plan-edit', component: () => import('./views/PlanEditView.vue'), meta: { page: 'plan-edit', title: '编辑年度抽查计划' } },
      { path: 'spotcheck/plan-status', name: 'plan-status', component: () => import('./views/PlanStatusView.vue'), meta: { page: 'plan-status', title: '计划报送情况' } },
      { path: 'spotcheck/draws', name: 'draws', component: () => import('./views/DrawsView.vue'), meta: { page: 'draws', title: '抽查批次' } },
      { path: 'spotcheck/draws/:id(\\d+)', name: 'draw-detail', component: () => import('./views/DrawDetailView.vue'), meta: { page: 'draws', title: '抽查批次' } },
      { path: 'spotcheck/inspections', name: 'inspections', component: () => import('./views/InspectionsView.vue'), meta: { page: 'inspections', title: '检查记录' } },
      { path: 'spotcheck/inspections/:id(\\d+)', name: 'inspection-detail', component: () => import('./views/InspectionDetailView.vue'), meta: { page: 'inspections', title: '检查记录' } },
      { path: 'registry/objects', name: 'objects', component: () => import('./views/ObjectsView.vue'), meta: { page: 'objects', title: '调查对象名录' } },
      { path: 'registry/foreign-bodies', name: 'foreign-bodies', component: () => import('./views/ForeignBodiesView.vue'), meta: { page: 'foreign-bodies', title: '涉外调查机构' } },
      { path: 'registry/import', name: 'objects-import', component: () => import('./views/ImportView.vue'), meta: { page: 'objects-import', title: '名录导入' } },
      { path: 'registry/inspectors', name: 'inspectors', component: () => import('./views/InspectorsView.vue'), meta: { page: 'inspectors', title: '执法人员名录' } },
      { path: 'registry/inspectors/import', name: 'inspectors-import', component: () => import('./views/InspectorImportView.vue'), meta: { page: 'inspectors-import', title: '执法人员导入' } },
      { path: 'registry/training-plans', name: 'training-plans', component: () => import('./views/TrainingPlansView.vue'), meta: { page: 'training-plans', title: '培训计划' } },
      // An enforcement document of any record (docs/documents.md); the record's module checks who may read it.
      { path: 'documents/:kind/:owner/:code', name: 'document', component: () => import('./views/DocumentView.vue'), meta: { page: 'documents', title: '执法文书' } },
      { path: 'cases', name: 'cases', component: () => import('./views/CasesView.vue'), meta: { page: 'cases', title: '案件' } },
      { path: 'cases/:id(\\d+)', name: 'case-detail', component: () => import('./views/CaseDetailView.vue'), meta: { page: 'cases', title: '案件' } },
      { path: 'cases/deadlines', name: 'case-deadlines', component: () => import('./views/DeadlinesView.vue'), meta: { page: 'case-deadlines', title: '期限' } },
      { path: 'cases/archive', name: 'case-archive', component: () => import('./views/ArchiveView.vue'), meta: { page: 'case-archive', title: '归档' } },
      { path: 'cases/leads', name: 'leads', component: () => import('./views/LeadsView.vue'), meta: { page: 'leads', title: '问题线索' } },
      { path: 'cases/leads/:id(\\d+)', name: 'lead-detail', component: () => import('./views/LeadDetailView.vue'), meta: { page: 'leads', title: '问题线索' } },
      { path: 'cases/access-requests', name: 'access-requests', component: () => import('./views/AccessRequestsView.vue'), meta: { page: 'access-requests', title: '查阅复制申请' } },
      { path: 'cases/access-log', name: 'access-log', component: () => import('./views/AccessLogView.vue'), meta: { page: 'access-log', title: '调阅记录' } },
      { path: 'review/queue', name: 'review-queue', component: () => import('./views/ReviewQueueView.vue'), meta: { page: 'review-queue', title: '审核队列' } },
      { path: 'review/reviews/:id(\\d+)', name: 'review-detail', component: () => import('./views/ReviewDetailView.vue'), meta: { page: 'review-detail', title: '法制审核' } },
      { path: 'review/catalogue', name: 'review-catalogue', component: () => import('./views/ReviewCatalogueView.vue'), meta: { page: 'review-catalogue', title: '审核事项清单' } },
      { path: 'review/roster', name: 'review-roster', component: () => import('./views/ReviewRosterView.vue'), meta: { page: 'review-roster', title: '审核人员名单' } },
      { path: 'review/benchmarks', name: 'review-benchmarks', component: () => import('./views/BenchmarksView.vue'), meta: { page: 'review-benchmarks', title: '裁量基准' } },
      // 监督看板 (INF-3, REC-24): lazily loaded, so ECharts stays out of the console's first load.
      { path: 'supervision', name: 'supervision', component: () => import('./views/supervision/SupervisionView.vue'), meta: { page: 'supervision', title: '监督看板' } },
      { path: 'credit/records', name: 'credit-records', component: () => import('./views/credit/CreditRecordsView.vue'), meta: { page: 'credit-records', title: '失信记录' } },
      { path: 'credit/records/:id(\\d+)', name: 'credit-record', component: () => import('./views/credit/CreditRecordDetailView.vue'), meta: { page: 'credit-records', title: '失信记录' } },
      { path: 'credit/repairs', name: 'credit-repairs', component: () => import('./views/credit/CreditRepairsView.vue'), meta: { page: 'credit-repairs', title: '信用修复申请' } },
      // 公示管理 (PUB-1..PUB-4, PUB-7, PUB-8, PUB-11): the disclosures, their deadlines, a disclosure's review and publication.
      { path: 'publicity', name: 'publicity', component: () => import('./views/publicity/PublicityListView.vue'), meta: { page: 'publicity', title: '公示管理' } },
      { path: 'publicity/new', name: 'publicity-new', component: () => import('./views/publicity/PublicityNewView.vue'), meta: { page: 'publicity-new', title: '录入公示信息' } },
      { path: 'prior/items', name: 'prior-items', component: () => import('./views/prior/PriorItemsView.vue'), meta: { page: 'prior-items', title: '执法事项清单' } },
      { path: 'prior/body', name: 'prior-body', component: () => import('./views/prior/PriorBodyView.vue'), meta: { page: 'prior-body', title: '执法主体信息' } },
      // 统计年报 (PUB-9): the reports of a year with their deadline states, and one report (ECharts, lazily loaded).
      { path: 'annual-reports', name: 'annual-reports', component: () => import('./views/annual/AnnualListView.vue'), meta: { page: 'annual-reports', title: '统计年报' } },
      { path: 'annual-reports/:id(\\d+)', name: 'annual-report', component: () => import('./views/annual/AnnualDetailView.vue'), meta: { page: 'annual-reports', title: '统计年报' } },
      { path: 'publicity/:id(\\d+)', name: 'publicity-detail', component: () => import('./views/publicity/PublicityDetailView.vue'), meta: { page: 'publicity', title: '公示信息' } },
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
