// /api/v1/notify/deliveries...: the delivery log; /api/v1/notify/summary.
#include "app/notify/json.h"
#include "app/notify/module.h"
#include "core/time.h"

namespace lifeline::app::notify {

using http::Request;
using http::Response;
using nlohmann::json;

namespace {

json counts_json(const DeliveryCounts& c) {
  return {{"queued", c.queued}, {"sent", c.sent}, {"failed", c.failed}, {"total", c.total()}};
}

}  // namespace

void add_delivery_routes(http::Router& router, const api::Gate& gate, Module& m) {
  Deliveries& deliveries = m.deliveries;

  router.add("GET", "/api/v1/notify/deliveries",
             gate(Permission::notify_read, [&deliveries](Request& req, const Actor& actor) -> Result<Response> {
               DeliveryFilter f;
               LL_TRY(f.robot, api::query_int(req, "robot"));
               LL_TRY(f.org, api::query_int(req, "org"));
               LL_TRY(f.before_id, api::query_int(req, "cursor"));
               LL_TRY(auto limit, api::query_int(req, "limit"));
               if (limit && (*limit < 1 || *limit > 200)) return Error::invalid("limit", "must be between 1 and 200");
               f.limit = static_cast<int>(limit.value_or(50));
               if (auto state = req.query_param("state"); state && !state->empty()) {
                 f.state = parse_delivery_state(*state);
                 if (!f.state) return Error::invalid("state", "must be queued, sent or failed");
               }
               if (auto event = req.query_param("event"); event && !event->empty()) {
                 if (event->size() > 100) return Error::invalid("event", "must be at most 100 characters");
                 f.event = *event;
               }
               if (auto date = req.query_param("date"); date && !date->empty()) f.from = f.to = *date;
               if (auto from = req.query_param("from"); from && !from->empty()) f.from = *from;
               if (auto to = req.query_param("to"); to && !to->empty()) f.to = *to;
               LL_TRY(auto page, deliveries.list(actor, f));
               json items = json::array();
               for (const auto& d : page.items) items.push_back(delivery_json(d));
               return api::json(200, {{"items", items},
                                      {"total", page.total},
                                      {"next_cursor", page.next_cursor ? json(std::to_string(*page.next_cursor))
                                                                       : json()}});
             }));

  router.add("GET", "/api/v1/notify/deliveries/{id}",
             gate(Permission::notify_read, [&deliveries](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto detail, deliveries.get(actor, id));
               json j = delivery_json(detail.delivery);
               j["text"] = detail.text;
               json attempts = json::array();
               for (const auto& a : detail.attempts) attempts.push_back(attempt_json(a));
               j["attempt_log"] = attempts;
               return api::json(200, j);
             }));

  router.add("GET", "/api/v1/notify/summary",
             gate(Permission::notify_read, [&deliveries](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto org, api::query_int(req, "org"));
               LL_TRY(auto period,
                      summary::parse_period(req.query_param("date"), req.query_param("from"), req.query_param("to")));
               LL_TRY(auto counts, deliveries.counts(actor, org, period));
               json j = counts_json(counts);
               j["org_id"] = org.value_or(actor.org_id);
               j["from"] = period.from;
               j["to"] = period.to;
               return api::json(200, j);
             }));
}

}  // namespace lifeline::app::notify
