#include "app/health/access.h"

#include "app/health/staff_repo.h"

namespace lifeline::app::health {

bool is_self(const Actor& actor, const Staff& person) {
  return actor.user_id != 0 && person.user_id && *person.user_id == actor.user_id;
}

bool may_read_record(const Actor& actor, const Staff& person) {
  if (is_self(actor, person)) return actor.can(Permission::health_self);
  return actor.can(Permission::health_records) && actor.sees(person.org_path);
}

bool may_manage(const Actor& actor, const Staff& person) {
  return actor.can(Permission::health_manage) && actor.sees(person.org_path);
}

namespace {
Result<Staff> load(store::Tx& tx, int64_t id) {
  LL_TRY(auto s, staff_repo::find(tx, id));
  if (!s) return Error::not_found("no such person on the register");
  return *s;
}
}  // namespace

Result<Staff> readable(store::Tx& tx, const Actor& actor, int64_t staff_id) {
  LL_TRY(auto s, load(tx, staff_id));
  if (!may_read_record(actor, s)) return Error::not_found("no such person on the register");
  return s;
}

Result<Staff> manageable(store::Tx& tx, const Actor& actor, int64_t staff_id) {
  LL_TRY(auto s, load(tx, staff_id));
  if (!may_manage(actor, s)) return Error::not_found("no such person on the register");
  return s;
}

Result<Staff> self(store::Tx& tx, const Actor& actor) {
  if (actor.user_id == 0) return Error::not_found("the system account is not on the staff register");
  LL_TRY(auto s, staff_repo::find_by_user(tx, actor.user_id));
  if (!s) return Error::not_found("your account is not linked to anyone on the staff register");
  return *s;
}

Result<Scope> scope(store::Tx& tx, const Actor& actor, std::optional<int64_t> org) {
  int64_t id = org.value_or(actor.org_id);
  LL_TRY(auto row, tx.query_one("SELECT id, path, name, kind FROM orgs WHERE id = ?", {id}));
  if (!row || !actor.sees(row->text(1))) {
    if (!org) return Error::not_found("your unit no longer exists");
    Error e = Error::not_found("no such org unit in your scope");
    e.fields.push_back({"org", "no such org unit in your scope"});
    return e;
  }
  return Scope{row->integer(0), row->text(1), row->text(2), row->text(3)};
}

Result<std::optional<int64_t>> utility_of(store::Tx& tx, const std::string& org_path) {
  LL_TRY(auto row, tx.query_one("SELECT id FROM orgs WHERE kind = 'utility' AND ? LIKE (path || '%')"
                                " ORDER BY LENGTH(path) LIMIT 1",
                                {org_path}));
  if (!row) return std::optional<int64_t>();
  return std::optional<int64_t>(row->integer(0));
}

}  // namespace lifeline::app::health
