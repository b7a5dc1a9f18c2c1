// Navigation follows the seven pillars of the emergency response (plus
// administration). A pillar without `items` has no module yet and leads to
// its "coming in a later release" page.
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
  { id: 'supply' },
  { id: 'repair' },
  { id: 'prevention' },
  { id: 'reporting' },
  { id: 'duty' },
  { id: 'publicity' },
  {
    id: 'admin',
    items: [
      { route: 'users', label: 'nav.users', permission: 'users.read' },
      { route: 'audit', label: 'nav.audit', permission: 'audit.read' },
    ],
  },
]

export const UPCOMING_PILLARS = PILLARS.filter((p) => !p.items).map((p) => p.id)

/** The pillars and entries this user may open; a pillar with nothing left is hidden. */
export function visibleNav(can) {
  return PILLARS.map((p) => (p.items ? { ...p, items: p.items.filter((i) => !i.permission || can(i.permission)) } : p)).filter(
    (p) => !p.items || p.items.length,
  )
}
