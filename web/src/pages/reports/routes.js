// Fixed-time reports under 信息报送: the phone form, the status grid, the templates.
export const reportRoutes = [
  { path: 'reports/submit', name: 'reports-submit', component: () => import('./ReportFormPage.vue'), meta: { permission: 'reports.submit' } },
  { path: 'reports/status', name: 'reports-status', component: () => import('./ReportStatusPage.vue'), meta: { permission: 'reports.read' } },
  { path: 'reports/templates', name: 'reports-templates', component: () => import('./TemplatesPage.vue'), meta: { permission: 'reports.read' } },
]
