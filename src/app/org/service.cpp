#include "app/org/service.h"

#include <algorithm>
#include <regex>

#include "app/audit/audit.h"
#include "app/org/repo.h"
#include "app/privacy.h"
#include "core/time.h"

namespace lifeline::app::org {

using store::Tx;
using store::TxMode;

namespace {
bool is_kind(std::string_view k) {
  return std::any_of(std::begin(kKinds), std::end(kKinds), [&](const char* x) { return k == x; });
}
bool is_body_kind(std::string_view k) {
  return std::any_of(std::begin(kBodyKinds), std::end(kBodyKinds), [&](const char* x) { return k == x; });
}
Status check_code(const std::string& code) {
  static const std::regex pattern("^[A-Za-z0-9_-]{1,32}$");
  if (!std::regex_match(code, pattern)) return Error::invalid("code", "use 1-32 letters, digits, '_' or '-'");
  return {};
}
}  // namespace

bool may_contain(std::string_view parent, std::string_view child) {
  if (child == "association") return false;  // one root, created by the first migration
  if (child == "utility") return parent == "association";
  if (child == "team") return parent != "association";
  // departments, plants and branches belong to a utility or one of its branches
  return parent == "utility" || parent == "branch";
}

Result<std::vector<Org>> Service::list(const Actor& actor) {
  if (!actor.can(Permission::org_read)) return Error::forbidden();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) { return repo::subtree(tx, actor.org_path); });
}

Result<Org> Service::get(const Actor& actor, int64_t id) {
  if (!actor.can(Permission::org_read)) return Error::forbidden();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<Org> {
    LL_TRY(auto org, repo::find(tx, id));
    if (!org || !actor.sees(org->path)) return Error::not_found("no such org unit");
    return *org;
  });
}

Result<Org> Service::create(const Actor& actor, const NewOrg& o) {
  if (!actor.can(Permission::org_write)) return Error::forbidden();
  std::vector<FieldError> errors;
  if (!is_kind(o.kind)) errors.push_back({"kind", "unknown kind of org unit"});
  if (auto st = check_code(o.code); !st) errors.push_back(st.error().fields[0]);
  if (o.name.empty()) errors.push_back({"name", "must not be empty"});
  if (!errors.empty()) return Error::invalid(std::move(errors));
  const auto now = rt_.clock.now();
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Org> {
    LL_TRY(auto parent, repo::find(tx, o.parent_id));
    if (!parent || !actor.sees(parent->path)) return Error::invalid("parent_id", "no such org unit in your scope");
    if (!may_contain(parent->kind, o.kind))
      return Error::invalid("kind", "a " + o.kind + " cannot be placed under a " + parent->kind);
    LL_TRY(auto clash, repo::find_by_code(tx, o.code));
    if (clash) return Error::invalid("code", "is already used by " + clash->name);
    LL_TRY(int64_t id, repo::insert(tx, o, parent->path, now));
    LL_TRY(auto created, repo::find(tx, id));
    LL_CHECK(audit::record(tx, actor, now,
                           {"org.create", "org", std::to_string(id), id, created->path, nullptr, to_json(*created)}));
    return *created;
  });
  if (r) rt_.events.publish({"org.created", r->id, r->path, to_json(*r)});
  return r;
}

Result<Org> Service::update(const Actor& actor, int64_t id, const OrgPatch& p,
                            std::optional<int64_t> expected_version) {
  if (!actor.can(Permission::org_write)) return Error::forbidden();
  if (p.code) LL_CHECK(check_code(*p.code));
  if (p.name && p.name->empty()) return Error::invalid("name", "must not be empty");
  const auto now = rt_.clock.now();
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Org> {
    LL_TRY(auto org, repo::find(tx, id));
    if (!org || !actor.sees(org->path)) return Error::not_found("no such org unit");
    if (expected_version && *expected_version != org->version)
      return Error{ErrorCode::precondition_failed,
                   "this unit was changed by someone else (version " + std::to_string(org->version) +
                       "); reload and try again",
                   {}};
    Org before = *org;
    if (p.code && *p.code != org->code) {
      LL_TRY(auto clash, repo::find_by_code(tx, *p.code));
      if (clash) return Error::invalid("code", "is already used by " + clash->name);
      org->code = *p.code;
    }
    if (p.name) org->name = *p.name;
    if (p.name_en) org->name_en = *p.name_en;
    if (p.address) org->address = *p.address;
    if (p.phone) org->phone = *p.phone;
    LL_TRY(bool updated, repo::update(tx, *org, before.version));
    if (!updated) return Error{ErrorCode::precondition_failed, "this unit was changed by someone else", {}};
    LL_TRY(auto after, repo::find(tx, id));
    LL_CHECK(audit::record(tx, actor, now,
                           {"org.update", "org", std::to_string(id), id, org->path, to_json(before), to_json(*after)}));
    return *after;
  });
  if (r) rt_.events.publish({"org.changed", r->id, r->path, to_json(*r)});
  return r;
}

Result<std::vector<CommandBody>> Service::command(const Actor& actor, int64_t org_id) {
  if (!actor.can(Permission::command_read)) return Error::forbidden();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::vector<CommandBody>> {
    LL_TRY(auto org, repo::find(tx, org_id));
    // Staff must see the command structure above them too: who leads the
    // response for their utility. So ancestors are readable as well.
    if (!org || (!actor.sees(org->path) && !actor.org_path.starts_with(org->path)))
      return Error::not_found("no such org unit");
    return repo::bodies(tx, org_id);
  });
}

Status Service::validate_body(Tx& tx, const CommandBody& b) {
  std::vector<FieldError> errors;
  if (!is_body_kind(b.kind)) errors.push_back({"kind", "must be one of hq, office, working_group, supervision_team"});
  if (b.name.empty()) errors.push_back({"name", "must not be empty"});
  if (b.leader_name.empty()) errors.push_back({"leader_name", "must not be empty"});
  if (b.parent_id) {
    // The parent must not be deleted before this commits (its delete locks it too).
    if (auto locked = tx.query("SELECT id FROM command_bodies WHERE id = ? FOR SHARE", {*b.parent_id}); !locked)
      return locked.error();
    auto parent = repo::find_body(tx, *b.parent_id);
    if (!parent) return parent.error();
    if (!*parent || (*parent)->org_id != b.org_id)
      errors.push_back({"parent_id", "must be a command body of the same org unit"});
    else if ((*parent)->id == b.id)
      errors.push_back({"parent_id", "a body cannot be its own parent"});
  }
  if (errors.empty()) return {};
  return Error::invalid(std::move(errors));
}

Result<std::pair<CommandBody, Org>> Service::writable_body(Tx& tx, const Actor& actor, int64_t id) {
  // Every change of a body starts by locking its row: two changes of one
  // body (patch, members, supervised units, delete) run one after the other.
  LL_CHECK(tx.query("SELECT id FROM command_bodies WHERE id = ? FOR UPDATE", {id}));
  LL_TRY(auto body, repo::find_body(tx, id));
  if (!body) return Error::not_found("no such command body");
  LL_TRY(auto org, repo::find(tx, body->org_id));
  if (!org || !actor.sees(org->path)) return Error::not_found("no such command body");
  return std::pair(*body, *org);
}

Status Service::record_body_change(Tx& tx, const Actor& actor, const Org& org, const std::string& action,
                                   int64_t body_id, const nlohmann::json& before) {
  nlohmann::json after;
  if (action != "command.delete") {
    LL_TRY(auto body, repo::find_body(tx, body_id));
    if (body) after = to_json(*body);
  }
  return audit::record(tx, actor, rt_.clock.now(),
                       {action, "command_body", std::to_string(body_id), org.id, org.path, before, after});
}

namespace {
void apply(CommandBody& b, const BodyFields& f) {
  if (f.parent_id) b.parent_id = *f.parent_id;
  if (f.kind) b.kind = *f.kind;
  if (f.name) b.name = *f.name;
  if (f.leader_name) b.leader_name = *f.leader_name;
  if (f.leader_title) b.leader_title = *f.leader_title;
  if (f.responsibilities) b.responsibilities = *f.responsibilities;
  if (f.sort_order) b.sort_order = *f.sort_order;
}
}  // namespace

Result<CommandBody> Service::create_body(const Actor& actor, int64_t org_id, const BodyFields& f) {
  if (!actor.can(Permission::command_write)) return Error::forbidden();
  std::string scope;
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<CommandBody> {
    LL_TRY(auto org, repo::find(tx, org_id));
    if (!org || !actor.sees(org->path)) return Error::invalid("org_id", "no such org unit in your scope");
    scope = org->path;
    CommandBody b;
    b.org_id = org_id;
    apply(b, f);
    LL_CHECK(validate_body(tx, b));
    LL_TRY(b.id, repo::insert_body(tx, b, rt_.clock.now()));
    LL_CHECK(record_body_change(tx, actor, *org, "command.create", b.id, nullptr));
    return b;
  });
  if (r) rt_.events.publish({"command.changed", org_id, scope, {{"body_id", r->id}}});
  return r;
}

Result<CommandBody> Service::update_body(const Actor& actor, int64_t id, const BodyFields& f) {
  if (!actor.can(Permission::command_write)) return Error::forbidden();
  std::string scope;
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<CommandBody> {
    LL_TRY(auto found, writable_body(tx, actor, id));
    auto& [body, org] = found;
    scope = org.path;
    nlohmann::json before = to_json(body);
    apply(body, f);
    LL_CHECK(validate_body(tx, body));
    LL_CHECK(repo::update_body(tx, body));
    LL_CHECK(record_body_change(tx, actor, org, "command.update", id, before));
    LL_TRY(auto after, repo::find_body(tx, id));
    return *after;
  });
  if (r) rt_.events.publish({"command.changed", r->org_id, scope, {{"body_id", id}}});
  return r;
}

Status Service::delete_body(const Actor& actor, int64_t id) {
  if (!actor.can(Permission::command_write)) return Error::forbidden();
  std::string scope;
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<int64_t> {
    LL_TRY(auto found, writable_body(tx, actor, id));
    scope = found.second.path;
    LL_CHECK(repo::delete_body(tx, id));
    LL_CHECK(record_body_change(tx, actor, found.second, "command.delete", id, to_json(found.first)));
    return found.second.id;
  });
  if (!r) return r.error();
  rt_.events.publish({"command.changed", *r, scope, {{"body_id", id}}});
  return {};
}

Result<Member> Service::add_member(const Actor& actor, int64_t body_id, const Member& m) {
  if (!actor.can(Permission::command_write)) return Error::forbidden();
  if (m.name.empty()) return Error::invalid("name", "must not be empty");
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Member> {
    LL_TRY(auto found, writable_body(tx, actor, body_id));
    nlohmann::json before = to_json(found.first);
    Member added = m;
    LL_TRY(added.id, repo::insert_member(tx, body_id, m));
    LL_CHECK(record_body_change(tx, actor, found.second, "command.member_add", body_id, before));
    return added;
  });
  return r;
}

Status Service::remove_member(const Actor& actor, int64_t body_id, int64_t member_id) {
  if (!actor.can(Permission::command_write)) return Error::forbidden();
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<bool> {
    LL_TRY(auto found, writable_body(tx, actor, body_id));
    nlohmann::json before = to_json(found.first);
    LL_TRY(bool removed, repo::delete_member(tx, body_id, member_id));
    if (!removed) return Error::not_found("no such member");
    LL_CHECK(record_body_change(tx, actor, found.second, "command.member_remove", body_id, before));
    return true;
  });
  if (!r) return r.error();
  return {};
}

Result<CommandBody> Service::set_supervised(const Actor& actor, int64_t body_id, const std::vector<int64_t>& ids) {
  if (!actor.can(Permission::command_write)) return Error::forbidden();
  std::string scope;
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<CommandBody> {
    LL_TRY(auto found, writable_body(tx, actor, body_id));
    scope = found.second.path;
    if (found.first.kind != "supervision_team")
      return Error::invalid("org_ids", "only a supervision team supervises units");
    for (size_t i = 0; i < ids.size(); ++i) {
      LL_TRY(auto org, repo::find(tx, ids[i]));
      if (!org || !org->path.starts_with(found.second.path))
        return Error::invalid("org_ids/" + std::to_string(i), "must be a unit under " + found.second.name);
    }
    std::vector<int64_t> unique = ids;
    std::sort(unique.begin(), unique.end());
    unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
    nlohmann::json before = to_json(found.first);
    LL_CHECK(repo::set_supervised(tx, body_id, unique));
    LL_CHECK(record_body_change(tx, actor, found.second, "command.supervise", body_id, before));
    LL_TRY(auto after, repo::find_body(tx, body_id));
    return *after;
  });
  if (r) rt_.events.publish({"command.changed", r->org_id, scope, {{"body_id", body_id}}});
  return r;
}

namespace {
nlohmann::json opt(const std::optional<std::string>& s) { return s ? nlohmann::json(*s) : nlohmann::json(); }
}  // namespace

nlohmann::json to_json(const Org& o) {
  return {{"id", o.id},
          {"parent_id", o.parent_id ? nlohmann::json(*o.parent_id) : nlohmann::json()},
          {"kind", o.kind},
          {"code", o.code},
          {"name", o.name},
          {"name_en", opt(o.name_en)},
          {"address", opt(o.address)},
          {"phone", opt(o.phone)},
          {"version", o.version},
          {"created_at", format_instant(o.created_at)}};
}

nlohmann::json to_json(const CommandBody& b) {
  nlohmann::json members = nlohmann::json::array();
  for (const auto& m : b.members)
    members.push_back({{"id", m.id},
                       {"name", m.name},
                       {"title", mask_numbers_in_value(opt(m.title))},
                       {"phone_masked", m.phone ? nlohmann::json(mask_phone(*m.phone)) : nlohmann::json()}});
  nlohmann::json supervised = nlohmann::json::array();
  for (const auto& [id, name] : b.supervised) supervised.push_back({{"id", id}, {"name", name}});
  return {{"id", b.id},
          {"org_id", b.org_id},
          {"parent_id", b.parent_id ? nlohmann::json(*b.parent_id) : nlohmann::json()},
          {"kind", b.kind},
          {"name", b.name},
          {"leader_name", b.leader_name},
          // Members' phones are masked; so are numbers typed into these texts.
          {"leader_title", mask_numbers_in_value(opt(b.leader_title))},
          {"responsibilities", mask_numbers_in_value(opt(b.responsibilities))},
          {"sort_order", b.sort_order},
          {"members", members},
          {"supervised_orgs", supervised}};
}

}  // namespace lifeline::app::org
