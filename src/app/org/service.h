// Org tree and command structure: validation, scope, audit, events.
#pragma once

#include <nlohmann/json.hpp>

#include "app/actor.h"
#include "app/org/model.h"
#include "app/runtime.h"
#include "core/result.h"

namespace lifeline::app::org {

class Service {
 public:
  explicit Service(Runtime& rt) : rt_(rt) {}

  // Every unit in the actor's subtree, ordered by path (parents first).
  Result<std::vector<Org>> list(const Actor& actor);
  Result<Org> get(const Actor& actor, int64_t id);
  Result<Org> create(const Actor& actor, const NewOrg& org);
  // Fails with precondition_failed when the stored version is not `expected_version`.
  Result<Org> update(const Actor& actor, int64_t id, const OrgPatch& patch, std::optional<int64_t> expected_version);

  Result<std::vector<CommandBody>> command(const Actor& actor, int64_t org_id);
  Result<CommandBody> create_body(const Actor& actor, int64_t org_id, const BodyFields& fields);
  Result<CommandBody> update_body(const Actor& actor, int64_t id, const BodyFields& fields);
  Status delete_body(const Actor& actor, int64_t id);
  Result<Member> add_member(const Actor& actor, int64_t body_id, const Member& member);
  Status remove_member(const Actor& actor, int64_t body_id, int64_t member_id);
  Result<CommandBody> set_supervised(const Actor& actor, int64_t body_id, const std::vector<int64_t>& org_ids);

 private:
  // Loads a body the actor may change, with its org.
  Result<std::pair<CommandBody, Org>> writable_body(store::Tx& tx, const Actor& actor, int64_t id);
  Status validate_body(store::Tx& tx, const CommandBody& body);
  Status record_body_change(store::Tx& tx, const Actor& actor, const Org& org, const std::string& action,
                            int64_t body_id, const nlohmann::json& before);
  Runtime& rt_;
};

// Whether a unit of kind `child` may sit under a unit of kind `parent`.
bool may_contain(std::string_view parent, std::string_view child);

nlohmann::json to_json(const Org& o);
nlohmann::json to_json(const CommandBody& b);

}  // namespace lifeline::app::org
