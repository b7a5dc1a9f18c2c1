#include "app/supervision/rectifications.h"

#include <algorithm>

#include "app/audit/audit.h"
#include "app/notify/outbox.h"
#include "app/supervision/json.h"
#include "app/supervision/repo.h"
#include "store/like.h"

namespace lifeline::app::supervision {

using store::Tx;
using store::TxMode;

namespace {

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

Result<Rectification> visible(Tx& tx, const Actor& actor, int64_t id) {
  LL_TRY(auto x, repo::find_rectification(tx, id));
  if (!x || !actor.sees(x->org_path)) return Error::not_found("no such rectification item");
  return std::move(*x);
}

Result<Rectification> reload(Tx& tx, int64_t id) {
  LL_TRY(auto x, repo::find_rectification(tx, id));
  if (!x) return Error::internal("rectification vanished");
  return std::move(*x);
}

}  // namespace

Result<Figures> figures(Tx& tx, const std::string& path, Instant from, Instant until, Instant now) {
  const std::string like = store::like_prefix(path);
  LL_TRY(auto row, tx.query_one("SELECT"
                                " (SELECT COUNT(*) FROM supervision_rounds WHERE org_path LIKE ? ESCAPE '\\'"
                                "   AND state = 'done' AND conducted_at >= ? AND conducted_at < ?),"
                                " (SELECT COUNT(*) FROM supervision_findings f JOIN supervision_rounds r ON r.id = f.round_id"
                                "   WHERE r.org_path LIKE ? ESCAPE '\\' AND r.conducted_at >= ? AND r.conducted_at < ?),"
                                " (SELECT COUNT(*) FROM supervision_rectifications WHERE org_path LIKE ? ESCAPE '\\'"
                                "   AND state <> 'closed'),"
                                " (SELECT COUNT(*) FROM supervision_rectifications WHERE org_path LIKE ? ESCAPE '\\'"
                                "   AND state = 'open' AND deadline < ?)",
                                {like, to_millis(from), to_millis(until), like, to_millis(from), to_millis(until), like,
                                 like, to_millis(now)}));
  if (!row) return Figures{};
  return Figures{row->integer(0), row->integer(1), row->integer(2), row->integer(3)};
}

Result<std::vector<Rectification>> Rectifications::list(const Actor& actor, std::optional<int64_t> org,
                                                        const std::optional<std::string>& state) {
  if (!actor.can(Permission::supervision_read)) return Error::forbidden();
  static const char* const kStates[] = {"open", "overdue", "answered", "closed", "all"};
  if (state && std::find(std::begin(kStates), std::end(kStates), *state) == std::end(kStates))
    return Error::invalid("state", "must be one of: open, overdue, answered, closed, all");
  const Instant now = rt_.clock.now();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::vector<Rectification>> {
    LL_TRY(auto unit, tx.query_one("SELECT path FROM orgs WHERE id = ?", {org.value_or(actor.org_id)}));
    if (!unit || !actor.sees(unit->text(0)))
      return Error{ErrorCode::not_found, "no such org unit in your scope", {{"org", "no such org unit in your scope"}}};
    std::string where = "WHERE x.org_path LIKE ? ESCAPE '\\'";
    store::Params params{store::like_prefix(unit->text(0))};
    if (!state) where += " AND x.state <> 'closed'";
    else if (*state == "overdue") {
      where += " AND x.state = 'open' AND x.deadline < ?";
      params.emplace_back(to_millis(now));
    } else if (*state != "all") {
      where += " AND x.state = ?";
      params.emplace_back(*state);
    }
    return repo::rectifications(tx, where + " ORDER BY x.deadline, x.id LIMIT 1000", params);
  });
}

Result<Rectification> Rectifications::respond(const Actor& actor, int64_t id, const UnitResponse& in) {
  if (!actor.can(Permission::supervision_read)) return Error::forbidden();
  if (blank(in.text)) return Error::invalid("response", "say what was done");
  const Instant now = rt_.clock.now();
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Rectification> {
    LL_TRY(auto before, visible(tx, actor, id));
    const bool owner = before.owner_user_id && *before.owner_user_id == actor.user_id;
    const bool head = actor.can(Permission::duty_manage) && actor.sees(before.org_path);
    if (!owner && !head) return Error::forbidden("the owner of the item (or the unit's head) answers it");
    if (in.version && *in.version != before.version)
      return Error{ErrorCode::precondition_failed, "the item was changed meanwhile; reload it", {}};
    LL_TRY(int64_t n, tx.exec("UPDATE supervision_rectifications SET state = 'answered', response = ?,"
                              " responded_at = ?, responded_by_name = ?, version = version + 1"
                              " WHERE id = ? AND state = 'open' AND version = ?",
                              {in.text, to_millis(now), actor.display_name, id, before.version}));
    if (n != 1) return Error::conflict("this item is " + before.state + "; only an open item is answered");
    LL_CHECK(photos::attach(tx, "supervision_response", id, before.org_path, actor, now, in.photos));
    LL_TRY(auto after, reload(tx, id));
    LL_CHECK(audit::record(tx, actor, now,
                           {"supervision.rectification.respond", "supervision_rectification", std::to_string(id),
                            before.org_id, before.org_path, to_json(before, now), to_json(after, now)}));
    return after;
  });
}

Result<Rectification> Rectifications::verify(const Actor& actor, int64_t id, const Verification& in) {
  if (!actor.can(Permission::supervision_conduct)) return Error::forbidden();
  if (!in.accepted && (!in.note || blank(*in.note)))
    return Error::invalid("note", "say why the item goes back to the unit");
  const Instant now = rt_.clock.now();
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Rectification> {
    LL_TRY(auto before, visible(tx, actor, id));
    LL_TRY(auto team, tx.query_one("SELECT o.path FROM command_bodies b JOIN orgs o ON o.id = b.org_id WHERE b.id = ?",
                                   {before.team_id}));
    if (!team || !actor.sees(team->text(0))) return Error::forbidden("the supervision team verifies its items");
    if (in.version && *in.version != before.version)
      return Error{ErrorCode::precondition_failed, "the item was changed meanwhile; reload it", {}};
    LL_TRY(int64_t n, tx.exec(in.accepted
                                  ? "UPDATE supervision_rectifications SET state = 'closed', verified_at = ?,"
                                    " verified_by_name = ?, verification_note = ?, version = version + 1"
                                    " WHERE id = ? AND state = 'answered' AND version = ?"
                                  : "UPDATE supervision_rectifications SET state = 'open', verified_at = ?,"
                                    " verified_by_name = ?, verification_note = ?, reopened = reopened + 1,"
                                    " version = version + 1 WHERE id = ? AND state = 'answered' AND version = ?",
                              {to_millis(now), actor.display_name, in.note, id, before.version}));
    if (n != 1) return Error::conflict("this item is " + before.state + "; only an answered item is verified");
    LL_TRY(auto after, reload(tx, id));
    LL_CHECK(audit::record(tx, actor, now,
                           {in.accepted ? "supervision.rectification.close" : "supervision.rectification.reopen",
                            "supervision_rectification", std::to_string(id), before.org_id, before.org_path,
                            to_json(before, now), to_json(after, now)}));
    return after;
  });
}

Result<int64_t> Rectifications::flag_overdue(Instant now) {
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<int64_t> {
    LL_TRY(auto due, repo::rectifications(tx, "WHERE x.state = 'open' AND x.deadline < ? AND x.overdue_at IS NULL",
                                          {to_millis(now)}));
    int64_t flagged = 0;
    for (const auto& x : due) {
      LL_TRY(int64_t n, tx.exec("UPDATE supervision_rectifications SET overdue_at = ? WHERE id = ? AND overdue_at IS NULL",
                                {to_millis(now), x.id}));
      if (n != 1) continue;
      ++flagged;
      notify::Notice notice;
      notice.org_id = x.org_id;
      notice.org_path = x.org_path;
      notice.event = "supervision.rectification_overdue";
      notice.priority = notify::Priority::high;
      notice.title = "督导整改逾期";
      notice.text = x.org_name + "：「" + x.action + "」已超过整改期限（责任人 " + x.owner_name + "），请尽快整改并回复。";
      notice.link = "/supervision/rectifications?org=" + std::to_string(x.org_id) + "&state=overdue";
      notice.dedup_key = "supervision.overdue:" + std::to_string(x.id);
      LL_TRY(bool added, notify::enqueue(tx, notice, now));
      (void)added;
    }
    return flagged;
  });
}

schedule::Job overdue_job(Rectifications& r) {
  return {"supervision.overdue", std::chrono::minutes(10), std::chrono::minutes(5), [&r](Instant now) -> Status {
            auto n = r.flag_overdue(now);
            if (!n) return n.error();
            return {};
          }};
}

}  // namespace lifeline::app::supervision
