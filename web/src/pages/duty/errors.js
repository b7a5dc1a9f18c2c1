// The server speaks English in its problem+json; these pages speak Chinese.
// Each known message of the duty, supervision and reports services maps to a
// message key; anything else falls back to a generic Chinese message, so no
// English ever reaches the user.
import { ApiError } from '../../api/client'

const PATTERNS = [
  [/overlaps/, 'overlap'],
  [/does not exist in/, 'skippedTime'],
  [/occurs twice/, 'repeatedTime'],
  [/longer than a year|at most a year|at most 366/, 'tooLong'],
  [/is required|must not be empty|^say |name who|needs its|needs at least one row/, 'required'],
  [/at least one person|without layers|nobody on it/, 'noMembers'],
  [/zero length/, 'zeroLength'],
  [/leaves nothing/, 'leavesNothing'],
  [/register/, 'notOnRegister'],
  [/not on duty/, 'notOnDuty'],
  [/not required to send/, 'notRequired'],
  [/no deadline at that time/, 'noDeadline'],
  [/not open yet/, 'notOpen'],
  [/closed: late/, 'closed'],
  [/acknowledged/, 'acknowledged'],
  [/must be a number/, 'number'],
  [/one of the options|must be one of/, 'choice'],
  [/must be at (least|most)|at most|between/, 'range'],
  [/past schedule|applies from now on/, 'past'],
  [/must be after/, 'afterFrom'],
  [/must be a time|must be a date/, 'time'],
  [/does not supervise/, 'unsupervised'],
  [/already handed over|already has its hand-over/, 'handedOver'],
  [/nobody (is scheduled|to hand over)/, 'nobodyNext'],
]

/** The Chinese message for one field problem the server named. */
export function fieldMessage(t, message) {
  for (const [re, key] of PATTERNS) if (re.test(message ?? '')) return t(`duty.errors.${key}`)
  return t('duty.errors.invalid')
}

// The server's text of each field's first error (English, matched above, never shown).
function serverMessages(error) {
  const out = {}
  for (const e of error.errors ?? []) if (e.field && !(e.field in out)) out[e.field] = e.message
  return out
}

/** { field: Chinese message } for a form. */
export function fieldMessages(t, error) {
  const out = {}
  if (error instanceof ApiError) for (const [field, message] of Object.entries(serverMessages(error))) out[field] = fieldMessage(t, message)
  return out
}

/** One Chinese sentence for a failed request (a toast or an inline error). */
export function problemText(t, e) {
  if (!(e instanceof ApiError)) return t('duty.errors.unknown')
  if (e.status === 0) return t('duty.errors.network')
  const first = Object.values(serverMessages(e))[0]
  if (first) return fieldMessage(t, first)
  if (e.status === 403) return t('duty.errors.forbidden')
  if (e.status === 404) return t('duty.errors.notFound')
  if (e.status === 409 || e.status === 412) {
    for (const [re, key] of PATTERNS) if (re.test(e.detail ?? '')) return t(`duty.errors.${key}`)
    return t('duty.errors.conflict')
  }
  return t('duty.errors.unknown')
}
