#include "app/notify/robots.h"

#include <nlohmann/json.hpp>
#include <set>

#include "app/audit/audit.h"
#include "app/notify/events.h"
#include "app/org/repo.h"
#include "core/local_time.h"

namespace lifeline::app::notify {

using store::Tx;
using store::TxMode;

namespace {

constexpr size_t kMaxKeywords = 10;  // DingTalk's limit
constexpr size_t kMaxRules = 100;

bool has_control(std::string_view s) {
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7f) return true;
  return false;
}

// What the audit trail keeps of a robot: never the secret, never the URL's token.
nlohmann::json audit_json(const Robot& r) {
  nlohmann::json rules = nlohmann::json::array();
  for (const auto& ru : r.rules)
    rules.push_back({{"org_id", ru.org_id}, {"event", ru.event}, {"min_priority", to_string(ru.min_priority)},
                     {"mention", ru.mention}});
  return {{"id", r.id},
          {"org_id", r.org_id},
          {"kind", to_string(r.kind)},
          {"name", r.name},
          {"url", masked_url(r.url)},
          {"secret_set", r.secret_set},
          {"keywords", r.keywords},
          {"enabled", r.enabled},
          {"rate_per_minute", r.rate_per_minute},
          {"quiet_start", r.quiet_start ? nlohmann::json(format_clock_time(*r.quiet_start)) : nlohmann::json()},
          {"quiet_end", r.quiet_end ? nlohmann::json(format_clock_time(*r.quiet_end)) : nlohmann::json()},
          {"rules", rules}};
}

repo::RobotRow row_of(const Robot& r) {
  return {r.org_id, r.org_path, r.kind, r.name, r.url, std::nullopt, r.keywords, r.enabled, r.rate_per_minute,
          r.quiet_start, r.quiet_end};
}

}  // namespace

std::string masked_url(const std::string& url) {
  auto scheme = url.find("://");
  if (scheme == std::string::npos) return "…";
  auto path = url.find_first_of("/?#", scheme + 3);
  return url.substr(0, path) + "/…";
}

Result<Robot> Robots::visible(Tx& tx, const Actor& actor, int64_t id) {
  LL_TRY(auto robot, repo::find_robot(tx, id));
  if (!robot || !actor.sees(robot->org_path)) return Error::not_found("no such robot");
  return std::move(*robot);
}

Status Robots::check(Tx&, const repo::RobotRow& r) {
  std::vector<FieldError> errors;
  if (r.name.empty() || r.name.size() > 100 || has_control(r.name))
    errors.push_back({"name", "must be 1 to 100 characters without control characters"});
  if (has_control(r.url)) {
    errors.push_back({"url", "must not hold control characters"});
  } else if (auto st = check_url(r.url); !st) {
    errors.push_back({"url", st.error().message});
  } else if (!rt_.config.notify_allow_private) {
    // Checked again before every send (DNS may change); here only to tell the user early.
    auto pinned = resolve_checked(r.url, false);
    if (!pinned && pinned.error().code == ErrorCode::forbidden) errors.push_back({"url", pinned.error().message});
  }
  if (r.keywords.size() > kMaxKeywords) errors.push_back({"keywords", "at most 10 keywords"});
  for (size_t i = 0; i < r.keywords.size(); ++i) {
    const auto& k = r.keywords[i];
    if (k.empty() || k.size() > 60 || has_control(k))
      errors.push_back({"keywords/" + std::to_string(i), "must be 1 to 60 characters without control characters"});
  }
  if (r.rate_per_minute < 1 || r.rate_per_minute > 6000)
    errors.push_back({"rate_per_minute", "must be between 1 and 6000"});
  if (r.quiet_start.has_value() != r.quiet_end.has_value())
    errors.push_back({r.quiet_start ? "quiet_end" : "quiet_start", "give both ends of the quiet hours, or neither"});
  if (!errors.empty()) return Error::invalid(std::move(errors));
  return {};
}

Result<std::vector<repo::RuleRow>> Robots::rules_of(Tx& tx, const Actor& actor, const std::string& robot_path,
                                                    const std::vector<RuleInput>& rules) {
  if (rules.size() > kMaxRules) return Error::invalid("rules", "at most 100 rules per robot");
  std::vector<repo::RuleRow> out;
  std::vector<FieldError> errors;
  std::set<std::pair<int64_t, std::string>> seen;
  int64_t robot_org = 0;
  for (size_t i = 0; i < rules.size(); ++i) {
    const auto& in = rules[i];
    const std::string at = "rules/" + std::to_string(i) + "/";
    repo::RuleRow row{0, robot_path, in.event, in.min_priority, in.mention};
    if (in.org_id) {
      LL_TRY(auto org, org::repo::find(tx, *in.org_id));
      if (!org || !actor.sees(org->path) || !org->path.starts_with(robot_path)) {
        errors.push_back({at + "org_id", "must be the robot's unit or a unit below it"});
        continue;
      }
      row.org_id = org->id;
      row.org_path = org->path;
    } else {
      if (!robot_org) {
        LL_TRY(auto row_org, tx.query_one("SELECT id FROM orgs WHERE path = ?", {robot_path}));
        if (!row_org) return Error::internal("the robot's unit vanished");
        robot_org = row_org->integer(0);
      }
      row.org_id = robot_org;
    }
    if (!valid_event_pattern(in.event)) {
      errors.push_back({at + "event", "must be an event type (health.reminder), a module (health.*) or *"});
      continue;
    }
    if (!seen.insert({row.org_id, row.event}).second) {
      errors.push_back({at + "event", "is listed twice for this unit"});
      continue;
    }
    out.push_back(std::move(row));
  }
  if (!errors.empty()) return Error::invalid(std::move(errors));
  return out;
}

Result<std::vector<Robot>> Robots::list(const Actor& actor, std::optional<int64_t> org) {
  if (!actor.can(Permission::notify_read)) return Error::forbidden();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::vector<Robot>> {
    std::string path = actor.org_path;
    if (org) {
      LL_TRY(auto o, org::repo::find(tx, *org));
      if (!o || !actor.sees(o->path)) return Error::not_found("no such unit");
      path = o->path;
    }
    return repo::list_robots(tx, path);
  });
}

Result<Robot> Robots::get(const Actor& actor, int64_t id) {
  if (!actor.can(Permission::notify_read)) return Error::forbidden();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) { return visible(tx, actor, id); });
}

Result<Robot> Robots::create(const Actor& actor, const NewRobot& in) {
  if (!actor.can(Permission::notify_manage)) return Error::forbidden();
  const Instant now = rt_.clock.now();
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Robot> {
    LL_TRY(auto org, org::repo::find(tx, in.org_id));
    if (!org || !actor.sees(org->path)) return Error::invalid("org_id", "no such unit");
    repo::RobotRow row{org->id,           org->path,       in.kind,        in.name,       in.url,
                       std::nullopt,      in.keywords,     in.enabled,     in.rate_per_minute,
                       in.quiet_start,    in.quiet_end};
    LL_CHECK(check(tx, row));
    if (in.secret && !in.secret->empty()) {
      if (in.secret->size() > 200 || has_control(*in.secret))
        return Error::invalid("secret", "must be at most 200 characters without control characters");
      LL_TRY(row.secret_sealed, box_.seal(*in.secret));
    }
    std::vector<repo::RuleRow> rules;
    if (in.rules) {
      LL_TRY(rules, rules_of(tx, actor, org->path, *in.rules));
    }
    LL_TRY(int64_t id, repo::insert_robot(tx, row, now));
    LL_CHECK(repo::replace_rules(tx, id, rules));
    LL_TRY(auto robot, repo::find_robot(tx, id));
    if (!robot) return Error::internal("robot vanished");
    LL_CHECK(audit::record(tx, actor, now,
                           {"notify.robot.create", "notify_robot", std::to_string(id), robot->org_id, robot->org_path,
                            nullptr, audit_json(*robot)}));
    return std::move(*robot);
  });
}

Result<Robot> Robots::update(const Actor& actor, int64_t id, const RobotPatch& p,
                             std::optional<int64_t> expected_version) {
  if (!actor.can(Permission::notify_manage)) return Error::forbidden();
  const Instant now = rt_.clock.now();
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Robot> {
    LL_TRY(auto before, visible(tx, actor, id));
    if (expected_version && *expected_version != before.version)
      return Error{ErrorCode::precondition_failed, "the robot was changed meanwhile: reload it", {}};
    Robot after = before;
    if (p.kind) after.kind = *p.kind;
    if (p.name) after.name = *p.name;
    if (p.url) after.url = *p.url;
    if (p.keywords) after.keywords = *p.keywords;
    if (p.enabled) after.enabled = *p.enabled;
    if (p.rate_per_minute) after.rate_per_minute = *p.rate_per_minute;
    if (p.quiet_start) after.quiet_start = *p.quiet_start;
    if (p.quiet_end) after.quiet_end = *p.quiet_end;
    repo::RobotRow row = row_of(after);
    LL_CHECK(check(tx, row));
    if (p.secret) {  // write-only: replaced or cleared, never read back
      if (*p.secret && !(*p.secret)->empty()) {
        if ((*p.secret)->size() > 200 || has_control(**p.secret))
          return Error::invalid("secret", "must be at most 200 characters without control characters");
        LL_TRY(row.secret_sealed, box_.seal(**p.secret));
      }
    } else {
      LL_TRY(row.secret_sealed, repo::sealed_secret(tx, id));
    }
    LL_TRY(bool written, repo::update_robot(tx, id, row, before.version, now));
    if (!written) return Error{ErrorCode::precondition_failed, "the robot was changed meanwhile: reload it", {}};
    if (p.rules) {
      LL_TRY(auto rules, rules_of(tx, actor, before.org_path, *p.rules));
      LL_CHECK(repo::replace_rules(tx, id, rules));
    }
    LL_TRY(auto robot, repo::find_robot(tx, id));
    if (!robot) return Error::internal("robot vanished");
    nlohmann::json after_json = audit_json(*robot);
    if (p.secret) after_json["secret_changed"] = true;
    LL_CHECK(audit::record(tx, actor, now,
                           {"notify.robot.update", "notify_robot", std::to_string(id), robot->org_id, robot->org_path,
                            audit_json(before), after_json}));
    return std::move(*robot);
  });
}

Status Robots::remove(const Actor& actor, int64_t id) {
  if (!actor.can(Permission::notify_manage)) return Error::forbidden();
  const Instant now = rt_.clock.now();
  return rt_.db.run(TxMode::write, [&](Tx& tx) -> Status {
    LL_TRY(auto robot, visible(tx, actor, id));
    LL_CHECK(repo::remove_robot(tx, id, now));
    LL_CHECK(repo::fail_queued(tx, id, "robot_removed", "the robot was removed"));
    return audit::record(tx, actor, now,
                         {"notify.robot.remove", "notify_robot", std::to_string(id), robot.org_id, robot.org_path,
                          audit_json(robot), nullptr});
  });
}

Result<SendOutcome> Robots::test(const Actor& actor, int64_t id) {
  if (!actor.can(Permission::notify_manage)) return Error::forbidden();
  const Instant now = rt_.clock.now();
  struct Prepared {
    Robot robot;
    Target target;
    int64_t attempt = 0;
  };
  auto prepared = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Prepared> {
    LL_TRY(auto robot, visible(tx, actor, id));
    LL_CHECK(repo::lock_robot(tx, id));
    LL_TRY(int64_t recent, repo::attempts_since(tx, id, now - std::chrono::minutes(1)));
    if (recent >= robot.rate_per_minute || robot.paused_until > now)
      return Error{ErrorCode::too_many_requests, "the robot has sent its messages for this minute: try again shortly", {}};
    LL_TRY(auto target, dispatcher_.target(tx, robot));
    LL_TRY(int64_t attempt, repo::insert_attempt(tx, id, std::nullopt, now));
    return Prepared{std::move(robot), std::move(target), attempt};
  });
  if (!prepared) return prepared.error();
  Message m{"notify.test", Priority::normal, "测试消息",
            "这是 lifeline 发往「" + prepared->robot.name + "」的测试消息，收到即表示机器人配置正确。", "", {}};
  const auto started = std::chrono::steady_clock::now();
  SendOutcome outcome = dispatcher_.send(prepared->target, m, now);
  const int64_t ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  auto recorded = rt_.db.run(TxMode::write, [&](Tx& tx) -> Status {
    LL_CHECK(repo::finish_attempt(tx, prepared->attempt, outcome.sent() ? "sent" : "failed", outcome, ms));
    nlohmann::json after = {{"sent", outcome.sent()}, {"status", outcome.status}, {"reason", outcome.reason}};
    if (outcome.errcode) after["errcode"] = *outcome.errcode;
    return audit::record(tx, actor, now,
                         {"notify.robot.test", "notify_robot", std::to_string(id), prepared->robot.org_id,
                          prepared->robot.org_path, nullptr, after});
  });
  if (!recorded) return recorded.error();
  return outcome;
}

Result<std::vector<Attempt>> Robots::log(const Actor& actor, int64_t id, int limit) {
  if (!actor.can(Permission::notify_read)) return Error::forbidden();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::vector<Attempt>> {
    LL_TRY(auto robot, visible(tx, actor, id));
    return repo::attempts_of_robot(tx, robot.id, limit);
  });
}

}  // namespace lifeline::app::notify
