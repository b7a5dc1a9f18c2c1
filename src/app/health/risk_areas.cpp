#include "app/health/risk_areas.h"

#include "app/audit/audit.h"
#include "app/health/access.h"
#include "core/local_time.h"

namespace lifeline::app::health {

using store::Tx;
using store::TxMode;

namespace {

constexpr const char* kColumns = "SELECT id, utility_id, name, level, valid_from, valid_to FROM risk_areas ";

RiskArea from_row(const store::Row& r) {
  return {r.integer(0), r.integer(1), r.text(2), r.text(3), r.text(4), r.opt_text(5)};
}

Result<RiskArea> find(Tx& tx, int64_t id) {
  LL_TRY(auto row, tx.query_one(std::string(kColumns) + "WHERE id = ?", {id}));
  if (!row) return Error::not_found("no such risk area");
  return from_row(*row);
}

Result<std::string> org_path(Tx& tx, int64_t id) {
  LL_TRY(auto row, tx.query_one("SELECT path FROM orgs WHERE id = ?", {id}));
  if (!row) return Error::not_found("no such org unit");
  return row->text(0);
}

// Whether the actor belongs to the utility (or oversees it).
bool in_utility(const Actor& actor, const std::string& utility_path) {
  return actor.sees(utility_path) || actor.org_path.starts_with(utility_path);
}

Status check(const RiskArea& a) {
  std::vector<FieldError> errors;
  if (a.name.empty()) errors.push_back({"name", "must not be empty"});
  if (auto d = parse_date(a.valid_from, "valid_from"); !d) errors.push_back({"valid_from", "must be a date YYYY-MM-DD"});
  if (a.valid_to) {
    if (auto d = parse_date(*a.valid_to, "valid_to"); !d)
      errors.push_back({"valid_to", "must be a date YYYY-MM-DD"});
    else if (*a.valid_to < a.valid_from)
      errors.push_back({"valid_to", "must not be before valid_from"});
  }
  if (!errors.empty()) return Error::invalid(std::move(errors));
  return {};
}

nlohmann::json audit_json(const RiskArea& a) {
  return {{"id", a.id}, {"utility_id", a.utility_id}, {"name", a.name}, {"level", a.level},
          {"valid_from", a.valid_from}, {"valid_to", a.valid_to ? nlohmann::json(*a.valid_to) : nlohmann::json()}};
}

}  // namespace

Result<std::vector<RiskArea>> active_risk_areas(Tx& tx, int64_t utility_id, const std::string& day) {
  LL_TRY(auto rows, tx.query(std::string(kColumns) +
                                 "WHERE utility_id = ? AND valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?)"
                                 " ORDER BY id",
                             {utility_id, day, day}));
  std::vector<RiskArea> out;
  for (const auto& r : rows) out.push_back(from_row(r));
  return out;
}

nlohmann::json to_json(const RiskArea& a, const std::string& today) {
  nlohmann::json j = audit_json(a);
  j["active"] = risk_area_active(a, today);
  return j;
}

std::string RiskAreas::today() const {
  auto lt = LocalTime::load(rt_.config.time_zone);
  return lt ? lt->date(rt_.clock.now()) : std::string();
}

Result<std::vector<RiskArea>> RiskAreas::list(const Actor& actor, std::optional<int64_t> org) {
  if (!actor.can(Permission::health_self)) return Error::forbidden();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::vector<RiskArea>> {
    int64_t id = org.value_or(actor.org_id);
    LL_TRY(std::string path, org_path(tx, id));
    LL_TRY(auto utility, utility_of(tx, path));
    if (!utility) return Error::invalid("org", "risk areas are kept per utility: choose a utility or a unit in one");
    LL_TRY(std::string upath, org_path(tx, *utility));
    if (!in_utility(actor, upath) || !(actor.sees(path) || actor.org_path.starts_with(path)))
      return Error::invalid("org", "no such org unit in your scope");
    LL_TRY(auto rows, tx.query(std::string(kColumns) + "WHERE utility_id = ? ORDER BY valid_from DESC, id DESC",
                               {*utility}));
    std::vector<RiskArea> out;
    for (const auto& r : rows) out.push_back(from_row(r));
    return out;
  });
}

Result<RiskArea> RiskAreas::create(const Actor& actor, std::optional<int64_t> org, const RiskAreaInput& in) {
  if (!actor.can(Permission::health_manage)) return Error::forbidden();
  RiskArea a;
  a.name = in.name.value_or("");
  a.level = in.level.value_or("high");
  a.valid_from = in.valid_from.value_or(today());
  if (in.valid_to) a.valid_to = *in.valid_to;
  LL_CHECK(check(a));
  const auto now = rt_.clock.now();
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<RiskArea> {
    LL_TRY(auto sc, scope(tx, actor, org));
    LL_TRY(auto utility, utility_of(tx, sc.path));
    if (!utility) return Error::invalid("org", "risk areas are kept per utility: choose a utility or a unit in one");
    LL_TRY(std::string upath, org_path(tx, *utility));
    if (!actor.sees(upath)) return Error::forbidden("risk areas are kept by the utility's health officers");
    a.utility_id = *utility;
    LL_TRY(a.id, tx.insert("INSERT INTO risk_areas (utility_id, name, level, valid_from, valid_to, created_at)"
                           " VALUES (?,?,?,?,?,?) RETURNING id",
                           {a.utility_id, a.name, a.level, a.valid_from, a.valid_to, to_millis(now)}));
    LL_CHECK(audit::record(tx, actor, now,
                           {"health.risk_area.create", "risk_area", std::to_string(a.id), *utility, upath, nullptr,
                            audit_json(a)}));
    return a;
  });
}

Result<RiskArea> RiskAreas::writable(Tx& tx, const Actor& actor, int64_t id, std::string& upath) {
  // Locked: a change applies its fields to the latest row, not to one another change replaces.
  LL_CHECK(tx.query("SELECT id FROM risk_areas WHERE id = ? FOR UPDATE", {id}));
  LL_TRY(auto a, find(tx, id));
  LL_TRY(upath, org_path(tx, a.utility_id));
  if (!in_utility(actor, upath)) return Error::not_found("no such risk area");
  if (!actor.sees(upath)) return Error::forbidden("risk areas are kept by the utility's health officers");
  return a;
}

Result<RiskArea> RiskAreas::change(const Actor& actor, int64_t id, const RiskAreaInput& in) {
  if (!actor.can(Permission::health_manage)) return Error::forbidden();
  const auto now = rt_.clock.now();
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<RiskArea> {
    std::string upath;
    LL_TRY(auto a, writable(tx, actor, id, upath));
    nlohmann::json before = audit_json(a);
    if (in.name) a.name = *in.name;
    if (in.level) a.level = *in.level;
    if (in.valid_from) a.valid_from = *in.valid_from;
    if (in.valid_to) a.valid_to = *in.valid_to;
    LL_CHECK(check(a));
    LL_CHECK(tx.execute("UPDATE risk_areas SET name = ?, level = ?, valid_from = ?, valid_to = ? WHERE id = ?",
                        {a.name, a.level, a.valid_from, a.valid_to, a.id}));
    LL_CHECK(audit::record(tx, actor, now,
                           {"health.risk_area.change", "risk_area", std::to_string(a.id), a.utility_id, upath,
                            before, audit_json(a)}));
    return a;
  });
}

Status RiskAreas::remove(const Actor& actor, int64_t id) {
  if (!actor.can(Permission::health_manage)) return Error::forbidden();
  const auto now = rt_.clock.now();
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<bool> {
    std::string upath;
    LL_TRY(auto a, writable(tx, actor, id, upath));
    LL_CHECK(tx.execute("DELETE FROM risk_areas WHERE id = ?", {a.id}));
    LL_CHECK(audit::record(tx, actor, now,
                           {"health.risk_area.delete", "risk_area", std::to_string(a.id), a.utility_id, upath,
                            audit_json(a), nullptr}));
    return true;
  });
  if (!r) return r.error();
  return {};
}

}  // namespace lifeline::app::health
