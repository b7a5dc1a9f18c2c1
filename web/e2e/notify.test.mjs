// End-to-end walk of the group robots against the demo server, in Debian's
// headless Chromium, as 长沙水业集团's administrator (cs_admin): the seeded
// DingTalk, WeCom and Feishu robots with their security and routing; a robot
// on a loopback address refused in Chinese (SSRF rule); a robot added with
// the events it receives; the secret never shown again; a test message with
// the service's answer; and the delivery log with the signature DingTalk
// refused on day 12, as the daily summary counts it.
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

function apiGet(path) {
  return page.evaluate(async (p) => {
    const r = await fetch(`/api/v1${p}`, { headers: { Accept: 'application/json' } })
    return { status: r.status, text: await r.text() }
  }, path)
}

function apiSend(method, path, body) {
  return page.evaluate(async ([m, p, b]) => {
    const me = await (await fetch('/api/v1/me')).json()
    const headers = { Accept: 'application/json', 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token }
    const r = await fetch(`/api/v1${p}`, { method: m, headers, body: b === undefined ? undefined : JSON.stringify(b) })
    return { status: r.status, text: await r.text() }
  }, [method, path, body])
}

/** A local date in Asia/Shanghai, `days` from today (the demo's day 18). */
function day(days) {
  const d = new Date(Date.now() + days * 86_400_000)
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(d).map((x) => [x.type, x.value]))
  return `${p.year}-${p.month}-${p.day}`
}

test('notify: robots per unit, the SSRF rule, a test message and the delivery log', async (t) => {
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
  const name = `E2E 水质监测群 ${Date.now() % 100000}`
  let created

  try {
    await step('the administrator opens 群机器人 and sees the seeded robots with their security', async () => {
      await logIn('cs_admin')
      await page.getByRole('navigation').getByRole('link', { name: '群机器人' }).click()
      await page.getByRole('heading', { name: '群机器人' }).waitFor()
      const dingtalk = page.locator('[data-robot="集团指挥部钉钉群"]')
      await dingtalk.waitFor()
      assert.match(await dingtalk.innerText(), /钉钉[\s\S]*已加签[\s\S]*关键词：长沙水业/)
      assert.match(await page.locator('[data-robot="防疫工作企业微信群"]').innerText(), /企业微信[\s\S]*健康管理（全部）[\s\S]*免打扰 22:00–07:00/)
      await screenshot(page, 'notify-robots')
      const list = await apiGet('/notify/robots')
      assert.equal(list.status, 200)
      assert.ok(!list.text.includes('SEC7d2f'), 'no secret in the list')
      assert.ok(list.text.includes('"secret_set":true'))
    })

    await step('a robot on a loopback address is refused, in Chinese, next to the URL', async () => {
      await page.getByRole('button', { name: '添加机器人' }).click()
      const form = page.locator('[data-test="robot-form"]')
      await form.getByLabel('类型').selectOption('wecom')
      await form.getByLabel('名称').fill(name)
      await form.getByLabel('Webhook 地址').fill('http://127.0.0.1:9/cgi-bin/webhook/send?key=x')
      await form.locator('[data-event="quality.exceedance"] input[type="checkbox"]').first().check()
      await form.getByRole('button', { name: '保存' }).click()
      await form.getByText('不能指向本机、内网或链路本地地址').waitFor()
      await screenshot(page, 'notify-ssrf')
    })

    await step('with the group’s own address it is saved with the events it receives', async () => {
      const form = page.locator('[data-test="robot-form"]')
      await form.getByLabel('Webhook 地址').fill('https://qyapi.weixin.demo.invalid/cgi-bin/webhook/send?key=e2e-00000000-0000-0000-0000-000000000000')
      await form.getByLabel('加签密钥').fill('SECe2e-never-shown')
      const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/notify/robots') && r.request().method() === 'POST')
      await form.getByRole('button', { name: '保存' }).click()
      const res = await saved
      assert.equal(res.status(), 201)
      created = await res.json()
      assert.equal(created.secret_set, true)
      assert.ok(!JSON.stringify(created).includes('SECe2e'), 'the secret does not come back')
      assert.deepEqual(created.rules.map((r) => r.event), ['quality.exceedance'])
      await page.locator(`[data-robot="${name}"]`).waitFor()
    })

    await step('editing shows the secret as set, never its value', async () => {
      const row = page.locator(`[data-robot="${name}"]`)
      await row.getByRole('button', { name: '编辑' }).click()
      const secret = page.locator('[data-test="robot-form"] input[name="secret"]')
      assert.equal(await secret.inputValue(), '')
      assert.match(await secret.getAttribute('placeholder'), /已设置/)
      await page.getByRole('button', { name: '取消' }).click()
    })

    await step('a test message shows the service’s answer', async () => {
      const row = page.locator(`[data-robot="${name}"]`)
      await row.getByRole('button', { name: '发送测试消息' }).click()
      const answer = page.locator('[data-test="test-answer"]')
      await answer.waitFor()
      const text = await answer.innerText()
      // The address is under .invalid (never resolved, nothing leaves the machine).
      assert.match(text, /未送达/)
      assert.match(text, /服务返回/)
      assert.match(text, /网络不通/)
      await screenshot(page, 'notify-test-answer')
      await page.keyboard.press('Escape')
    })

    await step('the delivery log shows day 12’s alarm that DingTalk refused, as the summary counts it', async () => {
      const d12 = day(12 - 18)
      await page.goto(`${BASE}/#/notify/deliveries?state=failed&from=${d12}&to=${d12}`)
      await page.getByRole('heading', { name: '推送记录' }).waitFor()
      const row = page.locator('[data-test="deliveries"] tr[data-state="failed"]').filter({ hasText: '第八水厂出厂压力偏低' })
      await row.waitFor()
      assert.match(await row.innerText(), /集团指挥部钉钉群[\s\S]*签名被拒绝/)
      await row.click()
      await page.getByText('发送记录').waitFor()
      await screenshot(page, 'notify-deliveries')
      const me = JSON.parse((await apiGet('/me')).text)
      const summary = JSON.parse((await apiGet(`/summary?org=${me.org_id}&date=${d12}`)).text)
      const section = summary.sections.find((s) => s.key === 'notify')
      assert.ok(section, 'the summary has the notify section')
      assert.equal(section.figures.find((f) => f.key === 'failed').value, 1)
      const log = JSON.parse((await apiGet(`/notify/deliveries?org=${me.org_id}&from=${d12}&to=${d12}&state=failed`)).text)
      assert.equal(log.total, 1)
    })
  } finally {
    if (created) await apiSend('DELETE', `/notify/robots/${created.id}`)
  }
})
