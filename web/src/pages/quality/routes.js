// The water-quality pages inside the app layout, under 保供服务 (the seed puts
// the raised testing of raw, finished, network and secondary water with
// supply assurance). The task list and the entry form are phone-sized.
const read = { permission: 'quality.read' }
export const qualityRoutes = [
  { path: 'quality', name: 'quality', component: () => import('./QualityDashboardPage.vue'), meta: read },
  { path: 'quality/tasks', name: 'quality-tasks', component: () => import('./TasksPage.vue'), meta: read },
  { path: 'quality/samples', name: 'quality-samples', component: () => import('./SamplesPage.vue'), meta: read },
  { path: 'quality/samples/new', name: 'quality-sample-new', component: () => import('./SampleFormPage.vue'), meta: { permission: 'quality.enter' } },
  { path: 'quality/samples/:id', name: 'quality-sample', component: () => import('./SamplePage.vue'), props: true, meta: read },
  { path: 'quality/exceedances', name: 'quality-exceedances', component: () => import('./ExceedancesPage.vue'), meta: read },
  { path: 'quality/exceedances/:id', name: 'quality-exceedance', component: () => import('./ExceedancePage.vue'), props: true, meta: read },
  { path: 'quality/points', name: 'quality-points', component: () => import('./PointsPage.vue'), meta: read },
  { path: 'quality/plans', name: 'quality-plans', component: () => import('./PlansPage.vue'), meta: read },
  { path: 'quality/compliance', name: 'quality-compliance', component: () => import('./CompliancePage.vue'), meta: read },
]
