#include "app/repair/sla.h"

#include <chrono>
#include <cmath>

#include "app/audit/audit.h"
#include "app/repair/access.h"
#include "core/json_input.h"
#include "core/time.h"

namespace lifeline::app::repair {

using nlohmann::json;

SlaSettings default_sla() {
  SlaSettings s;
  s.levels[0] = {5, false, 30, 50, 240, 1440};
  s.levels[1] = {10, false, 60, 90, 480, 2880};
  s.levels[2] = {std::nullopt, true, std::nullopt, std::nullopt, std::nullopt, 4320};
  return s;
}

namespace {

json opt(const std::optional<int64_t>& v) { return v ? json(*v) : json(); }

constexpr int64_t kMaxMinutes = 60 * 24 * 30;

// True when the clock `name` is done by a change to `to`.
bool completes(const std::string& name, const std::string& to) {
  if (name == "respond") return to == "dispatched" || to == "accepted";
  if (name == "on_site") return to == "on_site";
  if (name == "isolated") return to == "isolated" || to == "under_pressure";
  if (name == "repaired") return to == "repaired";
  return false;
}

int rank(const std::string& state) {
  if (state == "breached") return 4;
  if (state == "missed") return 3;
  if (state == "warning") return 2;
  if (state == "pending") return 1;
  return 0;
}

}  // namespace

json to_json(const SlaSettings& s) {
  json levels = json::array();
  for (size_t i = 0; i < s.levels.size(); ++i) {
    const auto& l = s.levels[i];
    levels.push_back({{"level", i + 1},
                      {"respond_min", opt(l.respond_min)},
                      {"respond_same_day", l.respond_same_day},
                      {"on_site_min", {{"urban", opt(l.on_site_urban_min)}, {"suburban", opt(l.on_site_suburban_min)}}},
                      {"isolated_min", opt(l.isolated_min)},
                      {"repaired_min", opt(l.repaired_min)}});
  }
  return {{"warning_fraction", s.warning_fraction}, {"levels", levels}};
}

Result<SlaSettings> parse_sla(const json& body) {
  SlaSettings s;
  JsonInput in(body);
  auto fraction = in.number("warning_fraction", false);
  const json* levels = in.raw("levels");
  std::vector<FieldError> errors;
  if (fraction) {
    if (!(*fraction > 0 && *fraction < 1)) errors.push_back({"warning_fraction", "must be between 0 and 1"});
    else s.warning_fraction = *fraction;
  }
  if (levels && (!levels->is_array() || levels->size() != 3)) {
    errors.push_back({"levels", "must be an array of the three levels, level 1 first"});
  } else if (levels) {
    for (size_t i = 0; i < 3; ++i) {
      const std::string prefix = "levels/" + std::to_string(i) + "/";
      JsonInput li((*levels)[i], prefix);
      auto minutes = [&](JsonInput& from, const char* name) -> std::optional<int64_t> {
        if (!from.has(name) || from.is_null(name)) {
          from.raw(name, false);
          return std::nullopt;
        }
        return from.integer(name, false, 1, kMaxMinutes);
      };
      LevelClocks& l = s.levels[i];
      auto level = li.integer("level", false, 1, 3);
      if (level && *level != static_cast<int64_t>(i + 1)) li.fail("level", "levels must be in order 1, 2, 3");
      l.respond_min = minutes(li, "respond_min");
      l.respond_same_day = li.boolean("respond_same_day", false).value_or(false);
      const json* on_site = li.raw("on_site_min", false);
      if (on_site && !on_site->is_null()) {
        JsonInput oi(*on_site, prefix + "on_site_min/");
        l.on_site_urban_min = minutes(oi, "urban");
        l.on_site_suburban_min = minutes(oi, "suburban");
        if (auto st = oi.finish(); !st)
          for (auto& f : st.error().fields) errors.push_back(f);
      }
      l.isolated_min = minutes(li, "isolated_min");
      l.repaired_min = minutes(li, "repaired_min");
      if (l.respond_min && l.respond_same_day) li.fail("respond_same_day", "give respond_min or respond_same_day, not both");
      if (auto st = li.finish(); !st)
        for (auto& f : st.error().fields) errors.push_back(f);
    }
  }
  if (auto st = in.finish(); !st)
    for (auto& f : st.error().fields) errors.push_back(f);
  if (!errors.empty()) return Error::invalid(std::move(errors));
  return s;
}

Result<SlaSettings> load_sla(store::Tx& tx, int64_t utility_id) {
  LL_TRY(auto row, tx.query_one("SELECT settings FROM repair_sla_settings WHERE utility_id = ?", {utility_id}));
  if (!row) return default_sla();
  auto parsed = json::parse(row->text(0), nullptr, false);
  if (parsed.is_discarded()) return Error::internal("stored SLA settings are not JSON");
  return parse_sla(parsed);
}

Status save_sla(store::Tx& tx, int64_t utility_id, const SlaSettings& s, Instant now) {
  return tx.execute("INSERT INTO repair_sla_settings (utility_id, settings, updated_at) VALUES (?,?,?)"
                    " ON CONFLICT (utility_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at",
                    {utility_id, to_json(s).dump(), to_millis(now)});
}

json fix_deadlines(const SlaSettings& s, int64_t priority, const std::string& area, Instant reported_at, double factor,
                   const LocalTime& local) {
  const LevelClocks& l = s.levels[static_cast<size_t>(std::clamp<int64_t>(priority, 1, 3) - 1)];
  const int64_t start = to_millis(reported_at);
  json clocks = json::array();
  auto add = [&](const char* name, int64_t span_ms) {
    const auto scaled = static_cast<int64_t>(std::llround(static_cast<double>(span_ms) * factor));
    clocks.push_back({{"name", name}, {"start", start}, {"due", start + scaled}});
  };
  constexpr int64_t kMinute = 60 * 1000;
  if (l.respond_min) add("respond", *l.respond_min * kMinute);
  else if (l.respond_same_day)
    add("respond", to_millis(local.start_of(add_days(local.date(reported_at), 1))) - start);
  auto on_site = area == "suburban" ? l.on_site_suburban_min : l.on_site_urban_min;
  if (on_site) add("on_site", *on_site * kMinute);
  if (l.isolated_min) add("isolated", *l.isolated_min * kMinute);
  if (l.repaired_min) add("repaired", *l.repaired_min * kMinute);
  return {{"factor", factor}, {"warning_fraction", s.warning_fraction}, {"clocks", clocks}};
}

json evaluate(const json& stored, const std::vector<Step>& steps, Instant now, std::optional<Instant> ended_at) {
  const double fraction = stored.value("warning_fraction", 0.8);
  const int64_t at = to_millis(ended_at ? std::min(*ended_at, now) : now);
  json clocks = json::array();
  std::string worst = "met";
  for (const auto& c : stored.value("clocks", json::array())) {
    const std::string name = c.value("name", "");
    const int64_t start = c.value("start", int64_t{0}), due = c.value("due", int64_t{0});
    std::optional<int64_t> done;
    for (const auto& s : steps)
      if (completes(name, s.to)) {
        done = to_millis(s.at);
        break;
      }
    std::string state;
    if (done) state = *done <= due ? "met" : "missed";
    else if (at > due) state = ended_at ? "missed" : "breached";
    else if (!ended_at && static_cast<double>(at - start) >= fraction * static_cast<double>(due - start)) state = "warning";
    else state = "pending";
    if (rank(state) > rank(worst)) worst = state;
    clocks.push_back({{"name", name},
                      {"due_at", format_instant(from_millis(due))},
                      {"done_at", done ? json(format_instant(from_millis(*done))) : json()},
                      {"state", state}});
  }
  return {{"clocks", clocks}, {"state", worst}, {"factor", stored.value("factor", 1.0)}};
}

Result<json> Sla::get(const Actor& actor, std::optional<int64_t> org) {
  return rt_.db.transact(store::TxMode::read, [&](store::Tx& tx) -> Result<json> {
    LL_TRY(auto unit, list_scope(tx, actor, org));
    LL_TRY(auto utility, utility_of(tx, unit.path, "org"));
    LL_TRY(auto s, load_sla(tx, utility.id));
    json out = to_json(s);
    out["org_id"] = utility.id;
    out["org_name"] = utility.name;
    return out;
  });
}

Result<json> Sla::put(const Actor& actor, std::optional<int64_t> org, const SlaSettings& s) {
  if (!actor.can(Permission::repair_dispatch)) return Error::forbidden("SLA clocks are set with repair.dispatch");
  const auto now = rt_.clock.now();
  return rt_.db.transact(store::TxMode::write, [&](store::Tx& tx) -> Result<json> {
    LL_TRY(auto unit, list_scope(tx, actor, org));
    LL_TRY(auto utility, utility_of(tx, unit.path, "org"));
    if (!actor.sees(utility.path)) return Error::forbidden("only the utility's own staff may set its SLA clocks");
    LL_TRY(auto before, load_sla(tx, utility.id));
    LL_CHECK(save_sla(tx, utility.id, s, now));
    LL_CHECK(audit::record(tx, actor, now,
                           {"repair.sla.update", "repair_sla", std::to_string(utility.id), utility.id, utility.path,
                            to_json(before), to_json(s)}));
    json out = to_json(s);
    out["org_id"] = utility.id;
    out["org_name"] = utility.name;
    return out;
  });
}

}  // namespace lifeline::app::repair
