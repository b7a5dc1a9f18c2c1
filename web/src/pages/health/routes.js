// The health module's pages inside the app layout (each loaded when first opened).
export const healthRoutes = [
  { path: 'health/checkin', name: 'health-checkin', component: () => import('./MyCheckinPage.vue'), meta: { permission: 'health.self' } },
  { path: 'health/me', name: 'health-me', component: () => import('./FilePage.vue'), meta: { permission: 'health.self' } },
  { path: 'health/people/:id', name: 'health-file', component: () => import('./FilePage.vue'), props: true, meta: { permission: 'health.records' } },
  { path: 'health/outings', name: 'health-outings', component: () => import('./OutingsPage.vue'), meta: { permission: 'health.self' } },
  { path: 'health/census', name: 'health-census', component: () => import('./CensusPage.vue'), meta: { permission: 'health.census' } },
  { path: 'health/register', name: 'health-register', component: () => import('./RegisterPage.vue'), meta: { permission: 'health.manage' } },
  { path: 'health/cases', name: 'health-cases', component: () => import('./CasesPage.vue'), meta: { permission: 'health.records' } },
  { path: 'health/entrance', name: 'health-entrance', component: () => import('./EntrancePage.vue'), meta: { permission: 'health.manage' } },
  { path: 'health/settings', name: 'health-settings', component: () => import('./SettingsPage.vue'), meta: { permission: 'health.manage' } },
]
