// Rows of the dual-supply table from GET /supply: one per priority customer,
// the insecure ones first, so a dispatcher sees at the top who one closed
// segment would leave without water.

/**
 * @param {any} supply  the /supply response
 * @param {{ node: number, name: string, category: string }[]} customers  from /geometry (node = index)
 * @param {Map<string, number>} nodeIndex  node id → index
 */
export function supplyRows(supply, customers, nodeIndex) {
  const byNode = new Map(customers.map((c) => [c.node, c]))
  const rows = (supply?.nodes ?? []).map((r) => {
    const index = nodeIndex.get(String(r.node)) ?? -1
    const c = byNode.get(index)
    return {
      node: String(r.node),
      nodeIndex: index,
      name: r.customer ?? c?.name ?? String(r.node),
      category: r.category ?? c?.category ?? 'other',
      segment: r.segment,
      routes: r.routes ?? 0,
      n1Secure: Boolean(r.n1_secure),
      supplied: r.supplied !== false,
      critical: r.critical_segments ?? [],
    }
  })
  return rows.sort((a, b) => Number(a.n1Secure) - Number(b.n1Secure) || a.routes - b.routes || a.name.localeCompare(b.name, 'zh-CN'))
}

/** Counts for the table header. */
export function supplySummary(rows) {
  return { total: rows.length, secure: rows.filter((r) => r.n1Secure).length, single: rows.filter((r) => r.routes < 2).length }
}
