import { createI18n } from 'vue-i18n'
import { messages } from './messages'
import { LOCALE_STORAGE_KEY, pickLocale } from './locale'

function storedLocale() {
  try {
    return localStorage.getItem(LOCALE_STORAGE_KEY)
  } catch {
    return null // storage can be blocked; then the browser language decides
  }
}

export const i18n = createI18n({
  legacy: false,
  locale: pickLocale(storedLocale(), globalThis.navigator?.language),
  fallbackLocale: 'zh-CN',
  messages,
})

export function setLocale(locale) {
  i18n.global.locale.value = locale
  document.documentElement.lang = locale
  try {
    localStorage.setItem(LOCALE_STORAGE_KEY, locale)
  } catch {
    // the choice then lasts for this tab only
  }
}
