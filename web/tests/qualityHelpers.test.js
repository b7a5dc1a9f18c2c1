import { describe, expect, it } from 'vitest'
import { ApiError } from '../src/api/client'
import { messages } from '../src/i18n/messages'
import { fieldLabel, fieldProblems, levelsFor, limitLines, pct, problemText, rateBarOption, reviewSteps, taskTiles, trendOption } from '../src/pages/quality/quality'
import { PILLARS } from '../src/layout/nav'

// A t() over the zh-CN messages, as vue-i18n resolves them (with {n} placeholders).
function tOf(locale) {
  return (key, arg, fallback) => {
    let v = key.split('.').reduce((o, k) => (o && typeof o === 'object' ? o[k] : undefined), messages[locale])
    if (v === undefined) return typeof arg === 'string' ? arg : (fallback ?? key)
    if (arg && typeof arg === 'object') for (const [k, x] of Object.entries(arg)) v = v.replaceAll(`{${k}}`, x)
    return v
  }
}
const t = tOf('zh-CN')

describe('the review steps the UI offers', () => {
  const me = { id: 7, display_name: '周涛' }
  const can = (perms) => (p) => perms.includes(p)
  it('never offers a check or an approval of one\'s own entry', () => {
    const own = { state: 'entered', entered: { by_id: 7 } }
    expect(reviewSteps(own, me, can(['quality.check', 'quality.approve']))).toEqual([])
  })
  it('offers the check to another analyst and the approval to the head who did not check it', () => {
    const entered = { state: 'entered', entered: { by_id: 3 } }
    expect(reviewSteps(entered, me, can(['quality.check']))).toEqual(['check', 'return'])
    const checked = { state: 'checked', entered: { by_id: 3 }, checked: { by: '周涛' } }
    expect(reviewSteps(checked, me, can(['quality.check', 'quality.approve']))).toEqual(['return'])
    expect(reviewSteps({ ...checked, checked: { by: '陈静' } }, me, can(['quality.approve']))).toEqual(['approve', 'return'])
    expect(reviewSteps({ state: 'approved', entered: { by_id: 3 } }, me, can(['quality.approve']))).toEqual([])
  })
})

describe('levels and rates', () => {
  it('tests network water at the centre only', () => {
    expect(levelsFor('outlet')).toEqual(['shift', 'plant', 'centre'])
    expect(levelsFor('network_end')).toEqual(['centre'])
  })
  it('prints rates with two decimals and marks the 95 % line', () => {
    expect(pct(0.9876)).toBe('98.76 %')
    expect(pct(null)).toBe('—')
    const o = rateBarOption([{ key: 'a', label: '余氯', tests: 10, passes: 9, rate: 0.9, below_threshold: true }, { key: 'b', tests: 0, rate: null }], t)
    expect(o.xAxis.data).toEqual(['余氯'])
    expect(o.series[0].data[0].itemStyle.color).toBe('#d32f2f')
    expect(o.series[0].markLine.data[0].yAxis).toBe(95)
  })
  it('counts open tasks without the overdue ones', () => {
    expect(taskTiles({ total: 10, open: 4, overdue: 1, done: 6 }).map((x) => x.value)).toEqual([10, 3, 1, 6])
  })
})

describe('trends', () => {
  it('draws the national and internal limits and colours the fails', () => {
    const lines = limitLines({ min: 0.05, max: 2, internal_min: 0.1 }, t)
    expect(lines.map((l) => l.yAxis)).toEqual([2, 0.05, 0.1])
    const o = trendOption({ unit: 'mg/L', limit: { min: 0.05, max: 2 }, points: [{ at: '2020-02-01T02:40:00Z', value: 0.02, judgement: 'fail', source: 'sample' }, { at: '2020-02-01T07:00:00Z', value: 0.12, judgement: 'pass', source: 'sample' }] }, t)
    expect(o.series[0].data[0].itemStyle.color).toBe('#d32f2f')
    expect(o.series[0].markLine.data).toHaveLength(2)
  })
})

describe('problems in Chinese', () => {
  it('names the field and the fix, never the server\'s English', () => {
    const e = new ApiError({ status: 400, detail: 'invalid', errors: [{ field: 'results/0/value', message: 'outside the physical range of ph (0 – 14)' }] }, 400)
    const text = problemText(e, t)
    expect(text).toContain('第1项 · 结果')
    expect(text).not.toContain('physical')
    expect(fieldProblems(e, t)).toHaveLength(1)
    expect(fieldLabel('hach.csv:3', t)).toBe('hach.csv 第3行')
    expect(problemText(new ApiError({ status: 409, detail: 'a sheet that is approved cannot be approved' }, 409), t)).toBe(messages['zh-CN'].quality.error.conflict)
    expect(problemText(new ApiError({ status: 403 }, 403), t)).toBe(messages['zh-CN'].quality.error.forbidden)
  })
  it('has the same keys in both languages', () => {
    const keys = (o, p = '') => Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keys(v, `${p}${k}.`) : [`${p}${k}`]))
    expect(keys(messages.en.quality).sort()).toEqual(keys(messages['zh-CN'].quality).sort())
  })
})

describe('navigation', () => {
  it('puts water quality under supply assurance, for readers of quality', () => {
    const supply = PILLARS.find((p) => p.id === 'supply')
    const quality = supply.items.filter((i) => i.route.startsWith('quality'))
    expect(quality.length).toBeGreaterThanOrEqual(5)
    expect(quality.every((i) => i.permission === 'quality.read')).toBe(true)
  })
})
