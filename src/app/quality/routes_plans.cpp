// /api/v1/quality/plans (with the regime in force, its history and the
// coverage check), the defaults, the population served and internal limits.
#include "app/quality/module.h"
#include "core/json_input.h"

namespace lifeline::app::quality {

using http::Request;
using http::Response;

namespace {

Result<PlanFields> read_plan(const nlohmann::json& body, bool creating) {
  LL_CHECK(refuse_nul(body));
  JsonInput in(body);
  PlanFields f;
  f.point_type =
      in.choice("point_type", {"raw", "process", "outlet", "network", "network_end", "secondary", "customer"}, creating);
  f.regime = in.choice("regime", {"always", "normal", "raised"}, false);
  f.level = in.choice("level", {"shift", "plant", "centre"}, creating);
  f.name = in.text("name", {.required = creating, .max_len = 100});
  f.frequency = in.choice("frequency", {"hours", "daily", "weekly", "twice_monthly", "monthly", "half_yearly"}, creating);
  if (const auto* list = in.raw("indicators", creating)) {
    if (!list->is_array()) {
      in.fail("indicators", "must be an array of indicator codes");
    } else if (list->size() > 200) {
      in.fail("indicators", "at most 200 indicators");
    } else {
      std::vector<std::string> codes;
      for (size_t i = 0; i < list->size(); ++i) {
        if (!(*list)[i].is_string()) in.fail("indicators/" + std::to_string(i), "must be an indicator code");
        else codes.push_back((*list)[i].get<std::string>());
      }
      f.indicators = codes;
    }
  }
  if (in.has("every_hours")) {
    if (in.is_null("every_hours")) {
      in.raw("every_hours", false);
      f.every_hours = std::optional<int64_t>();
    } else if (auto v = in.integer("every_hours", false, INT32_MIN, INT32_MAX)) {
      f.every_hours = std::optional<int64_t>(*v);
    }
  }
  f.due_hour = in.integer("due_hour", false, INT32_MIN, INT32_MAX);
  if (in.has("min_residual")) {
    if (in.is_null("min_residual")) {
      in.raw("min_residual", false);
      f.min_residual = std::optional<double>();
    } else if (auto v = in.number("min_residual", false)) {
      f.min_residual = std::optional<double>(*v);
    }
  }
  f.active = in.boolean("active", false);
  LL_CHECK(in.finish());
  return f;
}

nlohmann::json book_json(const PlanBook& b) {
  nlohmann::json plans = nlohmann::json::array();
  for (const auto& p : b.plans) plans.push_back(to_json(p));
  nlohmann::json history = nlohmann::json::array();
  for (const auto& h : b.history)
    history.push_back({{"regime", h.regime}, {"from", h.from}, {"to", h.to}, {"level", h.level},
                       {"emergency_id", h.emergency_id ? nlohmann::json(*h.emergency_id) : nlohmann::json()}});
  return {{"utility", {{"id", b.utility.id}, {"name", b.utility.name}}},
          {"items", plans},
          {"regime", to_json(b.regime)},
          {"history", history},
          {"coverage", to_json(b.coverage)}};
}

}  // namespace

void add_plan_routes(http::Router& router, const api::Gate& gate, Module& m) {
  router.add("GET", "/api/v1/quality/plans",
             gate(Permission::quality_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto org, api::query_int(req, "org"));
               LL_TRY(auto book, m.plans.list(actor, org));
               return api::json(200, book_json(book));
             }));

  router.add("POST", "/api/v1/quality/plans",
             gate(Permission::quality_manage, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto org, api::query_int(req, "org"));
               LL_TRY(auto body, api::json_body(req));
               LL_TRY(auto f, read_plan(body, true));
               LL_TRY(auto p, m.plans.create(actor, org, f));
               return api::json(201, to_json(p));
             }));

  router.add("PATCH", "/api/v1/quality/plans/{id}",
             gate(Permission::quality_manage, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto body, api::json_body(req));
               LL_TRY(auto f, read_plan(body, false));
               LL_TRY(auto p, m.plans.update(actor, id, f, std::nullopt));
               return api::json(200, to_json(p));
             }));

  router.add("POST", "/api/v1/quality/plans/defaults",
             gate(Permission::quality_manage, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto org, api::query_int(req, "org"));
               LL_TRY(auto plans, m.plans.install_defaults(actor, org));
               nlohmann::json items = nlohmann::json::array();
               for (const auto& p : plans) items.push_back(to_json(p));
               return api::json(201, {{"items", items}});
             }));

  router.add("PUT", "/api/v1/quality/settings",
             gate(Permission::quality_manage, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto org, api::query_int(req, "org"));
               LL_TRY(auto body, api::json_body(req));
               JsonInput in(body);
               auto population = in.integer("population_served", true, INT64_MIN, INT64_MAX);
               LL_CHECK(in.finish());
               LL_TRY(auto c, m.plans.set_population(actor, org, *population));
               return api::json(200, {{"coverage", to_json(c)}});
             }));

  router.add("GET", "/api/v1/quality/internal-limits",
             gate(Permission::quality_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto org, api::query_int(req, "org"));
               LL_TRY(auto limits, m.limits.list(actor, org));
               nlohmann::json items = nlohmann::json::array();
               for (const auto& l : limits) items.push_back(to_json(l));
               return api::json(200, {{"items", items}});
             }));

  router.add("PUT", "/api/v1/quality/internal-limits",
             gate(Permission::quality_manage, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto org, api::query_int(req, "org"));
               LL_TRY(auto body, api::json_body(req));
               LL_CHECK(refuse_nul(body));
               JsonInput in(body);
               InternalLimit l;
               auto indicator = in.text("indicator", {.max_len = 64});
               auto type = in.text("point_type", {.required = false, .max_len = 20});
               l.min = in.number("min", false);
               l.max = in.number("max", false);
               auto note = in.text("note", {.required = false, .max_len = 500});
               LL_CHECK(in.finish());
               l.indicator = *indicator;
               l.point_type = type.value_or("");
               l.note = note.value_or("");
               LL_TRY(auto limits, m.limits.set(actor, org, l));
               nlohmann::json items = nlohmann::json::array();
               for (const auto& x : limits) items.push_back(to_json(x));
               return api::json(200, {{"items", items}});
             }));
}

}  // namespace lifeline::app::quality
