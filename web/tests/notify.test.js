import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { i18n } from '../src/i18n'
import { clearOrgs } from '../src/orgs'
import RobotDialog from '../src/pages/notify/RobotDialog.vue'
import RobotsPage from '../src/pages/notify/RobotsPage.vue'
import { bodyFromForm, fieldKey, formFromRobot, localFieldErrors, reasonKey, splitKeywords } from '../src/pages/notify/robotForm'
import { setSession } from '../src/session'

const EVENTS = [
  { event: 'health.reminder', label_zh: '健康打卡提醒' },
  { event: 'telemetry.alarm', label_zh: '监测告警' },
]
const ROBOT = {
  id: 4, org_id: 2, org_name: '长沙水业集团', kind: 'dingtalk', name: '指挥部钉钉群',
  url: 'https://oapi.dingtalk.com/robot/send?access_token=abc', secret_set: true, keywords: ['供水', '防疫'],
  enabled: true, rate_per_minute: 20, quiet_start: '22:00', quiet_end: '07:00', version: 3,
  rules: [
    { id: 1, org_id: 2, event: 'health.*', min_priority: 'low', mention: true },
    { id: 2, org_id: 2, event: 'telemetry.alarm', min_priority: 'high', mention: false },
    { id: 3, org_id: 9, event: 'health.reminder', min_priority: 'normal', mention: false },
  ],
}

describe('robot form', () => {
  it('keeps the secret write-only: sent only when typed, null only when clearing', () => {
    const form = formFromRobot(ROBOT, EVENTS)
    expect(form.secret).toBe('')
    expect(form.secretSet).toBe(true)
    expect('secret' in bodyFromForm(form)).toBe(false)
    form.clearSecret = true
    expect(bodyFromForm(form).secret).toBeNull()
    form.secret = ' SECnew '
    expect(bodyFromForm(form).secret).toBe('SECnew')
  })

  it('has a row per event type and keeps the rules it does not show', () => {
    const form = formFromRobot(ROBOT, EVENTS)
    expect(form.rows.map((r) => [r.event, r.on])).toEqual([['*', false], ['health.reminder', false], ['telemetry.alarm', true]])
    expect(form.rows[2].min_priority).toBe('high')
    expect(form.kept.map((r) => r.event)).toEqual(['health.*', 'health.reminder'])
    form.rows[1].on = true
    form.rows[1].mention = true
    const body = bodyFromForm(form, 2)
    expect(body.org_id).toBe(2)
    expect(body.rules).toEqual([
      { event: 'health.reminder', min_priority: 'low', mention: true },
      { event: 'telemetry.alarm', min_priority: 'high', mention: false },
      { org_id: 2, event: 'health.*', min_priority: 'low', mention: true },
      { org_id: 9, event: 'health.reminder', min_priority: 'normal', mention: false },
    ])
    expect(body.keywords).toEqual(['供水', '防疫'])
    expect(body.quiet_start).toBe('22:00')
  })

  it('splits keywords on Chinese and Latin separators', () => {
    expect(splitKeywords('供水，防疫、 lifeline,  告警 ')).toEqual(['供水', '防疫', 'lifeline', '告警'])
    expect(splitKeywords('')).toEqual([])
  })

  it('words field errors and reasons in the user language', () => {
    const t = (k) => i18n.global.t(k)
    i18n.global.locale.value = 'zh-CN'
    expect(fieldKey('rules/3/event')).toBe('notify.errors.rules')
    expect(localFieldErrors({ url: 'resolves to 127.0.0.1', quiet_end: 'give both' }, t)).toEqual({
      url: '请填写机器人的 http(s) 地址；不能指向本机、内网或链路本地地址',
      quiet_start: '请同时填写免打扰的开始和结束时间',
    })
    expect(t(reasonKey('signature_refused'))).toContain('签名被拒绝')
    expect(t(reasonKey('something_new'))).toBe('发送失败')
  })
})

const json = (body, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
const RouterLink = { props: ['to'], template: '<a><slot /></a>' }
const mountOpts = { global: { plugins: [i18n], stubs: { RouterLink } } }
let calls

function stubFetch(routes) {
  calls = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url, init = {}) => {
      calls.push({ url, method: init.method ?? 'GET', headers: init.headers ?? {}, body: init.body ? JSON.parse(init.body) : undefined })
      for (const [method, prefix, answer] of routes) if ((init.method ?? 'GET') === method && url.startsWith(prefix)) return answer(url, init)
      return json({ items: [] })
    }),
  )
}

beforeEach(() => {
  i18n.global.locale.value = 'zh-CN'
})
afterEach(() => {
  setSession(null)
  clearOrgs()
  vi.unstubAllGlobals()
})

const me = (permissions) => ({ id: 1, username: 'cs_admin', display_name: '周建国', role: 'utility_admin', org_id: 2, org_name: '长沙水业集团', permissions, csrf_token: 't' })

describe('robots page', () => {
  it('shows the robots in Chinese and the service answer of a test message', async () => {
    setSession(me(['notify.read', 'notify.manage']))
    stubFetch([
      ['GET', '/api/v1/notify/robots', () => json({ items: [ROBOT] })],
      ['GET', '/api/v1/notify/events', () => json({ items: EVENTS })],
      ['POST', '/api/v1/notify/robots/4/test', () => json({ sent: false, status: 200, errcode: 310000, message: 'sign not match', reason: 'signature_refused' })],
    ])
    const w = mount(RobotsPage, mountOpts)
    await flushPromises()
    const row = w.find('[data-robot="指挥部钉钉群"]')
    expect(row.text()).toContain('钉钉')
    expect(row.text()).toContain('已加签')
    expect(row.text()).toContain('关键词：供水')
    expect(row.text()).toContain('免打扰 22:00–07:00')
    await row.findAll('button').find((b) => b.text() === '发送测试消息').trigger('click')
    await flushPromises()
    const answer = w.find('[data-test="test-answer"]')
    expect(answer.text()).toContain('未送达')
    expect(answer.text()).toContain('签名被拒绝')
    expect(answer.text()).toContain('310000')
    expect(answer.text()).toContain('sign not match')
  })

  it('offers no changes to readers', async () => {
    setSession(me(['notify.read']))
    stubFetch([
      ['GET', '/api/v1/notify/robots', () => json({ items: [{ ...ROBOT, url: 'https://oapi.dingtalk.com/…' }] })],
      ['GET', '/api/v1/notify/events', () => json({ items: EVENTS })],
    ])
    const w = mount(RobotsPage, mountOpts)
    await flushPromises()
    expect(w.text()).not.toContain('添加机器人')
    expect(w.text()).not.toContain('发送测试消息')
  })
})

describe('robot dialog', () => {
  it('sends If-Match and no secret unless one is typed, and words field errors in Chinese', async () => {
    setSession(me(['notify.read', 'notify.manage']))
    stubFetch([
      ['PATCH', '/api/v1/notify/robots/4', () => json({ title: 'invalid', status: 400, errors: [{ field: 'url', message: 'resolves to 10.0.0.1' }] }, 400)],
    ])
    const w = mount(RobotDialog, { props: { robot: ROBOT, eventTypes: EVENTS }, ...mountOpts })
    expect(w.find('input[name="secret"]').element.value).toBe('')
    expect(w.find('input[name="secret"]').attributes('placeholder')).toContain('已设置')
    await w.find('form').trigger('submit')
    await flushPromises()
    const patch = calls.find((c) => c.method === 'PATCH')
    expect(patch.body.secret).toBeUndefined()
    expect(patch.headers['If-Match']).toBe('"3"')
    expect(w.text()).toContain('不能指向本机、内网或链路本地地址')
    expect(w.text()).not.toContain('resolves to')
  })
})

describe('deliveries page', () => {
  it('filters from the link, counts the day and words every reason in Chinese', async () => {
    const { createMemoryHistory, createRouter } = await import('vue-router')
    const DeliveriesPage = (await import('../src/pages/notify/DeliveriesPage.vue')).default
    setSession(me(['notify.read']))
    stubFetch([
      ['GET', '/api/v1/notify/robots', () => json({ items: [ROBOT] })],
      ['GET', '/api/v1/notify/events', () => json({ items: EVENTS })],
      ['GET', '/api/v1/notify/summary', () => json({ queued: 0, sent: 3, failed: 1, total: 4 })],
      ['GET', '/api/v1/notify/deliveries', () => json({
        items: [{ id: 7, event: 'telemetry.alarm', title: '第八水厂出厂压力偏低', priority: 'high', org_name: '长沙水业集团',
                  robot: { id: 4, name: '指挥部钉钉群', kind: 'dingtalk' }, state: 'failed', attempts: 1, status: 200,
                  errcode: 310000, reason: 'signature_refused', error: 'sign not match', created_at: '2020-02-04T07:10:00Z' }],
        total: 1, next_cursor: null })],
    ])
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/notify/deliveries', name: 'notify-deliveries', component: DeliveriesPage }, { path: '/notify/robots', name: 'notify-robots', component: { template: '<div />' } }] })
    await router.push('/notify/deliveries?state=failed&from=2020-02-04&to=2020-02-04')
    const w = mount(DeliveriesPage, { global: { plugins: [i18n, router] } })
    await flushPromises()
    const list = calls.find((c) => c.url.startsWith('/api/v1/notify/deliveries'))
    expect(list.url).toContain('state=failed')
    expect(list.url).toContain('from=2020-02-04')
    expect(w.find('[data-test="counts"]').text()).toContain('3')
    const row = w.find('[data-test="deliveries"] tr[data-state="failed"]')
    expect(row.text()).toContain('监测告警')
    expect(row.text()).toContain('签名被拒绝')
    expect(row.text()).toContain('失败')
  })
})
