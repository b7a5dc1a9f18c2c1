// The isolation plan as the map and the side panel need it: which links to
// paint (isolated / cut off), which valves to mark, and the figures a
// dispatcher reads out (valves, customers, demand, pipe length).

/** A valve in a plan list is an id or the engine's {valve, link, node}. */
const valveId = (v) => String(typeof v === 'object' && v ? v.valve : v)

/**
 * @param {any} plan  the POST /isolation response
 * @param {Map<string, number>} valveIndex  valve id → index in the geometry
 */
export function planHighlights(plan, valveIndex) {
  const impact = plan.impact ?? plan.would_be_affected ?? {}
  const close = (plan.valves_to_close ?? []).map(valveId)
  const inoperableMet = (plan.inoperable_valves_met ?? []).map(valveId)
  return {
    isolated: Int32Array.from(plan.links_isolated ?? []),
    cutOff: Int32Array.from(plan.links_cut_off ?? []),
    valvesToClose: close,
    valveIndices: close.map((id) => valveIndex.get(id)).filter((i) => i !== undefined),
    inoperableMet,
    customers: plan.customers_affected ?? impact.priority_customers ?? [],
    shutdown: plan.shutdown !== false,
    figures: impactFigures(impact),
  }
}

/** The numbers shown for an impact object (the engine's impact_json); no timings: those are the server's, not the reader's. */
export function impactFigures(impact) {
  return {
    demandLps: impact.demand_lost_lps ?? (impact.demand_lost_m3s ?? 0) * 1000,
    lengthM: (impact.pipe_length_isolated_m ?? 0) + (impact.pipe_length_cut_off_m ?? 0),
    dryNodes: impact.n_dry_demand_nodes ?? 0,
    isolatedSegments: impact.isolated_segments?.length ?? 0,
    cutOffSegments: impact.cut_off_segments?.length ?? 0,
  }
}

/**
 * What an inoperable valve costs compared with all valves working, or null
 * when the plan met no inoperable valve (nothing to compare).
 */
export function extraImpact(plan) {
  const ideal = plan.all_valves_working
  const extra = plan.extra_impact
  if (!ideal || !extra) return null
  const idealClose = (ideal.valves_to_close ?? []).map(valveId)
  const close = new Set((plan.valves_to_close ?? []).map(valveId))
  return {
    extraValves: [...close].filter((v) => !idealClose.includes(v)),
    demandLps: extra.demand_lost_lps ?? (extra.demand_lost_m3s ?? 0) * 1000,
    lengthM: extra.pipe_length_m ?? 0,
    dryNodes: extra.dry_demand_nodes ?? 0,
    customers: extra.priority_customers ?? [],
    // "No change": the detour closed other valves but nobody else lost water.
    none: !(extra.demand_lost_lps > 1e-9) && !(extra.pipe_length_m > 1e-6) && !(extra.priority_customers?.length > 0),
  }
}

/** Toggles a valve id in the inoperable list (a new array, for reactivity). */
export function toggleInoperable(list, id) {
  return list.includes(id) ? list.filter((v) => v !== id) : [...list, id]
}
