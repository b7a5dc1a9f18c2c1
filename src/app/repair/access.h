// What the repair parts share: the org unit a request names, the utility it
// belongs to (teams, SLA settings and incident codes are per utility), and
// whether an actor is a member of a team (crews record progress on their own
// team's orders only).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "app/actor.h"
#include "core/result.h"
#include "store/database.h"

namespace lifeline::app::repair {

struct Unit {
  int64_t id = 0;
  std::string path, name, kind;
};

// The unit `org_id` when the actor sees it; otherwise not_found naming `field`.
Result<Unit> visible_unit(store::Tx& tx, const Actor& actor, int64_t org_id, const std::string& field = "org_id");
// The utility on the unit's path; invalid naming `field` for the association above them.
Result<Unit> utility_of(store::Tx& tx, const std::string& org_path, const std::string& field = "org_id");
// The list scope: `org` or the actor's own unit.
Result<Unit> list_scope(store::Tx& tx, const Actor& actor, std::optional<int64_t> org);
// The path a board lists: `org`'s subtree when given, else the actor's whole
// utility (a dispatcher or crew sits in a unit below it).
Result<std::string> board_path(store::Tx& tx, const Actor& actor, std::optional<int64_t> org);
// Everyone inside a utility sees its incidents, teams and orders: those of
// their subtree and those of the units above them (a crew in 管网抢修一队
// works the utility's incidents). Another utility's stay out of view.
inline bool in_view(const Actor& actor, const std::string& path) {
  return actor.sees(path) || actor.org_path.starts_with(path);
}
// True when the actor's account is a member or the leader of the team.
Result<bool> is_crew_of(store::Tx& tx, const Actor& actor, int64_t team_id);

}  // namespace lifeline::app::repair
