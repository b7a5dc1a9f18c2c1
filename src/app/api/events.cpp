// GET /api/v1/events: the live feed (Server-Sent Events) of domain events in
// the caller's scope. The dashboard subscribes to it.
#include "app/api/routes.h"
#include "core/time.h"

namespace lifeline::app {

void add_event_routes(http::Router& router, const api::Gate& gate, EventBus& events, const Clock& clock) {
  router.add_stream("/api/v1/events", [&gate, &events, &clock](http::Request& req,
                                                               http::Push push) -> Result<std::shared_ptr<void>> {
    LL_TRY(Actor actor, gate.authenticate(req));
    std::string scope = actor.org_path;
    return events.subscribe([scope, push, &clock](const Event& e) {
      // Events below the caller's unit, and those from above that apply to it
      // (an emergency declared by the association reaches every utility).
      if (!e.scope.starts_with(scope) && !scope.starts_with(e.scope)) return;
      nlohmann::json payload = {
          {"type", e.type}, {"org_id", e.org_id}, {"at", format_instant(clock.now())}, {"data", e.data}};
      push(http::sse_frame(e.type, payload.dump()));
    });
  });
}

}  // namespace lifeline::app
