// Which kinds of unit normally sit under which; the server has the final word.
export const CHILD_KINDS = {
  association: ['utility'],
  utility: ['department', 'water_plant', 'wastewater_plant', 'branch', 'team'],
  branch: ['department', 'water_plant', 'wastewater_plant', 'team'],
  department: ['team'],
  water_plant: ['team'],
  wastewater_plant: ['team'],
  team: [],
}
