// Supply assurance (重点用户), emergency repair (事件/工单/队伍) and the customer
// hotline (客服热线): one function per /api/v1 endpoint of the three modules.
import { queryString, request } from './client'
import { newKey, sendIdempotent } from './idempotency'

// A POST a phone or a desk may retry: one Idempotency-Key per submission, the
// same key again when the answer was lost (network error, 5xx), so the server
// answers a retry with the first result instead of writing twice.
const retried = (path, body) => sendIdempotent((key) => request('POST', path, { body, headers: { 'Idempotency-Key': key } }), newKey())

/** Where a file the browser downloads itself (XLSX, a photo) lives. */
export const downloadUrl = (path, query) => `/api/v1${path}${queryString(query)}`
export const photoUrl = (id) => downloadUrl(`/photos/${id}`)

// Priority customers
export const listCustomers = (query) => request('GET', '/priority-customers', { query })
export const customersExportUrl = (query) => downloadUrl('/priority-customers/export.xlsx', query)
export const customerMap = (networkId) => request('GET', '/priority-customers/map', { query: { network_id: networkId } })
export const getCustomer = (id) => request('GET', `/priority-customers/${id}`)
export const createCustomer = (body) => request('POST', '/priority-customers', { body })
export const updateCustomer = (id, body, version) => request('PATCH', `/priority-customers/${id}`, { body, ifMatch: version })
export const putCarePlan = (id, body) => request('PUT', `/priority-customers/${id}/care-plan`, { body })
export const listPatrols = (id) => request('GET', `/priority-customers/${id}/patrols`)
export const recordPatrol = (id, body) => retried(`/priority-customers/${id}/patrols`, body)

// Teams
export const listTeams = (query) => request('GET', '/teams', { query })
export const getTeam = (id) => request('GET', `/teams/${id}`)
export const createTeam = (body) => request('POST', '/teams', { body })
export const updateTeam = (id, body, version) => request('PATCH', `/teams/${id}`, { body, ifMatch: version })

// Incidents and work orders
export const listIncidents = (query) => request('GET', '/incidents', { query })
export const incidentsExportUrl = (query) => downloadUrl('/incidents/export.xlsx', query)
export const getIncident = (id) => request('GET', `/incidents/${id}`)
// Reports from the field are retried on a bad line: the key makes a retry answer with the first report.
export const createIncident = (body) => retried('/incidents', body)
export const addIncidentPhotos = (id, photos) => retried(`/incidents/${id}/photos`, { photos })
export const addWorkOrderPhotos = (id, photos) => retried(`/work-orders/${id}/photos`, { photos })
export const listWorkOrders = (query) => request('GET', '/work-orders', { query })
export const createDisconnection = (body) => retried('/work-orders', { kind: 'disconnection', ...body })
export const getSla = (query) => request('GET', '/repair/sla', { query })
export const putSla = (body, query) => request('PUT', '/repair/sla', { body, query })
export const dispatchSuggestions = (id) => request('GET', `/incidents/${id}/dispatch-suggestions`)
export const outageNotice = (id) => request('GET', `/incidents/${id}/outage-notice`)
export const transitionWorkOrder = (id, body) => retried(`/work-orders/${id}/transitions`, body)
export const addMaterial = (id, body) => retried(`/work-orders/${id}/materials`, body)
export const followUpWorkOrder = (id, body) => retried(`/work-orders/${id}/follow-up`, body)

// Hotline
export const listCalls = (query) => request('GET', '/hotline/calls', { query })
export const getCall = (id) => request('GET', `/hotline/calls/${id}`)
export const createCall = (body) => retried('/hotline/calls', body)
export const callToIncident = (id, body = {}) => retried(`/hotline/calls/${id}/incident`, body)
export const transitionCall = (id, body) => retried(`/hotline/calls/${id}/transitions`, body)
export const followUpCall = (id, body) => retried(`/hotline/calls/${id}/follow-up`, body)
export const revealCaller = (id) => request('GET', `/hotline/calls/${id}/caller`)
export const hotlineStats = (query) => request('GET', '/hotline/stats', { query })
export const hotlineStatsExportUrl = (query) => downloadUrl('/hotline/stats/export.xlsx', query)
