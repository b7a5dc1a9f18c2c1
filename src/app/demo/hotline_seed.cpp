#include "app/demo/hotline_seed.h"

namespace lifeline::app::demo {

Status seed_hotline(Platform&) { return {}; }

}  // namespace lifeline::app::demo
