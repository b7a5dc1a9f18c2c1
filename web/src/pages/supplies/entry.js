// The movement entry form's pure part: which fields each kind sends.

export const ENTRY_KINDS = ['receipt', 'issue', 'transfer', 'adjust', 'return', 'scrap']

const number = (v) => {
  const s = String(v ?? '').trim().replace(',', '.')
  return s === '' ? undefined : Number(s)
}
const text = (v) => {
  const s = String(v ?? '').trim()
  return s === '' ? undefined : s
}

/** The POST /supplies/movements body for `kind` from the form's values; empty fields are left out. */
export function buildMovement(kind, f) {
  const body = { kind, warehouse_id: f.warehouse_id ?? undefined, item_id: f.item_id ?? undefined, unit: text(f.unit), note: text(f.note) }
  if (kind === 'adjust') body.counted_quantity = number(f.counted_quantity)
  else body.quantity = number(f.quantity)
  if (kind === 'receipt' || kind === 'return') {
    body.lot_no = text(f.lot_no)
    body.expires_on = text(f.expires_on)
  } else if (f.lot_id) {
    body.lot_id = f.lot_id
  }
  if (kind === 'receipt') Object.assign(body, { source: f.source, supplier: text(f.supplier), reference: text(f.reference) })
  if (kind === 'issue' || kind === 'return') Object.assign(body, { to_org_id: f.to_org_id ?? undefined, to_name: text(f.to_name) })
  if (kind === 'issue') body.purpose = text(f.purpose)
  if (kind === 'transfer') body.to_warehouse_id = f.to_warehouse_id ?? undefined
  if (kind === 'scrap') body.reason = f.reason
  for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k]
  return body
}
