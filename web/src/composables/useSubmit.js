import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ApiError } from '../api/client'
import { problemText } from '../api/problems'
import { showToast } from '../toasts'

/**
 * Wraps a form action: field errors from problem+json go next to their
 * fields (in the reader's words, api/problems.js); anything else — and a
 * field error the form has no field for — becomes a toast.
 */
export function useSubmit() {
  useI18n()
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
      if (e instanceof ApiError && e.hasFieldErrors) {
        fieldErrors.value = e.fieldErrors
        if (!ownStatuses.includes(e.status) && !shownOnPage(Object.keys(e.fieldErrors))) showToast('error', problemText(e))
      } else if (!ownStatuses.includes(e.status)) showToast('error', problemText(e))
      return { ok: false, error: e }
    } finally {
      busy.value = false
    }
  }

  return { busy, fieldErrors, run }
}

// A field error is shown beside its field when the page has an input of that name.
function shownOnPage(fields) {
  if (typeof document === 'undefined') return true
  const quote = (f) => (globalThis.CSS?.escape ? CSS.escape(f) : String(f).replace(/["\\]/g, '\\$&'))
  return fields.some((f) => document.querySelector(`[name="${quote(f)}"]`))
}

/** The reader's words for a failed request (kept for the pages that call it; `t` is unused). */
export function errorText(e) {
  return problemText(e)
}
