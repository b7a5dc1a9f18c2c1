// /api/v1/duty/posts, /rosters and /overrides: what the schedule is made of.
#include "app/duty/access.h"
#include "app/duty/module.h"
#include "app/duty/route_helpers.h"
#include "app/duty/civil_time.h"

namespace lifeline::app::duty {

using http::Request;
using http::Response;
using namespace routes;

namespace {

nlohmann::json items(const auto& list) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& x : list) out.push_back(to_json(x));
  return {{"items", out}};
}

PostInput read_post(JsonInput& in, bool creating) {
  PostInput p;
  if (creating) p.org_id = in.integer("org_id", false, 1);
  p.name = in.text("name", {.required = creating, .max_len = 100});
  p.kind = in.choice("kind", {"dispatch", "leader", "plant_shift", "control_room", "hotline", "drainage_patrol", "other"},
                     creating);
  for (auto [name, field, len] : {std::tuple{"phone", &p.phone, 40}, {"radio_channel", &p.radio_channel, 40},
                                  {"location", &p.location, 200}})
    if (in.has(name)) *field = in.nullable_text(name, {.required = false, .max_len = static_cast<size_t>(len)});
  p.red_phone = in.boolean("red_phone", false);
  p.active = in.boolean("active", false);
  if (in.has("coverage")) p.coverage = read_weekly(in, "coverage");
  if (auto m = in.integer("min_rest_minutes", false, INT32_MIN, INT32_MAX)) p.min_rest_minutes = static_cast<int>(*m);
  p.sort_order = in.integer("sort_order", false, -1000000, 1000000);
  return p;
}

Result<NewOverride> read_override(JsonInput& in, const Zone& zone) {
  NewOverride o;
  auto post = in.integer("post_id", true, 1);
  auto kind = in.choice("kind", {"cover", "swap"});
  auto from = in.text("from", {.max_len = 40});
  auto until = in.text("until", {.max_len = 40});
  auto person = in.integer("person_id", true, 1);
  o.replaces = in.integer("replaces_person_id", false, 1);
  auto reason = in.text("reason", {.max_len = 500});
  if (from) {
    auto t = parse_time(*from, zone, "from");
    if (t) o.span.from = *t;
    else in.fail("from", t.error().fields.at(0).message);
  }
  if (until) {
    auto t = parse_time(*until, zone, "until");
    if (t) o.span.until = *t;
    else in.fail("until", t.error().fields.at(0).message);
  }
  LL_CHECK(in.finish());
  o.post_id = *post;
  o.kind = *kind;
  o.person = *person;
  o.reason = *reason;
  return o;
}

}  // namespace

void add_routes(http::Router& router, const api::Gate& gate, Module& m) {
  add_roster_routes(router, gate, m);
  add_board_routes(router, gate, m);
  add_presence_routes(router, gate, m);
  add_log_routes(router, gate, m);
  add_feed_routes(router, gate, m);
}

void add_roster_routes(http::Router& router, const api::Gate& gate, Module& m) {
  router.add("GET", "/api/v1/duty/posts",
             gate(Permission::duty_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto org, api::query_int(req, "org"));
               LL_TRY(auto list, m.posts.list(actor, org, param(req, "include_inactive") == "true"));
               return api::json(200, items(list));
             }));

  router.add("POST", "/api/v1/duty/posts",
             gate(Permission::duty_manage, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto b, body(req));
               JsonInput in(b);
               PostInput p = read_post(in, true);
               LL_CHECK(in.finish());
               LL_TRY(auto post, m.posts.create(actor, p));
               return api::json(201, to_json(post));
             }));

  router.add("GET", "/api/v1/duty/people",
             gate(Permission::duty_manage, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto org, api::query_int(req, "org"));
               LL_TRY(auto list, m.posts.people(actor, org, param(req, "q").value_or("")));
               nlohmann::json out = nlohmann::json::array();
               for (const auto& [p, unit] : list) out.push_back({{"id", p.id}, {"name", p.name}, {"org_name", unit}});
               return api::json(200, {{"items", out}});
             }));

  router.add("GET", "/api/v1/duty/posts/{id}",
             gate(Permission::duty_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto post, m.posts.get(actor, id));
               return api::json(200, to_json(post));
             }));

  router.add("PATCH", "/api/v1/duty/posts/{id}",
             gate(Permission::duty_manage, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto version, if_match(req));
               LL_TRY(auto b, body(req));
               JsonInput in(b);
               PostInput p = read_post(in, false);
               LL_CHECK(in.finish());
               LL_TRY(auto post, m.posts.update(actor, id, p, version));
               return api::json(200, to_json(post));
             }));

  router.add("GET", "/api/v1/duty/rosters",
             gate(Permission::duty_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto org, api::query_int(req, "org"));
               LL_TRY(auto post, api::query_int(req, "post"));
               LL_TRY(auto list, m.rosters.list(actor, post, org));
               return api::json(200, items(list));
             }));

  router.add("POST", "/api/v1/duty/rosters",
             gate(Permission::duty_manage, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto b, body(req));
               JsonInput in(b);
               NewRoster r;
               auto post = in.integer("post_id", true, 1);
               auto kind = in.choice("kind", {"normal", "epidemic"});
               r.name = in.text("name", {.required = false, .max_len = 100}).value_or("");
               r.layers = read_layers(in);
               LL_CHECK(in.finish());
               r.post_id = *post;
               r.kind = *kind;
               LL_TRY(auto roster, m.rosters.create(actor, r));
               return api::json(201, to_json(roster));
             }));

  router.add("GET", "/api/v1/duty/rosters/{id}",
             gate(Permission::duty_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto roster, m.rosters.get(actor, id));
               return api::json(200, to_json(roster));
             }));

  router.add("PUT", "/api/v1/duty/rosters/{id}",
             gate(Permission::duty_manage, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto version, if_match(req));
               LL_TRY(auto b, body(req));
               JsonInput in(b);
               RosterChange c;
               c.name = in.text("name", {.required = false, .max_len = 100});
               c.effective_from = in.instant("effective_from", false);
               c.layers = read_layers(in);
               LL_CHECK(in.finish());
               LL_TRY(auto roster, m.rosters.change(actor, id, c, version));
               return api::json(200, to_json(roster));
             }));

  router.add("GET", "/api/v1/duty/overrides",
             gate(Permission::duty_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               OverrideFilter f;
               LL_TRY(f.org, api::query_int(req, "org"));
               LL_TRY(f.post, api::query_int(req, "post"));
               f.state = param(req, "state");
               const Zone zone = zone_of(m.rt);
               if (auto from = param(req, "from")) {
                 LL_TRY(f.from, parse_time(*from, zone, "from"));
               }
               if (auto to = param(req, "to")) {
                 LL_TRY(f.to, parse_time(*to, zone, "to", true));
               }
               LL_TRY(auto list, m.overrides.list(actor, f));
               return api::json(200, items(list));
             }));

  router.add("POST", "/api/v1/duty/overrides",
             gate(Permission::duty_self, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto b, body(req));
               JsonInput in(b);
               LL_TRY(auto o, read_override(in, zone_of(m.rt)));
               LL_TRY(auto made, m.overrides.create(actor, o));
               return api::json(201, to_json(made));
             }));

  for (const char* decision : {"approve", "reject", "cancel"}) {
    router.add("POST", std::string("/api/v1/duty/overrides/{id}/") + decision,
               gate(Permission::duty_self, [&m, decision](Request& req, const Actor& actor) -> Result<Response> {
                 LL_TRY(int64_t id, api::path_id(req));
                 std::optional<std::string> note;
                 if (!req.body.empty()) {
                   LL_TRY(auto b, body(req));
                   JsonInput in(b);
                   note = in.text("note", {.required = false, .max_len = 500});
                   LL_CHECK(in.finish());
                 }
                 LL_TRY(auto o, m.overrides.decide(actor, id, decision, note));
                 return api::json(200, to_json(o));
               }));
  }
}

}  // namespace lifeline::app::duty
