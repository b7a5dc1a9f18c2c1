#include "app/demo/repair_seed.h"

namespace lifeline::app::demo {

Status seed_repair(Platform&) { return {}; }

}  // namespace lifeline::app::demo
