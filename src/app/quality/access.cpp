#include "app/quality/access.h"

#include <nlohmann/json.hpp>

namespace lifeline::app::quality {

Result<Unit> utility_of(store::Tx& tx, const std::string& path) {
  LL_TRY(auto row, tx.query_one("SELECT id, path, kind, name FROM orgs WHERE kind = 'utility' AND ? LIKE (path || '%')"
                                " ORDER BY LENGTH(path) LIMIT 1",
                                {path}));
  if (!row) return Error::not_found("no utility above this unit");
  return Unit{row->integer(0), row->text(1), row->text(2), row->text(3)};
}

Result<std::optional<Unit>> find_unit(store::Tx& tx, int64_t id) {
  LL_TRY(auto row, tx.query_one("SELECT id, path, kind, name FROM orgs WHERE id = ?", {id}));
  if (!row) return std::optional<Unit>();
  return std::optional<Unit>(Unit{row->integer(0), row->text(1), row->text(2), row->text(3)});
}

Result<Unit> unit_for_query(store::Tx& tx, const Actor& actor, std::optional<int64_t> org, const char* field) {
  auto missing = [&]() {
    Error e = Error::not_found("no such org unit in your scope");
    e.fields.push_back({field, "no such org unit in your scope"});
    return e;
  };
  if (!org) {
    auto utility = utility_of(tx, actor.org_path);
    if (utility) return *utility;
    LL_TRY(auto own, find_unit(tx, actor.org_id));
    if (!own) return missing();
    return *own;
  }
  LL_TRY(auto unit, find_unit(tx, *org));
  if (!unit) return missing();
  if (actor.sees(unit->path)) return *unit;
  // A unit above the actor inside the actor's utility (a plant lab asking for its utility).
  if (actor.org_path.starts_with(unit->path)) {
    auto utility = utility_of(tx, actor.org_path);
    if (utility && unit->path.starts_with(utility->path)) return *unit;
  }
  return missing();
}

LocalTime local_time(const Runtime& rt) {
  auto lt = LocalTime::load(rt.config.time_zone);
  if (!lt) lt = LocalTime::load("Asia/Shanghai");
  return *lt;
}

std::string to_json_text(const std::vector<std::string>& v) { return nlohmann::json(v).dump(); }

std::vector<std::string> from_json_text(const std::string& s) {
  auto j = nlohmann::json::parse(s, nullptr, false);
  std::vector<std::string> out;
  if (!j.is_array()) return out;
  for (const auto& e : j)
    if (e.is_string()) out.push_back(e.get<std::string>());
  return out;
}

bool one_of(const std::string& v, std::initializer_list<const char*> allowed) {
  for (const char* a : allowed)
    if (v == a) return true;
  return false;
}

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

}  // namespace lifeline::app::quality
