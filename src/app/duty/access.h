// What every part of duty shares: the utility's zone, the unit an actor may
// address, the posts they may see, and the register person behind a login.
// Another utility's post or unit answers 404, as if it did not exist.
#pragma once

#include <optional>
#include <string>

#include "app/actor.h"
#include "app/duty/civil_time.h"
#include "app/duty/model.h"
#include "app/runtime.h"
#include "core/result.h"
#include "store/database.h"

namespace lifeline::app::duty {

// The configured zone (Asia/Shanghai when the setting is unusable).
Zone zone_of(const Runtime& rt);

struct Unit {
  int64_t id = 0;
  std::string path, name, kind;
};
// `org` (default: the actor's unit) when the actor's subtree holds it; else not found naming `field`.
Result<Unit> unit_in_scope(store::Tx& tx, const Actor& actor, std::optional<int64_t> org, const char* field = "org");
// The utility an org path lies in; nullopt above the utilities (the association).
Result<std::optional<int64_t>> utility_of(store::Tx& tx, const std::string& path);

// A post the actor sees (optionally locked FOR UPDATE); not found otherwise.
Result<Post> visible_post(store::Tx& tx, const Actor& actor, int64_t id, bool lock = false);
// The register person of the actor's login, if any.
Result<std::optional<Person>> person_of(store::Tx& tx, const Actor& actor);
// A person on the register of the post's utility (active), or invalid naming `field`.
Result<Person> person_for_post(store::Tx& tx, const Post& post, int64_t staff_id, const std::string& field);

// May the actor manage this unit's duty (posts, rosters, approvals)?
bool manages(const Actor& actor, const std::string& org_path);

}  // namespace lifeline::app::duty
