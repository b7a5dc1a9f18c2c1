import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ApiError } from '../api/client'
import { showToast } from '../toasts'

/**
 * Wraps a form action: field errors from problem+json go next to their
 * fields, anything else becomes a toast with the server's `detail`.
 */
export function useSubmit() {
  const { t } = useI18n()
  const busy = ref(false)
  const fieldErrors = ref({})

  /**
   * @param {() => Promise<unknown>} action
   * @param {string} [successText]  toast on success
   * @param {number[]} [ownStatuses]  statuses the caller handles itself (no toast)
   */
  async function run(action, successText, ownStatuses = []) {
    busy.value = true
    fieldErrors.value = {}
    try {
      const result = await action()
      if (successText) showToast('success', successText)
      return { ok: true, result }
    } catch (e) {
      if (e instanceof ApiError && e.hasFieldErrors) fieldErrors.value = e.fieldErrors
      else if (!ownStatuses.includes(e.status)) showToast('error', errorText(e, t))
      return { ok: false, error: e }
    } finally {
      busy.value = false
    }
  }

  return { busy, fieldErrors, run }
}

export function errorText(e, t) {
  if (e instanceof ApiError) {
    if (e.status === 0) return t('error.network')
    if (e.status === 412) return t('error.conflict')
    if (e.status === 403 && !e.detail) return t('error.forbidden')
    return e.detail || e.title || t('error.unknown')
  }
  return t('error.unknown')
}
