// GET /api/v1/events: the live feed (Server-Sent Events) of domain events in
// the caller's scope. The dashboard subscribes to it. Streams are capped per
// session, per user and in all (api/stream_limits.h).
#include "app/api/routes.h"
#include "app/api/stream_limits.h"
#include "core/time.h"

namespace lifeline::app {

void add_event_routes(http::Router& router, const api::Gate& gate, EventBus& events, const Clock& clock) {
  const Config& config = gate.config();
  auto limits = std::make_shared<api::StreamLimits>(config.sse_per_session, config.sse_per_user,
                                                    config.sse_max_streams);
  router.add_stream("/api/v1/events", [&gate, &events, &clock, limits](http::Request& req,
                                                                       http::Push push) -> Result<std::shared_ptr<void>> {
    LL_TRY(Actor actor, gate.authenticate(req));
    LL_TRY(auto slot, limits->admit(api::credential_key(req), actor.user_id));
    std::string scope = actor.org_path;
    auto subscription = events.subscribe([scope, push, &clock](const Event& e) {
      // Events below the caller's unit, and those from above that apply to it
      // (an emergency declared by the association reaches every utility).
      if (!e.scope.starts_with(scope) && !scope.starts_with(e.scope)) return;
      nlohmann::json payload = {
          {"type", e.type}, {"org_id", e.org_id}, {"at", format_instant(clock.now())}, {"data", e.data}};
      push(http::sse_frame(e.type, payload.dump()));
    });
    // The stream holds its subscription and its slot; both end with the connection.
    return std::shared_ptr<void>(std::make_shared<std::pair<std::shared_ptr<void>, EventBus::Subscription>>(
        std::move(slot), std::move(subscription)));
  });
}

}  // namespace lifeline::app
