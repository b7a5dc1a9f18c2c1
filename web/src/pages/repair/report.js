// The POST /incidents body of the report form: the spot picked on the map
// (its pipe, or the point for the server to snap), else a pipe or node typed
// by id, else the address alone.

/**
 * @param {{org_id: number, type: string, source: string, address: string, link: string, node: string, area: string, diameter_mm: string|number, description: string}} form
 * @param {{x: number, y: number, link: string|null}|null} spot
 * @param {Array} photos  [{caption, mime, data}]
 */
export function reportBody(form, spot, photos = []) {
  const body = { org_id: form.org_id, type: form.type, source: form.source, address: form.address.trim(), area: form.area, description: form.description.trim() }
  if (spot?.link) body.link = spot.link
  else if (spot) Object.assign(body, { x: spot.x, y: spot.y })
  else if (form.link.trim()) body.link = form.link.trim()
  else if (form.node.trim()) body.node = form.node.trim()
  if (form.diameter_mm !== '' && form.diameter_mm != null) body.diameter_mm = Number(form.diameter_mm)
  if (photos.length) body.photos = photos
  return body
}
