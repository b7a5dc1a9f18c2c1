// The hotline's pages inside the app layout: the console under 应急抢修 (it is
// where repairs are reported), the statistics under 信息报送 (the figures a
// utility reports upward).
export const hotlineRoutes = [
  { path: 'hotline', name: 'hotline', component: () => import('./HotlineConsolePage.vue'), meta: { permission: 'hotline.take' } },
  { path: 'hotline/stats', name: 'hotline-stats', component: () => import('./HotlineStatsPage.vue'), meta: { permission: 'hotline.stats' } },
]
