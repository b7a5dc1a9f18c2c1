#include "app/health/outings.h"

#include "app/audit/audit.h"
#include "app/health/access.h"
#include "app/health/staff_repo.h"
#include "core/time.h"
#include "store/like.h"

namespace lifeline::app::health {

using store::Tx;
using store::TxMode;

namespace {

const char* const kSelect =
    "SELECT t.id, t.staff_id, s.name, s.employee_no, s.org_id, t.org_path, o.name, t.destination, t.purpose,"
    " t.depart_at, t.planned_return_at, t.status, t.decided_by, COALESCE(u.display_name, ''), t.decided_at,"
    " t.decision_note, t.returned_at, t.created_at FROM outings t JOIN staff s ON s.id = t.staff_id"
    " JOIN orgs o ON o.id = s.org_id LEFT JOIN users u ON u.id = t.decided_by ";

Outing from_row(const store::Row& r) {
  Outing t;
  t.id = r.integer(0);
  t.staff_id = r.integer(1);
  t.staff_name = r.text(2);
  t.employee_no = r.text(3);
  t.org_id = r.integer(4);
  t.org_path = r.text(5);
  t.org_name = r.text(6);
  t.destination = r.text(7);
  t.purpose = r.text(8);
  t.depart_at = from_millis(r.integer(9));
  t.planned_return_at = from_millis(r.integer(10));
  t.status = r.text(11);
  t.decided_by = r.opt_integer(12);
  t.decided_by_name = r.text(13);
  if (!r.is_null(14)) t.decided_at = from_millis(r.integer(14));
  t.decision_note = r.opt_text(15);
  if (!r.is_null(16)) t.returned_at = from_millis(r.integer(16));
  t.created_at = from_millis(r.integer(17));
  return t;
}

Result<std::vector<Outing>> load(Tx& tx, const std::string& where, const store::Params& params) {
  LL_TRY(auto rows, tx.query(std::string(kSelect) + where, params));
  std::vector<Outing> out;
  for (const auto& r : rows) out.push_back(from_row(r));
  return out;
}

nlohmann::json audit_json(const Outing& t) {
  auto opt_instant = [](const std::optional<Instant>& i) {
    return i ? nlohmann::json(format_instant(*i)) : nlohmann::json();
  };
  return {{"id", t.id},
          {"staff_id", t.staff_id},
          {"destination", t.destination},
          {"purpose", t.purpose},
          {"depart_at", format_instant(t.depart_at)},
          {"planned_return_at", format_instant(t.planned_return_at)},
          {"status", t.status},
          {"decided_at", opt_instant(t.decided_at)},
          {"decision_note", t.decision_note ? nlohmann::json(*t.decision_note) : nlohmann::json()},
          {"returned_at", opt_instant(t.returned_at)}};
}

Error wrong_status(const Outing& t, const std::string& what) {
  return Error::conflict("cannot " + what + " this outing: its status is " + t.status);
}

Result<Staff> staff_repo_find(Tx& tx, int64_t id) {
  LL_TRY(auto s, staff_repo::find(tx, id));
  if (!s) return Error::not_found("no such outing");
  return *s;
}

}  // namespace

namespace outings_repo {
Result<std::vector<Outing>> of(Tx& tx, int64_t staff_id) {
  return load(tx, "WHERE t.staff_id = ? ORDER BY t.depart_at DESC, t.id DESC", {staff_id});
}
Result<std::optional<Outing>> find(Tx& tx, int64_t id) {
  LL_TRY(auto found, load(tx, "WHERE t.id = ?", {id}));
  if (found.empty()) return std::optional<Outing>();
  return std::optional<Outing>(std::move(found[0]));
}
}  // namespace outings_repo

nlohmann::json to_json(const Outing& t, Instant now) {
  auto opt_instant = [](const std::optional<Instant>& i) {
    return i ? nlohmann::json(format_instant(*i)) : nlohmann::json();
  };
  return {{"id", t.id},
          {"staff_id", t.staff_id},
          {"staff_name", t.staff_name},
          {"employee_no", t.employee_no},
          {"org_id", t.org_id},
          {"org_name", t.org_name},
          {"destination", t.destination},
          {"purpose", t.purpose},
          {"depart_at", format_instant(t.depart_at)},
          {"planned_return_at", format_instant(t.planned_return_at)},
          {"status", t.status},
          {"decided_by_name", t.decided_by ? nlohmann::json(t.decided_by_name) : nlohmann::json()},
          {"decided_at", opt_instant(t.decided_at)},
          {"decision_note", t.decision_note ? nlohmann::json(*t.decision_note) : nlohmann::json()},
          {"returned_at", opt_instant(t.returned_at)},
          {"created_at", format_instant(t.created_at)},
          {"overdue", t.overdue(now)}};
}

Result<Outing> Outings::request(const Actor& actor, const NewOuting& in) {
  const auto now = rt_.clock.now();
  std::vector<FieldError> errors;
  if (in.destination.find_first_not_of(" \t\r\n") == std::string::npos)
    errors.push_back({"destination", "must not be empty"});
  if (in.purpose.find_first_not_of(" \t\r\n") == std::string::npos) errors.push_back({"purpose", "must not be empty"});
  if (in.planned_return_at <= in.depart_at) errors.push_back({"planned_return_at", "must be after depart_at"});
  else if (in.planned_return_at - in.depart_at > std::chrono::hours(24 * 90))
    errors.push_back({"planned_return_at", "must be within 90 days of depart_at"});
  if (!errors.empty()) return Error::invalid(std::move(errors));
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Outing> {
    Staff person;
    if (in.staff_id) {
      auto me = self(tx, actor);
      if (me && me->id == *in.staff_id) {
        person = *me;
      } else {
        if (!actor.can(Permission::health_manage))
          return Error::forbidden("only a health officer may register an outing for someone else");
        auto s = manageable(tx, actor, *in.staff_id);
        if (!s) {
          Error e = Error::not_found("no such person on the register in your scope");
          e.fields.push_back({"staff_id", "no such person on the register in your scope"});
          return e;
        }
        person = *s;
      }
    } else {
      if (!actor.can(Permission::health_self)) return Error::forbidden();
      LL_TRY(person, self(tx, actor));
    }
    LL_TRY(int64_t id, tx.insert("INSERT INTO outings (staff_id, org_path, destination, purpose, depart_at,"
                                 " planned_return_at, status, created_at) VALUES (?,?,?,?,?,?,'requested',?)"
                                 " RETURNING id",
                                 {person.id, person.org_path, in.destination, in.purpose, to_millis(in.depart_at),
                                  to_millis(in.planned_return_at), to_millis(now)}));
    LL_TRY(auto t, outings_repo::find(tx, id));
    if (!t) return Error::internal("outing vanished");
    LL_CHECK(audit::record(tx, actor, now,
                           {"health.outing.request", "outing", std::to_string(id), person.org_id, person.org_path,
                            nullptr, audit_json(*t)}));
    return *t;
  });
  if (r) rt_.events.publish({"health.outing", r->org_id, r->org_path,
                             {{"org_id", r->org_id}, {"id", r->id}, {"action", "requested"}}});
  return r;
}

Result<OutingList> Outings::list(const Actor& actor, const OutingFilter& f) {
  if (!actor.can(Permission::health_records) && !actor.can(Permission::outings_approve)) return Error::forbidden();
  static const char* const kStatuses[] = {"requested", "approved", "rejected", "returned", "cancelled"};
  if (f.status) {
    bool ok = false;
    for (const char* s : kStatuses) ok = ok || *f.status == s;
    if (!ok) return Error::invalid("status", "must be one of: requested, approved, rejected, returned, cancelled");
  }
  const auto now = rt_.clock.now();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<OutingList> {
    LL_TRY(auto sc, scope(tx, actor, f.org));
    std::string where = "WHERE t.org_path LIKE ? ESCAPE '\\'";
    store::Params params{store::like_prefix(sc.path)};
    if (f.status) {
      where += " AND t.status = ?";
      params.emplace_back(*f.status);
    }
    if (f.overdue_only) {
      where += " AND t.status = 'approved' AND t.returned_at IS NULL AND t.planned_return_at < ?";
      params.emplace_back(to_millis(now));
    }
    OutingList out;
    LL_TRY(out.items, load(tx, where + " ORDER BY t.depart_at DESC, t.id DESC LIMIT 2000", params));
    for (const auto& t : out.items) out.overdue += t.overdue(now) ? 1 : 0;
    return out;
  });
}

Result<OutingList> Outings::mine(const Actor& actor) {
  if (!actor.can(Permission::health_self)) return Error::forbidden();
  const auto now = rt_.clock.now();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<OutingList> {
    LL_TRY(auto me, self(tx, actor));
    OutingList out;
    LL_TRY(out.items, outings_repo::of(tx, me.id));
    for (const auto& t : out.items) out.overdue += t.overdue(now) ? 1 : 0;
    return out;
  });
}

Result<Outing> Outings::decide(const Actor& actor, int64_t id, const std::string& decision,
                               const std::optional<std::string>& note) {
  if (!actor.can(Permission::outings_approve)) return Error::forbidden();
  bool approve = decision == "approve";
  if (!approve && (!note || note->find_first_not_of(" \t\r\n") == std::string::npos))
    return Error::invalid("note", "say why the outing is rejected");
  const auto now = rt_.clock.now();
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Outing> {
    LL_TRY(auto t, outings_repo::find(tx, id));
    if (!t || !actor.sees(t->org_path)) return Error::not_found("no such outing");
    LL_TRY(auto person, staff_repo_find(tx, t->staff_id));
    if (is_self(actor, person)) return Error::forbidden("you cannot decide on your own outing");
    if (t->status != "requested") return wrong_status(*t, approve ? "approve" : "reject");
    nlohmann::json before = audit_json(*t);
    LL_TRY(int64_t changed,
           tx.exec("UPDATE outings SET status = ?, decided_by = ?, decided_at = ?, decision_note = ?"
                   " WHERE id = ? AND status = 'requested'",
                   {approve ? "approved" : "rejected",
                    actor.user_id ? store::Value(actor.user_id) : store::Value(), to_millis(now), note, id}));
    if (changed != 1) return Error::conflict("the outing was decided or cancelled meanwhile; reload it");
    LL_TRY(auto stored, outings_repo::find(tx, id));
    if (!stored) return Error::internal("outing vanished");
    LL_CHECK(audit::record(tx, actor, now,
                           {approve ? "health.outing.approve" : "health.outing.reject", "outing", std::to_string(id),
                            stored->org_id, stored->org_path, before, audit_json(*stored)}));
    return *stored;
  });
  if (r) rt_.events.publish({"health.outing", r->org_id, r->org_path,
                             {{"org_id", r->org_id}, {"id", r->id}, {"action", r->status}}});
  return r;
}

Result<Outing> Outings::record_return(const Actor& actor, int64_t id, std::optional<Instant> returned_at) {
  const auto now = rt_.clock.now();
  Instant at = returned_at.value_or(now);
  if (at > now + std::chrono::minutes(5)) return Error::invalid("returned_at", "must not be in the future");
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Outing> {
    LL_TRY(auto t, outings_repo::find(tx, id));
    if (!t) return Error::not_found("no such outing");
    LL_TRY(auto person, staff_repo_find(tx, t->staff_id));
    bool mine = is_self(actor, person) && actor.can(Permission::health_self);
    if (!mine && !may_manage(actor, person)) {
      if (may_read_record(actor, person) || (actor.can(Permission::outings_approve) && actor.sees(t->org_path)))
        return Error::forbidden("only the person themself or a health officer may record the return");
      return Error::not_found("no such outing");
    }
    if (t->status != "approved") return wrong_status(*t, "record the return of");
    if (at < t->depart_at) return Error::invalid("returned_at", "must not be before depart_at");
    nlohmann::json before = audit_json(*t);
    LL_TRY(int64_t changed, tx.exec("UPDATE outings SET status = 'returned', returned_at = ? WHERE id = ?"
                                    " AND status = 'approved'",
                                    {to_millis(at), id}));
    if (changed != 1) return Error::conflict("the return was recorded meanwhile; reload the outing");
    LL_TRY(auto stored, outings_repo::find(tx, id));
    if (!stored) return Error::internal("outing vanished");
    LL_CHECK(audit::record(tx, actor, now,
                           {"health.outing.return", "outing", std::to_string(id), stored->org_id, stored->org_path,
                            before, audit_json(*stored)}));
    return *stored;
  });
  if (r) rt_.events.publish({"health.outing", r->org_id, r->org_path,
                             {{"org_id", r->org_id}, {"id", r->id}, {"action", "returned"}}});
  return r;
}

Result<Outing> Outings::cancel(const Actor& actor, int64_t id) {
  const auto now = rt_.clock.now();
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Outing> {
    LL_TRY(auto t, outings_repo::find(tx, id));
    if (!t) return Error::not_found("no such outing");
    LL_TRY(auto person, staff_repo_find(tx, t->staff_id));
    if (!is_self(actor, person) || !actor.can(Permission::health_self)) {
      if (may_read_record(actor, person) || (actor.can(Permission::outings_approve) && actor.sees(t->org_path)))
        return Error::forbidden("only the person themself may cancel their outing request");
      return Error::not_found("no such outing");
    }
    if (t->status != "requested") return wrong_status(*t, "cancel");
    nlohmann::json before = audit_json(*t);
    LL_TRY(int64_t changed, tx.exec("UPDATE outings SET status = 'cancelled' WHERE id = ? AND status = 'requested'", {id}));
    if (changed != 1) return Error::conflict("the outing was decided meanwhile; reload it");
    LL_TRY(auto stored, outings_repo::find(tx, id));
    if (!stored) return Error::internal("outing vanished");
    LL_CHECK(audit::record(tx, actor, now,
                           {"health.outing.cancel", "outing", std::to_string(id), stored->org_id, stored->org_path,
                            before, audit_json(*stored)}));
    return *stored;
  });
  if (r) rt_.events.publish({"health.outing", r->org_id, r->org_path,
                             {{"org_id", r->org_id}, {"id", r->id}, {"action", "cancelled"}}});
  return r;
}

}  // namespace lifeline::app::health
