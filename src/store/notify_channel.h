// PostgreSQL LISTEN/NOTIFY between the servers of one database: what one
// server sends on a channel, every server listening on it receives (itself
// included), in commit order, while its connection stays up. Two dedicated
// connections, outside the pool: one listens (wait()), one sends (notify()),
// so a listener blocked in wait() never holds up a sender.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/result.h"

namespace lifeline::store {

class NotifyChannel {
 public:
  // PostgreSQL's limit on a payload is 8000 bytes.
  static constexpr size_t kMaxPayload = 7900;

  // Connects twice to `url` and LISTENs on `channel` (letters, digits, '_')
  // followed by the connection's schema, so servers of one schema hear each other.
  static Result<std::unique_ptr<NotifyChannel>> open(const std::string& url, const std::string& channel);
  ~NotifyChannel();
  NotifyChannel(const NotifyChannel&) = delete;
  NotifyChannel& operator=(const NotifyChannel&) = delete;

  // Sends `payload` to every listener; thread-safe. Reconnects once if the
  // connection dropped.
  Status notify(const std::string& payload);
  // Waits up to `timeout` for notifications; empty when none came. When the
  // connection dropped it reconnects and listens again (what was sent in
  // between is lost); an error when it cannot. One thread at a time.
  Result<std::vector<std::string>> wait(std::chrono::milliseconds timeout);

 
  struct Connection;  // one libpq connection (notify_channel.cpp)

 private:
  NotifyChannel(std::string url, std::string channel);
  Status listen();

  const std::string url_, channel_;
  std::unique_ptr<Connection> listener_, sender_;
  std::mutex send_mu_;
};

}  // namespace lifeline::store
