// Turns the flat list of command bodies into the "1+1+N" picture: the HQ with
// its office and working groups as a tree, and the supervision teams it sends
// out as a separate row.

export const BODY_KINDS = ['hq', 'office', 'working_group', 'supervision_team']

function byOrder(a, b) {
  return BODY_KINDS.indexOf(a.kind) - BODY_KINDS.indexOf(b.kind) || a.sort_order - b.sort_order || a.id - b.id
}

/** @returns {{ roots: Array<{body: object, children: Array}>, teams: Array<object> }} */
export function commandShape(bodies) {
  const teams = bodies.filter((b) => b.kind === 'supervision_team').sort(byOrder)
  const rest = bodies.filter((b) => b.kind !== 'supervision_team')
  const nodes = new Map(rest.map((b) => [b.id, { body: b, children: [] }]))
  const roots = []
  for (const node of [...nodes.values()].sort((a, b) => byOrder(a.body, b.body))) {
    const parent = nodes.get(node.body.parent_id)
    if (parent && parent !== node) parent.children.push(node)
    else roots.push(node)
  }
  return { roots, teams }
}
