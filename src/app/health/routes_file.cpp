// /api/v1/health/people/{id}/file, /api/v1/health/people/{id}/notes, /api/v1/health/me
#include "app/health/module.h"
#include "app/health/staff_repo.h"
#include "core/json_input.h"

namespace lifeline::app::health {

using http::Request;
using http::Response;

void add_file_routes(http::Router& router, const api::Gate& gate, Module& m) {
  Files& files = m.files;

  router.add("GET", "/api/v1/health/people/{id}/file",
             gate(std::nullopt, [&files](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               FileRange range;
               range.from = req.query_param("from");
               range.to = req.query_param("to");
               if (range.from && range.from->empty()) range.from.reset();
               if (range.to && range.to->empty()) range.to.reset();
               LL_TRY(auto file, files.file(actor, id, range));
               return api::json(200, file);
             }));

  router.add("POST", "/api/v1/health/people/{id}/notes",
             gate(Permission::health_manage, [&files](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto body, api::json_body(req));
               JsonInput in(body);
               auto text = in.text("text", {.max_len = 2000});
               LL_CHECK(in.finish());
               LL_TRY(auto note, files.add_note(actor, id, *text));
               return api::json(201, to_json(note));
             }));

  router.add("GET", "/api/v1/health/me",
             gate(std::nullopt, [&files](Request&, const Actor& actor) -> Result<Response> {
               LL_TRY(auto me, files.me(actor));
               return api::json(200, staff_repo::to_json(me, true));
             }));
}

}  // namespace lifeline::app::health
