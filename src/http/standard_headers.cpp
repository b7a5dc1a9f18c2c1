#include "http/standard_headers.h"

namespace lifeline::http {

void add_standard_headers(const Request& request, Response& response) {
  response.set_header("X-Request-Id", request.request_id);
  response.set_header("X-Content-Type-Options", "nosniff");
  response.set_header("X-Frame-Options", "DENY");
  response.set_header("Referrer-Policy", "no-referrer");
  if (response.header("content-type").rfind("text/html", 0) == 0) {
    response.set_header("Content-Security-Policy",
                        "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
                        "connect-src 'self'");
  }
  if (request.path.rfind("/api/", 0) == 0 && response.header("cache-control").empty()) {
    response.set_header("Cache-Control", "no-store");
  }
}

}  // namespace lifeline::http
