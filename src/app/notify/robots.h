// Group robots per unit (notify.manage to change them, notify.read to see
// them): kind, name, URL, signing secret (sealed at rest, write-only: the API
// answers only whether one is set), keywords, rate, quiet hours and the
// routing rules; and "send a test message", which answers what the service
// said. Robots of other utilities answer 404. Every change is audited without
// the secret or the URL's token.
#pragma once

#include <optional>
#include <vector>

#include "app/actor.h"
#include "app/notify/dispatcher.h"
#include "app/notify/model.h"
#include "app/runtime.h"

namespace lifeline::app::notify {

class Robots {
 public:
  Robots(Runtime& rt, const SecretBox& box, Dispatcher& dispatcher) : rt_(rt), box_(box), dispatcher_(dispatcher) {}

  // The robots of `org`'s subtree (default: the actor's unit).
  Result<std::vector<Robot>> list(const Actor& actor, std::optional<int64_t> org);
  Result<Robot> get(const Actor& actor, int64_t id);
  Result<Robot> create(const Actor& actor, const NewRobot& r);
  // expected_version: If-Match (nullopt: the version read in the same transaction).
  Result<Robot> update(const Actor& actor, int64_t id, const RobotPatch& p, std::optional<int64_t> expected_version);
  Status remove(const Actor& actor, int64_t id);
  // Sends a test message now (counted against the robot's rate) and answers what the service said.
  Result<SendOutcome> test(const Actor& actor, int64_t id);
  // The robot's last requests, newest first.
  Result<std::vector<Attempt>> log(const Actor& actor, int64_t id, int limit);

 private:
  Result<Robot> visible(store::Tx& tx, const Actor& actor, int64_t id);
  Result<std::vector<repo::RuleRow>> rules_of(store::Tx& tx, const Actor& actor, const std::string& robot_path,
                                              const std::vector<RuleInput>& rules);
  Status check(store::Tx& tx, const repo::RobotRow& r);

  Runtime& rt_;
  const SecretBox& box_;
  Dispatcher& dispatcher_;
};

// The URL as people without notify.manage see it: scheme and host only (the
// rest holds the robot's access token).
std::string masked_url(const std::string& url);

}  // namespace lifeline::app::notify
