// One Idempotency-Key per form submission: a retry of the same body (after a
// network error or a 5xx) reuses it, so the server answers with the first
// result instead of writing twice; a changed body is a new submission.

export function newKey() {
  if (globalThis.crypto?.randomUUID) return globalThis.crypto.randomUUID()
  return `k-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`
}

/** Keys bound to the body they were made for. */
export function createKeyring(makeKey = newKey) {
  let current = null
  return {
    /** The key for this body: the same as last time while the body is unchanged. */
    keyFor(body) {
      const text = JSON.stringify(body)
      if (!current || current.text !== text) current = { text, key: makeKey() }
      return current.key
    },
    /** After a definite answer (success or a 4xx) the next submission is a new one. */
    done() {
      current = null
    },
  }
}

/** Worth sending again with the same key: no answer at all, or the server failed. */
export const retryable = (e) => e?.status === 0 || (e?.status >= 500 && e?.status <= 599)

/**
 * Sends with one key, retrying transient failures with the same key.
 * @param {(key: string) => Promise<unknown>} send
 */
export async function sendIdempotent(send, key, { retries = 2, wait = (ms) => new Promise((r) => setTimeout(r, ms)), delayMs = 800 } = {}) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await send(key)
    } catch (e) {
      if (!retryable(e) || attempt >= retries) throw e
      await wait(delayMs * (attempt + 1))
    }
  }
}
