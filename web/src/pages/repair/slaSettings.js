// GET /repair/sla ↔ the settings form: minutes as text inputs (empty: no
// such clock for the level), the warning share as a percentage.
const text = (v) => (v == null ? '' : String(v))
const minutes = (v) => (v === '' || v == null ? null : Number(v))

export function slaForm(s) {
  return {
    warning_pct: Math.round((s.warning_fraction ?? 0.8) * 100),
    levels: (s.levels ?? []).map((l) => ({
      respond_min: text(l.respond_min),
      respond_same_day: Boolean(l.respond_same_day),
      on_site_urban: text(l.on_site_min?.urban),
      on_site_suburban: text(l.on_site_min?.suburban),
      isolated_min: text(l.isolated_min),
      repaired_min: text(l.repaired_min),
    })),
  }
}

export function slaBody(form) {
  return {
    warning_fraction: Number(form.warning_pct) / 100,
    levels: form.levels.map((l, i) => ({
      level: i + 1,
      respond_min: l.respond_same_day ? null : minutes(l.respond_min),
      respond_same_day: Boolean(l.respond_same_day),
      on_site_min: { urban: minutes(l.on_site_urban), suburban: minutes(l.on_site_suburban) },
      isolated_min: minutes(l.isolated_min),
      repaired_min: minutes(l.repaired_min),
    })),
  }
}
