// The notify module's SQL, and nothing else.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/notify/model.h"
#include "core/result.h"
#include "store/database.h"

namespace lifeline::app::notify::repo {

// --- robots and their rules

// A robot that has not been removed, with its rules.
Result<std::optional<Robot>> find_robot(store::Tx& tx, int64_t id);
// Robots of a unit subtree (`path` a prefix), by unit then name.
Result<std::vector<Robot>> list_robots(store::Tx& tx, const std::string& path);
// The sealed secret; nullopt when the robot has none.
Result<std::optional<std::string>> sealed_secret(store::Tx& tx, int64_t robot_id);

struct RobotRow {
  int64_t org_id = 0;
  std::string org_path;
  Kind kind = Kind::dingtalk;
  std::string name, url;
  std::optional<std::string> secret_sealed;
  std::vector<std::string> keywords;
  bool enabled = true;
  int rate_per_minute = 20;
  std::optional<int> quiet_start, quiet_end;
};
Result<int64_t> insert_robot(store::Tx& tx, const RobotRow& r, Instant now);
// Writes the row when its version is still `version`; false when someone else changed it first.
Result<bool> update_robot(store::Tx& tx, int64_t id, const RobotRow& r, int64_t version, Instant now);
Status remove_robot(store::Tx& tx, int64_t id, Instant now);

struct RuleRow {
  int64_t org_id = 0;
  std::string org_path;
  std::string event;
  Priority min_priority = Priority::low;
  bool mention = false;
};
Status replace_rules(store::Tx& tx, int64_t robot_id, const std::vector<RuleRow>& rules);

// --- routing

// Every rule of every enabled robot (the router matches them in memory).
struct LiveRule {
  int64_t robot_id = 0;
  std::string org_path, event;
  Priority min_priority = Priority::low;
  bool mention = false;
};
Result<std::vector<LiveRule>> live_rules(store::Tx& tx);

struct PendingNotice {
  int64_t id = 0;
  std::string org_path, event;
  Priority priority = Priority::normal;
};
Result<std::vector<PendingNotice>> unrouted(store::Tx& tx, int limit);
Status add_delivery(store::Tx& tx, const PendingNotice& n, int64_t robot_id, bool mention, Instant now);
Status mark_routed(store::Tx& tx, int64_t event_id, Instant now);

// --- sending

// Locks the robot's row for this transaction: one planner at a time per robot,
// so two servers never both spend the same minute's rate.
Status lock_robot(store::Tx& tx, int64_t robot_id);
// Robots with a queued delivery due at `now`.
Result<std::vector<int64_t>> robots_due(store::Tx& tx, Instant now);
// Requests sent to the robot since `since` (deliveries and tests): its rate.
Result<int64_t> attempts_since(store::Tx& tx, int64_t robot_id, Instant since);
// Due deliveries of a robot, high priorities first; `skip_low` in its quiet hours.
Result<std::vector<int64_t>> due_deliveries(store::Tx& tx, int64_t robot_id, Instant now, bool skip_low, int limit);
// Takes a due delivery for one send: counts the attempt and keeps other
// senders off it until `hold_until`; false when it was no longer due.
Result<bool> claim(store::Tx& tx, int64_t delivery_id, Instant now, Instant hold_until);
// Gives back a claimed delivery that was not sent after all.
Status release(store::Tx& tx, int64_t delivery_id, Instant next_attempt);
// Fails every queued delivery of a robot (disabled or removed).
Status fail_queued(store::Tx& tx, int64_t robot_id, const std::string& reason, const std::string& message);
Status pause_robot(store::Tx& tx, int64_t robot_id, Instant until);

struct Outgoing {
  int64_t delivery_id = 0;
  std::string event, title, text, link, mentions;  // mentions: comma-separated phones
  Priority priority = Priority::normal;
  bool mention = false;
  int64_t attempts = 0;
};
Result<std::optional<Outgoing>> outgoing(store::Tx& tx, int64_t delivery_id);

Result<int64_t> insert_attempt(store::Tx& tx, int64_t robot_id, std::optional<int64_t> delivery_id, Instant at);
Status finish_attempt(store::Tx& tx, int64_t attempt_id, const std::string& outcome, const SendOutcome& o,
                      int64_t duration_ms);
Status delete_attempt(store::Tx& tx, int64_t attempt_id);
Status mark_sent(store::Tx& tx, int64_t delivery_id, const SendOutcome& o, Instant now);
Status mark_failed(store::Tx& tx, int64_t delivery_id, const SendOutcome& o);
Status mark_retry(store::Tx& tx, int64_t delivery_id, const SendOutcome& o, Instant next_attempt);

// --- the delivery log

Result<DeliveryPage> list_deliveries(store::Tx& tx, const std::string& path, const DeliveryFilter& f,
                                     std::optional<Instant> from, std::optional<Instant> to);
Result<std::optional<Delivery>> find_delivery(store::Tx& tx, int64_t id);
Result<std::vector<Attempt>> attempts_of_delivery(store::Tx& tx, int64_t delivery_id);
Result<std::vector<Attempt>> attempts_of_robot(store::Tx& tx, int64_t robot_id, int limit);
// Deliveries created in [from, to) for the subtree, by state.
Result<DeliveryCounts> count_deliveries(store::Tx& tx, const std::string& path, Instant from, Instant to);

}  // namespace lifeline::app::notify::repo
