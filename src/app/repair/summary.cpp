#include "app/repair/summary.h"

#include <map>

#include "core/local_time.h"
#include "store/like.h"

namespace lifeline::app::repair {

namespace {

struct TypeName {
  const char* code;
  const char* zh;
  const char* en;
};
constexpr TypeName kTypeNames[] = {{"burst", "爆管", "Burst"},
                                   {"leak", "漏水", "Leak"},
                                   {"no_water", "停水", "No water"},
                                   {"low_pressure", "水压低", "Low pressure"},
                                   {"quality_complaint", "水质投诉", "Quality complaint"},
                                   {"equipment_failure", "设备故障", "Equipment failure"},
                                   {"other", "其他", "Other"}};

}  // namespace

Result<std::optional<summary::Section>> RepairSummary::summarise(const Actor& actor, const summary::Scope& scope,
                                                                 const summary::Period& period) {
  if (!actor.can(Permission::supply_read)) return std::optional<summary::Section>();
  LL_TRY(auto local, LocalTime::load(rt_.config.time_zone));
  const Instant start = local.start_of(period.from), end = local.start_of(add_days(period.to, 1));
  // The board's own lists, so every figure is what the incident board shows.
  LL_TRY(auto reported, incidents_.list(actor, {.org = scope.org_id, .state = "all", .from = start, .to = end}));
  LL_TRY(auto open, incidents_.list(actor, {.org = scope.org_id, .state = "open"}));

  std::map<std::string, int64_t> by_type;
  int64_t bursts = 0, met = 0, breached = 0, priority_affected = 0;
  for (const auto& i : reported["items"]) {
    const std::string type = i["type"];
    ++by_type[type];
    if (type == "burst") ++bursts;
    const auto& sla = i["sla_state"];
    if (sla == "met") ++met;
    if (sla == "breached" || sla == "missed") ++breached;
    if (!i["priority_customers"].empty()) ++priority_affected;
  }
  int64_t open_breached = 0, open_warning = 0;
  for (const auto& i : open["items"]) {
    if (i["sla_state"] == "breached") ++open_breached;
    if (i["sla_state"] == "warning") ++open_warning;
  }
  // Closed and repaired-under-pressure in the period: from the incidents and their orders' timelines.
  LL_TRY(auto counts, rt_.db.transact(store::TxMode::read, [&](store::Tx& tx) -> Result<std::pair<int64_t, int64_t>> {
    const auto prefix = store::like_prefix(scope.org_path);
    LL_TRY(auto closed, tx.query_one("SELECT COUNT(*) FROM incidents WHERE org_path LIKE ? ESCAPE '\\'"
                                     " AND closed_at >= ? AND closed_at < ?",
                                     {prefix, to_millis(start), to_millis(end)}));
    LL_TRY(auto under, tx.query_one("SELECT COUNT(DISTINCT w.id) FROM work_orders w JOIN work_order_events e"
                                    " ON e.work_order_id = w.id WHERE w.org_path LIKE ? ESCAPE '\\'"
                                    " AND e.to_state = 'under_pressure' AND e.at >= ? AND e.at < ?",
                                    {prefix, to_millis(start), to_millis(end)}));
    return std::pair(closed ? closed->integer(0) : 0, under ? under->integer(0) : 0);
  }));
  const int64_t opened = static_cast<int64_t>(reported["items"].size());

  const std::string board = "/repair/incidents?org=" + std::to_string(scope.org_id);
  summary::Section s{.key = "repair", .title_zh = "应急抢修", .title_en = "Emergency repair"};
  s.figures = {
      {.key = "opened", .label_zh = "新报事件", .label_en = "Incidents reported", .value = double(opened),
       .link = board + "&state=all&from=" + period.from + "&to=" + period.to},
      {.key = "bursts", .label_zh = "爆管", .label_en = "Bursts", .value = double(bursts),
       .link = board + "&state=all&type=burst&from=" + period.from + "&to=" + period.to},
      {.key = "closed", .label_zh = "办结", .label_en = "Closed", .value = double(counts.first),
       .link = board + "&state=closed"},
      {.key = "under_pressure", .label_zh = "带水抢修", .label_en = "Repaired under pressure",
       .value = double(counts.second), .link = board + "&state=all"},
      {.key = "sla_met", .label_zh = "按时完成", .label_en = "SLA met", .value = double(met), .link = board},
      {.key = "sla_breached", .label_zh = "超时", .label_en = "SLA breached", .value = double(breached),
       .link = board, .state = breached ? "alarm" : ""},
      {.key = "priority_affected", .label_zh = "涉及重点用户", .label_en = "Affecting priority customers",
       .value = double(priority_affected), .link = board},
      {.key = "open_now", .label_zh = "在办事件", .label_en = "Open now",
       .value = double(open["items"].size()), .link = board + "&state=open"},
      {.key = "open_breached", .label_zh = "在办超时", .label_en = "Open and breached",
       .value = double(open_breached), .link = board + "&state=open", .state = open_breached ? "alarm" : ""},
      {.key = "open_warning", .label_zh = "在办临期", .label_en = "Open, clock warning",
       .value = double(open_warning), .link = board + "&state=open", .state = open_warning ? "warn" : ""},
  };
  summary::Table types{.key = "by_type", .title_zh = "按类型", .title_en = "By type"};
  for (const auto& t : kTypeNames)
    types.rows.push_back({.key = t.code, .label_zh = t.zh, .label_en = t.en, .value = double(by_type[t.code]),
                          .link = board + "&state=all&type=" + t.code});
  s.tables.push_back(std::move(types));
  s.headline_zh = "新报事件 " + std::to_string(opened) + " 起（爆管 " + std::to_string(bursts) + " 起），在办 " +
                  std::to_string(open["items"].size()) + " 起";
  s.headline_en = std::to_string(opened) + " incidents reported (" + std::to_string(bursts) + " bursts), " +
                  std::to_string(open["items"].size()) + " open";
  return std::optional<summary::Section>(std::move(s));
}

}  // namespace lifeline::app::repair
