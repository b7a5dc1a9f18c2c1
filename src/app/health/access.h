// Who may see what of staff health, decided in one place so every endpoint
// answers alike. Personal records: the person themself, and health officers
// (health.records) whose subtree holds the person's unit. Counts: anyone with
// health.census, for units in their subtree. A person the caller may not read
// answers 404, exactly like one that does not exist.
#pragma once

#include <optional>
#include <string>

#include "app/actor.h"
#include "app/health/model.h"
#include "core/result.h"
#include "store/database.h"

namespace lifeline::app::health {

bool is_self(const Actor& actor, const Staff& person);
bool may_read_record(const Actor& actor, const Staff& person);
bool may_manage(const Actor& actor, const Staff& person);  // health.manage over the person's unit

// Loads a person; not_found when absent or when the actor may not read / manage them.
Result<Staff> readable(store::Tx& tx, const Actor& actor, int64_t staff_id);
Result<Staff> manageable(store::Tx& tx, const Actor& actor, int64_t staff_id);
// The register entry of the actor's own account; not_found when the account is not on the register.
Result<Staff> self(store::Tx& tx, const Actor& actor);

// A unit subtree that a list or count covers.
struct Scope {
  int64_t org_id = 0;
  std::string path;
  std::string name;
  std::string kind;
};
// `org` (a query parameter) or, when absent, the actor's own unit; an org
// outside the actor's subtree is not_found naming the field "org".
Result<Scope> scope(store::Tx& tx, const Actor& actor, std::optional<int64_t> org);
// The utility an org path lies in (the unit of kind 'utility' on the path);
// nullopt for the association above the utilities.
Result<std::optional<int64_t>> utility_of(store::Tx& tx, const std::string& org_path);

}  // namespace lifeline::app::health
