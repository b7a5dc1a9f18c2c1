#include "app/quality/limits.h"

#include "app/audit/audit.h"
#include "app/quality/access.h"
#include "app/quality/catalogue.h"
#include "app/quality/judgement.h"
#include "core/time.h"

namespace lifeline::app::quality {

using store::Tx;
using store::TxMode;

namespace {

Result<std::vector<InternalLimit>> load(Tx& tx, int64_t utility_id) {
  LL_TRY(auto rows, tx.query("SELECT indicator, point_type, min_value, max_value, note, updated_by_name, updated_at"
                             " FROM quality_internal_limits WHERE utility_id = ? ORDER BY indicator, point_type",
                             {utility_id}));
  std::vector<InternalLimit> out;
  for (const auto& r : rows) {
    InternalLimit l;
    l.indicator = r.text(0);
    l.point_type = r.text(1);
    if (!r.is_null(2)) l.min = r.real(2);
    if (!r.is_null(3)) l.max = r.real(3);
    l.note = r.text(4);
    l.updated_by_name = r.text(5);
    l.updated_at = from_millis(r.integer(6));
    out.push_back(std::move(l));
  }
  return out;
}

Result<Unit> utility_for(Tx& tx, const Actor& actor, std::optional<int64_t> org) {
  LL_TRY(auto unit, unit_for_query(tx, actor, org, "org"));
  auto utility = utility_of(tx, unit.path);
  if (!utility) return Error::invalid("org", "internal limits belong to a utility");
  return *utility;
}

}  // namespace

nlohmann::json to_json(const InternalLimit& l) {
  const Indicator* ind = find_indicator(l.indicator);
  return {{"indicator", l.indicator},
          {"name_zh", ind ? std::string(ind->name_zh) : l.indicator},
          {"unit", ind ? std::string(ind->unit) : ""},
          {"national", ind ? limit_json(*ind) : nlohmann::json()},
          {"point_type", l.point_type},
          {"min", l.min ? nlohmann::json(*l.min) : nlohmann::json()},
          {"max", l.max ? nlohmann::json(*l.max) : nlohmann::json()},
          {"note", l.note},
          {"updated_by_name", l.updated_by_name},
          {"updated_at", format_instant(l.updated_at)}};
}

Result<std::vector<InternalLimit>> InternalLimits::list(const Actor& actor, std::optional<int64_t> org) {
  if (!actor.can(Permission::quality_read)) return Error::forbidden();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::vector<InternalLimit>> {
    LL_TRY(auto utility, utility_for(tx, actor, org));
    return load(tx, utility.id);
  });
}

Result<std::vector<InternalLimit>> InternalLimits::set(const Actor& actor, std::optional<int64_t> org,
                                                       const InternalLimit& l) {
  if (!actor.can(Permission::quality_manage)) return Error::forbidden();
  const Indicator* ind = find_indicator(l.indicator);
  std::vector<FieldError> errors;
  if (!ind) errors.push_back({"indicator", "unknown indicator '" + l.indicator + "'"});
  if (!l.point_type.empty() && !is_point_type(l.point_type))
    errors.push_back({"point_type", "must be empty (every type) or a point type"});
  if (l.min && l.max && *l.min > *l.max) errors.push_back({"min", "must not be above max"});
  if (ind) {
    for (const auto& [v, name] : {std::pair{l.min, "min"}, std::pair{l.max, "max"}})
      if (v && (*v < ind->physical_min || *v > ind->physical_max))
        errors.push_back({name, "outside the physical range of the indicator"});
    // Internal limits are stricter than the national ones, never looser.
    if (l.max && ind->limit.kind == LimitKind::max && *l.max > ind->limit.max && !ind->disinfectant)
      errors.push_back({"max", "an internal limit is stricter than the national one"});
  }
  if (!errors.empty()) return Error::invalid(std::move(errors));
  const Instant now = rt_.clock.now();
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<std::vector<InternalLimit>> {
    LL_TRY(auto utility, utility_for(tx, actor, org));
    if (!actor.sees(utility.path)) return Error::forbidden("internal limits are set at the utility");
    if (!l.min && !l.max) {
      LL_CHECK(tx.execute("DELETE FROM quality_internal_limits WHERE utility_id = ? AND indicator = ? AND point_type = ?",
                          {utility.id, l.indicator, l.point_type}));
    } else {
      LL_CHECK(tx.execute("INSERT INTO quality_internal_limits (utility_id, indicator, point_type, min_value, max_value,"
                          " note, updated_by_name, updated_at) VALUES (?,?,?,?,?,?,?,?)"
                          " ON CONFLICT (utility_id, indicator, point_type) DO UPDATE SET min_value = excluded.min_value,"
                          " max_value = excluded.max_value, note = excluded.note,"
                          " updated_by_name = excluded.updated_by_name, updated_at = excluded.updated_at",
                          {utility.id, l.indicator, l.point_type, l.min, l.max, l.note, actor.display_name,
                           to_millis(now)}));
    }
    LL_CHECK(audit::record(tx, actor, now,
                           {"quality.internal_limit.set", "quality_internal_limit", l.indicator, utility.id,
                            utility.path, nullptr,
                            {{"indicator", l.indicator}, {"point_type", l.point_type},
                             {"min", l.min ? nlohmann::json(*l.min) : nlohmann::json()},
                             {"max", l.max ? nlohmann::json(*l.max) : nlohmann::json()}}}));
    return load(tx, utility.id);
  });
}

}  // namespace lifeline::app::quality
