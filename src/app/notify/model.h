// The notify module's records: robots (one group chat's robot per row), the
// rules that route outbox notices to them, deliveries (one notice to one
// robot) and attempts (every request sent). See docs/notify.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/notify/outbox.h"
#include "core/clock.h"

namespace lifeline::app::notify {

enum class Kind { dingtalk, wecom, feishu, webhook };
const char* to_string(Kind k);
std::optional<Kind> parse_kind(std::string_view s);
std::optional<Priority> parse_priority(std::string_view s);
// 0 high, 1 normal, 2 low: the queue's order.
int rank(Priority p);

// Which notices a robot receives.
struct Rule {
  int64_t id = 0;
  int64_t org_id = 0;       // the unit subtree it covers (the robot's unit or one below)
  std::string org_path;
  std::string org_name;
  std::string event;        // "health.reminder", "health.*" or "*"
  Priority min_priority = Priority::low;
  bool mention = false;     // the unit allows @-mentioning the responsible people
};

struct Robot {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string org_path, org_name;
  Kind kind = Kind::dingtalk;
  std::string name;
  std::string url;
  bool secret_set = false;  // the secret itself never leaves the repository
  std::vector<std::string> keywords;
  bool enabled = true;
  int rate_per_minute = 20;
  std::optional<int> quiet_start, quiet_end;  // minutes after local midnight
  Instant paused_until{};
  int64_t version = 1;
  Instant created_at{}, updated_at{};
  std::vector<Rule> rules;
};

// A rule as a client writes it (the unit defaults to the robot's).
struct RuleInput {
  std::optional<int64_t> org_id;
  std::string event;
  Priority min_priority = Priority::low;
  bool mention = false;
};

struct NewRobot {
  int64_t org_id = 0;
  Kind kind = Kind::dingtalk;
  std::string name, url;
  std::optional<std::string> secret;
  std::vector<std::string> keywords;
  bool enabled = true;
  int rate_per_minute = 20;
  std::optional<int> quiet_start, quiet_end;
  std::optional<std::vector<RuleInput>> rules;
};

struct RobotPatch {
  std::optional<Kind> kind;
  std::optional<std::string> name, url;
  std::optional<std::optional<std::string>> secret;  // null clears it
  std::optional<std::vector<std::string>> keywords;
  std::optional<bool> enabled;
  std::optional<int> rate_per_minute;
  std::optional<std::optional<int>> quiet_start, quiet_end;
  std::optional<std::vector<RuleInput>> rules;  // replaces the list
};

// What became of one request to a robot. `reason` is a stable code the web
// UI translates; `message` is the service's own words (or the network error).
struct SendOutcome {
  enum class Verdict { sent, refused, rate_limited, retry };
  Verdict verdict = Verdict::retry;
  int status = 0;                  // HTTP status; 0 when no answer came
  std::optional<int64_t> errcode;  // the body's errcode / code
  // "" when sent; signature_refused, keyword_refused, address_refused,
  // robot_refused, rate_limited, service_error, network, private_address.
  std::string reason;
  std::string message;
  bool sent() const { return verdict == Verdict::sent; }
};

enum class DeliveryState { queued, sent, failed };
const char* to_string(DeliveryState s);
std::optional<DeliveryState> parse_delivery_state(std::string_view s);

struct Delivery {
  int64_t id = 0;
  int64_t event_id = 0;
  std::string event;  // the notice's event type
  std::string title;
  Priority priority = Priority::normal;
  std::string link;
  int64_t org_id = 0;
  std::string org_name;
  int64_t robot_id = 0;
  std::string robot_name;
  Kind robot_kind = Kind::dingtalk;
  DeliveryState state = DeliveryState::queued;
  int64_t attempts = 0;
  std::optional<int> http_status;
  std::optional<int64_t> errcode;
  std::optional<std::string> reason, error;
  Instant created_at{};
  std::optional<Instant> sent_at, last_attempt_at;
  Instant next_attempt_at{};
};

struct Attempt {
  int64_t id = 0;
  int64_t robot_id = 0;
  std::optional<int64_t> delivery_id;  // none for a test message
  Instant at{};
  std::string outcome;  // sending, sent, failed, retry
  std::optional<int> http_status;
  std::optional<int64_t> errcode;
  std::optional<std::string> reason;
  std::string message;
  std::optional<int64_t> duration_ms;
};

struct DeliveryFilter {
  std::optional<int64_t> robot, org;
  std::optional<DeliveryState> state;
  std::optional<std::string> event;       // exact, or a prefix ending in '.'
  std::optional<std::string> from, to;    // local days, inclusive
  std::optional<int64_t> before_id;       // cursor
  int limit = 50;
};

struct DeliveryPage {
  std::vector<Delivery> items;
  std::optional<int64_t> next_cursor;
  int64_t total = 0;  // every delivery matching the filter
};

// Deliveries of a unit subtree over local days, by state (the daily summary).
struct DeliveryCounts {
  int64_t queued = 0, sent = 0, failed = 0;
  int64_t total() const { return queued + sent + failed; }
};

}  // namespace lifeline::app::notify
