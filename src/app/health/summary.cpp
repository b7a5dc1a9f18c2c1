#include "app/health/summary.h"

#include <cmath>

namespace lifeline::app::health {

namespace {

struct Label {
  const char* key;
  const char* zh;
  const char* en;
};
// The census figures a commander reads, in the census table's words.
constexpr Label kShown[] = {
    {"headcount", "在册人数", "Headcount"},         {"checked_in", "已打卡", "Checked in"},
    {"missing", "未打卡", "Missing"},               {"late", "迟报", "Late"},
    {"abnormal", "健康异常", "Abnormal"},           {"fever", "发热", "Fever"},
    {"home_observation", "居家观察", "Home observation"}, {"quarantine", "集中隔离", "Quarantine"},
    {"away", "外出", "Away"},                       {"not_returned", "未返岗", "Not returned"},
    {"on_duty", "在岗", "On duty"}};

double percent(int64_t part, int64_t whole) {
  return whole > 0 ? std::round(1000.0 * double(part) / double(whole)) / 10.0 : 0.0;
}

}  // namespace

Result<std::optional<summary::Section>> HealthSummary::summarise(const Actor& actor, const summary::Scope& scope,
                                                                 const summary::Period& period) {
  // Counts only, and only for those who may read the census.
  if (!actor.can(Permission::health_census)) return std::optional<summary::Section>();
  LL_TRY(auto figures, rt_.db.transact(store::TxMode::read, [&](store::Tx& tx) -> Result<std::pair<CensusTable, std::vector<TrendPoint>>> {
    LL_TRY(auto day, census_.compute(tx, scope.org_path, period.to));
    LL_TRY(auto trend, census_.trend(tx, scope.org_path, period.from, period.to));
    return std::pair(std::move(day), std::move(trend));
  }));
  const auto& [day, trend] = figures;
  auto count = [&](const char* key) { return day.totals[count_index(key)]; };

  summary::Section s{.key = "health", .title_zh = "内部防控", .title_en = "Internal prevention"};
  const std::string link = "/health/census?org=" + std::to_string(scope.org_id) + "&date=" + period.to;
  for (const auto& l : kShown) {
    std::string state;
    if (std::string_view(l.key) == "missing" && count("missing") > 0) state = "warn";
    if ((std::string_view(l.key) == "abnormal" || std::string_view(l.key) == "fever") && count(l.key) > 0)
      state = "alarm";
    s.figures.push_back({.key = l.key, .label_zh = l.zh, .label_en = l.en, .value = double(count(l.key)),
                         .unit = "people", .link = link, .state = state});
  }
  const double rate = percent(count("checked_in"), count("headcount"));
  s.figures.push_back({.key = "checkin_rate", .label_zh = "打卡率", .label_en = "Check-in rate", .value = rate,
                       .unit = "%", .link = link});
  // Over a period: the mean of the days' rates, each day counted once, and
  // only the days check-in was required (health/requirement.h).
  if (!period.one_day() && !trend.empty()) {
    double sum = 0;
    int days = 0;
    for (const auto& p : trend) {
      const int64_t head = p.totals[count_index("headcount")];
      if (head == 0 || !p.required) continue;
      sum += percent(p.totals[count_index("checked_in")], head);
      ++days;
    }
    s.figures.push_back({.key = "checkin_rate_mean", .label_zh = "期间平均打卡率",
                         .label_en = "Mean check-in rate over the period",
                         .value = days ? std::round(10 * sum / days) / 10 : 0.0, .unit = "%",
                         .link = "/health/census?org=" + std::to_string(scope.org_id)});
  }
  s.headline_zh = "在册 " + std::to_string(count("headcount")) + " 人，已打卡 " + std::to_string(count("checked_in")) +
                  " 人，异常 " + std::to_string(count("abnormal")) + " 人";
  s.headline_en = std::to_string(count("headcount")) + " staff, " + std::to_string(count("checked_in")) +
                  " checked in, " + std::to_string(count("abnormal")) + " abnormal";
  if (!day.required) {
    s.headline_zh = "在册 " + std::to_string(count("headcount")) + " 人，当日未要求打卡";
    s.headline_en = std::to_string(count("headcount")) + " staff, check-in not required that day";
  }
  return std::optional<summary::Section>(std::move(s));
}

}  // namespace lifeline::app::health
