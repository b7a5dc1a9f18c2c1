#include "core/log.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace lifeline {

Status init_logging(std::string_view level) {
  auto lvl = spdlog::level::from_str(std::string(level));
  if (lvl == spdlog::level::off && level != "off")
    return Error::invalid("log_level", "must be one of trace, debug, info, warn, error, off");
  auto logger = spdlog::get("lifeline");
  if (!logger) logger = spdlog::stderr_color_mt("lifeline");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%l%$ %v", spdlog::pattern_time_type::utc);
  spdlog::set_default_logger(logger);
  spdlog::set_level(lvl);
  return {};
}

}  // namespace lifeline
