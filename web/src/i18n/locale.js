export const LOCALES = ['zh-CN', 'en']
export const LOCALE_STORAGE_KEY = 'lifeline.locale'

/** The user's own choice wins; otherwise follow the browser (Chinese → zh-CN, anything else → en). */
export function pickLocale(stored, browserLanguage) {
  if (LOCALES.includes(stored)) return stored
  return (browserLanguage || '').toLowerCase().startsWith('zh') ? 'zh-CN' : 'en'
}
