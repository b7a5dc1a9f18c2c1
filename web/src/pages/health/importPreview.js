// The register import's answer, arranged for the preview table: each row's
// errors by column, lines with an error first.
export function previewRows(result) {
  const errors = new Map()
  for (const e of result?.errors ?? []) {
    const byCol = errors.get(e.line) ?? {}
    const col = e.column || '_row'
    byCol[col] = byCol[col] ? `${byCol[col]}；${e.message}` : e.message
    errors.set(e.line, byCol)
  }
  const rows = (result?.preview ?? []).map((p) => ({ ...p, errors: errors.get(p.line) ?? null }))
  // Lines the server could not read at all have no preview row.
  for (const [line, byCol] of errors) {
    if (!rows.some((r) => r.line === line)) rows.push({ line, action: 'error', employee_no: '', name: '', unit: '', changes: null, errors: byCol })
  }
  rows.sort((a, b) => Number(Boolean(b.errors)) - Number(Boolean(a.errors)) || a.line - b.line)
  return rows
}

export const canCommit = (result) => Boolean(result) && result.dry_run && !(result.errors?.length)

/** The columns the preview shows; an error in another column still shows under 行. */
export const PREVIEW_COLUMNS = ['employee_no', 'name', 'unit']

/** "abc.csv" / "abc.xlsx" are the only files the import takes. */
export const acceptedFile = (name) => /\.(csv|xlsx)$/i.test(name ?? '')
