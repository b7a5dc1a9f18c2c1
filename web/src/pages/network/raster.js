// A software line rasteriser for the far zoom levels. Zoomed out, most of a
// 100,000-link city is hairlines a few pixels long, and the canvas's
// anti-aliased path stroking of that many segments takes ~100 ms a frame in
// software-rendered Chromium. Writing those 1-pixel lines straight into an
// ImageData buffer costs a few ms and looks the same at that scale; wide
// trunk mains and everything else are still stroked by the canvas on top.

/** '#rrggbb' → a little-endian RGBA pixel (as Uint32Array views ImageData on every browser we target). */
export function packColour(hex) {
  const n = parseInt(hex.slice(1), 16)
  return ((0xff << 24) | ((n & 0xff) << 16) | (n & 0xff00) | ((n >> 16) & 0xff)) >>> 0
}

/** Draws a 1-pixel line (DDA) into `buf` (w × h pixels), clipped to the buffer. */
export function rasterSegment(buf, w, h, x0, y0, x1, y1, colour) {
  // Wholly off one side: nothing to do (the common case when zoomed in a little).
  if ((x0 < 0 && x1 < 0) || (y0 < 0 && y1 < 0) || (x0 >= w && x1 >= w) || (y0 >= h && y1 >= h)) return
  const dx = x1 - x0, dy = y1 - y0
  const n = Math.max(Math.abs(dx), Math.abs(dy), 1) | 0
  const sx = dx / n, sy = dy / n
  let x = x0 + 0.5, y = y0 + 0.5
  for (let k = 0; k <= n; k++) {
    const px = x | 0, py = y | 0
    if (px >= 0 && py >= 0 && px < w && py < h) buf[py * w + px] = colour
    x += sx
    y += sy
  }
}

/**
 * Rasterises the links of one batch. `view` maps world to CSS pixels and
 * `dpr` scales that to the buffer's device pixels; `mask` (or null for all)
 * says which links may be visible.
 */
export function rasterLinks(buf, w, h, lines, links, mask, view, dpr, colour) {
  const { coords, start } = lines
  const s = view.scale * dpr, tx = view.tx * dpr, ty = view.ty * dpr
  for (let j = 0; j < links.length; j++) {
    const i = links[j]
    if (mask && !mask[i]) continue
    let p = start[i]
    let x0 = coords[2 * p] * s + tx
    let y0 = -coords[2 * p + 1] * s + ty
    for (p++; p < start[i + 1]; p++) {
      const x1 = coords[2 * p] * s + tx
      const y1 = -coords[2 * p + 1] * s + ty
      rasterSegment(buf, w, h, x0, y0, x1, y1, colour)
      x0 = x1
      y0 = y1
    }
  }
}
