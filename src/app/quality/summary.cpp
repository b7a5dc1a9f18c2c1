#include "app/quality/summary.h"

#include <cmath>
#include <cstdio>

#include "app/quality/compliance.h"
#include "store/like.h"

namespace lifeline::app::quality {

namespace {

std::string pct(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", v);
  return buf;
}

double round1(double v) { return std::round(v * 10.0) / 10.0; }

}  // namespace

Result<std::optional<summary::Section>> SummarySource::summarise(const Actor& actor, const summary::Scope& scope,
                                                                 const summary::Period& period) {
  if (!actor.can(Permission::quality_read)) return std::optional<summary::Section>();
  return rt_.db.transact(store::TxMode::read, [&](store::Tx& tx) -> Result<std::optional<summary::Section>> {
    Unit unit{scope.org_id, scope.org_path, scope.org_kind, scope.org_name};
    std::optional<int64_t> utility_id;
    if (auto u = utility_of(tx, scope.org_path)) utility_id = u->id;
    LL_TRY(auto report, Compliance::compute(tx, unit, utility_id, period.from, period.to));
    const std::string like = store::like_prefix(scope.org_path);
    LL_TRY(auto open, tx.query_one("SELECT COUNT(*) FROM quality_exceedances WHERE org_path LIKE ? ESCAPE '\\'"
                                   " AND state = 'open'",
                                   {like}));
    LL_TRY(auto opened, tx.query_one("SELECT COUNT(*) FROM quality_exceedances e JOIN quality_samples s ON s.id = e.sample_id"
                                     " WHERE e.org_path LIKE ? ESCAPE '\\' AND s.day >= ? AND s.day <= ?",
                                     {like, period.from, period.to}));
    LL_TRY(auto tasks, tx.query_one("SELECT COUNT(*), SUM(CASE WHEN state = 'done' THEN 1 ELSE 0 END),"
                                    " SUM(CASE WHEN state = 'open' AND overdue = 1 THEN 1 ELSE 0 END)"
                                    " FROM quality_tasks WHERE org_path LIKE ? ESCAPE '\\' AND day >= ? AND day <= ?"
                                    " AND state <> 'cancelled'",
                                    {like, period.from, period.to}));
    const std::string q = "?org=" + std::to_string(scope.org_id) + "&from=" + period.from + "&to=" + period.to;
    summary::Section s;
    s.key = "quality";
    s.title_zh = "水质保障";
    s.title_en = "Water quality";
    const double rate = report.tests.tests ? round1(report.tests.rate() * 100) : 100.0;
    const auto state_of = [](double pct_value, int64_t n) {
      return n == 0 ? std::string() : pct_value < kComplianceThreshold * 100 ? "alarm" : "ok";
    };
    s.figures.push_back({"samples", "已审核水样", "Approved samples", static_cast<double>(report.sheets.tests), "",
                         "/quality/samples" + q + "&state=approved", ""});
    s.figures.push_back({"tests", "检测项次", "Tests", static_cast<double>(report.tests.tests), "",
                         "/quality/compliance" + q, ""});
    s.figures.push_back({"pass_rate", "项次合格率", "Pass rate (tests)", rate, "%", "/quality/compliance" + q,
                         state_of(rate, report.tests.tests)});
    const double sheets_rate = report.sheets.tests ? round1(report.sheets.rate() * 100) : 100.0;
    s.figures.push_back({"sample_pass_rate", "水样合格率", "Pass rate (samples)", sheets_rate, "%",
                         "/quality/compliance" + q, state_of(sheets_rate, report.sheets.tests)});
    if (report.composite) {
      const double c = round1(*report.composite * 100);
      s.figures.push_back({"composite_rate", "综合合格率", "Composite pass rate", c, "%", "/quality/compliance" + q,
                           state_of(c, 1)});
    }
    const int64_t n_open = open ? open->integer(0) : 0;
    s.figures.push_back({"open_exceedances", "未闭环超标", "Open exceedances", static_cast<double>(n_open), "",
                         "/quality/exceedances?org=" + std::to_string(scope.org_id) + "&state=open",
                         n_open ? "alarm" : "ok"});
    s.figures.push_back({"exceedances_opened", "新发超标", "Exceedances opened",
                         static_cast<double>(opened ? opened->integer(0) : 0), "", "/quality/exceedances" + q, ""});
    const int64_t due = tasks ? tasks->integer(0) : 0, done = tasks ? tasks->integer(1) : 0,
                  overdue = tasks ? tasks->integer(2) : 0;
    const std::string tq = "/quality/tasks?org=" + std::to_string(scope.org_id) + "&date=" + period.to;
    s.figures.push_back({"tasks_due", "采样任务", "Sampling tasks", static_cast<double>(due), "", tq, ""});
    s.figures.push_back({"tasks_done", "已完成任务", "Tasks done", static_cast<double>(done), "", tq, ""});
    s.figures.push_back({"tasks_overdue", "逾期任务", "Overdue tasks", static_cast<double>(overdue), "",
                         tq + "&state=overdue", overdue ? "warn" : "ok"});
    summary::Table by_type{"point_types", "按点位类型", "By point type", {}};
    for (const auto& r : report.point_types)
      by_type.rows.push_back({r.key, r.label, r.key, round1(r.rate() * 100), "%", "/quality/compliance" + q,
                              r.below() ? "alarm" : "ok"});
    s.tables.push_back(std::move(by_type));
    s.headline_zh = "水样 " + std::to_string(report.sheets.tests) + " 份，项次合格率 " + pct(rate) + "，未闭环超标 " +
                    std::to_string(n_open) + " 起";
    s.headline_en = std::to_string(report.sheets.tests) + " samples, " + pct(rate) + " of tests passed, " +
                    std::to_string(n_open) + " open exceedance(s)";
    return std::optional<summary::Section>(std::move(s));
  });
}

}  // namespace lifeline::app::quality
