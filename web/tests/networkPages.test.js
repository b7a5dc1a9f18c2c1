import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { i18n } from '../src/i18n'
import NetworkListPage from '../src/pages/network/NetworkListPage.vue'
import { setSession } from '../src/session'

const me = (permissions) => ({ id: 1, username: 'u', display_name: '王调度', role: 'dispatcher', org_id: 2, org_name: '长沙水业集团', permissions, csrf_token: 't' })
const json = (body, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
const network = {
  id: 3,
  org_id: 2,
  name: '长沙主城区供水管网（演示）',
  version: 1,
  file_name: 'city.inp',
  uploaded_at: '2026-11-29T01:00:00Z',
  uploaded_by_name: '李工',
  counts: { junctions: 9000, reservoirs: 2, tanks: 1, pipes: 20000, pumps: 3, valves: 4, length_m: 812345 },
  flow_units: 'LPS',
  valve_layer: { count: 30000, inoperable: 12, source: 'generated' },
  customers: 40,
}

let calls
beforeEach(() => {
  i18n.global.locale.value = 'zh-CN'
  calls = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url, init) => {
      calls.push([init?.method ?? 'GET', url, init?.body && JSON.parse(init.body)])
      if (url === '/api/v1/networks' && init?.method === 'POST') return json({ title: 'Invalid', status: 422, code: 'invalid', key: 'invalid', errors: [{ field: 'generate/links', message: 'must be between 1 and 1000000', key: 'not_between', params: { min: '1', max: '1000000' } }] }, 400)
      if (url.startsWith('/api/v1/networks')) return json({ items: [network] })
      if (url.startsWith('/api/v1/orgs')) return json({ items: [{ id: 2, name: '长沙水业集团', kind: 'utility', parent_id: null }] })
      return json({})
    }),
  )
})
afterEach(() => {
  setSession(null)
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

async function render(permissions) {
  setSession(me(permissions))
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/network', name: 'network', component: NetworkListPage },
      { path: '/network/:id', name: 'network-map', component: { template: '<div />' } },
    ],
  })
  router.push('/network')
  await router.isReady()
  const wrapper = mount(NetworkListPage, { global: { plugins: [i18n, router] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

describe('network list', () => {
  it('lists the networks with their figures, and hides the import from readers', async () => {
    const w = await render(['network.read'])
    expect(w.text()).toContain('长沙主城区供水管网（演示）')
    expect(w.text()).toContain('812.3 km')
    expect(w.text()).toContain('30000 个阀门')
    expect(w.find('a').attributes('href')).toContain('/network/3')
    expect(w.text()).not.toContain('导入管网')
  })

  it('shows the server field error under the field of the generate form', async () => {
    const w = await render(['network.read', 'network.write'])
    await w.findAll('button').find((b) => b.text() === '导入管网').trigger('click')
    const dialog = document.body.querySelector('[role="dialog"]')
    const tab = [...dialog.querySelectorAll('button')].find((b) => b.textContent.trim() === '生成演示管网')
    tab.click()
    await flushPromises()
    const name = dialog.querySelector('input[name="name"]')
    name.value = '演练管网'
    name.dispatchEvent(new Event('input'))
    dialog.querySelector('form').dispatchEvent(new Event('submit'))
    await flushPromises()
    const [, , body] = calls.find(([method]) => method === 'POST')
    expect(body).toEqual({ org_id: 2, name: '演练管网', generate: { links: 20000, seed: 1 } })
    expect(dialog.textContent).toContain('应在 1 到 1000000 之间')
  })
})
