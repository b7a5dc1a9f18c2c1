import { describe, expect, it } from 'vitest'
import { buildOrgTree, flattenOrgTree, orgPath } from '../src/orgTree'

const org = (id, parent_id, kind, name, code = `C${id}`) => ({ id, parent_id, kind, name, code })

const flat = [
  org(11, 2, 'water_plant', '第八水厂', 'CS-W08'),
  org(2, 1, 'utility', '长沙水业集团', 'CS'),
  org(3, 1, 'utility', '株洲水务集团', 'ZZ'),
  org(1, null, 'association', '湖南省城镇供水排水协会', 'HN'),
  org(10, 2, 'department', '生产技术部', 'CS-D01'),
  org(12, 11, 'team', '运行一班', 'CS-W08-T1'),
]

describe('buildOrgTree', () => {
  it('nests units under their parents, association first', () => {
    const roots = buildOrgTree(flat)
    expect(roots).toHaveLength(1)
    expect(roots[0].org.name).toBe('湖南省城镇供水排水协会')
    expect(roots[0].children.map((n) => n.org.code)).toEqual(['CS', 'ZZ'])
    const changsha = roots[0].children[0]
    // departments before plants, whatever order the server sent
    expect(changsha.children.map((n) => n.org.kind)).toEqual(['department', 'water_plant'])
    expect(changsha.children[1].children[0].org.name).toBe('运行一班')
  })

  it('makes a unit whose parent is not visible a root (a utility admin sees from the utility down)', () => {
    const roots = buildOrgTree(flat.filter((o) => o.id !== 1))
    expect(roots.map((n) => n.org.code)).toEqual(['CS', 'ZZ'])
  })

  it('handles an empty list', () => {
    expect(buildOrgTree([])).toEqual([])
  })

  it('does not loop on a cycle in bad data', () => {
    const roots = buildOrgTree([org(1, 2, 'utility', 'A'), org(2, 1, 'utility', 'B'), org(3, null, 'association', 'R')])
    expect(flattenOrgTree(roots).map((r) => r.org.name)).toEqual(['R'])
  })
})

describe('flattenOrgTree', () => {
  it('lists depth-first with depth for indented pickers', () => {
    const rows = flattenOrgTree(buildOrgTree(flat))
    expect(rows.map((r) => [r.org.id, r.depth])).toEqual([
      [1, 0],
      [2, 1],
      [10, 2],
      [11, 2],
      [12, 3],
      [3, 1],
    ])
  })
})

describe('orgPath', () => {
  it('walks from the root down', () => {
    expect(orgPath(flat, 12).map((o) => o.id)).toEqual([1, 2, 11, 12])
  })
})
