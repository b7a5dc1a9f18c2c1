// Logging through spdlog. Call init_logging once at start-up; everything else
// uses spdlog's free functions (spdlog::info, ...).
#pragma once

#include <string_view>

#include "core/result.h"

namespace lifeline {

// level: trace, debug, info, warn, error, off.
Status init_logging(std::string_view level);

}  // namespace lifeline
