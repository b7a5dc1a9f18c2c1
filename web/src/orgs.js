// The units the user may see, loaded once and shared by the org page and every
// unit picker; refreshed when the live feed says the tree changed.
import { computed, ref } from 'vue'
import * as api from './api/endpoints'
import { onLiveEvent } from './live'
import { buildOrgTree, flattenOrgTree } from './orgTree'

export const orgs = ref([])
export const orgTree = computed(() => buildOrgTree(orgs.value))
export const orgRows = computed(() => flattenOrgTree(orgTree.value))

let pending = null

export function loadOrgs({ force = false } = {}) {
  if (!force && (pending || orgs.value.length)) return pending ?? Promise.resolve()
  pending = api
    .listOrgs()
    .then((r) => (orgs.value = r.items))
    .finally(() => (pending = null))
  return pending
}

export function clearOrgs() {
  orgs.value = []
}

onLiveEvent((event) => {
  if (event.type.startsWith('org.') && orgs.value.length) loadOrgs({ force: true }).catch(() => {})
})
