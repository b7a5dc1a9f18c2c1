// Idempotency-Key (draft-ietf-httpapi-idempotency-key-header): a client that
// retries a POST with the same key gets the first answer back instead of a
// second change. Keys are scoped per principal ("user:7", "link:12") and kept
// 24 hours. The record is written in the SAME write transaction as the change
// it answers for; the store serialises writers (SQLite's single writer, the
// PostgreSQL advisory lock), so look-up-then-insert inside one write
// transaction cannot race:
//
//   LL_TRY(auto key, api::idempotency_key(req));          // in the route
//   ... in the service's write transaction:
//   LL_TRY(auto earlier, idem.find(tx, principal, *key, hash));
//   if (earlier) return *earlier;                           // replay (or 422)
//   ... make the change ...
//   LL_CHECK(idem.remember(tx, principal, *key, hash, 201, body, now));
#pragma once

#include <atomic>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"
#include "http/message.h"
#include "store/database.h"

namespace lifeline::app::api {

inline constexpr size_t kMaxIdempotencyKeyLength = 200;
inline constexpr const char* kIdempotencyHeader = "Idempotency-Key";

// The request's Idempotency-Key header: nullopt when absent; invalid (400,
// naming the header) when empty or longer than 200 characters.
Result<std::optional<std::string>> idempotency_key(const http::Request& request);

// A fingerprint of what was asked: method, path and body (JSON bodies in
// canonical form, so key order and spacing do not matter).
std::string request_fingerprint(const http::Request& request);

// What a key already answered.
struct StoredResponse {
  int status = 0;
  std::string body;           // the JSON body as sent the first time
  bool same_request = true;   // false: the key was used for a different request (answer 422)
};

class Idempotency {
 public:
  // The stored answer for (principal, key), if any.
  Result<std::optional<StoredResponse>> find(store::Tx& tx, const std::string& principal, const std::string& key,
                                             const std::string& fingerprint) const;
  // Records the answer; also drops keys older than 24 hours now and then.
  Status remember(store::Tx& tx, const std::string& principal, const std::string& key,
                  const std::string& fingerprint, int status, const std::string& body, Instant now);
  // Drops keys older than 24 hours.
  Status purge(store::Tx& tx, Instant now);

 private:
  std::atomic<int64_t> last_purge_ms_{0};
};

// The replayed response: same status and body, and `Idempotent-Replayed: true`.
http::Response replay(const StoredResponse& stored);
// 422 problem+json naming the Idempotency-Key header.
http::Response key_reused(const http::Request& request);

}  // namespace lifeline::app::api
