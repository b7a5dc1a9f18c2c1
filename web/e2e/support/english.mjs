// English left on a Chinese page: words of three or more Latin letters that
// are not names the product and the trade use as they are (EPANET, Excel,
// SLA …) or parts of identifiers (pipe and valve ids, codes, plates).
const KEEP = new Set([
  'EPANET', 'Excel', 'XLSX', 'CSV', 'GeoJSON', 'SLA', 'SMS', 'API', 'PDA', 'QR', 'ECharts', 'lifeline', 'EN', 'WebP', 'JPEG', 'PNG',
  'inp', 'xlsx', 'csv', 'svg', 'km', 'mm', 'kPa', 'MPa', 'GPa',
])

/** @param {string} text  a page's innerText */
export function englishWords(text) {
  const out = new Set()
  for (const m of text.matchAll(/[A-Za-z][A-Za-z0-9_.-]*/g)) {
    const token = m[0].replace(/[.-]+$/, '')
    if (/\d/.test(token) || token.includes('_') || token.includes('-')) continue // ids, codes (QX-…, J-118, DN600, V12)
    if (token.length < 3 || KEEP.has(token)) continue
    if (/^[A-Z]{2,5}$/.test(token)) continue // abbreviations (CDC, GIS)
    out.add(token)
  }
  return [...out]
}
