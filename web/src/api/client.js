// The one place that talks HTTP to the lifeline server. Every call goes
// through `request`, so CSRF, credentials and problem+json handling cannot be
// forgotten by a page.

import { fieldMessages } from './problems'

const BASE = '/api/v1'
const SAFE_METHODS = new Set(['GET', 'HEAD'])

let csrfToken = null
let unauthorizedHandler = null

/** The token the server handed out at login or via /me; sent on every state-changing request. */
export function setCsrfToken(token) {
  csrfToken = token || null
}

/** Called when a request comes back 401 (session expired or logged out elsewhere). */
export function onUnauthorized(handler) {
  unauthorizedHandler = handler
}

/**
 * An RFC 9457 problem returned by the server. Pages show it through
 * api/problems.js (problemText, fieldErrors): our words for its message
 * keys, never the server's English `detail`.
 */
export class ApiError extends Error {
  constructor(problem, status) {
    super(problem.detail || problem.title || `HTTP ${status}`)
    this.name = 'ApiError'
    this.status = problem.status ?? status
    this.title = problem.title ?? null
    this.detail = problem.detail ?? null
    this.code = problem.code ?? null
    this.key = problem.key ?? problem.code ?? null
    this.params = problem.params ?? {}
    this.requestId = problem.request_id ?? null
    // The whole problem: some carry members of their own (a stock shortfall names the item and what is on hand).
    this.problem = problem
    this.errors = (problem.errors ?? [])
      .filter((e) => e && e.field)
      // message: the server's English, never shown; a module whose server sends
      // no keys yet maps it to its own words (pages/duty/errors.js).
      .map((e) => ({ field: e.field, key: e.key ?? null, params: e.params ?? {}, message: e.message ?? '' }))
    this.body = problem
  }

  /** { field: message in the reader's words }, for forms. */
  get fieldErrors() {
    return fieldMessages(this)
  }

  get hasFieldErrors() {
    return this.errors.length > 0
  }
}

/** Builds `?a=1&b=2`, leaving out empty filters so the server sees only what the user set. */
export function queryString(params = {}) {
  const q = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue
    q.append(key, String(value))
  }
  const s = q.toString()
  return s ? `?${s}` : ''
}

/**
 * @param {string} method
 * @param {string} path  path below /api/v1, e.g. "/orgs"
 * @param {{ body?: unknown, raw?: { body: BodyInit, type: string }, headers?: Record<string, string>, query?: Record<string, unknown>, ifMatch?: number|string, skipUnauthorized?: boolean, cache?: RequestCache }} [options]
 *   `cache: 'no-cache'` revalidates a response the server let the browser keep (ETag → 304);
 *   `raw` sends a file as it is (e.g. a CSV import); `headers` adds request headers (Idempotency-Key …)
 */
export async function request(method, path, options = {}) {
  const headers = { Accept: 'application/json', ...options.headers }
  const init = { method, headers, credentials: 'same-origin' }
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    init.body = JSON.stringify(options.body)
  } else if (options.raw) {
    headers['Content-Type'] = options.raw.type
    init.body = options.raw.body
  }
  if (!SAFE_METHODS.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken
  if (options.ifMatch !== undefined) headers['If-Match'] = `"${options.ifMatch}"`
  if (options.cache) init.cache = options.cache

  let response
  try {
    response = await fetch(BASE + path + queryString(options.query), init)
  } catch {
    throw new ApiError({ title: 'Network error', code: 'network', status: 0 }, 0)
  }

  if (response.ok) {
    if (response.status === 204) return null
    const text = await response.text()
    return text ? JSON.parse(text) : null
  }

  const problem = await readProblem(response)
  if (response.status === 401 && !options.skipUnauthorized && unauthorizedHandler) unauthorizedHandler()
  throw new ApiError(problem, response.status)
}

async function readProblem(response) {
  const type = response.headers.get('Content-Type') || ''
  if (type.includes('json')) {
    try {
      return await response.json()
    } catch {
      // fall through: a broken body still gets a usable error
    }
  }
  return { title: response.statusText || `HTTP ${response.status}`, status: response.status }
}
