// Headers every response carries, whoever produced it: the request id, the
// security headers, a Content-Security-Policy for HTML, and no-store for API
// answers unless the handler chose its own caching.
#pragma once

#include "http/message.h"

namespace lifeline::http {

void add_standard_headers(const Request& request, Response& response);

}  // namespace lifeline::http
