#include "app/hotline/module.h"

namespace lifeline::app::hotline {

void add_routes(http::Router&, const api::Gate&, Module&) {}

}  // namespace lifeline::app::hotline
