#include "app/repair/module.h"

namespace lifeline::app::repair {

void add_routes(http::Router& router, const api::Gate& gate, Module& m) {
  add_team_routes(router, gate, m);
  add_incident_routes(router, gate, m);
  add_work_order_routes(router, gate, m);
  add_sla_routes(router, gate, m);
}

}  // namespace lifeline::app::repair
