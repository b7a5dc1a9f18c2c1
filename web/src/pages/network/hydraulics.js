// The hydraulic side of the network page: the priority customers' pressure
// and served share before and after a plan (the `hydraulics` object of the
// POST /isolation answer), and the all-bursts ranking (GET /bursts).

const SEVERITY = { cut_off: 2, low_pressure: 1, ok: 0 }

/** 'bad' (cut off), 'warn' (low pressure) or 'ok', for a status string. */
export function severityOf(status) {
  return status === 'cut_off' ? 'bad' : status === 'low_pressure' ? 'warn' : 'ok'
}

/**
 * Table rows, worst first: cut off, then low pressure, then by the drop in
 * the served share. A row is "changed" when its status or share moved.
 * @param {any} h  the plan's `hydraulics` object (may be missing or unavailable)
 */
export function hydraulicRows(h) {
  if (!h) return { available: false, error: null, rows: [], unchanged: 0 }
  if (h.available === false) return { available: false, error: h.error ?? null, rows: [], unchanged: 0 }
  const rows = (h.customers ?? []).map((c) => {
    const fBefore = c.served_fraction_before ?? 0
    const fAfter = c.served_fraction_after ?? 0
    return {
      name: c.name,
      category: c.category,
      node: c.node,
      pBefore: c.pressure_before_m ?? null,
      pAfter: c.pressure_after_m ?? null,
      fBefore,
      fAfter,
      demandLps: c.demand_lps ?? 0,
      statusBefore: c.status_before,
      statusAfter: c.status_after,
      severity: severityOf(c.status_after),
      changed: c.status_before !== c.status_after || Math.abs(fBefore - fAfter) >= 0.001,
    }
  })
  rows.sort(
    (a, b) =>
      (SEVERITY[b.statusAfter] ?? 0) - (SEVERITY[a.statusAfter] ?? 0) ||
      b.fBefore - b.fAfter - (a.fBefore - a.fAfter) ||
      String(a.name).localeCompare(String(b.name)),
  )
  return {
    available: true,
    error: null,
    rows,
    unchanged: rows.filter((r) => !r.changed && r.severity === 'ok').length,
    leakLps: h.leak?.flow_lps ?? null,
    preq: h.pda?.preq_m ?? null,
  }
}

/** "43.9" or "—" (no path to a source). */
export function formatPressure(p) {
  return p === null || p === undefined || !Number.isFinite(p) ? '—' : (Math.round(p * 10) / 10).toFixed(1)
}

/** 0.8912 → "89%" (never rounds a partial supply up to 100% or down to 0%). */
export function formatShare(f) {
  const pct = Math.round((f ?? 0) * 100)
  if (pct === 100 && f < 0.999) return '99%'
  if (pct === 0 && f > 0) return '<1%'
  return `${pct}%`
}

/** Where an all-bursts job stands: waiting or running with a share done, or not (done, failed, none). */
export function burstProgress(body) {
  if (!body) return { running: true, share: 0 }
  if (body.state !== 'running' && body.state !== 'queued') return { running: false, share: 1 }
  const total = body.total || 0
  return { running: true, share: total ? Math.min(1, (body.done ?? 0) / total) : 0 }
}

/** The ranking's rows as the panel lists them (only segments that hurt someone). */
export function burstRows(body) {
  return (body?.ranking ?? []).map((r) => {
    const affected = [...(r.affected ?? [])].sort(
      (a, b) => (SEVERITY[b.status_after] ?? 0) - (SEVERITY[a.status_after] ?? 0) || a.served_fraction_after - b.served_fraction_after,
    )
    return {
      rank: r.rank,
      segment: r.segment,
      links: r.links ?? [],
      cutOff: r.customers_cut_off ?? 0,
      shortfallLps: r.shortfall_lps ?? 0,
      // A pendant segment is decided from topology and the baseline, not solved.
      solved: r.solved !== false,
      affected: affected.map((a) => ({ name: a.name, share: a.served_fraction_after, severity: severityOf(a.status_after) })),
    }
  })
}
