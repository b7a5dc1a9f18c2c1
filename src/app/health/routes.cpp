#include "app/health/module.h"

namespace lifeline::app::health {

void add_routes(http::Router& router, const api::Gate& gate, Module& m) {
  add_register_routes(router, gate, m);
  add_checkin_routes(router, gate, m);
  add_census_routes(router, gate, m);
  add_case_routes(router, gate, m);
  add_outing_routes(router, gate, m);
  add_entrance_routes(router, gate, m);
  add_file_routes(router, gate, m);
}

}  // namespace lifeline::app::health
