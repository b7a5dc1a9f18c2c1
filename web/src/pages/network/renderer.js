// Canvas 2D drawing of the network. One full redraw walks the precomputed
// batches (one stroke() per colour × width), so 100,000 links cost one
// tight loop of moveTo/lineTo; the grid trims the loop to what is visible
// once zoomed in. Everything is drawn in CSS pixels on a canvas scaled by
// devicePixelRatio, which keeps lines crisp on high-density screens.
import { markerOf } from './categories'
import { packColour, rasterLinks } from './raster'
import { markVisible } from './spatialGrid'
import { visibleWorld } from './viewTransform'

/** Line width (CSS px) per width class, before the level-of-detail scale. */
export const LINE_WIDTHS = [0.8, 1.3, 2.2, 3.4]

export const COLOURS = {
  background: '#f4f6f8',
  // Base palette by link kind (pipe, pump, valve link); dimmed under a plan
  // so the isolated area stands out.
  kinds: ['#3d6a92', '#8e24aa', '#2e7d32'],
  kindsDimmed: ['#b9c6d3', '#cdb2d6', '#b5cdb7'],
  isolated: '#e53935',
  cutOff: '#fb8c00',
  selected: '#111111',
  valve: '#2e7d32',
  valveInoperable: '#757575',
  valveClose: '#d50000',
  source: '#0d47a1',
  junction: '#5f7386',
}

/**
 * @param {CanvasRenderingContext2D} ctx
 * @param {object} s  scene: geo, grid, view, width, height, dpr, lod, batches, palette, mask, pixels ({image, buf}: an ImageData of the canvas size and a Uint32Array on it), plan, selected, showCustomers
 */
export function drawScene(ctx, s) {
  const { geo, view, width, height, dpr, lod } = s
  const rect = visibleWorld(view, width, height)
  const b = geo.bounds
  const all = rect[0] <= b[0] && rect[1] <= b[1] && rect[2] >= b[2] && rect[3] >= b[3]
  const mask = all ? null : s.mask
  if (mask) markVisible(s.grid, rect, mask)

  // Batches whose lines are at most about a device pixel wide go through the
  // software rasteriser, the rest through canvas strokes on top.
  const hairline = (batch) => LINE_WIDTHS[batch.width] * lod.widthScale * dpr <= 1.25
  const pixels = s.pixels && s.batches.some(hairline) ? s.pixels : null
  if (pixels) {
    const { image, buf } = pixels
    buf.fill(packColour(COLOURS.background))
    for (const batch of s.batches) {
      if (hairline(batch)) rasterLinks(buf, image.width, image.height, geo.lines, batch.links, mask, view, dpr, packColour(s.palette[batch.colour]))
    }
    ctx.putImageData(image, 0, 0)
  }
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0)
  if (!pixels) {
    ctx.fillStyle = COLOURS.background
    ctx.fillRect(0, 0, width, height)
  }
  // Round ends only where they show: far out they cost time and look the same.
  ctx.lineCap = lod.roundEnds ? 'round' : 'butt'
  ctx.lineJoin = lod.roundEnds ? 'round' : 'bevel'
  for (const batch of s.batches) {
    if (pixels && hairline(batch)) continue
    ctx.strokeStyle = s.palette[batch.colour]
    ctx.lineWidth = LINE_WIDTHS[batch.width] * lod.widthScale
    ctx.beginPath()
    traceLinks(ctx, geo, view, batch.links, mask, lod.minLinkPx)
    ctx.stroke()
  }

  ctx.lineCap = 'round'
  ctx.lineJoin = 'round'
  if (s.plan) {
    strokeLinks(ctx, geo, view, s.plan.cutOff, mask, COLOURS.cutOff, 3 * lod.widthScale + 1)
    strokeLinks(ctx, geo, view, s.plan.isolated, mask, COLOURS.isolated, 3.5 * lod.widthScale + 1.5)
  }
  if (s.selected?.length) strokeLinks(ctx, geo, view, s.selected, null, COLOURS.selected, 2 * lod.widthScale + 2)

  drawNodes(ctx, geo, view, width, height, lod)
  if (lod.valves) drawValves(ctx, geo, view, width, height, mask, s.inoperable)
  // Plan valves shrink when zoomed out so a plan's dozen valves do not bury its area.
  if (s.plan) drawPlanValves(ctx, geo, view, s.plan.valveIndices, s.inoperable, Math.min(8, Math.max(4, lod.linkPx / 5)))
  if (s.showCustomers) drawCustomers(ctx, geo, view, width, height, lod.customerNames)
}

// Adds the visible links' polylines to the current path.
function traceLinks(ctx, geo, view, links, mask, minLinkPx) {
  const { coords, start } = geo.lines
  const { scale, tx, ty } = view
  const min2 = minLinkPx * minLinkPx
  for (let j = 0; j < links.length; j++) {
    const i = links[j]
    if (mask && !mask[i]) continue
    let p = start[i]
    const end = start[i + 1]
    const x0 = coords[2 * p] * scale + tx
    const y0 = -coords[2 * p + 1] * scale + ty
    if (min2 && end - p === 2) {
      const dx = coords[2 * p + 2] * scale + tx - x0
      const dy = -coords[2 * p + 3] * scale + ty - y0
      if (dx * dx + dy * dy < min2) continue
    }
    ctx.moveTo(x0, y0)
    for (p++; p < end; p++) ctx.lineTo(coords[2 * p] * scale + tx, -coords[2 * p + 1] * scale + ty)
  }
}

function strokeLinks(ctx, geo, view, links, mask, colour, lineWidth) {
  if (!links.length) return
  ctx.strokeStyle = colour
  ctx.lineWidth = lineWidth
  ctx.beginPath()
  traceLinks(ctx, geo, view, links, mask, 0)
  ctx.stroke()
}

const onScreen = (x, y, w, h, pad = 20) => x > -pad && y > -pad && x < w + pad && y < h + pad

// Sources (reservoirs, tanks) always; junctions only when zoomed in.
function drawNodes(ctx, geo, view, w, h, lod) {
  const { scale, tx, ty } = view
  ctx.fillStyle = COLOURS.junction
  if (lod.junctions) {
    ctx.beginPath()
    for (let i = 0; i < geo.nNodes; i++) {
      if (geo.nodeType[i] !== 'J') continue
      const x = geo.nodeX[i] * scale + tx, y = -geo.nodeY[i] * scale + ty
      if (!onScreen(x, y, w, h)) continue
      ctx.moveTo(x + 2, y)
      ctx.arc(x, y, 2, 0, 2 * Math.PI)
    }
    ctx.fill()
  }
  ctx.fillStyle = COLOURS.source
  for (let i = 0; i < geo.nNodes; i++) {
    const t = geo.nodeType[i]
    if (t === 'J') continue
    const x = geo.nodeX[i] * scale + tx, y = -geo.nodeY[i] * scale + ty
    if (!onScreen(x, y, w, h)) continue
    ctx.beginPath()
    if (t === 'R') ctx.rect(x - 6, y - 6, 12, 12)
    else triangle(ctx, x, y, 7)
    ctx.fill()
  }
}

/** Where a valve is drawn: on its link, a little way from the node it sits at. */
export function valvePoint(geo, view, v) {
  const node = geo.valves.node[v]
  const link = geo.valves.link[v]
  const other = geo.from[link] === node ? geo.to[link] : geo.from[link]
  const x = geo.nodeX[node] + (geo.nodeX[other] - geo.nodeX[node]) * 0.15
  const y = geo.nodeY[node] + (geo.nodeY[other] - geo.nodeY[node]) * 0.15
  return [x * view.scale + view.tx, -y * view.scale + view.ty]
}

function drawValves(ctx, geo, view, w, h, mask, inoperable) {
  const n = geo.valves.id.length
  ctx.lineWidth = 1
  for (let v = 0; v < n; v++) {
    if (mask && !mask[geo.valves.link[v]]) continue
    const [x, y] = valvePoint(geo, view, v)
    if (!onScreen(x, y, w, h)) continue
    const broken = !geo.valves.operable[v] || inoperable?.has(geo.valves.id[v])
    ctx.fillStyle = broken ? COLOURS.valveInoperable : COLOURS.valve
    bowtie(ctx, x, y, 3)
  }
}

// The valves of the plan: big, red, ringed — they are the work order.
function drawPlanValves(ctx, geo, view, valveIndices, inoperable, r) {
  for (const v of valveIndices) {
    const [x, y] = valvePoint(geo, view, v)
    ctx.beginPath()
    ctx.arc(x, y, r, 0, 2 * Math.PI)
    ctx.fillStyle = '#fff'
    ctx.fill()
    ctx.lineWidth = r > 6 ? 2.5 : 1.5
    ctx.strokeStyle = COLOURS.valveClose
    ctx.stroke()
    ctx.fillStyle = COLOURS.valveClose
    bowtie(ctx, x, y, r * 0.6)
  }
  // Valves declared inoperable: a grey cross where the crew must not count on them.
  ctx.strokeStyle = COLOURS.valveInoperable
  ctx.lineWidth = 3
  for (let v = 0; v < geo.valves.id.length && inoperable?.size; v++) {
    if (!inoperable.has(geo.valves.id[v])) continue
    const [x, y] = valvePoint(geo, view, v)
    ctx.beginPath()
    ctx.moveTo(x - r, y - r)
    ctx.lineTo(x + r, y + r)
    ctx.moveTo(x + r, y - r)
    ctx.lineTo(x - r, y + r)
    ctx.stroke()
  }
}

function drawCustomers(ctx, geo, view, w, h, names) {
  ctx.font = '12px system-ui, "Noto Sans CJK SC", sans-serif'
  ctx.textBaseline = 'middle'
  for (const c of geo.customers) {
    const x = geo.nodeX[c.node] * view.scale + view.tx, y = -geo.nodeY[c.node] * view.scale + view.ty
    if (!onScreen(x, y, w, h, 100)) continue
    drawMarker(ctx, markerOf(c.category), x, y)
    if (names) {
      ctx.lineWidth = 3
      ctx.strokeStyle = 'rgba(255,255,255,0.9)'
      ctx.strokeText(c.name, x + 10, y)
      ctx.fillStyle = '#1b2430'
      ctx.fillText(c.name, x + 10, y)
    }
  }
}

/** Draws a priority-customer marker centred on (x, y); also used by the legend. */
export function drawMarker(ctx, marker, x, y, r = 7) {
  ctx.fillStyle = '#fff'
  ctx.strokeStyle = marker.colour
  ctx.lineWidth = 1.5
  ctx.beginPath()
  ctx.arc(x, y, r + 1, 0, 2 * Math.PI)
  ctx.fill()
  ctx.stroke()
  ctx.fillStyle = marker.colour
  ctx.beginPath()
  const k = r * 0.3
  switch (marker.shape) {
    case 'cross':
      ctx.rect(x - k, y - r + 1, 2 * k, 2 * r - 2)
      ctx.rect(x - r + 1, y - k, 2 * r - 2, 2 * k)
      break
    case 'diamond':
      ctx.moveTo(x, y - r + 1)
      ctx.lineTo(x + r - 1, y)
      ctx.lineTo(x, y + r - 1)
      ctx.lineTo(x - r + 1, y)
      break
    case 'square':
      ctx.rect(x - r * 0.6, y - r * 0.6, r * 1.2, r * 1.2)
      break
    case 'triangle':
      triangle(ctx, x, y, r - 1)
      break
    case 'star':
      for (let i = 0; i < 10; i++) {
        const a = -Math.PI / 2 + (i * Math.PI) / 5
        const rr = i % 2 ? r * 0.4 : r - 1
        ctx.lineTo(x + rr * Math.cos(a), y + rr * Math.sin(a))
      }
      break
    default:
      ctx.arc(x, y, r * 0.5, 0, 2 * Math.PI)
  }
  ctx.fill()
}

function triangle(ctx, x, y, r) {
  ctx.moveTo(x, y - r)
  ctx.lineTo(x + r * 0.87, y + r * 0.5)
  ctx.lineTo(x - r * 0.87, y + r * 0.5)
  ctx.closePath()
}

function bowtie(ctx, x, y, r) {
  ctx.beginPath()
  ctx.moveTo(x - r, y - r)
  ctx.lineTo(x + r, y + r)
  ctx.lineTo(x + r, y - r)
  ctx.lineTo(x - r, y + r)
  ctx.closePath()
  ctx.fill()
}

/**
 * Draws the map's icon for a facility as the scene draws it, for the legend:
 * reservoir, tank, junction, valve, broken valve, valve to close, or a link
 * kind (pipe, pump, valve link) as a short stroke.
 */
export function drawLegendIcon(ctx, kind, x, y) {
  const line = { pipe: COLOURS.kinds[0], pump: COLOURS.kinds[1], valveLink: COLOURS.kinds[2], isolated: COLOURS.isolated, cutOff: COLOURS.cutOff }
  if (line[kind]) {
    ctx.strokeStyle = line[kind]
    ctx.lineWidth = 3
    ctx.beginPath()
    ctx.moveTo(x - 8, y)
    ctx.lineTo(x + 8, y)
    ctx.stroke()
    return
  }
  ctx.beginPath()
  if (kind === 'reservoir') {
    ctx.fillStyle = COLOURS.source
    ctx.rect(x - 6, y - 6, 12, 12)
    ctx.fill()
  } else if (kind === 'tank') {
    ctx.fillStyle = COLOURS.source
    triangle(ctx, x, y, 7)
    ctx.fill()
  } else if (kind === 'junction') {
    ctx.fillStyle = COLOURS.junction
    ctx.arc(x, y, 2.5, 0, 2 * Math.PI)
    ctx.fill()
  } else if (kind === 'valve' || kind === 'valveBroken') {
    ctx.fillStyle = kind === 'valve' ? COLOURS.valve : COLOURS.valveInoperable
    bowtie(ctx, x, y, 4)
  } else if (kind === 'valveClose') {
    ctx.arc(x, y, 7, 0, 2 * Math.PI)
    ctx.fillStyle = '#fff'
    ctx.fill()
    ctx.lineWidth = 1.5
    ctx.strokeStyle = COLOURS.valveClose
    ctx.stroke()
    ctx.fillStyle = COLOURS.valveClose
    bowtie(ctx, x, y, 4)
  }
}
