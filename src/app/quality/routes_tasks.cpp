// /api/v1/quality/tasks: a day's tasks by state, one task, ad-hoc tasks and
// cancelling one.
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

}  // namespace

void add_task_routes(http::Router& router, const api::Gate& gate, Module& m) {
  router.add("GET", "/api/v1/quality/tasks",
             gate(Permission::quality_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               TaskFilter f;
               LL_TRY(f.org, api::query_int(req, "org"));
               LL_TRY(f.point, api::query_int(req, "point"));
               f.date = param(req, "date");
               f.state = param(req, "state");
               f.kind = param(req, "kind");
               LL_TRY(auto list, m.tasks.list(actor, f));
               nlohmann::json items = nlohmann::json::array();
               for (const auto& t : list.items) items.push_back(to_json(t));
               return api::json(200, {{"date", list.date},
                                      {"items", items},
                                      {"counts",
                                       {{"open", list.open},
                                        {"done", list.done},
                                        {"overdue", list.overdue},
                                        {"cancelled", list.cancelled},
                                        {"total", list.open + list.done + list.cancelled}}}});
             }));

  router.add("GET", "/api/v1/quality/tasks/{id}",
             gate(Permission::quality_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto t, m.tasks.get(actor, id));
               return api::json(200, to_json(t));
             }));

  router.add("POST", "/api/v1/quality/tasks",
             gate(Permission::quality_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto body, api::json_body(req));
               LL_CHECK(refuse_nul(body));
               JsonInput in(body);
               AdHocTask t;
               auto point = in.integer("point_id", true, 1);
               if (const auto* list = in.raw("indicators", true)) {
                 if (!list->is_array() || list->size() > 200) in.fail("indicators", "must be an array of indicator codes");
                 else
                   for (size_t i = 0; i < list->size(); ++i) {
                     if (!(*list)[i].is_string()) in.fail("indicators/" + std::to_string(i), "must be an indicator code");
                     else t.indicators.push_back((*list)[i].get<std::string>());
                   }
               }
               t.level = in.choice("level", {"shift", "plant", "centre"}, false);
               t.due_at = in.instant("due_at", false);
               auto origin = in.choice("origin_type", {"hotline_call", "incident", "manual"}, false);
               t.origin_id = in.integer("origin_id", false, 1);
               auto note = in.text("note", {.required = false, .max_len = 500});
               LL_CHECK(in.finish());
               t.point_id = *point;
               t.origin_type = origin.value_or("manual");
               t.note = note.value_or("");
               LL_TRY(auto created, m.tasks.create_adhoc(actor, t));
               return api::json(201, to_json(created));
             }));

  router.add("POST", "/api/v1/quality/tasks/{id}/cancel",
             gate(Permission::quality_manage, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto body, api::json_body(req));
               LL_CHECK(refuse_nul(body));
               JsonInput in(body);
               auto reason = in.text("reason", {.max_len = 500});
               LL_CHECK(in.finish());
               LL_CHECK(m.tasks.cancel(actor, id, *reason));
               LL_TRY(auto t, m.tasks.get(actor, id));
               return api::json(200, to_json(t));
             }));
}

}  // namespace lifeline::app::quality
