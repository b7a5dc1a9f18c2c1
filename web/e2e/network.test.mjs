// End-to-end check of the network map against a running lifeline server
// (`lifeline demo`), in Debian's headless Chromium: open the demo city,
// click a pipe, read the priority customers' pressure before and after,
// make a valve inoperable, colour by criticality, run the hydraulic
// all-bursts ranking, read the dual-supply table; then time full redraws of
// a 100,000-link city.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { BASE, PASSWORD, openPage, screenshot } from './support/browser.mjs'

const DEMO_NETWORK = '长沙主城区供水管网（演示）'
const BIG_NETWORK = 'E2E 十万管段压力测试'

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

/** Share of canvas pixels that differ from the map background. */
function drawnShare() {
  return page.evaluate(() => {
    const c = document.querySelector('[data-test="network-canvas"]')
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data
    let drawn = 0
    for (let i = 0; i < d.length; i += 4) if (d[i] !== 0xf4 || d[i + 1] !== 0xf6 || d[i + 2] !== 0xf8) drawn++
    return drawn / (d.length / 4)
  })
}

/** Waits until the map has geometry and exposes its test hooks. */
async function mapReady(minLinks = 1) {
  await page.locator('[data-test="network-canvas"]').waitFor()
  await page.waitForFunction((n) => window.__lifelineMap?.nLinks >= n, minLinks, { timeout: 120_000 })
}

/** A pipe whose midpoint is on screen, away from the edges, as page coordinates. */
async function pipeOnScreen() {
  const box = await page.locator('[data-test="network-canvas"]').boundingBox()
  const point = await page.evaluate(({ w, h }) => {
    const m = window.__lifelineMap
    for (let k = 0; k < m.nLinks; k++) {
      const i = (Math.floor(m.nLinks / 2) + k * 7919) % m.nLinks
      if (!m.isPipe(i)) continue
      const [x, y] = m.linkScreenPoint(i)
      if (x > 80 && y > 80 && x < w - 80 && y < h - 80) return [x, y]
    }
    return null
  }, { w: box.width, h: box.height })
  assert.ok(point, 'no pipe on screen')
  return [box.x + point[0], box.y + point[1]]
}

/** Logs in as the demo admin unless this browser already is. */
async function logIn() {
  await page.goto(`${BASE}/`)
  const login = page.getByRole('heading', { name: '用户登录' })
  const home = page.getByRole('heading', { name: '指挥中心' })
  await login.or(home).waitFor()
  if (await home.isVisible()) return
  await page.getByLabel('用户名').fill('admin')
  await page.getByLabel('密码').fill(PASSWORD)
  await page.getByRole('button', { name: '登录' }).click()
  await home.waitFor()
}

/** Calls the API from the logged-in page, with the session's CSRF token. */
function api(method, path, body) {
  return page.evaluate(
    async ({ method, path, body }) => {
      const me = await (await fetch('/api/v1/me')).json()
      const res = await fetch(`/api/v1${path}`, {
        method,
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token },
        body: body ? JSON.stringify({ org_id: me.org_id, ...body }) : undefined,
      })
      return { status: res.status, body: await res.json() }
    },
    { method, path, body },
  )
}

test('network map: isolation plan, inoperable valve, criticality, dual supply', async (t) => {
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

  try {
    await step('the admin logs in and opens the networks under 应急抢修', async () => {
      await logIn()
      await page.getByRole('navigation').getByRole('link', { name: '管网关阀分析' }).click()
      await page.getByRole('heading', { name: '供水管网' }).waitFor()
    })

    await step('the demo city is there (or is generated through the upload form)', async () => {
      await page.locator('[data-test="network-list"], .empty').first().waitFor()
      if (!(await page.getByRole('link', { name: DEMO_NETWORK }).count())) {
        await page.getByRole('button', { name: '导入管网' }).click()
        const dialog = page.getByRole('dialog')
        await dialog.getByRole('tab', { name: '生成演示管网' }).click()
        await dialog.getByLabel('管网名称').fill(DEMO_NETWORK)
        await dialog.getByLabel('管段数').fill('20000')
        await dialog.getByRole('button', { name: '导入', exact: true }).click()
        await dialog.waitFor({ state: 'detached', timeout: 120_000 })
        await page.goto(`${BASE}/#/network`)
      }
      await page.getByRole('link', { name: DEMO_NETWORK }).first().click()
      await page.getByRole('heading', { name: DEMO_NETWORK }).waitFor()
      await mapReady()
    })

    await step('the canvas draws the network', async () => {
      const share = await drawnShare()
      assert.ok(share > 0.02, `only ${(share * 100).toFixed(2)}% of the canvas drawn`)
      await shot('network-map')
    })

    await step('clicking a pipe shows the valves to close and the affected customers', async () => {
      await page.getByRole('button', { name: '放大' }).click()
      await page.getByRole('button', { name: '放大' }).click()
      const [x, y] = await pipeOnScreen()
      await page.mouse.click(x, y)
      const plan = page.locator('[data-test="isolation-plan"]')
      await plan.getByRole('heading', { name: /爆管关阀方案/ }).waitFor()
      await plan.locator('[data-test="valves-to-close"] li').first().waitFor()
      await plan.getByRole('heading', { name: '受影响的重点用户' }).waitFor()
      await plan.locator('[data-test="affected-customers"], :text("无重点用户受影响")').first().waitFor()
      console.log(`# plan: ${await plan.locator('.netpanel__figures').innerText()}`.replace(/\n/g, ' '))
      await shot('network-plan')
    })

    await step('the plan shows the priority customers\' pressure and served share before and after', async () => {
      const table = page.locator('[data-test="isolation-plan"] [data-test="hydraulics"]')
      await table.waitFor({ timeout: 120_000 })
      const showAll = table.getByRole('button', { name: '显示全部' })
      if (await showAll.count()) await showAll.click()
      const first = table.locator('tbody tr').first()
      await first.waitFor()
      const cells = await first.locator('td').allInnerTexts()
      assert.equal(cells.length, 5, cells.join(' | '))
      assert.match(cells[1], /^-?\d+\.\d$/, `pressure before: ${cells[1]}`)
      assert.match(cells[3], /^(\d+|<1)%$/, `served before: ${cells[3]}`)
      const rows = await table.locator('tbody tr').count()
      const cut = await table.locator('tbody tr[data-status="cut_off"]').count()
      const low = await table.locator('tbody tr[data-status="low_pressure"]').count()
      console.log(`# hydraulics: ${rows} priority customers, ${cut} cut off, ${low} at low pressure; first: ${cells.join(' | ')}`)
      await shot('network-hydraulics')
    })

    await step('a valve that will not close re-plans and states the extra impact', async () => {
      const plan = page.locator('[data-test="isolation-plan"]')
      const before = await plan.locator('[data-test="valves-to-close"] li').count()
      const valve = await plan.locator('[data-test="valves-to-close"] li code').first().innerText()
      const replanned = page.waitForResponse((r) => r.url().endsWith('/isolation') && r.request().method() === 'POST')
      await plan.locator('[data-test="valves-to-close"] li', { hasText: valve }).getByLabel('关不上').click()
      assert.equal((await replanned).status(), 200)
      assert.ok(await plan.locator('[data-test="valves-to-close"] li', { hasText: valve }).getByLabel('关不上').isChecked())
      const extra = plan.locator('[data-test="extra-impact"]')
      await extra.waitFor()
      const text = await extra.innerText()
      assert.match(text, /比全部阀门正常时多停水|停水范围没有扩大/)
      console.log(`# valve ${valve} won't close; valves listed: ${before} → ${await plan.locator('[data-test="valves-to-close"] li').count()}; ${text.replace(/\n/g, ' ')}`)
      await shot('network-inoperable')
    })

    await step('Esc clears the plan', async () => {
      await page.keyboard.press('Escape')
      await page.locator('[data-test="isolation-plan"]').waitFor({ state: 'detached' })
    })

    await step('the criticality view colours the map and ranks the segments', async () => {
      const loaded = page.waitForResponse((r) => r.url().includes('/criticality'), { timeout: 120_000 })
      await page.locator('[data-test="criticality-toggle"]').check()
      assert.equal((await loaded).status(), 200)
      await page.getByRole('tab', { name: '管段关键性' }).click()
      await page.locator('[data-test="criticality"] tbody tr').first().waitFor()
      await page.locator('[data-test="criticality"] tbody tr').first().click()
      await page.waitForTimeout(300)
      assert.ok((await drawnShare()) > 0.01)
      await shot('network-criticality')
    })

    await step('the all-bursts tab runs the hydraulic ranking and shows its progress or its rows', async () => {
      // A city of 20,000 links takes minutes (one PDA solve per segment): the
      // panel shows the run's progress; the ranking when it is done.
      const t0 = Date.now()
      await page.getByRole('tab', { name: '爆管推演' }).click()
      const panel = page.locator('[data-test="bursts"]')
      // A background job: the admin (network.analyse) starts it, or finds it started.
      await panel.locator('[data-test="bursts-start"], [data-test="bursts-summary"], [data-test="bursts-running"]').first().waitFor()
      if (await panel.locator('[data-test="bursts-start"]').count()) await panel.locator('[data-test="bursts-start"]').click()
      await panel.locator('[data-test="bursts-summary"], [data-test="bursts-running"]').first().waitFor({ timeout: 120_000 })
      const done = panel.locator('[data-test="bursts-summary"]')
      await done.waitFor({ timeout: Number(process.env.E2E_BURSTS_WAIT_MS ?? 60_000) }).catch(() => {})
      if (await done.count()) {
        const rows = await panel.locator('tbody tr').count()
        console.log(`# all bursts: ${await done.innerText()} (${rows} rows, ${((Date.now() - t0) / 1000).toFixed(1)} s in the browser)`)
        if (rows) await panel.locator('tbody tr').first().click()
      } else {
        const text = await panel.locator('[data-test="bursts-running"]').innerText()
        assert.match(text, /正在逐段计算… \d+\/\d+|排队等待计算/)
        console.log(`# all bursts still running after ${((Date.now() - t0) / 1000).toFixed(0)} s: ${text.replace(/\n/g, ' ')}`)
      }
      await shot('network-bursts')
    })

    await step('保供服务 opens the dual-supply table of the priority customers, and a customer opens on the map', async () => {
      await page.getByRole('navigation').getByRole('link', { name: '重点用户双水源' }).click()
      await page.getByRole('heading', { name: '重点用户双水源' }).waitFor()
      const dual = page.locator('[data-test="dual-supply"]')
      await dual.waitFor({ timeout: 120_000 })
      console.log(`# dual-supply page: ${await page.locator('[data-test="dual-totals"]').innerText().then((s) => s.replace(/\n/g, ' '))}`)
      await shot('network-dual-supply')
      await dual.getByRole('link', { name: '在管网图上查看' }).first().click()
      await page.getByRole('tab', { name: '双水源保障', selected: true }).waitFor()
      const table = page.locator('[data-test="supply-table"]')
      await table.locator('tbody tr, .empty').first().waitFor({ timeout: 120_000 })
      const rows = await table.locator('tbody tr').count()
      console.log(`# dual supply: ${rows} priority customers; ${await table.locator('p.small').first().innerText().catch(() => '')}`)
      if (rows) await table.locator('tbody tr').first().click()
      await shot('network-supply')
    })
  } finally {
    await shot('network')
  }
})

test('network map: full redraw of a 100,000-link city', async () => {
  await logIn()
  const list = await api('GET', '/networks')
  assert.equal(list.status, 200)
  let big = list.body.items.find((n) => n.name === BIG_NETWORK)
  if (!big) {
    const created = await api('POST', '/networks', { name: BIG_NETWORK, generate: { links: 100_000, seed: 7 } })
    assert.equal(created.status, 201, JSON.stringify(created.body))
    big = created.body
  }
  await page.goto(`${BASE}/#/network/${big.id}?debug`)
  await mapReady(95_000)
  const n = await page.evaluate(() => window.__lifelineMap.nLinks)
  assert.ok(n >= 95_000, `${n} links`)
  const times = await page.evaluate(() => window.__lifelineMap.redrawMs(15))
  const sorted = [...times].sort((a, b) => a - b)
  const median = sorted[Math.floor(sorted.length / 2)]
  console.log(`# full redraw of ${n} links: median ${median.toFixed(1)} ms, min ${sorted[0].toFixed(1)} ms, max ${sorted.at(-1).toFixed(1)} ms`)
  await page.locator('[data-test="map-debug"]').waitFor()
  assert.ok((await drawnShare()) > 0.02)
  await shot('network-100k')
  assert.ok(median < 100, `median full redraw ${median.toFixed(1)} ms`)

  // Panning moves a bitmap and redraws in full when the drag pauses.
  const box = await page.locator('[data-test="network-canvas"]').boundingBox()
  const t0 = Date.now()
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
  await page.mouse.down()
  for (let i = 1; i <= 20; i++) await page.mouse.move(box.x + box.width / 2 + i * 10, box.y + box.height / 2 + i * 5)
  await page.mouse.up()
  console.log(`# 20-step drag of the 100k map took ${Date.now() - t0} ms`)
  await page.waitForTimeout(400)
  assert.ok((await drawnShare()) > 0.02)
  await shot('network-100k-panned')
})
