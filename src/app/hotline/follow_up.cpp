#include "app/hotline/follow_up.h"

#include "app/audit/audit.h"
#include "core/time.h"

namespace lifeline::app::hotline {

using store::Tx;
using store::TxMode;

Result<Call> FollowUps::record(const Actor& actor, int64_t call_id, const FollowUp& f, api::Retry* retry) {
  if (!actor.can(Permission::hotline_take)) return Error::forbidden();
  if (f.satisfaction < 1 || f.satisfaction > 5)
    return Error::invalid("satisfaction", "must be 1 to 5").keyed("not_between", {{"min", "1"}, {"max", "5"}});
  const Instant now = rt_.clock.now();
  bool replayed = false;
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Call> {
    LL_TRY(auto earlier, api::replayed_record(tx, retry));
    if (earlier) {
      replayed = true;
      return visible_call(tx, actor, *earlier);
    }
    LL_TRY(auto c, visible_call(tx, actor, call_id));
    if (c.state != "closed")
      return Error::conflict("call " + c.code + " is " + c.state + ": follow up once it is closed")
          .keyed("hotline.follow_up_too_early", {{"call", c.code}});
    if (c.followed_up_at)
      return Error::conflict("call " + c.code + " was followed up on " + format_instant(*c.followed_up_at))
          .keyed("hotline.followed_up_already", {{"call", c.code}});
    LL_TRY(int64_t changed, tx.exec("UPDATE hotline_calls SET satisfaction = ?, follow_up_note = ?, followed_up_at = ?,"
                                    " version = version + 1 WHERE id = ? AND followed_up_at IS NULL",
                                    {f.satisfaction, f.note, to_millis(now), call_id}));
    if (changed != 1)
      return Error::conflict("call " + c.code + " was followed up meanwhile").keyed("hotline.followed_up_already", {{"call", c.code}});
    LL_TRY(auto after, call_repo::find(tx, call_id));
    if (!after) return Error::internal("call vanished");
    LL_CHECK(audit::record(tx, actor, now,
                           {"hotline.call.follow_up", "hotline_call", std::to_string(call_id), after->org_id,
                            after->org_path, audit_json(c), audit_json(*after)}));
    LL_CHECK(api::remember_record(tx, retry, call_id, now));
    return std::move(*after);
  });
  if (r && !replayed) calls_.publish(*r);
  return r;
}

}  // namespace lifeline::app::hotline
