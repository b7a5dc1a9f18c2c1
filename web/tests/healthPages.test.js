import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { i18n } from '../src/i18n'
import { visibleNav } from '../src/layout/nav'
import CensusPage from '../src/pages/health/CensusPage.vue'
import CheckinForm from '../src/pages/health/CheckinForm.vue'
import { setSession } from '../src/session'

const me = (permissions) => ({ id: 1, username: 'u', display_name: '王五', role: 'staff', org_id: 2, org_name: '长沙水业集团', permissions, csrf_token: 't' })
const json = (body, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
const RouterLink = { props: ['to'], template: '<a><slot /></a>' }
const mountOpts = { global: { plugins: [i18n], stubs: { RouterLink } } }

const FORM = {
  person: { id: 7, name: '张三', org_name: '第八水厂' },
  day: '2020-01-26',
  window: { start: '07:00', deadline: '10:00' },
  open: true,
  late: false,
  required: true,
  settings: { symptoms: ['发热', '干咳'], fever_celsius: 37.3 },
  risk_areas: [{ name: '湖北省武汉市', level: 'high' }],
  today: null,
}

let calls
function stubFetch(routes) {
  calls = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url, init = {}) => {
      calls.push({ url, method: init.method, headers: init.headers, body: init.body })
      for (const [prefix, answer] of routes) if (url.startsWith(prefix)) return answer(url, init)
      return json({ items: [] })
    }),
  )
}

beforeEach(() => {
  i18n.global.locale.value = 'zh-CN'
})
afterEach(() => {
  setSession(null)
  vi.unstubAllGlobals()
})

describe('health navigation', () => {
  const ids = (perms) => Object.fromEntries(visibleNav((p) => perms.includes(p)).map((p) => [p.id, p.items?.map((i) => i.route)]))

  it('gives everyone check-in, outings and their own file; the census to those with counts', () => {
    const staff = ids(['health.self'])
    expect(staff.prevention).toEqual(['health-checkin', 'health-me', 'health-outings'])
    expect(staff.reporting).toBeUndefined()
    const commander = ids(['health.self', 'health.census', 'outings.approve'])
    expect(commander.reporting).toEqual(['health-census'])
    expect(commander.prevention).not.toContain('health-cases')
    const officer = ids(['health.self', 'health.census', 'health.records', 'health.manage'])
    expect(officer.prevention).toEqual(['health-checkin', 'health-me', 'health-outings', 'health-register', 'health-cases', 'health-entrance', 'health-settings'])
  })
})

describe('check-in form', () => {
  it('sends the check-in with an Idempotency-Key, retries a lost answer with the same key and shows the result', async () => {
    let posts = 0
    stubFetch([
      ['/api/v1/health/checkins/form', () => json(FORM)],
      ['/api/v1/health/checkins', () => {
        posts++
        if (posts === 1) throw new TypeError('network down')
        return json({ id: 1, temperature: 37.6, submitted_at: '2020-01-26T01:30:00Z', abnormal: true, abnormal_reasons: ['fever', 'symptoms'], late: false }, 201)
      }],
    ])
    const w = mount(CheckinForm, mountOpts)
    await flushPromises()
    expect(w.text()).toContain('张三 · 第八水厂')
    expect(w.text()).toContain('今日尚未打卡')

    await w.find('input[name="temperature"]').setValue('37.6')
    await w.findAll('.chip-toggle').at(1).trigger('click')
    vi.useFakeTimers()
    await w.find('form').trigger('submit')
    await vi.runAllTimersAsync()
    vi.useRealTimers()
    await flushPromises()

    const sent = calls.filter((c) => c.method === 'POST')
    expect(sent).toHaveLength(2)
    expect(sent[0].headers['Idempotency-Key']).toBeTruthy()
    expect(sent[1].headers['Idempotency-Key']).toBe(sent[0].headers['Idempotency-Key'])
    expect(JSON.parse(sent[0].body)).toMatchObject({ temperature: 37.6, symptoms: ['干咳'], location: 'in_town' })
    const result = w.find('[data-test="checkin-result"]')
    expect(result.text()).toContain('今日状况异常')
    expect(result.text()).toContain('体温偏高')
    expect(result.text()).toContain('有症状')
  })

  it('checks the form before sending', async () => {
    stubFetch([['/api/v1/health/checkins/form', () => json(FORM)]])
    const w = mount(CheckinForm, mountOpts)
    await flushPromises()
    await w.find('form').trigger('submit')
    await flushPromises()
    expect(w.text()).toContain('请填写体温')
    expect(calls.some((c) => c.method === 'POST')).toBe(false)
  })

  it('on a personal link sends the token, and says so when the link is dead', async () => {
    stubFetch([['/api/v1/health/checkins/form', () => json({ status: 401, title: 'Unauthorized' }, 401)]])
    const w = mount(CheckinForm, { ...mountOpts, props: { token: 'tok123' } })
    await flushPromises()
    expect(calls[0].headers['X-Checkin-Token']).toBe('tok123')
    expect(w.find('[data-test="checkin-load-error"]').text()).toContain('打卡链接无效')
  })

  it('shows the late warning after the deadline', async () => {
    stubFetch([['/api/v1/health/checkins/form', () => json({ ...FORM, late: true })]])
    const w = mount(CheckinForm, mountOpts)
    await flushPromises()
    expect(w.text()).toContain('已过截止时间 10:00')
  })
})

describe('census page', () => {
  const counts = { headcount: 10, checked_in: 8, missing: 2, late: 1, abnormal: 1, fever: 1 }
  function routes() {
    return [
      ['/api/v1/health/census/trend', () => json([{ date: '2020-01-25', totals: counts }, { date: '2020-01-26', totals: counts }])],
      ['/api/v1/health/census', () => json({ org: { id: 2, name: '长沙水业集团' }, date: '2020-01-26', required: true, totals: counts, units: [{ org_id: 5, name: '第八水厂', kind: 'water_plant', counts }] })],
      ['/api/v1/health/missing', () => json({ items: [{ staff_id: 3, name: '李四', employee_no: 'E3', org_name: '第八水厂', phone: '13800000003' }], required: 10, deadline_passed: true })],
      ['/api/v1/health/checkins', () => json({ items: [{ id: 9, staff_id: 4, name: '王五', org_name: '第八水厂', temperature: 37.8, fever: true, abnormal_reasons: ['fever'] }] })],
      ['/api/v1/orgs', () => json({ items: [{ id: 2, parent_id: null, kind: 'utility', code: 'cs', name: '长沙水业集团' }, { id: 5, parent_id: 2, kind: 'water_plant', code: 'p8', name: '第八水厂' }] })],
    ]
  }

  it('shows a health officer the figures, the units, the missing and the abnormal lists', async () => {
    stubFetch(routes())
    setSession(me(['health.self', 'health.census', 'health.records', 'health.manage']))
    const w = mount(CensusPage, mountOpts)
    await flushPromises()
    expect(w.find('[data-count="checked_in"]').text()).toContain('8')
    expect(w.find('[data-test="census-totals"]').text()).toContain('80%')
    expect(w.find('[data-test="census-units"]').text()).toContain('第八水厂')
    expect(w.find('[data-test="missing-list"]').text()).toContain('13800000003')
    expect(w.find('[data-test="missing-list"]').text()).toContain('发送提醒')
    expect(w.find('[data-test="abnormal-list"]').text()).toContain('王五')
    expect(w.find('.trend__svg').exists()).toBe(true)

    await w.find('[data-test="census-units"] tbody tr').trigger('click')
    await flushPromises()
    expect(calls.filter((c) => c.url.startsWith('/api/v1/health/census?')).at(-1).url).toContain('org=5')
  })

  it('shows a commander the counts but never asks for personal records', async () => {
    stubFetch(routes())
    setSession(me(['health.self', 'health.census', 'outings.approve']))
    const w = mount(CensusPage, mountOpts)
    await flushPromises()
    expect(w.find('[data-count="abnormal"]').text()).toContain('1')
    expect(w.find('[data-test="abnormal-list"]').exists()).toBe(false)
    expect(calls.some((c) => c.url.startsWith('/api/v1/health/checkins'))).toBe(false)
    expect(w.text()).not.toContain('发送提醒')
  })
})

describe('register import wizard', () => {
  it('sends the file as it is for a dry run, marks the bad line and keeps commit off until clean', async () => {
    const { default: ImportWizard } = await import('../src/pages/health/ImportWizard.vue')
    const report = (errors) => ({
      dry_run: true, rows: 2, created: 1, updated: 0, unchanged: 0, errors,
      preview: [{ line: 2, action: 'create', employee_no: 'E1', name: '测试甲', unit: '第八水厂', changes: [] }],
    })
    let answer = report([{ line: 3, column: '手机', message: 'not a mobile number (13x … 19x)', key: 'bad_phone' }])
    stubFetch([['/api/v1/health/staff/import', () => json(answer)], ['/api/v1/orgs', () => json({ items: [] })]])
    setSession(me(['health.self', 'health.manage']))
    const w = mount(ImportWizard, { ...mountOpts, props: { org: 2 }, global: { ...mountOpts.global, stubs: { ...mountOpts.global.stubs, ModalDialog: { template: '<div><slot /></div>' } } } })
    const file = new File(['工号,姓名,手机\nE1,测试甲,13900000001\nE2,测试乙,123\n'], '花名册.csv', { type: 'text/csv' })
    const input = w.find('input[type="file"]')
    Object.defineProperty(input.element, 'files', { value: [file] })
    await input.trigger('change')
    await w.find('form').trigger('submit')
    await flushPromises()

    const sent = calls.find((c) => c.url.startsWith('/api/v1/health/staff/import'))
    expect(sent.url).toContain('dry_run=true')
    expect(sent.url).toContain('org=2')
    expect(sent.headers['Content-Type']).toBe('text/csv')
    expect(decodeURIComponent(sent.headers['X-File-Name'])).toBe('花名册.csv')
    expect(sent.body).toBe(file)
    const bad = w.find('tr[data-line="3"]')
    expect(bad.classes()).toContain('row--error')
    expect(bad.text()).toContain('不是有效的电话号码')
    expect(bad.text()).not.toContain('not a mobile number') // never the server's English
    const commit = w.findAll('button').find((b) => b.text() === '确认导入')
    expect(commit.attributes('disabled')).toBeDefined()

    answer = report([])
    await w.find('form').trigger('submit')
    await flushPromises()
    expect(commit.attributes('disabled')).toBeUndefined()
    answer = { ...report([]), dry_run: false }
    await commit.trigger('click')
    await flushPromises()
    expect(calls.at(-1).url).toContain('dry_run=false')
    expect(w.emitted('imported')).toHaveLength(1)
  })
})
