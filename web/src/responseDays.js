// The days of the emergency response in force, for pages that count by day:
// day 0 is the declaration's business day, day 1 the day after (the seed's
// 24 January 2020 on the demo timeline). Read from the response's start in
// the API (activeEmergencies), never from fixed dates.
import { addDays, businessDate } from './pages/health/dates'

const DAY = 86400000

/** The business day the response was declared on ("day 0"); null without one. */
export function responseDay0(response) {
  return response?.started_at ? businessDate(new Date(response.started_at)) : null
}

/** The response day of `date` (0 = declared, 1 = the first day …); null without a response. */
export function responseDayOf(date, response) {
  const day0 = responseDay0(response)
  if (!day0 || !date) return null
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${day0}T00:00:00Z`)) / DAY)
}

/** The date of response day `n`; null without a response. */
export function responseDate(n, response) {
  const day0 = responseDay0(response)
  return day0 ? addDays(day0, n) : null
}

/**
 * The census trend's period ending on `to`: the last 30 days, or — "since the
 * response" — from its day 0 (at most `maxDays`, the server's limit).
 */
export function trendRange(to, mode, response, maxDays = 92) {
  const last30 = { from: addDays(to, -29), to }
  const day0 = responseDay0(response)
  if (mode !== 'response' || !day0 || day0 > to) return last30
  const earliest = addDays(to, -(maxDays - 1))
  return { from: day0 < earliest ? earliest : day0, to }
}

/** The ISO instants bounding business day `date` in Asia/Shanghai (UTC+8, no DST). */
export function dayBounds(date) {
  const start = new Date(`${date}T00:00:00+08:00`)
  return { from: start.toISOString(), to: new Date(start.getTime() + DAY).toISOString() }
}
