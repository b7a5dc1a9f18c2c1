// The notify pages inside the app layout: the unit's group robots with their
// routing, and the delivery log (both under 系统管理).
export const notifyRoutes = [
  { path: 'notify/robots', name: 'notify-robots', component: () => import('./RobotsPage.vue'), meta: { permission: 'notify.read' } },
  { path: 'notify/deliveries', name: 'notify-deliveries', component: () => import('./DeliveriesPage.vue'), meta: { permission: 'notify.read' } },
]
