// The small rules behind the new screens: the report's place, the team
// body (phones kept unless retyped), the SLA form, the dual-supply order,
// the customer's reasons in words, and the console's paging.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { i18n } from '../src/i18n'
import { dualSupplyRows, reasonText } from '../src/pages/assurance/status'
import { CallPages } from '../src/pages/hotline/paging'
import { reportBody } from '../src/pages/repair/report'
import { slaBody, slaForm } from '../src/pages/repair/slaSettings'
import { teamBody } from '../src/pages/repair/teamForm'

beforeEach(() => {
  i18n.global.locale.value = 'zh-CN'
})

describe('report body', () => {
  const form = { org_id: 2, type: 'burst', source: 'staff', address: ' 营盘路 ', link: '', node: '', area: 'urban', diameter_mm: '', description: '冒水' }

  it('places the incident where the map was clicked: the pipe there, else the point', () => {
    expect(reportBody(form, { x: 10, y: 20, link: 'P-7' })).toMatchObject({ link: 'P-7', address: '营盘路' })
    expect(reportBody(form, { x: 10, y: 20, link: null })).toMatchObject({ x: 10, y: 20 })
    expect(reportBody(form, { x: 10, y: 20, link: null }).link).toBeUndefined()
  })

  it('takes an id an engineer typed only without a spot, and photos when there are some', () => {
    expect(reportBody({ ...form, node: 'J-1' }, null)).toMatchObject({ node: 'J-1' })
    expect(reportBody({ ...form, link: 'P-1', node: 'J-1' }, { x: 1, y: 2, link: 'P-9' }).link).toBe('P-9')
    const photo = { caption: '现场', mime: 'image/png', data: 'AAAA' }
    expect(reportBody(form, null, [photo]).photos).toEqual([photo])
    expect(reportBody(form, null).photos).toBeUndefined()
  })
})

describe('team body', () => {
  it('sends a member read back by id without the masked phone, and a retyped one with it', () => {
    const form = { org_id: 2, name: ' 管网抢修一队 ', kind: 'repair', base_address: '芙蓉中路', vehicles: '湘A·1，湘A·2', members: [
      { id: 5, name: '张伟', phone: '', masked: '138****0005', skills: '焊接、阀门' },
      { id: 6, name: '李强', phone: '13900001111', masked: '139****0000', skills: '' },
      { id: null, name: ' ', phone: '', masked: '', skills: '' },
    ] }
    expect(teamBody(form, true)).toEqual({
      name: '管网抢修一队', kind: 'repair', base_address: '芙蓉中路', vehicles: ['湘A·1', '湘A·2'],
      members: [{ name: '张伟', skills: ['焊接', '阀门'], id: 5 }, { name: '李强', skills: [], phone: '13900001111' }],
    })
    expect(teamBody(form, false).org_id).toBe(2)
  })
})

describe('SLA settings form', () => {
  it('round-trips the server’s clocks, an empty field meaning no clock', () => {
    const server = { warning_fraction: 0.8, levels: [
      { level: 1, respond_min: 5, respond_same_day: false, on_site_min: { urban: 30, suburban: 50 }, isolated_min: 240, repaired_min: 1440 },
      { level: 3, respond_min: null, respond_same_day: true, on_site_min: { urban: null, suburban: null }, isolated_min: null, repaired_min: 4320 },
    ] }
    const form = slaForm(server)
    expect(form.warning_pct).toBe(80)
    expect(form.levels[1].on_site_urban).toBe('')
    const body = slaBody(form)
    expect(body.warning_fraction).toBe(0.8)
    expect(body.levels[0]).toEqual({ ...server.levels[0] })
    expect(body.levels[1]).toEqual({ ...server.levels[1], level: 2 })
  })
})

describe('dual supply and reasons', () => {
  it('puts the customers that fail N-1 first, those without a network last', () => {
    const rows = dualSupplyRows([
      { id: 1, name: '甲', tier: 1, supply: { routes: 2, dual_supply: true, n1_secure: true, critical_segments: [] } },
      { id: 2, name: '乙', tier: 1, supply: null },
      { id: 3, name: '丙', tier: 1, supply: { routes: 1, dual_supply: false, n1_secure: false, critical_segments: [4, 5] } },
    ])
    expect(rows.map((r) => [r.id, r.routes, r.critical])).toEqual([[3, 1, 2], [1, 2, 0], [2, null, null]])
  })

  it('words a reason from its code and params, states and impacts in the reader’s words', () => {
    const t = i18n.global.t
    expect(reasonText({ code: 'incident_under_pressure', params: { incident: 'QX-1', state: 'under_pressure', impact: 'under_pressure' } }, t)).toBe(
      '抢修事件 QX-1（带压抢修）：带水抢修，不关阀、不停水',
    )
    expect(reasonText({ code: 'node_remapped', params: { from: 'J4', to: 'J4N', distance_m: '3.0', version: '2' } }, t)).toContain('J4N')
    expect(reasonText({ code: 'low_pressure', params: { pressure: '12.0', min: '20.0' }, detail: '12.0 m < 20.0 m' }, t)).not.toMatch(/[<]/)
  })
})

describe('console paging', () => {
  it('resets on a new query, appends the next page once, and drops a stale answer', async () => {
    const answers = []
    const pages = new CallPages(vi.fn((q) => new Promise((resolve) => answers.push({ q, resolve }))))
    const first = pages.reset({ q: '五一' })
    answers[0].resolve({ items: [{ id: 3 }, { id: 2 }], counts: { total: 3 }, next_cursor: 'c' })
    await first
    expect(pages.items.map((c) => c.id)).toEqual([3, 2])
    expect(pages.hasMore).toBe(true)
    const more = pages.more()
    expect(answers[1].q).toMatchObject({ q: '五一', cursor: 'c', limit: 50 })
    // A new search meanwhile: the old page's answer must not be appended to it.
    const second = pages.reset({ q: '营盘' })
    answers[1].resolve({ items: [{ id: 1 }], next_cursor: null })
    answers[2].resolve({ items: [{ id: 9 }], counts: { total: 1 }, next_cursor: null })
    await Promise.all([more, second])
    expect(pages.items.map((c) => c.id)).toEqual([9])
    expect(pages.total).toBe(1)
  })
})
