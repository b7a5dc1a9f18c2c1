import { describe, expect, it } from 'vitest'
import { ApiError } from '../src/api/client'
import { messages } from '../src/i18n/messages'
import { alertText, daysChart, daysClass } from '../src/pages/supplies/board'
import { buildMovement } from '../src/pages/supplies/entry'
import { fieldKey, formatQuantity, localFieldErrors, problemText, shortfallOf, unitsOf } from '../src/pages/supplies/problems'
import { completionChart, overdueFor } from '../src/pages/disinfection/rounds'

const zh = messages['zh-CN']
const lookup = (key) => key.split('.').reduce((o, k) => o?.[k], zh)
const t = (key, args = {}) => String(lookup(key) ?? key).replace(/\{(\w+)\}/g, (_, k) => args[k] ?? '')
const te = (key) => typeof lookup(key) === 'string'

describe('movement entry', () => {
  const form = {
    warehouse_id: 3, item_id: 7, quantity: ' 2,5 ', unit: '盒', lot_id: 9, lot_no: 'L1', expires_on: '', source: 'purchase',
    supplier: ' 稳健医疗 ', reference: '', to_org_id: 4, to_name: '', purpose: '一线防护', to_warehouse_id: 5,
    counted_quantity: '0', reason: 'expired', note: '',
  }
  it('sends what each kind needs and nothing empty', () => {
    expect(buildMovement('receipt', form)).toEqual({
      kind: 'receipt', warehouse_id: 3, item_id: 7, unit: '盒', quantity: 2.5, lot_no: 'L1', source: 'purchase', supplier: '稳健医疗',
    })
    expect(buildMovement('issue', form)).toEqual({
      kind: 'issue', warehouse_id: 3, item_id: 7, unit: '盒', quantity: 2.5, lot_id: 9, to_org_id: 4, purpose: '一线防护',
    })
    expect(buildMovement('adjust', form)).toEqual({ kind: 'adjust', warehouse_id: 3, item_id: 7, unit: '盒', counted_quantity: 0, lot_id: 9 })
    expect(buildMovement('transfer', form).to_warehouse_id).toBe(5)
    expect(buildMovement('scrap', form).reason).toBe('expired')
  })
})

describe('problems in Chinese', () => {
  it('maps every field of a 400 to a message of its own kind', () => {
    expect(fieldKey('lines/2/quantity')).toBe('lines_quantity')
    const errors = localFieldErrors({ quantity: 'must be greater than 0', 'lines/0/unit': 'x', colour: 'unknown field' }, t, te)
    expect(errors.quantity).toBe('请填写大于 0 的数量（不超过库存）')
    expect(errors['lines/0/unit']).toBe('该单位不能换算')
    expect(errors.colour).toBe('此项填写有误')
  })
  it('names the item and what is on hand when stock runs short', () => {
    const e = new ApiError({ status: 409, detail: 'not enough stock', item: '医用外科口罩', on_hand: 120, unit: '只', warehouse: '集团仓库' }, 409)
    expect(shortfallOf(e)).toMatchObject({ item: '医用外科口罩', onHand: 120 })
    expect(problemText(e, t)).toBe('库存不足：集团仓库「医用外科口罩」现有 120 只')
    expect(problemText(new ApiError({ status: 404, detail: 'no such warehouse' }, 404), t)).toBe('记录不存在，或不在您的权限范围内')
    expect(problemText(new ApiError({ status: 409, detail: 'changed' }, 409), t)).toBe('单据状态已变化，请刷新后重试')
  })
  it('writes large kilograms as tonnes', () => {
    expect(formatQuantity(140500, 'kg')).toBe('140.5 t')
    expect(formatQuantity(1500, '只')).toBe('1,500 只')
    expect(formatQuantity(null, '只')).toBe('—')
  })
  it('offers the units that convert', () => {
    expect(unitsOf({ base_unit: 'kg', units: [{ unit: '桶', factor: 25 }] })).toEqual(['kg', '桶', 't', 'g'])
    expect(unitsOf({ base_unit: '只', units: [{ unit: '盒', factor: 50 }] })).toEqual(['只', '盒'])
  })
})

describe('stock board', () => {
  it('colours days of supply by the purchase cover', () => {
    expect(daysClass(3)).toBe('days--alarm')
    expect(daysClass(10)).toBe('days--warn')
    expect(daysClass(30)).toBe('days--ok')
    expect(daysClass(null)).toBe('')
  })
  it('charts items with a need, longest supply first', () => {
    const line = (name, days) => ({ item: { name }, warehouse: { name: '仓库' }, days_of_supply: days })
    const option = daysChart([line('口罩', 5), line('酒精', 40), line('手套', null)], t)
    expect(option.yAxis.data).toEqual(['酒精 · 仓库', '口罩 · 仓库'])
  })
  it('says each alert in a sentence', () => {
    const q = (v, u) => `${v} ${u}`
    expect(alertText({ kind: 'low_stock', warehouse: '集团仓库', item: '防护服', on_hand: 32, unit: '套', reorder_point: 60 }, t, q))
      .toBe('集团仓库「防护服」可用 32 套，低于订货点 60 套')
  })
})

describe('disinfection', () => {
  it('says how long a place is overdue', () => {
    expect(overdueFor(125, t)).toBe('2 小时 5 分钟')
    expect(overdueFor(40, t)).toBe('40 分钟')
  })
  it('charts completion per unit and day', () => {
    const option = completionChart([
      { day: '2020-02-09', org_id: 1, org_name: '第二水厂', rate: 1 },
      { day: '2020-02-10', org_id: 1, org_name: '第二水厂', rate: 0.5 },
    ], t)
    expect(option.series[0].data).toEqual([100, 50])
  })
})
