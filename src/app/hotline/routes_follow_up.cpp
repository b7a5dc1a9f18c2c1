// /api/v1/hotline/calls/{id}/follow-up: the call-back after closure (回访).
#include "app/hotline/module.h"
#include "core/json_input.h"

namespace lifeline::app::hotline {

using http::Request;
using http::Response;

void add_follow_up_routes(http::Router& router, const api::Gate& gate, Module& m) {
  router.add("POST", "/api/v1/hotline/calls/{id}/follow-up",
             gate(Permission::hotline_take, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto body, api::json_body(req));
               JsonInput in(body);
               auto satisfaction = in.integer("satisfaction", true, 1, 5);
               auto note = in.text("note", {.required = false, .max_len = 1000});
               LL_CHECK(in.finish());
               LL_TRY(auto c, m.follow_ups.record(actor, id, {*satisfaction, note.value_or("")}));
               LL_TRY(auto j, call_json(m, actor, c));
               return api::json(200, j);
             }));
}

}  // namespace lifeline::app::hotline
