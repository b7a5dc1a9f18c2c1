// Navigation follows the seven pillars of the emergency response (plus
// administration). A pillar without `items` has no module yet and leads to
// its "coming in a later release" page; a `partial` pillar has some modules,
// and falls back to that page for users who may open none of them.
export const PILLARS = [
  {
    id: 'command',
    items: [
      { route: 'dashboard', label: 'nav.dashboard' },
      { route: 'org', label: 'nav.org', permission: 'org.read' },
      { route: 'command', label: 'nav.command', permission: 'command.read' },
      { route: 'emergency', label: 'nav.emergency', permission: 'emergency.read' },
    ],
  },
  {
    id: 'supply',
    items: [
      { route: 'supply-customers', label: 'nav.priorityCustomers', permission: 'supply.read' },
      { route: 'supply-networks', label: 'nav.dualSupply', permission: 'network.read' },
    ],
  },
  // The hotline console sits with repair: most calls that need action are
  // repair reports (爆管、停水), taken at the utility's 调度/客服 desk and
  // turned into incidents there; its statistics are reported upward (信息报送).
  {
    id: 'repair',
    items: [
      { route: 'repair-incidents', label: 'nav.incidents', permission: 'supply.read' },
      { route: 'hotline', label: 'nav.hotline', permission: 'hotline.take' },
      { route: 'repair-teams', label: 'nav.teams', permission: 'supply.read' },
      { route: 'network', label: 'nav.network', permission: 'network.read' },
    ],
  },
  {
    id: 'prevention',
    partial: true,
    items: [
      { route: 'health-checkin', label: 'health.nav.checkin', permission: 'health.self' },
      { route: 'health-me', label: 'health.nav.myHealth', permission: 'health.self' },
      { route: 'health-outings', label: 'health.nav.outings', permission: 'health.self' },
      { route: 'health-register', label: 'health.nav.register', permission: 'health.manage' },
      { route: 'health-cases', label: 'health.nav.cases', permission: 'health.records' },
      { route: 'health-entrance', label: 'health.nav.entrance', permission: 'health.manage' },
      { route: 'health-settings', label: 'health.nav.settings', permission: 'health.manage' },
    ],
  },
  {
    id: 'reporting',
    partial: true,
    items: [
      { route: 'health-census', label: 'health.nav.census', permission: 'health.census' },
      { route: 'hotline-stats', label: 'nav.hotlineStats', permission: 'hotline.stats' },
    ],
  },
  { id: 'duty' },
  { id: 'publicity' },
  {
    id: 'admin',
    items: [
      { route: 'users', label: 'nav.users', permission: 'users.read' },
      { route: 'approvals', label: 'access.nav.approvals', permission: 'users.read' },
      { route: 'audit', label: 'nav.audit', permission: 'audit.read' },
    ],
  },
]

export const UPCOMING_PILLARS = PILLARS.filter((p) => !p.items || p.partial).map((p) => p.id)

/** The pillars and entries this user may open; a pillar with nothing left is hidden (or, if partial, shown as upcoming). */
export function visibleNav(can) {
  return PILLARS.map((p) => {
    if (!p.items) return p
    const items = p.items.filter((i) => !i.permission || can(i.permission))
    return items.length || !p.partial ? { ...p, items } : { id: p.id }
  }).filter((p) => !p.items || p.items.length)
}
