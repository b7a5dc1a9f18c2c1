// Turns the /geometry response (parallel arrays, vertices keyed by link
// index) into the flat typed arrays the grid and the renderer walk every
// frame, and the lookups the search box needs.

/** Pipe diameter classes (mm upper bounds) → line width class 0…3. */
export const DIAMETER_CLASSES = [150, 300, 600]

/** @param {number} mm */
export function widthClass(mm) {
  let c = 0
  while (c < DIAMETER_CLASSES.length && mm > DIAMETER_CLASSES[c]) c++
  return c
}

/** Link kind codes in `kind` (Uint8Array): the renderer colours them apart. */
export const KIND = { pipe: 0, pump: 1, valve: 2 }
const KIND_OF = { P: KIND.pipe, U: KIND.pump, V: KIND.valve }

/**
 * @param {any} g  the /geometry response
 */
export function prepareGeometry(g) {
  const nNodes = g.nodes.id.length
  const nLinks = g.links.id.length
  const nodeX = Float64Array.from(g.nodes.x)
  const nodeY = Float64Array.from(g.nodes.y)
  const vertices = g.links.vertices || {}

  // Polylines: from-node, any vertices, to-node.
  const start = new Int32Array(nLinks + 1)
  let points = 0
  for (let i = 0; i < nLinks; i++) {
    start[i] = points
    points += 2 + (vertices[i]?.length ?? 0)
  }
  start[nLinks] = points
  const coords = new Float64Array(2 * points)
  const from = Int32Array.from(g.links.from)
  const to = Int32Array.from(g.links.to)
  for (let i = 0; i < nLinks; i++) {
    let k = 2 * start[i]
    coords[k++] = nodeX[from[i]]
    coords[k++] = nodeY[from[i]]
    for (const [x, y] of vertices[i] ?? []) {
      coords[k++] = x
      coords[k++] = y
    }
    coords[k++] = nodeX[to[i]]
    coords[k] = nodeY[to[i]]
  }

  const kind = new Uint8Array(nLinks)
  const width = new Uint8Array(nLinks)
  let totalLength = 0
  for (let i = 0; i < nLinks; i++) {
    kind[i] = KIND_OF[g.links.type[i]] ?? KIND.pipe
    width[i] = widthClass(g.links.diameter_mm?.[i] ?? 0)
    totalLength += Math.hypot(nodeX[to[i]] - nodeX[from[i]], nodeY[to[i]] - nodeY[from[i]])
  }

  const valves = g.valves ?? { id: [], link: [], node: [], operable: [] }
  return {
    nNodes,
    nLinks,
    nodeIds: g.nodes.id,
    nodeType: g.nodes.type,
    linkIds: g.links.id,
    nodeX,
    nodeY,
    lines: { coords, start },
    from,
    to,
    kind,
    width,
    diameter: g.links.diameter_mm ?? [],
    // Typical link length: the level of detail is chosen from how many
    // pixels an average link spans.
    meanLinkLength: nLinks ? totalLength / nLinks : 1,
    valves: { id: valves.id, link: Int32Array.from(valves.link), node: Int32Array.from(valves.node), operable: valves.operable.slice() },
    customers: g.customers ?? [],
    bounds: g.bounds ?? boundsOf(nodeX, nodeY),
  }
}

function boundsOf(xs, ys) {
  let b = [Infinity, Infinity, -Infinity, -Infinity]
  for (let i = 0; i < xs.length; i++) b = [Math.min(b[0], xs[i]), Math.min(b[1], ys[i]), Math.max(b[2], xs[i]), Math.max(b[3], ys[i])]
  return xs.length ? b : [0, 0, 1, 1]
}

/** Index maps (id → index) for nodes, links and valves, built once. */
export function indexById(geo) {
  const map = (ids) => new Map(ids.map((id, i) => [String(id), i]))
  return { node: map(geo.nodeIds), link: map(geo.linkIds), valve: map(geo.valves.id) }
}

/** The midpoint of a link's polyline (by point count — good enough to centre the view on). */
export function linkMidpoint(geo, link) {
  const { coords, start } = geo.lines
  const a = start[link], b = start[link + 1] - 1
  return [(coords[2 * a] + coords[2 * b]) / 2, (coords[2 * a + 1] + coords[2 * b + 1]) / 2]
}

/**
 * Search: an exact node / pipe / valve id first, then priority customers
 * whose name contains the text; at most `limit` hits.
 * @returns {{ kind: 'node'|'link'|'valve'|'customer', index: number, label: string }[]}
 */
export function searchNetwork(geo, index, text, limit = 8) {
  const q = text.trim()
  if (!q) return []
  const hits = []
  if (index.link.has(q)) hits.push({ kind: 'link', index: index.link.get(q), label: q })
  if (index.node.has(q)) hits.push({ kind: 'node', index: index.node.get(q), label: q })
  if (index.valve.has(q)) hits.push({ kind: 'valve', index: index.valve.get(q), label: q })
  const lower = q.toLowerCase()
  for (let i = 0; i < geo.customers.length && hits.length < limit; i++) {
    if (geo.customers[i].name.toLowerCase().includes(lower)) hits.push({ kind: 'customer', index: i, label: geo.customers[i].name })
  }
  return hits.slice(0, limit)
}

/** The links whose segment is in `segments` (a segment picked in a table). */
export function linksOfSegments(linkSegment, segments) {
  const wanted = new Set(segments)
  const out = []
  for (let i = 0; i < linkSegment.length; i++) if (wanted.has(linkSegment[i])) out.push(i)
  return Int32Array.from(out)
}

/** The world bounds [minx, miny, maxx, maxy] of some links, or null for none. */
export function boundsOfLinks(geo, links) {
  if (!links.length) return null
  const { coords, start } = geo.lines
  const b = [Infinity, Infinity, -Infinity, -Infinity]
  for (const i of links) {
    for (let p = start[i]; p < start[i + 1]; p++) {
      const x = coords[2 * p], y = coords[2 * p + 1]
      b[0] = Math.min(b[0], x)
      b[1] = Math.min(b[1], y)
      b[2] = Math.max(b[2], x)
      b[3] = Math.max(b[3], y)
    }
  }
  return b
}

/** link_segment as an array by link index, from /segments ({link id: segment}). */
export function linkSegmentArray(geo, byId) {
  return Int32Array.from(geo.linkIds, (id) => byId[id] ?? -1)
}
