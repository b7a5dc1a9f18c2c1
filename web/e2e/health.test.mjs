// End-to-end check of the staff-health pages against a running lifeline demo
// (`lifeline demo`: 长沙水业集团 with its register, 14 days of check-ins and the
// logins cs_staff, cs_health and cs_commander), in Debian's headless Chromium:
// a member of staff checks in on a phone; the health officer sees the census
// count it (live), the missing and abnormal lists, imports a CSV with a bad
// row and hands out a personal check-in link that works without a login; the
// commander sees the figures and no personal record.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { BASE, PASSWORD, openPage, screenshot } from './support/browser.mjs'

const STAFF_NAME = process.env.LIFELINE_E2E_STAFF_NAME || '赵磊' // cs_staff on the demo register
const PHONE = { width: 390, height: 844 }

let browser
let officer // cs_health, desktop
const contexts = []

before(async () => {
  ;({ browser, page: officer } = await openPage({ timeout: 30_000 }))
})

after(async () => {
  for (const c of contexts) await c.close().catch(() => {})
  await browser?.close()
})

/** A fresh context (own cookies) in the same browser; a phone unless told otherwise. */
async function newPage(viewport = PHONE) {
  const context = await browser.newContext({
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport,
    hasTouch: viewport === PHONE,
    isMobile: viewport === PHONE,
  })
  context.setDefaultTimeout(30_000)
  contexts.push(context)
  return context.newPage()
}

async function login(page, username) {
  await page.goto(`${BASE}/#/login`)
  await page.getByLabel('用户名').fill(username)
  await page.getByLabel('密码').fill(PASSWORD)
  await page.getByRole('button', { name: '登录' }).click()
  await page.getByRole('heading', { name: '指挥中心' }).waitFor()
}

/** GET on the API with the page's session. */
function apiGet(page, path) {
  return page.evaluate(async (p) => {
    const r = await fetch(`/api/v1${p}`, { headers: { Accept: 'application/json' } })
    return { status: r.status, body: r.headers.get('content-type')?.includes('json') ? await r.json() : null }
  }, path)
}

/** A state-changing call with the page's session (CSRF token from /me). */
function apiSend(page, method, path, body) {
  return page.evaluate(async ([m, p, b]) => {
    const me = await (await fetch('/api/v1/me')).json()
    const headers = { Accept: 'application/json', 'X-CSRF-Token': me.csrf_token }
    if (b !== undefined) headers['Content-Type'] = 'application/json'
    const r = await fetch(`/api/v1${p}`, { method: m, headers, body: b === undefined ? undefined : JSON.stringify(b) })
    return { status: r.status, body: r.headers.get('content-type')?.includes('json') ? await r.json() : null }
  }, [method, path, body])
}

const tile = (page, key) => page.locator(`[data-count="${key}"] .tile__num`)

/** Fills and sends the check-in form on a page showing CheckinForm; returns the result panel. */
async function checkIn(page, temperature, shotName) {
  await page.locator('[data-test="checkin-status"]').waitFor()
  const result = page.locator('[data-test="checkin-result"]')
  if (await result.isVisible()) await page.getByRole('button', { name: '修改打卡' }).click()
  await page.getByLabel('体温（℃）').fill(temperature)
  if (shotName) await screenshot(page, shotName, { fullPage: true })
  await page.getByRole('button', { name: /提交打卡|更新今日打卡/ }).click()
  await result.waitFor()
  return result
}

test('health: check-in, census, import, personal link, commander', async (t) => {
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

  let utility
  let wasMissing
  let before
  let staffPage

  await step('the health officer opens today\'s census', async () => {
    await login(officer, 'cs_health')
    const nav = officer.getByRole('navigation')
    for (const label of ['每日健康打卡', '职工花名册', '居家观察', '门岗测温', '防控设置', '每日疫情防控统计']) {
      await nav.getByRole('link', { name: label }).waitFor()
    }
    const me = await apiGet(officer, '/me')
    utility = me.body.org_id
    // Check-ins open at 07:00 Shanghai time; open them from midnight so the run works at any hour.
    const settings = await apiSend(officer, 'PUT', `/health/settings?org=${utility}`, { window_start: '00:00' })
    assert.equal(settings.status, 200, JSON.stringify(settings.body))
    const missing = await apiGet(officer, `/health/missing?org=${utility}`)
    assert.equal(missing.status, 200, JSON.stringify(missing.body))
    wasMissing = missing.body.items.some((p) => p.name === STAFF_NAME)
    t.diagnostic(`${STAFF_NAME} ${wasMissing ? 'had not checked in yet: the live census must count one more' : 'had already checked in today'}`)

    await nav.getByRole('link', { name: '每日疫情防控统计' }).click()
    await officer.getByRole('heading', { name: '每日疫情防控统计' }).waitFor()
    await tile(officer, 'checked_in').waitFor()
    before = Number(await tile(officer, 'checked_in').innerText())
    assert.ok(before > 0, 'the demo has check-ins today')
    assert.ok(Number(await tile(officer, 'headcount').innerText()) >= before)
  })

  await step('a member of staff checks in on a phone and sees the result', async () => {
    staffPage = await newPage()
    await login(staffPage, 'cs_staff')
    await staffPage.goto(`${BASE}/#/health/checkin`)
    await staffPage.getByRole('heading', { name: '每日健康打卡' }).waitFor()
    await staffPage.getByText(STAFF_NAME, { exact: false }).first().waitFor()
    const result = await checkIn(staffPage, '36.6', 'health-checkin-form')
    assert.match(await result.innerText(), /打卡成功/)
    await staffPage.locator('[data-test="checkin-status"]', { hasText: '今日已打卡' }).waitFor()
    // Phone-sized: nothing wider than the screen.
    const wide = await staffPage.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(wide <= 390, `page is ${wide}px wide on a 390px phone`)
    await screenshot(staffPage, 'health-checkin-phone', { fullPage: true })
  })

  await step('the census counts it at once (live) and the missing list no longer names them', async () => {
    const expected = before + (wasMissing ? 1 : 0)
    // The page refreshes itself on the live feed's health.checkin event.
    await officer.waitForFunction(
      ([n]) => Number(document.querySelector('[data-count="checked_in"] .tile__num')?.textContent) === n,
      [expected],
      { timeout: 20_000 },
    )
    const missing = officer.locator('[data-test="missing-list"]')
    await missing.waitFor()
    assert.equal(await missing.getByRole('cell', { name: STAFF_NAME, exact: true }).count(), 0)
    await officer.locator('[data-test="abnormal-list"]').waitFor()
    await officer.locator('[data-test="census-units"]').waitFor()
    await officer.locator('.trend__svg').waitFor()
    await screenshot(officer, 'health-census', { fullPage: true })
  })

  await step('a missing person checks in through their personal link: the census moves live', async () => {
    const missing = await apiGet(officer, `/health/missing?org=${utility}`)
    assert.equal(missing.status, 200, JSON.stringify(missing.body))
    const person = missing.body.items[0]
    assert.ok(person, 'somebody has not checked in yet today')
    const link = await apiSend(officer, 'POST', `/health/staff/${person.staff_id}/checkin-link`)
    assert.equal(link.status, 201)
    const n = Number(await tile(officer, 'checked_in').innerText())
    const phone = await newPage()
    await phone.goto(`${BASE}/#/c/${link.body.token}`)
    await phone.getByText(person.name, { exact: false }).first().waitFor()
    await checkIn(phone, '36.5')
    // No reload: the census page refetches on the live feed's health.checkin event.
    await officer.waitForFunction(
      ([want]) => Number(document.querySelector('[data-count="checked_in"] .tile__num')?.textContent) === want,
      [n + 1],
      { timeout: 20_000 },
    )
    const after = await apiGet(officer, `/health/missing?org=${utility}`)
    assert.equal(after.status, 200, JSON.stringify(after.body))
    assert.equal(after.body.items.some((p) => p.staff_id === person.staff_id), false)
  })

  await step('importing a CSV shows the bad row by line and column, and does not commit', async () => {
    await officer.getByRole('navigation').getByRole('link', { name: '职工花名册' }).click()
    await officer.getByRole('heading', { name: '职工花名册' }).waitFor()
    await officer.locator('[data-test="staff-table"]').waitFor()
    await officer.getByRole('button', { name: '导入花名册' }).click()
    const dialog = officer.getByRole('dialog')
    const stamp = Date.now().toString().slice(-6)
    const csv = `工号,姓名,手机\nE2E${stamp}1,测试甲,13900000001\nE2E${stamp}2,测试乙,12345\n`
    await dialog.locator('input[type="file"]').setInputFiles({ name: '花名册.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
    await dialog.getByRole('button', { name: '预检' }).click()
    await dialog.locator('[data-test="import-summary"]').waitFor()
    const bad = dialog.locator('tr[data-line="3"]')
    await bad.waitFor()
    assert.match(await bad.getAttribute('class'), /row--error/)
    assert.match(await bad.innerText(), /手机/)
    assert.match(await dialog.locator('[data-test="import-summary"]').innerText(), /错误 1/)
    // The good line is still previewed, as a new person.
    assert.match(await dialog.locator('tr[data-line="2"]').innerText(), /新增/)
    assert.equal(await dialog.getByRole('button', { name: '确认导入' }).isDisabled(), true)
    await screenshot(officer, 'health-import-preview')
    await dialog.getByRole('button', { name: '取消' }).click()
    await dialog.waitFor({ state: 'detached' })
  })

  let linkUrl
  await step('the health officer issues a personal check-in link', async () => {
    await officer.getByRole('searchbox').fill(STAFF_NAME)
    const row = officer.locator('[data-test="staff-table"] tbody tr', { hasText: STAFF_NAME }).first()
    await row.waitFor()
    await row.getByRole('button', { name: '打卡码' }).click()
    const dialog = officer.getByRole('dialog')
    await dialog.getByRole('button', { name: /生成打卡链接|重新生成/ }).click()
    const link = dialog.locator('[data-test="link-url"]')
    await link.waitFor()
    linkUrl = await link.innerText()
    assert.match(linkUrl, /\/#\/c\/[^/]+$/)
    await dialog.locator('[data-test="link-qr"]').waitFor()
    await officer.waitForFunction(() => document.querySelector('[data-test="link-qr"]')?.naturalWidth > 0)
    await screenshot(officer, 'health-link')
    await dialog.getByRole('button', { name: '关闭' }).click()
    await dialog.waitFor({ state: 'detached' })
  })

  await step('the link works on a phone without logging in', async () => {
    const phone = await newPage()
    await phone.goto(linkUrl.replace(/^https?:\/\/[^/]+/, BASE))
    await phone.getByRole('heading', { name: '健康打卡' }).waitFor()
    await phone.getByText(STAFF_NAME, { exact: false }).first().waitFor()
    // No app shell around it: no navigation, no login.
    assert.equal(await phone.getByRole('navigation').count(), 0)
    const result = await checkIn(phone, '36.7')
    assert.match(await result.innerText(), /打卡成功/)
    await screenshot(phone, 'health-link-phone', { fullPage: true })
    // A made-up token is refused plainly.
    const other = await newPage()
    await other.goto(`${BASE}/#/c/not-a-real-token`)
    await other.locator('[data-test="checkin-load-error"]', { hasText: '打卡链接无效' }).waitFor()
  })

  await step('the commander sees the figures but no personal record', async () => {
    const cmd = await newPage({ width: 1360, height: 900 })
    await login(cmd, 'cs_commander')
    const nav = cmd.getByRole('navigation')
    await nav.getByRole('link', { name: '每日疫情防控统计' }).click()
    await tile(cmd, 'checked_in').waitFor()
    assert.ok(Number(await tile(cmd, 'checked_in').innerText()) > 0)
    await cmd.getByText('个人健康信息仅防疫专员可见').waitFor()
    assert.equal(await cmd.locator('[data-test="abnormal-list"]').count(), 0)
    assert.equal(await cmd.locator('a[href*="#/health/people/"]').count(), 0)
    for (const label of ['职工花名册', '居家观察', '门岗测温']) assert.equal(await nav.getByRole('link', { name: label }).count(), 0)
    // The server agrees: the abnormal list and a file are not theirs to read.
    assert.equal((await apiGet(cmd, `/health/checkins?org=${utility}&abnormal=true`)).status, 403)
    await screenshot(cmd, 'health-census-commander', { fullPage: true })
    // A file's address leads back to the command centre.
    await cmd.goto(`${BASE}/#/health/people/1`)
    await cmd.getByRole('heading', { name: '指挥中心' }).waitFor()
  })
})

test('health: outing approval, entrance alert, observation visit, file note', async (t) => {
  const stamp = new Date().toISOString().slice(11, 19)
  const destination = `E2E 外出 ${stamp}`
  const visitor = `E2E 访客 ${stamp}`
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

  await step('a member of staff asks to go out', async () => {
    const staff = await newPage()
    await login(staff, 'cs_staff')
    await staff.goto(`${BASE}/#/health/outings`)
    await staff.getByRole('button', { name: '申请外出' }).click()
    await staff.getByLabel('目的地').fill(destination)
    await staff.getByLabel('事由').fill('就医复查')
    await staff.locator('form').getByRole('button', { name: '申请外出' }).click()
    await staff.locator('[data-test="outings-table"] tr', { hasText: destination }).getByText('待审批').waitFor()
  })

  await step('the commander approves it from the queue', async () => {
    const cmd = await newPage({ width: 1360, height: 900 })
    await login(cmd, 'cs_commander')
    await cmd.goto(`${BASE}/#/health/outings`)
    await cmd.getByRole('tab', { name: '待审批' }).click()
    const row = cmd.locator('[data-test="outings-table"] tr', { hasText: destination })
    await row.getByRole('button', { name: '批准' }).click()
    await row.waitFor({ state: 'detached' })
    await cmd.getByRole('tab', { name: '本单位外出' }).click()
    await cmd.locator('[data-test="outings-table"] tr', { hasText: destination }).getByText('已批准').waitFor()
    await screenshot(cmd, 'health-outings-commander', { fullPage: true })
  })

  await step('a fever at the gate is recorded and flagged; a visitor too', async () => {
    await officer.goto(`${BASE}/#/health/entrance`)
    await officer.getByRole('heading', { name: '门岗测温' }).waitFor()
    await officer.locator('input[name="entrance-who"]').fill('CS000005')
    await officer.locator('input[name="entrance-temperature"]').fill('37.9')
    await officer.getByRole('button', { name: '登记', exact: true }).click()
    await officer.getByText('体温异常！已登记并通知防疫专员').waitFor()
    await officer.getByText('访客', { exact: true }).first().click()
    await officer.locator('input[name="entrance-who"]').fill(visitor)
    await officer.locator('input[name="entrance-temperature"]').fill('36.5')
    await officer.getByRole('button', { name: '登记', exact: true }).click()
    const row = officer.locator('[data-test="entrance-table"] tr', { hasText: visitor })
    await row.waitFor()
    assert.doesNotMatch(await row.getAttribute('class') ?? '', /row--error/)
    assert.ok((await officer.locator('[data-test="entrance-table"] tr.row--error', { hasText: 'CS000005' }).count()) >= 1)
    await screenshot(officer, 'health-entrance', { fullPage: true })
  })

  await step('the officer logs today\'s visit of a case under observation', async () => {
    await officer.goto(`${BASE}/#/health/cases`)
    await officer.locator('[data-test="cases-table"]').waitFor()
    const due = officer.locator('[data-test="cases-table"] tbody tr', { hasText: '今日未随访' })
    if (!(await due.count())) return t.diagnostic('every case was already visited today (a rerun)')
    const subject = (await due.first().locator('td').first().innerText()).trim()
    await due.first().click()
    await officer.locator('[data-test="case-detail"]').waitFor()
    await officer.locator('input[name="visit-temperature"]').fill('36.4')
    await officer.locator('[data-test="case-detail"]').getByRole('button', { name: '登记随访' }).click()
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())
    await officer.locator('[data-test="case-detail"] .timeline__item', { hasText: today }).filter({ hasText: '36.4' }).waitFor()
    await officer.locator('[data-test="cases-table"] tbody tr', { hasText: subject }).getByText('今日已随访').waitFor()
    await screenshot(officer, 'health-cases', { fullPage: true })
  })

  await step('a note goes into a person\'s file', async () => {
    const note = `E2E 电话回访 ${stamp}`
    await officer.goto(`${BASE}/#/health/people/1`)
    await officer.locator('[data-test="file-timeline"]').waitFor()
    await officer.locator('textarea[name="note"]').fill(note)
    await officer.getByRole('button', { name: '添加备注' }).click()
    await officer.getByText(note).first().waitFor()
  })
})
