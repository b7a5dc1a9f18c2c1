import { onUnmounted } from 'vue'
import { onLiveEvent } from '../live'

/** Runs `handler` for live events whose type starts with one of `prefixes`, while the component lives. */
export function useLive(prefixes, handler) {
  const stop = onLiveEvent((event) => {
    if (prefixes.some((p) => event.type.startsWith(p))) handler(event)
  })
  onUnmounted(stop)
}
