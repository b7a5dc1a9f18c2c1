#include "app/assurance/care.h"

#include "app/assurance/register.h"
#include "app/assurance/repo.h"
#include "app/audit/audit.h"
#include "app/privacy.h"
#include "core/time.h"

namespace lifeline::app::assurance {

using store::Tx;
using store::TxMode;

namespace {

// An active customer the actor may see; 404 otherwise (another utility's too).
Result<Customer> visible(Tx& tx, const Actor& actor, int64_t id) {
  LL_TRY(auto c, repo::find(tx, id));
  if (!c || !c->active || !may_see(actor, c->org_path)) return Error::not_found("no such priority customer");
  return std::move(*c);
}

nlohmann::json plan_audit(const std::optional<CarePlan>& p) {
  if (!p) return nullptr;
  return {{"patrols_per_day", p->patrols_per_day}, {"pressure_check", p->pressure_check},
          {"contact_on_call", p->contact_on_call ? nlohmann::json(*p->contact_on_call) : nlohmann::json()},
          {"measures", p->measures}};
}

}  // namespace

nlohmann::json to_json(const Patrol& p, bool full_contact) {
  return {{"id", p.id},
          {"customer_id", p.customer_id},
          {"done_at", format_instant(p.done_at)},
          {"done_by_name", p.done_by_name},
          {"ok", p.ok},
          {"pressure_m", p.pressure_m ? nlohmann::json(*p.pressure_m) : nlohmann::json()},
          {"findings", full_contact ? p.findings : mask_numbers_in_text(p.findings)},
          {"photos", p.photos},
          {"created_at", format_instant(p.created_at)}};
}

Result<CarePlan> Care::put_plan(const Actor& actor, int64_t customer_id, const CarePlan& in) {
  if (!actor.can(Permission::supply_manage)) return Error::forbidden();
  if (in.patrols_per_day < 0 || in.patrols_per_day > 24)
    return Error::invalid("patrols_per_day", "must be between 0 and 24");
  const auto now = rt_.clock.now();
  CarePlan plan = in;
  plan.updated_at = now;
  Customer c;
  LL_CHECK(rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<bool> {
    // Locked: the plan is replaced (delete + insert), one writer at a time per customer.
    LL_CHECK(tx.query("SELECT id FROM priority_customers WHERE id = ? FOR UPDATE", {customer_id}));
    LL_TRY(c, visible(tx, actor, customer_id));
    LL_CHECK(repo::put_care_plan(tx, customer_id, plan, actor.user_id ? std::optional(actor.user_id) : std::nullopt));
    LL_CHECK(audit::record(tx, actor, now,
                           {"assurance.care_plan", "priority_customer", std::to_string(customer_id), c.org_id,
                            c.org_path, plan_audit(c.care_plan), plan_audit(plan)}));
    return true;
  }));
  rt_.events.publish({"priority_customer.changed", c.org_id, c.org_path,
                      {{"id", customer_id}, {"action", "care_plan"}, {"name", c.name}}});
  return plan;
}

Result<Patrol> Care::record(const Actor& actor, int64_t customer_id, const NewPatrol& in) {
  if (!actor.can(Permission::patrol_record)) return Error::forbidden();
  const auto now = rt_.clock.now();
  const Instant done_at = in.done_at.value_or(now);
  std::vector<FieldError> errors;
  if (done_at > now + std::chrono::minutes(5)) errors.push_back({"done_at", "must not be in the future"});
  if (done_at < now - std::chrono::hours(24 * 7)) errors.push_back({"done_at", "must be within the last 7 days"});
  if (in.pressure_m && !(*in.pressure_m >= 0 && *in.pressure_m <= 200))
    errors.push_back({"pressure_m", "must be between 0 and 200 m"});
  if (!in.ok && in.findings.find_first_not_of(" \t\r\n") == std::string::npos)
    errors.push_back({"findings", "say what problem was found"});
  if (!errors.empty()) return Error::invalid(std::move(errors));
  Patrol p;
  Customer c;
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Patrol> {
    LL_TRY(c, visible(tx, actor, customer_id));
    if (c.care_plan && c.care_plan->pressure_check && !in.pressure_m)
      return Error::invalid("pressure_m", "the care plan asks for a pressure reading on every patrol");
    p.customer_id = customer_id;
    p.org_path = c.org_path;
    p.done_at = done_at;
    p.done_by_name = actor.display_name;
    p.ok = in.ok;
    p.pressure_m = in.pressure_m;
    p.findings = in.findings;
    p.created_at = now;
    LL_TRY(p.id, repo::insert_patrol(tx, p, actor.user_id ? std::optional(actor.user_id) : std::nullopt));
    LL_CHECK(photos::attach(tx, "patrol", p.id, c.org_path, actor, now, in.photos));
    LL_TRY(p.photos, photos::list(tx, "patrol", p.id));
    nlohmann::json after = to_json(p);
    for (auto& photo : after["photos"]) photo.erase("url");
    LL_CHECK(audit::record(tx, actor, now,
                           {"assurance.patrol", "patrol", std::to_string(p.id), c.org_id, c.org_path, nullptr,
                            after}));
    return p;
  });
  if (r)
    rt_.events.publish({"patrol.recorded", c.org_id, c.org_path,
                        {{"customer_id", customer_id}, {"id", r->id}, {"ok", r->ok}, {"name", c.name}}});
  return r;
}

Result<std::vector<Patrol>> Care::patrols(const Actor& actor, int64_t customer_id, int64_t limit) {
  if (!actor.can(Permission::supply_read)) return Error::forbidden();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::vector<Patrol>> {
    LL_CHECK(visible(tx, actor, customer_id));
    LL_TRY(auto list, repo::patrols(tx, customer_id, limit));
    for (auto& p : list) {
      LL_TRY(p.photos, photos::list(tx, "patrol", p.id));
    }
    return list;
  });
}

}  // namespace lifeline::app::assurance
