// End-to-end check of the platform shell against a running lifeline server
// (e.g. `lifeline demo --db /tmp/e2e.db --port 18080`), in Debian's headless
// Chromium: log in, languages, declare an emergency, see the banner, end it.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { BASE, PASSWORD, openPage, screenshot } from './support/browser.mjs'

const UTILITY = process.env.LIFELINE_E2E_UTILITY || '长沙水业集团'

let browser
let page

before(async () => {
  ;({ browser, page } = await openPage())
})

after(async () => {
  await browser?.close()
})

async function shot(name) {
  await screenshot(page, name, { fullPage: true })
}

const banners = () => page.locator('[data-test="emergency-banner"]')

test('foundation: login, languages, emergency banner', async (t) => {
  // Unique per run, so demo data and earlier runs cannot confuse the checks.
  const name = `E2E 演练 ${new Date().toISOString().slice(0, 19)}`
  // Each step builds on the one before: after a failure the rest are skipped.
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
    await step('the login page is in Chinese by default', async () => {
      await page.goto(`${BASE}/`)
      await page.getByRole('heading', { name: '用户登录' }).waitFor()
      assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN')
      await page.getByRole('button', { name: '登录' }).waitFor()
    })

    await step('the demo association admin logs in to the command centre', async () => {
      await page.getByLabel('用户名').fill('admin')
      await page.getByLabel('密码').fill(PASSWORD)
      await page.getByRole('button', { name: '登录' }).click()
      await page.getByRole('heading', { name: '指挥中心' }).waitFor()
      const nav = page.getByRole('navigation')
      for (const label of ['指挥调度', '保供服务', '应急抢修', '内部防控', '信息报送', '值班值守', '宣传引导', '系统管理', '应急响应', '用户管理']) {
        await nav.getByText(label, { exact: true }).first().waitFor()
      }
    })

    await step('switching to English changes the labels and is remembered', async () => {
      await page.getByRole('button', { name: 'EN', exact: true }).click()
      await page.getByRole('heading', { name: 'Command centre' }).waitFor()
      await page.getByRole('navigation').getByText('Supply assurance').waitFor()
      assert.equal(await page.locator('html').getAttribute('lang'), 'en')
      assert.equal(await page.evaluate(() => localStorage.getItem('lifeline.locale')), 'en')
    })

    await step('a pillar not built yet says so', async () => {
      await page.getByRole('navigation').getByRole('link', { name: /^Publicity/ }).click()
      await page.getByRole('heading', { name: /coming in a later release/ }).waitFor()
    })

    await step('declaring a level-II emergency shows the orange banner', async () => {
      await page.getByRole('navigation').getByRole('link', { name: 'Emergency response' }).click()
      await page.getByRole('heading', { name: 'Emergency response', exact: true }).waitFor()
      assert.equal(await banners().filter({ hasText: name }).count(), 0)

      await page.getByRole('button', { name: 'Declare emergency' }).click()
      const dialog = page.getByRole('dialog')
      await dialog.getByLabel('Name').fill(name)
      await dialog.getByLabel('Level').selectOption('II')
      await dialog.getByLabel('Region').fill('长沙市全域')
      await dialog.getByRole('checkbox', { name: UTILITY }).check()
      await dialog.getByRole('button', { name: 'Declare emergency' }).click()
      await dialog.waitFor({ state: 'detached' })

      const banner = banners().filter({ hasText: name })
      await banner.waitFor()
      assert.match(await banner.innerText(), new RegExp(`Level II emergency response · ${name} · since`))
      assert.match(await banner.getAttribute('class'), /tone-orange/)
      await page.locator('[data-test="emergency-card"]', { hasText: name }).waitFor()
      await shot('declared')
    })

    await step('the banner stays on other pages', async () => {
      await page.getByRole('navigation').getByRole('link', { name: 'Organisation' }).click()
      await page.getByRole('heading', { name: 'Organisation', exact: true }).waitFor()
      await banners().filter({ hasText: name }).waitFor()
      await page.reload()
      await page.getByRole('heading', { name: 'Organisation', exact: true }).waitFor()
      await banners().filter({ hasText: name }).waitFor()
    })

    await step('ending the emergency removes the banner', async () => {
      await page.getByRole('navigation').getByRole('link', { name: 'Emergency response' }).click()
      const card = page.locator('[data-test="emergency-card"]', { hasText: name })
      await card.getByRole('button', { name: 'End response' }).click()
      await card.getByLabel('Reason for ending').fill('E2E 演练结束')
      await card.getByRole('button', { name: 'End it' }).click()
      await banners().filter({ hasText: name }).waitFor({ state: 'detached' })
      await page.getByRole('tab', { name: /Ended/ }).click()
      await page.locator('[data-test="emergency-card"]', { hasText: name }).waitFor()
    })
  } finally {
    await shot('foundation')
  }
})
