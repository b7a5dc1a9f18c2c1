// Work-order states and SLA clocks as the boards show them. The server
// decides what is allowed and when a clock is late; these helpers only
// name, order and colour what it says.

/** The main path of a repair order, in order (isolated and under_pressure are alternatives). */
export const STEPS = ['reported', 'dispatched', 'accepted', 'on_site', 'isolated', 'repaired', 'restored', 'closed']
export const STATES = [...STEPS.slice(0, 5), 'under_pressure', ...STEPS.slice(5), 'cancelled', 'deferred']
export const OPEN_STATES = STATES.filter((s) => !['closed', 'cancelled'].includes(s))
export const INCIDENT_TYPES = ['burst', 'leak', 'no_water', 'low_pressure', 'quality_complaint', 'equipment_failure', 'other']
export const CLOCKS = ['respond', 'on_site', 'isolated', 'repaired']

/**
 * The three colours of a board: ok, warning (a clock is about to run out),
 * breached (one ran out). Met clocks are ok; missed ones stay breached.
 * @param {string|undefined|null} state  pending | warning | breached | met | missed
 */
export function slaColour(state) {
  if (state === 'warning') return 'warning'
  if (state === 'breached' || state === 'missed') return 'breached'
  return 'ok'
}

export const SLA_HEX = { ok: '#2e7d32', warning: '#f9a825', breached: '#d32f2f' }

/** How far along the main path a state is (0…7); under_pressure counts as isolated, cancelled as nowhere. */
export function stepIndex(state) {
  if (state === 'under_pressure') return STEPS.indexOf('isolated')
  return STEPS.indexOf(state)
}

/**
 * The transition buttons, in the order of the path: forward moves first, the
 * dispatch (needs a team) apart, cancel (needs a reason) last.
 * @param {string[]} allowed  the work order's `allowed`
 */
export function transitionButtons(allowed = []) {
  const order = (s) => (s === 'cancelled' ? 99 : STATES.indexOf(s))
  return [...allowed]
    .sort((a, b) => order(a) - order(b))
    .map((to) => ({ to, needsTeam: to === 'dispatched', needsReason: to === 'cancelled', danger: to === 'cancelled' }))
}

/** Minutes left on a clock (negative once late), or null for a finished one. */
export function minutesLeft(clock, now = Date.now()) {
  if (!clock?.due_at || clock.done_at) return null
  return Math.round((Date.parse(clock.due_at) - now) / 60000)
}

/** The next clock that is still running (the one a dispatcher watches). */
export function runningClock(sla) {
  return (sla?.clocks ?? []).find((c) => !c.done_at && c.due_at) ?? null
}

/** Board filters applied in the browser on top of the server's open/closed list. */
export function filterIncidents(items, { type = '', priority = '', sla = '' } = {}) {
  return items.filter(
    (i) =>
      (!type || i.type === type) &&
      (!priority || String(i.priority) === String(priority)) &&
      (!sla || slaColour(i.sla_state ?? i.work_order?.sla?.state) === sla),
  )
}

/** Worst first, then priority, then newest: the order a dispatcher works in. */
export function boardOrder(a, b) {
  const rank = { breached: 0, warning: 1, ok: 2 }
  const sa = rank[slaColour(a.sla_state ?? a.work_order?.sla?.state)]
  const sb = rank[slaColour(b.sla_state ?? b.work_order?.sla?.state)]
  return sa - sb || (a.priority ?? 3) - (b.priority ?? 3) || Date.parse(b.reported_at) - Date.parse(a.reported_at)
}
