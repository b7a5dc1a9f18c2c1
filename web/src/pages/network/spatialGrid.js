// A uniform grid of buckets over the network's links, for the two questions
// the map asks every frame or click: which links are in this rectangle
// (draw only what is visible) and which pipe is nearest to this point within
// a tolerance (click a pipe). Buckets are stored CSR-style in two typed
// arrays so 100,000 links cost a few MB and no per-bucket JS arrays.

/**
 * @typedef {object} Polylines  link geometry in flat form (see batches.js)
 * @property {Float64Array} coords  x0, y0, x1, y1, … of every link's points
 * @property {Int32Array} start     link i's points are coords[2·start[i] … 2·start[i+1])
 */

/**
 * @param {Polylines} lines
 * @param {number[]} bounds  [minx, miny, maxx, maxy]
 * @param {number} [perCell]  aimed-at links per bucket
 */
export function buildGrid(lines, bounds, perCell = 4) {
  const n = lines.start.length - 1
  const [minx, miny, maxx, maxy] = bounds
  const w = Math.max(maxx - minx, 1e-9)
  const h = Math.max(maxy - miny, 1e-9)
  // Square cells, sized so the whole extent holds about n / perCell of them.
  const cell = Math.max(Math.sqrt((w * h * perCell) / Math.max(n, 1)), 1e-9)
  const cols = Math.min(Math.ceil(w / cell) + 1, 4096)
  const rows = Math.min(Math.ceil(h / cell) + 1, 4096)
  const cw = w / (cols - 1 || 1)
  const ch = h / (rows - 1 || 1)
  const grid = { minx, miny, cw, ch, cols, rows, n, lines, cellStart: null, cellItems: null, stamp: new Uint32Array(n), tick: 0 }

  const bbox = new Int32Array(4 * n)
  const counts = new Uint32Array(cols * rows + 1)
  for (let i = 0; i < n; i++) {
    const [c0, r0, c1, r1] = linkCells(grid, i)
    bbox.set([c0, r0, c1, r1], 4 * i)
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) counts[r * cols + c + 1]++
  }
  for (let k = 1; k < counts.length; k++) counts[k] += counts[k - 1]
  const fill = counts.slice(0, cols * rows)
  const items = new Int32Array(counts[cols * rows])
  for (let i = 0; i < n; i++) {
    const b = 4 * i
    for (let r = bbox[b + 1]; r <= bbox[b + 3]; r++) for (let c = bbox[b]; c <= bbox[b + 2]; c++) items[fill[r * cols + c]++] = i
  }
  grid.cellStart = counts
  grid.cellItems = items
  return grid
}

function col(g, x) {
  return Math.min(g.cols - 1, Math.max(0, Math.floor((x - g.minx) / g.cw)))
}
function row(g, y) {
  return Math.min(g.rows - 1, Math.max(0, Math.floor((y - g.miny) / g.ch)))
}

// A link's bounding box in cells; long pipes land in every cell they could cross.
function linkCells(g, i) {
  const { coords, start } = g.lines
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity
  for (let p = start[i]; p < start[i + 1]; p++) {
    const x = coords[2 * p], y = coords[2 * p + 1]
    if (x < x0) x0 = x
    if (x > x1) x1 = x
    if (y < y0) y0 = y
    if (y > y1) y1 = y
  }
  return [col(g, x0), row(g, y0), col(g, x1), row(g, y1)]
}

/** Calls fn(link) once for each link in buckets touching the world rectangle. */
function forEachIn(g, minx, miny, maxx, maxy, fn) {
  // A stamp per link instead of a Set: no allocation, and a link spanning
  // many buckets is still reported once.
  if (++g.tick === 0xffffffff) {
    g.stamp.fill(0)
    g.tick = 1
  }
  const c0 = col(g, minx), c1 = col(g, maxx), r0 = row(g, miny), r1 = row(g, maxy)
  for (let r = r0; r <= r1; r++) {
    for (let c = c0; c <= c1; c++) {
      const k = r * g.cols + c
      for (let j = g.cellStart[k]; j < g.cellStart[k + 1]; j++) {
        const i = g.cellItems[j]
        if (g.stamp[i] === g.tick) continue
        g.stamp[i] = g.tick
        fn(i)
      }
    }
  }
}

/**
 * Marks in `out` (Uint8Array, one per link) the links that may show in the
 * world rectangle; returns how many. Bucket-exact, so a few just outside may
 * be marked too — harmless for drawing.
 */
export function markVisible(g, rect, out) {
  out.fill(0)
  let count = 0
  forEachIn(g, rect[0], rect[1], rect[2], rect[3], (i) => {
    out[i] = 1
    count++
  })
  return count
}

/** The links in the world rectangle, as an array (tests and small queries). */
export function linksIn(g, rect) {
  const found = []
  forEachIn(g, rect[0], rect[1], rect[2], rect[3], (i) => found.push(i))
  return found
}

/** Distance from point (px, py) to the segment (ax, ay)–(bx, by). */
export function segmentDistance(px, py, ax, ay, bx, by) {
  const dx = bx - ax, dy = by - ay
  const len2 = dx * dx + dy * dy
  const t = len2 ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2)) : 0
  const ex = ax + t * dx - px, ey = ay + t * dy - py
  return Math.sqrt(ex * ex + ey * ey)
}

/**
 * The link nearest to world point (x, y) within `tolerance` world units, or
 * −1. `accept(link)` can rule links out (e.g. only pipes are clickable).
 */
export function nearestLink(g, x, y, tolerance, accept = () => true) {
  const { coords, start } = g.lines
  let best = -1
  let bestD = tolerance
  forEachIn(g, x - tolerance, y - tolerance, x + tolerance, y + tolerance, (i) => {
    if (!accept(i)) return
    for (let p = start[i]; p < start[i + 1] - 1; p++) {
      const d = segmentDistance(x, y, coords[2 * p], coords[2 * p + 1], coords[2 * p + 2], coords[2 * p + 3])
      if (d <= bestD) {
        bestD = d
        best = i
      }
    }
  })
  return best
}
