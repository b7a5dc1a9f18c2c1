import { describe, expect, it } from 'vitest'
import { messages } from '../src/i18n/messages'
import { pickLocale } from '../src/i18n/locale'

const zhCN = messages['zh-CN']
const en = messages.en

function keys(messages, prefix = '') {
  return Object.entries(messages).flatMap(([k, v]) => (typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]))
}

function leaf(messages, key) {
  return key.split('.').reduce((o, k) => o[k], messages)
}

describe('message files', () => {
  it('have the same keys in zh-CN and en', () => {
    const zh = keys(zhCN).sort()
    const e = keys(en).sort()
    expect(zh.filter((k) => !e.includes(k))).toEqual([])
    expect(e.filter((k) => !zh.includes(k))).toEqual([])
  })

  it('have no empty strings', () => {
    for (const [name, messages] of [['zh-CN', zhCN], ['en', en]]) {
      const empty = keys(messages).filter((k) => !String(leaf(messages, k)).trim())
      expect(empty, name).toEqual([])
    }
  })

  it('use the same placeholders in both languages', () => {
    const names = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
    for (const key of keys(zhCN)) {
      expect(names(leaf(en, key)), key).toEqual(names(leaf(zhCN, key)))
    }
  })
})

describe('pickLocale', () => {
  it('follows the browser when the user has not chosen', () => {
    expect(pickLocale(null, 'zh-CN')).toBe('zh-CN')
    expect(pickLocale(null, 'zh-TW')).toBe('zh-CN')
    expect(pickLocale(null, 'en-US')).toBe('en')
    expect(pickLocale(null, 'de')).toBe('en')
    expect(pickLocale(null, undefined)).toBe('en')
  })

  it('keeps the choice the user made', () => {
    expect(pickLocale('en', 'zh-CN')).toBe('en')
    expect(pickLocale('zh-CN', 'en-GB')).toBe('zh-CN')
  })

  it('ignores a stored value it does not know', () => {
    expect(pickLocale('fr', 'zh-HK')).toBe('zh-CN')
  })
})
