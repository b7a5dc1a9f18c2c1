// Times as these pages show and send them: Asia/Shanghai wall time.
import { ZONE, addDays, businessDate } from '../health/dates'

export { addDays, businessDate }

const parts = (iso, opts) => {
  const map = {}
  for (const p of new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, hourCycle: 'h23', ...opts }).formatToParts(new Date(iso))) map[p.type] = p.value
  return map
}

/** "08:00" */
export function hhmm(iso) {
  if (!iso) return ''
  const p = parts(iso, { hour: '2-digit', minute: '2-digit' })
  return `${p.hour}:${p.minute}`
}

/** "2020-01-26 08:00" */
export function dayTime(iso) {
  if (!iso) return ''
  const p = parts(iso, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`
}

/** The business date of an instant. */
export function dayOf(iso) {
  return businessDate(new Date(iso))
}

/** Monday of the week holding `day`. */
export function monday(day) {
  const d = new Date(`${day}T00:00:00Z`)
  const weekday = (d.getUTCDay() + 6) % 7
  return addDays(day, -weekday)
}

/** The days from `from` to `to`, inclusive. */
export function daysBetween(from, to) {
  const out = []
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d)
  return out
}

/** A datetime-local value ("2020-01-26T08:00"), sent as a local time the server reads in the utility's zone. */
export function localInput(iso = new Date().toISOString()) {
  const p = parts(iso, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`
}

/**
 * Lays a day's segments out on a 24-hour bar: [{left, width}] in percent,
 * clipped to the day (a segment crossing midnight shows on both days).
 */
export function barOf(day, fromIso, untilIso) {
  const start = new Date(`${day}T00:00:00+08:00`).getTime()
  const end = start + 24 * 3600_000
  const a = Math.max(start, new Date(fromIso).getTime())
  const b = Math.min(end, new Date(untilIso).getTime())
  if (b <= a) return null
  return { left: ((a - start) / (end - start)) * 100, width: ((b - a) / (end - start)) * 100 }
}
