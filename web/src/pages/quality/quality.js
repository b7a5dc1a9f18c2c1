// What the water-quality pages share: labels, the review rules as the UI
// offers them, problem texts in the user's language, and ECharts options.
import { ApiError } from '../../api/client'

export const POINT_TYPES = ['raw', 'process', 'outlet', 'network', 'network_end', 'secondary', 'customer']
export const LEVELS = ['shift', 'plant', 'centre']
export const FREQUENCIES = ['hours', 'daily', 'weekly', 'twice_monthly', 'monthly', 'half_yearly']
export const THRESHOLD = 0.95
const PLANT_TYPES = new Set(['raw', 'process', 'outlet'])

/** The levels that may test a point type: shift and plant only at the plants. */
export const levelsFor = (type) => (PLANT_TYPES.has(type) ? LEVELS : ['centre'])

/** "97.50 %" (or "—" without tests). */
export function pct(rate) {
  if (rate === null || rate === undefined) return '—'
  return `${(Math.round(rate * 10000) / 100).toFixed(2)} %`
}

/** A fresh Idempotency-Key for one submission (kept across its retries). */
export function newKey() {
  if (globalThis.crypto?.randomUUID) return globalThis.crypto.randomUUID()
  return `k-${Date.now()}-${Math.random().toString(36).slice(2)}`
}

/**
 * The review steps this user may take on a sheet: check (another analyst),
 * approve (the head, neither the enterer nor the checker), return. The
 * server decides; the UI only leaves out what it would refuse.
 */
export function reviewSteps(sample, me, can) {
  if (!sample || !me) return []
  const own = sample.entered?.by_id === me.id
  const steps = []
  if (sample.state === 'entered' && !own && can('quality.check')) steps.push('check')
  if (sample.state === 'checked' && !own && sample.checked?.by !== me.display_name && can('quality.approve')) steps.push('approve')
  if ((sample.state === 'entered' || sample.state === 'checked') && !own && (can('quality.check') || can('quality.approve'))) steps.push('return')
  return steps
}

/** The label of a problem field: "results/2/value" → "第 3 项 · 结果". */
export function fieldLabel(field, t) {
  const m = /^results\/(\d+)\/(\w+)$/.exec(field ?? '')
  if (m) return t('quality.field.result', { n: Number(m[1]) + 1, what: t(`quality.field.${m[2]}`, m[2]) })
  const r = /^readings\/(\d+)\/(\w+)$/.exec(field ?? '')
  if (r) return t('quality.field.reading', { n: Number(r[1]) + 1, what: t(`quality.field.${r[2]}`, r[2]) })
  const line = /^(.+):(\d+)$/.exec(field ?? '')
  if (line) return t('quality.field.line', { file: line[1], line: line[2] })
  return t(`quality.field.${field}`, field)
}

/** Field problems as "{label}：{hint}", in the user's language (the server's English stays out). */
export function fieldProblems(e, t) {
  if (!(e instanceof ApiError)) return []
  return Object.keys(e.fieldErrors).map((f) => {
    const last = f.split('/').pop()
    const hint = t(`quality.hint.${last}`, t('quality.hint.default'))
    return `${fieldLabel(f, t)}：${hint}`
  })
}

/** One sentence for an error that is not about a field. */
export function problemText(e, t) {
  if (e instanceof ApiError) {
    if (e.status === 0) return t('error.network')
    if (e.hasFieldErrors) return fieldProblems(e, t).join('；')
    if (e.status === 403) return t('quality.error.forbidden')
    if (e.status === 404) return t('quality.error.notFound')
    if (e.status === 409) return t('quality.error.conflict')
    if (e.status === 412) return t('error.conflict')
    if (e.status === 422) return t('quality.error.keyReused')
  }
  return t('error.unknown')
}

/** The limit lines a trend draws: national min/max in red, internal ones dashed amber. */
export function limitLines(limit, t) {
  const lines = []
  const add = (value, name, color, type) => {
    if (value !== null && value !== undefined) lines.push({ yAxis: value, name, lineStyle: { color, type }, label: { formatter: `${name} ${value}` } })
  }
  add(limit?.max, t('quality.trend.max'), '#d32f2f', 'solid')
  add(limit?.min, t('quality.trend.min'), '#d32f2f', 'solid')
  add(limit?.internal_max, t('quality.trend.internalMax'), '#f9a825', 'dashed')
  add(limit?.internal_min, t('quality.trend.internalMin'), '#f9a825', 'dashed')
  return lines
}

/** ECharts option for a point's trend of one indicator, with its limits drawn. */
export function trendOption(trend, t) {
  const samples = trend.points.filter((p) => p.source === 'sample' && p.value !== null)
  const readings = trend.points.filter((p) => p.source === 'analyser' && p.value !== null)
  const point = (p) => ({ value: [p.at, p.value], itemStyle: p.judgement === 'fail' ? { color: '#d32f2f' } : undefined })
  return {
    tooltip: { trigger: 'axis' },
    legend: { data: [t('quality.trend.samples'), t('quality.trend.readings')] },
    grid: { left: 48, right: 90, top: 36, bottom: 36 },
    xAxis: { type: 'time' },
    yAxis: { type: 'value', name: trend.unit, scale: true },
    series: [
      {
        name: t('quality.trend.samples'),
        type: 'line',
        symbolSize: 7,
        data: samples.map(point),
        markLine: { symbol: 'none', silent: true, data: limitLines(trend.limit, t) },
      },
      { name: t('quality.trend.readings'), type: 'line', showSymbol: false, lineStyle: { width: 1, opacity: 0.6 }, data: readings.map(point) },
    ],
  }
}

/** Bars of pass rates with the 95 % threshold marked; bars under it in red. */
export function rateBarOption(rates, t) {
  const shown = rates.filter((r) => r.tests > 0)
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v) => `${v} %` },
    grid: { left: 48, right: 24, top: 24, bottom: 72 },
    xAxis: { type: 'category', data: shown.map((r) => r.label || r.key), axisLabel: { rotate: shown.length > 6 ? 40 : 0, interval: 0 } },
    yAxis: { type: 'value', min: (v) => Math.max(0, Math.floor(Math.min(v.min, 90))), max: 100, name: '%' },
    series: [
      {
        type: 'bar',
        data: shown.map((r) => ({ value: Math.round(r.rate * 10000) / 100, itemStyle: { color: r.below_threshold ? '#d32f2f' : '#2e7d32' } })),
        markLine: { symbol: 'none', silent: true, data: [{ yAxis: THRESHOLD * 100, name: '95 %', lineStyle: { color: '#f9a825', type: 'dashed' }, label: { formatter: t('quality.compliance.threshold') } }] },
      },
    ],
  }
}

/** Tasks per state for the dashboard's tiles. */
export function taskTiles(counts) {
  const c = counts ?? {}
  return [
    { key: 'total', value: c.total ?? 0 },
    { key: 'open', value: (c.open ?? 0) - (c.overdue ?? 0) },
    { key: 'overdue', value: c.overdue ?? 0, alert: (c.overdue ?? 0) > 0 },
    { key: 'done', value: c.done ?? 0 },
  ]
}
