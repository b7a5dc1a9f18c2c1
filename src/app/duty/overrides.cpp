#include "app/duty/overrides.h"

#include "app/audit/audit.h"
#include "app/duty/access.h"
#include "app/duty/json.h"
#include "app/duty/repo.h"
#include "core/time.h"
#include "store/like.h"

namespace lifeline::app::duty {

using store::Tx;
using store::TxMode;

namespace {

constexpr auto kLongest = std::chrono::hours(24 * 366);

Result<Override> reload(Tx& tx, int64_t id) {
  LL_TRY(auto o, repo::find_override(tx, id));
  if (!o) return Error::internal("override vanished");
  return std::move(*o);
}

}  // namespace

Result<std::vector<Override>> Overrides::list(const Actor& actor, const OverrideFilter& f) {
  if (!actor.can(Permission::duty_read)) return Error::forbidden();
  if (f.state) {
    bool ok = false;
    for (const char* s : kOverrideStates) ok = ok || *f.state == s;
    if (!ok) return Error::invalid("state", "must be one of: requested, approved, rejected, cancelled");
  }
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::vector<Override>> {
    std::string where;
    store::Params params;
    if (f.post) {
      LL_TRY(auto p, visible_post(tx, actor, *f.post));
      where = "WHERE v.post_id = ?";
      params.emplace_back(p.id);
    } else {
      LL_TRY(auto unit, unit_in_scope(tx, actor, f.org));
      where = "WHERE v.org_path LIKE ? ESCAPE '\\'";
      params.emplace_back(store::like_prefix(unit.path));
    }
    if (f.state) {
      where += " AND v.state = ?";
      params.emplace_back(*f.state);
    }
    if (f.to) {
      where += " AND v.starts_at < ?";
      params.emplace_back(to_millis(*f.to));
    }
    if (f.from) {
      where += " AND v.ends_at > ?";
      params.emplace_back(to_millis(*f.from));
    }
    return repo::overrides(tx, where + " ORDER BY v.starts_at DESC, v.id DESC LIMIT 500", params);
  });
}

Result<Override> Overrides::create(const Actor& actor, const NewOverride& in) {
  if (!actor.can(Permission::duty_self) && !actor.can(Permission::duty_manage)) return Error::forbidden();
  std::vector<FieldError> errors;
  if (in.kind != "cover" && in.kind != "swap") errors.push_back({"kind", "must be cover or swap"});
  if (in.span.until <= in.span.from) errors.push_back({"until", "must be after from"});
  else if (in.span.until - in.span.from > kLongest) errors.push_back({"until", "an override lasts at most a year"});
  if (in.kind == "swap" && !in.replaces) errors.push_back({"replaces_person_id", "a swap names whom it replaces"});
  if (in.kind == "cover" && in.replaces) errors.push_back({"replaces_person_id", "a cover replaces whoever is on duty"});
  if (in.replaces && *in.replaces == in.person) errors.push_back({"replaces_person_id", "must be another person"});
  if (in.reason.find_first_not_of(" \t\r\n") == std::string::npos) errors.push_back({"reason", "say why"});
  if (!errors.empty()) return Error::invalid(std::move(errors));
  const Instant now = rt_.clock.now();
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Override> {
    // The lock on the post serialises every override of it: the overlap check below holds.
    LL_TRY(auto post, visible_post(tx, actor, in.post_id, true));
    LL_TRY(auto person, person_for_post(tx, post, in.person, "person_id"));
    std::optional<Person> replaces;
    if (in.replaces) {
      LL_TRY(replaces, person_for_post(tx, post, *in.replaces, "replaces_person_id"));
    }
    const bool head = manages(actor, post.org_path);
    if (!head) {
      // Someone on the roster asks for their own shift (or to take one).
      LL_TRY(auto self, person_of(tx, actor));
      const bool own = self && (self->id == in.person || (replaces && self->id == replaces->id));
      if (!actor.can(Permission::duty_self) || !own)
        return Error::forbidden("only the unit head sets overrides for others; ask for your own shift");
    }
    LL_TRY(auto clash, repo::overlapping_overrides(tx, post.id, in.span));
    if (!clash.empty())
      return Error{ErrorCode::conflict, "another override of this post overlaps this interval",
                   {{"from", "overlaps override " + std::to_string(clash.front()) + " of this post"}}};
    const std::string state = head ? "approved" : "requested";
    LL_TRY(int64_t id,
           tx.insert("INSERT INTO duty_overrides (post_id, org_path, kind, starts_at, ends_at, staff_id,"
                     " replaces_staff_id, reason, state, requested_by, requested_by_name, decided_by, decided_by_name,"
                     " decided_at, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
                     {post.id, post.org_path, in.kind, to_millis(in.span.from), to_millis(in.span.until), person.id,
                      replaces ? store::Value(replaces->id) : store::Value(), in.reason, state,
                      actor.user_id ? store::Value(actor.user_id) : store::Value(), actor.display_name,
                      head && actor.user_id ? store::Value(actor.user_id) : store::Value(),
                      head ? store::Value(actor.display_name) : store::Value(),
                      head ? store::Value(to_millis(now)) : store::Value(), to_millis(now)}));
    LL_TRY(auto stored, reload(tx, id));
    LL_CHECK(audit::record(tx, actor, now,
                           {"duty.override." + std::string(head ? "create" : "request"), "duty_override",
                            std::to_string(id), post.org_id, post.org_path, nullptr, to_json(stored)}));
    return stored;
  });
}

Result<Override> Overrides::decide(const Actor& actor, int64_t id, const std::string& decision,
                                   const std::optional<std::string>& note) {
  if (decision != "approve" && decision != "reject" && decision != "cancel")
    return Error::invalid("decision", "must be approve, reject or cancel");
  const Instant now = rt_.clock.now();
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Override> {
    LL_TRY(auto before, repo::find_override(tx, id));
    if (!before || !actor.sees(before->org_path)) return Error::not_found("no such override");
    LL_TRY(auto post, visible_post(tx, actor, before->post_id, true));
    const bool head = manages(actor, post.org_path);
    std::string to;
    std::string from_state = "requested";
    if (decision == "cancel") {
      LL_TRY(auto self, person_of(tx, actor));
      const bool requester = self && (self->id == before->person.id ||
                                      (before->replaces && self->id == before->replaces->id));
      if (!head && !requester) return Error::forbidden("only the requester or the unit head cancels an override");
      if (before->state != "requested" && before->state != "approved")
        return Error::conflict("an override that is " + before->state + " cannot be cancelled");
      if (!head && before->state == "approved")
        return Error::forbidden("an approved override is cancelled by the unit head");
      to = "cancelled";
      from_state = before->state;
    } else {
      if (!head) return Error::forbidden("only the unit head (or an admin) approves or rejects overrides");
      to = decision == "approve" ? "approved" : "rejected";
    }
    LL_TRY(int64_t n, tx.exec("UPDATE duty_overrides SET state = ?, decided_by = ?, decided_by_name = ?,"
                              " decided_at = ?, decision_note = ? WHERE id = ? AND state = ?",
                              {to, actor.user_id ? store::Value(actor.user_id) : store::Value(), actor.display_name,
                               to_millis(now), note, id, from_state}));
    if (n != 1) return Error::conflict("this override is " + before->state + ", not " + from_state);
    LL_TRY(auto after, reload(tx, id));
    LL_CHECK(audit::record(tx, actor, now,
                           {"duty.override." + to, "duty_override", std::to_string(id), post.org_id, post.org_path,
                            to_json(*before), to_json(after)}));
    return after;
  });
}

}  // namespace lifeline::app::duty
