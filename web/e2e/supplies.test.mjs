// End-to-end walk of prevention supplies and disinfection against the demo
// server, in Debian's headless Chromium: a unit (第二水厂, cs_staff) requests
// masks, the storekeeper (cs_store) approves and issues them, and the stock
// and days of supply fall; a support delivery of 5 t of sodium hypochlorite
// to a hospital is recorded and the totals show it; a cleaner scans a place's
// code on a phone and records a round, and the overdue list clears.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { BASE, PASSWORD, openPage, screenshot } from './support/browser.mjs'

const PHONE = { width: 390, height: 844 }
const MASKS = '医用外科口罩'
const GROUP_STORE = '集团防疫物资仓库'
const NACLO = '次氯酸钠溶液（10%）'
const OVERDUE_PLACE = '第二水厂倒班宿舍'

let browser
const contexts = []

before(async () => {
  ;({ browser } = await openPage({ timeout: 30_000 }))
})

after(async () => {
  for (const c of contexts) await c.close().catch(() => {})
  await browser?.close()
})

async function newPage(viewport = { width: 1360, height: 900 }) {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport, isMobile: viewport === PHONE, hasTouch: viewport === PHONE })
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

function apiGet(page, path) {
  return page.evaluate(async (p) => {
    const r = await fetch(`/api/v1${p}`, { headers: { Accept: 'application/json' } })
    return { status: r.status, body: r.headers.get('content-type')?.includes('json') ? await r.json() : null }
  }, path)
}

async function maskLine(page) {
  const stock = await apiGet(page, '/supplies/stock')
  assert.equal(stock.status, 200)
  const line = stock.body.items.find((l) => l.item.name === MASKS && l.warehouse.name === GROUP_STORE)
  assert.ok(line, 'the group store holds surgical masks')
  return line
}

test('supplies: request, approval and issue, support to a hospital, a disinfection round by QR code', async (t) => {
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

  const staff = await newPage()
  const store = await newPage()
  const purpose = `E2E 第二水厂倒班防护 ${Date.now()}`
  let before

  await step('a unit asks for two boxes of masks on 物资申领', async () => {
    await login(staff, 'cs_staff')
    await staff.getByRole('navigation').getByRole('link', { name: '物资申领' }).click()
    await staff.getByRole('heading', { name: '物资申领' }).waitFor()
    const form = staff.locator('[data-test="request-form"]')
    await form.locator('input[name="purpose"]').fill(purpose)
    await form.locator('select[name="line-item-0"]').selectOption({ label: MASKS })
    await form.locator('input[name="line-quantity-0"]').fill('2')
    await form.locator('select[name="line-unit-0"]').selectOption('盒')
    await form.getByRole('button', { name: '提交申领' }).click()
    await staff.getByText('申领已提交，等待审批').waitFor()
    await staff.locator('[data-test="request-row"]', { hasText: purpose }).getByText('待审批').waitFor()
    await screenshot(staff, 'supplies-request')
  })

  await step('the storekeeper approves and issues it; stock and days of supply fall', async () => {
    await login(store, 'cs_store')
    before = await maskLine(store)
    await store.getByRole('navigation').getByRole('link', { name: '物资申领' }).click()
    const row = store.locator('[data-test="request-row"]', { hasText: purpose })
    await row.getByRole('button', { name: '批准', exact: true }).click()
    await store.locator('[data-test="approve-issue"]').click()
    await store.locator('[data-test="request-row"]', { hasText: purpose }).getByText('已发放').waitFor()
    const after = await maskLine(store)
    assert.equal(after.on_hand, before.on_hand - 100)
    assert.ok(after.days_of_supply < before.days_of_supply, `${after.days_of_supply} < ${before.days_of_supply}`)
    await store.getByRole('navigation').getByRole('link', { name: '防疫物资库存' }).click()
    const line = store.locator(`[data-test="stock-row"][data-item="${MASKS}"][data-warehouse="${GROUP_STORE}"]`)
    await line.locator('[data-test="on-hand"]').getByText(after.on_hand.toLocaleString('zh-CN')).waitFor()
    // The one item under its reorder point in the demo: the protective suits.
    await store.locator('[data-test="supply-alerts"]').getByText('医用防护服').first().waitFor()
    await screenshot(store, 'supplies-stock')
  })

  await step('5 t of sodium hypochlorite to a hospital shows in the support totals', async () => {
    const totalsBefore = (await apiGet(store, '/supplies/support/summary')).body
    const naclo = totalsBefore.items.find((i) => i.item === NACLO)?.quantity ?? 0
    await store.getByRole('navigation').getByRole('link', { name: '对外支援' }).click()
    await store.locator('[data-test="new-support"]').click()
    const form = store.locator('[data-test="support-form"]')
    await form.locator('select[name="warehouse"]').selectOption({ label: '第八水厂物资仓库' })
    await form.locator('select[name="item"]').selectOption({ label: NACLO })
    await form.locator('input[name="quantity"]').fill('5')
    await form.locator('select[name="unit"]').selectOption('t')
    await form.locator('input[name="recipient_name"]').fill('长沙市第一医院')
    await form.locator('select[name="recipient_type"]').selectOption('hospital')
    await form.locator('input[name="delivered_by"]').fill('保障组 E2E')
    await form.locator('input[name="vehicle"]').fill('湘A·E2E01')
    await form.getByRole('button', { name: '提交' }).click()
    await store.getByText('已登记对外支援：长沙市第一医院 5 t').waitFor()
    const totalsAfter = (await apiGet(store, '/supplies/support/summary')).body
    assert.equal(totalsAfter.deliveries, totalsBefore.deliveries + 1)
    const now = totalsAfter.items.find((i) => i.item === NACLO)
    assert.equal(now.quantity, naclo + 5000)
    assert.equal(now.by_recipient_type.hospital, (totalsBefore.items.find((i) => i.item === NACLO)?.by_recipient_type?.hospital ?? 0) + 5000)
    await store.locator('[data-test="support-deliveries"]').getByText(String(totalsAfter.deliveries)).waitFor()
    await store.locator(`[data-test="support-item"][data-item="${NACLO}"]`).getByText(`${(now.quantity / 1000).toLocaleString('zh-CN')} t`).waitFor()
    await screenshot(store, 'supplies-support')
  })

  await step('a cleaner scans the overdue place, records a round, and the overdue list clears', async () => {
    const phone = await newPage(PHONE)
    await login(phone, 'cs_staff')
    const me = (await apiGet(phone, '/me')).body
    const places = (await apiGet(phone, `/disinfection/places?org=${me.org_id}`)).body.items
    const place = places.find((p) => p.name === OVERDUE_PLACE)
    assert.ok(place, 'the demo has the overdue place at 第二水厂')
    const overdueBefore = (await apiGet(phone, `/disinfection/overdue?org=${me.org_id}`)).body.items
    if (!overdueBefore.some((o) => o.place_id === place.id)) t.diagnostic('the place was not overdue (a rerun on a kept demo database)')
    // The printed code opens this address on the phone.
    await phone.goto(`${BASE}${place.scan_path}`)
    await phone.locator('[data-test="place-card"]').getByText(OVERDUE_PLACE).waitFor()
    await phone.locator('[data-test="record-round"]').click()
    await phone.locator('[data-test="round-done"]').waitFor()
    await screenshot(phone, 'disinfection-record')
    await phone.goto(`${BASE}/#/disinfection/overdue?org=${me.org_id}`)
    await phone.getByRole('heading', { name: '消毒逾期' }).waitFor()
    await phone.locator('[data-test="completion-table"]').waitFor()
    assert.equal(await phone.locator(`[data-test="overdue-row"][data-name="${OVERDUE_PLACE}"]`).count(), 0)
    const overdueAfter = (await apiGet(phone, `/disinfection/overdue?org=${me.org_id}`)).body.items
    assert.ok(!overdueAfter.some((o) => o.place_id === place.id))
  })
})
