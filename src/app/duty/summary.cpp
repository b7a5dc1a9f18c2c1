#include "app/duty/summary.h"

#include <cmath>

#include "app/duty/access.h"
#include "app/duty/board.h"
#include "app/duty/presence.h"
#include "core/local_time.h"
#include "app/supervision/rectifications.h"
#include "store/like.h"

namespace lifeline::app::duty {

namespace {

struct Counts {
  int64_t posts = 0, gaps = 0, double_booked = 0, short_rest = 0, unfit = 0;
  int64_t shifts = 0, checked_in = 0, late = 0, spot_checks = 0, answered = 0;
  int64_t log_entries = 0, handovers = 0, handovers_overdue = 0;
  supervision::Figures supervision;
};

double pct(int64_t n, int64_t of) {
  return of ? std::round(1000.0 * static_cast<double>(n) / static_cast<double>(of)) / 10 : 100;
}

}  // namespace

Result<std::optional<summary::Section>> SummarySource::summarise(const Actor& actor, const summary::Scope& scope,
                                                                 const summary::Period& period) {
  if (!actor.can(Permission::duty_read)) return std::optional<summary::Section>();
  const Zone zone = zone_of(rt_);
  const Instant now = rt_.clock.now();
  const Span span{zone.start_of(period.from), zone.start_of(add_days(period.to, 1))};
  auto counted = rt_.db.transact(store::TxMode::read, [&](store::Tx& tx) -> Result<Counts> {
    Counts c;
    std::vector<Post> posts;
    LL_TRY(auto problems, Board::problems_in(tx, zone, scope.org_path, span, &posts));
    c.posts = static_cast<int64_t>(posts.size());
    for (const auto& p : problems) {
      if (p.kind == "gap") ++c.gaps;
      else if (p.kind == "double_booked") ++c.double_booked;
      else if (p.kind == "short_rest") ++c.short_rest;
      else if (p.kind == "unfit") ++c.unfit;
    }
    LL_TRY(auto presence, presence_in(tx, zone, scope.org_path, span, now));
    for (const auto& p : presence) {
      c.shifts += p.shifts;
      c.checked_in += p.checked_in;
      c.late += p.late;
      c.spot_checks += p.spot_checks;
      c.answered += p.answered;
    }
    const std::string like = store::like_prefix(scope.org_path);
    LL_TRY(auto log, tx.query_one("SELECT COUNT(*) FROM duty_log_entries WHERE org_path LIKE ? ESCAPE '\\'"
                                  " AND at >= ? AND at < ?",
                                  {like, to_millis(span.from), to_millis(span.until)}));
    c.log_entries = log ? log->integer(0) : 0;
    LL_TRY(auto handovers, tx.query_one("SELECT COUNT(*), SUM(CASE WHEN acknowledged_at IS NULL AND shift_start <= ?"
                                        " THEN 1 ELSE 0 END) FROM duty_handovers WHERE org_path LIKE ? ESCAPE '\\'"
                                        " AND shift_start >= ? AND shift_start < ?",
                                        {to_millis(now), like, to_millis(span.from), to_millis(span.until)}));
    c.handovers = handovers ? handovers->integer(0) : 0;
    c.handovers_overdue = handovers ? handovers->integer(1) : 0;
    LL_TRY(c.supervision, supervision::figures(tx, scope.org_path, span.from, span.until, now));
    return c;
  });
  if (!counted) return counted.error();
  const Counts& c = *counted;
  const std::string org = std::to_string(scope.org_id);
  const std::string days = "&from=" + period.from + "&to=" + period.to;
  summary::Section s;
  s.key = "duty";
  s.title_zh = "值班值守";
  s.title_en = "Duty";
  auto add = [&](const char* key, const char* zh, const char* en, double v, const char* unit, std::string link,
                 const std::string& state = "") { s.figures.push_back({key, zh, en, v, unit, std::move(link), state}); };
  add("posts", "值班岗位", "Duty posts", static_cast<double>(c.posts), "", "/duty/board?org=" + org);
  add("gaps", "空岗时段", "Uncovered periods", static_cast<double>(c.gaps), "", "/duty/roster?org=" + org + days,
      c.gaps ? "alarm" : "ok");
  add("double_booked", "一人多岗", "Double bookings", static_cast<double>(c.double_booked), "",
      "/duty/roster?org=" + org + days, c.double_booked ? "warn" : "ok");
  add("short_rest", "轮休不足", "Short rest", static_cast<double>(c.short_rest), "", "/duty/roster?org=" + org + days,
      c.short_rest ? "warn" : "ok");
  add("unfit_scheduled", "不宜上岗仍排班", "Unfit people scheduled", static_cast<double>(c.unfit), "",
      "/duty/roster?org=" + org + days, c.unfit ? "alarm" : "ok");
  add("shifts", "已开始班次", "Shifts started", static_cast<double>(c.shifts), "", "/duty/presence?org=" + org + days);
  add("checked_in", "到岗签到", "Checked in", static_cast<double>(c.checked_in), "", "/duty/presence?org=" + org + days);
  add("presence_pct", "到岗率", "Presence rate", pct(c.checked_in, c.shifts), "%", "/duty/presence?org=" + org + days,
      c.checked_in < c.shifts ? "warn" : "ok");
  add("spot_checks", "查岗次数", "Spot checks", static_cast<double>(c.spot_checks), "",
      "/duty/presence?org=" + org + days);
  add("spot_answered_pct", "查岗接听率", "Spot checks answered", pct(c.answered, c.spot_checks), "%",
      "/duty/presence?org=" + org + days, c.answered < c.spot_checks ? "warn" : "ok");
  add("log_entries", "值班日志", "Duty log entries", static_cast<double>(c.log_entries), "",
      "/duty/log?org=" + org + days);
  add("handovers", "交接班", "Hand-overs", static_cast<double>(c.handovers), "", "/duty/log?org=" + org + days);
  add("handovers_overdue", "交接未确认", "Hand-overs unacknowledged", static_cast<double>(c.handovers_overdue), "",
      "/duty/log?org=" + org + days, c.handovers_overdue ? "warn" : "ok");
  add("supervision_rounds", "督导检查", "Supervision rounds", static_cast<double>(c.supervision.rounds), "",
      "/supervision/rounds?org=" + org + days);
  add("supervision_findings", "检查发现问题", "Findings", static_cast<double>(c.supervision.findings), "",
      "/supervision/rounds?org=" + org + days);
  add("rectifications_open", "整改未完成", "Rectifications open", static_cast<double>(c.supervision.open), "",
      "/supervision/rectifications?org=" + org);
  add("rectifications_overdue", "整改逾期", "Rectifications overdue", static_cast<double>(c.supervision.overdue), "",
      "/supervision/rectifications?org=" + org + "&state=overdue", c.supervision.overdue ? "alarm" : "ok");
  s.headline_zh = std::to_string(c.posts) + " 个值班岗位，空岗 " + std::to_string(c.gaps) + " 处，到岗率 " + std::to_string(static_cast<int>(pct(c.checked_in, c.shifts))) +
                  "%，督导整改逾期 " + std::to_string(c.supervision.overdue) + " 项";
  s.headline_en = std::to_string(c.posts) + " duty posts, " + std::to_string(c.gaps) + " uncovered periods, presence " +
                  std::to_string(static_cast<int>(pct(c.checked_in, c.shifts))) + "%, " +
                  std::to_string(c.supervision.overdue) + " rectifications overdue";
  return std::optional<summary::Section>(std::move(s));
}

}  // namespace lifeline::app::duty
