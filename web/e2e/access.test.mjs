// End-to-end check of the access rules of issue 12 against the demo server,
// in Debian's headless Chromium: a viewer cannot start the all-bursts ranking
// (the tab says who can); an admin's new health-officer account waits for the
// association's health lead, who approves it on 账号审批; its owner then sees
// the change announced on every page and on the account page.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { BASE, PASSWORD, openPage, screenshot } from './support/browser.mjs'

let browser
let page

before(async () => {
  ;({ browser, page } = await openPage({ timeout: 30_000 }))
})

after(async () => {
  await browser?.close()
})

/** Ends whatever session the browser has, then logs in afresh. */
async function logIn(username, password = PASSWORD) {
  await page.goto(`${BASE}/`)
  await page.evaluate(async () => {
    const me = await fetch('/api/v1/me')
    if (!me.ok) return
    const { csrf_token: csrf } = await me.json()
    await fetch('/api/v1/auth/logout', { method: 'POST', headers: { 'X-CSRF-Token': csrf } })
  })
  await page.goto(`${BASE}/#/login`)
  await page.reload()
  await page.getByLabel('用户名').fill(username)
  await page.getByLabel('密码').fill(password)
  await page.getByRole('button', { name: '登录' }).click()
  await page.getByRole('heading', { name: '指挥中心' }).waitFor()
}

/** A call with the page's session (CSRF token from /me). */
function api(method, path, body) {
  return page.evaluate(async ([m, p, b]) => {
    const me = await (await fetch('/api/v1/me')).json()
    const headers = { Accept: 'application/json', 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token }
    const r = await fetch(`/api/v1${p}`, { method: m, headers, body: b ? JSON.stringify(b) : undefined })
    return { status: r.status, body: r.headers.get('content-type')?.includes('json') ? await r.json() : null }
  }, [method, path, body])
}

test('access: long analyses, second-person approval, announcements', async (t) => {
  let broken = false
  const step = (title, fn) =>
    t.test(title, { skip: broken && 'an earlier step failed' }, async () => {
      try {
        await fn()
      } catch (e) {
        broken = true
        throw e
      }
    })

  await step('a viewer reads the all-bursts tab but is not offered to start it', async () => {
    await logIn('viewer')
    const networks = (await api('GET', '/networks')).body.items
    const city = networks.find((n) => n.name.startsWith('长沙主城区'))
    assert.ok(city, 'the demo city is there')
    assert.equal((await api('POST', `/networks/${city.id}/bursts`)).status, 403)
    await page.goto(`${BASE}/#/network/${city.id}`)
    await page.getByRole('tab', { name: '爆管推演' }).click()
    const panel = page.locator('[data-test="bursts"]')
    await panel.locator('[data-test="bursts-no-permission"], [data-test="bursts-running"], [data-test="bursts-summary"]').first().waitFor()
    assert.equal(await panel.locator('[data-test="bursts-start"]').count(), 0)
    await screenshot(page, 'access-bursts-viewer')
  })

  const username = `e2e_health_${Date.now() % 1_000_000}`
  const password = 'e2e-health-pass-1'
  await step('an admin creates a health officer: the account waits for approval', async () => {
    await logIn('cs_admin')
    const me = (await api('GET', '/me')).body
    const created = await api('POST', '/users', {
      username, display_name: '新防疫专员', role: 'health_officer', org_id: me.org_id, password, reason: 'e2e',
    })
    assert.equal(created.status, 201)
    assert.equal(created.body.disabled, true)
    assert.equal(created.body.pending_approval.kind, 'enable')
    await page.goto(`${BASE}/#/approvals`)
    await page.getByRole('heading', { name: '账号审批' }).waitFor()
    const row = page.locator('tr', { hasText: username })
    await row.waitFor()
    assert.equal(await row.locator('[data-test="approve"]').count(), 0)  // not the admin's to approve
    await row.getByText('须由上级单位防疫负责人审批').or(row.locator('[data-test="withdraw"]')).first().waitFor()
  })

  await step("the association's health lead approves it on 账号审批", async () => {
    await logIn('assoc_health')
    await page.getByRole('navigation').getByRole('link', { name: '账号审批' }).click()
    const row = page.locator('tr', { hasText: username })
    await row.waitFor()
    page.once('dialog', (d) => d.accept())
    await row.locator('[data-test="approve"]').click()
    await page.getByText('已批准，变更已生效并已通知账号本人。').waitFor()
    await screenshot(page, 'access-approvals')
  })

  await step('its owner logs in and is told, on every page and on the account page', async () => {
    await logIn(username, password)
    const banner = page.locator('[data-test="notice-banner"]')
    await banner.waitFor()
    assert.match(await banner.innerText(), /新的变更通知/)
    await banner.getByRole('link', { name: '查看' }).click()
    const notices = page.locator('[data-test="account-notices"]')
    await notices.getByText('您的账号已被启用').waitFor()
    await screenshot(page, 'access-notices')
    while (await notices.locator('[data-test="notice-seen"]').count()) {
      await notices.locator('[data-test="notice-seen"]').first().click()
      await page.waitForTimeout(200)
    }
    await banner.waitFor({ state: 'detached' })
    assert.ok((await notices.locator('li').count()) >= 1, 'the notices stay listed')
  })
})
