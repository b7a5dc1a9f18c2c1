// Priority customer categories and how the map marks them. Health first:
// hospitals and fever clinics get the red cross a dispatcher looks for.
export const CATEGORIES = [
  'designated_hospital',
  'fever_clinic',
  'hospital',
  'cdc',
  'quarantine_site',
  'telecom',
  'broadcasting',
  'emergency_command',
  'supply_factory',
  'logistics',
  'other',
]

const MARKERS = {
  designated_hospital: { shape: 'cross', colour: '#d32f2f' },
  fever_clinic: { shape: 'cross', colour: '#e64a19' },
  hospital: { shape: 'cross', colour: '#c2185b' },
  cdc: { shape: 'diamond', colour: '#7b1fa2' },
  quarantine_site: { shape: 'square', colour: '#f57c00' },
  emergency_command: { shape: 'star', colour: '#1565c0' },
  telecom: { shape: 'triangle', colour: '#00838f' },
  broadcasting: { shape: 'triangle', colour: '#00695c' },
  supply_factory: { shape: 'square', colour: '#6d4c41' },
  logistics: { shape: 'square', colour: '#546e7a' },
  other: { shape: 'circle', colour: '#455a64' },
}

/** @param {string} category */
export function markerOf(category) {
  return MARKERS[category] ?? MARKERS.other
}
