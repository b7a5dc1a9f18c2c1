// The repair module's pages inside the app layout (each loaded when first opened).
export const repairRoutes = [
  { path: 'repair/incidents', name: 'repair-incidents', component: () => import('./IncidentBoardPage.vue'), meta: { permission: 'supply.read' } },
  { path: 'repair/incidents/:id', name: 'repair-incident', component: () => import('./IncidentDetailPage.vue'), props: true, meta: { permission: 'supply.read' } },
  { path: 'repair/teams', name: 'repair-teams', component: () => import('./TeamBoardPage.vue'), meta: { permission: 'supply.read' } },
]
