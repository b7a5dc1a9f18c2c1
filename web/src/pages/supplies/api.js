// Prevention supplies (/api/v1/supplies/...) and disinfection
// (/api/v1/disinfection/...): one function per endpoint.
import { queryString, request } from '../../api/client'

const S = '/supplies'
const D = '/disinfection'
const keyed = (key) => (key ? { 'Idempotency-Key': key } : {})

/** Where a file the browser downloads itself (XLSX, QR SVG) lives. */
export const downloadUrl = (path, query) => `/api/v1${path}${queryString(query)}`

// Catalogue and stores
export const listItems = (query) => request('GET', `${S}/items`, { query })
export const itemByCode = (code, org) => request('GET', `${S}/items`, { query: { code, org } })
export const createItem = (body) => request('POST', `${S}/items`, { body })
export const listWarehouses = (query) => request('GET', `${S}/warehouses`, { query })
export const setLevel = (body) => request('PUT', `${S}/levels`, { body })

// Stock board
export const getStock = (query) => request('GET', `${S}/stock`, { query })
export const getAlerts = (query) => request('GET', `${S}/alerts`, { query })
export const getPurchaseList = (query) => request('GET', `${S}/purchase-suggestions`, { query })

// Ledger
export const recordMovement = (body, key) => request('POST', `${S}/movements`, { body, headers: keyed(key) })
export const reverseMovement = (id, note, key) =>
  request('POST', `${S}/movements/${id}/reverse`, { body: { note }, headers: keyed(key) })
export const listMovements = (query) => request('GET', `${S}/movements`, { query })
export const ledgerExportUrl = (query) => downloadUrl(`${S}/movements/export.xlsx`, query)

// Requests (申领)
export const listRequests = (query) => request('GET', `${S}/requests`, { query })
export const createRequest = (body) => request('POST', `${S}/requests`, { body })
export const requestAction = (id, action, body) => request('POST', `${S}/requests/${id}/${action}`, { body: body ?? {} })

// Support to others (对外支援)
export const listSupport = (query) => request('GET', `${S}/support`, { query })
export const getSupport = (id) => request('GET', `${S}/support/${id}`)
export const recordSupport = (body, key) => request('POST', `${S}/support`, { body, headers: keyed(key) })
export const supportSummary = (query) => request('GET', `${S}/support/summary`, { query })

// Disinfection
export const listPlaces = (query) => request('GET', `${D}/places`, { query })
export const createPlace = (body) => request('POST', `${D}/places`, { body })
export const updatePlace = (id, body) => request('PATCH', `${D}/places/${id}`, { body })
export const placeByToken = (token) => request('GET', `${D}/places/by-token/${encodeURIComponent(token)}`)
export const placeQrUrl = (id) => downloadUrl(`${D}/places/${id}/qr.svg`)
export const recordRound = (body, key) => request('POST', `${D}/records`, { body, headers: keyed(key) })
export const listRounds = (query) => request('GET', `${D}/records`, { query })
export const getOverdue = (query) => request('GET', `${D}/overdue`, { query })
export const getCompletion = (query) => request('GET', `${D}/completion`, { query })
