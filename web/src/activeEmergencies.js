// The emergencies in force for the user's scope, shared by the banner and the
// dashboard, kept fresh by the live feed.
import { ref } from 'vue'
import * as api from './api/endpoints'
import { onLiveEvent } from './live'

export const LEVELS = ['I', 'II', 'III', 'IV']
/** Level I is the most severe; the banner colours follow the national convention. */
export const LEVEL_TONE = { I: 'red', II: 'orange', III: 'yellow', IV: 'blue' }

export const activeEmergencies = ref([])

export function bySeverity(a, b) {
  return LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level) || a.started_at.localeCompare(b.started_at)
}

export async function refreshActiveEmergencies() {
  try {
    activeEmergencies.value = (await fetchActive()).slice().sort(bySeverity)
  } catch {
    // Keep what we had: a failed refresh must not hide a response in force.
  }
}

export function clearActiveEmergencies() {
  activeEmergencies.value = []
}

// Roles without emergency.read still work under the response of their own
// unit, which the policy endpoint tells them.
async function fetchActive() {
  try {
    return (await api.listEmergencies('active')).items
  } catch (e) {
    if (e.status !== 403) throw e
    const policy = await api.getEmergencyPolicy()
    return policy.active?.emergency ? [policy.active.emergency] : []
  }
}

onLiveEvent((event) => {
  if (event.type.startsWith('emergency.')) refreshActiveEmergencies()
})
