// /api/v1/teams...
#include "app/repair/module.h"
#include "core/json_input.h"

namespace lifeline::app::repair {

using http::Request;
using http::Response;
using nlohmann::json;

namespace {

// An array of short strings (vehicles, skills); errors name "field/2".
std::optional<std::vector<std::string>> strings(JsonInput& in, const char* name) {
  const json* raw = in.raw(name, false);
  if (!raw) return std::nullopt;
  std::vector<std::string> out;
  if (!raw->is_array()) {
    in.fail(name, "must be an array of texts");
    return out;
  }
  for (size_t i = 0; i < raw->size(); ++i) {
    const auto& v = (*raw)[i];
    if (!v.is_string() || v.get<std::string>().empty() || v.get<std::string>().size() > 100)
      in.fail(std::string(name) + "/" + std::to_string(i), "must be a text of 1 to 100 bytes");
    else
      out.push_back(v.get<std::string>());
  }
  return out;
}

std::optional<std::vector<Member>> members(JsonInput& in) {
  const json* raw = in.raw("members", false);
  if (!raw) return std::nullopt;
  std::vector<Member> out;
  if (!raw->is_array() || raw->size() > 200) {
    in.fail("members", "must be an array of at most 200 members");
    return out;
  }
  for (size_t i = 0; i < raw->size(); ++i) {
    const std::string prefix = "members/" + std::to_string(i) + "/";
    JsonInput mi((*raw)[i], prefix);
    Member m;
    auto name = mi.text("name", {.max_len = 50});
    auto phone = mi.text("phone", {.required = false, .max_len = 20});
    auto skills = strings(mi, "skills");
    m.user_id = mi.integer("user_id", false, 1);
    if (auto st = mi.finish(); !st) {
      for (const auto& f : st.error().fields) in.fail(f.field, f.message);
      continue;
    }
    m.name = *name;
    m.phone = phone;
    if (skills) m.skills = *skills;
    out.push_back(std::move(m));
  }
  return out;
}

Result<std::optional<int64_t>> if_match(const Request& req) {
  std::string v = req.header("if-match");
  if (v.empty() || v == "*") return std::optional<int64_t>();
  if (v.starts_with("W/")) v = v.substr(2);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  try {
    size_t used = 0;
    int64_t n = std::stoll(v, &used);
    if (used == v.size()) return std::optional<int64_t>(n);
  } catch (...) {
  }
  return Error::invalid("If-Match", "must be the version of the team, e.g. \"3\"");
}

}  // namespace

void add_team_routes(http::Router& router, const api::Gate& gate, Module& m) {
  Teams& teams = m.teams;

  router.add("GET", "/api/v1/teams", gate(Permission::supply_read, [&teams](Request& req, const Actor& actor) -> Result<Response> {
               TeamFilter f;
               LL_TRY(f.org, api::query_int(req, "org"));
               f.status = req.query_param("status");
               if (f.status && f.status->empty()) f.status.reset();
               f.kind = req.query_param("kind");
               if (f.kind && f.kind->empty()) f.kind.reset();
               LL_TRY(auto list, teams.list(actor, f));
               return api::json(200, list);
             }));

  router.add("POST", "/api/v1/teams", gate(Permission::supply_manage, [&teams](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto body, api::json_body(req));
               JsonInput in(body);
               NewTeam t;
               auto org = in.integer("org_id", true, 1);
               auto name = in.text("name", {.max_len = 100});
               auto kind = in.choice("kind", {"repair", "commando", "volunteer"});
               auto status = in.choice("status", {"standby", "off"}, false);
               auto base = in.text("base_address", {.required = false, .max_len = 200});
               t.base_x = in.number("base_x", false);
               t.base_y = in.number("base_y", false);
               auto vehicles = strings(in, "vehicles");
               t.leader_user_id = in.integer("leader_user_id", false, 1);
               auto ms = members(in);
               LL_CHECK(in.finish());
               t.org_id = *org;
               t.name = *name;
               t.kind = *kind;
               if (status) t.status = *status;
               if (base) t.base_address = *base;
               if (vehicles) t.vehicles = *vehicles;
               if (ms) t.members = *ms;
               LL_TRY(auto created, teams.create(actor, t));
               return api::json(201, created);
             }));

  router.add("GET", "/api/v1/teams/{id}", gate(Permission::supply_read, [&teams](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto t, teams.get(actor, id));
               return api::json(200, t);
             }));

  router.add("PATCH", "/api/v1/teams/{id}", gate(Permission::supply_manage, [&teams](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto expected, if_match(req));
               LL_TRY(auto body, api::json_body(req));
               JsonInput in(body);
               TeamPatch p;
               p.name = in.text("name", {.required = false, .max_len = 100});
               p.kind = in.choice("kind", {"repair", "commando", "volunteer"}, false);
               p.status = in.choice("status", {"standby", "off"}, false);
               p.base_address = in.text("base_address", {.required = false, .max_len = 200});
               for (auto [field, target] : {std::pair{"base_x", &p.base_x}, std::pair{"base_y", &p.base_y}}) {
                 if (in.is_null(field)) {
                   in.raw(field, false);
                   *target = std::optional<double>();
                 } else if (auto v = in.number(field, false)) {
                   *target = std::optional<double>(*v);
                 }
               }
               p.vehicles = strings(in, "vehicles");
               if (in.is_null("leader_user_id")) {
                 in.raw("leader_user_id", false);
                 p.leader_user_id = std::optional<int64_t>();
               } else if (auto v = in.integer("leader_user_id", false, 1)) {
                 p.leader_user_id = std::optional<int64_t>(*v);
               }
               p.members = members(in);
               LL_CHECK(in.finish());
               LL_TRY(auto t, teams.update(actor, id, p, expected));
               return api::json(200, t);
             }));
}

}  // namespace lifeline::app::repair
