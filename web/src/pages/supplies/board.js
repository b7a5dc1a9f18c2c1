// The stock board's pure parts: how days of supply are coloured and charted.

/** Fewer than 7 days is an alarm, fewer than 14 a warning (the purchase cover). */
export function daysClass(days) {
  if (days == null) return ''
  if (days < 7) return 'days--alarm'
  if (days < 14) return 'days--warn'
  return 'days--ok'
}

const COLOURS = { 'days--alarm': '#c0392b', 'days--warn': '#d68910', 'days--ok': '#1e8449', '': '#7f8c8d' }

/** An ECharts option: one horizontal bar per item and warehouse, longest supply at the bottom. */
export function daysChart(lines, t) {
  const rows = lines
    .filter((l) => l.days_of_supply != null)
    .map((l) => ({ name: `${l.item.name} · ${l.warehouse.name}`, value: l.days_of_supply }))
    .sort((a, b) => b.value - a.value)
  return {
    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', name: t('supplies.stock.daysOfSupply'), nameLocation: 'middle', nameGap: 24 },
    yAxis: { type: 'category', data: rows.map((r) => r.name) },
    series: [
      {
        type: 'bar',
        data: rows.map((r) => ({ value: Math.round(r.value * 10) / 10, itemStyle: { color: COLOURS[daysClass(r.value)] } })),
        label: { show: true, position: 'right' },
      },
    ],
  }
}

/** The alert as one sentence (kind low_stock, expiring, expired). */
export function alertText(a, t, quantity) {
  const common = { warehouse: a.warehouse, item: a.item, quantity: quantity(a.on_hand, a.unit) }
  if (a.kind === 'low_stock') return t('supplies.stock.alertLow', { ...common, reorder: quantity(a.reorder_point, a.unit) })
  const key = a.kind === 'expired' ? 'supplies.stock.alertExpired' : 'supplies.stock.alertExpiring'
  return t(key, { ...common, lot: a.lot_no || '—', date: a.expires_on })
}
