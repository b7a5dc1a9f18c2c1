// Short messages for outcomes that belong to no single form field.
import { reactive } from 'vue'

export const toasts = reactive([])
let nextId = 1

/** @param {'error'|'success'|'info'} kind */
export function showToast(kind, text, ms = kind === 'error' ? 8000 : 4000) {
  const id = nextId++
  toasts.push({ id, kind, text })
  setTimeout(() => dismissToast(id), ms)
}

export function dismissToast(id) {
  const i = toasts.findIndex((t) => t.id === id)
  if (i >= 0) toasts.splice(i, 1)
}
