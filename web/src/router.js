import { createRouter, createWebHashHistory } from 'vue-router'
import { onUnauthorized } from './api/client'
import { i18n } from './i18n'
import AppLayout from './layout/AppLayout.vue'
import { UPCOMING_PILLARS } from './layout/nav'
import { assuranceRoutes } from './pages/assurance/routes'
import { dutyRoutes } from './pages/duty/routes'
import { healthRoutes } from './pages/health/routes'
import { hotlineRoutes } from './pages/hotline/routes'
import LoginPage from './pages/login/LoginPage.vue'
import { notifyRoutes } from './pages/notify/routes'
import { qualityRoutes } from './pages/quality/routes'
import { repairRoutes } from './pages/repair/routes'
import { reportRoutes } from './pages/reports/routes'
import { supervisionRoutes } from './pages/supervision/routes'
import { suppliesRoutes, suppliesStandaloneRoutes } from './pages/supplies/routes'
import { can, restoreSession, session, setSession } from './session'
import { showToast } from './toasts'

// Hash history: the server only has to serve index.html at "/", whatever page
// the user bookmarks.
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/login', name: 'login', component: LoginPage, meta: { public: true } },
    // A personal check-in link (QR code): no login, outside the app's layout.
    {
      path: '/c/:token',
      name: 'checkin-link',
      component: () => import('./pages/health/PublicCheckinPage.vue'),
      props: true,
      meta: { public: true },
    },
    // The printable QR sheet of a unit: no navigation around it.
    {
      path: '/health/qr-sheet/:org',
      name: 'health-qr-sheet',
      component: () => import('./pages/health/QrSheetPage.vue'),
      props: true,
      meta: { permission: 'health.manage' },
    },
    // The weekly roster to print: no navigation around it.
    {
      path: '/duty/print',
      name: 'duty-print',
      component: () => import('./pages/duty/PrintPage.vue'),
      meta: { permission: 'duty.read' },
    },
    ...suppliesStandaloneRoutes,
    {
      path: '/',
      component: AppLayout,
      children: [
        { path: '', name: 'dashboard', component: () => import('./pages/dashboard/DashboardPage.vue') },
        { path: 'org', name: 'org', component: () => import('./pages/org/OrgPage.vue'), meta: { permission: 'org.read' } },
        { path: 'command', name: 'command', component: () => import('./pages/command/CommandPage.vue'), meta: { permission: 'command.read' } },
        { path: 'emergency', name: 'emergency', component: () => import('./pages/emergency/EmergencyPage.vue'), meta: { permission: 'emergency.read' } },
        { path: 'network', name: 'network', component: () => import('./pages/network/NetworkListPage.vue'), meta: { permission: 'network.read' } },
        // Old links to the dual-supply list now open its own page.
        { path: 'supply/networks', redirect: { name: 'supply-dual' } },
        {
          path: 'network/:id',
          name: 'network-map',
          component: () => import('./pages/network/NetworkMapPage.vue'),
          props: true,
          meta: { permission: 'network.read' },
        },
        ...assuranceRoutes,
        ...repairRoutes,
        ...hotlineRoutes,
        ...qualityRoutes,
        ...healthRoutes,
        ...dutyRoutes,
        ...supervisionRoutes,
        ...reportRoutes,
        ...notifyRoutes,
        ...suppliesRoutes,
        { path: 'users', name: 'users', component: () => import('./pages/users/UsersPage.vue'), meta: { permission: 'users.read' } },
        { path: 'audit', name: 'audit', component: () => import('./pages/audit/AuditPage.vue'), meta: { permission: 'audit.read' } },
        { path: 'approvals', name: 'approvals', component: () => import('./pages/access/ApprovalsPage.vue'), meta: { permission: 'users.read' } },
        { path: 'account', name: 'account', component: () => import('./pages/account/AccountPage.vue') },
        {
          path: 'pillar/:pillar',
          name: 'upcoming',
          component: () => import('./pages/upcoming/UpcomingPage.vue'),
          props: true,
          beforeEnter: (to) => UPCOMING_PILLARS.includes(to.params.pillar) || { name: 'dashboard' },
        },
      ],
    },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
})

router.beforeEach(async (to) => {
  if (to.meta.public) return to.name === 'login' && session.me ? { name: 'dashboard' } : true
  if (!session.me) {
    let restored = false
    try {
      restored = await restoreSession()
    } catch {
      showToast('error', i18n.global.t('error.network'))
    }
    if (!restored) return { name: 'login', query: { next: to.fullPath } }
  }
  if (to.meta.permission && !can(to.meta.permission)) return { name: 'dashboard' }
  return true
})

onUnauthorized(() => {
  if (!session.me) return
  setSession(null)
  showToast('info', i18n.global.t('error.sessionExpired'))
  router.push({ name: 'login', query: { next: router.currentRoute.value.fullPath } })
})
