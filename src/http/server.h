// The HTTP server (Boost.Beast/Asio). I/O threads parse and write; handlers run
// on a separate worker pool (heavy analyses on a bounded pool of their own).
// Built in: request ids, access log, body size limits decided on the headers
// (with the route's admission check and a server-wide budget of body bytes),
// security headers, /healthz, /readyz (503 when the database is down or the
// request workers are saturated), /metrics (Prometheus text, for the metrics
// token or on a metrics port of its own), static files for the web UI with an
// SPA fallback, SSE streams, and graceful shutdown (stop accepting, let
// in-flight requests finish, close streams).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/result.h"
#include "http/router.h"

namespace lifeline::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;                 // 0: pick a free port (tests)
  int io_threads = 1;
  int worker_threads = 4;
  size_t max_body_bytes = 1 << 20;      // larger bodies get 413 problem+json
  size_t body_budget_bytes = 256u << 20;  // bodies held at once, all connections (503 beyond)
  int heavy_threads = 2;                // the pool of Pool::heavy routes
  int heavy_queue = 16;                 // heavy requests waiting beyond this: 503
  std::string web_root;                 // built web UI; empty: no static files
  std::function<bool()> ready;          // /readyz: e.g. the database answers
  std::chrono::seconds shutdown_grace{10};
  std::chrono::seconds sse_keepalive{15};
  // GET /metrics answers "Authorization: Bearer <metrics_token>" only; with no
  // token it is not served on the main port (404). A metrics port (0 picks a
  // free one) is a second listener at metrics_host serving /metrics alone, to
  // anyone who reaches it unless a token is set.
  std::string metrics_token;
  std::optional<uint16_t> metrics_port;
  std::string metrics_host = "127.0.0.1";
};

class Server {
 public:
  Server(ServerOptions options, Router router);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts the threads; returns once the port accepts connections.
  Status start();
  uint16_t port() const;
  // The metrics listener's port; 0 when there is none.
  uint16_t metrics_port() const;
  // Blocks until SIGTERM or SIGINT, then shuts down gracefully.
  void run_until_signal();
  // Graceful shutdown; idempotent; returns when all threads have stopped.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lifeline::http
