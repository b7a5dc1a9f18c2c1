import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { i18n } from '../src/i18n'
import BurstsPanel from '../src/pages/network/BurstsPanel.vue'
import HydraulicsTable from '../src/pages/network/HydraulicsTable.vue'
import { burstProgress, burstRows, formatPressure, formatShare, hydraulicRows, severityOf } from '../src/pages/network/hydraulics'
import messages from '../src/pages/network/hydraulicsMessages'

// The `hydraulics` object of a plan on the line network of the server tests:
// the hospital on a detour (low pressure), the clinic and the exchange cut off.
const plan = {
  available: true,
  pda: { pmin_m: 0, preq_m: 14, pexp: 0.5 },
  leak: null,
  customers: [
    { name: '电信枢纽', node: 'J5', pressure_before_m: 43.1, pressure_after_m: null, demand_lps: 0, served_fraction_before: 1, served_fraction_after: 0, status_before: 'ok', status_after: 'cut_off' },
    { name: '疾控中心', node: 'J1', pressure_before_m: 49.8, pressure_after_m: 49.8, demand_lps: 0, served_fraction_before: 1, served_fraction_after: 1, status_before: 'ok', status_after: 'ok' },
    { name: '市第一医院', node: 'J2', pressure_before_m: 43.9, pressure_after_m: 11.04, demand_lps: 5, served_fraction_before: 1, served_fraction_after: 0.888, status_before: 'ok', status_after: 'low_pressure' },
    { name: '发热门诊', node: 'J4', pressure_before_m: 43.5, pressure_after_m: null, demand_lps: 1, served_fraction_before: 1, served_fraction_after: 0, status_before: 'ok', status_after: 'cut_off' },
  ],
}

describe('hydraulicRows', () => {
  it('puts the cut-off customers first, then low pressure, then the rest', () => {
    const t = hydraulicRows(plan)
    expect(t.available).toBe(true)
    expect(t.rows.map((r) => r.severity)).toEqual(['bad', 'bad', 'warn', 'ok'])
    expect(t.rows[2]).toMatchObject({ name: '市第一医院', pBefore: 43.9, pAfter: 11.04, fAfter: 0.888, changed: true })
    expect(t.rows[3].changed).toBe(false)
    expect(t.unchanged).toBe(1)
    expect(t.preq).toBe(14)
    expect(t.leakLps).toBe(null)
  })

  it('says why when the network cannot be solved, and is empty without an answer', () => {
    expect(hydraulicRows({ available: false, error: 'no source' })).toMatchObject({ available: false, error: 'no source', rows: [] })
    expect(hydraulicRows(undefined)).toMatchObject({ available: false, rows: [] })
  })

  it('reads the leak of a repair under pressure', () => {
    expect(hydraulicRows({ ...plan, leak: { link: 'P1', diameter_mm: 50, flow_lps: 31.4 } }).leakLps).toBe(31.4)
  })
})

describe('formatting', () => {
  it('shows no pressure where there is no path to a source', () => {
    expect(formatPressure(null)).toBe('—')
    expect(formatPressure(11.04)).toBe('11.0')
    expect(formatPressure(-0.26)).toBe('-0.3')
  })

  it('never rounds a partial supply to all or nothing', () => {
    expect(formatShare(1)).toBe('100%')
    expect(formatShare(0.998)).toBe('99%')
    expect(formatShare(0.888)).toBe('89%')
    expect(formatShare(0.002)).toBe('<1%')
    expect(formatShare(0)).toBe('0%')
  })

  it('maps statuses to severities', () => {
    expect(severityOf('cut_off')).toBe('bad')
    expect(severityOf('low_pressure')).toBe('warn')
    expect(severityOf('ok')).toBe('ok')
  })
})

describe('all bursts', () => {
  it('follows a running job and knows when it is done', () => {
    expect(burstProgress(null)).toEqual({ running: true, share: 0 })
    expect(burstProgress({ state: 'running', done: 30, total: 120 })).toEqual({ running: true, share: 0.25 })
    expect(burstProgress({ state: 'running', done: 0, total: 0 })).toEqual({ running: true, share: 0 })
    expect(burstProgress({ state: 'done', ranking: [] }).running).toBe(false)
    // A job waiting for its turn is followed like a running one; none and failed are not.
    expect(burstProgress({ state: 'queued', done: 0, total: 0 })).toEqual({ running: true, share: 0 })
    expect(burstProgress({ state: 'none' }).running).toBe(false)
    expect(burstProgress({ state: 'failed', error: 'x' }).running).toBe(false)
  })

  it('lists each segment with its worst-hit customers first', () => {
    const rows = burstRows({
      state: 'done',
      ranking: [
        {
          rank: 1, segment: 2, links: ['P4', 'P5'], customers_cut_off: 2, shortfall_lps: 1,
          affected: [
            { name: '市第一医院', served_fraction_after: 0.95, status_after: 'low_pressure' },
            { name: '发热门诊', served_fraction_after: 0, status_after: 'cut_off' },
          ],
        },
      ],
    })
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ rank: 1, segment: 2, cutOff: 2, shortfallLps: 1, solved: true })
    expect(rows[0].affected.map((a) => a.name)).toEqual(['发热门诊', '市第一医院'])
    expect(rows[0].affected[0].severity).toBe('bad')
    expect(burstRows(undefined)).toEqual([])
  })
})

describe('the panels\u2019 messages', () => {
  const keys = (m, p = '') => Object.entries(m).flatMap(([k, v]) => (typeof v === 'object' ? keys(v, `${p}${k}.`) : [`${p}${k}`]))
  const leaf = (m, key) => key.split('.').reduce((o, k) => o[k], m)

  it('have the same keys and placeholders in zh-CN and en', () => {
    expect(keys(messages.en).sort()).toEqual(keys(messages['zh-CN']).sort())
    const names = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
    for (const k of keys(messages['zh-CN'])) {
      expect(names(leaf(messages.en, k)), k).toEqual(names(leaf(messages['zh-CN'], k)))
      expect(String(leaf(messages.en, k)).trim(), k).not.toBe('')
    }
  })
})

describe('HydraulicsTable', () => {
  it('shows the affected customers before and after, red when cut off', async () => {
    i18n.global.locale.value = 'zh-CN'
    const w = mount(HydraulicsTable, { props: { hydraulics: plan, shutdown: true }, global: { plugins: [i18n] } })
    const rows = w.findAll('tbody tr')
    expect(rows).toHaveLength(3)  // the unaffected CDC is folded away
    expect(rows[0].classes()).toContain('hydtable__row--bad')
    expect(rows[2].text()).toContain('市第一医院')
    expect(rows[2].text()).toContain('43.9')
    expect(rows[2].text()).toContain('11.0')
    expect(rows[2].text()).toContain('89%')
    expect(rows[2].text()).toContain('水压不足')
    expect(w.text()).toContain('其余 1 个重点用户')
    await w.find('button').trigger('click')
    expect(w.findAll('tbody tr')).toHaveLength(4)
  })
})

describe('BurstsPanel', () => {
  afterEach(() => vi.unstubAllGlobals())
  const json = (body, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })

  it('shows the run\u2019s progress, then the worst segments', async () => {
    vi.useFakeTimers()
    const answers = [
      json({ state: 'running', done: 3, total: 12, segments: 12 }, 202),
      json({
        state: 'done', segments: 3, simulated: 3, seconds: 0.4, harmless_segments: 0, failed_segments: 0, pendant_segments: 1,
        ranking: [
          { rank: 1, segment: 0, links: ['P0', 'P2'], customers_cut_off: 3, shortfall_lps: 6, solved: true, affected: [{ name: '市第一医院', served_fraction_after: 0, status_after: 'cut_off' }] },
          { rank: 2, segment: 2, links: ['P7'], customers_cut_off: 1, shortfall_lps: 1, solved: false, affected: [{ name: '发热门诊', served_fraction_after: 0, status_after: 'cut_off' }] },
        ],
      }),
    ]
    const fetch = vi.fn(async () => answers.shift())
    vi.stubGlobal('fetch', fetch)
    i18n.global.locale.value = 'zh-CN'
    const w = mount(BurstsPanel, { props: { networkId: '7' }, global: { plugins: [i18n] } })
    await flushPromises()
    expect(fetch.mock.calls[0][0]).toBe('/api/v1/networks/7/bursts?top=30')
    expect(w.find('[data-test="bursts-running"]').text()).toContain('3/12')
    await vi.advanceTimersByTimeAsync(2000)
    await flushPromises()
    expect(w.find('[data-test="bursts-summary"]').text()).toContain('共 3 个分段')
    expect(w.find('[data-test="bursts-pendant"]').text()).toContain('1 个末端分段')
    const topology = w.findAll('tbody tr').map((r) => r.find('[data-test="bursts-topology"]').exists())
    expect(topology).toEqual([false, true])
    const row = w.find('tbody tr')
    expect(row.text()).toContain('市第一医院 0%')
    await row.trigger('click')
    expect(w.emitted('pick-segment')).toEqual([[0]])
    w.unmount()
    vi.useRealTimers()
  })
})
