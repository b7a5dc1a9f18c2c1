// Priority-customer status as the list and the map show it: normal (green),
// at risk (amber: not N-1 secure, or a patrol overdue), affected by an open
// incident (orange), supply interrupted (red).
export const STATUSES = ['interrupted', 'affected', 'at_risk', 'normal']
export const STATUS_HEX = { normal: '#2e7d32', at_risk: '#f9a825', affected: '#ef6c00', interrupted: '#d32f2f' }
export const CUSTOMER_CATEGORIES = [
  'designated_hospital', 'fever_clinic', 'hospital', 'cdc', 'quarantine_site', 'telecom',
  'broadcasting', 'emergency_command', 'prevention_factory', 'logistics', 'other',
]

/** Worst status first, then tier, then name: what needs attention on top. */
export function customerOrder(a, b) {
  return STATUSES.indexOf(a.status) - STATUSES.indexOf(b.status) || (a.tier ?? 9) - (b.tier ?? 9) || String(a.name).localeCompare(String(b.name), 'zh-CN')
}

/** The network layer uses its own category name for prevention-supply factories. */
export const mapCategory = (category) => (category === 'prevention_factory' ? 'supply_factory' : category)

/** Counts per status from a list, when the server sent none. */
export function statusCounts(items) {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0]))
  for (const c of items) if (c.status in counts) counts[c.status]++
  return counts
}

/** The dual-supply table: one row per customer, the least secure first (unknown supply last). */
export function dualSupplyRows(items) {
  const rows = items.map((c) => ({
    id: c.id,
    name: c.name,
    category: c.category,
    tier: c.tier ?? 9,
    networkId: c.network_id ?? null,
    routes: c.supply ? (c.supply.routes ?? 0) : null,
    dual: Boolean(c.supply?.dual_supply ?? (c.supply?.routes ?? 0) >= 2),
    n1: Boolean(c.supply?.n1_secure),
    critical: c.supply ? (c.supply.critical_segments?.length ?? 0) : null,
  }))
  const rank = (r) => (r.routes == null ? 3 : !r.n1 ? 0 : !r.dual ? 1 : 2)
  return rows.sort((a, b) => rank(a) - rank(b) || a.tier - b.tier || String(a.name).localeCompare(String(b.name), 'zh-CN'))
}
