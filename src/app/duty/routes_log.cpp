// /api/v1/duty/log and /handovers: the duty log and the hand-over.
#include "app/duty/module.h"
#include "app/duty/route_helpers.h"

namespace lifeline::app::duty {

using http::Request;
using http::Response;
using namespace routes;

namespace {

Result<LogQuery> log_query(const Request& req) {
  LogQuery q;
  LL_TRY(q.org, api::query_int(req, "org"));
  LL_TRY(q.post, api::query_int(req, "post"));
  q.from = param(req, "from").value_or("");
  q.to = param(req, "to").value_or("");
  if (auto date = param(req, "date")) q.from = q.to = *date;
  return q;
}

}  // namespace

void add_log_routes(http::Router& router, const api::Gate& gate, Module& m) {
  router.add("GET", "/api/v1/duty/log",
             gate(Permission::duty_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto q, log_query(req));
               LL_TRY(auto list, m.log.entries(actor, q));
               nlohmann::json out = nlohmann::json::array();
               for (const auto& e : list) out.push_back(to_json(e));
               return api::json(200, {{"items", out}});
             }));

  router.add("POST", "/api/v1/duty/log",
             gate(Permission::duty_self, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto retry, retry_of(req));
               LL_TRY(auto b, body(req));
               JsonInput in(b);
               NewLogEntry e;
               auto post = in.integer("post_id", true, 1);
               e.at = in.instant("at", false);
               auto kind = in.choice("kind", {"call_received", "instruction_received", "instruction_issued", "event",
                                              "patrol", "other"});
               auto text = in.text("text", {.max_len = 4000});
               e.incident_id = in.integer("incident_id", false, 1);
               e.hotline_call_id = in.integer("hotline_call_id", false, 1);
               e.report_submission_id = in.integer("report_submission_id", false, 1);
               e.corrects_id = in.integer("corrects", false, 1);
               LL_CHECK(in.finish());
               e.post_id = *post;
               e.kind = *kind;
               e.text = *text;
               LL_TRY(auto a, m.log.append(actor, e, retry));
               return answer(req, a);
             }));

  router.add("GET", "/api/v1/duty/handovers",
             gate(Permission::duty_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto q, log_query(req));
               LL_TRY(auto list, m.log.handovers(actor, q, param(req, "state")));
               nlohmann::json out = nlohmann::json::array();
               for (const auto& h : list) out.push_back(to_json(h));
               return api::json(200, {{"items", out}});
             }));

  router.add("POST", "/api/v1/duty/handovers",
             gate(Permission::duty_self, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto retry, retry_of(req));
               LL_TRY(auto b, body(req));
               JsonInput in(b);
               NewHandover h;
               auto post = in.integer("post_id", true, 1);
               auto note = in.text("note", {.max_len = 4000});
               if (const auto* items = in.raw("open_items", false)) {
                 if (!items->is_array() || items->size() > 50) {
                   in.fail("open_items", "must be a list of at most 50 texts");
                 } else {
                   for (size_t i = 0; i < items->size(); ++i) {
                     const auto& item = (*items)[i];
                     if (!item.is_string() || item.get_ref<const std::string&>().size() > 500)
                       in.fail("open_items/" + std::to_string(i), "must be a text of at most 500 bytes");
                     else
                       h.open_items.push_back(item.get<std::string>());
                   }
                 }
               }
               LL_CHECK(in.finish());
               h.post_id = *post;
               h.note = *note;
               LL_TRY(auto a, m.log.hand_over(actor, h, retry));
               return answer(req, a);
             }));

  router.add("POST", "/api/v1/duty/handovers/{id}/acknowledge",
             gate(Permission::duty_self, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto retry, retry_of(req));
               std::optional<std::string> note;
               if (!req.body.empty()) {
                 LL_TRY(auto b, body(req));
                 JsonInput in(b);
                 note = in.text("note", {.required = false, .max_len = 1000});
                 LL_CHECK(in.finish());
               }
               LL_TRY(auto a, m.log.acknowledge(actor, id, note, retry));
               return answer(req, a);
             }));
}

}  // namespace lifeline::app::duty
