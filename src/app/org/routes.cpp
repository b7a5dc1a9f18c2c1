// /api/v1/orgs and /api/v1/command-bodies
#include "app/api/routes.h"
#include "app/org/service.h"
#include "core/json_input.h"

namespace lifeline::app {

using http::Request;
using http::Response;

namespace {

Response with_etag(Response res, int64_t version) {
  res.set_header("ETag", "\"" + std::to_string(version) + "\"");
  return res;
}

// If-Match: "3" (or 3); absent means "overwrite whatever is there".
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
  return Error::invalid("If-Match", "must be the ETag of the unit, e.g. \"3\"");
}

Result<org::BodyFields> parse_body_fields(JsonInput& in, bool creating) {
  org::BodyFields f;
  if (in.is_null("parent_id")) {
    in.raw("parent_id", false);
    f.parent_id = std::optional<int64_t>();
  } else if (auto p = in.integer("parent_id", false, 1)) {
    f.parent_id = std::optional<int64_t>(*p);
  }
  f.kind = in.choice("kind", {"hq", "office", "working_group", "supervision_team"}, creating);
  f.name = in.text("name", {.required = creating, .max_len = 100});
  f.leader_name = in.text("leader_name", {.required = creating, .max_len = 50});
  f.leader_title = in.nullable_text("leader_title", {.max_len = 100});
  f.responsibilities = in.nullable_text("responsibilities", {.max_len = 2000});
  f.sort_order = in.integer("sort_order", false, -1000000, 1000000);
  return f;
}

}  // namespace

void add_org_routes(http::Router& router, const api::Gate& gate, org::Service& orgs) {
  router.add("GET", "/api/v1/orgs", gate(Permission::org_read, [&orgs](Request&, const Actor& actor) -> Result<Response> {
    LL_TRY(auto list, orgs.list(actor));
    nlohmann::json items = nlohmann::json::array();
    for (const auto& o : list) items.push_back(org::to_json(o));
    return api::json(200, {{"items", items}});
  }));

  router.add("POST", "/api/v1/orgs",
             gate(Permission::org_write, [&orgs](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto body, api::json_body(req));
               JsonInput in(body);
               org::NewOrg o;
               auto parent = in.integer("parent_id", true, 1);
               auto kind = in.choice("kind", {"utility", "department", "water_plant", "wastewater_plant", "branch",
                                              "team"});
               auto code = in.text("code", {.max_len = 32});
               auto name = in.text("name", {.max_len = 100});
               o.name_en = in.text("name_en", {.required = false, .max_len = 200});
               o.address = in.text("address", {.required = false, .max_len = 300});
               o.phone = in.text("phone", {.required = false, .max_len = 32});
               LL_CHECK(in.finish());
               o.parent_id = *parent;
               o.kind = *kind;
               o.code = *code;
               o.name = *name;
               LL_TRY(auto created, orgs.create(actor, o));
               return with_etag(api::json(201, org::to_json(created)), created.version);
             }));

  router.add("GET", "/api/v1/orgs/{id}",
             gate(Permission::org_read, [&orgs](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto o, orgs.get(actor, id));
               return with_etag(api::json(200, org::to_json(o)), o.version);
             }));

  router.add("PATCH", "/api/v1/orgs/{id}",
             gate(Permission::org_write, [&orgs](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto expected, if_match(req));
               LL_TRY(auto body, api::json_body(req));
               JsonInput in(body);
               org::OrgPatch p;
               p.code = in.text("code", {.required = false, .max_len = 32});
               p.name = in.text("name", {.required = false, .max_len = 100});
               p.name_en = in.nullable_text("name_en", {.max_len = 200});
               p.address = in.nullable_text("address", {.max_len = 300});
               p.phone = in.nullable_text("phone", {.max_len = 32});
               LL_CHECK(in.finish());
               LL_TRY(auto o, orgs.update(actor, id, p, expected));
               return with_etag(api::json(200, org::to_json(o)), o.version);
             }));

  router.add("GET", "/api/v1/orgs/{id}/command",
             gate(Permission::command_read, [&orgs](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto bodies, orgs.command(actor, id));
               nlohmann::json items = nlohmann::json::array();
               for (const auto& b : bodies) items.push_back(org::to_json(b));
               return api::json(200, {{"org_id", id}, {"bodies", items}});
             }));

  router.add("POST", "/api/v1/command-bodies",
             gate(Permission::command_write, [&orgs](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto body, api::json_body(req));
               JsonInput in(body);
               auto org_id = in.integer("org_id", true, 1);
               LL_TRY(auto fields, parse_body_fields(in, true));
               LL_CHECK(in.finish());
               LL_TRY(auto created, orgs.create_body(actor, *org_id, fields));
               return api::json(201, org::to_json(created));
             }));

  router.add("PATCH", "/api/v1/command-bodies/{id}",
             gate(Permission::command_write, [&orgs](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto body, api::json_body(req));
               JsonInput in(body);
               LL_TRY(auto fields, parse_body_fields(in, false));
               LL_CHECK(in.finish());
               LL_TRY(auto updated, orgs.update_body(actor, id, fields));
               return api::json(200, org::to_json(updated));
             }));

  router.add("DELETE", "/api/v1/command-bodies/{id}",
             gate(Permission::command_write, [&orgs](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_CHECK(orgs.delete_body(actor, id));
               return Response::no_content();
             }));

  router.add("POST", "/api/v1/command-bodies/{id}/members",
             gate(Permission::command_write, [&orgs](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto body, api::json_body(req));
               JsonInput in(body);
               org::Member m;
               auto name = in.text("name", {.max_len = 50});
               m.title = in.text("title", {.required = false, .max_len = 100});
               m.phone = in.text("phone", {.required = false, .max_len = 32});
               LL_CHECK(in.finish());
               m.name = *name;
               LL_TRY(auto added, orgs.add_member(actor, id, m));
               return api::json(201, {{"id", added.id}, {"name", added.name}});
             }));

  router.add("DELETE", "/api/v1/command-bodies/{id}/members/{member_id}",
             gate(Permission::command_write, [&orgs](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(int64_t member, api::path_id(req, "member_id"));
               LL_CHECK(orgs.remove_member(actor, id, member));
               return Response::no_content();
             }));

  router.add("PUT", "/api/v1/command-bodies/{id}/supervised",
             gate(Permission::command_write, [&orgs](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto body, api::json_body(req));
               JsonInput in(body);
               auto ids = in.integer_list("org_ids");
               LL_CHECK(in.finish());
               LL_TRY(auto updated, orgs.set_supervised(actor, id, *ids));
               return api::json(200, org::to_json(updated));
             }));
}

}  // namespace lifeline::app
