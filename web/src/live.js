// The server's live feed (SSE on /api/v1/events). One connection per tab;
// pages subscribe to the event types they care about and refetch.
import { reactive, ref } from 'vue'

export const LIVE_EVENT_TYPES = [
  'emergency.declared',
  'emergency.changed',
  'emergency.ended',
  'org.created',
  'org.changed',
  'command.changed',
  'user.changed',
  'health.checkin',
  'health.entrance_alert',
  'health.observation',
  'health.outing',
  'incident.created',
  'work_order.changed',
  'hotline.call',
  'priority_customer.changed',
  'patrol.recorded',
  'team.changed',
]
const KEEP = 50

/** Newest first; shown on the dashboard. */
export const liveEvents = reactive([])
/** 'closed' | 'connecting' | 'open' */
export const liveStatus = ref('closed')

const listeners = new Set()
let source = null

export function connectLive(EventSourceImpl = globalThis.EventSource) {
  if (source || !EventSourceImpl) return
  liveStatus.value = 'connecting'
  source = new EventSourceImpl('/api/v1/events', { withCredentials: true })
  source.onopen = () => (liveStatus.value = 'open')
  // EventSource reconnects by itself; we only show that the feed is not live.
  source.onerror = () => (liveStatus.value = 'connecting')
  for (const type of LIVE_EVENT_TYPES) {
    source.addEventListener(type, (message) => deliver(type, message.data))
  }
}

export function disconnectLive() {
  source?.close()
  source = null
  liveStatus.value = 'closed'
  liveEvents.splice(0)
}

/** @param {(event: {type: string, org_id: number, at: string, data: object}) => void} listener */
export function onLiveEvent(listener) {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

function deliver(type, raw) {
  let event
  try {
    event = JSON.parse(raw)
  } catch {
    return
  }
  event.type ||= type
  liveEvents.unshift(event)
  if (liveEvents.length > KEEP) liveEvents.splice(KEEP)
  for (const listener of listeners) listener(event)
}
