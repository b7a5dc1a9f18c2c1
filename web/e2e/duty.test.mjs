// End-to-end walk of duty, fixed-time reports and supervision against the
// demo server, in Debian's headless Chromium:
//   a dispatcher checks in to the shift (on a phone), sees the red phone in
//   the header, writes a log entry linked to an incident and hands over;
//   a health officer records a fever for a scheduled person at the gate and
//   the roster shows the problem with a suggested replacement;
//   a plant submits its next report from a phone and the grid turns green;
//   a supervision team records a finding at a plant, the plant answers it and
//   the team closes it.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { BASE, PASSWORD, openPage, screenshot } from './support/browser.mjs'

let browser
let page

// The smallest PNG: the finding's photo.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64')

before(async () => {
  ;({ browser, page } = await openPage({ timeout: 30_000 }))
})

after(async () => {
  await browser?.close()
})

const shot = (name) => screenshot(page, name)

async function logIn(username, { phone = false } = {}) {
  await page.setViewportSize(phone ? { width: 390, height: 844 } : { width: 1360, height: 900 })
  await page.context().clearCookies()
  // A new document: a change of the hash alone keeps the app's session in
  // memory, and the router sends a signed-in user from #/login to the page it is on.
  await page.goto('about:blank')
  await page.goto(`${BASE}/#/login`)
  await page.getByLabel('用户名').fill(username)
  await page.getByLabel('密码').fill(PASSWORD)
  await page.getByRole('button', { name: '登录' }).click()
  await page.getByRole('heading', { name: '指挥中心' }).waitFor()
}

function apiGet(path) {
  return page.evaluate(async (p) => {
    const r = await fetch(`/api/v1${p}`, { headers: { Accept: 'application/json' } })
    return { status: r.status, body: r.headers.get('content-type')?.includes('json') ? await r.json() : null }
  }, path)
}

async function go(hash) {
  await page.goto(`${BASE}/#${hash}`)
}

function today() {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date()).map((x) => [x.type, x.value]))
  return `${p.year}-${p.month}-${p.day}`
}

function shanghaiInput(ms) {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 16)
}

function steps(t) {
  let broken = false
  return (title, fn) =>
    t.test(title, { skip: broken && 'an earlier step failed' }, async () => {
      try {
        await fn()
      } catch (e) {
        broken = true
        throw e
      }
    })
}

test('duty: check-in, red phone, log entry, hand-over; a fever on the roster', async (t) => {
  const step = steps(t)
  let group
  let dispatch
  try {
    await step('the commander makes sure 王敏 is on duty at the dispatch centre now (an override if she is not)', async () => {
      await logIn('cs_commander')
      group = (await apiGet('/me')).body.org_id
      const now = await apiGet(`/duty/now?org=${group}`)
      assert.equal(now.status, 200)
      dispatch = now.body.items.find((i) => i.post.red_phone)
      assert.ok(dispatch, 'the group has a red-phone post')
      assert.equal(now.body.items[0].post.id, dispatch.post.id, 'the red phone comes first')
      if (dispatch.person?.name === '王敏') return
      await page.getByRole('navigation').getByRole('link', { name: '排班表' }).click()
      await page.locator('[data-test="roster-calendar"]').waitFor()
      await page.locator('[data-test="open-override"]').click()
      const dialog = page.locator('[data-test="override-dialog"]')
      await dialog.locator('select[name="post"]').selectOption(String(dispatch.post.id))
      await dialog.locator('input[name="from"]').fill(shanghaiInput(Date.now() - 5 * 60_000))
      await dialog.locator('input[name="until"]').fill(shanghaiInput(Date.now() + 3 * 3600_000))
      await dialog.locator('select[name="person"] option', { hasText: '王敏' }).first().waitFor({ state: 'attached' })
      await dialog.locator('select[name="person"]').selectOption({ label: '王敏' })
      await dialog.locator('input[name="reason"]').fill('端到端测试：王敏代班')
      const made = page.waitForResponse((r) => r.url().endsWith('/duty/overrides') && r.request().method() === 'POST')
      await dialog.locator('[data-test="override-submit"]').click()
      const res = await made
      assert.ok([201, 409].includes(res.status()), `override answered ${res.status()}`)
      await shot('duty-override')
    })

    await step('the dispatcher checks in on her phone and sees the red phone in the header', async () => {
      await logIn('cs_dispatcher', { phone: true })
      const red = page.locator('[data-test="header-red-phone"]')
      await red.waitFor()
      assert.match(await red.innerText(), /红色值班电话 0731-85171110/)
      await go('/duty/checkin')
      const card = page.locator('[data-test="my-shift"]')
      await card.waitFor()
      assert.match(await card.innerText(), /集团调度中心值班调度/)
      const button = card.locator('[data-test="checkin-button"]')
      if (await button.count()) {
        const res = page.waitForResponse((r) => r.url().endsWith('/duty/checkins'))
        await button.click()
        assert.ok([200, 201].includes((await res).status()))
      }
      await card.locator('[data-test="checked-in"]').waitFor()
      await shot('duty-checkin-phone')
    })

    await step('she writes a log entry linked to an incident and hands over', async () => {
      await page.setViewportSize({ width: 1360, height: 900 })
      await go('/duty/log')
      const form = page.locator('[data-test="log-form"]')
      await form.waitFor()
      await form.locator('select[name="kind"]').selectOption('call_received')
      const incident = form.locator('select[name="incident"] option').nth(1)
      await incident.waitFor({ state: 'attached' })
      const code = (await incident.innerText()).split(' ')[0]
      await form.locator('select[name="incident"]').selectOption({ index: 1 })
      await form.locator('textarea[name="text"]').fill('接市民来电反映芙蓉路口冒水，已通知抢修一队核查（端到端测试）')
      const logged = page.waitForResponse((r) => r.url().endsWith('/duty/log') && r.request().method() === 'POST')
      await form.locator('[data-test="log-submit"]').click()
      assert.equal((await logged).status(), 201)
      await page.locator('[data-test="log-incident"]', { hasText: code }).first().waitFor()
      const handover = page.locator('[data-test="handover-form"]')
      await handover.locator('textarea[name="handover-note"]').fill('本班接报冒水1起，已派单；请关注抢修进度（端到端测试）')
      await handover.locator('textarea[name="handover-items"]').fill('跟踪芙蓉路口抢修')
      const handed = page.waitForResponse((r) => r.url().endsWith('/duty/handovers') && r.request().method() === 'POST')
      await handover.locator('[data-test="handover-submit"]').click()
      const status = (await handed).status()
      assert.ok([201, 409].includes(status), `hand-over answered ${status}`)  // 409: a rerun in the same shift
      await page.locator('[data-test="handover"]').first().waitFor()
      await shot('duty-log')
    })

    await step('a health officer records a fever at the gate for someone on today’s roster', async () => {
      await logIn('cs_health')
      const posts = (await apiGet(`/duty/posts?org=${group}`)).body.items
      const room = posts.find((p) => p.name === '第八水厂中控室')
      assert.ok(room, 'the demo has the control room post')
      const day = today()
      const schedule = (await apiGet(`/duty/schedule?post=${room.id}&from=${day}&to=${day}`)).body.items
      const person = schedule.map((s) => s.person).find(Boolean)
      assert.ok(person, 'somebody is on the control room roster today')
      const staff = (await apiGet(`/health/staff?q=${encodeURIComponent(person.name)}&org=${room.org_id}`)).body.items.find((s) => s.id === person.id)
      assert.ok(staff, 'the person is on the register')
      await go('/health/entrance')
      await page.locator('select[name="site"]').selectOption(String(room.org_id))
      await page.locator('input[name="entrance-who"]').fill(staff.employee_no)
      await page.locator('input[name="entrance-temperature"]').fill('38.3')
      const rec = page.waitForResponse((r) => r.url().includes('/health/entrance') && r.request().method() === 'POST')
      await page.getByRole('button', { name: '登记', exact: true }).click()
      assert.equal((await rec).status(), 201)

      await go(`/duty/roster?org=${room.org_id}`)
      const problem = page.locator('[data-test="problem"][data-kind="unfit"]', { hasText: person.name }).first()
      await problem.waitFor()
      assert.match(await problem.locator('[data-test="problem-reason"]').innerText(), /发热/)
      assert.match(await problem.locator('[data-test="problem-suggestion"]').innerText(), /建议替班：\S+/)
      console.log(`# ${person.name}: ${(await problem.innerText()).replace(/\s+/g, ' ')}`)
      await shot('duty-roster-unfit')
    })
  } finally {
    await shot('duty')
  }
})

test('reports: a plant sends its next report from a phone and the grid turns green', async (t) => {
  const step = steps(t)
  let deadline
  await step('the plant fills in the report due next', async () => {
    await logIn('zz_plant', { phone: true })
    await go('/reports/submit')
    const due = (await apiGet('/reports/due')).body.items
    const next = due.filter((d) => d.state === 'pending').sort((a, b) => a.deadline.localeCompare(b.deadline))[0]
    assert.ok(next, 'a report is open for the next deadline')
    deadline = next.deadline
    await page.locator(`[role="tab"][data-deadline="${deadline}"]`).click()
    const form = page.locator('[data-test="report-form"]')
    await form.locator('input[name="inflow"]').fill('81250')
    await form.locator('input[name="cod_in"]').fill('212')
    await form.locator('input[name="cod_out"]').fill('24')
    await form.locator('input[name="compliant"][value="true"]').check().catch(() => form.locator('input[name="compliant"]').first().check())
    await form.locator('select[name="disinfection"]').selectOption('已加强')
    await form.locator('input[name="on_duty"]').fill('9')
    await form.getByRole('button', { name: '增加一行' }).click()
    await form.locator('.report-table tbody tr').first().locator('input').first().fill('医用口罩')
    const sent = page.waitForResponse((r) => r.url().endsWith('/reports/submissions') && r.request().method() === 'POST')
    await form.locator('[data-test="report-submit"]').click()
    const res = await sent
    assert.ok([200, 201].includes(res.status()), `report answered ${res.status()}: ${await res.text()}`)
    await shot('reports-phone')
  })

  await step('HQ’s status grid shows the plant on time for that deadline', async () => {
    await logIn('zz_commander')
    const org = (await apiGet('/me')).body.org_id
    const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(deadline)).map((x) => [x.type, x.value]))
    await go(`/reports/status?org=${org}&date=${p.year}-${p.month}-${p.day}`)
    const grid = page.locator('[data-test="status-grid"]')
    await grid.waitFor()
    const row = grid.locator('tr', { hasText: '河西污水处理厂' })
    const cell = row.locator(`[data-test="grid-cell"][data-deadline="${deadline}"]`)
    await cell.waitFor()
    assert.equal(await cell.getAttribute('data-state'), 'on_time')
    assert.match(await cell.getAttribute('class'), /grid-cell--on_time/)
    await shot('reports-grid')
  })
})

test('supervision: a team records a finding at a plant, the plant answers it, the team closes it', async (t) => {
  const step = steps(t)
  let rect
  await step('第一督导小组 records an unannounced round at 第二水厂 with a finding and its photo', async () => {
    await logIn('cs_supervisor')
    await go('/supervision/rounds')
    await page.locator('[data-test="new-round"]').click()
    const form = page.locator('[data-test="round-form"]')
    await form.locator('select[name="team"]').selectOption({ label: '第一督导小组（制水板块）' })
    await form.locator('select[name="unit"]').selectOption({ label: '第二水厂' })
    await form.locator('input[name="item-1"][value="finding"]').check()
    await form.locator('[data-test="add-finding"]').click()
    await form.locator('input[name="finding-text"]').fill('门岗测温登记表缺夜班记录（端到端测试）')
    await form.locator('input[name="finding-photo"]').setInputFiles({ name: '登记表.png', mimeType: 'image/png', buffer: PNG })
    await form.locator('input[name="finding-action"]').fill('补齐登记，夜班测温专人负责')
    await form.locator('select[name="finding-owner"] option', { hasText: 'cs_staff' }).waitFor({ state: 'attached' })
    await form.locator('select[name="finding-owner"]').selectOption({ label: '赵磊（cs_staff）' })
    const saved = page.waitForResponse((r) => r.url().endsWith('/supervision/rounds') && r.request().method() === 'POST')
    await form.locator('[data-test="round-save"]').click()
    const res = await saved
    assert.equal(res.status(), 201, await res.text())
    const round = await res.json()
    rect = round.findings[0].rectification.id
    await page.locator('[data-test="round-detail"] img').first().waitFor()
    await shot('supervision-round')
  })

  await step('the plant answers the rectification item on a phone', async () => {
    await logIn('cs_staff', { phone: true })
    await go('/supervision/rectifications?state=open')
    const card = page.locator(`[data-rectification="${rect}"]`)
    await card.waitFor()
    await card.locator('textarea[name="response"]').fill('已补齐登记，夜班由门卫专人测温（端到端测试）')
    const sent = page.waitForResponse((r) => r.url().endsWith(`/rectifications/${rect}/response`))
    await card.getByRole('button', { name: '提交回复' }).click()
    assert.equal((await sent).status(), 200)
    await shot('supervision-answer')
  })

  await step('the team verifies it and closes it', async () => {
    await logIn('cs_supervisor')
    await go('/supervision/rectifications?state=answered')
    const card = page.locator(`[data-rectification="${rect}"]`)
    await card.waitFor()
    await card.locator('input[name="verify-note"]').fill('复查整改到位')
    const done = page.waitForResponse((r) => r.url().endsWith(`/rectifications/${rect}/verify`))
    await card.locator('[data-test="rect-accept"]').click()
    assert.equal((await done).status(), 200)
    await go('/supervision/rectifications?state=closed')
    await page.locator(`[data-rectification="${rect}"] [data-test="rect-state"]`, { hasText: '已销号' }).waitFor()
    await shot('supervision-closed')
  })
})
