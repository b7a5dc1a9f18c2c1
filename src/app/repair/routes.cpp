#include "app/repair/module.h"

namespace lifeline::app::repair {

void add_routes(http::Router&, const api::Gate&, Module&) {}

}  // namespace lifeline::app::repair
