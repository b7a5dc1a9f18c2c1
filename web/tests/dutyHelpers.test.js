// Pure helpers of the duty, supervision and reports pages.
import { describe, expect, it } from 'vitest'
import { ApiError } from '../src/api/client'
import { i18n } from '../src/i18n'
import { fieldMessage, fieldMessages, problemText } from '../src/pages/duty/errors'
import { cells, problemCells, reasonOf, troubled } from '../src/pages/duty/roster'
import { barOf, daysBetween, hhmm, localInput, monday } from '../src/pages/duty/time'
import { shapeGrid } from '../src/pages/reports/grid'
import { initialValues, valuesToSend } from '../src/pages/reports/values'

i18n.global.locale.value = 'zh-CN'
const t = i18n.global.t

describe('duty time helpers', () => {
  it('reads instants in Shanghai wall time', () => {
    expect(hhmm('2020-01-26T00:00:00Z')).toBe('08:00')
    expect(localInput('2020-01-26T12:30:00Z')).toBe('2020-01-26T20:30')
    expect(monday('2020-01-26')).toBe('2020-01-20')
    expect(monday('2020-01-20')).toBe('2020-01-20')
    expect(daysBetween('2020-01-30', '2020-02-02')).toEqual(['2020-01-30', '2020-01-31', '2020-02-01', '2020-02-02'])
  })

  it('lays a segment out on its days, split at midnight', () => {
    // 20:00 the 26th to 08:00 the 27th, Shanghai.
    expect(barOf('2020-01-26', '2020-01-26T12:00:00Z', '2020-01-27T00:00:00Z')).toEqual({ left: (20 / 24) * 100, width: (4 / 24) * 100 })
    expect(barOf('2020-01-27', '2020-01-26T12:00:00Z', '2020-01-27T00:00:00Z')).toEqual({ left: 0, width: (8 / 24) * 100 })
    expect(barOf('2020-01-28', '2020-01-26T12:00:00Z', '2020-01-27T00:00:00Z')).toBeNull()
  })
})

describe('the roster calendar', () => {
  const post = { id: 3, name: '调度' }
  const night = { post, person: { id: 7, name: '王敏' }, from: '2020-01-26T12:00:00Z', until: '2020-01-27T00:00:00Z', roster: { kind: 'epidemic' } }
  const fever = { kind: 'unfit', post, person: { id: 7, name: '王敏' }, from: '2020-01-26T12:00:00Z', until: '2020-01-26T16:00:00Z', reason: 'fever', suggestion: { id: 8, name: '李雷' } }

  it('puts each shift on the days it touches with its hours', () => {
    const c = cells([night], ['2020-01-26', '2020-01-27'])
    expect(c.get('3|2020-01-26')[0].label).toBe('20:00–08:00')
    expect(c.get('3|2020-01-27')).toHaveLength(1)
    expect(problemCells([fever], ['2020-01-26', '2020-01-27']).get('3|2020-01-27')).toBeUndefined()
  })

  it('marks a shift whose person has a problem in it', () => {
    expect(troubled(night, [fever])).toBe(true)
    expect(troubled({ ...night, person: { id: 9 } }, [fever])).toBe(false)
  })

  it('says each problem in words', () => {
    expect(reasonOf(fever)).toEqual(['duty.reason.fever', {}])
    expect(t(...reasonOf({ kind: 'short_rest', rest_minutes: 120, min_rest_minutes: 480 }))).toBe('两班间仅休息 120 分钟（要求 480 分钟）')
    expect(t(...reasonOf({ kind: 'double_booked', other_post: { name: '领导带班' } }))).toBe('同时在「领导带班」值班')
  })
})

describe('server problems in Chinese', () => {
  const problem = (status, errors = [], detail = '') => new ApiError({ status, detail, errors }, status)

  it('maps the services’ field messages and never shows English', () => {
    expect(fieldMessage(t, 'overlaps override 3 of this post')).toBe('与已有调班时间重叠')
    expect(fieldMessage(t, '2021-03-14T02:30 does not exist in America/New_York (the clocks go forward over it)')).toBe('该时刻因夏令时调整并不存在')
    expect(fieldMessage(t, 'something new and English')).toBe('填写有误，请检查')
    const e = problem(400, [{ field: 'layers/0/members', message: 'a layer needs at least one person' }])
    expect(fieldMessages(t, e)).toEqual({ 'layers/0/members': '至少需要一名值班人员' })
    expect(problemText(t, problem(404))).toBe('未找到，或您无权查看')
    expect(problemText(t, problem(409, [], 'HQ has acknowledged this report; it is closed'))).toBe('总部已签收，不能再修改')
    expect(problemText(t, new Error('x'))).toBe('操作失败，请稍后重试')
  })
})

describe('reports', () => {
  it('shapes the status grid into units by deadlines', () => {
    const cell = (unit, deadline, state) => ({ unit: { id: unit, name: `U${unit}` }, template: { id: 1, name: '日报' }, deadline, state })
    const g = shapeGrid([cell(2, '2020-01-26T08:00:00Z', 'missing'), cell(1, '2020-01-26T00:00:00Z', 'on_time'), cell(1, '2020-01-26T08:00:00Z', 'late')])
    expect(g.columns.map((c) => c.deadline)).toEqual(['2020-01-26T00:00:00Z', '2020-01-26T08:00:00Z'])
    expect(g.rows.map((r) => r.unit.id)).toEqual([2, 1])
    expect(g.rows[1].cells['1|2020-01-26T00:00:00Z'].state).toBe('on_time')
  })

  it('starts a form from what was sent and leaves empty answers out', () => {
    const fields = [{ key: 'inflow', type: 'number' }, { key: 'ok', type: 'boolean' }, { key: 'notes', type: 'text' }, { key: 'stock', type: 'table', columns: [{ key: 'item' }, { key: 'qty' }] }]
    const v = initialValues(fields, { inflow: 5 })
    expect(v).toEqual({ inflow: 5, ok: null, notes: '', stock: [] })
    v.stock.push({ item: '口罩', qty: '' })
    expect(valuesToSend(fields, v)).toEqual({ inflow: 5, stock: [{ item: '口罩' }] })
  })
})
