// The duty, supervision and reports pages against a stubbed API, in Chinese.
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { i18n } from '../src/i18n'
import { clearOrgs } from '../src/orgs'
import DutyBoardPage from '../src/pages/duty/DutyBoardPage.vue'
import HeaderDuty from '../src/pages/duty/HeaderDuty.vue'
import ProblemList from '../src/pages/duty/ProblemList.vue'
import ReportFields from '../src/pages/reports/ReportFields.vue'
import RectificationCard from '../src/pages/supervision/RectificationCard.vue'
import { setSession } from '../src/session'

const me = (permissions, id = 1) => ({ id, username: 'cs_commander', display_name: '李志强', role: 'commander', org_id: 2, org_name: '长沙水业集团', permissions, csrf_token: 't' })
const json = (body, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })

let calls
function stubFetch(routes) {
  calls = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url, init = {}) => {
      calls.push({ url, method: init.method ?? 'GET', body: init.body ? JSON.parse(init.body) : undefined })
      for (const [method, prefix, answer] of routes) if ((init.method ?? 'GET') === method && url.startsWith(prefix)) return answer(url, init)
      return json({ items: [] })
    }),
  )
}
function router() {
  return createRouter({ history: createMemoryHistory(), routes: [{ path: '/:rest(.*)*', component: { template: '<div />' } }] })
}

beforeEach(() => {
  i18n.global.locale.value = 'zh-CN'
})
afterEach(() => {
  setSession(null)
  clearOrgs()
  vi.unstubAllGlobals()
})

describe('duty pages', () => {
  it('the board shows the red phone first, the leader, and a vacant post', async () => {
    setSession(me(['duty.read']))
    stubFetch([
      ['GET', '/api/v1/duty/now', () => json({ items: [
        { post: { id: 1, name: '集团调度中心值班调度', red_phone: true, org_name: '长沙水业集团' }, person: { id: 7, name: '王敏' }, phone: '0731-85171110', from: '2020-01-26T00:00:00Z', until: '2020-01-26T12:00:00Z', leader: false },
        { post: { id: 2, name: '领导带班', red_phone: false, org_name: '长沙水业集团' }, person: null, phone: null, from: null, until: null, leader: true },
      ] })],
    ])
    const r = router()
    const w = mount(DutyBoardPage, { global: { plugins: [i18n, r] } })
    await flushPromises()
    const cards = w.findAll('.duty-card')
    expect(cards).toHaveLength(2)
    expect(cards[0].text()).toContain('红色电话')
    expect(cards[0].text()).toContain('王敏')
    expect(cards[0].text()).toContain('08:00')
    expect(cards[1].text()).toContain('空岗')
    expect(cards[1].text()).toContain('带班')
  })

  it('the header shows the red phone and the leader on duty to everyone who may read duty', async () => {
    setSession(me(['duty.read']))
    stubFetch([['GET', '/api/v1/duty/header', () => json({ unit: { id: 2, name: '长沙水业集团' }, red_phone: { post: { id: 1, name: '调度' }, phone: '0731-85171110', person: { id: 7, name: '王敏' } }, leader: { post: { id: 2, name: '领导带班' }, person: { id: 9, name: '钱勇' } } })]])
    const w = mount(HeaderDuty, { global: { plugins: [i18n] } })
    await flushPromises()
    expect(w.find('[data-test="header-red-phone"]').text()).toBe('红色值班电话 0731-85171110')
    expect(w.find('[data-test="header-leader"]').text()).toBe('带班领导：钱勇')
    setSession(me([]))
    const none = mount(HeaderDuty, { global: { plugins: [i18n] } })
    await flushPromises()
    expect(none.find('[data-test="header-duty"]').exists()).toBe(false)
  })

  it('lists problems in words, with the replacement for an unfit person', () => {
    const w = mount(ProblemList, {
      props: { problems: [
        { kind: 'unfit', post: { id: 1, name: '第八水厂中控室' }, person: { id: 3, name: '李华' }, from: '2020-01-26T00:00:00Z', until: '2020-01-26T08:00:00Z', reason: 'fever', suggestion: { id: 4, name: '孙明' } },
        { kind: 'unfit', post: { id: 1, name: '第八水厂中控室' }, person: { id: 5, name: '钱进' }, from: '2020-01-26T08:00:00Z', until: '2020-01-26T16:00:00Z', reason: 'health', suggestion: null },
        { kind: 'gap', post: { id: 2, name: '日间岗' }, person: null, from: '2020-01-26T12:00:00Z', until: '2020-01-26T16:00:00Z', reason: 'uncovered', suggestion: null },
      ] },
      global: { plugins: [i18n] },
    })
    const rows = w.findAll('[data-test="problem"]')
    expect(rows[0].text()).toContain('不宜上岗')
    expect(rows[0].find('[data-test="problem-reason"]').text()).toBe('发热')
    expect(rows[0].find('[data-test="problem-suggestion"]').text()).toBe('建议替班：孙明')
    expect(rows[1].find('[data-test="problem-reason"]').text()).toBe('健康原因不宜上岗')
    expect(rows[1].find('[data-test="problem-suggestion"]').text()).toBe('同组无可替班人员')
    expect(rows[2].text()).toContain('空岗')
  })
})

describe('supervision and reports', () => {
  const item = { id: 5, state: 'open', overdue: true, unit: { id: 3, name: '第二水厂' }, team: { id: 1, name: '第一督导小组' }, finding: { text: '测温登记不全', severity: 'minor' }, action: '补齐登记', owner: { user_id: 9, name: '赵磊' }, deadline: '2020-01-27T00:00:00Z', version: 1, reopened: 0 }

  it('the owner answers a rectification item; a team leader verifies only answered ones', async () => {
    setSession(me(['supervision.read'], 9))
    stubFetch([['POST', '/api/v1/supervision/rectifications/5/response', () => json({ ...item, state: 'answered' })]])
    const w = mount(RectificationCard, { props: { item }, global: { plugins: [i18n] } })
    expect(w.find('[data-test="rect-state"]').text()).toBe('已逾期')
    expect(w.find('[data-test="rect-verify"]').exists()).toBe(false)
    await w.find('textarea[name="response"]').setValue('已补齐')
    await w.find('[data-test="rect-respond"]').trigger('submit')
    await flushPromises()
    expect(calls.find((c) => c.method === 'POST').body).toEqual({ response: '已补齐', photos: [], version: 1 })
    expect(w.emitted('changed')).toHaveLength(1)
    setSession(me(['supervision.read', 'supervision.conduct'], 1))
    const team = mount(RectificationCard, { props: { item: { ...item, state: 'answered', overdue: false } }, global: { plugins: [i18n] } })
    expect(team.find('[data-test="rect-respond"]').exists()).toBe(false)
    expect(team.find('[data-test="rect-accept"]').text()).toBe('整改到位，销号')
  })

  it('a report form shows each field type with its unit and the server’s messages in Chinese', () => {
    const fields = [
      { key: 'inflow', label: '处理水量', type: 'number', unit: 'm³', required: true },
      { key: 'ok', label: '出水达标', type: 'boolean', required: true },
      { key: 'state', label: '运行状态', type: 'choice', options: ['正常', '异常'], required: true },
      { key: 'stock', label: '防疫物资', type: 'table', columns: [{ key: 'item', label: '物资', type: 'text' }, { key: 'qty', label: '数量', type: 'number' }], required: false },
    ]
    const values = { inflow: '', ok: null, state: '', stock: [{ item: '口罩', qty: 3 }] }
    const w = mount(ReportFields, { props: { fields, values, errors: { 'values/inflow': '请输入数字' } }, global: { plugins: [i18n] } })
    expect(w.find('[data-field="inflow"]').text()).toContain('处理水量（m³）')
    expect(w.find('[data-field="inflow"] .field__error').text()).toBe('请输入数字')
    expect(w.findAll('input[name="ok"]')).toHaveLength(2)
    expect(w.findAll('select[name="state"] option').map((o) => o.text())).toEqual(['请选择', '正常', '异常'])
    expect(w.findAll('.report-table tbody tr')).toHaveLength(1)
  })
})
