#include "app/assurance/summary.h"

#include "core/local_time.h"
#include "store/like.h"

namespace lifeline::app::assurance {

Result<std::optional<summary::Section>> AssuranceSummary::summarise(const Actor& actor, const summary::Scope& scope,
                                                                    const summary::Period& period) {
  if (!actor.can(Permission::supply_read)) return std::optional<summary::Section>();
  LL_TRY(auto local, LocalTime::load(rt_.config.time_zone));
  LL_TRY(auto list, customers_.list(actor, {.org = scope.org_id}));
  int64_t fever_clinics = 0, designated = 0, dual_supply = 0, patrol_overdue = 0;
  for (const auto& v : list.items) {
    if (v.customer.category == "fever_clinic") ++fever_clinics;
    if (v.customer.category == "designated_hospital") ++designated;
    if (v.supply && v.supply->routes >= 2) ++dual_supply;
    if (v.patrol_overdue) ++patrol_overdue;
  }
  const Instant start = local.start_of(period.from), end = local.start_of(add_days(period.to, 1));
  LL_TRY(auto patrols, rt_.db.transact(store::TxMode::read, [&](store::Tx& tx) -> Result<std::pair<int64_t, int64_t>> {
    LL_TRY(auto row, tx.query_one("SELECT COUNT(*), COALESCE(SUM(CASE WHEN ok = 0 THEN 1 ELSE 0 END), 0) FROM patrols"
                                  " WHERE org_path LIKE ? ESCAPE '\\' AND done_at >= ? AND done_at < ?",
                                  {store::like_prefix(scope.org_path), to_millis(start), to_millis(end)}));
    return std::pair(row ? row->integer(0) : 0, row ? row->integer(1) : 0);
  }));

  const std::string link = "/supply/customers?org=" + std::to_string(scope.org_id);
  const int64_t total = static_cast<int64_t>(list.items.size());
  summary::Section s{.key = "assurance", .title_zh = "保供服务", .title_en = "Supply assurance"};
  s.figures = {
      {.key = "customers", .label_zh = "重点用户", .label_en = "Priority customers", .value = double(total),
       .link = link},
      {.key = "fever_clinics", .label_zh = "发热门诊", .label_en = "Fever clinics", .value = double(fever_clinics),
       .link = link + "&category=fever_clinic"},
      {.key = "designated_hospitals", .label_zh = "定点医院", .label_en = "Designated hospitals",
       .value = double(designated), .link = link + "&category=designated_hospital"},
      {.key = "normal", .label_zh = "供水正常", .label_en = "Normal", .value = double(list.normal),
       .link = link + "&status=normal", .state = "ok"},
      {.key = "at_risk", .label_zh = "存在风险", .label_en = "At risk", .value = double(list.at_risk),
       .link = link + "&status=at_risk", .state = list.at_risk ? "warn" : ""},
      {.key = "affected", .label_zh = "受影响", .label_en = "Affected", .value = double(list.affected),
       .link = link + "&status=affected", .state = list.affected ? "alarm" : ""},
      {.key = "interrupted", .label_zh = "停水", .label_en = "Interrupted", .value = double(list.interrupted),
       .link = link + "&status=interrupted", .state = list.interrupted ? "alarm" : ""},
      {.key = "dual_supply", .label_zh = "双水源", .label_en = "Dual supply", .value = double(dual_supply),
       .link = link},
      {.key = "patrols", .label_zh = "巡查次数", .label_en = "Patrols", .value = double(patrols.first),
       .link = link},
      {.key = "patrol_problems", .label_zh = "巡查发现问题", .label_en = "Patrols with problems",
       .value = double(patrols.second), .link = link, .state = patrols.second ? "warn" : ""},
      {.key = "patrol_overdue", .label_zh = "巡查逾期", .label_en = "Patrols overdue",
       .value = double(patrol_overdue), .link = link, .state = patrol_overdue ? "warn" : ""},
  };
  const int64_t at_risk = list.at_risk + list.affected + list.interrupted;
  s.headline_zh = "重点用户 " + std::to_string(total) + " 户（发热门诊 " + std::to_string(fever_clinics) +
                  " 家），风险及受影响 " + std::to_string(at_risk) + " 户";
  s.headline_en = std::to_string(total) + " priority customers (" + std::to_string(fever_clinics) +
                  " fever clinics), " + std::to_string(at_risk) + " at risk or affected";
  return std::optional<summary::Section>(std::move(s));
}

}  // namespace lifeline::app::assurance
