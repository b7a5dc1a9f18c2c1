#include "app/reports/summary.h"

#include <cmath>

#include "app/duty/access.h"
#include "app/reports/status.h"

namespace lifeline::app::reports {

Result<std::optional<summary::Section>> SummarySource::summarise(const Actor& actor, const summary::Scope& scope,
                                                                 const summary::Period& period) {
  if (!actor.can(Permission::reports_read)) return std::optional<summary::Section>();
  const duty::Zone zone = duty::zone_of(rt_);
  const Instant now = rt_.clock.now();
  auto f = rt_.db.transact(store::TxMode::read, [&](store::Tx& tx) {
    return figures(tx, zone, scope.org_path, period.from, period.to, now);
  });
  if (!f) return f.error();
  const std::string org = std::to_string(scope.org_id);
  const std::string link = "/reports/status?org=" + org + "&date=" + period.to;
  summary::Section s;
  s.key = "reports";
  s.title_zh = "信息报送";
  s.title_en = "Information reporting";
  auto add = [&](const char* key, const char* zh, const char* en, double v, const std::string& state = "") {
    s.figures.push_back({key, zh, en, v, "", link, state});
  };
  add("expected", "应报（已到截止时间）", "Due (deadline passed)", static_cast<double>(f->expected));
  add("on_time", "按时报送", "On time", static_cast<double>(f->on_time), "ok");
  add("late", "迟报", "Late", static_cast<double>(f->late), f->late ? "warn" : "ok");
  add("missing", "漏报", "Missing", static_cast<double>(f->missing), f->missing ? "alarm" : "ok");
  add("acknowledged", "已签收", "Acknowledged", static_cast<double>(f->acknowledged));
  add("returned", "退回待改", "Returned", static_cast<double>(f->returned));
  add("pending", "待报（未到截止时间）", "Not yet due", static_cast<double>(f->pending));
  const double rate = f->expected ? std::round(1000.0 * static_cast<double>(f->on_time) /
                                               static_cast<double>(f->expected)) / 10
                                  : 100;
  s.figures.push_back({"on_time_pct", "准点率", "On-time rate", rate, "%", link, rate < 100 ? "warn" : "ok"});
  summary::Table sums{"figures", "报送数据（各单位最新一报合计）", "Reported figures (latest report of each unit, summed)", {}};
  for (const auto& sum : f->sums)
    sums.rows.push_back({sum.template_code + "." + sum.key, sum.template_name + "·" + sum.label,
                         sum.template_code + "." + sum.key, sum.value, sum.unit,
                         link,
                         ""});
  if (!sums.rows.empty()) s.tables.push_back(std::move(sums));
  s.headline_zh = "应报 " + std::to_string(f->expected) + " 份，按时 " + std::to_string(f->on_time) +
                  " 份，迟报 " + std::to_string(f->late) + " 份，漏报 " + std::to_string(f->missing) + " 份";
  s.headline_en = std::to_string(f->expected) + " reports due, " + std::to_string(f->on_time) +
                  " on time, " + std::to_string(f->late) + " late, " + std::to_string(f->missing) + " missing";
  return std::optional<summary::Section>(std::move(s));
}

}  // namespace lifeline::app::reports
