// The check-in form: its empty state, what the server's form answer fills in,
// checks before sending, and the body the API takes.
export const LOCATIONS = ['in_town', 'away', 'not_returned']
export const CONTACTS = ['none', 'suspected', 'confirmed']
export const WORK_STATUSES = ['on_duty', 'remote', 'leave', 'isolated']
export const RELATIONS = ['spouse', 'child', 'parent', 'sibling', 'other']
export const RISK_STATUSES = ['normal', 'home_observation', 'quarantine', 'suspected', 'confirmed']

export function emptyCheckin() {
  return {
    temperature: '',
    symptoms: [],
    location: 'in_town',
    city: '',
    risk_travel: false,
    risk_areas: '',
    contact: 'none',
    work_status: 'on_duty',
    household: [],
    remarks: '',
  }
}

/** The form prefilled from today's record (a resubmission edits it). */
export function fromRecord(record) {
  const f = emptyCheckin()
  if (!record) return f
  for (const k of Object.keys(f)) if (record[k] !== undefined && record[k] !== null) f[k] = record[k]
  f.temperature = record.temperature != null ? String(record.temperature) : ''
  f.symptoms = [...(record.symptoms ?? [])]
  f.household = (record.household ?? []).map((m) => ({ ...m }))
  if (Array.isArray(record.risk_areas)) f.risk_areas = record.risk_areas.join('、')
  return f
}

/** Field → i18n key of the problem; empty when the form may be sent. */
export function validateCheckin(f) {
  const errors = {}
  const t = Number(String(f.temperature).replace(',', '.'))
  if (String(f.temperature).trim() === '' || !Number.isFinite(t)) errors.temperature = 'health.checkin.err.temperature'
  else if (t < 34 || t > 43) errors.temperature = 'health.checkin.err.temperatureRange'
  if (f.location !== 'in_town' && !f.city.trim()) errors.city = 'health.checkin.err.city'
  if (f.risk_travel && !f.risk_areas.trim()) errors.risk_areas = 'health.checkin.err.riskAreas'
  f.household.forEach((m, i) => {
    if (!m.name.trim()) errors[`household/${i}/name`] = 'health.checkin.err.memberName'
  })
  return errors
}

export function checkinBody(f, staffId) {
  const body = {
    temperature: Math.round(Number(String(f.temperature).replace(',', '.')) * 10) / 10,
    symptoms: [...f.symptoms],
    location: f.location,
    risk_travel: Boolean(f.risk_travel),
    contact: f.contact,
    work_status: f.work_status,
    household: f.household.map((m) => ({ name: m.name.trim(), relation: m.relation, status: m.status })),
  }
  if (f.location !== 'in_town' && f.city.trim()) body.city = f.city.trim()
  if (f.risk_travel && f.risk_areas.trim()) body.risk_areas = f.risk_areas.trim()
  if (f.remarks.trim()) body.remarks = f.remarks.trim()
  if (staffId) body.staff_id = staffId
  return body
}

/** Is this temperature a fever under the utility's threshold (for the hint under the field). */
export function isFever(temperature, threshold) {
  const t = Number(String(temperature).replace(',', '.'))
  return String(temperature).trim() !== '' && Number.isFinite(t) && t >= threshold
}
