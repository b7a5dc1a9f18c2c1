import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { i18n } from '../src/i18n'
import HotlineConsolePage from '../src/pages/hotline/HotlineConsolePage.vue'
import HotlineStatsPage from '../src/pages/hotline/HotlineStatsPage.vue'
import WorkOrderPanel from '../src/pages/repair/WorkOrderPanel.vue'
import { clearOrgs } from '../src/orgs'
import { setSession } from '../src/session'

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
    expect(sent('POST', '/api/v1/hotline/calls/77/incident')[0].body).toEqual({ node: 'J-118' })
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

describe('hotline statistics page', () => {
  it('shows the epidemic peak in one click', async () => {
    setSession(me(['hotline.stats']))
    stubFetch([
      ['GET', '/api/v1/orgs', () => json({ items: [{ id: 2, parent_id: null, kind: 'utility', name: '长沙水业集团' }] })],
      ['GET', '/api/v1/hotline/stats', (url) => {
        const q = new URL(url, 'http://x').searchParams
        const peak = q.get('from') === '2020-01-24'
        return json({ from: q.get('from'), to: q.get('to'), total: peak ? 2696 : 3, handled: peak ? 2696 : 2, handled_pct: peak ? 100 : 66.7, by_day: [], by_category: [{ category: 'no_water', total: peak ? 1500 : 3, handled: peak ? 1500 : 2 }], mean_handling_min: 18.5, p90_handling_min: 42 })
      }],
    ])
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/', component: { template: '<div />' } }] })
    await router.push('/')
    const w = mount(HotlineStatsPage, { global: { plugins: [i18n, router], stubs: { RouterLink } }, attachTo: document.body })
    await flushPromises()
    await w.find('[data-test="preset-peak"]').trigger('click')
    await flushPromises()
    expect(w.find('[data-stat="total"] .tile__num').text()).toBe('2,696')
    expect(w.find('[data-stat="handled_pct"] .tile__num').text()).toBe('100 %')
    expect(w.findAll('[data-test="calls-chart"] rect.bars__total')).toHaveLength(10)
    expect(w.find('[data-test="stats-export"]').attributes('href')).toBe('/api/v1/hotline/stats/export.xlsx?org=2&from=2020-01-24&to=2020-02-02')
    w.unmount()
  })
})
