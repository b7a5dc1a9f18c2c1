// The notify module's endpoints (/api/v1/notify/...): group robots, their
// routing rules and test messages, the delivery log and its counts.
import { request } from './client'

const N = '/notify'

export const listEventTypes = () => request('GET', `${N}/events`)
export const listRobots = (query) => request('GET', `${N}/robots`, { query })
export const getRobot = (id) => request('GET', `${N}/robots/${id}`)
export const createRobot = (body) => request('POST', `${N}/robots`, { body })
export const updateRobot = (id, body, version) => request('PATCH', `${N}/robots/${id}`, { body, ifMatch: version })
export const deleteRobot = (id) => request('DELETE', `${N}/robots/${id}`)
export const testRobot = (id) => request('POST', `${N}/robots/${id}/test`)
export const robotLog = (id, query) => request('GET', `${N}/robots/${id}/log`, { query })

export const listDeliveries = (query) => request('GET', `${N}/deliveries`, { query })
export const getDelivery = (id) => request('GET', `${N}/deliveries/${id}`)
export const getSummary = (query) => request('GET', `${N}/summary`, { query })
