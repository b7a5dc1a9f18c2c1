// The duty, supervision and reports endpoints (/api/v1/duty, /supervision, /reports), one function each.
import { queryString, request } from './client'

const idem = (key) => (key ? { 'Idempotency-Key': key } : {})
export const dutyFileUrl = (path, query) => `/api/v1/duty${path}${queryString(query)}`

// Duty: posts, rosters, overrides
export const listPosts = (query) => request('GET', '/duty/posts', { query })
export const createPost = (body) => request('POST', '/duty/posts', { body })
export const updatePost = (id, body, version) => request('PATCH', `/duty/posts/${id}`, { body, ifMatch: version })
export const postRegimes = (id) => request('GET', `/duty/posts/${id}/regimes`)
export const listRosters = (query) => request('GET', '/duty/rosters', { query })
export const createRoster = (body) => request('POST', '/duty/rosters', { body })
export const changeRoster = (id, body, version) => request('PUT', `/duty/rosters/${id}`, { body, ifMatch: version })
export const listOverrides = (query) => request('GET', '/duty/overrides', { query })
export const createOverride = (body) => request('POST', '/duty/overrides', { body })
export const decideOverride = (id, decision, note) =>
  request('POST', `/duty/overrides/${id}/${decision}`, { body: note ? { note } : {} })

// Duty: the schedule as read
export const getSchedule = (query) => request('GET', '/duty/schedule', { query })
export const getProblems = (query) => request('GET', '/duty/problems', { query })
export const getNow = (query) => request('GET', '/duty/now', { query })
export const getHeader = () => request('GET', '/duty/header')
export const listPeople = (query) => request('GET', '/duty/people', { query })

// Duty: presence
export const getMyShift = () => request('GET', '/duty/my-shift')
export const checkIn = (body, key) => request('POST', '/duty/checkins', { body, headers: idem(key) })
export const getPresence = (query) => request('GET', '/duty/presence', { query })
export const listSpotChecks = (query) => request('GET', '/duty/spot-checks', { query })
export const createSpotCheck = (body) => request('POST', '/duty/spot-checks', { body })

// Duty: log and hand-over
export const listLog = (query) => request('GET', '/duty/log', { query })
export const appendLog = (body, key) => request('POST', '/duty/log', { body, headers: idem(key) })
export const listHandovers = (query) => request('GET', '/duty/handovers', { query })
export const handOver = (body, key) => request('POST', '/duty/handovers', { body, headers: idem(key) })
export const acknowledgeHandover = (id, note, key) =>
  request('POST', `/duty/handovers/${id}/acknowledge`, { body: note ? { note } : {}, headers: idem(key) })

// Duty: calendar feeds
export const listCalendarTokens = () => request('GET', '/duty/calendar-tokens')
export const createCalendarToken = (body) => request('POST', '/duty/calendar-tokens', { body })
export const revokeCalendarToken = (id) => request('DELETE', `/duty/calendar-tokens/${id}`)

// Supervision
export const listTeams = (query) => request('GET', '/supervision/teams', { query })
export const listChecklists = (query) => request('GET', '/supervision/checklists', { query })
export const createChecklist = (body) => request('POST', '/supervision/checklists', { body })
export const updateChecklist = (id, body, version) => request('PUT', `/supervision/checklists/${id}`, { body, ifMatch: version })
export const listRounds = (query) => request('GET', '/supervision/rounds', { query })
export const getRound = (id) => request('GET', `/supervision/rounds/${id}`)
export const createRound = (body) => request('POST', '/supervision/rounds', { body })
export const recordRound = (id, body) => request('POST', `/supervision/rounds/${id}/record`, { body })
export const listRectifications = (query) => request('GET', '/supervision/rectifications', { query })
export const respondRectification = (id, body) => request('POST', `/supervision/rectifications/${id}/response`, { body })
export const verifyRectification = (id, body) => request('POST', `/supervision/rectifications/${id}/verify`, { body })

// Reports
export const listTemplates = (query) => request('GET', '/reports/templates', { query })
export const getTemplate = (id) => request('GET', `/reports/templates/${id}`)
export const createTemplate = (body) => request('POST', '/reports/templates', { body })
export const changeTemplate = (id, body, version) => request('PUT', `/reports/templates/${id}`, { body, ifMatch: version })
export const listDue = (query) => request('GET', '/reports/due', { query })
export const submitReport = (body, key) => request('POST', '/reports/submissions', { body, headers: idem(key) })
export const getSubmission = (id) => request('GET', `/reports/submissions/${id}`)
export const reviewSubmission = (id, body) => request('POST', `/reports/submissions/${id}/review`, { body })
export const getStatus = (query) => request('GET', '/reports/status', { query })
export const getFigures = (query) => request('GET', '/reports/figures', { query })

// Incidents of the utility, for links from the duty log
export const listOpenIncidents = (query) => request('GET', '/incidents', { query: { state: 'open', ...query } })
