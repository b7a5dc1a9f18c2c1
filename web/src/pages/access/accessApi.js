// Second-person approvals of health-records access and the notices an
// account's owner gets about changes others made (server: accounts/approvals.h, notices.h).
import { request } from '../../api/client'

export const listApprovals = (state) => request('GET', '/approvals', { query: { state } })
export const approve = (id, note) => request('POST', `/approvals/${id}/approve`, { body: note ? { note } : {} })
export const reject = (id, note) => request('POST', `/approvals/${id}/reject`, { body: { note } })
export const cancelApproval = (id) => request('POST', `/approvals/${id}/cancel`)
export const listNotices = () => request('GET', '/me/notices')
export const markNoticeSeen = (id) => request('POST', `/me/notices/${id}/seen`)
