#include "app/duty/jobs.h"

#include <cstdio>

#include "app/duty/access.h"
#include "app/duty/log.h"
#include "app/duty/repo.h"
#include "app/duty/schedule.h"
#include "app/notify/outbox.h"

namespace lifeline::app::duty {

using store::Tx;
using store::TxMode;

namespace {

std::string hhmm(const Zone& zone, Instant t) {
  const Civil c = zone.civil(t);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d", c.hour(), c.minute());
  return buf;
}

}  // namespace

Result<int64_t> remind_shifts(Runtime& rt, Instant now) {
  const Zone zone = zone_of(rt);
  return rt.db.transact(TxMode::write, [&](Tx& tx) -> Result<int64_t> {
    LL_TRY(auto posts, repo::posts_in(tx, "/"));
    // A day back: a run that started earlier continues, and is not a new shift.
    LL_TRY(auto plans, repo::plans(tx, posts, {now - std::chrono::hours(24), now + kReminderLead + std::chrono::hours(1)}));
    int64_t queued = 0;
    for (size_t i = 0; i < posts.size(); ++i) {
      const auto segs = final_schedule(zone, plans[i], {now - std::chrono::hours(24), now + kReminderLead});
      for (const auto& r : runs(segs)) {
        if (!r.person || r.span.from <= now || r.span.from > now + kReminderLead) continue;
        LL_TRY(auto person, repo::person(tx, *r.person));
        if (!person) continue;
        const Post& p = posts[i];
        notify::Notice n;
        n.org_id = p.org_id;
        n.org_path = p.org_path;
        n.event = "duty.shift_reminder";
        n.priority = notify::Priority::normal;
        n.title = "值班提醒";
        n.text = person->name + "：您将于 " + hhmm(zone, r.span.from) + " 在「" + p.name + "」值班，请按时到岗签到。";
        if (p.phone) n.text += "值班电话 " + *p.phone + "。";
        n.link = "/duty/checkin";
        if (person->phone) n.mention_phones.push_back(*person->phone);
        n.dedup_key = "duty.shift:" + std::to_string(p.id) + ":" + std::to_string(person->id) + ":" +
                      std::to_string(to_millis(r.span.from));
        LL_TRY(bool added, notify::enqueue(tx, n, now));
        queued += added ? 1 : 0;
      }
    }
    return queued;
  });
}

Result<int64_t> flag_handovers(Runtime& rt, Instant now) {
  return rt.db.transact(TxMode::write, [&](Tx& tx) -> Result<int64_t> {
    LL_TRY(auto due, load_handovers(tx, "WHERE h.acknowledged_at IS NULL AND h.flagged_at IS NULL AND h.shift_start <= ?",
                                    {to_millis(now)}, now));
    int64_t flagged = 0;
    for (const auto& h : due) {
      LL_TRY(int64_t n, tx.exec("UPDATE duty_handovers SET flagged_at = ? WHERE id = ? AND flagged_at IS NULL"
                                " AND acknowledged_at IS NULL",
                                {to_millis(now), h.id}));
      if (n != 1) continue;
      ++flagged;
      LL_TRY(auto org, tx.query_one("SELECT org_id FROM duty_posts WHERE id = ?", {h.post_id}));
      notify::Notice notice;
      notice.org_id = org ? org->integer(0) : 0;
      notice.org_path = h.org_path;
      notice.event = "duty.handover_unacknowledged";
      notice.priority = notify::Priority::high;
      notice.title = "交接班未确认";
      notice.text = "「" + h.post_name + "」的交接班已到接班时间，" + (h.to ? h.to->name : std::string("接班人")) +
                    " 尚未确认接班，请核实在岗情况。";
      notice.link = "/duty/log?post=" + std::to_string(h.post_id);
      if (h.to && h.to->phone) notice.mention_phones.push_back(*h.to->phone);
      notice.dedup_key = "duty.handover:" + std::to_string(h.id);
      LL_TRY(bool added, notify::enqueue(tx, notice, now));
      (void)added;
    }
    return flagged;
  });
}

schedule::Job shift_reminder_job(Runtime& rt) {
  return {"duty.shift_reminders", std::chrono::minutes(5), std::chrono::minutes(5), [&rt](Instant now) -> Status {
            auto r = remind_shifts(rt, now);
            if (!r) return r.error();
            return {};
          }};
}

schedule::Job handover_flag_job(Runtime& rt) {
  return {"duty.handover_flags", std::chrono::minutes(1), std::chrono::minutes(5), [&rt](Instant now) -> Status {
            auto r = flag_handovers(rt, now);
            if (!r) return r.error();
            return {};
          }};
}

}  // namespace lifeline::app::duty
