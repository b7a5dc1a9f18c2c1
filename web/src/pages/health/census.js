// Census figures: their order, rates and the per-unit table.
export const COUNT_KEYS = [
  'headcount', 'checked_in', 'missing', 'late', 'abnormal', 'fever', 'symptoms', 'contact',
  'home_observation', 'quarantine', 'away', 'not_returned', 'from_risk_areas', 'on_duty', 'isolated',
]
/** Figures that need attention when not zero. */
export const ALERT_KEYS = new Set(['missing', 'abnormal', 'fever', 'contact', 'quarantine', 'not_returned', 'from_risk_areas'])
/** The columns of the per-unit table (the rest stay in the export). */
export const TABLE_KEYS = ['headcount', 'checked_in', 'missing', 'late', 'abnormal', 'fever', 'home_observation', 'quarantine', 'away']

/** Checked in of headcount as "96.5%"; "—" when nobody is on the register. */
export function rate(counts) {
  const h = counts?.headcount ?? 0
  if (!h) return '—'
  return `${((100 * (counts.checked_in ?? 0)) / h).toFixed(1).replace(/\.0$/, '')}%`
}

export function sumCounts(rows) {
  const total = Object.fromEntries(COUNT_KEYS.map((k) => [k, 0]))
  for (const r of rows) for (const k of COUNT_KEYS) total[k] += Number(r?.[k] ?? 0)
  return total
}

/**
 * Units with the most missing first (then abnormal, then name), and a total
 * row that must equal the census totals — `consistent` says whether it does.
 */
export function unitTable(census) {
  const units = [...(census?.units ?? [])].sort(
    (a, b) =>
      (b.counts.missing ?? 0) - (a.counts.missing ?? 0) ||
      (b.counts.abnormal ?? 0) - (a.counts.abnormal ?? 0) ||
      a.name.localeCompare(b.name, 'zh-CN'),
  )
  const total = sumCounts(units.map((u) => u.counts))
  const consistent = units.length === 0 || COUNT_KEYS.every((k) => total[k] === (census.totals?.[k] ?? 0))
  return { units, total, consistent }
}

/** The trend as series for the chart: dates and, per key, the values. */
export function trendSeries(points, keys = ['checked_in', 'missing', 'abnormal']) {
  const sorted = [...(points ?? [])].sort((a, b) => a.date.localeCompare(b.date))
  return {
    dates: sorted.map((p) => p.date),
    // false on days check-in was not required (shown as such, not as missing); true when the server says nothing.
    required: sorted.map((p) => p.required !== false),
    series: keys.map((k) => ({ key: k, values: sorted.map((p) => p.totals?.[k] ?? 0) })),
  }
}

/** Rounded-up axis maximum: 0→1, 7→10, 23→25, 130→150. */
export function niceMax(v) {
  if (v <= 0) return 1
  const p = 10 ** Math.floor(Math.log10(v))
  for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * p >= v) return m * p
  return 10 * p
}
