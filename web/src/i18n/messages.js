// All messages of one locale: the shared files (zh-CN.json, en.json) and one
// file per module (modules/<module>.<locale>.json, each with its module's
// top-level key), so a new module adds its texts without touching the others.
import zhCN from './zh-CN.json'
import en from './en.json'

const moduleFiles = import.meta.glob('./modules/*.json', { eager: true, import: 'default' })

function withModules(base, locale) {
  const out = { ...base }
  for (const [path, messages] of Object.entries(moduleFiles)) {
    if (!path.endsWith(`.${locale}.json`)) continue
    for (const [key, value] of Object.entries(messages)) {
      if (key in out) throw new Error(`${path}: the key "${key}" is defined twice`)
      out[key] = value
    }
  }
  return out
}

export const messages = { 'zh-CN': withModules(zhCN, 'zh-CN'), en: withModules(en, 'en') }
