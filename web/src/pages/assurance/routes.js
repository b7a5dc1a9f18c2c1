// The supply-assurance pages inside the app layout (each loaded when first opened).
export const assuranceRoutes = [
  { path: 'supply/customers', name: 'supply-customers', component: () => import('./CustomerListPage.vue'), meta: { permission: 'supply.read' } },
  { path: 'supply/dual-supply', name: 'supply-dual', component: () => import('./DualSupplyPage.vue'), meta: { permission: 'supply.read' } },
  { path: 'supply/customers/:id', name: 'supply-customer', component: () => import('./CustomerDetailPage.vue'), props: true, meta: { permission: 'supply.read' } },
]
