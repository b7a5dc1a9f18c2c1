// The only server translation unit that includes Boost.Beast.
//
// Threads: `io_threads` run the io_context; each connection lives on its own
// strand. Handlers (and anything that may block: readiness checks, file reads)
// run on the worker pool and post their response back to the strand.
#include "http/server.h"

#include <spdlog/spdlog.h>

#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>

#include "http/body_budget.h"
#include "http/metrics.h"
#include "http/request_id.h"
#include "http/sse_outbox.h"
#include "http/standard_headers.h"
#include "http/static_files.h"
#include "http/target.h"

namespace lifeline::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr auto kReadTimeout = std::chrono::seconds(30);   // a whole request, headers and body (slowloris)
constexpr auto kWriteTimeout = std::chrono::seconds(30);
constexpr auto kLingerTime = std::chrono::seconds(2);     // draining input before closing, see linger_then_close
constexpr uint32_t kHeaderLimit = 16 * 1024;
constexpr size_t kMaxQueuedFrames = 1000;                 // an SSE client this far behind is dropped
constexpr size_t kChunkGrant = 64 * 1024;                 // a chunked body's first share of the budget

bool iequals(std::string_view a, std::string_view b) { return beast::iequals({a.data(), a.size()}, {b.data(), b.size()}); }

// Boost 1.74's Beast speaks boost::string_view.
std::string_view sv(beast::string_view s) { return {s.data(), s.size()}; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Header values come from handlers; a line break would split the response.
std::string single_line(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c != '\r' && c != '\n') out.push_back(c);
  }
  return out;
}

// Decoded paths may hold control characters; keep log lines one line each.
std::string printable(std::string_view s) {
  std::string out;
  for (char c : s) out.push_back(static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c);
  return out;
}

// Bearer credentials compared in time independent of where they differ.
bool bearer_matches(std::string_view authorization, std::string_view token) {
  if (authorization.size() < 7 || !iequals(authorization.substr(0, 7), "bearer ")) return false;
  std::string_view given = authorization.substr(7);
  if (given.size() != token.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < token.size(); ++i) diff |= static_cast<unsigned char>(given[i] ^ token[i]);
  return diff == 0;
}

// A problem for a status that has no ErrorCode of its own (405, 431).
Response problem_with_status(int status, const char* title, const Error& error, const Request& request) {
  Response r = Response::problem(error, request);
  auto body = nlohmann::json::parse(r.body);
  body["type"] = "about:blank";
  body["status"] = status;
  body["title"] = title;
  r.body = body.dump();
  r.status = status;
  return r;
}

// Runs work for a request on a worker; an exception becomes a 500 that
// names no details, and the log line ties it to the request id.
template <typename Work>
Response answer_safely(Work& work, Request& request) {
  try {
    return work(request);
  } catch (const std::exception& e) {
    spdlog::error("request {} {} {} failed: {}", request.request_id, request.method, printable(request.path), e.what());
  } catch (...) {
    spdlog::error("request {} {} {} failed: unknown exception", request.request_id, request.method,
                  printable(request.path));
  }
  return Response::problem(Error::internal("handler threw"), request);
}

Result<std::shared_ptr<const void>> admit_safely(const Route& route, const Request& request) {
  try {
    return route.admit(request);
  } catch (const std::exception& e) {
    spdlog::error("admission {} {} {} failed: {}", request.request_id, request.method, printable(request.path),
                  e.what());
  } catch (...) {
    spdlog::error("admission {} {} {} failed: unknown exception", request.request_id, request.method,
                  printable(request.path));
  }
  return Error::internal("admission check threw");
}

Result<std::shared_ptr<void>> open_stream(const Route& route, Request& request, Push push) {
  try {
    return route.stream(request, std::move(push));
  } catch (const std::exception& e) {
    spdlog::error("stream {} {} failed: {}", request.request_id, printable(request.path), e.what());
  } catch (...) {
    spdlog::error("stream {} {} failed: unknown exception", request.request_id, printable(request.path));
  }
  return Error::internal("stream handler threw");
}

class Connection;

// Everything the connections share. Declaration order matters for teardown:
// the io_context (which may still own connections) is destroyed before the
// registry, metrics and options those connections use.
struct ServerCore {
  ServerCore(ServerOptions opts, Router r);

  Status start();
  Status listen(tcp::acceptor& on, const std::string& host, uint16_t port);
  void stop();
  void accept(tcp::acceptor& on, asio::steady_timer& backoff, bool metrics_only);
  void begin_request();
  void end_request();
  std::vector<std::shared_ptr<Connection>> live_connections();
  // All request workers busy and a full round of requests waiting behind them.
  bool saturated() const;
  std::string saturation() const;
  // Runs work posted to the request workers (counted waiting when posted), counted busy meanwhile.
  template <typename Work>
  auto run_counted(Work&& work) {
    workers_waiting.fetch_sub(1);
    workers_busy.fetch_add(1);
    struct Done {
      std::atomic<int>& busy;
      ~Done() { busy.fetch_sub(1); }
    } done{workers_busy};
    return work();
  }

  ServerOptions options;
  Router router;
  std::vector<std::string> route_methods;  // for Allow
  size_t largest_body_limit = 0;            // of the server and every route: what a header may announce
  HttpMetrics metrics;
  std::optional<StaticFiles> static_files;
  BodyBudget body_budget;
  std::atomic<int> workers_busy{0}, workers_waiting{0};  // request workers
  std::atomic<int> heavy_pending{0};                    // heavy requests queued or running

  std::mutex connections_mutex;
  std::unordered_map<const Connection*, std::weak_ptr<Connection>> connections;

  std::mutex in_flight_mutex;
  std::condition_variable in_flight_changed;
  int in_flight = 0;

  std::mutex lifecycle_mutex;
  bool started = false;
  bool stopped = false;
  std::atomic<bool> stopping{false};
  std::atomic<uint16_t> port{0};
  std::atomic<uint16_t> metrics_port{0};

  asio::io_context ioc;
  tcp::acceptor acceptor;
  asio::steady_timer accept_backoff;  // on the acceptor's strand
  tcp::acceptor metrics_acceptor;     // open only with options.metrics_port
  asio::steady_timer metrics_backoff;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::optional<asio::thread_pool> workers;
  std::optional<asio::thread_pool> heavy;
  std::vector<std::thread> io_threads;
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(ServerCore& server, tcp::socket socket, bool metrics_only)
      : server_(server), stream_(std::move(socket)), keepalive_(stream_.get_executor()), metrics_only_(metrics_only) {
    beast::error_code ec;
    auto endpoint = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
  }

  ~Connection() {
    if (outbox_) outbox_->close();
    std::lock_guard lock(server_.connections_mutex);
    server_.connections.erase(this);
  }

  void start() {
    {
      std::lock_guard lock(server_.connections_mutex);
      server_.connections.emplace(this, weak_from_this());
    }
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read_request(); });
  }

  asio::any_io_executor executor() { return stream_.get_executor(); }

  // Shutdown, on the strand: idle keep-alive connections and streams close
  // now; a request being handled finishes and then closes.
  void on_server_stop() {
    if (state_ == State::reading || state_ == State::streaming) close();
  }

  void force_close() { close(); }

  // After every thread has stopped: release what the handler gave us.
  void release_stream() {
    if (outbox_) outbox_->close();
    stream_handle_.reset();
  }

 private:
  enum class State { reading, handling, streaming, lingering, closed };

  // The request being answered, for the access log and metrics.
  struct Exchange {
    std::string method, path, request_id;
    std::string route = "unmatched";
    std::chrono::steady_clock::time_point start;
    bool keep_alive = false;
  };

  void read_request() {
    if (server_.stopping || state_ == State::closed) return close();
    state_ = State::reading;
    parser_.emplace();
    route_ = nullptr;
    admitted_.reset();
    body_lease_.reset();
    body_limit_ = server_.largest_body_limit;
    parser_->body_limit(body_limit_);
    parser_->header_limit(kHeaderLimit);
    stream_.expires_after(kReadTimeout);
    bhttp::async_read_header(stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec) return self->on_read(ec);
      self->on_header();
    });
  }

  // What the headers decide before a byte of the body is read: the route's
  // limit against the declared length, a body no route would take, the
  // route's admission check (who is calling, may they), and the server's
  // budget of body bytes. A client refused here never makes us hold its body.
  void on_header() {
    const auto& header = parser_->get();
    body_limit_ = server_.options.max_body_bytes;
    auto target = parse_target(sv(header.target()));
    if (target) {
      auto method = sv(header.method_string());
      route_ = server_.router.match(method == "HEAD" ? "GET" : method, target->path).route;
      if (route_ != nullptr && route_->max_body_bytes > 0) body_limit_ = route_->max_body_bytes;
    }
    auto declared = parser_->content_length();
    if (declared && *declared > body_limit_) return on_read(bhttp::error::body_limit);
    parser_->body_limit(body_limit_);
    const bool has_body = parser_->chunked() || (declared && *declared > 0);
    if (!has_body) return read_body();
    if (target && route_ == nullptr) {
      // 404, 405 or a static file: the body would be thrown away, so it is not read.
      Request request = head_request();
      begin_exchange(request, false);
      return dispatch(std::move(request));
    }
    if (route_ != nullptr && route_->admit) return admit_then_read();
    reserve_then_read();
  }

  // The admission check may ask the database: on a worker, like a handler.
  void admit_then_read() {
    Request head = head_request();
    const Route* route = route_;
    server_.workers_waiting.fetch_add(1);
    asio::post(*server_.workers, [self = shared_from_this(), head = std::move(head), route]() mutable {
      auto decision = self->server_.run_counted([&] { return admit_safely(*route, head); });
      asio::post(self->executor(), [self, head = std::move(head), decision = std::move(decision)]() mutable {
        if (self->state_ != State::reading) return;
        if (!decision) {
          self->begin_exchange(head, false);
          self->exchange_.route = self->route_->pattern;
          return self->finish(head, Response::problem(decision.error(), head));
        }
        self->admitted_ = std::move(*decision);
        self->reserve_then_read();
      });
    });
  }

  // A declared length is taken from the budget whole (the parser allocates
  // it at once); a chunked body starts with one chunk's worth and grows.
  void reserve_then_read() {
    auto declared = parser_->content_length();
    body_lease_ = server_.body_budget.acquire(declared ? static_cast<size_t>(*declared) : kChunkGrant);
    if (!body_lease_) return reject(budget_spent());
    read_body();
  }

  static Error budget_spent() {
    return Error::unavailable("the server holds as many request bodies as it may; try again shortly", 5);
  }

  // Clients that send "Expect: 100-continue" (curl, for bodies over 1 KiB)
  // wait for a go-ahead before the body; an oversized body was refused above.
  void read_body() {
    auto body = [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec) return self->on_read(ec);
      if (self->parser_->chunked()) return self->read_chunks();
      bhttp::async_read(self->stream_, self->buffer_, *self->parser_,
                        [self](beast::error_code read_ec, size_t) { self->on_read(read_ec); });
    };
    if (!iequals(sv(parser_->get()[bhttp::field::expect]), "100-continue") || parser_->is_done()) {
      return body({}, 0);
    }
    static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    asio::async_write(stream_, asio::buffer(kContinue), std::move(body));
  }

  // A body without a length counts against the budget as it arrives.
  void read_chunks() {
    if (parser_->is_done()) return on_read({});
    bhttp::async_read_some(stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec) return self->on_read(ec);
      if (!self->body_lease_->grow_to(self->parser_->get().body().size())) return self->reject(budget_spent());
      self->read_chunks();
    });
  }

  void on_read(beast::error_code ec) {
    if (state_ == State::closed) return;
    if (ec == bhttp::error::body_limit) {
      auto limit = std::to_string(body_limit_);
      return reject(Error{ErrorCode::payload_too_large, "the request body is larger than " + limit + " bytes",
                          {{"body", "must be at most " + limit + " bytes"}}});
    }
    if (ec == bhttp::error::header_limit) {
      Request request = partial_request();
      begin_exchange(request, false);
      return finish(request, problem_with_status(431, "Request header fields too large",
                                                 Error::invalid("headers", "the request headers are too large"),
                                                 request));
    }
    if (ec) {
      // A message the parser rejected deserves an answer; a peer that left,
      // a timeout or our own shutdown just closes.
      const bool malformed = ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category() &&
                             ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message &&
                             parser_->got_some();
      if (!malformed) return close();
      return reject(Error::invalid("request", "malformed HTTP request: " + ec.message()));
    }

    Request request = head_request();
    const bool keep_alive = parser_->get().keep_alive();
    auto target = parse_target(request.target);  // head_request keeps path and query of a good one
    request.body = std::move(parser_->get().body());
    request.admitted = std::move(admitted_);
    if (!target) {
      begin_exchange(request, false);
      return finish(request, Response::problem(target.error(), request));
    }
    begin_exchange(request, keep_alive);
    dispatch(std::move(request));
  }

  // The request line and headers, without the body.
  Request head_request() {
    const auto& header = parser_->get();
    Request request;
    request.method = std::string(sv(header.method_string()));
    request.target = std::string(sv(header.target()));
    if (auto target = parse_target(request.target)) {
      request.path = std::move(target->path);
      request.query = std::move(target->query);
    }
    for (const auto& field : header) {
      std::string name = lower(sv(field.name_string()));
      std::string value(sv(field.value()));
      auto [it, inserted] = request.headers.emplace(name, value);
      if (!inserted) it->second += (name == "cookie" ? "; " : ", ") + value;
    }
    request.request_id = request_id_for(request.header("x-request-id"));
    request.remote_address = remote_;
    return request;
  }

  // What we know of a request the parser gave up on.
  Request partial_request() {
    if (parser_ && parser_->is_header_done()) return head_request();
    Request request;
    request.request_id = request_id_for("");
    request.remote_address = remote_;
    return request;
  }

  // Answers a request we will not read to the end, then closes.
  void reject(const Error& error) {
    Request request = partial_request();
    begin_exchange(request, false);
    finish(request, Response::problem(error, request));
  }

  void begin_exchange(const Request& request, bool keep_alive) {
    state_ = State::handling;
    exchange_ = Exchange{request.method, request.path, request.request_id, "unmatched",
                         std::chrono::steady_clock::now(), keep_alive};
    server_.begin_request();
    counted_ = true;
  }

  // /metrics: for the metrics token; on the main port not at all without one.
  Response metrics(const Request& request) const {
    const std::string& token = server_.options.metrics_token;
    if (token.empty() && !metrics_only_) return Response::problem(Error::not_found("nothing at /metrics"), request);
    if (!token.empty() && !bearer_matches(request.header("authorization"), token)) {
      Response r = Response::problem(Error::unauthenticated("/metrics needs the metrics token"), request);
      r.set_header("WWW-Authenticate", "Bearer realm=\"metrics\"");
      return r;
    }
    return Response::text(200, server_.metrics.render(), HttpMetrics::kContentType);
  }

  void dispatch(Request request) {
    const bool get = request.method == "GET" || request.method == "HEAD";
    if (metrics_only_) {
      exchange_.route = "/metrics";
      if (get && request.path == "/metrics") return finish(request, metrics(request));
      return finish(request, Response::problem(Error::not_found("this port serves /metrics only"), request));
    }
    if (get && (request.path == "/healthz" || request.path == "/metrics" || request.path == "/readyz")) {
      exchange_.route = request.path;
      if (request.path == "/healthz") return finish(request, Response::text(200, "ok"));
      if (request.path == "/metrics") return finish(request, metrics(request));
      // Saturation is known here; a readiness check may ask the database: not on the I/O thread.
      if (server_.saturated()) {
        return finish(request, Response::problem(Error::unavailable(server_.saturation(), 1), request));
      }
      return run_on_worker(std::move(request), [ready = server_.options.ready](Request& r) {
        if (!ready || ready()) return Response::text(200, "ready");
        return Response::problem(Error::unavailable("not ready to serve requests"), r);
      });
    }

    // HEAD is answered like GET, without the body.
    auto match = server_.router.match(request.method == "HEAD" ? "GET" : request.method, request.path);
    if (match.route != nullptr && !(request.method == "HEAD" && match.route->stream)) {
      const Route* route = match.route;
      exchange_.route = route->pattern;
      request.params = std::move(match.params);
      if (route->stream) return start_stream(std::move(request), *route);
      auto handle = [route](Request& r) { return route->handler(r); };
      if (route->pool == Pool::heavy) return run_heavy(std::move(request), handle);
      return run_on_worker(std::move(request), handle);
    }
    if (match.path_known) {
      std::string allow;
      for (const auto& method : server_.route_methods) {
        if (server_.router.match(method, request.path).route == nullptr) continue;
        allow += (allow.empty() ? "" : ", ") + method + (method == "GET" ? ", HEAD" : "");
      }
      Response r = problem_with_status(
          405, "Method not allowed", Error::invalid("method", request.method + " is not allowed here"), request);
      r.set_header("Allow", allow);
      return finish(request, std::move(r));
    }
    const bool api = request.path == "/api" || request.path.rfind("/api/", 0) == 0;
    if (api || !get || !server_.static_files) {
      return finish(request, Response::problem(Error::not_found("nothing at " + request.path), request));
    }
    exchange_.route = "static";
    run_on_worker(std::move(request), [files = &*server_.static_files](Request& r) { return files->serve(r); });
  }

  template <typename Work>
  void run_on_worker(Request request, Work work) {
    server_.workers_waiting.fetch_add(1);
    asio::post(*server_.workers, [self = shared_from_this(), request = std::move(request), work = std::move(work),
                                  lease = body_lease_]() mutable {
      Response response = self->server_.run_counted([&] { return answer_safely(work, request); });
      self->answer(std::move(request), std::move(response), std::move(lease));
    });
  }

  // On the heavy pool, or 503 at once when its queue is full: a heavy
  // analysis never waits on (or occupies) a request worker.
  template <typename Work>
  void run_heavy(Request request, Work work) {
    const int capacity = std::max(1, server_.options.heavy_threads) + std::max(0, server_.options.heavy_queue);
    if (server_.heavy_pending.fetch_add(1) >= capacity) {
      server_.heavy_pending.fetch_sub(1);
      return finish(request, Response::problem(Error::unavailable("the analysis workers are all busy; try again "
                                                                  "shortly", 5),
                                               request));
    }
    asio::post(*server_.heavy, [self = shared_from_this(), request = std::move(request), work = std::move(work),
                                lease = body_lease_]() mutable {
      Response response = answer_safely(work, request);
      self->server_.heavy_pending.fetch_sub(1);
      self->answer(std::move(request), std::move(response), std::move(lease));
    });
  }

  // Back on the strand; the body's share of the budget is given back with the request.
  void answer(Request request, Response response, std::shared_ptr<BodyBudget::Lease> lease) {
    asio::post(executor(), [self = shared_from_this(), request = std::move(request), response = std::move(response),
                            lease = std::move(lease)]() mutable {
      self->finish(request, std::move(response));
      lease.reset();
    });
  }

  void finish(const Request& request, Response response) {
    if (state_ == State::closed) return;
    add_standard_headers(request, response);
    int status = response.status >= 200 && response.status <= 599 ? response.status : 500;
    const bool keep_alive =
        exchange_.keep_alive && !server_.stopping && !iequals(response.header("connection"), "close");

    bhttp::response<bhttp::string_body> message{static_cast<bhttp::status>(status), 11};
    for (const auto& [name, value] : response.headers) {
      if (iequals(name, "connection") || iequals(name, "content-length") || iequals(name, "transfer-encoding")) {
        continue;
      }
      message.insert(name, single_line(value));
    }
    size_t bytes = 0;
    if (status >= 200 && status != 204 && status != 304) {
      bytes = response.body.size();
      message.content_length(bytes);
      if (request.method != "HEAD") message.body() = std::move(response.body);
    }
    message.keep_alive(keep_alive);
    response_ = std::move(message);
    stream_.expires_after(kWriteTimeout);
    bhttp::async_write(stream_, *response_,
                       [self = shared_from_this(), keep_alive, status](beast::error_code ec, size_t written) {
                         self->on_write(ec, keep_alive, status, written);
                       });
  }

  void on_write(beast::error_code ec, bool keep_alive, int status, size_t written) {
    response_.reset();
    body_lease_.reset();
    log_exchange(status, written);
    if (ec) return close();
    if (!keep_alive) return linger_then_close();
    read_request();
  }

  void log_exchange(int status, size_t bytes) {
    std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - exchange_.start;
    spdlog::info("{} {} {} {}B {:.1f}ms rid={} remote={}", exchange_.method, printable(exchange_.path), status,
                 bytes, elapsed.count() * 1000, exchange_.request_id, remote_);
    server_.metrics.observe(exchange_.method, exchange_.route, status, elapsed);
    if (counted_) {
      counted_ = false;
      server_.end_request();
    }
  }

  // Closing right after the response while the client still sends (a body
  // we refused) makes the kernel reset the connection, and the client may
  // lose our answer. So: stop sending, read and discard briefly, then close.
  void linger_then_close() {
    state_ = State::lingering;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.expires_after(kLingerTime);
    discard_input();
  }

  void discard_input() {
    stream_.async_read_some(asio::buffer(discard_), [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec || self->state_ == State::closed) return self->close();
      self->discard_input();
    });
  }

  // --- Server-Sent Events ---

  void start_stream(Request request, const Route& route) {
    auto outbox = std::make_shared<SseOutbox>(kMaxQueuedFrames, [weak = weak_from_this(), ex = executor()] {
      asio::post(ex, [weak] {
        if (auto self = weak.lock()) self->drain();
      });
    });
    outbox_ = outbox;
    asio::post(*server_.workers, [self = shared_from_this(), request = std::move(request), route = &route,
                                  outbox]() mutable {
      auto opened = open_stream(*route, request, [outbox](std::string frame) { outbox->push(std::move(frame)); });
      asio::post(self->executor(), [self, request = std::move(request), opened = std::move(opened)]() mutable {
        self->begin_stream(request, std::move(opened));
      });
    });
  }

  void begin_stream(const Request& request, Result<std::shared_ptr<void>> opened) {
    if (!opened || state_ == State::closed || server_.stopping) {
      outbox_->close();
      if (!opened) return finish(request, Response::problem(opened.error(), request));
      return finish(request, Response::problem(Error::unavailable("the server is shutting down"), request));
    }
    stream_handle_ = std::move(*opened);
    state_ = State::streaming;
    server_.metrics.add_sse_clients(1);

    Response head;
    head.set_header("Content-Type", "text/event-stream");
    head.set_header("Cache-Control", "no-cache");
    head.set_header("X-Accel-Buffering", "no");  // nginx: do not buffer the feed
    head.set_header("Connection", "close");      // the body ends when the connection does
    add_standard_headers(request, head);
    std::string wire = "HTTP/1.1 200 OK\r\n";
    for (const auto& [name, value] : head.headers) wire += name + ": " + single_line(value) + "\r\n";
    wire += "\r\nretry: 3000\n\n";
    log_exchange(200, 0);

    stream_.expires_never();
    write_frames(std::move(wire));
    watch_peer();
    schedule_keepalive();
  }

  void write_frames(std::string bytes) {
    writing_ = true;
    write_buffer_ = std::move(bytes);
    asio::async_write(stream_, asio::buffer(write_buffer_), [self = shared_from_this()](beast::error_code ec, size_t) {
      self->writing_ = false;
      if (ec) return self->close();
      self->drain();
    });
  }

  void drain() {
    if (state_ != State::streaming) return;
    if (outbox_->lagging()) {
      spdlog::warn("SSE client {} fell {} frames behind; closing rid={}", remote_, kMaxQueuedFrames,
                   exchange_.request_id);
      return close();
    }
    if (writing_) return;  // the write in progress drains again when done
    auto frames = outbox_->take();
    if (frames.empty()) return;
    std::string bytes;
    for (auto& frame : frames) bytes += frame;
    write_frames(std::move(bytes));
  }

  // The client never sends on a stream; a finished read means it left.
  void watch_peer() {
    stream_.async_read_some(asio::buffer(discard_), [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec || self->state_ != State::streaming) return self->close();
      self->watch_peer();
    });
  }

  void schedule_keepalive() {
    keepalive_.expires_after(server_.options.sse_keepalive);
    keepalive_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec || self->state_ != State::streaming) return;
      if (!self->writing_ && self->outbox_->empty()) self->outbox_->push(": keepalive\n\n");
      self->schedule_keepalive();
    });
  }

  void close() {
    if (state_ == State::closed) return;
    const bool was_streaming = state_ == State::streaming;
    state_ = State::closed;
    body_lease_.reset();
    if (outbox_) outbox_->close();
    if (was_streaming) server_.metrics.add_sse_clients(-1);
    keepalive_.cancel();
    stream_handle_.reset();  // the handler's subscription ends here
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
    if (counted_) {
      counted_ = false;
      server_.end_request();
    }
  }

  ServerCore& server_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  size_t body_limit_ = 0;  // of the request being read
  const Route* route_ = nullptr;                       // the route its headers name, if any
  std::shared_ptr<const void> admitted_;              // the route's admission decision
  std::shared_ptr<BodyBudget::Lease> body_lease_;     // its body's share of the budget
  std::optional<bhttp::response<bhttp::string_body>> response_;
  std::string remote_;
  State state_ = State::reading;
  Exchange exchange_;
  bool counted_ = false;  // the exchange is in the in-flight count
  std::array<char, 1024> discard_{};

  std::shared_ptr<SseOutbox> outbox_;
  std::shared_ptr<void> stream_handle_;
  std::string write_buffer_;
  bool writing_ = false;
  asio::steady_timer keepalive_;
  const bool metrics_only_;  // accepted on the metrics port
};

ServerCore::ServerCore(ServerOptions opts, Router r)
    : options(std::move(opts)), router(std::move(r)), body_budget(options.body_budget_bytes),
      ioc(std::max(1, options.io_threads)),
      acceptor(asio::make_strand(ioc)), accept_backoff(acceptor.get_executor()),
      metrics_acceptor(asio::make_strand(ioc)), metrics_backoff(metrics_acceptor.get_executor()) {
  std::set<std::string> methods;
  largest_body_limit = options.max_body_bytes;
  for (const auto& route : router.routes()) {
    methods.insert(route.method);
    largest_body_limit = std::max(largest_body_limit, route.max_body_bytes);
  }
  route_methods.assign(methods.begin(), methods.end());
  if (!options.web_root.empty()) static_files.emplace(options.web_root);
}

Status ServerCore::listen(tcp::acceptor& on, const std::string& host, uint16_t port_number) {
  const std::string where = host + ":" + std::to_string(port_number);
  beast::error_code ec;
  tcp::resolver resolver(ioc);
  auto endpoints = resolver.resolve(host, std::to_string(port_number), ec);
  if (ec || endpoints.empty()) return Error::unavailable("cannot resolve " + where + ": " + ec.message());
  tcp::endpoint endpoint = *endpoints.begin();
  on.open(endpoint.protocol(), ec);
  if (!ec) on.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) on.bind(endpoint, ec);
  if (!ec) on.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    on.close(ec);
    return Error::unavailable("cannot listen on " + where + ": " + ec.message());
  }
  return {};
}

Status ServerCore::start() {
  std::lock_guard lock(lifecycle_mutex);
  if (started) return Error::internal("the server was already started");
  LL_CHECK(listen(acceptor, options.host, options.port));
  if (options.metrics_port) {
    if (auto st = listen(metrics_acceptor, options.metrics_host, *options.metrics_port); !st) {
      beast::error_code ec;
      acceptor.close(ec);
      return st;
    }
    metrics_port = metrics_acceptor.local_endpoint().port();
  }
  port = acceptor.local_endpoint().port();
  started = true;

  work.emplace(ioc.get_executor());
  workers.emplace(static_cast<size_t>(std::max(1, options.worker_threads)));
  heavy.emplace(static_cast<size_t>(std::max(1, options.heavy_threads)));
  accept(acceptor, accept_backoff, false);
  if (metrics_acceptor.is_open()) accept(metrics_acceptor, metrics_backoff, true);
  for (int i = 0; i < std::max(1, options.io_threads); ++i) {
    io_threads.emplace_back([this] {
      while (true) {
        try {
          ioc.run();
          return;
        } catch (const std::exception& e) {
          spdlog::error("I/O thread: unexpected exception: {}", e.what());
        }
      }
    });
  }
  spdlog::info("listening on http://{}:{}", options.host, port.load());
  if (metrics_port) spdlog::info("metrics on http://{}:{}/metrics", options.metrics_host, metrics_port.load());
  return {};
}

void ServerCore::accept(tcp::acceptor& on, asio::steady_timer& backoff, bool metrics_only) {
  on.async_accept(asio::make_strand(ioc), [this, &on, &backoff, metrics_only](beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !on.is_open()) return;
    if (ec) {
      // Out of file descriptors, typically: back off instead of spinning.
      spdlog::warn("accept failed: {}", ec.message());
      backoff.expires_after(std::chrono::milliseconds(100));
      backoff.async_wait([this, &on, &backoff, metrics_only](beast::error_code wait_ec) {
        if (!wait_ec && on.is_open()) accept(on, backoff, metrics_only);
      });
      return;
    }
    if (stopping) {
      socket.close(ec);
    } else {
      std::make_shared<Connection>(*this, std::move(socket), metrics_only)->start();
    }
    accept(on, backoff, metrics_only);
  });
}

void ServerCore::begin_request() {
  std::lock_guard lock(in_flight_mutex);
  ++in_flight;
  metrics.add_in_flight(1);
}

void ServerCore::end_request() {
  std::lock_guard lock(in_flight_mutex);
  --in_flight;
  metrics.add_in_flight(-1);
  if (in_flight == 0) in_flight_changed.notify_all();
}

bool ServerCore::saturated() const {
  const int threads = std::max(1, options.worker_threads);
  return workers_busy.load() >= threads && workers_waiting.load() >= threads;
}

std::string ServerCore::saturation() const {
  return "saturated: " + std::to_string(workers_busy.load()) + " of " +
         std::to_string(std::max(1, options.worker_threads)) + " request workers busy, " +
         std::to_string(workers_waiting.load()) + " requests waiting";
}

std::vector<std::shared_ptr<Connection>> ServerCore::live_connections() {
  std::lock_guard lock(connections_mutex);
  std::vector<std::shared_ptr<Connection>> out;
  for (auto& [key, weak] : connections) {
    if (auto c = weak.lock()) out.push_back(std::move(c));
  }
  return out;
}

void ServerCore::stop() {
  std::lock_guard lock(lifecycle_mutex);  // held throughout: a second caller returns once all is stopped
  if (!started || stopped) return;
  stopped = true;
  spdlog::info("stopping: waiting up to {}s for requests in flight", options.shutdown_grace.count());
  stopping = true;
  asio::post(acceptor.get_executor(), [this] {
    beast::error_code ec;
    acceptor.close(ec);
    accept_backoff.cancel();
  });
  asio::post(metrics_acceptor.get_executor(), [this] {
    beast::error_code ec;
    metrics_acceptor.close(ec);
    metrics_backoff.cancel();
  });
  for (auto& c : live_connections()) asio::post(c->executor(), [c] { c->on_server_stop(); });
  {
    std::unique_lock in_flight_lock(in_flight_mutex);
    if (!in_flight_changed.wait_for(in_flight_lock, options.shutdown_grace, [this] { return in_flight == 0; })) {
      spdlog::warn("stopping: {} requests still in flight after the grace period", in_flight);
    }
  }
  for (auto& c : live_connections()) asio::post(c->executor(), [c] { c->force_close(); });
  work.reset();
  for (auto& t : io_threads) t.join();
  io_threads.clear();
  workers->join();  // a handler still running past the grace period is waited for: it cannot be interrupted
  heavy->join();
  for (auto& c : live_connections()) c->release_stream();
  spdlog::info("stopped");
}

}  // namespace

struct Server::Impl : ServerCore {
  using ServerCore::ServerCore;
};

Server::Server(ServerOptions options, Router router)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(router))) {}

Server::~Server() { stop(); }

Status Server::start() { return impl_->start(); }

uint16_t Server::port() const { return impl_->port.load(); }

uint16_t Server::metrics_port() const { return impl_->metrics_port.load(); }

void Server::run_until_signal() {
  asio::io_context signals_context;
  asio::signal_set signals(signals_context, SIGINT, SIGTERM);
  signals.async_wait([](const beast::error_code& ec, int signal) {
    if (!ec) spdlog::info("signal {}: shutting down", signal);
  });
  signals_context.run();
  stop();
}

void Server::stop() { impl_->stop(); }

}  // namespace lifeline::http
