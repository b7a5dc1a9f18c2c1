// Declaring, changing and ending emergency responses, and the policy that
// applies to an org unit. Other modules call policy_at() inside their own
// transaction to decide what the active level requires.
#pragma once

#include <nlohmann/json.hpp>

#include "app/actor.h"
#include "app/emergency/model.h"
#include "app/emergency/policy.h"
#include "app/runtime.h"
#include "core/result.h"

namespace lifeline::app::emergency {

struct ActivePolicy {
  Emergency emergency;  // the most severe active emergency covering the unit
  Policy policy;
};

// The policy in force at an org unit (by materialised path); nullopt when no
// emergency covers it.
Result<std::optional<ActivePolicy>> policy_at(store::Tx& tx, const std::string& org_path);

class Service {
 public:
  explicit Service(Runtime& rt) : rt_(rt) {}

  // Emergencies that concern the actor: those covering a unit in their
  // subtree, or covering their own unit from above.
  Result<std::vector<Emergency>> list(const Actor& actor, const std::optional<std::string>& status);
  Result<Emergency> get(const Actor& actor, int64_t id);
  Result<Emergency> declare(const Actor& actor, const NewEmergency& e);
  Result<Emergency> change(const Actor& actor, int64_t id, const EmergencyPatch& patch);
  Result<Emergency> end(const Actor& actor, int64_t id, const std::string& reason);
  Result<std::optional<ActivePolicy>> policy_for(const Actor& actor);

 private:
  Result<Emergency> writable(store::Tx& tx, const Actor& actor, int64_t id);
  Runtime& rt_;
};

nlohmann::json to_json(const Emergency& e);

}  // namespace lifeline::app::emergency
