// Caps on live-feed (SSE) streams. A stream holds a connection, a
// subscription and a queue for as long as the client keeps it open, so one
// session must not hold fifty: at most `per_credential` streams per login
// session or API token, `per_user` per user over all their sessions, and
// `total` on the server. Beyond a cap the stream is refused with 429 and
// Retry-After. Thread-safe; a slot is given back when its handle goes.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "core/result.h"
#include "http/message.h"

namespace lifeline::app::api {

class StreamLimits {
 public:
  StreamLimits(int per_credential, int per_user, int total);

  // A slot for one stream of `user_id` on `credential` (credential_key), or 429.
  Result<std::shared_ptr<void>> admit(const std::string& credential, int64_t user_id);
  int open() const;

 private:
  struct Counts {
    std::mutex mutex;
    std::map<std::string, int> by_credential;
    std::map<int64_t, int> by_user;
    int total = 0;
  };
  const int per_credential_, per_user_, total_;
  std::shared_ptr<Counts> counts_ = std::make_shared<Counts>();  // outlives the limits while slots are out
};

// Which login session or API token a request came with (a hash, never the secret).
std::string credential_key(const http::Request& request);

}  // namespace lifeline::app::api
