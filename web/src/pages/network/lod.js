// Level of detail: what the map draws depends on how many screen pixels a
// typical link spans. At city scale a dispatcher needs the pipe pattern and
// the priority customers; valves, junctions and labels only help (and only
// fit) once zoomed in.

/**
 * @param {number} scale  screen pixels per world unit
 * @param {number} meanLinkLength  world units
 */
export function chooseLod(scale, meanLinkLength) {
  const linkPx = scale * meanLinkLength
  return {
    linkPx,
    // Links shorter than this on screen are skipped: they would be a dot
    // under their neighbours, and skipping them keeps big networks fast.
    minLinkPx: linkPx < 2 ? 0.35 : 0,
    // Line widths grow a little when zoomed in, never below a hairline.
    widthScale: Math.min(2.5, Math.max(0.6, linkPx / 24)),
    roundEnds: linkPx >= 20,
    valves: linkPx >= 30,
    junctions: linkPx >= 40,
    customerNames: linkPx >= 10,
    linkIds: linkPx >= 120,
  }
}
