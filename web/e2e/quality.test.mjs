// End-to-end walk of water quality against the demo server, in Debian's
// headless Chromium: an analyst of the quality centre (cs_lab) enters a
// network-end sample with residual chlorine 0.02 mg/L on the phone-sized
// form, a second analyst (cs_lab2) checks it, the centre's head
// (cs_quality) approves it, the exceedance case opens with retest tasks at
// the point and its network neighbours, the retest passes through the same
// three steps, and the month's pass rate counts both.
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

async function logIn(username) {
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

function month() {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date()).map((x) => [x.type, x.value]))
  return { from: `${p.year}-${p.month}-01`, to: `${p.year}-${p.month}-${p.day}` }
}

async function chlorineRate() {
  const { from, to } = month()
  const r = await apiGet(`/quality/compliance?from=${from}&to=${to}`)
  assert.equal(r.status, 200)
  return r.body.indicators.find((i) => i.key === 'free_chlorine') ?? { tests: 0, passes: 0 }
}

/** Enters a sheet on the phone-sized form; returns its id. */
async function enter(query, chlorine) {
  await page.setViewportSize({ width: 390, height: 844 })
  await page.goto(`${BASE}/#/quality/samples/new?${query}`)
  await page.getByRole('heading', { name: '录入检测结果' }).waitFor()
  await page.locator('[data-row="free_chlorine"] input').waitFor()
  await page.locator('[data-row="free_chlorine"] input').fill(chlorine)
  if (!(await page.locator('[data-row="turbidity"]').count())) await page.getByRole('button', { name: '增加指标' }).click()
  await page.locator('[data-row="turbidity"] input').fill('0.3')
  await screenshot(page, `quality-entry-${chlorine}`)
  await page.locator('[data-test="submit"]').click()
  await page.getByRole('heading', { name: /检测报告单 SZ-/ }).waitFor()
  await page.setViewportSize({ width: 1360, height: 900 })
  return Number(page.url().split('/').pop())
}

async function review(username, id, button) {
  await logIn(username)
  await page.goto(`${BASE}/#/quality/samples/${id}`)
  await page.locator(`[data-test="step-${button}"]`).click()
  await page.locator('[data-test="sheet-state"]').filter({ hasText: button === 'check' ? '已复核' : '已审核' }).waitFor()
}

test('quality: a network end at 0.02 mg/L is entered, checked, approved, retested and counted', async (t) => {
  let broken = false
  const step = (title, fn) =>
    t.test(title, { skip: broken && 'an earlier step failed' }, async () => {
      try {
        await fn()
      } catch (e) {
        broken = true
        await screenshot(page, 'quality-failure').catch(() => {})
        throw e
      }
    })

  let end
  let before
  let sheet
  let caseId
  let retest
  await step('the analyst sees the dashboard under 保供服务 and picks a network end', async () => {
    await logIn('cs_lab')
    await page.getByRole('link', { name: '水质概况' }).click()
    await page.getByRole('heading', { name: '水质概况' }).waitFor()
    await page.locator('[data-test="regime"]').filter({ hasText: '加密采样' }).waitFor()
    const ends = await apiGet('/quality/points?type=network_end')
    end = ends.body.items.find((p) => p.code === 'MS-05')
    assert.ok(end, 'the demo has network end MS-05')
    before = await chlorineRate()
  })

  await step('the analyst enters residual chlorine 0.02 mg/L on the phone-sized form', async () => {
    sheet = await enter(`point=${end.id}`, '0.02')
    await page.locator('[data-indicator="free_chlorine"][data-judgement="fail"]').waitFor()
    assert.match(await page.locator('[data-test="sheet-state"]').innerText(), /已录入/)
    // One's own entry offers no check.
    assert.equal(await page.locator('[data-test="step-check"]').count(), 0)
    await page.locator('[data-test="own"]').waitFor()
  })

  await step('a second analyst checks it (复核)', async () => {
    await review('cs_lab2', sheet, 'check')
  })

  await step('the head approves it (审核) and the case opens with retests at the point and its neighbours', async () => {
    await review('cs_quality', sheet, 'approve')
    await page.locator('[data-test="to-exceedance"]').click()
    await page.getByRole('heading', { name: /超标处置 CB-/ }).waitFor()
    caseId = Number(page.url().split('/').pop())
    const rows = page.locator('[data-test="retests"] tr')
    await rows.first().waitFor()
    assert.ok((await rows.count()) >= 2, 'retests at the point and at least one neighbour')
    assert.match(await page.locator('[data-test="case-summary"]').innerText(), /游离氯 0\.02/)
    await screenshot(page, 'quality-case')
    const detail = await apiGet(`/quality/exceedances/${caseId}`)
    retest = detail.body.retests.find((x) => x.point.id === end.id)
    assert.ok(retest, 'a retest at the point itself')
    assert.ok(detail.body.retests.some((x) => x.point.id !== end.id), 'a retest at a neighbour')
  })

  await step('the retest at the point passes through the same three steps', async () => {
    await logIn('cs_lab')
    const id = await enter(`task=${retest.id}`, '0.35')
    await page.locator('[data-indicator="free_chlorine"][data-judgement="pass"]').waitFor()
    await review('cs_lab2', id, 'check')
    await review('cs_quality', id, 'approve')
    const detail = await apiGet(`/quality/exceedances/${caseId}`)
    assert.equal(detail.body.consecutive_passes, 1)
    assert.equal(detail.body.retests.find((x) => x.id === retest.id).state, 'done')
  })

  await step("the month's pass rate shows both", async () => {
    const now = await chlorineRate()
    assert.equal(now.tests - before.tests, 2)
    assert.equal(now.passes - before.passes, 1)
    await page.goto(`${BASE}/#/quality/compliance`)
    await page.getByRole('heading', { name: '合格率与水质公告' }).waitFor()
    const row = page.locator('[data-test="indicator-rates"] tr[data-indicator="free_chlorine"]')
    await row.waitFor()
    assert.match(await row.innerText(), new RegExp(`${now.tests}\\s+${now.passes}`))
    await screenshot(page, 'quality-compliance')
  })
})
