// A small synchronous HTTP/1.1 client for tests, the CLI and load scripts.
// Keeps one connection alive and a cookie jar (like a browser would).
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "http/message.h"

namespace lifeline::http {

struct ClientResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-cased names (last value wins)
  std::vector<std::string> set_cookies;
  std::string body;
  nlohmann::json json() const;                 // parsed body; null when not JSON
};

// One open SSE connection.
class EventStream {
 public:
  virtual ~EventStream() = default;
  struct Frame {
    std::string event;  // "message" when the frame names none
    std::string data;
    std::string id;
  };
  // The next frame (comments and keep-alives skipped), or an error on timeout / close.
  virtual Result<Frame> next(std::chrono::milliseconds timeout) = 0;
};

class Client {
 public:
  Client(std::string host, uint16_t port);
  ~Client();

  // Extra headers are sent as given; cookies from earlier responses are sent
  // automatically; reconnects when the server closed the connection.
  Result<ClientResponse> request(const std::string& method, const std::string& target,
                                 const std::string& body = {},
                                 const std::map<std::string, std::string>& headers = {});
  Result<ClientResponse> get(const std::string& target, const std::map<std::string, std::string>& headers = {}) {
    return request("GET", target, {}, headers);
  }

  // Opens an SSE stream on a new connection (sending the jar's cookies) and
  // returns once the response headers arrived; a non-200 answer is an error
  // whose message holds the status and body.
  Result<std::unique_ptr<EventStream>> open_events(const std::string& target,
                                                   const std::map<std::string, std::string>& headers = {});

  void clear_cookies();
  std::map<std::string, std::string>& cookies();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lifeline::http
