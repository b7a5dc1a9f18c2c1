// The all-bursts ranking is a long-analysis job on the server: POST starts it
// (or joins the one already running: the answer names the same job), the job
// is polled until it is done, and GET on the network reads what there is
// (state 'none' when nobody has started it for this version).
import { request } from '../../api/client'

export const getBursts = (id, top) => request('GET', `/networks/${id}/bursts`, { query: { top } })
export const startBursts = (id, top) => request('POST', `/networks/${id}/bursts`, { query: { top } })
