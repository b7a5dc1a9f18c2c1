// Loads a network's geometry for a board map (incidents, priority customers):
// the same prepared arrays, grid and batches the network page draws with.
import { shallowRef, watch } from 'vue'
import * as api from '../../api/endpoints'
import { buildBatches } from '../network/batches'
import { indexById, prepareGeometry } from '../network/geometry'
import { buildGrid } from '../network/spatialGrid'

/** @param {import('vue').Ref<number|string|null>} networkId */
export function useNetworkMap(networkId) {
  const map = shallowRef(null)
  const failed = shallowRef(false)
  let seq = 0
  async function load(id) {
    const mine = ++seq
    map.value = null
    failed.value = false
    if (!id) return
    try {
      const geo = prepareGeometry(await api.getNetworkGeometry(id))
      if (mine !== seq) return
      map.value = { geo, index: indexById(geo), grid: buildGrid(geo.lines, geo.bounds), batches: buildBatches(geo.kind, geo.width) }
    } catch {
      if (mine === seq) failed.value = true
    }
  }
  watch(networkId, load, { immediate: true })
  return { map, failed }
}
