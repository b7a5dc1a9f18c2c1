// One function per endpoint of the /api/v1 contract, so pages never build URLs.
import { request } from './client'

// Session and self
export const login = (username, password) =>
  request('POST', '/auth/login', { body: { username, password }, skipUnauthorized: true })
export const logout = () => request('POST', '/auth/logout', { skipUnauthorized: true })
export const getMe = () => request('GET', '/me', { skipUnauthorized: true })
export const changeOwnPassword = (current_password, new_password) =>
  request('POST', '/me/password', { body: { current_password, new_password } })
export const listRoles = () => request('GET', '/roles')

// Organisation
export const listOrgs = () => request('GET', '/orgs')
export const getOrg = (id) => request('GET', `/orgs/${id}`)
export const createOrg = (fields) => request('POST', '/orgs', { body: fields })
export const updateOrg = (id, version, fields) =>
  request('PATCH', `/orgs/${id}`, { body: fields, ifMatch: version })

// Command structure
export const getCommand = (orgId) => request('GET', `/orgs/${orgId}/command`)
export const createBody = (fields) => request('POST', '/command-bodies', { body: fields })
export const updateBody = (id, fields) => request('PATCH', `/command-bodies/${id}`, { body: fields })
export const deleteBody = (id) => request('DELETE', `/command-bodies/${id}`)
export const addMember = (bodyId, fields) =>
  request('POST', `/command-bodies/${bodyId}/members`, { body: fields })
export const removeMember = (bodyId, memberId) =>
  request('DELETE', `/command-bodies/${bodyId}/members/${memberId}`)
export const setSupervised = (bodyId, orgIds) =>
  request('PUT', `/command-bodies/${bodyId}/supervised`, { body: { org_ids: orgIds } })

// Emergency response
export const listEmergencies = (status) => request('GET', '/emergencies', { query: { status } })
export const declareEmergency = (fields) => request('POST', '/emergencies', { body: fields })
export const updateEmergency = (id, fields) => request('PATCH', `/emergencies/${id}`, { body: fields })
export const endEmergency = (id, reason) => request('POST', `/emergencies/${id}/end`, { body: { reason } })
export const getEmergencyPolicy = () => request('GET', '/emergency-policy')

// Users
export const listUsers = (query) => request('GET', '/users', { query })
export const createUser = (fields) => request('POST', '/users', { body: fields })
export const updateUser = (id, fields) => request('PATCH', `/users/${id}`, { body: fields })
export const resetUserPassword = (id, password) =>
  request('POST', `/users/${id}/password`, { body: { password } })

// Audit and dashboard
export const listAudit = (query) => request('GET', '/audit', { query })
export const getDashboard = () => request('GET', '/dashboard')

// Water network (map, isolation plans, criticality, dual supply)
export const listNetworks = () => request('GET', '/networks')
export const getNetwork = (id) => request('GET', `/networks/${id}`)
export const createNetwork = (fields) => request('POST', '/networks', { body: fields })
export const uploadNetworkVersion = (id, fields) => request('POST', `/networks/${id}/versions`, { body: fields })
export const putValveLayer = (id, body) => request('PUT', `/networks/${id}/valves`, { body })
export const listValves = (id) => request('GET', `/networks/${id}/valves`)
export const setValveOperable = (id, valve, operable) =>
  request('PATCH', `/networks/${id}/valves/${encodeURIComponent(valve)}`, { body: { operable } })
// The server lets the browser keep the geometry for minutes; revalidating
// (a 304 while unchanged) shows a new valve layer or model version at once.
export const getNetworkGeometry = (id) => request('GET', `/networks/${id}/geometry`, { cache: 'no-cache' })
export const planIsolation = (id, body) => request('POST', `/networks/${id}/isolation`, { body })
export const getSupply = (id) => request('GET', `/networks/${id}/supply`)
export const getCriticality = (id, top) => request('GET', `/networks/${id}/criticality`, { query: { top } })
export const getSegments = (id) => request('GET', `/networks/${id}/segments`)
