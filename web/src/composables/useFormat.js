import { useI18n } from 'vue-i18n'
import { formatDate, formatDateTime, formatNames } from '../format'

/** Formatters bound to the current UI language. */
export function useFormat() {
  const { locale } = useI18n()
  return {
    date: (iso) => formatDate(iso, locale.value),
    dateTime: (iso) => formatDateTime(iso, locale.value),
    names: (items) => formatNames(items ?? [], locale.value),
  }
}
