#include "app/hotline/stats.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "sheets/table.h"
#include "store/like.h"

namespace lifeline::app::hotline {

using store::Tx;
using store::TxMode;

namespace {

constexpr int kMaxDays = 366;

double one_decimal(double v) { return std::round(v * 10) / 10; }

std::optional<double> pct(int64_t part, int64_t whole) {
  if (whole == 0) return std::nullopt;
  return one_decimal(100.0 * static_cast<double>(part) / static_cast<double>(whole));
}

nlohmann::json or_null(const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); }

const char* category_zh(const std::string& c) {
  if (c == "no_water") return "停水";
  if (c == "low_pressure") return "水压低";
  if (c == "burst_leak") return "爆管漏水";
  if (c == "quality") return "水质";
  if (c == "billing") return "缴费账单";
  if (c == "epidemic_policy") return "疫情政策咨询";
  return "其他";
}

sheets::Cell number(int64_t v) { return static_cast<double>(v); }
sheets::Cell number_or_blank(const std::optional<double>& v) {
  return v ? sheets::Cell(*v) : sheets::Cell(std::monostate{});
}

}  // namespace

Result<StatsReport> Stats::report(const Actor& actor, const StatsQuery& q) {
  if (!actor.can(Permission::hotline_stats)) return Error::forbidden();
  const LocalTime lt = local_time(rt_);
  StatsReport r;
  if (q.to) {
    LL_TRY(r.to, parse_date(*q.to, "to"));
  } else {
    r.to = lt.date(rt_.clock.now());
  }
  if (q.from) {
    LL_TRY(r.from, parse_date(*q.from, "from"));
  } else {
    r.from = add_days(r.to, -6);
  }
  if (r.from > r.to) return Error::invalid("to", "must not be before from");
  if (days_between(r.from, r.to) >= kMaxDays) return Error::invalid("from", "a period is at most 366 days");

  struct Row {
    std::string day, category, state, hash;
    std::optional<int64_t> minutes_ms, satisfaction;
  };
  std::vector<Row> rows;
  LL_CHECK(rt_.db.transact(TxMode::read, [&](Tx& tx) -> Status {
    LL_TRY(auto unit, unit_in_scope(tx, actor, q.org, "org"));
    r.org_id = unit.id;
    LL_TRY(auto name, tx.query_one("SELECT name FROM orgs WHERE id = ?", {unit.id}));
    r.org_name = name ? name->text(0) : "";
    LL_TRY(auto found, tx.query("SELECT day, category, state, caller_hash, closed_at - received_at, satisfaction"
                                " FROM hotline_calls WHERE day >= ? AND day <= ? AND org_path LIKE ? ESCAPE '\\'",
                                {r.from, r.to, store::like_prefix(unit.path)}));
    rows.reserve(found.size());
    for (const auto& f : found)
      rows.push_back({f.text(0), f.text(1), f.text(2), f.text(3), f.opt_integer(4), f.opt_integer(5)});
    return {};
  }));

  std::map<std::string, Tally> days, categories;
  for (int i = 0; i <= days_between(r.from, r.to); ++i) days[add_days(r.from, i)];
  for (const char* c : kCategories) categories[c];
  std::map<std::string, int> per_caller;
  std::vector<double> handling;
  double satisfaction_sum = 0;
  for (const auto& row : rows) {
    const bool handled = row.state != "open", closed = row.state == "closed";
    for (Tally* t : {&r.all, &days[row.day], &categories[row.category]}) {
      t->total += 1;
      t->handled += handled ? 1 : 0;
      t->closed += closed ? 1 : 0;
    }
    r.open += handled ? 0 : 1;
    if (closed && row.minutes_ms) handling.push_back(static_cast<double>(*row.minutes_ms) / 60000.0);
    per_caller[row.hash] += 1;
    if (row.satisfaction) {
      r.followed_up += 1;
      satisfaction_sum += static_cast<double>(*row.satisfaction);
    }
  }
  for (const auto& [hash, n] : per_caller) {
    if (n > 1) {
      r.repeat_callers += 1;
      r.repeat_calls += n - 1;
    }
  }
  if (!handling.empty()) {
    double sum = 0;
    for (double m : handling) sum += m;
    r.mean_handling_min = one_decimal(sum / static_cast<double>(handling.size()));
    std::sort(handling.begin(), handling.end());
    size_t rank = (handling.size() * 9 + 9) / 10;  // ceil(0.9 n), 1-based
    r.p90_handling_min = one_decimal(handling[rank - 1]);
  }
  if (r.followed_up > 0) r.satisfaction_mean = std::round(satisfaction_sum / static_cast<double>(r.followed_up) * 100) / 100;
  r.by_day.assign(days.begin(), days.end());
  for (const char* c : kCategories) r.by_category.emplace_back(c, categories[c]);
  return r;
}

nlohmann::json to_json(const StatsReport& r) {
  nlohmann::json by_day = nlohmann::json::array(), by_category = nlohmann::json::array();
  for (const auto& [day, t] : r.by_day)
    by_day.push_back({{"day", day}, {"total", t.total}, {"handled", t.handled}, {"closed", t.closed}});
  for (const auto& [category, t] : r.by_category)
    by_category.push_back({{"category", category}, {"total", t.total}, {"handled", t.handled}, {"closed", t.closed}});
  return {{"org_id", r.org_id},
          {"org_name", r.org_name},
          {"from", r.from},
          {"to", r.to},
          {"total", r.all.total},
          {"handled", r.all.handled},
          {"handled_pct", or_null(pct(r.all.handled, r.all.total))},
          {"closed", r.all.closed},
          {"open", r.open},
          {"by_day", by_day},
          {"by_category", by_category},
          {"mean_handling_min", or_null(r.mean_handling_min)},
          {"p90_handling_min", or_null(r.p90_handling_min)},
          {"repeat_callers", r.repeat_callers},
          {"repeat_calls", r.repeat_calls},
          {"followed_up", r.followed_up},
          {"satisfaction_mean", or_null(r.satisfaction_mean)}};
}

Result<std::string> to_xlsx(const StatsReport& r) {
  sheets::Sheet summary{"汇总", {"项目", "数值"}, {}};
  auto line = [&](const char* label, sheets::Cell v) { summary.rows.push_back({std::string(label), std::move(v)}); };
  line("单位", r.org_name);
  line("起始日期", r.from);
  line("截止日期", r.to);
  line("来电总数", number(r.all.total));
  line("已处理", number(r.all.handled));
  line("处理率（%）", number_or_blank(pct(r.all.handled, r.all.total)));
  line("已办结", number(r.all.closed));
  line("未处理", number(r.open));
  line("平均处理时长（分钟）", number_or_blank(r.mean_handling_min));
  line("P90 处理时长（分钟）", number_or_blank(r.p90_handling_min));
  line("重复来电号码数", number(r.repeat_callers));
  line("重复来电次数", number(r.repeat_calls));
  line("已回访", number(r.followed_up));
  line("平均满意度（1–5）", number_or_blank(r.satisfaction_mean));
  sheets::Sheet days{"按日", {"日期", "来电", "已处理", "已办结", "处理率（%）"}, {}};
  for (const auto& [day, t] : r.by_day)
    days.rows.push_back({day, number(t.total), number(t.handled), number(t.closed),
                         number_or_blank(pct(t.handled, t.total))});
  sheets::Sheet categories{"按类别", {"类别", "代码", "来电", "已处理", "已办结", "处理率（%）"}, {}};
  for (const auto& [category, t] : r.by_category)
    categories.rows.push_back({std::string(category_zh(category)), category, number(t.total), number(t.handled),
                               number(t.closed), number_or_blank(pct(t.handled, t.total))});
  return sheets::write_xlsx({summary, days, categories});
}

}  // namespace lifeline::app::hotline
