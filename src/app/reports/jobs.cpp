#include "app/reports/jobs.h"

#include <cstdio>

#include "app/duty/access.h"
#include "app/notify/outbox.h"
#include "app/reports/deadlines.h"
#include "app/reports/repo.h"

namespace lifeline::app::reports {

using store::Tx;
using store::TxMode;

namespace {

std::string hhmm(const duty::Zone& zone, Instant t) {
  const auto c = zone.civil(t);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d", c.hour(), c.minute());
  return buf;
}

std::string key(const char* kind, int64_t tpl, int64_t unit, Instant at) {
  return std::string(kind) + ":" + std::to_string(tpl) + ":" + std::to_string(unit) + ":" + std::to_string(to_millis(at));
}

}  // namespace

Result<Sent> remind_and_escalate(Runtime& rt, Instant now) {
  const duty::Zone zone = duty::zone_of(rt);
  return rt.db.transact(TxMode::write, [&](Tx& tx) -> Result<Sent> {
    Sent sent;
    LL_TRY(auto templates, repo::templates(tx, "WHERE t.active = 1 ORDER BY t.id", {}));
    for (const auto& t : templates) {
      // Deadlines from a day back (escalations) to twelve hours ahead (reminders).
      for (const auto& d : deadlines_between(t, zone, now - std::chrono::hours(24), now + std::chrono::hours(12))) {
        const auto& v = *d.version;
        const bool remind = d.at > now && d.at - now <= std::chrono::minutes(v.remind_minutes);
        const bool escalate = d.at <= now && now - d.at >= std::chrono::minutes(v.escalate_minutes);
        if (!remind && !escalate) continue;
        LL_TRY(auto units, repo::required_units(tx, t, v, t.org_path));
        for (const auto& u : units) {
          LL_TRY(auto sent_row, tx.query_one("SELECT id FROM report_submissions WHERE template_id = ? AND org_id = ?"
                                             " AND deadline_at = ?",
                                             {t.id, u.id, to_millis(d.at)}));
          if (sent_row) continue;
          notify::Notice n;
          if (remind) {
            n.org_id = u.id;
            n.org_path = u.path;
            n.event = "report.reminder";
            n.priority = notify::Priority::normal;
            n.title = "准点报告提醒";
            n.text = u.name + "：「" + t.name + "」" + hhmm(zone, d.at) + " 截止，尚未报送，请及时填报。";
            n.link = "/reports/submit";
            n.dedup_key = key("report.remind", t.id, u.id, d.at);
          } else {
            n.org_id = t.org_id;
            n.org_path = t.org_path;
            n.event = "report.missing";
            n.priority = notify::Priority::high;
            n.title = "准点报告逾期未报";
            n.text = u.name + " 未按时报送「" + t.name + "」（" + zone.date(d.at) + " " + hhmm(zone, d.at) +
                     " 截止），请督促报送。";
            n.link = "/reports/status?org=" + std::to_string(t.org_id) + "&date=" + zone.date(d.at);
            n.dedup_key = key("report.missing", t.id, u.id, d.at);
          }
          LL_TRY(bool added, notify::enqueue(tx, n, now));
          if (added) ++(remind ? sent.reminders : sent.escalations);
        }
      }
    }
    return sent;
  });
}

schedule::Job deadline_job(Runtime& rt) {
  return {"reports.deadlines", std::chrono::minutes(1), std::chrono::minutes(5), [&rt](Instant now) -> Status {
            auto r = remind_and_escalate(rt, now);
            if (!r) return r.error();
            return {};
          }};
}

}  // namespace lifeline::app::reports
