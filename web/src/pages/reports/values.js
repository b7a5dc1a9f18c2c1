// A report form's values: start from what was sent (or empty), and send only
// what was filled in (empty optional fields left out, empty table cells dropped).
export function initialValues(fields, sent) {
  const out = {}
  for (const f of fields) {
    if (sent && f.key in sent) out[f.key] = structuredClone(sent[f.key])
    else out[f.key] = f.type === 'table' ? [] : f.type === 'boolean' ? null : ''
  }
  return out
}

export function valuesToSend(fields, values) {
  const out = {}
  for (const f of fields) {
    const v = values[f.key]
    if (v === '' || v === null || v === undefined) continue
    if (f.type === 'table') {
      out[f.key] = v.map((row) => Object.fromEntries(Object.entries(row).filter(([, x]) => x !== '' && x !== null && x !== undefined)))
    } else out[f.key] = v
  }
  return out
}
