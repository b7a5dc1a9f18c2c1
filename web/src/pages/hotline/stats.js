// The statistics page's figures from GET /hotline/stats: every day of the
// period present (a day without calls is a 0, not a gap), the categories
// ordered by volume, and the presets a report asks for — relative to today
// and to the emergency response in force, never to fixed dates.
import { businessDate } from '../health/dates'

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

/** Handled share in percent, one decimal; null when there were no calls (no share to show). */
export function pct(handled, total) {
  if (!total) return null
  return Math.round((handled * 1000) / total) / 10
}

/** Monday of the week of `day` (a Chinese report week starts on Monday). */
export function weekStart(day) {
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay() // 0 Sunday
  return iso(Date.parse(`${day}T00:00:00Z`) - ((dow + 6) % 7) * DAY)
}

/**
 * The period buttons: today, this week, the last 7 and 30 days, and — when an
 * emergency response is in force — its first ten days (the peak a report
 * asks for, "响应首十日": response days 1–10, day 1 being the day after the
 * declaration, as on the demo timeline) and the whole response so far.
 * @param {string} today  YYYY-MM-DD
 * @param {{started_at: string}|null} response  the most severe active response
 */
export function presetsFor(today, response) {
  const out = [
    { key: 'today', range: { from: today, to: today } },
    { key: 'week', range: { from: weekStart(today), to: today } },
    { key: 'last7', range: lastDays(today, 7) },
    { key: 'last30', range: lastDays(today, 30) },
  ]
  if (response?.started_at) {
    const declared = businessDate(new Date(response.started_at))
    const first = iso(Date.parse(`${declared}T00:00:00Z`) + DAY)
    if (first <= today) {
      const tenth = iso(Date.parse(`${declared}T00:00:00Z`) + 10 * DAY)
      out.push({ key: 'responseFirst10', range: { from: first, to: tenth < today ? tenth : today } })
      out.push({ key: 'responseSoFar', range: { from: declared, to: today } })
    }
  }
  return out
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
  const total = s.total ?? 0
  return {
    days,
    categories,
    total,
    handled: s.handled ?? 0,
    // No calls, no share: "—", never "100 %".
    handledPct: total ? (s.handled_pct ?? pct(s.handled ?? 0, total)) : null,
    peakDay: days.reduce((best, d) => (d.total > (best?.total ?? -1) ? d : best), null),
  }
}

/** The ECharts option of the calls-per-day chart (labels in the reader's words). */
export function callsChartOption(days, labels) {
  return {
    grid: { left: 44, right: 12, top: 30, bottom: 28, containLabel: false },
    legend: { top: 0, data: [labels.total, labels.handled] },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: days.map((d) => d.day.slice(5)), axisTick: { alignWithLabel: true } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: labels.total, type: 'bar', data: days.map((d) => d.total), itemStyle: { color: '#1f6fb2' }, barGap: '-70%' },
      { name: labels.handled, type: 'bar', data: days.map((d) => d.handled), itemStyle: { color: '#7fb3e0' }, barWidth: '30%' },
    ],
  }
}
