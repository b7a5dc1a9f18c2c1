// World ↔ screen mapping of the map. World coordinates are the .inp file's
// own plane units with y growing upward; the screen's y grows downward, so
// the transform flips y. A view is a plain object so it can be unit-tested
// and copied without Vue reactivity getting in the way of the draw loop.

/** @typedef {{ scale: number, tx: number, ty: number }} View  screen = (x·scale + tx, −y·scale + ty), in CSS pixels */

export const MIN_SCALE = 1e-6
export const MAX_SCALE = 1e4

/** @param {View} v @param {number} x @param {number} y @returns {[number, number]} */
export function worldToScreen(v, x, y) {
  return [x * v.scale + v.tx, -y * v.scale + v.ty]
}

/** @param {View} v @param {number} sx @param {number} sy @returns {[number, number]} */
export function screenToWorld(v, sx, sy) {
  return [(sx - v.tx) / v.scale, -(sy - v.ty) / v.scale]
}

/**
 * Zooms by `factor` keeping the world point under the screen point (sx, sy)
 * where it is — the cursor for the wheel, the canvas centre for the buttons.
 * @returns {View}
 */
export function zoomAt(v, factor, sx, sy) {
  const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, v.scale * factor))
  const k = scale / v.scale
  return { scale, tx: sx - (sx - v.tx) * k, ty: sy - (sy - v.ty) * k }
}

/** @returns {View} */
export function panBy(v, dx, dy) {
  return { scale: v.scale, tx: v.tx + dx, ty: v.ty + dy }
}

/**
 * The view showing `bounds` [minx, miny, maxx, maxy] whole and centred in a
 * width × height canvas with `margin` pixels around; a single point (or an
 * empty network) gets scale 1 instead of a division by zero.
 * @returns {View}
 */
export function fitBounds(bounds, width, height, margin = 20) {
  const [minx, miny, maxx, maxy] = bounds
  const w = Math.max(maxx - minx, 0)
  const h = Math.max(maxy - miny, 0)
  const availW = Math.max(width - 2 * margin, 1)
  const availH = Math.max(height - 2 * margin, 1)
  const scale = w || h ? Math.min(w ? availW / w : Infinity, h ? availH / h : Infinity) : 1
  return centreOn({ scale, tx: 0, ty: 0 }, (minx + maxx) / 2, (miny + maxy) / 2, width, height)
}

/** The same scale, with world point (x, y) in the middle of the canvas. @returns {View} */
export function centreOn(v, x, y, width, height) {
  return { scale: v.scale, tx: width / 2 - x * v.scale, ty: height / 2 + y * v.scale }
}

/** The world rectangle [minx, miny, maxx, maxy] the canvas shows. */
export function visibleWorld(v, width, height) {
  const [x0, y0] = screenToWorld(v, 0, height)
  const [x1, y1] = screenToWorld(v, width, 0)
  return [x0, y0, x1, y1]
}

/**
 * Whether world `bounds` deserve a zoom to show them: partly off screen, or
 * so small on screen (under `minPx` across) that markers would hide them.
 */
export function needsReveal(v, width, height, bounds, minPx = 160) {
  const [x0, y0] = worldToScreen(v, bounds[0], bounds[3])
  const [x1, y1] = worldToScreen(v, bounds[2], bounds[1])
  const offScreen = x0 < 0 || y0 < 0 || x1 > width || y1 > height
  return offScreen || Math.max(x1 - x0, y1 - y0) < minPx
}
