// The duty pages inside the app layout (the print page stands alone, in router.js).
export const dutyRoutes = [
  { path: 'duty/board', name: 'duty-board', component: () => import('./DutyBoardPage.vue'), meta: { permission: 'duty.read' } },
  { path: 'duty/roster', name: 'duty-roster', component: () => import('./RosterPage.vue'), meta: { permission: 'duty.read' } },
  { path: 'duty/log', name: 'duty-log', component: () => import('./DutyLogPage.vue'), meta: { permission: 'duty.read' } },
  { path: 'duty/checkin', name: 'duty-checkin', component: () => import('./CheckinPage.vue'), meta: { permission: 'duty.self' } },
  { path: 'duty/presence', name: 'duty-presence', component: () => import('./PresencePage.vue'), meta: { permission: 'duty.read' } },
]
