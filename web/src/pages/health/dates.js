// Business days are "YYYY-MM-DD" in Asia/Shanghai, whatever the browser's zone.
export const ZONE = 'Asia/Shanghai'

/** Today's business date (or that of `at`). */
export function businessDate(at = new Date()) {
  const map = {}
  for (const p of new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at)) map[p.type] = p.value
  return `${map.year}-${map.month}-${map.day}`
}

export function addDays(day, n) {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

/** "HH:MM" in Asia/Shanghai for an ISO instant. */
export function clockTime(iso) {
  if (!iso) return ''
  return new Intl.DateTimeFormat('zh-CN', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso))
}

/** datetime-local input value (Shanghai wall time) → UTC ISO. */
export function fromShanghaiInput(value) {
  if (!value) return undefined
  return new Date(`${value}:00+08:00`).toISOString()
}

/** UTC ISO → datetime-local input value in Shanghai wall time. */
export function toShanghaiInput(at = new Date()) {
  const d = new Date(new Date(at).getTime() + 8 * 3600_000)
  return d.toISOString().slice(0, 16)
}
