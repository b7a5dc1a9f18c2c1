// The one rule for server problems (api/problems.js): our words for the
// message keys, never the server's English; and every key the server can
// send has a zh-CN and an en text.
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ApiError } from '../src/api/client'
import { fieldMessages, problemText } from '../src/api/problems'
import { i18n } from '../src/i18n'
import { messages } from '../src/i18n/messages'

const zh = () => (i18n.global.locale.value = 'zh-CN')
afterEach(zh)

const problem = (body, status = body.status) => new ApiError(body, status)

describe('problemText', () => {
  it('shows our text for the key, never the server detail', () => {
    zh()
    const e = problem({ status: 403, code: 'forbidden', key: 'emergency.declared_above', detail: 'this emergency was declared above your unit' })
    expect(problemText(e)).toBe('该应急响应由上级单位启动，只能由上级调整或结束')
    expect(problemText(e)).not.toMatch(/[A-Za-z]/)
  })

  it('quotes the params, with states in the reader’s words', () => {
    zh()
    const e = problem({ status: 409, code: 'conflict', key: 'repair.bad_transition', params: { from: 'on_site', to: 'closed' } })
    expect(problemText(e)).toBe('工单当前为“已到场”，不能转为“已验收关闭”')
    const level = problem({ status: 409, code: 'conflict', key: 'repair.disconnection_deferred', params: { level: 'I' } })
    expect(problemText(level)).toBe('一级应急响应期间欠费不停水，停水工单暂缓执行')
  })

  it('falls back to the code, then the status, for keys it does not know', () => {
    zh()
    expect(problemText(problem({ status: 409, code: 'conflict', key: 'some.future_key', detail: 'English' }))).toBe('当前状态不允许此操作，请刷新后重试')
    expect(problemText(problem({ status: 502, title: 'Bad Gateway' }))).toBe('服务暂时不可用，请稍后重试')
    expect(problemText(new ApiError({ title: 'Network error', code: 'network', status: 0 }, 0))).toBe('无法连接服务器，请检查网络后重试')
    expect(problemText(new Error('boom'))).toBe('操作失败，请稍后重试')
  })

  it('maps field errors by key, and unknown keys to a text for any field', () => {
    zh()
    const e = problem({
      status: 400,
      code: 'invalid',
      key: 'invalid',
      errors: [
        { field: 'name', message: 'must be at most 100 bytes', key: 'too_long', params: { max: '100' } },
        { field: 'reason', message: 'say why', key: 'never.heard_of' },
        { field: 'phone', message: 'bad' },
      ],
    })
    expect(e.fieldErrors).toEqual({ name: '过长（最多 100 字节）', reason: '此项填写有误', phone: '此项填写有误' })
    expect(fieldMessages(e)).toEqual(e.fieldErrors)
    expect(problemText(e)).toBe('过长（最多 100 字节）')
  })

  it('speaks English in the English interface', () => {
    i18n.global.locale.value = 'en'
    const e = problem({ status: 403, code: 'forbidden', key: 'emergency.declared_above' })
    expect(problemText(e)).toMatch(/declared above your unit/)
  })
})

// Every key the server's sources name: `.keyed("…")` and the key of a field
// error (`{field, message, "key"}` or `fail(field, message, "key")`).
function cppFiles(dir) {
  const out = []
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...cppFiles(path))
    else if (/\.(cpp|h)$/.test(name) && !/_test\.cpp$/.test(name)) out.push(path)
  }
  return out
}

function serverKeys() {
  const keys = new Set()
  const literal = String.raw`"(?:[^"\\]|\\.)*"`
  const patterns = [
    /\.keyed\(\s*"([a-z0-9_.]+)"/g,
    new RegExp(String.raw`(?:errors_?|fields)\.push_back\(\{[^;]*?${literal}\s*,\s*"([a-z][a-z0-9_.]*)"\s*[,}]`, 'g'),
    new RegExp(String.raw`fail\([^;]*?${literal}\s*,\s*"([a-z][a-z0-9_.]*)"\s*[,)]`, 'g'),
  ]
  for (const file of cppFiles(join(__dirname, '../../src'))) {
    const text = readFileSync(file, 'utf8')
    for (const re of patterns) for (const m of text.matchAll(re)) keys.add(m[1])
  }
  return keys
}

const has = (tree, path) => path.split('.').reduce((node, part) => (node && typeof node === 'object' ? node[part] : undefined), tree) !== undefined

describe('message keys', () => {
  const keys = serverKeys()
  const codes = ['invalid', 'not_found', 'conflict', 'precondition_failed', 'unauthenticated', 'forbidden', 'too_many_requests', 'payload_too_large', 'unprocessable', 'unavailable', 'internal']

  it.each(['zh-CN', 'en'])('has a %s text for every key and every code', (locale) => {
    const missing = [...keys, ...codes].filter((k) => typeof messages[locale].problem?.[k] !== 'string' && !has(messages[locale].problem, k))
    expect(missing).toEqual([])
  })
})
