// The hotline console's keys: an operator logs a call without the mouse.
// Alt+1…7 picks the category, Enter saves, Ctrl+Enter saves and makes an
// incident of the call, Esc clears the form.
export const CALL_CATEGORIES = ['no_water', 'low_pressure', 'burst_leak', 'quality', 'billing', 'epidemic_policy', 'other']

/** Categories that are about the network and so may become an incident. */
export const INCIDENT_CATEGORIES = new Set(['no_water', 'low_pressure', 'burst_leak', 'quality'])

/** The incident type a call category becomes (the server's default too). */
export const INCIDENT_TYPE_OF = { no_water: 'no_water', low_pressure: 'low_pressure', burst_leak: 'burst', quality: 'quality_complaint' }

/**
 * @param {{key: string, code?: string, altKey?: boolean, ctrlKey?: boolean, metaKey?: boolean, shiftKey?: boolean, target?: any}} e
 * @returns {{action: 'category', category: string} | {action: 'save'} | {action: 'saveIncident'} | {action: 'clear'} | null}
 */
export function keyAction(e) {
  if (e.altKey && !e.ctrlKey && !e.metaKey) {
    // e.code: Alt+digit types other characters on some layouts (macOS).
    const digit = /^Digit([1-7])$/.exec(e.code ?? '')?.[1] ?? (/^[1-7]$/.test(e.key) ? e.key : null)
    if (digit) return { action: 'category', category: CALL_CATEGORIES[Number(digit) - 1] }
    return null
  }
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) return { action: 'saveIncident' }
  if (e.key === 'Escape') return { action: 'clear' }
  // Enter in a multi-line summary makes a new line; Shift+Enter too anywhere.
  if (e.key === 'Enter' && !e.shiftKey && e.target?.tagName !== 'TEXTAREA' && e.target?.tagName !== 'BUTTON') return { action: 'save' }
  return null
}

/** The shortcut shown next to a category: Alt+3. */
export const shortcutOf = (category) => `Alt+${CALL_CATEGORIES.indexOf(category) + 1}`
