// Water quality (水质): one function per /api/v1/quality endpoint.
import { queryString, request } from '../../api/client'

export const downloadUrl = (path, query) => `/api/v1/quality${path}${queryString(query)}`

export const indicators = () => request('GET', '/quality/indicators')
export const listPoints = (query) => request('GET', '/quality/points', { query })
export const getPoint = (id) => request('GET', `/quality/points/${id}`)
export const createPoint = (body) => request('POST', '/quality/points', { body })
export const listPlans = (query) => request('GET', '/quality/plans', { query })
export const createPlan = (body, query) => request('POST', '/quality/plans', { body, query })
export const updatePlan = (id, body) => request('PATCH', `/quality/plans/${id}`, { body })
export const installDefaults = (query) => request('POST', '/quality/plans/defaults', { query })
export const setPopulation = (body, query) => request('PUT', '/quality/settings', { body, query })
export const listTasks = (query) => request('GET', '/quality/tasks', { query })
export const getTask = (id) => request('GET', `/quality/tasks/${id}`)
export const createTask = (body) => request('POST', '/quality/tasks', { body })
/** A result sheet; the key makes a phone's retry harmless (the server answers the first time's sheet). */
export const enterSample = (body, key) => request('POST', '/quality/samples', { body, headers: { 'Idempotency-Key': key } })
export const listSamples = (query) => request('GET', '/quality/samples', { query })
export const getSample = (id) => request('GET', `/quality/samples/${id}`)
export const reviewSample = (id, body) => request('POST', `/quality/samples/${id}/review`, { body })
export const resubmitSample = (id, body) => request('PUT', `/quality/samples/${id}`, { body })
export const listExceedances = (query) => request('GET', '/quality/exceedances', { query })
export const getExceedance = (id) => request('GET', `/quality/exceedances/${id}`)
export const writeCause = (id, body) => request('POST', `/quality/exceedances/${id}/cause`, { body })
export const compliance = (query) => request('GET', '/quality/compliance', { query })
export const trend = (query) => request('GET', '/quality/trend', { query })
export const customerChlorine = (id) => request('GET', `/quality/customers/${id}/chlorine`)
export const disclosure = (query) => request('GET', '/quality/disclosure', { query })
/** An instrument's CSV or XLSX export, sent as it is; one sheet per point and sampling time. */
export const importSamples = (file, level, key) =>
  request('POST', '/quality/samples/import', { raw: { body: file, type: file.type || 'text/csv' }, query: { level, name: file.name }, headers: { 'Idempotency-Key': key } })
