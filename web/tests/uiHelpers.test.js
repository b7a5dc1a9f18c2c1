// The small rules behind the new screens: the dual-supply order and the
// console's paging.
import { describe, expect, it, vi } from 'vitest'
import { dualSupplyRows } from '../src/pages/assurance/status'
import { CallPages } from '../src/pages/hotline/paging'

describe('dual supply', () => {
  it('puts the customers that fail N-1 first, those without a network last', () => {
    const rows = dualSupplyRows([
      { id: 1, name: '甲', tier: 1, supply: { routes: 2, dual_supply: true, n1_secure: true, critical_segments: [] } },
      { id: 2, name: '乙', tier: 1, supply: null },
      { id: 3, name: '丙', tier: 1, supply: { routes: 1, dual_supply: false, n1_secure: false, critical_segments: [4, 5] } },
    ])
    expect(rows.map((r) => [r.id, r.routes, r.critical])).toEqual([[3, 1, 2], [1, 2, 0], [2, null, null]])
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
