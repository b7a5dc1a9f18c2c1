#include "app/emergency/service.h"

#include "app/audit/audit.h"
#include "app/emergency/repo.h"
#include "app/org/repo.h"
#include "core/time.h"

namespace lifeline::app::emergency {

using store::Tx;
using store::TxMode;

namespace {
bool concerns(const Emergency& e, const Actor& actor) {
  for (const auto& c : e.covered)
    if (actor.sees(c.path) || actor.org_path.starts_with(c.path)) return true;
  return false;
}

std::optional<std::string> opt(const std::optional<std::string>& s) { return s; }

// The deepest common ancestor of two materialised paths ("/1/4/" and "/1/5/" → "/1/").
std::string common_path(const std::string& a, const std::string& b) {
  size_t last = 0;
  for (size_t i = 0; i < a.size() && i < b.size() && a[i] == b[i]; ++i)
    if (a[i] == '/') last = i;
  return a.substr(0, last + 1);
}
}  // namespace

Result<std::optional<ActivePolicy>> policy_at(Tx& tx, const std::string& org_path) {
  LL_TRY(auto active, repo::list(tx, std::string("active")));
  std::optional<ActivePolicy> best;
  for (auto& e : active) {
    if (!e.covers(org_path)) continue;
    if (!best || severity_rank(e.level) < severity_rank(best->emergency.level))
      best = ActivePolicy{e, *emergency::policy_for(e.level)};
  }
  return best;
}

Result<std::vector<Emergency>> Service::list(const Actor& actor, const std::optional<std::string>& status) {
  if (!actor.can(Permission::emergency_read)) return Error::forbidden();
  if (status && *status != "active" && *status != "ended") return Error::invalid("status", "must be active or ended");
  auto all = rt_.db.transact(TxMode::read, [&](Tx& tx) { return repo::list(tx, status); });
  if (!all) return all.error();
  std::vector<Emergency> out;
  for (auto& e : *all)
    if (concerns(e, actor)) out.push_back(std::move(e));
  return out;
}

Result<Emergency> Service::get(const Actor& actor, int64_t id) {
  if (!actor.can(Permission::emergency_read)) return Error::forbidden();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<Emergency> {
    LL_TRY(auto e, repo::find(tx, id));
    if (!e || !concerns(*e, actor)) return Error::not_found("no such emergency");
    return *e;
  });
}

Result<Emergency> Service::writable(Tx& tx, const Actor& actor, int64_t id) {
  // A change or the end of a response locks its row first, so a change and
  // an end (or two ends) run one after the other and the second sees the first.
  LL_CHECK(tx.query("SELECT id FROM emergencies WHERE id = ? FOR UPDATE", {id}));
  LL_TRY(auto e, repo::find(tx, id));
  if (!e || !concerns(*e, actor)) return Error::not_found("no such emergency");
  // Only those who could have declared it (its declaring unit is in their scope) may change it.
  if (!actor.sees(e->org_path)) return Error::forbidden("this emergency was declared above your unit");
  if (e->status != "active") return Error::conflict("this emergency has already ended");
  return *e;
}

Result<Emergency> Service::declare(const Actor& actor, const NewEmergency& in) {
  if (!actor.can(Permission::emergency_declare)) return Error::forbidden();
  std::vector<FieldError> errors;
  if (in.name.empty()) errors.push_back({"name", "must not be empty"});
  if (severity_rank(in.level) < 0) errors.push_back({"level", "must be one of: I, II, III, IV"});
  if (!errors.empty()) return Error::invalid(std::move(errors));
  const auto now = rt_.clock.now();
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Emergency> {
    Emergency e;
    e.name = in.name;
    e.level = in.level;
    e.region = in.region;
    e.status = "active";
    e.started_at = in.started_at.value_or(now);
    std::vector<int64_t> ids = in.org_ids.empty() ? std::vector<int64_t>{actor.org_id} : in.org_ids;
    // Declared at the deepest unit that contains every covered unit.
    std::string common;
    for (size_t i = 0; i < ids.size(); ++i) {
      LL_TRY(auto org, org::repo::find(tx, ids[i]));
      if (!org || !actor.sees(org->path))
        return Error::invalid("org_ids/" + std::to_string(i), "no such org unit in your scope");
      e.covered.push_back({org->id, org->name, org->path});
      common = i == 0 ? org->path : common_path(common, org->path);
    }
    if (!common.starts_with(actor.org_path)) common = actor.org_path;
    std::string_view tail(common);
    tail.remove_suffix(1);
    e.org_id = std::stoll(std::string(tail.substr(tail.rfind('/') + 1)));
    LL_TRY(e.id, repo::insert(tx, e, actor.user_id));
    LL_CHECK(repo::add_history(tx, e.id, now, "declared", e.level, actor.user_id, std::nullopt));
    LL_TRY(auto stored, repo::find(tx, e.id));
    LL_CHECK(audit::record(tx, actor, now,
                           {"emergency.declare", "emergency", std::to_string(e.id), stored->org_id, stored->org_path,
                            nullptr, to_json(*stored)}));
    return *stored;
  });
  if (r) rt_.events.publish({"emergency.declared", r->org_id, r->org_path, to_json(*r)});
  return r;
}

Result<Emergency> Service::change(const Actor& actor, int64_t id, const EmergencyPatch& p) {
  if (!actor.can(Permission::emergency_declare)) return Error::forbidden();
  if (p.level && severity_rank(*p.level) < 0) return Error::invalid("level", "must be one of: I, II, III, IV");
  if (p.name && p.name->empty()) return Error::invalid("name", "must not be empty");
  const auto now = rt_.clock.now();
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Emergency> {
    LL_TRY(Emergency e, writable(tx, actor, id));
    nlohmann::json before = to_json(e);
    bool level_changed = p.level && *p.level != e.level;
    if (p.name) e.name = *p.name;
    if (p.level) e.level = *p.level;
    if (p.region) e.region = *p.region;
    LL_CHECK(repo::update(tx, e));
    if (level_changed) LL_CHECK(repo::add_history(tx, id, now, "level_changed", e.level, actor.user_id, opt(p.note)));
    LL_TRY(auto stored, repo::find(tx, id));
    LL_CHECK(audit::record(tx, actor, now,
                           {"emergency.change", "emergency", std::to_string(id), stored->org_id, stored->org_path,
                            before, to_json(*stored)}));
    return *stored;
  });
  if (r) rt_.events.publish({"emergency.changed", r->org_id, r->org_path, to_json(*r)});
  return r;
}

Result<Emergency> Service::end(const Actor& actor, int64_t id, const std::string& reason) {
  if (!actor.can(Permission::emergency_declare)) return Error::forbidden();
  if (reason.empty()) return Error::invalid("reason", "say why the response ends");
  const auto now = rt_.clock.now();
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Emergency> {
    LL_TRY(Emergency e, writable(tx, actor, id));
    nlohmann::json before = to_json(e);
    e.status = "ended";
    e.ended_at = now;
    e.end_reason = reason;
    LL_CHECK(repo::update(tx, e));
    LL_CHECK(repo::add_history(tx, id, now, "ended", e.level, actor.user_id, reason));
    LL_TRY(auto stored, repo::find(tx, id));
    LL_CHECK(audit::record(tx, actor, now,
                           {"emergency.end", "emergency", std::to_string(id), stored->org_id, stored->org_path,
                            before, to_json(*stored)}));
    return *stored;
  });
  if (r) rt_.events.publish({"emergency.ended", r->org_id, r->org_path, to_json(*r)});
  return r;
}

Result<std::optional<ActivePolicy>> Service::policy_for(const Actor& actor) {
  if (!actor.can(Permission::emergency_read)) return Error::forbidden();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) { return policy_at(tx, actor.org_path); });
}

nlohmann::json to_json(const Emergency& e) {
  nlohmann::json covered = nlohmann::json::array();
  for (const auto& c : e.covered) covered.push_back({{"id", c.id}, {"name", c.name}});
  nlohmann::json history = nlohmann::json::array();
  for (const auto& h : e.history)
    history.push_back({{"at", format_instant(h.at)},
                       {"action", h.action},
                       {"level", h.level},
                       {"by_name", h.by_name},
                       {"note", h.note ? nlohmann::json(*h.note) : nlohmann::json()}});
  return {{"id", e.id},
          {"org_id", e.org_id},
          {"name", e.name},
          {"level", e.level},
          {"status", e.status},
          {"region", e.region ? nlohmann::json(*e.region) : nlohmann::json()},
          {"covered_orgs", covered},
          {"started_at", format_instant(e.started_at)},
          {"ended_at", e.ended_at ? nlohmann::json(format_instant(*e.ended_at)) : nlohmann::json()},
          {"end_reason", e.end_reason ? nlohmann::json(*e.end_reason) : nlohmann::json()},
          {"declared_by_name", e.declared_by_name},
          {"history", history}};
}

}  // namespace lifeline::app::emergency
