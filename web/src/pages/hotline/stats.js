// The statistics page's figures from GET /hotline/stats: every day of the
// period present (a day without calls is a 0, not a gap), the categories
// ordered by volume, and the presets a report asks for.

/** The seed's epidemic peak: 2,696 calls, all handled. */
export const PEAK = { from: '2020-01-24', to: '2020-02-02' }

const DAY = 86400000
const iso = (ms) => new Date(ms).toISOString().slice(0, 10)

/** Every YYYY-MM-DD from `from` to `to` inclusive (at most 400). */
export function daysBetween(from, to) {
  const out = []
  for (let t = Date.parse(`${from}T00:00:00Z`), end = Date.parse(`${to}T00:00:00Z`); t <= end && out.length < 400; t += DAY) out.push(iso(t))
  return out
}

/** The period ending on `today` (YYYY-MM-DD) that is `days` long. */
export function lastDays(today, days) {
  return { from: iso(Date.parse(`${today}T00:00:00Z`) - (days - 1) * DAY), to: today }
}

/** Handled share in percent, one decimal (100 when there were no calls to miss). */
export function pct(handled, total) {
  if (!total) return 100
  return Math.round((handled * 1000) / total) / 10
}

/**
 * @param {any} s  the /hotline/stats response
 */
export function shapeStats(s) {
  const byDay = new Map((s.by_day ?? []).map((d) => [d.day, d]))
  const days = daysBetween(s.from, s.to).map((day) => ({ day, total: byDay.get(day)?.total ?? 0, handled: byDay.get(day)?.handled ?? 0 }))
  const categories = [...(s.by_category ?? [])]
    .filter((c) => c.total > 0)
    .sort((a, b) => b.total - a.total || a.category.localeCompare(b.category))
    .map((c) => ({ ...c, share: s.total ? Math.round((c.total * 1000) / s.total) / 10 : 0, handledPct: pct(c.handled, c.total) }))
  return {
    days,
    categories,
    total: s.total ?? 0,
    handled: s.handled ?? 0,
    handledPct: s.handled_pct ?? pct(s.handled ?? 0, s.total ?? 0),
    peakDay: days.reduce((best, d) => (d.total > (best?.total ?? -1) ? d : best), null),
  }
}

/** Rounds a chart's top to 1, 2, 2.5 or 5 × a power of ten. */
export function niceMax(v) {
  if (v <= 0) return 1
  const p = 10 ** Math.floor(Math.log10(v))
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p
  return 10 * p
}
