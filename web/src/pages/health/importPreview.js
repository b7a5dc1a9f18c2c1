// The register import's answer, arranged for the preview table: each row's
// errors by column, lines with an error first.
// The server names a column as the file's header says it ("工号", "手机号码（必填）");
// the three the preview shows are matched by the header names the import knows.
import { fieldMessage } from '../../api/problems'

const HEADERS = {
  employee_no: ['工号', '员工编号', '职工编号', '人员编号', '员工号', 'employeeno', 'employeenumber'],
  name: ['姓名', '名字', 'name'],
  unit: ['部门', '单位', '所属部门', '所属单位', '部门名称', '单位名称', 'unit', 'department', 'org'],
}

export function headerKey(header) {
  const base = String(header ?? '').split(/[(（]/)[0]
  return base.replace(/[\s*_-]/g, '').toLowerCase()
}
/** The preview column a header belongs to, or the header itself. */
export function columnOf(header) {
  const key = headerKey(header)
  for (const [col, names] of Object.entries(HEADERS)) if (names.includes(key)) return col
  return header
}

export function previewRows(result) {
  const errors = new Map()
  for (const e of result?.errors ?? []) {
    const byCol = errors.get(e.line) ?? {}
    const col = e.column ? columnOf(e.column) : '_row'
    const text = fieldMessage(e) // our words for its key, never the server's English
    byCol[col] = byCol[col] ? `${byCol[col]}；${text}` : text
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
