// End-to-end walk of supply assurance, repair and the hotline against the
// demo server, in Debian's headless Chromium, as the utility's administrator
// (cs_admin: takes calls, dispatches, moves orders, reads the statistics):
// a caller reports a burst at a hospital's supply point on the keyboard-only
// console, the call becomes an incident whose isolation plan names the
// hospital, a crew is dispatched from the suggestions, the order runs to
// closed (closing the call), and the day's statistics count it; then the
// response's first ten days (a preset relative to the response in force)
// show the seed's figure.
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

async function shot(name) {
  await screenshot(page, name)
}

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
    return { status: r.status, body: r.headers.get('content-type')?.includes('json') ? await r.json() : null }
  }, path)
}

/** A state-changing call with the page's session (CSRF token from /me). */
function apiSend(method, path, body) {
  return page.evaluate(async ([m, p, b]) => {
    const me = await (await fetch('/api/v1/me')).json()
    const headers = { Accept: 'application/json', 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token }
    const r = await fetch(`/api/v1${p}`, { method: m, headers, body: JSON.stringify(b) })
    return { status: r.status, body: r.headers.get('content-type')?.includes('json') ? await r.json() : null }
  }, [method, path, body])
}

/** Today in Asia/Shanghai, the business day the statistics count by. */
function today() {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date()).map((x) => [x.type, x.value]))
  return `${p.year}-${p.month}-${p.day}`
}

/** The business date `n` days after the active response's declaration day (day 0 of the demo timeline). */
async function responseDate(n) {
  const active = (await apiGet('/emergencies?status=active')).body.items
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(active[0].started_at)).map((x) => [x.type, x.value]))
  const d = new Date(`${p.year}-${p.month}-${p.day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

const HOSPITALS = new Set(['designated_hospital', 'hospital', 'fever_clinic'])
const FORWARD = ['accepted', 'on_site', 'isolated', 'repaired', 'restored', 'closed']

test('supply: a hotline call about a burst near a hospital runs to a closed order and into the statistics', async (t) => {
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

  let hospital
  let utility
  let before
  let incidentCode
  try {
    await step('the utility administrator opens the hotline console under 应急抢修', async () => {
      await logIn('cs_admin')
      await page.getByRole('navigation').getByRole('link', { name: '热线受理' }).click()
      await page.getByRole('heading', { name: '热线受理' }).waitFor()
      // A hospital on the network that no open incident affects (a rerun's
      // incident is closed), and whose supply a burst on any pipe at its
      // node shuts off: the call's coordinates snap to one of those pipes.
      const me = (await apiGet('/me')).body
      utility = me.org_id
      const list = await apiGet(`/priority-customers?org=${utility}`)
      assert.equal(list.status, 200)
      const candidates = list.body.items.filter((x) => HOSPITALS.has(x.category) && x.x != null && x.nodes?.length && x.network_id)
      const geometry = candidates.length ? (await apiGet(`/networks/${candidates[0].network_id}/geometry`)).body : null
      for (const c of candidates) {
        const d = await apiGet(`/priority-customers/${c.id}`)
        if (d.body.incidents?.length) continue
        const node = geometry.nodes.id.indexOf(String(c.nodes[0]))
        const pipes = geometry.links.id.filter((_, i) => geometry.links.type[i] === 'P' && (geometry.links.from[i] === node || geometry.links.to[i] === node))
        let all = pipes.length > 0
        for (const link of pipes) {
          const plan = await apiSend('POST', `/networks/${c.network_id}/isolation`, { link })
          all &&= plan.status === 200 && (plan.body.customers_affected ?? []).some((x) => x.name === c.name)
          if (!all) break
        }
        if (all) {
          hospital = c
          break
        }
      }
      assert.ok(hospital, 'no hospital on the demo network free of open incidents')
      // A crew on standby to dispatch (the demo's, or one made once for this test).
      const teams = await apiGet(`/teams?org=${utility}&status=standby`)
      assert.equal(teams.status, 200)
      if (!teams.body.items.length) {
        const made = await apiSend('POST', '/teams', {
          org_id: utility, name: 'E2E 抢修队', kind: 'repair', base_address: hospital.address, base_x: hospital.x, base_y: hospital.y,
          vehicles: ['湘A·E2E01'], members: [{ name: '测试队员', phone: '13800000000', skills: ['valve'] }],
        })
        assert.equal(made.status, 201, JSON.stringify(made.body))
      }
      before = (await apiGet(`/hotline/stats?org=${utility}&from=${today()}&to=${today()}`)).body
      assert.ok(before && typeof before.total === 'number', 'hotline stats answer')
      console.log(`# hospital: ${hospital.name} (${hospital.category}, node ${hospital.nodes[0]}); today so far: ${before.total} calls, ${before.handled} handled`)
    })

    await step('the call is logged with the keyboard and Ctrl+Enter makes it an incident', async () => {
      const form = page.locator('[data-test="call-form"]')
      // The number field has the focus when the console opens.
      await page.keyboard.type('13973112345')
      await page.keyboard.press('Alt+3')
      assert.ok(await form.getByLabel('爆管漏水').isChecked(), 'Alt+3 picks 爆管漏水')
      await form.getByLabel('定位（附近重点用户）').selectOption(String(hospital.id))
      assert.match(await form.getByLabel('地址').inputValue(), new RegExp(hospital.name))
      await form.getByLabel('来电内容').fill('医院门口路面大量冒水，医院反映水压明显下降')
      await shot('supply-hotline-form')
      const made = page.waitForResponse((r) => /\/hotline\/calls\/\d+\/incident$/.test(r.url()) && r.request().method() === 'POST')
      await form.getByLabel('来电内容').press('Control+Enter')
      const res = await made
      assert.ok([200, 201].includes(res.status()), `call → incident answered ${res.status()}`)
      const body = await res.json()
      assert.equal(body.grouped, false, 'a new incident, not grouped')
      const panel = page.locator('[data-test="call-panel"]')
      await panel.locator('[data-test="call-incident"] a').waitFor()
      incidentCode = body.incident.code ?? (await panel.locator('[data-test="call-incident"] a').innerText())
      assert.match(await panel.locator('[data-test="caller-phone"]').innerText(), /\*{4}/, 'the number is masked once saved')
      assert.equal(await form.getByLabel('来电号码').inputValue(), '', 'the form is cleared for the next call')
      await shot('supply-hotline')
    })

    await step('the incident shows its isolation plan with the hospital affected', async () => {
      await page.locator('[data-test="call-panel"] [data-test="call-incident"] a').click()
      await page.getByRole('heading', { name: new RegExp(incidentCode) }).waitFor()
      const plan = page.locator('[data-test="incident-plan"]')
      await plan.locator('[data-test="affected-priority-customers"]').getByText(hospital.name).waitFor()
      await plan.locator('[data-test="incident-valves"] li').first().waitFor()
      assert.match(await page.locator('[data-test="priority"]').innerText(), /1级/, 'a hospital affected raises the incident to level 1')
      await page.locator('[data-test="network-canvas"]').waitFor()
      console.log(`# ${incidentCode}: ${(await plan.locator('.netpanel__figures').innerText()).replace(/\n/g, ' ')}`)
      await page.locator('[data-test="outage-notice"] [data-test="notice-text"]').waitFor()
      await shot('supply-incident-plan')
    })

    await step('a crew is dispatched from the suggestions, nearest standby first', async () => {
      const order = page.locator('[data-test="work-order"]')
      await order.locator('[data-test="to-dispatched"]').click()
      const dispatch = order.locator('[data-test="dispatch"]')
      await dispatch.getByRole('radio').first().waitFor()
      const team = (await dispatch.locator('label').first().innerText()).trim().split(/\s/)[0]
      await dispatch.locator('[data-test="dispatch-confirm"]').click()
      await order.locator('[data-test="order-state"]', { hasText: '已派单' }).waitFor()
      await order.locator('[data-test="timeline"] li', { hasText: team }).first().waitFor()
      console.log(`# dispatched: ${team}`)
      await shot('supply-dispatched')
    })

    await step('the order runs through every step to closed', async () => {
      const order = page.locator('[data-test="work-order"]')
      for (const to of FORWARD) {
        const button = order.locator(`[data-test="to-${to}"]`)
        await button.waitFor()
        const moved = page.waitForResponse((r) => /\/work-orders\/\d+\/transitions$/.test(r.url()))
        await button.click()
        assert.equal((await moved).status(), 200, `→ ${to}`)
      }
      await order.locator('[data-test="order-state"]', { hasText: '已验收关闭' }).waitFor()
      assert.equal(await order.locator('[data-test="transitions"]').count(), 0, 'a closed order offers no moves')
      assert.ok((await order.locator('[data-test="timeline"] li').count()) >= 8)
      await shot('supply-closed')
    })

    await step('the day’s hotline statistics count the call, handled', async () => {
      await page.getByRole('navigation').getByRole('link', { name: '热线统计' }).click()
      await page.getByRole('heading', { name: '热线统计' }).waitFor()
      await page.locator('[data-test="preset-today"]').click()
      const total = page.locator('[data-stat="total"] .tile__num')
      await page.waitForFunction((n) => document.querySelector('[data-stat="total"] .tile__num')?.textContent.replace(/,/g, '') === String(n), before.total + 1)
      const handled = Number((await page.locator('[data-stat="handled"] .tile__num').innerText()).replace(/,/g, ''))
      assert.equal(handled, before.handled + 1, 'the call closed with its order counts as handled')
      console.log(`# today: ${await total.innerText()} calls, ${handled} handled`)
      await shot('supply-stats-today')
    })

    await step('one click shows the response’s first ten days: 2,696 calls, 100 % handled', async () => {
      // Days 1–10 of the demo timeline (the seed's 24 January – 2 February 2020).
      const [first, tenth] = [await responseDate(1), await responseDate(10)]
      await page.locator('[data-test="preset-responseFirst10"]').click()
      await page.locator('[data-test="stats-sentence"]', { hasText: first }).waitFor()
      assert.equal(await page.locator('[data-stat="total"] .tile__num').innerText(), '2,696')
      assert.equal(await page.locator('[data-stat="handled_pct"] .tile__num').innerText(), '100 %')
      await page.locator('[data-test="calls-chart"] canvas').first().waitFor()
      const chart = await page.locator('[data-test="calls-chart"]').boundingBox()
      const panel = await page.locator('[data-test="calls-chart"]').locator('xpath=ancestor::section[1]').boundingBox()
      assert.ok(chart.x + chart.width <= panel.x + panel.width + 1, 'the chart stays inside its panel')
      assert.match(await page.locator('[data-test="stats-export"]').getAttribute('href'), new RegExp(`export\\.xlsx\\?org=\\d+&from=${first}&to=${tenth}`))
      await shot('supply-stats-peak')
    })

    await step('the boards: the incident closed on the board, the hospital back to its status, the teams', async () => {
      await page.getByRole('navigation').getByRole('link', { name: '抢修事件' }).click()
      await page.getByRole('heading', { name: '抢修事件' }).waitFor()
      await page.getByRole('tab', { name: '已结' }).click()
      await page.locator('[data-test="incident-list"] tr', { hasText: incidentCode }).waitFor()
      await page.getByRole('tab', { name: '未结' }).click()
      await page.locator('[data-test="incident-list"], .empty').first().waitFor()
      await shot('supply-board')
      await page.getByRole('tab', { name: '地图' }).click()
      await page.locator('[data-test="network-canvas"]').waitFor()
      await shot('supply-board-map')

      await page.getByRole('navigation').getByRole('link', { name: '重点用户保障' }).click()
      await page.locator('[data-test="customer-list"] tr', { hasText: hospital.name }).first().click()
      await page.locator('[data-test="supply-security"]').waitFor()
      assert.equal(await page.locator('[data-test="customer-incidents"] li', { hasText: incidentCode }).count(), 0, 'a closed incident no longer affects the hospital')
      await shot('supply-customer')

      await page.getByRole('navigation').getByRole('link', { name: '抢修队伍' }).click()
      await page.locator('[data-test="teams"] .team').first().waitFor()
      await shot('supply-teams')
    })
  } finally {
    await shot('supply')
  }
})
