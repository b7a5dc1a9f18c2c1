// Calls, incidents and customers belong to a utility (水司). A user placed in
// a unit (客服中心, 供水服务分公司) works for the utility above it; an
// association user picks one, the first by default.

/**
 * @param {{id: number, parent_id: number|null, kind: string}[]} orgs  the visible units
 * @param {number|null|undefined} orgId  the user's unit
 * @returns {number|null}
 */
export function utilityOf(orgs, orgId) {
  const byId = new Map(orgs.map((o) => [o.id, o]))
  for (let o = byId.get(orgId); o; o = byId.get(o.parent_id)) if (o.kind === 'utility') return o.id
  return orgs.find((o) => o.kind === 'utility')?.id ?? orgId ?? null
}
