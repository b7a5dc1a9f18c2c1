#include "app/demo/assurance_seed.h"

namespace lifeline::app::demo {

Status seed_assurance(Platform&) { return {}; }

}  // namespace lifeline::app::demo
