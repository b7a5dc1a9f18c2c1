// The body the team form sends: lists typed with commas (中文或英文逗号),
// members without a retyped phone sent back by id (the server keeps theirs).
const list = (text) => String(text ?? '').split(/[,，、;；]+/).map((s) => s.trim()).filter(Boolean)

/** @param {boolean} editing  PATCH (no unit) rather than POST */
export function teamBody(form, editing) {
  const members = form.members
    .filter((m) => m.name.trim())
    .map((m) => {
      const out = { name: m.name.trim(), skills: list(m.skills) }
      if (m.phone.trim()) out.phone = m.phone.trim()
      else if (m.id) out.id = m.id
      return out
    })
  const body = { name: form.name.trim(), kind: form.kind, base_address: form.base_address.trim(), vehicles: list(form.vehicles), members }
  if (!editing) body.org_id = form.org_id
  return body
}
