// Server problems in the user's language: the API speaks English for
// developers, so the pages map each field and each known problem to a message
// of their own (no server English on a zh-CN screen).
import { ApiError } from '../../api/client'

/** "lines/2/quantity" → "lines_quantity": one message per kind of field (no dots: vue-i18n reads them as paths). */
export const fieldKey = (field) => String(field).replace(/\/\d+\//g, '_').replace(/\//g, '_')

/** { field: message } in the user's language, for FormField's `error`. */
export function localFieldErrors(fieldErrors, t, te) {
  const out = {}
  for (const field of Object.keys(fieldErrors ?? {})) {
    const key = `supplies.errors.fields.${fieldKey(field)}`
    out[field] = te(key) ? t(key) : t('supplies.errors.invalid')
  }
  return out
}

/** A stock shortfall (409 with the item and what is on hand), or null. */
export function shortfallOf(e) {
  const p = e instanceof ApiError ? e.problem : null
  if (!p || e.status !== 409 || p.item == null || p.on_hand == null) return null
  return { item: p.item, onHand: p.on_hand, requested: p.requested, unit: p.unit, warehouse: p.warehouse }
}

/** One line for a toast or an inline error. */
export function problemText(e, t) {
  const s = shortfallOf(e)
  if (s) return t('supplies.errors.shortfall', { item: s.item, warehouse: s.warehouse, onHand: s.onHand, unit: s.unit })
  if (!(e instanceof ApiError)) return t('error.unknown')
  if (e.status === 0) return t('error.network')
  if (e.status === 403) return t('error.forbidden')
  if (e.status === 404) return t('supplies.errors.notFound')
  if (e.status === 409) return t('supplies.errors.conflict')
  if (e.status === 422) return t('supplies.errors.keyReused')
  if (e.status === 400) return t('supplies.errors.invalid')
  return t('error.unknown')
}

/** Quantities as storekeepers read them: 1,500 只; 140 t for 140,000 kg. */
export function formatQuantity(value, unit, locale = 'zh-CN') {
  if (value == null) return '—'
  let v = Number(value)
  let u = unit
  if ((unit === 'kg' || unit === '千克' || unit === '公斤') && Math.abs(v) >= 1000) {
    v /= 1000
    u = 't'
  }
  return `${v.toLocaleString(locale, { maximumFractionDigits: 3 })} ${u}`
}

/** The units a quantity of this item may be typed in: its base unit, its packaging, metric units of its kind. */
export function unitsOf(item) {
  if (!item) return []
  const mass = ['t', 'kg', 'g']
  const volume = ['L', 'mL']
  const out = [item.base_unit, ...(item.units ?? []).map((u) => u.unit)]
  for (const family of [mass, volume]) if (family.includes(item.base_unit)) out.push(...family.filter((u) => u !== item.base_unit))
  return [...new Set(out)]
}
