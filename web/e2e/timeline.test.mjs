// One day of the demo across the pillars, in Debian's headless Chromium: the
// demo replays the seed's response on one timeline (day 0 = the level-I
// declaration, day 1 = 17 days before today). On day 3 — the seed's
// 26 January 2020 — the census counts the register that had to check in, the
// hotline statistics hold that day's calls (the seed's 301), and the incident
// board shows the DN600 burst reported that morning; and the census trend
// shows the days before the response as "not required", never as missing.
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
  await page.goto(`${BASE}/#/login`)
  await page.getByLabel('用户名').fill(username)
  await page.getByLabel('密码').fill(PASSWORD)
  await page.getByRole('button', { name: '登录' }).click()
  await page.getByRole('heading', { name: '指挥中心' }).waitFor()
}

/** GET on the API with the page's session. */
function apiGet(path) {
  return page.evaluate(async (p) => {
    const r = await fetch(`/api/v1${p}`, { headers: { Accept: 'application/json' } })
    return r.headers.get('content-type')?.includes('json') ? r.json() : null
  }, path)
}

function businessDate(at) {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at).map((x) => [x.type, x.value]))
  return `${p.year}-${p.month}-${p.day}`
}

function addDays(day, n) {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

const number = (text) => Number(text.replace(/[,\s%]/g, ''))

test('timeline: day 3 of the response is one story on the census, the hotline statistics and the incident board', async (t) => {
  await logIn('cs_commander')
  const me = await apiGet('/me')
  const utility = me.org_id ?? me.user?.org_id
  const active = (await apiGet('/emergencies?status=active')).items
  assert.equal(active.length, 1, 'the demo has one response in force')
  const day0 = businessDate(new Date(active[0].started_at))
  const day3 = addDays(day0, 3)
  assert.equal(addDays(day0, 18), businessDate(new Date()), 'today is day 18 of the demo timeline')

  let headcount
  await t.test('the census of day 3: the register had to check in, and did', async () => {
    await page.goto(`${BASE}/#/health/census?org=${utility}&date=${day3}`)
    const totals = page.locator('[data-test="census-totals"]')
    await totals.waitFor()
    await page.locator('[data-test="census-response-day"]', { hasText: '响应第 3 天' }).waitFor()
    assert.equal(await page.locator('[data-test="census-required"]').innerText(), '当日要求打卡')
    headcount = number(await totals.locator('[data-count="headcount"] .tile__num').innerText())
    const checked = number(await totals.locator('[data-count="checked_in"] .tile__num').innerText())
    const missing = number(await totals.locator('[data-count="missing"] .tile__num').innerText())
    const api = await apiGet(`/health/census?org=${utility}&date=${day3}`)
    assert.equal(headcount, api.totals.headcount)
    assert.equal(headcount, 2700, 'the seed\'s 2,700 staff of 长沙水业集团')
    assert.equal(checked + missing, headcount, 'everyone had to check in that day')
    assert.ok(checked > headcount * 0.85, `most checked in (${checked} of ${headcount})`)
    await screenshot(page, 'timeline-census-day3')
  })

  await t.test('the census trend: days before the response are not required, not missing', async () => {
    const shaded = page.locator('[data-test="trend-not-required"] rect')
    // The last 30 days up to day 3 reach 26 days before the declaration.
    await page.waitForFunction(() => document.querySelectorAll('[data-test="trend-not-required"] rect').length > 0)
    assert.equal(await shaded.count(), 26)
    assert.equal(await shaded.last().getAttribute('data-date'), addDays(day0, -1))
    const trend = await apiGet(`/health/census/trend?org=${utility}&from=${addDays(day0, -2)}&to=${day3}`)
    assert.deepEqual(trend.items.map((p) => p.required), [false, false, true, true, true, true])
    assert.ok(trend.items.slice(0, 2).every((p) => p.totals.missing === 0 && p.totals.headcount === headcount))
    assert.ok(trend.items.slice(2).every((p) => p.totals.checked_in > 0), 'check-ins every day from day 0')
    // The day before the declaration: the register, nobody missing, "not required".
    await page.goto(`${BASE}/#/health/census?org=${utility}&date=${addDays(day0, -1)}`)
    await page.locator('[data-test="census-required"]', { hasText: '当日未要求打卡' }).waitFor()
    assert.equal(number(await page.locator('[data-count="headcount"] .tile__num').innerText()), headcount)
    assert.equal(number(await page.locator('[data-count="missing"] .tile__num').innerText()), 0)
    await page.locator('[data-test="missing-not-required"]', { hasText: '未要求打卡' }).waitFor()
    await page.goto(`${BASE}/#/health/census?org=${utility}&date=${day3}`)
    await page.locator('[data-test="census-response-day"]', { hasText: '响应第 3 天' }).waitFor()
    // Since the response: day 0 to day 3, nothing shaded.
    await page.locator('[data-test="trend-response"]').click()
    await page.waitForFunction(() => document.querySelectorAll('[data-test="trend-not-required"] rect').length === 0)
    await screenshot(page, 'timeline-census-trend')
  })

  await t.test('the hotline statistics of day 3: the seed\'s 301 calls, all handled', async () => {
    await page.goto(`${BASE}/#/hotline/stats?org=${utility}&from=${day3}&to=${day3}`)
    await page.locator('[data-test="stats-sentence"]', { hasText: day3 }).waitFor()
    const total = number(await page.locator('[data-stat="total"] .tile__num').innerText())
    const api = await apiGet(`/hotline/stats?org=${utility}&from=${day3}&to=${day3}`)
    assert.equal(total, api.total)
    assert.equal(total, 301)
    assert.equal(await page.locator('[data-stat="handled_pct"] .tile__num').innerText(), '100 %')
    const bursts = api.by_category.find((c) => c.category === 'burst_leak')
    assert.ok(bursts && bursts.total > 0, 'calls about bursts and leaks that day')
    await screenshot(page, 'timeline-hotline-day3')
  })

  await t.test('the incident board of day 3: the DN600 burst, closed the same day', async () => {
    await page.goto(`${BASE}/#/repair/incidents?date=${day3}`)
    await page.locator('[data-test="incident-response-day"]', { hasText: '响应第 3 天' }).waitFor()
    const row = page.locator('[data-test="incident-list"] tbody tr', { hasText: '芙蓉中路二段与人民中路交叉口' })
    await row.waitFor()
    assert.equal(await page.locator('[data-test="incident-list"] tbody tr').count(), 1, 'one incident reported on day 3')
    const api = await apiGet(`/incidents?state=all&from=${encodeURIComponent(new Date(`${day3}T00:00:00+08:00`).toISOString())}&to=${encodeURIComponent(new Date(`${addDays(day3, 1)}T00:00:00+08:00`).toISOString())}`)
    assert.equal(api.items.length, 1)
    assert.match(api.items[0].description, /DN600/)
    assert.equal(businessDate(new Date(api.items[0].reported_at)), day3)
    assert.equal(businessDate(new Date(api.items[0].closed_at)), day3, 'repaired, restored and closed by midnight')
    await screenshot(page, 'timeline-incidents-day3')
  })
})
