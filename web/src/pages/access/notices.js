// The sentence a notice shows its owner, from its kind and params (no server text).

/** @param {{kind: string, params: object}} n  @param {(key: string, params?: object) => string} t */
export function noticeText(n, t) {
  const p = n.params ?? {}
  const kind = p.kind ? t(`access.kind.${p.kind}`) : ''
  const who = p.approved_by
    ? t('access.notices.approvedBy', { requested_by: p.requested_by ?? '', approved_by: p.approved_by })
    : t('access.notices.by', { by: p.by ?? p.requested_by ?? '' })
  return t(`access.notices.kind.${n.kind}`, { ...p, kind, who })
}
