// The sequential ramp of the criticality view: yellow (little lost if this
// segment is isolated) to dark red (a large area or priority customers
// lost), ColorBrewer YlOrRd without its palest steps, which vanish on the
// light map. Class 0 is grey: nothing lost, or no source supplies it.
export const RAMP = ['#c3ccd6', '#fed976', '#feb24c', '#fd8d3c', '#fc4e2a', '#e31a1c', '#bd0026', '#800026']

/**
 * The ramp class of `value` in 0…max. Impacts are heavily skewed (a few
 * trunk segments dwarf thousands of small ones), so the scale is
 * logarithmic; zero and missing values take the grey class 0.
 */
export function rampClass(value, max, classes = RAMP.length) {
  if (!(value > 0) || !(max > 0)) return 0
  const t = Math.log1p(value) / Math.log1p(max)
  return 1 + Math.min(classes - 2, Math.floor(t * (classes - 1)))
}

/** The value at the lower edge of each coloured class (1…), for the legend. */
export function legendStops(max, classes = RAMP.length) {
  return Array.from({ length: classes - 1 }, (_, k) => (max > 0 ? Math.expm1((k / (classes - 1)) * Math.log1p(max)) : 0))
}

/**
 * The server's `segment_impact` entry (demand lost in m³/s if the segment is
 * isolated; null for a segment no source supplies) in L/s, the unit a
 * dispatcher reads.
 */
export function impactLps(entry) {
  return typeof entry === 'number' ? entry * 1000 : 0
}

/**
 * Colour class per link from the segment of each link and the impact per
 * segment; returns the classes and the maximum (for the legend).
 * @param {ArrayLike<number>} linkSegment
 * @param {ArrayLike<unknown>} segmentImpact
 */
export function linkClasses(linkSegment, segmentImpact) {
  const values = Float64Array.from(segmentImpact, impactLps)
  let max = 0
  for (const v of values) if (v > max) max = v
  const out = new Uint8Array(linkSegment.length)
  for (let i = 0; i < linkSegment.length; i++) {
    const s = linkSegment[i]
    out[i] = s >= 0 && s < values.length ? rampClass(values[s], max) : 0
  }
  return { classes: out, max }
}
