import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { i18n } from '../src/i18n'
import HotlineConsolePage from '../src/pages/hotline/HotlineConsolePage.vue'
import HotlineStatsPage from '../src/pages/hotline/HotlineStatsPage.vue'
import WorkOrderPanel from '../src/pages/repair/WorkOrderPanel.vue'
import { clearOrgs } from '../src/orgs'
import { setSession } from '../src/session'

// Several pages are imported inside their test and compiled then: on a
// machine busy with builds that takes longer than vitest's default 5 s.
vi.setConfig({ testTimeout: 20_000 })

const me = (permissions) => ({ id: 1, username: 'cs_admin', display_name: '周建国', role: 'utility_admin', org_id: 2, org_name: '长沙水业集团', permissions, csrf_token: 't' })
const json = (body, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
const RouterLink = { props: ['to'], template: '<a><slot /></a>' }
const mountOpts = { global: { plugins: [i18n], stubs: { RouterLink } } }

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
const sent = (method, prefix) => calls.filter((c) => c.method === method && c.url.startsWith(prefix))

beforeEach(() => {
  i18n.global.locale.value = 'zh-CN'
})
afterEach(() => {
  setSession(null)
  clearOrgs()
  vi.unstubAllGlobals()
})

const ORDER = {
  id: 31, state: 'reported', team: null, priority: 1,
  sla: { state: 'warning', clocks: [{ name: 'respond', due_at: '2020-01-25T08:05:00Z', done_at: null, state: 'warning' }] },
  allowed: ['dispatched', 'cancelled'],
  timeline: [{ from: null, to: 'reported', at: '2020-01-25T08:00:00Z', by_name: '周建国', team: null, note: '' }],
  materials: [], follow_up: null, version: 1,
}

describe('work order panel', () => {
  it('offers what the server allows and dispatches the suggested team', async () => {
    setSession(me(['repair.dispatch', 'work_order.progress']))
    stubFetch([
      ['GET', '/api/v1/incidents/5/dispatch-suggestions', () => json({ items: [{ team: { id: 8, name: '管网抢修一队', kind: 'repair', status: 'standby' }, distance_m: 1200 }, { team: { id: 9, name: '管网抢修二队', kind: 'repair', status: 'standby' }, distance_m: 3400 }] })],
      ['POST', '/api/v1/work-orders/31/transitions', () => json({ ...ORDER, state: 'dispatched', allowed: ['accepted', 'dispatched', 'cancelled'] })],
    ])
    const w = mount(WorkOrderPanel, { props: { order: ORDER, incidentId: 5 }, ...mountOpts })
    expect(w.findAll('[data-test="transitions"] button').map((b) => b.text())).toEqual(['派单', '取消工单'])
    expect(w.find('[data-sla]').attributes('data-sla')).toBe('warning')
    await w.find('[data-test="to-dispatched"]').trigger('click')
    await flushPromises()
    expect(w.text()).toContain('管网抢修一队')
    expect(w.find('input[type="radio"]').element.checked).toBe(true)
    await w.find('[data-test="dispatch-confirm"]').trigger('click')
    await flushPromises()
    expect(sent('POST', '/api/v1/work-orders/31/transitions')[0].body).toEqual({ to: 'dispatched', team_id: 8 })
    expect(w.emitted('changed')[0][0].state).toBe('dispatched')
  })

  it('asks a reason before cancelling, and offers nothing to a viewer', async () => {
    setSession(me(['repair.dispatch']))
    stubFetch([['POST', '/api/v1/work-orders/31/transitions', () => json({ ...ORDER, state: 'cancelled', allowed: [] })]])
    const w = mount(WorkOrderPanel, { props: { order: ORDER, incidentId: 5 }, ...mountOpts })
    await w.find('[data-test="to-cancelled"]').trigger('click')
    await w.find('input[name="reason"]').setValue('误报，现场无漏水')
    await w.findAll('.btn--danger').at(-1).trigger('click')
    await flushPromises()
    expect(sent('POST', '/api/v1/work-orders/31/transitions')[0].body).toEqual({ to: 'cancelled', reason: '误报，现场无漏水' })

    setSession(me(['supply.read']))
    const v = mount(WorkOrderPanel, { props: { order: ORDER, incidentId: 5 }, ...mountOpts })
    expect(v.find('[data-test="transitions"]').exists()).toBe(false)
  })
})

describe('hotline console', () => {
  const ORGS = { items: [{ id: 1, parent_id: null, kind: 'association', name: '协会' }, { id: 2, parent_id: 1, kind: 'utility', name: '长沙水业集团' }] }
  const HOSPITAL = { id: 4, name: '长沙市第一医院', category: 'designated_hospital', address: '营盘路311号', x: 10, y: 20, nodes: ['J-118'] }
  const CALL = { id: 77, code: 'RX-1', state: 'open', category: 'burst_leak', caller_phone: '139****2345', incident: null, nearby_incidents: [], sla: { state: 'pending' } }

  it('logs a call from the keyboard and makes it an incident at the picked hospital with Ctrl+Enter', async () => {
    setSession(me(['hotline.take', 'incident.report', 'supply.read']))
    stubFetch([
      ['GET', '/api/v1/orgs', () => json(ORGS)],
      ['GET', '/api/v1/priority-customers', () => json({ items: [HOSPITAL] })],
      ['POST', '/api/v1/hotline/calls/77/incident', () => json({ call: { ...CALL, incident: { id: 5, code: 'QX-1' } }, incident: { id: 5, code: 'QX-1' }, grouped: false }, 201)],
      ['POST', '/api/v1/hotline/calls', () => json(CALL, 201)],
    ])
    const w = mount(HotlineConsolePage, { ...mountOpts, attachTo: document.body })
    await flushPromises()
    await w.find('input[name="caller_phone"]').setValue('13973112345')
    document.dispatchEvent(new KeyboardEvent('keydown', { key: '1', code: 'Digit1', altKey: true }))
    await flushPromises()
    expect(w.find('input[value="no_water"]').element.checked).toBe(true)
    await w.find('select[name="customer"]').setValue('4')
    await flushPromises()
    expect(w.find('input[name="address"]').element.value).toContain('长沙市第一医院')
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true }))
    await flushPromises()
    expect(sent('POST', '/api/v1/hotline/calls')[0].body).toMatchObject({ org_id: 2, caller_phone: '13973112345', category: 'no_water', x: 10, y: 20 })
    expect(sent('POST', '/api/v1/hotline/calls/77/incident')[0].body).toEqual({})
    expect(w.find('[data-test="call-incident"]').text()).toContain('QX-1')
    expect(w.find('input[name="caller_phone"]').element.value).toBe('')
    w.unmount()
  })

  it('offers the nearby open incident to join when a saved call has one', async () => {
    setSession(me(['hotline.take', 'incident.report', 'supply.read']))
    const near = { ...CALL, nearby_incidents: [{ id: 5, code: 'QX-1', type: 'burst', address: '营盘路', distance_m: 120 }] }
    stubFetch([
      ['GET', '/api/v1/orgs', () => json(ORGS)],
      ['POST', '/api/v1/hotline/calls/77/incident', () => json({ call: { ...near, incident: { id: 5, code: 'QX-1' } }, incident: { id: 5, code: 'QX-1' }, grouped: true })],
      ['POST', '/api/v1/hotline/calls', () => json(near, 201)],
    ])
    const w = mount(HotlineConsolePage, { ...mountOpts, attachTo: document.body })
    await flushPromises()
    await w.find('input[name="caller_phone"]').setValue('13973112345')
    await w.find('input[value="burst_leak"]').setValue(true)
    await w.find('form').trigger('submit')
    await flushPromises()
    const prompt = w.find('[data-test="nearby-prompt"]')
    expect(prompt.text()).toContain('QX-1')
    await prompt.find('button').trigger('click')
    await flushPromises()
    expect(sent('POST', '/api/v1/hotline/calls/77/incident')[0].body).toEqual({ incident_id: 5 })
    expect(w.find('[data-test="call-incident"]').text()).toContain('已并入')
    w.unmount()
  })
})

describe('hotline console, finding and filing calls', () => {
  const ORGS = { items: [{ id: 2, parent_id: null, kind: 'utility', name: '长沙水业集团' }] }
  const page = (n, from = 0) => Array.from({ length: n }, (_, i) => ({ id: 1000 - from - i, code: `RX-${from + i}`, state: 'closed', category: 'billing', address: `五一大道${from + i}号`, received_at: '2020-01-25T08:00:00Z', sla: { state: 'met' } }))

  it('never files a call under a category nobody chose: Enter without one asks for it', async () => {
    setSession(me(['hotline.take']))
    stubFetch([['GET', '/api/v1/orgs', () => json(ORGS)]])
    const w = mount(HotlineConsolePage, { ...mountOpts, attachTo: document.body })
    await flushPromises()
    expect(w.findAll('input[name="category"]').some((r) => r.element.checked)).toBe(false)
    await w.find('input[name="caller_phone"]').setValue('13973112345')
    await w.find('textarea[name="summary"]').setValue('路面冒水')
    await w.find('form').trigger('submit')
    await flushPromises()
    expect(sent('POST', '/api/v1/hotline/calls')).toHaveLength(0)
    expect(w.find('[data-test="category-error"]').text()).toContain('请选择来电类别')
    w.unmount()
  })

  it('pages through every call, searches by number or address, and opens a call beside the list', async () => {
    setSession(me(['hotline.take']))
    stubFetch([
      ['GET', '/api/v1/orgs', () => json(ORGS)],
      ['GET', '/api/v1/hotline/calls/950', () => json({ ...page(1, 50)[0], id: 950 })],
      ['GET', '/api/v1/hotline/calls', (url) => {
        const q = new URL(url, 'http://x').searchParams
        if (q.get('q')) return json({ items: page(1, 7), counts: { total: 1 }, next_cursor: null })
        if (q.get('cursor')) return json({ items: page(50, 50), counts: { total: 2702 }, next_cursor: 'c2' })
        return json({ items: page(50), counts: { total: 2702 }, next_cursor: 'c1' })
      }],
    ])
    const w = mount(HotlineConsolePage, { ...mountOpts, attachTo: document.body })
    await flushPromises()
    expect(sent('GET', '/api/v1/hotline/calls')[0].url).toContain('limit=50')
    expect(w.findAll('[data-test="calls"] tbody tr')).toHaveLength(50)
    expect(w.find('[data-test="calls-shown"]').text()).toBe('已显示 50 / 2702 条')
    await w.find('[data-test="more-calls"]').trigger('click')
    await flushPromises()
    expect(sent('GET', '/api/v1/hotline/calls').at(-1).url).toContain('cursor=c1')
    expect(w.findAll('[data-test="calls"] tbody tr')).toHaveLength(100)

    await w.find('[data-test="calls"] tbody tr:nth-child(51)').trigger('click')
    await flushPromises()
    expect(w.find('.console__main--open [data-test="call-panel"]').exists()).toBe(true)

    await w.find('[data-test="call-search"]').setValue('13800130004')
    await new Promise((resolve) => setTimeout(resolve, 400)) // the search waits for typing to pause
    await flushPromises()
    expect(sent('GET', '/api/v1/hotline/calls').at(-1).url).toContain('q=13800130004')
    expect(w.findAll('[data-test="calls"] tbody tr')).toHaveLength(1)
    w.unmount()
  }, 30000)
})

describe('hotline statistics page', () => {
  it('shows the first ten days of the response in force in one click, and no share for no calls', async () => {
    setSession(me(['hotline.stats']))
    stubFetch([
      ['GET', '/api/v1/orgs', () => json({ items: [{ id: 2, parent_id: null, kind: 'utility', name: '长沙水业集团' }] })],
      ['GET', '/api/v1/emergencies', () => json({ items: [{ id: 1, level: 'I', name: '一级响应', started_at: '2020-01-23T02:00:00Z', status: 'active' }] })],
      ['GET', '/api/v1/hotline/stats', (url) => {
        const q = new URL(url, 'http://x').searchParams
        const peak = q.get('from') === '2020-01-24'
        return json({ from: q.get('from'), to: q.get('to'), total: peak ? 2696 : 0, handled: peak ? 2696 : 0, handled_pct: peak ? 100 : null, by_day: [], by_category: peak ? [{ category: 'no_water', total: 1500, handled: 1500 }] : [], mean_handling_min: peak ? 18.5 : null, p90_handling_min: peak ? 42 : null })
      }],
    ])
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/', component: { template: '<div />' } }] })
    await router.push('/')
    const w = mount(HotlineStatsPage, { global: { plugins: [i18n, router], stubs: { RouterLink, EChart: { props: ['option'], template: '<div class="echart-stub" />' } } }, attachTo: document.body })
    await flushPromises()
    // Today (a period without calls): no "100 %".
    expect(w.find('[data-stat="handled_pct"] .tile__num').text()).toBe('—')
    expect(w.find('[data-test="preset-peak"]').exists()).toBe(false)
    await w.find('[data-test="preset-responseFirst10"]').trigger('click')
    await flushPromises()
    expect(w.find('[data-stat="total"] .tile__num').text()).toBe('2,696')
    expect(w.find('[data-stat="handled_pct"] .tile__num').text()).toBe('100 %')
    expect(w.findComponent({ name: 'CallsChart' }).props('days')).toHaveLength(10)
    expect(w.find('[data-test="stats-export"]').attributes('href')).toBe('/api/v1/hotline/stats/export.xlsx?org=2&from=2020-01-24&to=2020-02-02')
    w.unmount()
  })
})

describe('boards and details render what the server sends', () => {
  const INCIDENT = {
    id: 5, code: 'QX-20200125-001', org_id: 2, type: 'burst', source: 'hotline', network_id: null, link: 'P-9', node: null, x: 1, y: 2,
    address: '营盘路311号', area: 'urban', diameter_mm: 600, description: '路面冒水', priority: 1, priority_raised: true,
    reported_at: '2020-01-25T08:00:00Z', reported_by_name: '周建国', closed_at: null,
    plan: { valves_to_close: [{ valve: 'V-1', link: 'L-1', node: 'N-1' }, { valve: 'V-2' }], links_isolated: [1, 2], links_cut_off: [], customers_affected: [{ node: 'J-118', name: '长沙市第一医院', category: 'designated_hospital' }], impact: { demand_lost_m3s: 0.012, pipe_length_isolated_m: 820 }, compute_ms: 3.2 },
    priority_customers: [{ id: 4, name: '长沙市第一医院', category: 'designated_hospital', tier: 1, impact: 'isolated' }],
    work_order: { ...ORDER, team: { id: 8, name: '管网抢修一队' } }, sla_state: 'warning',
    calls: [{ id: 77, code: 'RX-1', received_at: '2020-01-25T07:58:00Z' }], photos: [],
  }

  it('incident board: SLA colour, state and team per row; filters by type', async () => {
    setSession(me(['supply.read']))
    stubFetch([['GET', '/api/v1/incidents', () => json({ items: [INCIDENT, { ...INCIDENT, id: 6, code: 'QX-2', type: 'leak', sla_state: 'breached', priority: 2, priority_raised: false }] })]])
    const { default: IncidentBoardPage } = await import('../src/pages/repair/IncidentBoardPage.vue')
    const w = mount(IncidentBoardPage, { global: { plugins: [i18n], stubs: { RouterLink, NetworkCanvas: true }, mocks: { $router: { push: vi.fn() } } } })
    await flushPromises()
    const rows = w.findAll('[data-test="incident-list"] tbody tr')
    expect(rows.map((r) => r.find('[data-sla]').attributes('data-sla'))).toEqual(['breached', 'warning'])
    expect(rows[1].text()).toContain('管网抢修一队')
    expect(rows[1].text()).toContain('爆管')
    await w.find('select[name="type"]').setValue('burst')
    expect(w.findAll('[data-test="incident-list"] tbody tr')).toHaveLength(1)
  })

  it('incident detail: the hospital affected, valves to close, grouped calls, the notice', async () => {
    setSession(me(['supply.read', 'repair.dispatch']))
    stubFetch([
      ['GET', '/api/v1/incidents/5/outage-notice', () => json({ text: '因抢修DN600供水管，营盘路一带停水。', sms: '停水通知', priority_customers: [{ name: '长沙市第一医院', contact_name: '李主任', contact_phone: '138****0004' }] })],
      ['GET', '/api/v1/incidents/5', () => json(INCIDENT)],
    ])
    const { default: IncidentDetailPage } = await import('../src/pages/repair/IncidentDetailPage.vue')
    const w = mount(IncidentDetailPage, { props: { id: '5' }, global: { plugins: [i18n], stubs: { RouterLink } } })
    await flushPromises()
    expect(w.find('h1').text()).toContain('QX-20200125-001')
    expect(w.find('[data-test="affected-priority-customers"]').text()).toContain('长沙市第一医院')
    expect(w.find('[data-test="affected-priority-customers"]').text()).toContain('关阀区内')
    expect(w.findAll('[data-test="incident-valves"] li').map((l) => l.text())).toEqual(['V-1', 'V-2'])
    expect(w.find('[data-test="grouped-calls"]').text()).toContain('RX-1')
    expect(w.find('[data-test="notice-text"]').text()).toContain('营盘路')
    expect(w.find('[data-test="order-state"]').text()).toBe('已报告')
  })

  it('customer detail: status with its reasons, N-1, critical segments, overdue patrol', async () => {
    setSession(me(['supply.read', 'patrol.record']))
    stubFetch([['GET', '/api/v1/priority-customers/4', () => json({
      id: 4, name: '长沙市第一医院', category: 'designated_hospital', tier: 1, org_name: '长沙水业集团', address: '营盘路311号', contact_name: '李主任', contact_phone: '138****0004',
      network_id: 3, nodes: ['J-118'], min_pressure_m: 20, demand_m3h: 45, notes: '双水源于2020-02-03建成', status: 'at_risk',
      status_reasons: [{ code: 'not_n1_secure', detail: '2 critical segments' }, { code: 'patrol_overdue', detail: '2 patrol(s) a day planned' }],
      supply: { routes: 1, n1_secure: false, critical_segments: [{ segment: 17, valves: ['V-1', 'V-2'], demand_m3s: 0.01, length_m: 420.4 }] },
      care_plan: { patrols_per_day: 2, pressure_check: true, contact_on_call: '王师傅', measures: '抢修一队驻点待命' },
      patrol_overdue: true, patrols: [{ id: 1, done_at: '2020-01-25T01:00:00Z', done_by_name: '张伟', ok: true, pressure_m: 28.5, findings: '正常', photos: [] }], incidents: [],
    })]])
    const { default: CustomerDetailPage } = await import('../src/pages/assurance/CustomerDetailPage.vue')
    const w = mount(CustomerDetailPage, { props: { id: '4' }, global: { plugins: [i18n], stubs: { RouterLink } } })
    await flushPromises()
    expect(w.find('[data-test="customer-status"]').text()).toBe('有风险')
    expect(w.text()).toContain('单水源（不满足N-1）')
    expect(w.find('[data-test="supply-security"]').text()).toContain('V-2')
    expect(w.find('[data-test="patrols"]').text()).toContain('巡查逾期')
    await w.find('[data-test="patrols"] .btn--primary').trigger('click')
    expect(w.find('[data-test="patrol-form"]').exists()).toBe(true)
  })

  it('team board: status, members with masked phones and skills, current order', async () => {
    setSession(me(['supply.read']))
    stubFetch([['GET', '/api/v1/teams', () => json({ items: [
      { id: 8, name: '管网抢修一队', kind: 'repair', status: 'dispatched', org_name: '供水服务分公司', base_address: '芙蓉中路', vehicles: ['湘A·12345'], members: [{ id: 1, name: '张伟', phone: '138****0005', skills: ['焊接'] }], current_work_order: { id: 31, incident_id: 5, incident_code: 'QX-1' }, version: 2 },
      { id: 9, name: '供水保障党员突击队', kind: 'commando', status: 'standby', members: [], current_work_order: null, version: 1 },
    ] })]])
    const { default: TeamBoardPage } = await import('../src/pages/repair/TeamBoardPage.vue')
    const w = mount(TeamBoardPage, { global: { plugins: [i18n], stubs: { RouterLink } } })
    await flushPromises()
    const teams = w.findAll('[data-test="teams"] .team')
    expect(teams).toHaveLength(2)
    expect(teams[0].text()).toContain('出勤中')
    expect(teams[0].text()).toContain('138****0005')
    expect(teams[0].text()).toContain('焊接')
    expect(teams[0].text()).toContain('QX-1')
    expect(teams[1].text()).toContain('突击队')
  })
})
