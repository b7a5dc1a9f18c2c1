// /api/v1/duty/my-shift, /checkins, /spot-checks and /presence: who is at the post.
#include "app/duty/module.h"
#include "app/duty/route_helpers.h"
#include "core/time.h"

namespace lifeline::app::duty {

using http::Request;
using http::Response;
using namespace routes;

void add_presence_routes(http::Router& router, const api::Gate& gate, Module& m) {
  router.add("GET", "/api/v1/duty/my-shift",
             gate(Permission::duty_self, [&m](Request&, const Actor& actor) -> Result<Response> {
               LL_TRY(auto s, m.presence.mine(actor));
               return api::json(200, {{"person", person_ref(s.person)},
                                      {"on_register", s.person.has_value()},
                                      {"post", s.post ? to_json(*s.post) : nlohmann::json()},
                                      {"from", s.shift ? nlohmann::json(format_instant(s.shift->from)) : nlohmann::json()},
                                      {"until", s.shift ? nlohmann::json(format_instant(s.shift->until)) : nlohmann::json()},
                                      {"now", s.now},
                                      {"checkin", s.checkin ? to_json(*s.checkin) : nlohmann::json()}});
             }));

  router.add("POST", "/api/v1/duty/checkins",
             gate(Permission::duty_self, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto retry, retry_of(req));
               std::optional<int64_t> post;
               if (!req.body.empty()) {
                 LL_TRY(auto b, body(req));
                 JsonInput in(b);
                 post = in.integer("post_id", false, 1);
                 LL_CHECK(in.finish());
               }
               LL_TRY(auto a, m.presence.check_in(actor, post, retry));
               return answer(req, a);
             }));

  router.add("POST", "/api/v1/duty/spot-checks",
             gate(std::nullopt, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto b, body(req));
               JsonInput in(b);
               NewSpotCheck s;
               auto post = in.integer("post_id", true, 1);
               s.at = in.instant("at", false);
               auto answered = in.boolean("answered");
               s.answered_by = in.text("answered_by", {.required = false, .max_len = 50});
               s.note = in.text("note", {.required = false, .max_len = 500});
               LL_CHECK(in.finish());
               s.post_id = *post;
               s.answered = *answered;
               LL_TRY(auto made, m.presence.spot_check(actor, s));
               return api::json(201, to_json(made));
             }));

  router.add("GET", "/api/v1/duty/spot-checks",
             gate(Permission::duty_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto org, api::query_int(req, "org"));
               LL_TRY(auto list, m.presence.spot_checks(actor, org, param(req, "from").value_or(""),
                                                        param(req, "to").value_or("")));
               nlohmann::json out = nlohmann::json::array();
               for (const auto& s : list) out.push_back(to_json(s));
               return api::json(200, {{"items", out}});
             }));

  router.add("GET", "/api/v1/duty/presence",
             gate(Permission::duty_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto org, api::query_int(req, "org"));
               LL_TRY(auto list, m.presence.rates(actor, org, param(req, "from").value_or(""),
                                                  param(req, "to").value_or("")));
               nlohmann::json out = nlohmann::json::array();
               auto rate = [](int64_t n, int64_t of) -> nlohmann::json {
                 return of ? nlohmann::json(std::round(1000.0 * static_cast<double>(n) / static_cast<double>(of)) / 10)
                           : nlohmann::json();
               };
               for (const auto& p : list)
                 out.push_back({{"post", post_ref(p.post.id, p.post.name, p.post.red_phone)},
                                {"org_name", p.post.org_name},
                                {"shifts", p.shifts},
                                {"checked_in", p.checked_in},
                                {"late", p.late},
                                {"presence_pct", rate(p.checked_in, p.shifts)},
                                {"spot_checks", p.spot_checks},
                                {"answered", p.answered},
                                {"answered_pct", rate(p.answered, p.spot_checks)}});
               return api::json(200, {{"items", out}});
             }));
}

}  // namespace lifeline::app::duty
