#include "app/duty/access.h"

#include "app/duty/repo.h"

namespace lifeline::app::duty {

Zone zone_of(const Runtime& rt) {
  auto z = Zone::load(rt.config.time_zone);
  if (!z) z = Zone::load("Asia/Shanghai");
  return *z;
}

Result<Unit> unit_in_scope(store::Tx& tx, const Actor& actor, std::optional<int64_t> org, const char* field) {
  LL_TRY(auto row, tx.query_one("SELECT id, path, name, kind FROM orgs WHERE id = ?", {org.value_or(actor.org_id)}));
  // Everyone in a utility reads its duty (the red phone and the leader on
  // duty head every page): their own subtree and the units above them up to
  // the utility, never the association's whole tree. Changes check manages().
  const bool above_in_utility =
      row && row->text(3) != "association" && actor.org_path.starts_with(row->text(1));
  if (!row || !(actor.sees(row->text(1)) || above_in_utility)) {
    Error e = Error::not_found("no such org unit in your scope");
    e.fields.push_back({field, "no such org unit in your scope"});
    return e;
  }
  return Unit{row->integer(0), row->text(1), row->text(2), row->text(3)};
}

Result<std::optional<int64_t>> utility_of(store::Tx& tx, const std::string& path) {
  LL_TRY(auto row, tx.query_one("SELECT id FROM orgs WHERE kind = 'utility' AND ? LIKE (path || '%')"
                                " ORDER BY LENGTH(path) LIMIT 1",
                                {path}));
  if (!row) return std::optional<int64_t>();
  return std::optional<int64_t>(row->integer(0));
}

Result<Post> visible_post(store::Tx& tx, const Actor& actor, int64_t id, bool lock) {
  LL_TRY(auto post, repo::find_post(tx, id, lock));
  if (!post || !actor.sees(post->org_path)) return Error::not_found("no such duty post");
  return std::move(*post);
}

Result<std::optional<Person>> person_of(store::Tx& tx, const Actor& actor) {
  if (actor.user_id == 0) return std::optional<Person>();
  return repo::person_of_user(tx, actor.user_id);
}

Result<Person> person_for_post(store::Tx& tx, const Post& post, int64_t staff_id, const std::string& field) {
  LL_TRY(auto utility, utility_of(tx, post.org_path));
  LL_TRY(auto person, repo::person(tx, staff_id));
  if (!person || !person->active || !utility || person->utility_id != *utility)
    return Error::invalid(field, "no such person on the register of this post's utility");
  return std::move(*person);
}

bool manages(const Actor& actor, const std::string& org_path) {
  return actor.can(Permission::duty_manage) && actor.sees(org_path);
}

}  // namespace lifeline::app::duty
