// Supply assurance (重点用户), emergency repair (事件/工单/队伍) and the customer
// hotline (客服热线): one function per /api/v1 endpoint of the three modules.
import { queryString, request } from './client'

/** Where a file the browser downloads itself (XLSX, a photo) lives. */
export const downloadUrl = (path, query) => `/api/v1${path}${queryString(query)}`
export const photoUrl = (id) => downloadUrl(`/photos/${id}`)

// Priority customers
export const listCustomers = (query) => request('GET', '/priority-customers', { query })
export const customerMap = (networkId) => request('GET', '/priority-customers/map', { query: { network_id: networkId } })
export const getCustomer = (id) => request('GET', `/priority-customers/${id}`)
export const createCustomer = (body) => request('POST', '/priority-customers', { body })
export const updateCustomer = (id, body, version) => request('PATCH', `/priority-customers/${id}`, { body, ifMatch: version })
export const putCarePlan = (id, body) => request('PUT', `/priority-customers/${id}/care-plan`, { body })
export const listPatrols = (id) => request('GET', `/priority-customers/${id}/patrols`)
export const recordPatrol = (id, body) => request('POST', `/priority-customers/${id}/patrols`, { body })

// Teams
export const listTeams = (query) => request('GET', '/teams', { query })
export const getTeam = (id) => request('GET', `/teams/${id}`)
export const updateTeam = (id, body, version) => request('PATCH', `/teams/${id}`, { body, ifMatch: version })

// Incidents and work orders
export const listIncidents = (query) => request('GET', '/incidents', { query })
export const getIncident = (id) => request('GET', `/incidents/${id}`)
export const createIncident = (body) => request('POST', '/incidents', { body })
export const dispatchSuggestions = (id) => request('GET', `/incidents/${id}/dispatch-suggestions`)
export const outageNotice = (id) => request('GET', `/incidents/${id}/outage-notice`)
export const transitionWorkOrder = (id, body) => request('POST', `/work-orders/${id}/transitions`, { body })
export const addMaterial = (id, body) => request('POST', `/work-orders/${id}/materials`, { body })
export const followUpWorkOrder = (id, body) => request('POST', `/work-orders/${id}/follow-up`, { body })

// Hotline
export const listCalls = (query) => request('GET', '/hotline/calls', { query })
export const getCall = (id) => request('GET', `/hotline/calls/${id}`)
export const createCall = (body) => request('POST', '/hotline/calls', { body })
export const callToIncident = (id, body = {}) => request('POST', `/hotline/calls/${id}/incident`, { body })
export const transitionCall = (id, body) => request('POST', `/hotline/calls/${id}/transitions`, { body })
export const followUpCall = (id, body) => request('POST', `/hotline/calls/${id}/follow-up`, { body })
export const revealCaller = (id) => request('GET', `/hotline/calls/${id}/caller`)
export const hotlineStats = (query) => request('GET', '/hotline/stats', { query })
export const hotlineStatsExportUrl = (query) => downloadUrl('/hotline/stats/export.xlsx', query)
