// What a new user found, checked in Debian's headless Chromium against the
// demo server: a utility's commander is offered nothing on the association's
// response; the hotline console pages through every call, searches, opens a
// call beside the list and never files a call under a category nobody
// chose; staff of a sub-unit see their utility's boards (and are told so);
// the association's admin has no health entries of a person; a repair under
// pressure says no water is shut off; on a phone 退出登录 is in reach and the
// emergency banner takes at most 48 px.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { BASE, PASSWORD, openPage, screenshot } from './support/browser.mjs'

let browser
let page

before(async () => {
  ;({ browser, page } = await openPage({ timeout: 30_000 }))
  await page.setViewportSize({ width: 1440, height: 900 })
})

after(async () => {
  await browser?.close()
})

async function logIn(username) {
  await page.goto(`${BASE}/#/login`)
  await page.evaluate(() => fetch('/api/v1/auth/logout', { method: 'POST' }).catch(() => {}))
  await page.goto(`${BASE}/#/login`)
  await page.getByLabel('用户名').fill(username)
  await page.getByLabel('密码').fill(PASSWORD)
  await page.getByRole('button', { name: '登录' }).click()
  await page.getByRole('heading', { name: '指挥中心' }).waitFor()
}

const nav = () => page.getByRole('navigation')

function apiGet(path) {
  return page.evaluate(async (p) => {
    const r = await fetch(`/api/v1${p}`, { headers: { Accept: 'application/json' } })
    return { status: r.status, body: r.headers.get('content-type')?.includes('json') ? await r.json() : null }
  }, path)
}

test('the commander of a utility is offered nothing on the association’s response', async () => {
  await logIn('cs_commander')
  await nav().getByRole('link', { name: '应急响应' }).click()
  await page.locator('[data-test="emergency-card"]').first().waitFor()
  const active = (await apiGet('/emergencies?status=active')).body.items
  const above = active.filter((e) => e.actions.length === 0)
  assert.ok(above.length > 0, 'the demo has a response declared above 长沙水业集团')
  for (const e of above) {
    const card = page.locator('[data-test="emergency-card"]', { hasText: e.name })
    assert.equal(await card.getByRole('button', { name: '结束响应' }).count(), 0, `${e.name}: no 结束响应`)
    assert.equal(await card.getByRole('button', { name: '调整级别' }).count(), 0, `${e.name}: no 调整级别`)
    await card.locator('[data-test="declared-above"]').waitFor()
  }
  await screenshot(page, 'ui-emergency-commander')
})

test('the hotline console: every call a page at a time, found in seconds, opened beside the list', async () => {
  await logIn('cs_dispatcher')
  await nav().getByRole('link', { name: '热线受理' }).click()
  const rows = page.locator('[data-test="calls"] tbody tr')
  await rows.first().waitFor()
  assert.equal(await rows.count(), 50, 'the first page')
  const shown = await page.locator('[data-test="calls-shown"]').innerText()
  const total = Number(/\/\s*([\d,]+)/.exec(shown)[1].replace(/,/g, ''))
  assert.ok(total > 2600, `all calls are counted (${shown})`)
  // The list scrolls inside its panel; the end of it loads the next page.
  const height = await page.evaluate(() => document.documentElement.scrollHeight)
  assert.ok(height < 1600, `the page stays one screen, not thousands of pixels (${height} px)`)
  await page.locator('[data-test="calls-scroll"]').evaluate((el) => el.scrollTo(0, el.scrollHeight))
  await page.waitForFunction(() => document.querySelectorAll('[data-test="calls"] tbody tr').length >= 100)

  // Found by address.
  const address = (await rows.nth(3).locator('td.addr').innerText()).trim()
  await page.locator('[data-test="call-search"]').fill(address)
  await page.waitForFunction((a) => {
    const r = [...document.querySelectorAll('[data-test="calls"] tbody tr')]
    return r.length > 0 && r.length < 50 && r.every((x) => x.textContent.includes(a))
  }, address)
  // Opened beside the list, not below the form.
  await rows.first().click()
  const panel = page.locator('[data-test="call-panel"]')
  await panel.waitFor()
  const list = await page.locator('.console__calls').boundingBox()
  const box = await panel.boundingBox()
  assert.ok(box.x >= list.x + list.width - 1, 'the call opens to the right of the list')
  assert.ok(box.y < 400, 'and in view')
  const incident = page.locator('[data-test="calls"] tbody tr td:last-child a').first()
  if (await incident.count()) {
    const cell = await incident.boundingBox()
    assert.ok(cell.x + cell.width <= list.x + list.width, 'the incident column is not clipped')
  }
  await screenshot(page, 'ui-hotline-console')

  // Enter without a category files nothing.
  await page.locator('[data-test="call-search"]').fill('')
  let posted = 0
  page.on('request', (r) => r.method() === 'POST' && /\/hotline\/calls$/.test(r.url()) && posted++)
  const form = page.locator('[data-test="call-form"]')
  await form.getByLabel('来电号码').fill('13973100001')
  await form.getByLabel('来电内容').fill('测试：未选类别')
  await form.getByLabel('来电号码').press('Enter')
  await page.locator('[data-test="category-error"]').waitFor()
  assert.equal(posted, 0, 'no call was saved')
  assert.equal(await form.locator('input[name="category"]:checked').count(), 0, 'no category was chosen for the operator')
})

test('staff of a sub-unit see their utility’s incidents, teams and priority customers', async () => {
  await logIn('cs_staff')
  for (const [link, rowsOf] of [
    ['抢修事件', '[data-test="incident-list"] tbody tr'],
    ['抢修队伍', '[data-test="teams"] .team'],
    ['重点用户保障', '[data-test="customer-list"] tbody tr'],
  ]) {
    await nav().getByRole('link', { name: link, exact: true }).click()
    await page.locator('[data-test="board-scope"]').waitFor()
    assert.match(await page.locator('[data-test="board-scope"]').innerText(), /长沙水业集团/)
    if (link === '抢修事件') await page.getByRole('tab', { name: '全部' }).click()
    await page.locator(rowsOf).first().waitFor()
    assert.ok((await page.locator(rowsOf).count()) > 0, `${link}: not empty`)
  }
  await screenshot(page, 'ui-staff-customers')
})

test('the association’s admin has no health entries of a person on a register', async () => {
  await logIn('admin')
  await page.waitForFunction(() => document.querySelector('nav')?.textContent.includes('内部防控'))
  for (const name of ['每日健康打卡', '我的健康档案', '外出登记'])
    assert.equal(await nav().getByRole('link', { name, exact: true }).count(), 0, `${name} is not offered`)
  await nav().getByRole('link', { name: '内部防控' }).click()
  await page.locator('[data-test="no-access"]').waitFor()
  assert.doesNotMatch(await page.locator('main').innerText(), /后续版本/)
})

test('a repair under pressure shuts nothing off, and every view says so', async () => {
  await logIn('cs_dispatcher')
  const all = (await apiGet('/incidents?state=all')).body.items
  const live = all.find((i) => i.under_pressure)
  assert.ok(live, 'the demo has a repair under pressure')
  await page.goto(`${BASE}/#/repair/incidents/${live.id}`)
  await page.locator('[data-test="plan-under-pressure"]').waitFor()
  assert.equal(await page.locator('[data-test="incident-valves"]').count(), 0, 'no valves to close')
  const impacts = await page.locator('[data-test="customer-impact"]').allInnerTexts()
  assert.ok(impacts.every((x) => /不停水/.test(x)), impacts.join())
  await screenshot(page, 'ui-under-pressure')
  if (live.priority_customers?.length) {
    await page.goto(`${BASE}/#/supply/customers/${live.priority_customers[0].id}`)
    await page.locator('[data-test="status-reason"]').first().waitFor()
    const text = await page.locator('main').innerText()
    assert.match(text, /带水抢修/)
    assert.doesNotMatch(text, /under_pressure|isolated|cut_off/, 'no raw codes')
  }
})

test('on a phone 退出登录 is in reach and the emergency banner stays within 48 px', async () => {
  await page.setViewportSize({ width: 390, height: 844 })
  try {
    await logIn('cs_staff')
    const logout = page.getByRole('button', { name: '退出登录' })
    assert.ok(await logout.isVisible(), '退出登录 is visible')
    const b = await logout.boundingBox()
    assert.ok(b.x >= 0 && b.x + b.width <= 390, 'and on the screen')
    const banner = page.locator('.banner-stack')
    if (await banner.count()) {
      const h = (await banner.boundingBox()).height
      assert.ok(h <= 48, `the banner takes ${h} px`)
    }
    await screenshot(page, 'ui-phone-dashboard')
    await logout.click()
    await page.getByRole('button', { name: '登录' }).waitFor()
  } finally {
    await page.setViewportSize({ width: 1440, height: 900 })
  }
})
