// The staff-health module's endpoints (/api/v1/health/...), one function each.
import { queryString, request } from './client'

const H = '/health'
const tokenHeader = (token) => (token ? { 'X-Checkin-Token': token } : {})

/** Where a file the browser downloads itself (XLSX, QR SVG) lives. */
export const downloadUrl = (path, query) => `/api/v1${H}${path}${queryString(query)}`

// Check-in: the logged-in person, or the holder of a personal link (token, no login)
export const getCheckinForm = (token) =>
  request('GET', `${H}/checkins/form`, { headers: tokenHeader(token), skipUnauthorized: Boolean(token) })
export const submitCheckin = (body, idempotencyKey, token) =>
  request('POST', `${H}/checkins`, {
    body,
    headers: { 'Idempotency-Key': idempotencyKey, ...tokenHeader(token) },
    skipUnauthorized: Boolean(token),
  })
export const listCheckins = (query) => request('GET', `${H}/checkins`, { query })

// Census (counts) and the missing list
export const getCensus = (query) => request('GET', `${H}/census`, { query })
export const getCensusTrend = (query) => request('GET', `${H}/census/trend`, { query })
export const censusExportUrl = (query) => downloadUrl('/census/export.xlsx', query)
export const getMissing = (query) => request('GET', `${H}/missing`, { query })
export const remindMissing = (org, date) => request('POST', `${H}/missing/remind`, { body: { org, date } })
export const getSummary = (query) => request('GET', `${H}/summary`, { query })
export const getSettings = (org) => request('GET', `${H}/settings`, { query: { org } })
export const putSettings = (org, body) => request('PUT', `${H}/settings`, { query: { org }, body })
export const listRiskAreas = (query) => request('GET', `${H}/risk-areas`, { query })
export const createRiskArea = (org, body) => request('POST', `${H}/risk-areas`, { query: { org }, body })
export const updateRiskArea = (id, body) => request('PATCH', `${H}/risk-areas/${id}`, { body })
export const deleteRiskArea = (id) => request('DELETE', `${H}/risk-areas/${id}`)

// Register
export const listStaff = (query) => request('GET', `${H}/staff`, { query })
export const getStaff = (id) => request('GET', `${H}/staff/${id}`)
export const createStaff = (body) => request('POST', `${H}/staff`, { body })
export const updateStaff = (id, body) => request('PATCH', `${H}/staff/${id}`, { body })
/** @param {File} file  CSV or XLSX as chosen; sent as it is */
export const importStaff = (org, file, dryRun) =>
  request('POST', `${H}/staff/import`, {
    query: { org, dry_run: dryRun ? 'true' : 'false' },
    raw: { body: file, type: importType(file.name) },
    headers: { 'X-File-Name': encodeURIComponent(file.name) },
  })
export const staffTemplateUrl = () => downloadUrl('/staff/template.xlsx')
export const issueCheckinLink = (id) => request('POST', `${H}/staff/${id}/checkin-link`)
export const revokeCheckinLink = (id) => request('DELETE', `${H}/staff/${id}/checkin-link`)
export const checkinLinkQrUrl = (id) => downloadUrl(`/staff/${id}/checkin-link/qr.svg`)
export const listCheckinLinks = (org) => request('GET', `${H}/checkin-links`, { query: { org } })
export const issueCheckinLinks = (org) => request('POST', `${H}/checkin-links`, { query: { org } })

export function importType(name) {
  return /\.xlsx$/i.test(name) ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv'
}

// Households and observation cases
export const listHousehold = (staffId) => request('GET', `${H}/people/${staffId}/household`)
export const addHouseholdMember = (staffId, body) => request('POST', `${H}/people/${staffId}/household`, { body })
export const updateHouseholdMember = (id, body) => request('PATCH', `${H}/household/${id}`, { body })
export const deleteHouseholdMember = (id) => request('DELETE', `${H}/household/${id}`)
export const listObservations = (query) => request('GET', `${H}/observations`, { query })
export const createObservation = (body) => request('POST', `${H}/observations`, { body })
export const getObservation = (id) => request('GET', `${H}/observations/${id}`)
export const logVisit = (id, body) => request('POST', `${H}/observations/${id}/visits`, { body })
export const releaseObservation = (id, body) => request('POST', `${H}/observations/${id}/release`, { body })
export const observationsDue = (query) => request('GET', `${H}/observations/due`, { query })

// Outings
export const listOutings = (query) => request('GET', `${H}/outings`, { query })
export const myOutings = () => request('GET', `${H}/outings/mine`)
export const requestOuting = (body) => request('POST', `${H}/outings`, { body })
/** @param {'approve'|'reject'|'return'|'cancel'} action */
export const outingAction = (id, action, body = {}) => request('POST', `${H}/outings/${id}/${action}`, { body })

// Entrance checks
export const listEntranceChecks = (query) => request('GET', `${H}/entrance-checks`, { query })
export const recordEntranceCheck = (body) => request('POST', `${H}/entrance-checks`, { body })

// A person's health file
export const getFile = (staffId) => request('GET', `${H}/people/${staffId}/file`)
export const addNote = (staffId, text) => request('POST', `${H}/people/${staffId}/notes`, { body: { text } })
export const getMyHealth = () => request('GET', `${H}/me`)
