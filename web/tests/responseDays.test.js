import { describe, expect, it } from 'vitest'
import { dayBounds, responseDate, responseDay0, responseDayOf, trendRange } from '../src/responseDays'
import { trendSeries } from '../src/pages/health/census'

// Level I declared at 10:00 Beijing time on 23 January 2020: day 0; the 24th is day 1.
const RESPONSE = { started_at: '2020-01-23T02:00:00Z' }

describe('response days', () => {
  it('counts days from the declaration day, in Beijing time', () => {
    expect(responseDay0(RESPONSE)).toBe('2020-01-23')
    expect(responseDayOf('2020-01-24', RESPONSE)).toBe(1)
    expect(responseDayOf('2020-02-10', RESPONSE)).toBe(18)
    expect(responseDate(3, RESPONSE)).toBe('2020-01-26')
    // Declared at 23:30 on the 22nd in Beijing (15:30 UTC): day 0 is the 22nd, not the UTC date.
    expect(responseDay0({ started_at: '2020-01-22T15:30:00Z' })).toBe('2020-01-22')
    expect(responseDayOf('2020-01-24', null)).toBeNull()
    expect(responseDate(1, null)).toBeNull()
  })

  it('runs the census trend from the response or over the last 30 days', () => {
    expect(trendRange('2020-02-10', 'last30', RESPONSE)).toEqual({ from: '2020-01-12', to: '2020-02-10' })
    expect(trendRange('2020-02-10', 'response', RESPONSE)).toEqual({ from: '2020-01-23', to: '2020-02-10' })
    expect(trendRange('2020-02-10', 'response', null)).toEqual({ from: '2020-01-12', to: '2020-02-10' })
    // Long responses stop at the server's 92 days.
    expect(trendRange('2020-06-30', 'response', RESPONSE)).toEqual({ from: '2020-03-31', to: '2020-06-30' })
  })

  it('bounds a business day in UTC', () => {
    expect(dayBounds('2020-01-26')).toEqual({ from: '2020-01-25T16:00:00.000Z', to: '2020-01-26T16:00:00.000Z' })
  })

  it('marks the trend days check-in was not required', () => {
    const s = trendSeries([
      { date: '2020-01-23', required: true, totals: { missing: 3 } },
      { date: '2020-01-22', required: false, totals: { missing: 0 } },
      { date: '2020-01-24', totals: {} },
    ])
    expect(s.required).toEqual([false, true, true])
  })
})
