#include "app/emergency/summary.h"

#include "core/local_time.h"
#include "store/like.h"

namespace lifeline::app::emergency {

namespace {

int level_number(const std::string& level) {
  if (level == "I") return 1;
  if (level == "II") return 2;
  if (level == "III") return 3;
  return 4;
}

const char* level_zh(const std::string& level) {
  if (level == "I") return "一级";
  if (level == "II") return "二级";
  if (level == "III") return "三级";
  return "四级";
}

}  // namespace

Result<std::optional<summary::Section>> CommandSummary::summarise(const Actor& actor, const summary::Scope& scope,
                                                                  const summary::Period& period) {
  if (!actor.can(Permission::emergency_read)) return std::optional<summary::Section>();
  LL_TRY(auto local, LocalTime::load(rt_.config.time_zone));
  LL_TRY(auto all, emergencies_.list(actor, std::nullopt));
  const Instant end = local.start_of(add_days(period.to, 1));
  const Instant start = local.start_of(period.from);
  // In force over the period for this unit: started before its end, not ended before its start.
  const Emergency* strongest = nullptr;
  int64_t in_force = 0;
  for (const auto& e : all) {
    // Declared for the unit or above it, or for units inside its subtree.
    bool below = false;
    for (const auto& c : e.covered) below = below || c.path.starts_with(scope.org_path);
    if (!e.covers(scope.org_path) && !below) continue;
    if (e.started_at >= end || (e.ended_at && *e.ended_at < start)) continue;
    ++in_force;
    if (!strongest || level_number(e.level) < level_number(strongest->level)) strongest = &e;
  }
  LL_TRY(auto bodies, rt_.db.transact(store::TxMode::read, [&](store::Tx& tx) -> Result<store::Rows> {
    return tx.query("SELECT b.kind, COUNT(*) FROM command_bodies b JOIN orgs o ON o.id = b.org_id"
                    " WHERE o.path LIKE ? ESCAPE '\\' GROUP BY b.kind",
                    {store::like_prefix(scope.org_path)});
  }));
  int64_t body_count = 0, supervision_teams = 0;
  for (const auto& r : bodies) {
    body_count += r.integer(1);
    if (r.text(0) == "supervision_team") supervision_teams += r.integer(1);
  }

  summary::Section s{.key = "command", .title_zh = "指挥调度", .title_en = "Command"};
  const std::string link = "/emergency";
  s.figures.push_back({.key = "responses_in_force", .label_zh = "生效的应急响应", .label_en = "Responses in force",
                       .value = double(in_force), .link = link});
  if (strongest) {
    const int day = days_between(local.date(strongest->started_at), period.to) + 1;
    s.figures.push_back({.key = "level", .label_zh = "响应级别", .label_en = "Response level",
                         .value = double(level_number(strongest->level)), .link = link,
                         .state = strongest->level == "I" ? "alarm" : "warn"});
    s.figures.push_back({.key = "response_day", .label_zh = "响应天数", .label_en = "Day of the response",
                         .value = double(day), .link = link});
    s.headline_zh = std::string(level_zh(strongest->level)) + "应急响应第 " + std::to_string(day) + " 天";
    s.headline_en = "Level " + strongest->level + " response, day " + std::to_string(day);
  } else {
    s.headline_zh = "无生效的应急响应";
    s.headline_en = "No response in force";
  }
  s.figures.push_back({.key = "command_bodies", .label_zh = "指挥机构", .label_en = "Command bodies",
                       .value = double(body_count), .link = "/command"});
  s.figures.push_back({.key = "supervision_teams", .label_zh = "督导小组", .label_en = "Supervision teams",
                       .value = double(supervision_teams), .link = "/command"});
  return std::optional<summary::Section>(std::move(s));
}

}  // namespace lifeline::app::emergency
