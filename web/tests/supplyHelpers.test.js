import { describe, expect, it } from 'vitest'
import { STATUSES, customerOrder, mapCategory, statusCounts } from '../src/pages/assurance/status'
import { CALL_CATEGORIES, keyAction, shortcutOf } from '../src/pages/hotline/keyboard'
import { callsChartOption, daysBetween, lastDays, pct, presetsFor, shapeStats, weekStart } from '../src/pages/hotline/stats'

const PEAK = { from: '2020-01-24', to: '2020-02-02' }
import { utilityOf } from '../src/pages/hotline/utility'
import { boardOrder, filterIncidents, minutesLeft, runningClock, slaColour, stepIndex, transitionButtons } from '../src/pages/repair/sla'

describe('SLA colours', () => {
  it('maps the server clock states onto three board colours', () => {
    expect(slaColour('pending')).toBe('ok')
    expect(slaColour('met')).toBe('ok')
    expect(slaColour(null)).toBe('ok')
    expect(slaColour('warning')).toBe('warning')
    expect(slaColour('breached')).toBe('breached')
    expect(slaColour('missed')).toBe('breached')
  })

  it('counts minutes left on a running clock, negative once late, nothing once done', () => {
    const now = Date.parse('2020-01-25T08:00:00Z')
    expect(minutesLeft({ due_at: '2020-01-25T08:30:00Z' }, now)).toBe(30)
    expect(minutesLeft({ due_at: '2020-01-25T07:55:00Z' }, now)).toBe(-5)
    expect(minutesLeft({ due_at: '2020-01-25T08:30:00Z', done_at: '2020-01-25T08:10:00Z' }, now)).toBeNull()
    const sla = { clocks: [{ name: 'respond', due_at: 'x', done_at: 'y' }, { name: 'on_site', due_at: 'z', done_at: null }] }
    expect(runningClock(sla).name).toBe('on_site')
  })
})

describe('work order states', () => {
  it('places under-pressure repair at the isolation step and cancelled nowhere', () => {
    expect(stepIndex('reported')).toBe(0)
    expect(stepIndex('isolated')).toBe(4)
    expect(stepIndex('under_pressure')).toBe(4)
    expect(stepIndex('closed')).toBe(7)
    expect(stepIndex('cancelled')).toBe(-1)
  })

  it('orders the allowed moves along the path, dispatch needing a team and cancel a reason, last', () => {
    const b = transitionButtons(['cancelled', 'under_pressure', 'isolated'])
    expect(b.map((x) => x.to)).toEqual(['isolated', 'under_pressure', 'cancelled'])
    expect(b.at(-1)).toMatchObject({ needsReason: true, danger: true })
    expect(transitionButtons(['dispatched', 'cancelled'])[0]).toMatchObject({ to: 'dispatched', needsTeam: true })
    expect(transitionButtons([])).toEqual([])
  })

  it('filters and orders a board: worst SLA first, then priority, then newest', () => {
    const items = [
      { id: 1, type: 'burst', priority: 1, sla_state: 'pending', reported_at: '2020-01-25T08:00:00Z' },
      { id: 2, type: 'leak', priority: 2, sla_state: 'breached', reported_at: '2020-01-25T07:00:00Z' },
      { id: 3, type: 'burst', priority: 2, work_order: { sla: { state: 'warning' } }, reported_at: '2020-01-25T06:00:00Z' },
      { id: 4, type: 'burst', priority: 1, sla_state: 'met', reported_at: '2020-01-25T09:00:00Z' },
    ]
    expect([...items].sort(boardOrder).map((i) => i.id)).toEqual([2, 3, 4, 1])
    expect(filterIncidents(items, { type: 'burst' }).map((i) => i.id)).toEqual([1, 3, 4])
    expect(filterIncidents(items, { priority: '2' }).map((i) => i.id)).toEqual([2, 3])
    expect(filterIncidents(items, { sla: 'warning' }).map((i) => i.id)).toEqual([3])
    expect(filterIncidents(items, { sla: 'ok' }).map((i) => i.id)).toEqual([1, 4])
  })
})

describe('hotline keys', () => {
  const key = (k, mods = {}) => keyAction({ key: k, ...mods })

  it('picks a category with Alt+1…7, by key or by physical digit', () => {
    expect(key('1', { altKey: true })).toEqual({ action: 'category', category: 'no_water' })
    expect(key('¡', { altKey: true, code: 'Digit3' })).toEqual({ action: 'category', category: 'burst_leak' })
    expect(key('7', { altKey: true })).toEqual({ action: 'category', category: 'other' })
    expect(key('8', { altKey: true })).toBeNull()
    expect(key('1')).toBeNull()
  })

  it('saves on Enter, saves and makes an incident on Ctrl+Enter, clears on Esc', () => {
    expect(key('Enter', { target: { tagName: 'INPUT' } })).toEqual({ action: 'save' })
    expect(key('Enter', { ctrlKey: true, target: { tagName: 'TEXTAREA' } })).toEqual({ action: 'saveIncident' })
    expect(key('Enter', { metaKey: true })).toEqual({ action: 'saveIncident' })
    expect(key('Escape')).toEqual({ action: 'clear' })
  })

  it('leaves Enter in the summary and on buttons alone', () => {
    expect(key('Enter', { target: { tagName: 'TEXTAREA' } })).toBeNull()
    expect(key('Enter', { target: { tagName: 'BUTTON' } })).toBeNull()
    expect(key('Enter', { shiftKey: true, target: { tagName: 'INPUT' } })).toBeNull()
  })

  it('labels each category with its shortcut', () => {
    expect(CALL_CATEGORIES.map(shortcutOf)).toEqual(['Alt+1', 'Alt+2', 'Alt+3', 'Alt+4', 'Alt+5', 'Alt+6', 'Alt+7'])
  })
})

describe('hotline statistics', () => {
  it('lists every day of a period, across a month end', () => {
    expect(daysBetween(PEAK.from, PEAK.to)).toEqual([
      '2020-01-24', '2020-01-25', '2020-01-26', '2020-01-27', '2020-01-28', '2020-01-29', '2020-01-30', '2020-01-31', '2020-02-01', '2020-02-02',
    ])
    expect(lastDays('2020-03-01', 7)).toEqual({ from: '2020-02-24', to: '2020-03-01' })
    expect(daysBetween('2020-02-02', '2020-02-01')).toEqual([])
  })

  it('fills days without calls, orders categories by volume and computes shares', () => {
    const s = shapeStats({
      from: '2020-01-24', to: '2020-01-26', total: 40, handled: 39,
      by_day: [{ day: '2020-01-24', total: 10, handled: 10 }, { day: '2020-01-26', total: 30, handled: 29 }],
      by_category: [{ category: 'billing', total: 10, handled: 10 }, { category: 'no_water', total: 30, handled: 29 }, { category: 'other', total: 0, handled: 0 }],
    })
    expect(s.days).toEqual([
      { day: '2020-01-24', total: 10, handled: 10 },
      { day: '2020-01-25', total: 0, handled: 0 },
      { day: '2020-01-26', total: 30, handled: 29 },
    ])
    expect(s.categories.map((c) => [c.category, c.share, c.handledPct])).toEqual([['no_water', 75, 96.7], ['billing', 25, 100]])
    expect(s.handledPct).toBe(97.5)
    expect(s.peakDay.day).toBe('2020-01-26')
  })

  it('shows the seed figure as the server sends it: 2,696 calls, 100 % handled', () => {
    const s = shapeStats({ from: PEAK.from, to: PEAK.to, total: 2696, handled: 2696, handled_pct: 100, by_day: [], by_category: [] })
    expect(s.total).toBe(2696)
    expect(s.handledPct).toBe(100)
    expect(s.days).toHaveLength(10)
  })

  it('rounds percentages, and shows none for a period without calls (not "100 %")', () => {
    expect(pct(0, 0)).toBeNull()
    expect(pct(2695, 2696)).toBe(100)
    expect(pct(2, 3)).toBe(66.7)
    const none = shapeStats({ from: '2026-05-04', to: '2026-05-04', total: 0, handled: 0, handled_pct: 100, by_day: [], by_category: [] })
    expect(none.handledPct).toBeNull()
  })

  it('offers periods relative to today and to the response in force, not fixed dates', () => {
    expect(weekStart('2020-02-06')).toBe('2020-02-03') // a Thursday → its Monday
    expect(weekStart('2020-02-09')).toBe('2020-02-03') // Sunday belongs to the week before
    const none = presetsFor('2026-05-06', null).map((p) => p.key)
    expect(none).toEqual(['today', 'week', 'last7', 'last30'])
    // Declared on 23 January (Beijing time): days 1–10 are the seed's peak.
    const presets = presetsFor('2020-02-10', { started_at: '2020-01-23T02:00:00Z' })
    expect(presets.find((p) => p.key === 'responseFirst10').range).toEqual(PEAK)
    expect(presets.find((p) => p.key === 'responseSoFar').range).toEqual({ from: '2020-01-23', to: '2020-02-10' })
    // Three days in: the first ten days end today.
    expect(presetsFor('2020-01-26', { started_at: '2020-01-23T02:00:00Z' }).find((p) => p.key === 'responseFirst10').range).toEqual({ from: '2020-01-24', to: '2020-01-26' })
  })

  it('charts both series over every day', () => {
    const o = callsChartOption([{ day: '2020-01-24', total: 3, handled: 2 }], { total: '来电', handled: '已处理' })
    expect(o.xAxis.data).toEqual(['01-24'])
    expect(o.series.map((s) => s.data)).toEqual([[3], [2]])
  })
})

describe('priority customers', () => {
  it('puts interrupted and affected customers first, then tier', () => {
    const list = [
      { name: '乙', status: 'normal', tier: 1 },
      { name: '甲', status: 'affected', tier: 2 },
      { name: '丙', status: 'interrupted', tier: 3 },
      { name: '丁', status: 'affected', tier: 1 },
    ]
    expect([...list].sort(customerOrder).map((c) => c.name)).toEqual(['丙', '丁', '甲', '乙'])
    expect(statusCounts(list)).toEqual({ interrupted: 1, affected: 2, at_risk: 0, normal: 1 })
    expect(STATUSES[0]).toBe('interrupted')
  })

  it('names prevention-supply factories the way the network layer does', () => {
    expect(mapCategory('prevention_factory')).toBe('supply_factory')
    expect(mapCategory('hospital')).toBe('hospital')
  })
})

describe('utility of a user', () => {
  const orgs = [
    { id: 1, parent_id: null, kind: 'association' },
    { id: 2, parent_id: 1, kind: 'utility' },
    { id: 5, parent_id: 2, kind: 'department' },
    { id: 9, parent_id: 5, kind: 'team' },
    { id: 3, parent_id: 1, kind: 'utility' },
  ]
  it('is the utility above the user’s unit, or the first utility for an association user', () => {
    expect(utilityOf(orgs, 9)).toBe(2)
    expect(utilityOf(orgs, 3)).toBe(3)
    expect(utilityOf(orgs, 1)).toBe(2)
    expect(utilityOf([], 7)).toBe(7)
  })
})
