// /api/v1/duty/schedule, /problems, /now, /header and a post's regimes:
// the duty as computed on read.
#include "app/duty/module.h"
#include "app/duty/route_helpers.h"
#include "core/time.h"

namespace lifeline::app::duty {

using http::Request;
using http::Response;
using namespace routes;

namespace {

Result<Interval> interval(const Request& req) {
  Interval q;
  LL_TRY(q.org, api::query_int(req, "org"));
  LL_TRY(q.post, api::query_int(req, "post"));
  q.from = param(req, "from").value_or("");
  q.to = param(req, "to").value_or("");
  return q;
}

nlohmann::json segment_json(const Post& post, const Segment& s, const Names& names) {
  std::optional<Person> person;
  if (s.person) {
    auto it = names.people.find(*s.person);
    person = it == names.people.end() ? Person{*s.person, "", std::nullopt, std::nullopt, 0, "", true} : it->second;
  }
  nlohmann::json roster, layer, override_ref;
  if (s.roster_id) {
    auto it = names.rosters.find(s.roster_id);
    roster = {{"id", s.roster_id}, {"kind", s.roster_kind}, {"name", it == names.rosters.end() ? "" : it->second.second}};
  }
  if (s.layer_id) {
    auto it = names.layers.find(s.layer_id);
    layer = {{"id", s.layer_id},
             {"name", it == names.layers.end() ? "" : it->second.first},
             {"level", it == names.layers.end() ? 0 : it->second.second}};
  }
  if (s.override_id) override_ref = {{"id", s.override_id}};
  return {{"post", post_ref(post.id, post.name, post.red_phone)},
          {"person", person_ref(person)},
          {"from", format_instant(s.span.from)},
          {"until", format_instant(s.span.until)},
          {"roster", roster},
          {"layer", layer},
          {"override", override_ref}};
}

nlohmann::json on_duty_json(const OnDuty& d) {
  return {{"post", {{"id", d.post.id}, {"name", d.post.name}, {"red_phone", d.post.red_phone}, {"kind", d.post.kind},
                    {"org_id", d.post.org_id}, {"org_name", d.post.org_name}}},
          {"person", person_ref(d.person)},
          {"phone", d.post.phone ? nlohmann::json(*d.post.phone) : nlohmann::json()},
          {"from", d.span && d.person ? nlohmann::json(format_instant(d.span->from)) : nlohmann::json()},
          {"until", d.span && d.person ? nlohmann::json(format_instant(d.span->until)) : nlohmann::json()},
          {"leader", d.post.leader()}};
}

}  // namespace

void add_board_routes(http::Router& router, const api::Gate& gate, Module& m) {
  router.add("GET", "/api/v1/duty/schedule",
             gate(Permission::duty_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto q, interval(req));
               LL_TRY(auto v, m.board.schedule(actor, q));
               nlohmann::json out = nlohmann::json::array();
               for (size_t i = 0; i < v.posts.size(); ++i)
                 for (const auto& s : v.segments[i]) out.push_back(segment_json(v.posts[i], s, v.names));
               nlohmann::json posts = nlohmann::json::array();
               for (const auto& p : v.posts) posts.push_back(to_json(p));
               return api::json(200, {{"from", format_instant(v.span.from)},
                                      {"to", format_instant(v.span.until)},
                                      {"posts", posts},
                                      {"items", out}});
             }));

  router.add("GET", "/api/v1/duty/problems",
             gate(Permission::duty_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto q, interval(req));
               LL_TRY(auto v, m.board.problems(actor, q));
               std::unordered_map<int64_t, const Post*> posts;
               for (const auto& p : v.posts) posts[p.id] = &p;
               auto who = [&](const std::optional<int64_t>& id) -> nlohmann::json {
                 if (!id) return nullptr;
                 auto it = v.people.find(*id);
                 return {{"id", *id}, {"name", it == v.people.end() ? "" : it->second.name}};
               };
               nlohmann::json out = nlohmann::json::array();
               for (const auto& p : v.problems) {
                 const Post* post = posts.at(p.post);
                 std::string reason = p.reason;
                 if (p.kind == "unfit" && !(p.person && v.health_visible[*p.person])) reason = "health";
                 nlohmann::json j = {{"kind", p.kind},
                                     {"post", post_ref(post->id, post->name, post->red_phone)},
                                     {"person", who(p.person)},
                                     {"from", format_instant(p.span.from)},
                                     {"until", format_instant(p.span.until)},
                                     {"reason", reason},
                                     {"suggestion", who(p.suggestion)}};
                 if (p.other_post) {
                   const Post* other = posts.count(*p.other_post) ? posts.at(*p.other_post) : nullptr;
                   j["other_post"] = other ? post_ref(other->id, other->name, other->red_phone) : nlohmann::json();
                 }
                 if (p.kind == "short_rest") {
                   j["rest_minutes"] = p.rest_minutes;
                   j["min_rest_minutes"] = post->min_rest_minutes;
                 }
                 out.push_back(std::move(j));
               }
               return api::json(200, {{"from", format_instant(v.span.from)},
                                      {"to", format_instant(v.span.until)},
                                      {"items", out}});
             }));

  router.add("GET", "/api/v1/duty/now",
             gate(Permission::duty_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto org, api::query_int(req, "org"));
               LL_TRY(auto list, m.board.now(actor, org));
               nlohmann::json out = nlohmann::json::array();
               for (const auto& d : list) out.push_back(on_duty_json(d));
               return api::json(200, {{"at", format_instant(m.rt.clock.now())}, {"items", out}});
             }));

  router.add("GET", "/api/v1/duty/header",
             gate(Permission::duty_read, [&m](Request&, const Actor& actor) -> Result<Response> {
               LL_TRY(auto v, m.board.header(actor));
               return api::json(200, {{"unit", {{"id", v.unit_id}, {"name", v.unit_name}}},
                                      {"red_phone", v.red_phone ? on_duty_json(*v.red_phone) : nlohmann::json()},
                                      {"leader", v.leader ? on_duty_json(*v.leader) : nlohmann::json()}});
             }));

  router.add("GET", "/api/v1/duty/posts/{id}/regimes",
             gate(Permission::duty_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto list, m.board.regimes(actor, id));
               nlohmann::json out = nlohmann::json::array();
               for (const auto& e : list)
                 out.push_back({{"kind", e.epidemic ? "epidemic" : "normal"},
                                {"roster", e.roster_id ? nlohmann::json{{"id", *e.roster_id}, {"name", e.roster_name}}
                                                       : nlohmann::json()},
                                {"from", format_instant(e.span.from)},
                                {"until", e.span.until == Instant::max() ? nlohmann::json()
                                                                         : nlohmann::json(format_instant(e.span.until))}});
               return api::json(200, {{"items", out}});
             }));
}

}  // namespace lifeline::app::duty
