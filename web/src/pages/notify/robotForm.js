// The robot form's state and the request body it makes, kept apart from the
// page so the rules (secret write-only, one rule row per event type) are tested.

export const KINDS = ['dingtalk', 'wecom', 'feishu', 'webhook']
export const PRIORITIES = ['high', 'normal', 'low']
export const REASONS = [
  'signature_refused',
  'keyword_refused',
  'address_refused',
  'robot_refused',
  'rate_limited',
  'service_error',
  'network',
  'private_address',
  'robot_disabled',
  'robot_removed',
]

/** One row per known event type (and "*" for every event); rules for other events or units are kept as they are. */
export function formFromRobot(robot, eventTypes) {
  const rules = robot?.rules ?? []
  const ownUnit = (r) => !robot || r.org_id === robot.org_id
  const events = ['*', ...eventTypes.map((e) => e.event)]
  const rows = events.map((event) => {
    const r = rules.find((x) => x.event === event && ownUnit(x))
    return { event, on: Boolean(r), min_priority: r?.min_priority ?? 'low', mention: r?.mention ?? false }
  })
  return {
    kind: robot?.kind ?? 'dingtalk',
    name: robot?.name ?? '',
    url: robot?.url ?? '',
    secret: '',
    clearSecret: false,
    secretSet: robot?.secret_set ?? false,
    keywords: (robot?.keywords ?? []).join('，'),
    enabled: robot?.enabled ?? true,
    rate_per_minute: robot?.rate_per_minute ?? 20,
    quiet_start: robot?.quiet_start ?? '',
    quiet_end: robot?.quiet_end ?? '',
    rows,
    kept: rules.filter((r) => !events.includes(r.event) || !ownUnit(r)),
  }
}

export function splitKeywords(text) {
  return text
    .split(/[,，、\s]+/)
    .map((k) => k.trim())
    .filter(Boolean)
}

/** The body of POST (with org_id) or PATCH: the secret only when typed (or null to clear it). */
export function bodyFromForm(form, orgId) {
  const body = {
    kind: form.kind,
    name: form.name.trim(),
    url: form.url.trim(),
    keywords: splitKeywords(form.keywords),
    enabled: form.enabled,
    rate_per_minute: Number(form.rate_per_minute),
    quiet_start: form.quiet_start || null,
    quiet_end: form.quiet_end || null,
    rules: [
      ...form.rows.filter((r) => r.on).map((r) => ({ event: r.event, min_priority: r.min_priority, mention: r.mention })),
      ...form.kept.map((r) => ({ org_id: r.org_id, event: r.event, min_priority: r.min_priority, mention: r.mention })),
    ],
  }
  if (form.secret.trim()) body.secret = form.secret.trim()
  else if (form.clearSecret) body.secret = null
  if (orgId !== undefined) body.org_id = orgId
  return body
}

/** The message key for a server field error ("rules/3/event" → notify.errors.rules). */
export function fieldKey(field) {
  const head = String(field).split('/')[0]
  const known = ['name', 'url', 'secret', 'keywords', 'rate_per_minute', 'org_id', 'kind', 'enabled']
  if (known.includes(head)) return `notify.errors.${head}`
  if (head === 'quiet_start' || head === 'quiet_end') return 'notify.errors.quiet'
  if (head === 'rules') return 'notify.errors.rules'
  return 'notify.errors.other'
}

/** Field errors of a problem, in the user's language, keyed by form field. */
export function localFieldErrors(fieldErrors, t) {
  const out = {}
  for (const field of Object.keys(fieldErrors ?? {})) {
    const head = field.split('/')[0]
    const name = head === 'quiet_end' ? 'quiet_start' : head
    if (!(name in out)) out[name] = t(fieldKey(field))
  }
  return out
}

/** "健康打卡提醒", "健康管理（全部）", "全部事件", or the event itself when unknown. */
export function eventLabel(event, t, te) {
  if (event === '*') return t('notify.rules.all')
  if (event.endsWith('.*')) {
    const module = event.slice(0, -2)
    const key = `notify.modules.${module}`
    return t('notify.rules.module', { module: te(key) ? t(key) : module })
  }
  const key = `notify.events.${event.replace('.', '_')}`
  return te(key) ? t(key) : event
}

export function reasonKey(reason) {
  return REASONS.includes(reason) ? `notify.reasons.${reason}` : 'notify.reasons.other'
}
