// The only client translation unit that includes Boost.Beast. Every
// operation runs on a private io_context with a deadline timer that cancels
// the socket, so a silent server cannot hang a test or the CLI.
#include "http/client.h"

#include "core/json_input.h"

#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <limits>
#include <optional>

namespace lifeline::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

constexpr auto kRequestTimeout = std::chrono::seconds(30);

// Boost 1.74's Beast speaks boost::string_view.
std::string_view sv(beast::string_view s) { return {s.data(), s.size()}; }

// Runs one asynchronous operation on `socket` to completion; at `deadline`
// the socket's operations are cancelled (the socket itself stays open).
template <typename Start>
beast::error_code run_until(asio::io_context& io, tcp::socket& socket, Clock::time_point deadline, Start start,
                            size_t* bytes = nullptr) {
  beast::error_code result;
  bool done = false, timed_out = false;
  asio::steady_timer timer(io, deadline);
  start([&](beast::error_code ec, auto... n) {
    result = ec;
    done = true;
    if constexpr (sizeof...(n) == 1) {
      if (bytes != nullptr) *bytes = static_cast<size_t>((n, ...));
    }
    timer.cancel();
  });
  timer.async_wait([&](beast::error_code ec) {
    if (ec || done) return;
    timed_out = true;
    beast::error_code ignored;
    socket.cancel(ignored);
  });
  io.restart();
  io.run();
  if (timed_out && result == asio::error::operation_aborted) return beast::error::timeout;
  return result;
}

beast::error_code connect(asio::io_context& io, tcp::socket& socket, const std::string& host, uint16_t port,
                          Clock::time_point deadline) {
  tcp::resolver resolver(io);
  beast::error_code ec;
  auto endpoints = resolver.resolve(host, std::to_string(port), ec);
  if (ec) return ec;
  for (const auto& entry : endpoints) {
    socket.close(ec);
    ec = run_until(io, socket, deadline, [&](auto handler) { socket.async_connect(entry.endpoint(), handler); });
    if (!ec) return ec;
  }
  return ec ? ec : asio::error::host_not_found;
}

ErrorCode code_for_status(int status) {
  switch (status) {
    case 400: return ErrorCode::invalid;
    case 401: return ErrorCode::unauthenticated;
    case 403: return ErrorCode::forbidden;
    case 404: return ErrorCode::not_found;
    case 409: return ErrorCode::conflict;
    case 412: return ErrorCode::precondition_failed;
    case 413: return ErrorCode::payload_too_large;
    case 429: return ErrorCode::too_many_requests;
    case 503: return ErrorCode::unavailable;
    default: return ErrorCode::internal;
  }
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// Set-Cookie: "name=value; Path=/; HttpOnly". Attributes are ignored except
// Max-Age=0, which is how a server deletes a cookie (logout).
void remember_cookie(std::map<std::string, std::string>& jar, std::string_view set_cookie) {
  std::string_view pair = set_cookie.substr(0, set_cookie.find(';'));
  size_t eq = pair.find('=');
  if (eq == std::string_view::npos) return;
  std::string name(trim(pair.substr(0, eq)));
  if (name.empty()) return;
  std::string attributes(set_cookie.substr(std::min(set_cookie.size(), pair.size())));
  for (char& c : attributes) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (attributes.find("max-age=0") != std::string::npos) {
    jar.erase(name);
    return;
  }
  jar[name] = std::string(trim(pair.substr(eq + 1)));
}

void set_request_headers(bhttp::request<bhttp::string_body>& request, const std::string& host, uint16_t port,
                         const std::map<std::string, std::string>& headers,
                         const std::map<std::string, std::string>& cookies) {
  request.set(bhttp::field::host, host + ":" + std::to_string(port));
  request.set(bhttp::field::user_agent, "lifeline-client");
  bool has_cookie = false;
  for (const auto& [name, value] : headers) {
    request.set(name, value);
    has_cookie = has_cookie || beast::iequals(name, "cookie");
  }
  if (!has_cookie && !cookies.empty()) {
    std::string jar;
    for (const auto& [name, value] : cookies) jar += (jar.empty() ? "" : "; ") + name + "=" + value;
    request.set(bhttp::field::cookie, jar);
  }
}

ClientResponse to_client_response(bhttp::response<bhttp::string_body>&& message,
                                  std::map<std::string, std::string>& jar) {
  ClientResponse out;
  out.status = static_cast<int>(message.result_int());
  for (const auto& field : message) {
    std::string name(sv(field.name_string()));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers[name] = std::string(sv(field.value()));
    if (name == "set-cookie") {
      out.set_cookies.emplace_back(sv(field.value()));
      remember_cookie(jar, sv(field.value()));
    }
  }
  out.body = std::move(message.body());
  return out;
}

class SseStream final : public EventStream {
 public:
  SseStream() : socket_(io_) {}

  tcp::socket& socket() { return socket_; }
  asio::io_context& io() { return io_; }
  void feed(std::string bytes) { pending_ += bytes; }

  Result<Frame> next(std::chrono::milliseconds timeout) override {
    const auto deadline = Clock::now() + timeout;
    while (true) {
      if (auto frame = parse_frame()) return std::move(*frame);
      if (closed_) return Error::unavailable("the event stream was closed by the server");
      std::array<char, 4096> chunk;
      size_t n = 0;
      auto ec = run_until(
          io_, socket_, deadline, [&](auto handler) { socket_.async_read_some(asio::buffer(chunk), handler); }, &n);
      pending_.append(chunk.data(), n);
      if (ec == beast::error::timeout) return Error::unavailable("no event within the timeout");
      if (ec) closed_ = true;
    }
  }

 private:
  // Takes one complete frame off `pending_` (comments and frames without data skipped).
  std::optional<Frame> parse_frame() {
    while (true) {
      size_t newline = pending_.find('\n');
      if (newline == std::string::npos) return std::nullopt;
      std::string line = pending_.substr(0, newline);
      pending_.erase(0, newline + 1);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty()) {
        std::optional<Frame> frame;
        if (has_data_) frame = Frame{current_.event.empty() ? "message" : current_.event, current_.data, current_.id};
        current_ = {};
        has_data_ = false;
        if (frame) return frame;
        continue;
      }
      if (line.front() == ':') continue;
      size_t colon = line.find(':');
      std::string field = line.substr(0, colon);
      std::string value = colon == std::string::npos ? "" : line.substr(colon + 1);
      if (!value.empty() && value.front() == ' ') value.erase(0, 1);
      if (field == "event") current_.event = value;
      if (field == "id") current_.id = value;
      if (field == "data") {
        current_.data += (has_data_ ? "\n" : "") + value;
        has_data_ = true;
      }
    }
  }

  asio::io_context io_;
  tcp::socket socket_;
  std::string pending_;
  Frame current_;
  bool has_data_ = false;
  bool closed_ = false;
};

}  // namespace

nlohmann::json ClientResponse::json() const {
  // A server's answer is input like any other: bounded depth, no NUL.
  auto parsed = parse_json(body, "response", "");
  return parsed ? *parsed : nlohmann::json();
}

struct Client::Impl {
  Impl(std::string h, uint16_t p) : host(std::move(h)), port(p), socket(io) {}

  // One request/response on the open connection. `retry` says whether a
  // failure looks like the server had closed an idle connection.
  Result<ClientResponse> exchange(bhttp::request<bhttp::string_body>& request, bool& retry) {
    retry = false;
    const auto deadline = Clock::now() + kRequestTimeout;
    auto ec = run_until(io, socket, deadline, [&](auto handler) { bhttp::async_write(socket, request, handler); });
    if (!ec) {
      bhttp::response_parser<bhttp::string_body> parser;
      parser.body_limit(std::numeric_limits<std::uint64_t>::max());
      if (request.method() == bhttp::verb::head) parser.skip(true);
      ec = run_until(io, socket, deadline, [&](auto handler) { bhttp::async_read(socket, buffer, parser, handler); });
      if (!ec) {
        auto message = parser.release();
        if (!message.keep_alive()) disconnect();
        return to_client_response(std::move(message), cookies);
      }
      retry = !parser.got_some();
    }
    retry = retry || ec == asio::error::broken_pipe || ec == asio::error::connection_reset;
    retry = retry && ec != beast::error::timeout;
    disconnect();
    return Error::unavailable("request to " + host + ":" + std::to_string(port) + " failed: " + ec.message());
  }

  void disconnect() {
    beast::error_code ignored;
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
    buffer.clear();
  }

  std::string host;
  uint16_t port;
  asio::io_context io;
  tcp::socket socket;
  beast::flat_buffer buffer;
  std::map<std::string, std::string> cookies;
};

Client::Client(std::string host, uint16_t port) : impl_(std::make_unique<Impl>(std::move(host), port)) {}
Client::~Client() = default;

Result<ClientResponse> Client::request(const std::string& method, const std::string& target,
                                       const std::string& body, const std::map<std::string, std::string>& headers) {
  bhttp::request<bhttp::string_body> request;
  request.method_string(method);
  request.target(target);
  request.version(11);
  set_request_headers(request, impl_->host, impl_->port, headers, impl_->cookies);
  request.body() = body;
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") request.prepare_payload();

  bool reused = false, retry = false;
  auto send = [&]() -> Result<ClientResponse> {
    reused = impl_->socket.is_open();
    if (!reused) {
      auto ec = connect(impl_->io, impl_->socket, impl_->host, impl_->port, Clock::now() + kRequestTimeout);
      if (ec) {
        impl_->disconnect();
        return Error::unavailable("cannot connect to " + impl_->host + ":" + std::to_string(impl_->port) + ": " +
                                  ec.message());
      }
    }
    return impl_->exchange(request, retry);
  };
  auto response = send();
  if (response || !reused || !retry) return response;
  return send();  // the server had closed the kept-alive connection: once more on a new one
}

Result<std::unique_ptr<EventStream>> Client::open_events(const std::string& target,
                                                         const std::map<std::string, std::string>& headers) {
  auto stream = std::make_unique<SseStream>();
  const auto deadline = Clock::now() + kRequestTimeout;
  const std::string where = impl_->host + ":" + std::to_string(impl_->port);
  auto ec = connect(stream->io(), stream->socket(), impl_->host, impl_->port, deadline);
  if (ec) return Error::unavailable("cannot connect to " + where + ": " + ec.message());

  bhttp::request<bhttp::string_body> request{bhttp::verb::get, target, 11};
  set_request_headers(request, impl_->host, impl_->port, headers, impl_->cookies);
  request.set(bhttp::field::accept, "text/event-stream");
  ec = run_until(stream->io(), stream->socket(), deadline,
                 [&](auto handler) { bhttp::async_write(stream->socket(), request, handler); });
  if (ec) return Error::unavailable("cannot send to " + where + ": " + ec.message());

  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  ec = run_until(stream->io(), stream->socket(), deadline,
                 [&](auto handler) { bhttp::async_read_header(stream->socket(), buffer, parser, handler); });
  if (ec) return Error::unavailable("no answer from " + where + ": " + ec.message());
  const int status = static_cast<int>(parser.get().result_int());
  if (status != 200) {
    ec = run_until(stream->io(), stream->socket(), deadline,
                   [&](auto handler) { bhttp::async_read(stream->socket(), buffer, parser, handler); });
    auto response = to_client_response(parser.release(), impl_->cookies);
    return Error{code_for_status(status), "HTTP " + std::to_string(status) + ": " + response.body, {}};
  }
  for (const auto& field : parser.get()) {
    if (field.name() == bhttp::field::set_cookie) remember_cookie(impl_->cookies, sv(field.value()));
  }
  // The stream's body is not framed by HTTP (it ends when the connection
  // does): bytes read past the header are its first bytes.
  stream->feed(beast::buffers_to_string(buffer.data()));
  return std::unique_ptr<EventStream>(std::move(stream));
}

void Client::clear_cookies() { impl_->cookies.clear(); }
std::map<std::string, std::string>& Client::cookies() { return impl_->cookies; }

}  // namespace lifeline::http
