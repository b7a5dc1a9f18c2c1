#include "app/assurance/module.h"

namespace lifeline::app::assurance {

void add_routes(http::Router&, const api::Gate&, Module&) {}

}  // namespace lifeline::app::assurance
