#include "app/repair/access.h"

namespace lifeline::app::repair {

using store::Tx;

namespace {
Result<std::optional<Unit>> find_unit(Tx& tx, int64_t id) {
  LL_TRY(auto row, tx.query_one("SELECT id, path, name, kind FROM orgs WHERE id = ?", {id}));
  if (!row) return std::optional<Unit>();
  return std::optional<Unit>(Unit{row->integer(0), row->text(1), row->text(2), row->text(3)});
}
}  // namespace

Result<Unit> visible_unit(Tx& tx, const Actor& actor, int64_t org_id, const std::string& field) {
  LL_TRY(auto unit, find_unit(tx, org_id));
  if (!unit || !actor.sees(unit->path)) {
    Error e = Error::not_found("no such org unit in your scope");
    e.fields.push_back({field, "no such org unit in your scope"});
    return e;
  }
  return *unit;
}

Result<Unit> utility_of(Tx& tx, const std::string& org_path, const std::string& field) {
  LL_TRY(auto row, tx.query_one("SELECT id, path, name, kind FROM orgs WHERE kind = 'utility' AND ? LIKE (path || '%')"
                                " ORDER BY LENGTH(path) LIMIT 1",
                                {org_path}));
  if (!row) return Error::invalid(field, "must be a utility or a unit of one");
  return Unit{row->integer(0), row->text(1), row->text(2), row->text(3)};
}

Result<Unit> list_scope(Tx& tx, const Actor& actor, std::optional<int64_t> org) {
  if (org) return visible_unit(tx, actor, *org, "org");
  LL_TRY(auto unit, find_unit(tx, actor.org_id));
  if (!unit) return Error::not_found("your unit no longer exists");
  return *unit;
}

Result<std::string> board_path(Tx& tx, const Actor& actor, std::optional<int64_t> org) {
  LL_TRY(auto unit, list_scope(tx, actor, org));
  if (org) return unit.path;
  auto utility = utility_of(tx, unit.path);
  return utility ? utility->path : unit.path;
}

Result<bool> is_crew_of(Tx& tx, const Actor& actor, int64_t team_id) {
  if (actor.user_id == 0) return false;
  LL_TRY(auto rows, tx.query("SELECT 1 FROM teams WHERE id = ? AND leader_user_id = ?"
                             " UNION ALL SELECT 1 FROM team_members WHERE team_id = ? AND user_id = ?",
                             {team_id, actor.user_id, team_id, actor.user_id}));
  return !rows.empty();
}

}  // namespace lifeline::app::repair
