// Supervision rounds (督导检查) and rectification items, under 值班值守.
export const supervisionRoutes = [
  { path: 'supervision/rounds', name: 'supervision-rounds', component: () => import('./SupervisionPage.vue'), meta: { permission: 'supervision.read' } },
  { path: 'supervision/rectifications', name: 'supervision-rectifications', component: () => import('./RectificationsPage.vue'), meta: { permission: 'supervision.read' } },
]
