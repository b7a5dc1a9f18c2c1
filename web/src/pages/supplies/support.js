// The support register's pure parts: pictures for the API and the chart.

const TYPES = ['hospital', 'community', 'government', 'company', 'school', 'other']

/** Camera pictures as the API takes them: [{caption, mime, data (base64)}]. */
export async function photosOf(files) {
  const out = []
  for (const file of files ?? []) {
    const data = await new Promise((resolve, reject) => {
      const reader = new FileReader()
      reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''))
      reader.onerror = () => reject(reader.error)
      reader.readAsDataURL(file)
    })
    out.push({ caption: file.name.slice(0, 200), mime: file.type || 'image/jpeg', data })
  }
  return out
}

/** kg above a tonne reads as t on the chart. */
function display(item) {
  const tonnes = item.unit === 'kg' && item.quantity >= 1000
  return { unit: tonnes ? 't' : item.unit, factor: tonnes ? 1 / 1000 : 1 }
}

/** An ECharts option: per recipient type, one bar per item (in its unit). */
export function supportChart(totals, t) {
  const types = TYPES.filter((ty) => totals.items.some((i) => i.by_recipient_type?.[ty]))
  return {
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    xAxis: { type: 'category', data: types.map((ty) => t(`supplies.recipientTypes.${ty}`)) },
    yAxis: { type: 'value' },
    series: totals.items.map((item) => {
      const { unit, factor } = display(item)
      return {
        name: `${item.item}（${unit}）`,
        type: 'bar',
        data: types.map((ty) => Math.round((item.by_recipient_type?.[ty] ?? 0) * factor * 100) / 100),
      }
    }),
  }
}
