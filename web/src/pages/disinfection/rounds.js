// The overdue page's pure parts.

/** "2 小时 5 分钟" / "40 分钟". */
export function overdueFor(minutes, t) {
  const h = Math.floor(minutes / 60)
  const m = minutes % 60
  return h > 0 ? t('disinfection.overdue.hours', { h, m }) : t('disinfection.overdue.minutes', { m })
}

export const rateText = (rate, locale) => `${(rate * 100).toLocaleString(locale, { maximumFractionDigits: 1 })}%`

/** An ECharts option: the completion rate per day, one line per unit. */
export function completionChart(items, t) {
  const days = [...new Set(items.map((d) => d.day))].sort()
  const units = [...new Map(items.map((d) => [d.org_id, d.org_name])).entries()]
  return {
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', valueFormatter: (v) => (v == null ? '—' : `${v}%`) },
    legend: { top: 0 },
    xAxis: { type: 'category', data: days },
    yAxis: { type: 'value', min: 0, max: 100, name: t('disinfection.overdue.rate') },
    series: units.map(([id, name]) => ({
      name,
      type: 'line',
      data: days.map((day) => {
        const d = items.find((x) => x.day === day && x.org_id === id)
        return d ? Math.round(d.rate * 1000) / 10 : null
      }),
    })),
  }
}
