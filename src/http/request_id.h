// Request ids tie a response, its access-log line and any error log together.
#pragma once

#include <string>
#include <string_view>

namespace lifeline::http {

// The caller's X-Request-Id when it is safe to log and echo (1-64 chars of
// [A-Za-z0-9_-]), else a new random id.
std::string request_id_for(std::string_view incoming);

}  // namespace lifeline::http
