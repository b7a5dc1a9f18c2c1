#include "app/health/module.h"

namespace lifeline::app::health {

void add_file_routes(http::Router&, const api::Gate&, Module&) {}

}  // namespace lifeline::app::health
