#include "app/duty/posts.h"

#include "app/audit/audit.h"
#include "app/duty/access.h"
#include "app/duty/json.h"
#include "app/duty/repo.h"

namespace lifeline::app::duty {

using store::Tx;
using store::TxMode;

namespace {

bool known_kind(const std::string& k) {
  for (const char* c : kPostKinds)
    if (k == c) return true;
  return false;
}

// Applies the given fields and checks the result as a whole.
Status apply(Post& p, const PostInput& in) {
  if (in.name) p.name = *in.name;
  if (in.kind) p.kind = *in.kind;
  if (in.phone) p.phone = *in.phone;
  if (in.radio_channel) p.radio_channel = *in.radio_channel;
  if (in.location) p.location = *in.location;
  if (in.red_phone) p.red_phone = *in.red_phone;
  if (in.active) p.active = *in.active;
  if (in.coverage) p.coverage = *in.coverage;
  if (in.min_rest_minutes) p.min_rest_minutes = *in.min_rest_minutes;
  if (in.sort_order) p.sort_order = *in.sort_order;
  std::vector<FieldError> errors;
  if (p.name.find_first_not_of(" \t") == std::string::npos) errors.push_back({"name", "must not be empty"});
  if (!known_kind(p.kind))
    errors.push_back({"kind", "must be one of: dispatch, leader, plant_shift, control_room, hotline, drainage_patrol, other"});
  if (p.red_phone && (!p.phone || p.phone->empty())) errors.push_back({"phone", "a red duty phone needs its number"});
  if (p.coverage && p.coverage->leaves_nothing()) errors.push_back({"coverage", "this coverage leaves nothing to cover"});
  if (p.min_rest_minutes < 0 || p.min_rest_minutes > 1440)
    errors.push_back({"min_rest_minutes", "must be between 0 and 1440"});
  if (!errors.empty()) return Error::invalid(std::move(errors));
  return {};
}

}  // namespace

Result<std::vector<Post>> Posts::list(const Actor& actor, std::optional<int64_t> org, bool include_inactive) {
  if (!actor.can(Permission::duty_read)) return Error::forbidden();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::vector<Post>> {
    LL_TRY(auto unit, unit_in_scope(tx, actor, org));
    return repo::posts_in(tx, unit.path, !include_inactive);
  });
}

Result<Post> Posts::get(const Actor& actor, int64_t id) {
  if (!actor.can(Permission::duty_read)) return Error::forbidden();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) { return visible_post(tx, actor, id); });
}

Result<Post> Posts::create(const Actor& actor, const PostInput& in) {
  if (!actor.can(Permission::duty_manage)) return Error::forbidden();
  const Instant now = rt_.clock.now();
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Post> {
    LL_TRY(auto unit, unit_in_scope(tx, actor, in.org_id, "org_id"));
    if (!manages(actor, unit.path)) return Error::forbidden();  // a unit above one's own is read-only
    Post p;
    p.org_id = unit.id;
    p.org_path = unit.path;
    p.org_name = unit.name;
    LL_CHECK(apply(p, in));
    LL_TRY(auto same, tx.query_one("SELECT id FROM duty_posts WHERE org_id = ? AND name = ?", {unit.id, p.name}));
    if (same) return Error{ErrorCode::conflict, "this unit already has a post of that name", {{"name", "already used in this unit"}}};
    LL_TRY(p.id, repo::insert_post(tx, p, now));
    LL_TRY(auto stored, repo::find_post(tx, p.id));
    LL_CHECK(audit::record(tx, actor, now,
                           {"duty.post.create", "duty_post", std::to_string(p.id), unit.id, unit.path, nullptr,
                            to_json(*stored)}));
    return std::move(*stored);
  });
}

Result<std::vector<std::pair<Person, std::string>>> Posts::people(const Actor& actor, std::optional<int64_t> org,
                                                                  const std::string& q) {
  if (!actor.can(Permission::duty_manage)) return Error::forbidden();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::vector<std::pair<Person, std::string>>> {
    LL_TRY(auto unit, unit_in_scope(tx, actor, org));
    return repo::people_in(tx, unit.path, q);
  });
}

Result<Post> Posts::update(const Actor& actor, int64_t id, const PostInput& in, std::optional<int64_t> expected_version) {
  if (!actor.can(Permission::duty_manage)) return Error::forbidden();
  const Instant now = rt_.clock.now();
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Post> {
    LL_TRY(Post p, visible_post(tx, actor, id, true));
    if (expected_version && *expected_version != p.version)
      return Error{ErrorCode::precondition_failed, "the post was changed meanwhile; reload it", {}};
    const nlohmann::json before = to_json(p);
    LL_CHECK(apply(p, in));
    if (in.name) {
      LL_TRY(auto same, tx.query_one("SELECT id FROM duty_posts WHERE org_id = ? AND name = ? AND id <> ?",
                                     {p.org_id, p.name, p.id}));
      if (same) return Error{ErrorCode::conflict, "this unit already has a post of that name", {{"name", "already used in this unit"}}};
    }
    LL_CHECK(repo::update_post(tx, p));
    LL_TRY(auto stored, repo::find_post(tx, p.id));
    LL_CHECK(audit::record(tx, actor, now,
                           {"duty.post.update", "duty_post", std::to_string(p.id), p.org_id, p.org_path, before,
                            to_json(*stored)}));
    return std::move(*stored);
  });
}

}  // namespace lifeline::app::duty
