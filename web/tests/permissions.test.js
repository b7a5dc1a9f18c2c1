import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { i18n } from '../src/i18n'
import { visibleNav } from '../src/layout/nav'
import EmergencyCard from '../src/pages/emergency/EmergencyCard.vue'
import UsersPage from '../src/pages/users/UsersPage.vue'
import { can, setSession } from '../src/session'

const me = (permissions) => ({ id: 1, username: 'u', display_name: '王调度', role: 'dispatcher', org_id: 2, org_name: '长沙水业集团', permissions, csrf_token: 't' })

const json = (body) => new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } })

beforeEach(() => {
  i18n.global.locale.value = 'zh-CN'
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url) => {
      if (url.startsWith('/api/v1/users')) {
        return json({
          items: [{ id: 9, username: 'zhang', display_name: '张抢修', role: 'repair_crew', org_id: 2, org_name: '长沙水业集团', phone_masked: '138****0001', disabled: false, created_at: '2020-01-20T00:00:00Z', last_login_at: null }],
          next_cursor: null,
        })
      }
      if (url.startsWith('/api/v1/orgs')) return json({ items: [] })
      return json({})
    }),
  )
})
afterEach(() => {
  setSession(null)
  vi.unstubAllGlobals()
})

describe('can', () => {
  it('answers from the permissions of /me, and no for nobody', () => {
    expect(can('users.read')).toBe(false)
    setSession(me(['users.read']))
    expect(can('users.read')).toBe(true)
    expect(can('users.write')).toBe(false)
  })
})

describe('navigation', () => {
  const ids = (perms) => visibleNav((p) => perms.includes(p)).map((pillar) => [pillar.id, pillar.items?.map((i) => i.route)])

  // What every role has (roles.cpp kEveryone).
  const everyone = ['org.read', 'command.read', 'emergency.read', 'network.read', 'health.self', 'supply.read', 'duty.read', 'duty.self', 'supervision.read', 'reports.read']

  it('shows every pillar, and administration only to those allowed', () => {
    const staff = ids(everyone)
    expect(staff.map(([id]) => id)).toEqual(['command', 'supply', 'repair', 'prevention', 'reporting', 'duty', 'publicity'])
    expect(ids([])[0][1]).toEqual(['dashboard'])

    const admin = ids([...everyone, 'users.read', 'audit.read'])
    expect(admin[0][1]).toEqual(['dashboard', 'org', 'command', 'emergency'])
    expect(admin.at(-1)).toEqual(['admin', ['users', 'approvals', 'audit']])
  })

  it('puts the boards under supply and repair, the hotline with repair and its statistics under reporting', () => {
    const pick = (perms, pillar) => ids(perms).find(([id]) => id === pillar)?.[1]
    expect(pick(['supply.read'], 'supply')).toEqual(['supply-customers', 'supply-dual'])
    expect(pick(['supply.read'], 'repair')).toEqual(['repair-incidents', 'repair-teams'])
    expect(pick(everyone, 'supply')).toEqual(['supply-customers', 'supply-dual'])
    const dispatcher = [...everyone, 'hotline.take', 'hotline.stats', 'health.census']
    expect(pick(dispatcher, 'repair')).toEqual(['repair-incidents', 'hotline', 'repair-teams', 'network'])
    expect(pick(dispatcher, 'reporting')).toEqual(['health-census', 'hotline-stats', 'reports-status'])
    // Without the boards' permission the pillars are not offered at all.
    expect(pick([], 'supply')).toBeUndefined()
  })

  it('fills the duty pillar and adds the fixed-time reports to reporting', () => {
    const pick = (perms, pillar) => ids(perms).find(([id]) => id === pillar)?.[1]
    expect(pick(everyone, 'duty')).toEqual(['duty-board', 'duty-roster', 'duty-log', 'duty-checkin', 'duty-presence', 'supervision-rounds', 'supervision-rectifications'])
    expect(pick([...everyone, 'reports.submit', 'reports.review'], 'reporting')).toEqual(['reports-status', 'reports-submit', 'reports-templates'])
    // A viewer without the duty permissions is not offered the pillar.
    expect(pick(['org.read'], 'duty')).toBeUndefined()
  })
})

describe('navigation for a person', () => {
  const everyone = ['org.read', 'command.read', 'emergency.read', 'network.read', 'health.self', 'supply.read']
  const prevention = (who) => visibleNav((p) => everyone.includes(p), who).find((p) => p.id === 'prevention')

  it('offers the entries about oneself only to someone on a staff register', () => {
    expect(prevention({ onRegister: true }).items.map((i) => i.route)).toEqual(['health-checkin', 'health-me', 'health-outings'])
    // The association's admin is on no register: the pillar is one they may not open, not one "coming later".
    expect(prevention({ onRegister: false })).toEqual({ id: 'prevention', noAccess: true })
    // Not known yet: nothing that might answer 404 is offered meanwhile.
    expect(prevention({ onRegister: null })).toEqual({ id: 'prevention', noAccess: true })
  })
})

describe('users page', () => {
  async function render(permissions) {
    setSession(me(permissions))
    const wrapper = mount(UsersPage, { global: { plugins: [i18n] } })
    await flushPromises()
    return wrapper
  }

  it('hides create, edit and disable without users.write', async () => {
    const w = await render(['users.read'])
    expect(w.text()).toContain('张抢修')
    expect(w.text()).toContain('抢修人员')
    expect(w.find('[data-test="create-user"]').exists()).toBe(false)
    expect(w.text()).not.toContain('重置密码')
    expect(w.text()).not.toContain('停用')
  })

  it('offers them with users.write', async () => {
    const w = await render(['users.read', 'users.write'])
    expect(w.find('[data-test="create-user"]').exists()).toBe(true)
    expect(w.text()).toContain('重置密码')
    expect(w.text()).toContain('停用')
  })
})

describe('emergency card', () => {
  const emergency = {
    id: 4, org_id: 1, name: '新冠肺炎疫情防控', level: 'II', status: 'active', region: null,
    covered_orgs: [{ id: 2, name: '长沙水业集团' }], started_at: '2020-01-23T02:00:00Z', ended_at: null, end_reason: null,
    declared_by_name: '李会长', history: [{ at: '2020-01-23T02:00:00Z', action: 'declared', level: 'II', by_name: '李会长', note: null }],
  }
  const render = (permissions) => {
    setSession(me(permissions))
    return mount(EmergencyCard, { props: { emergency }, global: { plugins: [i18n] } })
  }

  it('lets only emergency.declare change the level or end the response', () => {
    expect(render(['emergency.read']).text()).not.toContain('结束响应')
    const w = render(['emergency.read', 'emergency.declare'])
    expect(w.text()).toContain('结束响应')
    expect(w.text()).toContain('调整级别')
  })
})
