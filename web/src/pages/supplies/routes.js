// Prevention supplies and disinfection pages (内部防控), each loaded when first opened.
export const suppliesRoutes = [
  { path: 'supplies/stock', name: 'supplies-stock', component: () => import('./StockBoardPage.vue'), meta: { permission: 'supplies.read' } },
  { path: 'supplies/entry', name: 'supplies-entry', component: () => import('./MovementEntryPage.vue'), meta: { permission: 'supplies.manage' } },
  { path: 'supplies/ledger', name: 'supplies-ledger', component: () => import('./LedgerPage.vue'), meta: { permission: 'supplies.read' } },
  { path: 'supplies/requests', name: 'supplies-requests', component: () => import('./RequestsPage.vue'), meta: { permission: 'supplies.read' } },
  { path: 'supplies/support', name: 'supplies-support', component: () => import('./SupportPage.vue'), meta: { permission: 'supplies.read' } },
  { path: 'disinfection/places', name: 'disinfection-places', component: () => import('../disinfection/PlacesPage.vue'), meta: { permission: 'supplies.read' } },
  { path: 'disinfection/record', name: 'disinfection-record', component: () => import('../disinfection/RecordPage.vue'), meta: { permission: 'disinfection.record' } },
  { path: 'disinfection/overdue', name: 'disinfection-overdue', component: () => import('../disinfection/OverduePage.vue'), meta: { permission: 'supplies.read' } },
]

// Pages outside the app's layout: what is printed, and the page a place's QR code opens on a phone.
export const suppliesStandaloneRoutes = [
  {
    path: '/supplies/support/:id/certificate',
    name: 'supplies-certificate',
    component: () => import('./CertificatePage.vue'),
    props: true,
    meta: { permission: 'supplies.read' },
  },
  {
    path: '/disinfection/qr-sheet/:org',
    name: 'disinfection-qr-sheet',
    component: () => import('../disinfection/QrSheetPage.vue'),
    props: true,
    meta: { permission: 'supplies.read' },
  },
  {
    path: '/d/:token',
    name: 'disinfection-scan',
    component: () => import('../disinfection/RecordPage.vue'),
    props: true,
    meta: { permission: 'disinfection.record' },
  },
]
