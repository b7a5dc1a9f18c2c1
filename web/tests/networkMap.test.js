import { describe, expect, it } from 'vitest'
import { buildBatches } from '../src/pages/network/batches'
import { RAMP, impactLps, legendStops, linkClasses, rampClass } from '../src/pages/network/colorRamp'
import { boundsOfLinks, indexById, linkMidpoint, linksOfSegments, prepareGeometry, searchNetwork, widthClass } from '../src/pages/network/geometry'
import { chooseLod } from '../src/pages/network/lod'
import { packColour, rasterLinks, rasterSegment } from '../src/pages/network/raster'
import { extraImpact, planHighlights, toggleInoperable } from '../src/pages/network/plan'
import { buildGrid, linksIn, markVisible, nearestLink, segmentDistance } from '../src/pages/network/spatialGrid'
import { supplyRows, supplySummary } from '../src/pages/network/supplyRows'
import { centreOn, fitBounds, needsReveal, panBy, screenToWorld, visibleWorld, worldToScreen, zoomAt } from '../src/pages/network/viewTransform'

// A 3 × 3 grid of junctions 100 m apart, fed by a reservoir at the corner:
// horizontal pipes h<r><c>, vertical pipes v<r><c>, one pipe with a bend.
function gridGeometry() {
  const nodes = { id: [], x: [], y: [], type: [] }
  for (let r = 0; r < 3; r++)
    for (let c = 0; c < 3; c++) {
      nodes.id.push(`J${r}${c}`)
      nodes.x.push(c * 100)
      nodes.y.push(r * 100)
      nodes.type.push('J')
    }
  nodes.id.push('R1')
  nodes.x.push(-100)
  nodes.y.push(0)
  nodes.type.push('R')
  const links = { id: [], from: [], to: [], type: [], diameter_mm: [], vertices: {} }
  const add = (id, a, b, d = 100, type = 'P') => {
    links.id.push(id)
    links.from.push(a)
    links.to.push(b)
    links.type.push(type)
    links.diameter_mm.push(d)
  }
  for (let r = 0; r < 3; r++) for (let c = 0; c < 2; c++) add(`h${r}${c}`, r * 3 + c, r * 3 + c + 1, r === 0 ? 800 : 150)
  for (let r = 0; r < 2; r++) for (let c = 0; c < 3; c++) add(`v${r}${c}`, r * 3 + c, (r + 1) * 3 + c)
  add('PUMP1', 9, 0, 0, 'U')
  links.vertices[String(links.id.length - 1)] = [[-50, -40]]
  return {
    nodes,
    links,
    valves: { id: ['V1', 'V2'], link: [0, 1], node: [0, 1], operable: [true, false] },
    customers: [{ node: 4, name: '湘雅医院', category: 'designated_hospital' }, { node: 8, name: '岳麓区发热门诊', category: 'fever_clinic' }],
    bounds: [-100, -40, 200, 200],
  }
}

describe('view transform', () => {
  const v = { scale: 2, tx: 10, ty: 500 }

  it('maps world to screen with y flipped, and back', () => {
    expect(worldToScreen(v, 0, 0)).toEqual([10, 500])
    expect(worldToScreen(v, 5, 10)).toEqual([20, 480])
    expect(screenToWorld(v, 20, 480)).toEqual([5, 10])
  })

  it('zooms around a screen point, which stays over the same world point', () => {
    const before = screenToWorld(v, 300, 200)
    const z = zoomAt(v, 3, 300, 200)
    expect(z.scale).toBe(6)
    const after = screenToWorld(z, 300, 200)
    expect(after[0]).toBeCloseTo(before[0])
    expect(after[1]).toBeCloseTo(before[1])
  })

  it('pans by screen pixels', () => {
    expect(panBy(v, 5, -5)).toEqual({ scale: 2, tx: 15, ty: 495 })
  })

  it('fits bounds centred with a margin, limited by the tighter axis', () => {
    const f = fitBounds([0, 0, 1000, 500], 1020, 1020, 10)
    expect(f.scale).toBe(1)
    expect(worldToScreen(f, 500, 250)).toEqual([510, 510])
    const [x0, y0, x1, y1] = visibleWorld(f, 1020, 1020)
    expect(x0).toBeLessThanOrEqual(0)
    expect(y0).toBeLessThanOrEqual(0)
    expect(x1).toBeGreaterThanOrEqual(1000)
    expect(y1).toBeGreaterThanOrEqual(500)
  })

  it('fits a single point without dividing by zero', () => {
    const f = fitBounds([5, 5, 5, 5], 100, 100)
    expect(f.scale).toBe(1)
    expect(worldToScreen(f, 5, 5)).toEqual([50, 50])
  })

  it('zooms to a new plan only when it is off screen or too small to read', () => {
    const view = { scale: 1, tx: 0, ty: 600 } // world (0…800, 0…600) fills an 800 × 600 canvas
    expect(needsReveal(view, 800, 600, [100, 100, 400, 300])).toBe(false)
    expect(needsReveal(view, 800, 600, [700, 100, 900, 300])).toBe(true)
    expect(needsReveal(view, 800, 600, [100, 100, 120, 110])).toBe(true)
  })

  it('centres on a world point keeping the scale', () => {
    expect(worldToScreen(centreOn(v, 100, 100, 800, 600), 100, 100)).toEqual([400, 300])
  })
})

describe('geometry', () => {
  const geo = prepareGeometry(gridGeometry())

  it('flattens links into polylines, vertices between the end nodes', () => {
    expect(geo.nLinks).toBe(13)
    const pump = 12
    expect(geo.lines.start[pump + 1] - geo.lines.start[pump]).toBe(3)
    expect(Array.from(geo.lines.coords.slice(2 * geo.lines.start[pump], 2 * geo.lines.start[pump + 1]))).toEqual([-100, 0, -50, -40, 0, 0])
    expect(geo.kind[pump]).toBe(1)
  })

  it('classes diameters for the line width', () => {
    expect([100, 150, 151, 300, 500, 1000].map(widthClass)).toEqual([0, 0, 1, 1, 2, 3])
    expect(geo.width[0]).toBe(3)
    expect(geo.width[2]).toBe(0)
  })

  it('finds pipes, nodes and customers by id or name', () => {
    const index = indexById(geo)
    expect(searchNetwork(geo, index, 'h11')).toEqual([{ kind: 'link', index: 3, label: 'h11' }])
    expect(searchNetwork(geo, index, 'J22')[0]).toEqual({ kind: 'node', index: 8, label: 'J22' })
    expect(searchNetwork(geo, index, '发热')).toEqual([{ kind: 'customer', index: 1, label: '岳麓区发热门诊' }])
    expect(searchNetwork(geo, index, '  ')).toEqual([])
  })

  it('gives midpoints, segment links and their bounds', () => {
    expect(linkMidpoint(geo, 0)).toEqual([50, 0])
    const links = linksOfSegments([0, 1, 1, 2], [1])
    expect(Array.from(links)).toEqual([1, 2])
    expect(boundsOfLinks(geo, links)).toEqual([0, 0, 200, 100])
    expect(boundsOfLinks(geo, [])).toBeNull()
  })
})

describe('spatial grid', () => {
  const geo = prepareGeometry(gridGeometry())
  const grid = buildGrid(geo.lines, geo.bounds, 1)

  it('measures distance to a segment, clamped to its ends', () => {
    expect(segmentDistance(5, 3, 0, 0, 10, 0)).toBe(3)
    expect(segmentDistance(-3, 4, 0, 0, 10, 0)).toBe(5)
  })

  it('picks the nearest pipe within the tolerance, none beyond it', () => {
    expect(geo.linkIds[nearestLink(grid, 50, 4, 10)]).toBe('h00')
    expect(geo.linkIds[nearestLink(grid, 96, 50, 10)]).toBe('v01')
    expect(geo.linkIds[nearestLink(grid, 104, 50, 10)]).toBe('v01')
    expect(nearestLink(grid, 50, 50, 10)).toBe(-1)
    // a bend counts: the pump's vertex pulls it below the first row
    expect(geo.linkIds[nearestLink(grid, -50, -38, 5)]).toBe('PUMP1')
  })

  it('can rule links out of a pick', () => {
    expect(nearestLink(grid, 50, 4, 10, (i) => geo.linkIds[i] !== 'h00')).toBe(-1)
  })

  it('returns the links in a rectangle once each, and only those nearby', () => {
    const found = linksIn(grid, [120, 120, 200, 200]).map((i) => geo.linkIds[i])
    expect(new Set(found).size).toBe(found.length)
    expect(found).toContain('h21')
    expect(found).toContain('v12')
    expect(found).not.toContain('h00')
    const mask = new Uint8Array(geo.nLinks)
    expect(markVisible(grid, [120, 120, 200, 200], mask)).toBe(found.length)
    expect(mask[0]).toBe(0)
  })

  it('stays bounded for a large random network', () => {
    const n = 20000
    const coords = new Float64Array(4 * n)
    const start = Int32Array.from({ length: n + 1 }, (_, i) => 2 * i)
    let seed = 7
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 10000
    for (let i = 0; i < n; i++) {
      const x = rnd(), y = rnd()
      coords.set([x, y, x + 30, y + 20], 4 * i)
    }
    const g = buildGrid({ coords, start }, [0, 0, 10030, 10020])
    expect(g.cellItems.length).toBeLessThan(n * 6)
    const few = linksIn(g, [5000, 5000, 5200, 5200])
    expect(few.length).toBeGreaterThan(0)
    expect(few.length).toBeLessThan(n / 100)
  })
})

describe('colour ramp', () => {
  it('classes values on a log scale from light to dark', () => {
    expect(rampClass(0, 100)).toBe(0)
    expect(rampClass(null, 100)).toBe(0)
    expect(rampClass(100, 100)).toBe(RAMP.length - 1)
    expect(rampClass(0.001, 100)).toBe(1)
    expect(rampClass(1, 100)).toBeLessThan(rampClass(10, 100))
    expect(rampClass(5, 0)).toBe(0)
  })

  it('gives legend stops rising from zero to below the maximum', () => {
    const stops = legendStops(100)
    expect(stops).toHaveLength(RAMP.length - 1)
    expect(stops[0]).toBe(0)
    for (let k = 1; k < stops.length; k++) expect(stops[k]).toBeGreaterThan(stops[k - 1])
    expect(stops.at(-1)).toBeLessThan(100)
  })

  it('colours links by their segment impact in L/s, unsupplied segments lightest', () => {
    expect(impactLps(0.012)).toBeCloseTo(12)
    expect(impactLps(null)).toBe(0)
    const { classes, max } = linkClasses([0, 1, 1, 2, -1], [0.1, 0.0001, null])
    expect(max).toBeCloseTo(100)
    expect(Array.from(classes)).toEqual([RAMP.length - 1, 1, 1, 0, 0])
  })
})

describe('level of detail', () => {
  it('shows valves, junctions and labels only when zoomed in', () => {
    const far = chooseLod(0.01, 100)
    expect(far).toMatchObject({ valves: false, junctions: false, customerNames: false })
    expect(far.minLinkPx).toBeGreaterThan(0)
    const near = chooseLod(1, 100)
    expect(near).toMatchObject({ valves: true, junctions: true, customerNames: true, minLinkPx: 0 })
    expect(near.widthScale).toBeGreaterThan(far.widthScale)
  })
})

describe('draw batches', () => {
  it('groups links by width and colour, thin lines first', () => {
    const batches = buildBatches(Uint8Array.from([0, 1, 0, 0, 1]), Uint8Array.from([2, 0, 0, 2, 0]))
    expect(batches.map((b) => [b.width, b.colour, Array.from(b.links)])).toEqual([
      [0, 0, [2]],
      [0, 1, [1, 4]],
      [2, 0, [0, 3]],
    ])
  })

  it('covers every link exactly once', () => {
    const geo = prepareGeometry(gridGeometry())
    const all = buildBatches(geo.kind, geo.width).flatMap((b) => Array.from(b.links)).sort((a, b) => a - b)
    expect(all).toEqual([...Array(geo.nLinks).keys()])
  })
})

describe('isolation plan', () => {
  const valveIndex = new Map([['V1', 0], ['V2', 1], ['V3', 2]])
  const impact = (lps, customers = []) => ({
    isolated_segments: [4],
    cut_off_segments: [5, 6],
    n_dry_demand_nodes: 3,
    priority_customers: customers,
    demand_lost_m3s: lps / 1000,
    demand_lost_lps: lps,
    pipe_length_isolated_m: 120,
    pipe_length_cut_off_m: 30.5,
  })
  const hospital = { name: '湘雅医院', category: 'designated_hospital', node: 'J11' }
  const plan = {
    failure: { link: 'h00' },
    shutdown: true,
    valves_to_close: [{ valve: 'V1', link: 'h00', node: 'J00', x: 0, y: 0 }, { valve: 'V3', link: 'h01', node: 'J02', x: 0, y: 0 }],
    inoperable_valves_met: [],
    impact: impact(4.5, [hospital]),
    all_valves_working: null,
    links_isolated: [0, 1],
    links_cut_off: [5],
    customers_affected: [hospital],
    compute_ms: 0.8,
  }

  it('turns the plan into links and valves to draw and figures to show', () => {
    const h = planHighlights(plan, valveIndex)
    expect(Array.from(h.isolated)).toEqual([0, 1])
    expect(Array.from(h.cutOff)).toEqual([5])
    expect(h.valvesToClose).toEqual(['V1', 'V3'])
    expect(h.valveIndices).toEqual([0, 2])
    expect(h.customers).toEqual([hospital])
    expect(h.shutdown).toBe(true)
    expect(h.figures).toEqual({ demandLps: 4.5, lengthM: 150.5, dryNodes: 3, isolatedSegments: 1, cutOffSegments: 2 })
    expect(extraImpact(plan)).toBeNull()
  })

  it('reads the would-be impact of a repair under pressure', () => {
    const h = planHighlights({ ...plan, shutdown: false, impact: undefined, would_be_affected: impact(2), links_isolated: [], links_cut_off: [], customers_affected: [] }, valveIndex)
    expect(h.shutdown).toBe(false)
    expect(h.figures.demandLps).toBe(2)
    expect(h.isolated.length).toBe(0)
  })

  it('reports the extra impact of an inoperable valve, or no change', () => {
    const worse = {
      ...plan,
      valves_to_close: [{ valve: 'V2' }, { valve: 'V3' }],
      inoperable_valves_met: [{ valve: 'V1' }],
      all_valves_working: { ...impact(4.5), valves_to_close: [{ valve: 'V1' }, { valve: 'V3' }] },
      extra_impact: { dry_demand_nodes: 2, demand_lost_m3s: 0.003, demand_lost_lps: 3, pipe_length_m: 80, priority_customers: [hospital] },
    }
    expect(extraImpact(worse)).toEqual({ extraValves: ['V2'], demandLps: 3, lengthM: 80, dryNodes: 2, customers: [hospital], none: false })
    const same = { ...worse, extra_impact: { dry_demand_nodes: 0, demand_lost_m3s: 0, demand_lost_lps: 0, pipe_length_m: 0, priority_customers: [] } }
    expect(extraImpact(same).none).toBe(true)
  })

  it('toggles a valve in the inoperable list without mutating it', () => {
    const list = ['V1']
    expect(toggleInoperable(list, 'V2')).toEqual(['V1', 'V2'])
    expect(toggleInoperable(list, 'V1')).toEqual([])
    expect(list).toEqual(['V1'])
  })
})

describe('dual-supply rows', () => {
  const customers = [
    { node: 4, name: '湘雅医院', category: 'designated_hospital' },
    { node: 8, name: '岳麓区发热门诊', category: 'fever_clinic' },
    { node: 2, name: '市疾控中心', category: 'cdc' },
  ]
  const nodeIndex = new Map([['J11', 4], ['J22', 8], ['J02', 2]])
  const supply = {
    n_nodes: 3,
    n1_secure: 1,
    nodes: [
      { node: 'J11', customer: '湘雅医院', category: 'designated_hospital', segment: 3, supplied: true, routes: 2, dual_supply: true, n1_secure: true, critical_segments: [] },
      { node: 'J22', segment: 7, supplied: true, routes: 1, dual_supply: false, n1_secure: false, critical_segments: [5, 7] },
      { node: 'J02', customer: '市疾控中心', category: 'cdc', segment: 1, supplied: true, routes: 2, dual_supply: true, n1_secure: false, critical_segments: [0] },
    ],
  }

  it('puts the insecure customers first, fewest routes first, with names from the customer list', () => {
    const rows = supplyRows(supply, customers, nodeIndex)
    expect(rows.map((r) => [r.name, r.category, r.routes, r.n1Secure, r.critical, r.nodeIndex])).toEqual([
      ['岳麓区发热门诊', 'fever_clinic', 1, false, [5, 7], 8],
      ['市疾控中心', 'cdc', 2, false, [0], 2],
      ['湘雅医院', 'designated_hospital', 2, true, [], 4],
    ])
    expect(supplySummary(rows)).toEqual({ total: 3, secure: 1, single: 1 })
  })

  it('copes with a missing answer', () => {
    expect(supplyRows(null, customers, nodeIndex)).toEqual([])
  })
})

describe('software line raster', () => {
  it('packs #rrggbb into an opaque RGBA pixel', () => {
    const px = new Uint8Array(Uint32Array.of(packColour('#102030')).buffer)
    expect(Array.from(px)).toEqual([0x10, 0x20, 0x30, 0xff])
  })

  it('draws a connected 1-pixel line and clips it to the buffer', () => {
    const buf = new Uint32Array(10 * 5)
    rasterSegment(buf, 10, 5, -3, 2, 20, 2, 7)
    expect(Array.from(buf.slice(20, 30))).toEqual(Array(10).fill(7))
    expect(buf.reduce((n, v) => n + (v ? 1 : 0), 0)).toBe(10)
    const diag = new Uint32Array(4 * 4)
    rasterSegment(diag, 4, 4, 0, 0, 3, 3, 1)
    expect([0, 5, 10, 15].map((i) => diag[i])).toEqual([1, 1, 1, 1])
  })

  it('rasterises only the links the mask lets through, in device pixels', () => {
    const lines = { coords: Float64Array.of(0, 0, 4, 0, 0, 1, 4, 1), start: Int32Array.of(0, 2, 4) }
    const buf = new Uint32Array(10 * 10)
    rasterLinks(buf, 10, 10, lines, Int32Array.of(0, 1), Uint8Array.of(1, 0), { scale: 1, tx: 0, ty: 4 }, 2, 9)
    // link 0 at y = 0 → CSS row 4 → device row 8, x 0…8
    expect(Array.from(buf.slice(80, 90))).toEqual([9, 9, 9, 9, 9, 9, 9, 9, 9, 0])
    expect(buf.reduce((n, v) => n + (v ? 1 : 0), 0)).toBe(9)
  })
})
