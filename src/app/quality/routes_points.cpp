// /api/v1/quality/points: the list (with map positions), one point, creating
// and changing points.
#include "app/quality/module.h"
#include "core/json_input.h"

namespace lifeline::app::quality {

using http::Request;
using http::Response;

namespace {

std::optional<std::string> param(const Request& req, const char* name) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::nullopt;
  return v;
}

Result<PointFields> read_point(const nlohmann::json& body, bool creating) {
  LL_CHECK(refuse_nul(body));
  JsonInput in(body);
  PointFields f;
  f.code = in.text("code", {.required = creating, .max_len = 40});
  f.name = in.text("name", {.required = creating, .max_len = 100});
  f.type = in.choice("type", {"raw", "process", "outlet", "network", "network_end", "secondary", "customer"}, creating);
  f.org_id = in.integer("org_id", false, 1);
  f.plant_id = in.integer("plant_id", false, 1);
  f.network_id = in.integer("network_id", false, 1);
  f.node = in.text("node", {.required = false, .max_len = 64});
  f.customer_id = in.integer("customer_id", false, 1);
  f.address = in.text("address", {.required = false, .max_len = 200});
  f.x = in.number("x", false);
  f.y = in.number("y", false);
  f.population = in.integer("population", false, 0, 100000000);
  f.active = in.boolean("active", false);
  LL_CHECK(in.finish());
  return f;
}

}  // namespace

void add_point_routes(http::Router& router, const api::Gate& gate, Module& m) {
  router.add("GET", "/api/v1/quality/points",
             gate(Permission::quality_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               PointFilter f;
               LL_TRY(f.org, api::query_int(req, "org"));
               LL_TRY(f.customer_id, api::query_int(req, "customer_id"));
               f.type = param(req, "type");
               f.q = param(req, "q");
               f.include_inactive = param(req, "inactive") == "true";
               LL_TRY(auto points, m.points.list(actor, f));
               nlohmann::json items = nlohmann::json::array();
               nlohmann::json counts = nlohmann::json::object();
               for (const auto& p : points) {
                 items.push_back(to_json(p));
                 counts[p.type] = counts.value(p.type, 0) + 1;
               }
               return api::json(200, {{"items", items}, {"counts", counts}});
             }));

  router.add("GET", "/api/v1/quality/points/{id}",
             gate(Permission::quality_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto p, m.points.get(actor, id));
               nlohmann::json j = to_json(p);
               LL_TRY(auto neighbours, m.points.neighbours(actor, p));
               nlohmann::json near = nlohmann::json::array();
               for (const auto& n : neighbours) near.push_back({{"id", n.id}, {"code", n.code}, {"name", n.name}});
               j["neighbours"] = near;
               return api::json(200, j);
             }));

  router.add("POST", "/api/v1/quality/points",
             gate(Permission::quality_manage, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto body, api::json_body(req));
               LL_TRY(auto f, read_point(body, true));
               LL_TRY(auto p, m.points.create(actor, f));
               return api::json(201, to_json(p));
             }));

  router.add("PATCH", "/api/v1/quality/points/{id}",
             gate(Permission::quality_manage, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto body, api::json_body(req));
               LL_TRY(auto f, read_point(body, false));
               std::optional<int64_t> version;
               if (auto v = req.header("If-Match"); !v.empty()) {
                 std::string digits;
                 for (char c : v)
                   if (c >= '0' && c <= '9') digits += c;
                 if (digits.empty() || digits.size() > 15) return Error::invalid("If-Match", "must be the point's version");
                 version = std::stoll(digits);
               }
               LL_TRY(auto p, m.points.update(actor, id, f, version));
               return api::json(200, to_json(p));
             }));
}

}  // namespace lifeline::app::quality
