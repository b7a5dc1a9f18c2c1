// /api/v1/health/outings...
#include "app/health/module.h"
#include "core/json_input.h"

namespace lifeline::app::health {

using http::Request;
using http::Response;

namespace {

nlohmann::json list_json(const OutingList& list, Instant now) {
  nlohmann::json items = nlohmann::json::array();
  nlohmann::json by_status = {{"requested", 0}, {"approved", 0}, {"rejected", 0}, {"returned", 0}, {"cancelled", 0}};
  for (const auto& t : list.items) {
    items.push_back(to_json(t, now));
    if (by_status.contains(t.status)) by_status[t.status] = by_status[t.status].get<int64_t>() + 1;
  }
  return {{"items", items},
          {"counts", {{"total", list.items.size()}, {"overdue", list.overdue}, {"by_status", by_status}}}};
}

}  // namespace

void add_outing_routes(http::Router& router, const api::Gate& gate, Module& m) {
  Outings& outings = m.outings;

  router.add("POST", "/api/v1/health/outings",
             gate(Permission::health_self, [&outings](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto body, api::json_body(req));
               JsonInput in(body);
               NewOuting o;
               auto destination = in.text("destination", {.max_len = 200});
               auto purpose = in.text("purpose", {.max_len = 500});
               auto depart = in.instant("depart_at");
               auto back = in.instant("planned_return_at");
               o.staff_id = in.integer("staff_id", false, 1);
               LL_CHECK(in.finish());
               o.destination = *destination;
               o.purpose = *purpose;
               o.depart_at = *depart;
               o.planned_return_at = *back;
               LL_TRY(auto created, outings.request(actor, o));
               return api::json(201, to_json(created, outings.now()));
             }));

  router.add("GET", "/api/v1/health/outings",
             gate(std::nullopt, [&outings](Request& req, const Actor& actor) -> Result<Response> {
               OutingFilter f;
               LL_TRY(f.org, api::query_int(req, "org"));
               f.status = req.query_param("status");
               if (f.status && f.status->empty()) f.status.reset();
               auto overdue = req.query_param("overdue");
               if (overdue && *overdue != "true" && *overdue != "false" && !overdue->empty())
                 return Error::invalid("overdue", "must be true or false");
               f.overdue_only = overdue && *overdue == "true";
               LL_TRY(auto list, outings.list(actor, f));
               return api::json(200, list_json(list, outings.now()));
             }));

  router.add("GET", "/api/v1/health/outings/mine",
             gate(Permission::health_self, [&outings](Request&, const Actor& actor) -> Result<Response> {
               LL_TRY(auto list, outings.mine(actor));
               return api::json(200, list_json(list, outings.now()));
             }));

  for (const char* decision : {"approve", "reject"}) {
    router.add("POST", std::string("/api/v1/health/outings/{id}/") + decision,
               gate(Permission::outings_approve,
                    [&outings, decision = std::string(decision)](Request& req, const Actor& actor) -> Result<Response> {
                      LL_TRY(int64_t id, api::path_id(req));
                      std::optional<std::string> note;
                      if (!req.body.empty()) {
                        LL_TRY(auto body, api::json_body(req));
                        JsonInput in(body);
                        note = in.text("note", {.required = false, .max_len = 500});
                        LL_CHECK(in.finish());
                      }
                      LL_TRY(auto decided, outings.decide(actor, id, decision, note));
                      return api::json(200, to_json(decided, outings.now()));
                    }));
  }

  router.add("POST", "/api/v1/health/outings/{id}/return",
             gate(std::nullopt, [&outings](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               std::optional<Instant> at;
               if (!req.body.empty()) {
                 LL_TRY(auto body, api::json_body(req));
                 JsonInput in(body);
                 at = in.instant("returned_at", false);
                 LL_CHECK(in.finish());
               }
               LL_TRY(auto back, outings.record_return(actor, id, at));
               return api::json(200, to_json(back, outings.now()));
             }));

  router.add("POST", "/api/v1/health/outings/{id}/cancel",
             gate(Permission::health_self, [&outings](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto cancelled, outings.cancel(actor, id));
               return api::json(200, to_json(cancelled, outings.now()));
             }));
}

}  // namespace lifeline::app::health
