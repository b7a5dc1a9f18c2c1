// Navigation follows the seven pillars of the emergency response (plus
// administration). A pillar without `items` has no module yet and leads to
// its "coming in a later release" page; a `partial` pillar has some modules,
// and for users who may open none of them leads to a "no access" page (it
// exists, this role may not open it). Entries marked `staff` are about the
// reader as a person on a staff register (their check-in, health file,
// outings): hidden for someone on no register (the association's admin).
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
      { route: 'supply-dual', label: 'nav.dualSupply', permission: 'supply.read' },
      // Water quality (水质三级管理) sits with supply assurance: the seed's raised
      // testing of raw, finished, network and secondary water is part of keeping
      // hospitals and homes supplied.
      { route: 'quality', label: 'quality.nav.dashboard', permission: 'quality.read' },
      { route: 'quality-tasks', label: 'quality.nav.tasks', permission: 'quality.read' },
      { route: 'quality-samples', label: 'quality.nav.samples', permission: 'quality.read' },
      { route: 'quality-exceedances', label: 'quality.nav.exceedances', permission: 'quality.read' },
      { route: 'quality-points', label: 'quality.nav.points', permission: 'quality.read' },
      { route: 'quality-plans', label: 'quality.nav.plans', permission: 'quality.read' },
      { route: 'quality-compliance', label: 'quality.nav.compliance', permission: 'quality.read' },
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
      { route: 'health-checkin', label: 'health.nav.checkin', permission: 'health.self', staff: true },
      { route: 'health-me', label: 'health.nav.myHealth', permission: 'health.self', staff: true },
      { route: 'health-outings', label: 'health.nav.outings', permission: 'health.self', staff: true },
      { route: 'health-register', label: 'health.nav.register', permission: 'health.manage' },
      { route: 'health-cases', label: 'health.nav.cases', permission: 'health.records' },
      { route: 'health-entrance', label: 'health.nav.entrance', permission: 'health.manage' },
      { route: 'health-settings', label: 'health.nav.settings', permission: 'health.manage' },
      { route: 'supplies-stock', label: 'supplies.nav.stock', permission: 'supplies.read' },
      { route: 'supplies-entry', label: 'supplies.nav.entry', permission: 'supplies.manage' },
      { route: 'supplies-ledger', label: 'supplies.nav.ledger', permission: 'supplies.read' },
      { route: 'supplies-requests', label: 'supplies.nav.requests', permission: 'supplies.read' },
      { route: 'supplies-support', label: 'supplies.nav.support', permission: 'supplies.read' },
      { route: 'disinfection-places', label: 'supplies.nav.places', permission: 'supplies.read' },
      { route: 'disinfection-record', label: 'supplies.nav.record', permission: 'disinfection.record' },
      { route: 'disinfection-overdue', label: 'supplies.nav.overdue', permission: 'supplies.read' },
    ],
  },
  {
    id: 'reporting',
    partial: true,
    items: [
      { route: 'health-census', label: 'health.nav.census', permission: 'health.census' },
      { route: 'hotline-stats', label: 'nav.hotlineStats', permission: 'hotline.stats' },
      { route: 'reports-status', label: 'reports.nav.status', permission: 'reports.read' },
      { route: 'reports-submit', label: 'reports.nav.submit', permission: 'reports.submit' },
      { route: 'reports-templates', label: 'reports.nav.templates', permission: 'reports.review' },
    ],
  },
  // 值班值守: who is on duty, the rosters, the log and hand-overs, presence,
  // and the HQ's supervision rounds with their rectification items.
  {
    id: 'duty',
    items: [
      { route: 'duty-board', label: 'duty.nav.board', permission: 'duty.read' },
      { route: 'duty-roster', label: 'duty.nav.roster', permission: 'duty.read' },
      { route: 'duty-log', label: 'duty.nav.log', permission: 'duty.read' },
      { route: 'duty-checkin', label: 'duty.nav.checkin', permission: 'duty.self' },
      { route: 'duty-presence', label: 'duty.nav.presence', permission: 'duty.read' },
      { route: 'supervision-rounds', label: 'supervision.nav.rounds', permission: 'supervision.read' },
      { route: 'supervision-rectifications', label: 'supervision.nav.rectifications', permission: 'supervision.read' },
    ],
  },
  { id: 'publicity' },
  {
    id: 'admin',
    items: [
      { route: 'users', label: 'nav.users', permission: 'users.read' },
      { route: 'approvals', label: 'access.nav.approvals', permission: 'users.read' },
      { route: 'audit', label: 'nav.audit', permission: 'audit.read' },
      { route: 'notify-robots', label: 'notify.nav.robots', permission: 'notify.read' },
      { route: 'notify-deliveries', label: 'notify.nav.deliveries', permission: 'notify.read' },
    ],
  },
]

export const UPCOMING_PILLARS = PILLARS.filter((p) => !p.items || p.partial).map((p) => p.id)

/** True for a pillar with modules (a role without access gets "no access", not "coming later"). */
export const isBuilt = (pillar) => Boolean(PILLARS.find((p) => p.id === pillar)?.items)

/**
 * The pillars and entries this user may open; a pillar with nothing left is
 * hidden (or, if partial, shown as one the role has no access to).
 * @param {(permission: string) => boolean} can
 * @param {{ onRegister?: boolean|null }} [who]  onRegister false: on no staff register; null: not known yet (not offered until it is)
 */
export function visibleNav(can, who = {}) {
  const person = who.onRegister !== false && who.onRegister !== null
  return PILLARS.map((p) => {
    if (!p.items) return p
    const items = p.items.filter((i) => (!i.permission || can(i.permission)) && (!i.staff || person))
    return items.length || !p.partial ? { ...p, items } : { id: p.id, noAccess: true }
  }).filter((p) => !p.items || p.items.length)
}
