#include "app/hotline/follow_up.h"

#include "app/audit/audit.h"
#include "core/time.h"

namespace lifeline::app::hotline {

using store::Tx;
using store::TxMode;

Result<Call> FollowUps::record(const Actor& actor, int64_t call_id, const FollowUp& f) {
  if (!actor.can(Permission::hotline_take)) return Error::forbidden();
  if (f.satisfaction < 1 || f.satisfaction > 5) return Error::invalid("satisfaction", "must be 1 to 5");
  const Instant now = rt_.clock.now();
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Call> {
    // Locked: one follow-up per call, even when two operators record one at once.
    LL_CHECK(tx.query("SELECT id FROM hotline_calls WHERE id = ? FOR UPDATE", {call_id}));
    LL_TRY(auto c, visible_call(tx, actor, call_id));
    if (c.state != "closed") return Error::conflict("call " + c.code + " is " + c.state + ": follow up once it is closed");
    if (c.followed_up_at)
      return Error::conflict("call " + c.code + " was followed up on " + format_instant(*c.followed_up_at));
    LL_CHECK(tx.execute("UPDATE hotline_calls SET satisfaction = ?, follow_up_note = ?, followed_up_at = ?,"
                        " version = version + 1 WHERE id = ? AND followed_up_at IS NULL",
                        {f.satisfaction, f.note, to_millis(now), call_id}));
    LL_TRY(auto after, call_repo::find(tx, call_id));
    if (!after) return Error::internal("call vanished");
    LL_CHECK(audit::record(tx, actor, now,
                           {"hotline.call.follow_up", "hotline_call", std::to_string(call_id), after->org_id,
                            after->org_path, audit_json(c), audit_json(*after)}));
    return std::move(*after);
  });
  if (r) calls_.publish(*r);
  return r;
}

}  // namespace lifeline::app::hotline
