// One rule for every problem the server answers (docs/architecture.md,
// "Messages"): the page shows OUR text for the problem's stable `key` (and
// each field error's key), quoting its `params`; a key we do not know falls
// back to a text for the field error's kind, then for the problem's code.
// The server's own `detail` and field `message` (English, for API users) are
// never shown. Every page goes through these functions (useSubmit does).
import { i18n } from '../i18n'

const t = (key, params) => i18n.global.t(key, params ?? {})
const known = (key) => i18n.global.te(key) || i18n.global.te(key, 'zh-CN')

// Params that name a state or level: shown in the reader's words.
const PARAM_WORDS = {
  repair: { from: 'repair.state', to: 'repair.state', state: 'repair.state' },
  hotline: { from: 'hotline.state', to: 'hotline.state' },
}

function localParams(key, params = {}) {
  const words = PARAM_WORDS[String(key).split('.')[0]] ?? {}
  const out = {}
  for (const [name, value] of Object.entries(params)) {
    const prefix = name === 'level' ? 'banner.level' : words[name]
    out[name] = prefix && known(`${prefix}.${value}`) ? t(`${prefix}.${value}`) : value
  }
  return out
}

/** The text for a message key, or null when the UI has none. */
function keyed(key, params) {
  if (!key) return null
  const path = `problem.${key}`
  return known(path) ? t(path, localParams(key, params)) : null
}

/** One field error ({field, key, params}) in the reader's words. */
export function fieldMessage(fieldError) {
  return keyed(fieldError?.key, fieldError?.params) ?? t('problem.invalid')
}

/** { field: message } of an ApiError, the first error of each field. */
export function fieldMessages(error) {
  const out = {}
  for (const e of error?.errors ?? []) if (e.field && !(e.field in out)) out[e.field] = fieldMessage(e)
  return out
}

/** What to tell the reader about a failed request (any thrown value). */
export function problemText(error) {
  if (!error || typeof error !== 'object' || !('status' in error)) return t('problem.unknown')
  if (error.status === 0) return t('problem.offline')
  const own = keyed(error.key, error.params)
  if (own && error.key !== 'invalid') return own
  const first = error.errors?.find((e) => e.field)
  if (first) return fieldMessage(first)
  return keyed(error.code) ?? keyed(`status.${error.status}`) ?? t('problem.unknown')
}
