// The server sends the units a user may see as a flat list; the UI shows a tree.

const KIND_ORDER = ['association', 'utility', 'department', 'water_plant', 'wastewater_plant', 'branch', 'team']

function compareOrgs(a, b) {
  return (
    KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
    (a.code || '').localeCompare(b.code || '') ||
    a.name.localeCompare(b.name, 'zh-CN')
  )
}

/**
 * @param {Array<{id: number, parent_id: number|null, kind: string, code: string, name: string}>} orgs
 * @returns {Array<{org: object, children: Array}>} roots; a unit whose parent the user
 *   cannot see becomes a root, so a utility admin's tree starts at their utility.
 */
export function buildOrgTree(orgs) {
  const nodes = new Map(orgs.map((org) => [org.id, { org, children: [] }]))
  const roots = []
  for (const node of nodes.values()) {
    const parent = node.org.parent_id != null ? nodes.get(node.org.parent_id) : undefined
    if (parent && parent !== node) parent.children.push(node)
    else roots.push(node)
  }
  const sort = (list) => {
    list.sort((a, b) => compareOrgs(a.org, b.org))
    list.forEach((n) => sort(n.children))
  }
  sort(roots)
  return roots
}

/** Depth-first list with depth, for indented pickers. */
export function flattenOrgTree(roots) {
  const out = []
  const seen = new Set()
  const walk = (node, depth) => {
    if (seen.has(node.org.id)) return // a cycle in bad data must not hang the page
    seen.add(node.org.id)
    out.push({ org: node.org, depth })
    node.children.forEach((c) => walk(c, depth + 1))
  }
  roots.forEach((r) => walk(r, 0))
  return out
}

/** Names from the root down to `id`, e.g. 协会 › 长沙水业集团 › 第一水厂. */
export function orgPath(orgs, id) {
  const byId = new Map(orgs.map((o) => [o.id, o]))
  const path = []
  for (let o = byId.get(id); o && !path.includes(o); o = byId.get(o.parent_id)) path.unshift(o)
  return path
}
