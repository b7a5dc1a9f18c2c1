// Times arrive as UTC ISO strings and are shown in the browser's zone
// (Asia/Shanghai for our users), written the way each language writes dates.

function parts(iso, locale, withTime) {
  const options = { year: 'numeric', month: '2-digit', day: '2-digit' }
  if (withTime) Object.assign(options, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
  const map = {}
  for (const p of new Intl.DateTimeFormat(locale, options).formatToParts(new Date(iso))) map[p.type] = p.value
  return map
}

export function formatDate(iso, locale) {
  if (!iso) return ''
  if (locale.startsWith('zh')) {
    const p = parts(iso, 'zh-CN', false)
    return `${p.year}-${p.month}-${p.day}`
  }
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(iso))
}

export function formatDateTime(iso, locale) {
  if (!iso) return ''
  if (locale.startsWith('zh')) {
    const p = parts(iso, 'zh-CN', true)
    return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`
  }
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).format(new Date(iso))
}

/** Value for <input type="datetime-local"> in local time. */
export function toLocalInput(date = new Date()) {
  const pad = (n) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`
}

/** <input type="datetime-local"> value (local) → UTC ISO string for the API. */
export function fromLocalInput(value) {
  return value ? new Date(value).toISOString() : undefined
}

/** Unit names as a list: 长沙水业集团、株洲水务集团 / Changsha, Zhuzhou. */
export function formatNames(items, locale) {
  return items.map((o) => o.name).join(locale.startsWith('zh') ? '、' : ', ')
}
