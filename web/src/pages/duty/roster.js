// Shaping the schedule and its problems for the calendar (pure, unit-tested).
import { barOf, dayOf, hhmm } from './time'

/** For each post id and day: the segments touching that day, with their bar. */
export function cells(items, days) {
  const out = new Map()
  for (const s of items) {
    for (const day of days) {
      const bar = barOf(day, s.from, s.until)
      if (!bar) continue
      const key = `${s.post.id}|${day}`
      if (!out.has(key)) out.set(key, [])
      out.get(key).push({ ...s, bar, label: `${hhmm(s.from)}–${hhmm(s.until) === '00:00' && dayOf(s.until) !== day ? '24:00' : hhmm(s.until)}` })
    }
  }
  return out
}

/** Problems per post and day (a problem spanning midnight shows on both days). */
export function problemCells(problems, days) {
  const out = new Map()
  for (const p of problems) {
    for (const day of days) {
      const bar = barOf(day, p.from, p.until)
      if (!bar) continue
      const key = `${p.post.id}|${day}`
      if (!out.has(key)) out.set(key, [])
      out.get(key).push({ ...p, bar })
    }
  }
  return out
}

/** Does a problem of a person overlap this segment? */
export function troubled(segment, problems) {
  if (!segment.person) return false
  const a = new Date(segment.from).getTime()
  const b = new Date(segment.until).getTime()
  return problems.some((p) => p.person?.id === segment.person.id && p.post.id === segment.post.id && new Date(p.from).getTime() < b && new Date(p.until).getTime() > a)
}

/** The message key and values for a problem's reason. */
export function reasonOf(p) {
  if (p.kind === 'gap') return ['duty.reason.uncovered', {}]
  if (p.kind === 'double_booked') return ['duty.reason.also_on_post', { post: p.other_post?.name ?? '' }]
  if (p.kind === 'short_rest') return ['duty.reason.rest_minutes', { rest: p.rest_minutes, min: p.min_rest_minutes }]
  return [`duty.reason.${p.reason}`, {}]
}
