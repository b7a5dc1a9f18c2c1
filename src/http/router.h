// Routes "METHOD /pattern/{param}" to handlers. Handlers run on a worker
// thread (never an I/O thread), so they may block on the database.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "http/message.h"

namespace lifeline::http {

using Handler = std::function<Response(Request&)>;

// A decision on the request line and headers alone (authentication,
// permission), taken before the server reads a body: a client that would be
// refused anyway never makes the server hold its upload. Runs on a worker
// thread (it may ask the database). An error is the answer, and the body is
// not read; a value is handed to the handler as Request::admitted.
using Admission = std::function<Result<std::shared_ptr<const void>>(const Request&)>;

// What the API gate hands the router: the handler and its admission check.
struct GuardedHandler {
  Handler handler;
  Admission admit;
};

// Where a handler runs. Heavy synchronous analyses get their own bounded
// pool, so they can never occupy every request worker (503 when its queue is full).
enum class Pool { requests, heavy };

struct RouteOptions {
  size_t max_body_bytes = 0;  // 0: the server's max_body_bytes
  Pool pool = Pool::requests;
};

// A live feed (Server-Sent Events). The handler runs on a worker thread,
// checks the request (auth), and returns a handle that keeps its
// subscription alive for as long as the connection is open. `push` queues one
// SSE frame (already formatted: "event: x\ndata: {...}\n\n"); it is
// thread-safe and does nothing after the client has gone.
using Push = std::function<void(std::string frame)>;
using StreamHandler = std::function<Result<std::shared_ptr<void>>(Request&, Push push)>;

struct Route {
  std::string method;
  std::string pattern;  // "/api/v1/orgs/{id}"
  Handler handler;
  StreamHandler stream;  // set instead of handler for SSE routes
  size_t max_body_bytes = 0;  // 0: the server's max_body_bytes
  Admission admit;            // checked on the headers before a body is read
  Pool pool = Pool::requests;
};

class Router {
 public:
  void add(std::string method, std::string pattern, Handler handler);
  // For uploads larger than the server-wide limit (a city's .inp file).
  void add(std::string method, std::string pattern, Handler handler, size_t max_body_bytes);
  void add(std::string method, std::string pattern, GuardedHandler handler, size_t max_body_bytes = 0);
  void add(std::string method, std::string pattern, GuardedHandler handler, RouteOptions options);
  void add_stream(std::string pattern, StreamHandler handler);

  struct Match {
    const Route* route = nullptr;
    std::map<std::string, std::string> params;
    bool path_known = false;  // some route has this path with another method (→ 405)
  };
  Match match(std::string_view method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

// Formats one SSE frame.
std::string sse_frame(std::string_view event, std::string_view data, std::string_view id = {});

}  // namespace lifeline::http
