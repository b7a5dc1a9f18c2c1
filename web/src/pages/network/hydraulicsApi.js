// The all-bursts endpoint: GET starts the run on the server and answers 202
// ({state: 'running', done, total}) until it is done (200, the ranking).
import { request } from '../../api/client'

export const getBursts = (id, top) => request('GET', `/networks/${id}/bursts`, { query: { top } })
