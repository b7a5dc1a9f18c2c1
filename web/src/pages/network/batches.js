// Draw batches: links grouped by (colour class, width class) so the canvas
// strokes one path per group instead of changing style per link — the
// difference between ~100 and ~100,000 stroke() calls a frame.

/**
 * @param {Uint8Array} colourOf  colour class per link
 * @param {Uint8Array} widthOf   width class per link
 * @returns {{ colour: number, width: number, links: Int32Array }[]}  thin before wide, so trunks draw on top
 */
export function buildBatches(colourOf, widthOf) {
  const n = colourOf.length
  const counts = new Map()
  const key = (i) => widthOf[i] * 256 + colourOf[i]
  for (let i = 0; i < n; i++) counts.set(key(i), (counts.get(key(i)) ?? 0) + 1)
  const keys = [...counts.keys()].sort((a, b) => a - b)
  const batches = new Map(keys.map((k) => [k, { colour: k % 256, width: Math.floor(k / 256), links: new Int32Array(counts.get(k)), fill: 0 }]))
  for (let i = 0; i < n; i++) {
    const b = batches.get(key(i))
    b.links[b.fill++] = i
  }
  return keys.map((k) => {
    const { colour, width, links } = batches.get(k)
    return { colour, width, links }
  })
}
