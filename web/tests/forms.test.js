import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { setCsrfToken } from '../src/api/client'
import { i18n } from '../src/i18n'
import OrgForm from '../src/pages/org/OrgForm.vue'
import { toasts } from '../src/toasts'

const problem = (status, body) =>
  new Response(JSON.stringify({ status, request_id: 'r-9', ...body }), { status, headers: { 'Content-Type': 'application/problem+json' } })
const ok = (status, body) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })

const association = { id: 1, parent_id: null, kind: 'association', code: 'HN', name: '湖南省城镇供水排水协会', version: 1 }
const changsha = { id: 2, parent_id: 1, kind: 'utility', code: 'CS', name: '长沙水业集团', name_en: null, address: null, phone: null, version: 3 }

let fetchMock
beforeEach(() => {
  i18n.global.locale.value = 'zh-CN'
  setCsrfToken('tok')
  fetchMock = vi.fn()
  vi.stubGlobal('fetch', fetchMock)
  toasts.splice(0)
})
afterEach(() => vi.unstubAllGlobals())

const mountForm = (props) => mount(OrgForm, { props, global: { plugins: [i18n] }, attachTo: document.body })

describe('org form', () => {
  it('shows each problem+json field error next to its field', async () => {
    fetchMock.mockResolvedValueOnce(
      problem(400, { title: 'Invalid', detail: 'code: is already used by 长沙水业集团', code: 'invalid', key: 'invalid', errors: [{ field: 'code', message: 'is already used by 长沙水业集团', key: 'org.code_taken' }] }),
    )
    const w = mountForm({ parent: association })
    await w.get('input[name="code"]').setValue('CS')
    await w.get('input[name="name"]').setValue('长沙水业集团')
    await w.get('form').trigger('submit')
    await flushPromises()

    const [url, init] = fetchMock.mock.calls[0]
    expect(url).toBe('/api/v1/orgs')
    expect(JSON.parse(init.body)).toEqual({ parent_id: 1, kind: 'utility', code: 'CS', name: '长沙水业集团' })
    const codeField = w.get('input[name="code"]').element.closest('.field')
    // Our words for the key, never the server's English message.
    expect(codeField.querySelector('.field__error').textContent).toBe('编码已被使用')
    expect(w.get('input[name="name"]').element.closest('.field').querySelector('.field__error')).toBeNull()
    expect(toasts).toHaveLength(0)
    w.unmount()
  })

  it('shows a problem without field errors as a toast in our words for its key', async () => {
    fetchMock.mockResolvedValueOnce(problem(403, { title: 'Forbidden', detail: 'you do not have permission for this', code: 'forbidden', key: 'forbidden' }))
    const w = mountForm({ parent: association })
    await w.get('input[name="code"]').setValue('X')
    await w.get('input[name="name"]').setValue('某水务公司')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(toasts.map((t) => [t.kind, t.text])).toEqual([['error', '您没有执行此操作的权限']])
    expect(w.emitted('saved')).toBeUndefined()
    w.unmount()
  })

  it('sends only changed fields with If-Match, and reloads on 412', async () => {
    fetchMock
      .mockResolvedValueOnce(problem(412, { title: 'Precondition Failed', detail: 'version mismatch' }))
      .mockResolvedValueOnce(ok(200, { ...changsha, phone: '0731-85000000', version: 4 }))
    const w = mountForm({ org: changsha })
    await w.get('input[name="name"]').setValue('长沙水业集团有限公司')
    await w.get('form').trigger('submit')
    await flushPromises()

    const [url, init] = fetchMock.mock.calls[0]
    expect(url).toBe('/api/v1/orgs/2')
    expect(init.method).toBe('PATCH')
    expect(init.headers['If-Match']).toBe('"3"')
    expect(init.headers['X-CSRF-Token']).toBe('tok')
    expect(JSON.parse(init.body)).toEqual({ name: '长沙水业集团有限公司' })
    // the other person's change is now in the form
    expect(w.get('input[name="phone"]').element.value).toBe('0731-85000000')
    expect(toasts.map((t) => t.kind)).toEqual(['info'])
    expect(toasts[0].text).toContain('已被他人修改')
    w.unmount()
  })
})
