// The status grid's shape: units down, (template, deadline) across.
export function shapeGrid(items) {
  const columns = []
  const seen = new Set()
  const units = new Map()
  for (const c of items) {
    const col = `${c.template.id}|${c.deadline}`
    if (!seen.has(col)) {
      seen.add(col)
      columns.push({ key: col, template: c.template, deadline: c.deadline })
    }
    if (!units.has(c.unit.id)) units.set(c.unit.id, { unit: c.unit, cells: {} })
    units.get(c.unit.id).cells[col] = c
  }
  columns.sort((a, b) => a.template.id - b.template.id || a.deadline.localeCompare(b.deadline))
  return { columns, rows: [...units.values()] }
}
