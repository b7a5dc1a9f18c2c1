// Delivery from the outbox: the job `notify.deliver` on the shared scheduler
// (once across servers) routes new notices to robots and sends what is due.
//
// Routing: a notice at unit path P, event E and priority p goes to every
// enabled robot with a rule whose unit is on P's path (P starts with it),
// whose event is E, "module.*" covering E, or "*", and whose min_priority p
// reaches; one delivery per robot (a unique key), mentions allowed when any
// matching rule allows them.
//
// Sending, per robot: at most `rate_per_minute` requests in any 60 seconds
// (counted from the attempt log, test messages included), high priorities
// first, low ones held during the robot's quiet hours. Each delivery is
// claimed by a conditional update before the request and recorded after it.
// A refused signature, keyword or address fails at once with the service's
// message; network errors, 5xx and rate-limit answers retry with back-off
// (30 s doubling to 30 min, at most 10 attempts); a rate-limit answer also
// pauses the robot. A server that dies mid-send leaves its claims to expire,
// so delivery is at least once.
#pragma once

#include <chrono>
#include <optional>

#include "app/notify/protocol.h"
#include "app/notify/repo.h"
#include "app/notify/secret_box.h"
#include "app/notify/transport.h"
#include "app/runtime.h"
#include "core/local_time.h"

namespace lifeline::app::notify {

inline constexpr auto kDeliveryEvery = std::chrono::seconds(2);  // the job's period
inline constexpr int kMaxAttempts = 10;
inline constexpr auto kRatePause = std::chrono::minutes(2);      // after a "too fast" answer

// Back-off before attempt `attempts + 1`.
std::chrono::milliseconds backoff(int64_t attempts);
// True when `minute` (of the local day) is inside [start, end), which may wrap midnight.
bool in_quiet_hours(std::optional<int> start, std::optional<int> end, int minute);
// The page's absolute URL under the public base URL ("" without one).
std::string page_url(const std::string& base, const std::string& link);

class Dispatcher {
 public:
  Dispatcher(Runtime& rt, const SecretBox& box);

  // One run of the job.
  Status run(Instant now);
  // Routes up to 500 new notices; returns how many.
  Result<int> route(Instant now);
  // Sends what is due; returns how many requests went out.
  Result<int> deliver(Instant now);

  // One request to one robot, now (deliveries and test messages).
  SendOutcome send(const Target& robot, const Message& message, Instant now) const;
  // The robot's secret in clear ("" when it has none).
  Result<Target> target(store::Tx& tx, const Robot& robot) const;
  const LocalTime& local_time() const { return *tz_; }

 private:
  Result<int> deliver_robot(int64_t robot_id, Instant now);

  Runtime& rt_;
  const SecretBox& box_;
  std::optional<LocalTime> tz_;
  std::string base_url_;  // "" : messages carry no link
};

}  // namespace lifeline::app::notify
