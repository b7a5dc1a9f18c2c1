// Who is logged in and what they may do. Pages ask `can(permission)` to hide
// actions the server would refuse anyway.
import { reactive, readonly } from 'vue'
import * as api from './api/endpoints'
import { getMyHealth } from './api/health'
import { setCsrfToken } from './api/client'

// onRegister: whether the user is on a staff register (their own check-in,
// health file and outings exist); null until known.
const state = reactive({ me: null, onRegister: null })

export const session = readonly(state)

export function can(permission) {
  return Boolean(state.me?.permissions?.includes(permission))
}

/** @param {object|null} me  the /me shape; `csrfToken` overrides me.csrf_token (login returns it beside the user) */
export function setSession(me, csrfToken) {
  state.me = me
  state.onRegister = null
  setCsrfToken(me ? (csrfToken ?? me.csrf_token) : null)
  if (me) refreshRegister()
}

// Asks the health module whether the user is on a staff register (404: not).
async function refreshRegister() {
  if (!can('health.self')) {
    state.onRegister = false
    return
  }
  const mine = state.me
  try {
    await getMyHealth()
    if (state.me === mine) state.onRegister = true
  } catch (e) {
    if (state.me === mine && e?.status === 404) state.onRegister = false
  }
}

/** Restores the session from the cookie; false when nobody is logged in. */
export async function restoreSession() {
  try {
    setSession(await api.getMe())
    return true
  } catch (e) {
    if (e.status === 401) {
      setSession(null)
      return false
    }
    throw e
  }
}

/** After the owner read their account notices: the banner follows the count. */
export function markUnseenNotices(n) {
  if (state.me) state.me = { ...state.me, unseen_notices: n }
}

export async function login(username, password) {
  const result = await api.login(username, password)
  setSession(result.user, result.csrf_token)
}

export async function logout() {
  try {
    await api.logout()
  } finally {
    setSession(null)
  }
}
