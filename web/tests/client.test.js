import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError, onUnauthorized, queryString, request, setCsrfToken } from '../src/api/client'
import * as api from '../src/api/endpoints'
import { i18n } from '../src/i18n'

function reply(status, body, type = 'application/json') {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: body === undefined ? {} : { 'Content-Type': type },
  })
}

let fetchMock
beforeEach(() => {
  i18n.global.locale.value = 'zh-CN'
  fetchMock = vi.fn(async () => reply(200, { ok: true }))
  vi.stubGlobal('fetch', fetchMock)
  setCsrfToken('tok-123')
})
afterEach(() => {
  vi.unstubAllGlobals()
  onUnauthorized(null)
})

const sent = (i = 0) => ({ url: fetchMock.mock.calls[i][0], init: fetchMock.mock.calls[i][1] })

describe('request', () => {
  it.each(['POST', 'PATCH', 'PUT', 'DELETE'])('sends the CSRF token on %s', async (method) => {
    await request(method, '/orgs', { body: {} })
    expect(sent().init.headers['X-CSRF-Token']).toBe('tok-123')
    expect(sent().init.credentials).toBe('same-origin')
  })

  it('revalidates the network geometry the browser may have kept', async () => {
    await api.getNetworkGeometry(4)
    expect(sent().url).toBe('/api/v1/networks/4/geometry')
    expect(sent().init.cache).toBe('no-cache')
    await request('GET', '/orgs')
    expect(sent(1).init.cache).toBeUndefined()
  })

  it('does not send the CSRF token on GET', async () => {
    await request('GET', '/orgs')
    expect(sent().init.headers['X-CSRF-Token']).toBeUndefined()
    expect(sent().init.credentials).toBe('same-origin')
  })

  it('sends JSON bodies under /api/v1 with a query string of set filters only', async () => {
    await request('POST', '/users', { body: { a: 1 }, query: { org: 3, q: '', cursor: null } })
    expect(sent().url).toBe('/api/v1/users?org=3')
    expect(sent().init.headers['Content-Type']).toBe('application/json')
    expect(JSON.parse(sent().init.body)).toEqual({ a: 1 })
  })

  it('quotes the version in If-Match', async () => {
    await api.updateOrg(7, 4, { name: '新名称' })
    expect(sent().url).toBe('/api/v1/orgs/7')
    expect(sent().init.method).toBe('PATCH')
    expect(sent().init.headers['If-Match']).toBe('"4"')
  })

  it('returns null for 204', async () => {
    fetchMock.mockResolvedValueOnce(reply(204))
    expect(await api.deleteBody(5)).toBeNull()
    expect(sent().init.headers['X-CSRF-Token']).toBe('tok-123')
  })

  it('maps problem+json to an ApiError with field errors', async () => {
    fetchMock.mockResolvedValueOnce(
      reply(
        422,
        {
          title: 'Invalid input',
          status: 422,
          detail: '请检查填写内容',
          code: 'validation',
          request_id: 'r-1',
          errors: [
            { field: 'code', message: 'is required', key: 'required' },
            { field: 'name', message: 'must not be empty', key: 'empty' },
          ],
        },
        'application/problem+json',
      ),
    )
    const error = await api.createOrg({}).catch((e) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error.status).toBe(422)
    expect(error.code).toBe('validation')
    expect(error.detail).toBe('请检查填写内容')
    expect(error.requestId).toBe('r-1')
    expect(error.hasFieldErrors).toBe(true)
    // In the reader's words for the keys, never the server's English message.
    expect(error.fieldErrors).toEqual({ code: '必填', name: '不能为空' })
  })

  it('keeps detail for problems without field errors (shown as a toast)', async () => {
    fetchMock.mockResolvedValueOnce(reply(429, { title: 'Too many', status: 429, detail: '请 60 秒后再试' }, 'application/problem+json'))
    const error = await api.login('admin', 'x').catch((e) => e)
    expect(error.status).toBe(429)
    expect(error.hasFieldErrors).toBe(false)
    expect(error.message).toBe('请 60 秒后再试')
  })

  it('survives a non-JSON error body', async () => {
    fetchMock.mockResolvedValueOnce(new Response('<h1>Bad gateway</h1>', { status: 502, statusText: 'Bad Gateway', headers: { 'Content-Type': 'text/html' } }))
    const error = await request('GET', '/orgs').catch((e) => e)
    expect(error.status).toBe(502)
    expect(error.title).toBe('Bad Gateway')
  })

  it('reports a network failure as status 0', async () => {
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'))
    const error = await request('GET', '/orgs').catch((e) => e)
    expect(error.status).toBe(0)
  })

  it('tells the app about 401 except for the session calls themselves', async () => {
    const handler = vi.fn()
    onUnauthorized(handler)
    fetchMock.mockResolvedValueOnce(reply(401, { title: 'Unauthorized', status: 401 }))
    await request('GET', '/orgs').catch(() => {})
    expect(handler).toHaveBeenCalledTimes(1)
    fetchMock.mockResolvedValueOnce(reply(401, { title: 'Unauthorized', status: 401 }))
    await api.getMe().catch(() => {})
    expect(handler).toHaveBeenCalledTimes(1)
  })
})

describe('queryString', () => {
  it('leaves out empty values and encodes the rest', () => {
    expect(queryString({})).toBe('')
    expect(queryString({ q: '张 三', org: 0, cursor: undefined })).toBe('?q=%E5%BC%A0+%E4%B8%89&org=0')
  })
})
