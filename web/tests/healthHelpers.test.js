import { beforeEach, describe, expect, it, vi } from 'vitest'
import { COUNT_KEYS, niceMax, rate, sumCounts, trendSeries, unitTable } from '../src/pages/health/census'
import { checkinBody, emptyCheckin, fromRecord, isFever, validateCheckin } from '../src/pages/health/checkinForm'
import { addDays, businessDate, clockTime, fromShanghaiInput, toShanghaiInput } from '../src/pages/health/dates'
import { createKeyring, retryable, sendIdempotent } from '../src/pages/health/idempotency'
import { acceptedFile, canCommit, columnOf, previewRows } from '../src/pages/health/importPreview'
import { importType } from '../src/api/health'
import { i18n } from '../src/i18n'

const counts = (over) => ({ ...Object.fromEntries(COUNT_KEYS.map((k) => [k, 0])), ...over })

describe('census table', () => {
  const census = {
    totals: counts({ headcount: 30, checked_in: 27, missing: 3, abnormal: 1 }),
    units: [
      { org_id: 1, name: '第八水厂', counts: counts({ headcount: 10, checked_in: 10 }) },
      { org_id: 2, name: '人力资源部', counts: counts({ headcount: 8, checked_in: 7, missing: 1, abnormal: 1 }) },
      { org_id: 3, name: '管网所', counts: counts({ headcount: 12, checked_in: 10, missing: 2 }) },
    ],
  }

  it('puts the units with the most missing first and totals them', () => {
    const t = unitTable(census)
    expect(t.units.map((u) => u.org_id)).toEqual([3, 2, 1])
    expect(t.total.headcount).toBe(30)
    expect(t.total.checked_in).toBe(27)
    expect(t.consistent).toBe(true)
  })

  it('notices when the units do not add up to the totals', () => {
    expect(unitTable({ ...census, totals: counts({ headcount: 31 }) }).consistent).toBe(false)
    expect(unitTable({ totals: counts({ headcount: 5 }), units: [] }).consistent).toBe(true)
  })

  it('ties equal units by name and sums missing fields as zero', () => {
    const t = unitTable({ totals: counts({}), units: [{ org_id: 9, name: 'B', counts: {} }, { org_id: 8, name: 'A', counts: {} }] })
    expect(t.units.map((u) => u.name)).toEqual(['A', 'B'])
    expect(sumCounts([{ headcount: 2 }, {}]).headcount).toBe(2)
  })

  it('writes the check-in rate', () => {
    expect(rate({ headcount: 200, checked_in: 193 })).toBe('96.5%')
    expect(rate({ headcount: 4, checked_in: 4 })).toBe('100%')
    expect(rate({ headcount: 0, checked_in: 0 })).toBe('—')
    expect(rate(null)).toBe('—')
  })

  it('orders the trend by date and picks the series', () => {
    const s = trendSeries([
      { date: '2020-01-26', totals: { checked_in: 5, missing: 1 } },
      { date: '2020-01-25', totals: { checked_in: 4 } },
    ], ['checked_in', 'missing'])
    expect(s.dates).toEqual(['2020-01-25', '2020-01-26'])
    expect(s.series).toEqual([{ key: 'checked_in', values: [4, 5] }, { key: 'missing', values: [0, 1] }])
  })

  it('rounds axis maxima up to readable steps', () => {
    expect([0, 1, 7, 23, 130, 1000].map(niceMax)).toEqual([1, 1, 8, 25, 150, 1000])
  })
})

describe('check-in form', () => {
  it('asks for a temperature in a human range', () => {
    const f = emptyCheckin()
    expect(validateCheckin(f).temperature).toBe('health.checkin.err.temperature')
    f.temperature = '45'
    expect(validateCheckin(f).temperature).toBe('health.checkin.err.temperatureRange')
    f.temperature = '36,6'
    expect(validateCheckin(f)).toEqual({})
  })

  it('asks for the city when away, the areas after risk travel and every member name', () => {
    const f = { ...emptyCheckin(), temperature: '36.5', location: 'away', risk_travel: true, household: [{ name: ' ', relation: 'spouse', status: 'normal' }] }
    expect(Object.keys(validateCheckin(f)).sort()).toEqual(['city', 'household/0/name', 'risk_areas'])
  })

  it('builds the body the API takes, without fields that do not apply', () => {
    const f = { ...emptyCheckin(), temperature: '37.26', symptoms: ['干咳'], city: '武汉', risk_areas: '湖北', remarks: ' 无 ' }
    expect(checkinBody(f)).toEqual({
      temperature: 37.3, symptoms: ['干咳'], location: 'in_town', risk_travel: false, contact: 'none', work_status: 'on_duty', household: [], remarks: '无',
    })
    const away = checkinBody({ ...f, location: 'away', risk_travel: true }, 12)
    expect(away.city).toBe('武汉')
    expect(away.risk_areas).toBe('湖北')
    expect(away.staff_id).toBe(12)
  })

  it('prefills from today\'s record so a resubmission edits it', () => {
    const f = fromRecord({ temperature: 36.8, symptoms: ['乏力'], location: 'away', city: '株洲', contact: 'none', work_status: 'remote', household: [{ name: '李四', relation: 'spouse', status: 'normal' }], remarks: null })
    expect(f.temperature).toBe('36.8')
    expect(f.city).toBe('株洲')
    expect(f.remarks).toBe('')
    expect(f.household[0].name).toBe('李四')
  })

  it('flags a fever at the threshold', () => {
    expect(isFever('37.3', 37.3)).toBe(true)
    expect(isFever('37.2', 37.3)).toBe(false)
    expect(isFever('', 37.3)).toBe(false)
  })
})

describe('idempotency keys', () => {
  it('keeps the key while the body is the same, and a new one after an answer or a change', () => {
    let n = 0
    const ring = createKeyring(() => `k${++n}`)
    expect(ring.keyFor({ a: 1 })).toBe('k1')
    expect(ring.keyFor({ a: 1 })).toBe('k1')
    expect(ring.keyFor({ a: 2 })).toBe('k2')
    ring.done()
    expect(ring.keyFor({ a: 2 })).toBe('k3')
  })

  it('retries network errors and 5xx with the same key, never a 4xx', async () => {
    expect([0, 500, 503, 400, 409, 422, undefined].map((status) => retryable({ status }))).toEqual([true, true, true, false, false, false, false])
    const wait = vi.fn(async () => {})
    const seen = []
    const send = vi.fn(async (key) => {
      seen.push(key)
      if (seen.length < 3) throw { status: seen.length === 1 ? 0 : 502 }
      return { id: 1 }
    })
    await expect(sendIdempotent(send, 'K', { wait })).resolves.toEqual({ id: 1 })
    expect(seen).toEqual(['K', 'K', 'K'])
    expect(wait).toHaveBeenCalledTimes(2)

    const bad = vi.fn(async () => { throw { status: 422 } })
    await expect(sendIdempotent(bad, 'K', { wait })).rejects.toEqual({ status: 422 })
    expect(bad).toHaveBeenCalledTimes(1)
  })

  it('gives up after the retries', async () => {
    const send = vi.fn(async () => { throw { status: 0 } })
    await expect(sendIdempotent(send, 'K', { retries: 1, wait: async () => {} })).rejects.toEqual({ status: 0 })
    expect(send).toHaveBeenCalledTimes(2)
  })
})

describe('import preview', () => {
  beforeEach(() => {
    i18n.global.locale.value = 'zh-CN'
  })
  const result = {
    dry_run: true,
    preview: [
      { line: 2, action: 'create', employee_no: 'E1', name: '张三', unit: '第八水厂' },
      { line: 3, action: 'update', employee_no: 'E2', name: '李四', unit: '人力资源部', changes: { phone: ['1', '2'] } },
    ],
    errors: [
      { line: 3, column: 'phone', message: 'not a mobile number (13x … 19x)', key: 'bad_phone' },
      { line: 3, column: 'phone', message: 'employee number E2 also on line 2', key: 'health.import.duplicate', params: { line: '2' } },
      { line: 5, column: '', message: 'who knows', key: 'some.new_key' },
    ],
  }

  it('matches the file\'s headers to the preview columns', () => {
    expect(columnOf('工号')).toBe('employee_no')
    expect(columnOf('Employee No')).toBe('employee_no')
    expect(columnOf('姓名（必填）*')).toBe('name')
    expect(columnOf('所属部门')).toBe('unit')
    expect(columnOf('手机号码')).toBe('手机号码')
    const rows = previewRows({ preview: [{ line: 2, action: 'create' }], errors: [{ line: 2, column: '工号', message: 'must not be empty', key: 'empty' }] })
    expect(rows[0].errors).toEqual({ employee_no: '不能为空' })
  })

  it('puts lines with errors first, with each error under its column', () => {
    const rows = previewRows(result)
    expect(rows.map((r) => r.line)).toEqual([3, 5, 2])
    // In our words for each key, never the server's English.
    expect(rows[0].errors).toEqual({ phone: '不是有效的电话号码；工号与第 2 行重复' })
    expect(rows[1].errors).toEqual({ _row: '此项填写有误' })
    expect(rows[2].errors).toBeNull()
  })

  it('commits only a clean dry run', () => {
    expect(canCommit(result)).toBe(false)
    expect(canCommit({ ...result, errors: [] })).toBe(true)
    expect(canCommit({ ...result, dry_run: false, errors: [] })).toBe(false)
    expect(canCommit(null)).toBe(false)
  })

  it('takes CSV and XLSX files with their media types', () => {
    expect(acceptedFile('花名册.CSV')).toBe(true)
    expect(acceptedFile('a.xls')).toBe(false)
    expect(importType('a.xlsx')).toMatch(/spreadsheetml/)
    expect(importType('a.csv')).toBe('text/csv')
  })
})

describe('business dates', () => {
  it('are Shanghai dates whatever the instant', () => {
    expect(businessDate(new Date('2020-01-25T16:30:00Z'))).toBe('2020-01-26')
    expect(businessDate(new Date('2020-01-25T15:59:00Z'))).toBe('2020-01-25')
    expect(addDays('2020-02-28', 2)).toBe('2020-03-01')
    expect(addDays('2020-01-01', -1)).toBe('2019-12-31')
    expect(clockTime('2020-01-25T01:05:00Z')).toBe('09:05')
    expect(fromShanghaiInput('2020-01-25T09:05')).toBe('2020-01-25T01:05:00.000Z')
    expect(toShanghaiInput('2020-01-25T01:05:00Z')).toBe('2020-01-25T09:05')
  })
})
